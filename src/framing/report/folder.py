"""The analysis output folder as the report reads it: the files :func:`framing.analyze` wrote,
each read only when a section asks for it, and ``None`` where a step did not run."""
from __future__ import annotations

import json
from functools import cached_property
from pathlib import Path
from typing import Any

import pandas as pd

from framing.errors import InputError

#: files of which at least one marks a folder as written by ``framing analyze``
MARKERS = ("analysis.json", "corpus.parquet", "ingest_events.csv")


class AnalysisFolder:
    """Read access to one analysis folder; paths in the report are relative to its root."""

    def __init__(self, root: str | Path) -> None:
        self.root = Path(root)
        if not self.root.is_dir():
            raise InputError(f"{self.root}: no such analysis folder (run `framing analyze SOURCES -o "
                             f"{self.root}` first)")
        if not any((self.root / m).is_file() for m in MARKERS):
            raise InputError(f"{self.root}: not an analysis folder (none of {', '.join(MARKERS)} in it; "
                             "run `framing analyze` to write one)")

    def path(self, rel: str) -> Path | None:
        """The file at ``rel`` below the root, or None where it is absent."""
        p = self.root / rel
        return p if p.is_file() else None

    def has_dir(self, rel: str) -> bool:
        return (self.root / rel).is_dir()

    def glob(self, pattern: str) -> list[Path]:
        """Files matching ``pattern`` below the root, sorted by name."""
        return sorted(p for p in self.root.glob(pattern) if p.is_file())

    def rel(self, path: Path) -> str:
        """``path`` relative to the root, with forward slashes (for links)."""
        return path.relative_to(self.root).as_posix()

    def csv(self, rel: str, **kwargs: Any) -> pd.DataFrame | None:
        """A CSV file of the folder as a table, or None where it is absent."""
        p = self.path(rel)
        if p is None:
            return None
        try:
            return pd.read_csv(p, **kwargs)
        except pd.errors.EmptyDataError:
            return pd.DataFrame()
        except (pd.errors.ParserError, UnicodeDecodeError) as exc:
            raise InputError(f"{p}: cannot read this table ({exc})") from exc

    def text(self, rel: str) -> str | None:
        p = self.path(rel)
        return p.read_text(encoding="utf-8") if p is not None else None

    @cached_property
    def meta(self) -> dict[str, Any]:
        """``analysis.json`` (sources, settings, seconds per step, groups), or {} where absent."""
        p = self.path("analysis.json")
        if p is None:
            return {}
        try:
            return json.loads(p.read_text(encoding="utf-8"))
        except json.JSONDecodeError as exc:
            raise InputError(f"{p}: not valid JSON ({exc})") from exc

    @cached_property
    def by(self) -> str:
        """The grouping column of the analysis (``place`` unless analysis.json says otherwise)."""
        groups = self.meta.get("groups") or {}
        return str(groups.get("by") or (self.meta.get("settings") or {}).get("by") or "place")

    @cached_property
    def corpus(self) -> pd.DataFrame | None:
        """The documents table without its texts (``corpus.parquet``), or None."""
        p = self.path("corpus.parquet")
        if p is None:
            return None
        import pyarrow.parquet as pq

        names = [n for n in pq.read_schema(p).names if n not in ("text", "interjections")]
        return pd.read_parquet(p, columns=names)

    @cached_property
    def tokens(self) -> Any:
        """The annotated tokens (``tokens.parquet``, or the tokens folder ``tokens/`` that
        ``analyze(client=)`` writes, read lazily) as framing Tokens, or None (read once, for
        the KWIC evidence of keyness terms)."""
        p = self.path("tokens.parquet")
        if p is None:
            if self.path("tokens/_framing.json") is not None:
                from framing.nlp.token_parts import PartitionedTokens

                return PartitionedTokens(self.root / "tokens")
            return None
        from framing.nlp.tokens import Tokens

        return Tokens.read_parquet(p)


__all__ = ["MARKERS", "AnalysisFolder"]
