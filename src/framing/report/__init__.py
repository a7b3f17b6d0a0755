"""The static HTML report of an analysis folder (``framing report OUTDIR``,
``framing.build_report(outdir)``): one self-contained page, opens from disk.

Modules: ``folder`` (reading the analysis outputs), ``sections`` (one function per section),
``html`` (escaping, formats, tables, evidence boxes, the page), ``assets`` (inlined figures and
CSS), ``build`` (:func:`build_report`).
"""
from __future__ import annotations

from framing.report.build import build_report

__all__ = ["build_report"]
