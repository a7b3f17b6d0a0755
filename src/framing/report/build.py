"""``build_report``: read an analysis folder and write its self-contained ``report.html``."""
from __future__ import annotations

from pathlib import Path

from framing.report import html as h
from framing.report.assets import css
from framing.report.folder import AnalysisFolder
from framing.report.sections import SECTIONS, header


def build_report(outdir: str | Path) -> Path:
    """Write the HTML report of the analysis folder ``outdir`` (what :func:`framing.analyze`
    wrote) to ``outdir/report.html`` and return its path.

    The page opens from disk without a server or network: figures and styles are inlined, the
    CSV and GEXF files are linked by paths relative to ``outdir``. Sections whose step did not
    run say so. Raises :class:`framing.errors.InputError` when ``outdir`` is not an analysis
    folder.
    """
    folder = AnalysisFolder(outdir)
    target = folder.root / "report.html"
    sections = [make(folder) for make in SECTIONS]
    document = h.page(f"framing report: {folder.root.name}", header(folder), sections, css())
    tmp = target.with_name(target.name + ".tmp")
    tmp.write_text(document, encoding="utf-8")
    tmp.replace(target)
    return target


__all__ = ["build_report"]
