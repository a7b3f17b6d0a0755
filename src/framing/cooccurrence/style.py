"""Visual encoding shared by the Gephi export and the PNG preview: colours and sizes.

One palette for both so that a community has the same colour in the PNG and in Gephi.
"""
from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from typing import Any

#: 20 distinguishable colours (Tableau 20 reordered: strong hues first), RGB 0-255
PALETTE: tuple[tuple[int, int, int], ...] = (
    (31, 119, 180), (255, 127, 14), (44, 160, 44), (214, 39, 40), (148, 103, 189),
    (140, 86, 75), (227, 119, 194), (188, 189, 34), (23, 190, 207), (127, 127, 127),
    (174, 199, 232), (255, 187, 120), (152, 223, 138), (255, 152, 150), (197, 176, 213),
    (196, 156, 148), (247, 182, 210), (219, 219, 141), (158, 218, 229), (199, 199, 199),
)
#: colour of nodes without a category (e.g. no community)
GREY: tuple[int, int, int] = (180, 180, 180)


def category_colours(values: Mapping[Any, Any]) -> dict[Any, tuple[int, int, int]]:
    """Colour per key from its category value: integers index the palette directly (community
    0 is always the first colour), other values by their sorted order; ``None``/``""`` → grey."""
    cats = {v for v in values.values() if v is not None and v != ""}
    if all(isinstance(v, int) and not isinstance(v, bool) for v in cats):
        rank = {v: v for v in cats}
    else:
        rank = {v: k for k, v in enumerate(sorted(cats, key=str))}
    return {key: (PALETTE[rank[v] % len(PALETTE)] if v in rank else GREY) for key, v in values.items()}


def scale(values: Iterable[float], low: float, high: float, *, sqrt: bool = True) -> list[float]:
    """Map values linearly (after a square root by default) onto ``[low, high]``."""
    vals = [max(float(v), 0.0) if v is not None and math.isfinite(float(v)) else 0.0 for v in values]
    if sqrt:
        vals = [math.sqrt(v) for v in vals]
    top = max(vals, default=0.0)
    bottom = min(vals, default=0.0)
    if top <= bottom:
        return [(low + high) / 2.0] * len(vals)
    return [low + (high - low) * (v - bottom) / (top - bottom) for v in vals]


def hex_colour(rgb: tuple[int, int, int]) -> str:
    return "#{:02x}{:02x}{:02x}".format(*rgb)
