"""Visual encoding shared by the Gephi export and the PNG preview: colours and sizes.

One palette for both so that a community has the same colour in the PNG and in Gephi.
"""
from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable, Mapping
from typing import Any

#: 18 distinguishable colours (Tableau 20 without its two greys, strong hues first), RGB 0-255.
#: Grey is kept for "other" (communities beyond the palette) and "no category", so a grey node
#: never looks like a community of its own.
PALETTE: tuple[tuple[int, int, int], ...] = (
    (31, 119, 180), (255, 127, 14), (44, 160, 44), (214, 39, 40), (148, 103, 189),
    (140, 86, 75), (227, 119, 194), (188, 189, 34), (23, 190, 207),
    (174, 199, 232), (255, 187, 120), (152, 223, 138), (255, 152, 150), (197, 176, 213),
    (196, 156, 148), (247, 182, 210), (219, 219, 141), (158, 218, 229),
)
#: colour of nodes without a category (e.g. no community)
GREY: tuple[int, int, int] = (180, 180, 180)


def category_ranks(values: Mapping[Any, Any]) -> dict[Any, int]:
    """Rank of each category (0 = first colour): integers keep their value (communities are
    numbered largest first), other values are ranked by how many keys carry them, then by name."""
    cats = [v for v in values.values() if v is not None and v != ""]
    if all(isinstance(v, int) and not isinstance(v, bool) for v in cats):
        return {v: v for v in set(cats)}
    counts = Counter(cats)
    return {v: k for k, v in enumerate(sorted(counts, key=lambda c: (-counts[c], str(c))))}


def category_colours(values: Mapping[Any, Any], max_colours: int = len(PALETTE)
                     ) -> dict[Any, tuple[int, int, int]]:
    """Colour per key from its category value (ranked by :func:`category_ranks`): the first
    ``max_colours`` categories get distinct palette colours, the rest ("other") and
    ``None``/``""`` get :data:`GREY` — colours never repeat."""
    limit = min(max_colours, len(PALETTE))
    rank = category_ranks(values)
    return {key: (PALETTE[rank[v]] if v in rank and rank[v] < limit else GREY) for key, v in values.items()}


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
