"""Inline assets of the report: figures as ``data:`` URIs (PNG, or SVG where the analysis wrote
one), the style sheet from the package resources. Nothing is fetched when the page opens."""
from __future__ import annotations

import base64
import html
import struct
from functools import lru_cache
from importlib import resources
from pathlib import Path

MIME = {".png": "image/png", ".svg": "image/svg+xml"}


@lru_cache(maxsize=1)
def css() -> str:
    """The report's style sheet (``framing/resources/report/report.css``)."""
    return resources.files("framing").joinpath("resources/report/report.css").read_text(encoding="utf-8")


def png_size(path: Path) -> tuple[int, int] | None:
    """Width and height from a PNG's header (None for other files)."""
    with open(path, "rb") as fh:
        head = fh.read(24)
    if head[:8] != b"\x89PNG\r\n\x1a\n" or head[12:16] != b"IHDR":
        return None
    width, height = struct.unpack(">II", head[16:24])
    return int(width), int(height)


def data_uri(path: Path) -> str:
    """The file as a base64 ``data:`` URI."""
    mime = MIME.get(path.suffix.lower(), "application/octet-stream")
    return f"data:{mime};base64,{base64.b64encode(path.read_bytes()).decode('ascii')}"


def image(path: Path, alt: str) -> str:
    """An ``<img>`` with the figure inlined; the SVG beside a PNG (same stem) is preferred
    because it stays sharp when zoomed. Width and height come from the PNG so the page does
    not jump while it renders."""
    svg = path.with_suffix(".svg")
    png = path.with_suffix(".png")
    shown = svg if svg.is_file() else path
    size = png_size(png) if png.is_file() else None
    dims = f' width="{size[0]}" height="{size[1]}"' if size else ""
    return f'<img src="{data_uri(shown)}" alt="{html.escape(alt)}"{dims} loading="eager">'


__all__ = ["css", "data_uri", "image", "png_size"]
