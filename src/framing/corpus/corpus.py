"""The Corpus: a documents table (pandas) with the verbs a researcher needs."""
from __future__ import annotations

import warnings
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from framing.corpus.report import IngestReport
from framing.corpus.schema import CORE_COLUMNS, normalise_docs
from framing.errors import InputError, ParameterError
from framing.grouping import group_keys


@dataclass(frozen=True)
class Document:
    """One document: id, text and all other columns as ``meta``."""

    doc_id: str
    text: str
    meta: dict[str, Any] = field(default_factory=dict)

    def __getattr__(self, name: str) -> Any:
        try:
            return self.meta[name]
        except KeyError:
            raise AttributeError(name) from None


class Corpus:
    """A collection of documents backed by one pandas DataFrame (see :mod:`framing.corpus.schema`).

    Every verb returns a new Corpus; the table itself is available as :attr:`docs` (a copy via
    :meth:`to_pandas`). ``report`` holds the :class:`IngestReport` when the corpus was ingested.
    """

    def __init__(self, docs: pd.DataFrame, report: IngestReport | None = None) -> None:
        self._setup(normalise_docs(docs), report)

    @classmethod
    def _adopt(cls, docs: pd.DataFrame, report: IngestReport | None = None) -> "Corpus":
        """A Corpus over a table nobody else holds (ingest's own): its list cells are taken
        over instead of copied (see :func:`framing.corpus.schema.normalise_docs`)."""
        corpus = cls.__new__(cls)
        corpus._setup(normalise_docs(docs, own_lists=True), report)
        return corpus

    def _setup(self, docs: pd.DataFrame, report: IngestReport | None) -> None:
        dup = docs["doc_id"][docs["doc_id"].duplicated()]
        if len(dup):
            raise InputError(f"doc_id values must be unique; repeated: {sorted(set(dup))[:5]}")
        if docs["doc_id"].isna().any():
            raise InputError("every document needs a doc_id")
        self._docs = docs
        self.report = report if report is not None else IngestReport()

    # -- construction ------------------------------------------------------------------------
    @classmethod
    def from_texts(cls, texts: Iterable[str], doc_ids: Sequence[str] | None = None,
                   **metadata: Any) -> "Corpus":
        """Build a corpus from strings; each metadata keyword is a scalar or one value per text.

        A ``date`` is parsed as :func:`framing.read` parses it (see :meth:`from_frame`); the
        text is used as given (no cleaning, place tagging or duplicate marking).

        >>> Corpus.from_texts(["Die Stadt hilft.", "Altena wächst."], place=["Essen", "Altena"])
        <Corpus: 2 documents, 2 places>
        """
        texts = list(texts)
        n = len(texts)
        if doc_ids is None:
            doc_ids = [f"doc{i:0{max(4, len(str(n)))}d}" for i in range(n)]
        elif len(doc_ids) != n:
            raise InputError(f"doc_ids has {len(doc_ids)} values for {n} texts")
        data: dict[str, Any] = {"doc_id": list(doc_ids), "text": texts}
        for key, value in metadata.items():
            if isinstance(value, (str, bytes)) or not isinstance(value, Iterable):
                data[key] = [value] * n
            else:
                values = list(value)
                if len(values) != n:
                    raise InputError(f"metadata {key!r} has {len(values)} values for {n} texts")
                data[key] = values
        if "source" not in data:
            data["source"] = ["<from_texts>"] * n
        frame = pd.DataFrame(data)
        report = _parse_dates(frame, "<from_texts>")
        return cls(frame, report)

    @classmethod
    def from_frame(cls, df: pd.DataFrame, *, text_col: str = "text", id_col: str | None = None,
                   **column_map: str) -> "Corpus":
        """Build a corpus from any DataFrame; ``column_map`` maps core names to your columns,
        e.g. ``Corpus.from_frame(df, text_col="body", date_col="published")`` or ``date="published"``.

        What it does to the table: renames the mapped columns, makes ``doc_id`` strings (numbering
        the rows when there is no id column), parses ``date`` exactly as :func:`framing.read`
        does (German day-first: ``"12.03.2016"`` is 12 March; doubtful dates are reported in
        ``corpus.report`` and with a warning), and gives the core columns their types. It does
        **not** clean the text, tag places or mark duplicates: write the frame to Parquet/CSV and
        use :func:`framing.read` for those, or clean with :class:`framing.Cleaner` first.
        """
        if text_col not in df.columns:
            raise InputError(f"no text column {text_col!r}; columns are {list(df.columns)}")
        renames = {text_col: "text"}
        for key, col in column_map.items():
            target = key[:-4] if key.endswith("_col") else key
            if col not in df.columns:
                raise InputError(f"no column {col!r} for {target!r}; columns are {list(df.columns)}")
            renames[col] = target
        if id_col is not None:
            renames[id_col] = "doc_id"
        out = df.rename(columns=renames)
        if "doc_id" not in out.columns:
            out = out.assign(doc_id=[f"doc{i:06d}" for i in range(len(out))])
        out["doc_id"] = out["doc_id"].astype(str)
        report = _parse_dates(out, "<from_frame>")
        return cls(out, report)

    @classmethod
    def read_parquet(cls, path: str | Path) -> "Corpus":
        """Load a corpus saved with :meth:`to_parquet`."""
        path = Path(path)
        if not path.exists():
            raise InputError("no such file", path=path)
        try:
            df = pd.read_parquet(path)
        except Exception as exc:  # pyarrow raises several types for corrupt files
            raise InputError(f"not a readable Parquet file ({exc.__class__.__name__}: {exc})",
                             path=path) from None
        if "doc_id" not in df.columns or "text" not in df.columns:
            raise InputError("not a framing corpus: needs columns doc_id and text", path=path)
        return cls(df)

    @classmethod
    def concat(cls, corpora: Iterable["Corpus"]) -> "Corpus":
        """Concatenate corpora (doc_ids must stay unique); reports are merged."""
        corpora = list(corpora)
        report = IngestReport()
        for c in corpora:
            report.merge(c.report)
        if not corpora:
            return cls(pd.DataFrame(columns=list(CORE_COLUMNS)))
        return cls(pd.concat([c._docs for c in corpora], ignore_index=True), report)

    # -- output ------------------------------------------------------------------------------
    def to_parquet(self, path: str | Path) -> Path:
        path = Path(path)
        path.parent.mkdir(parents=True, exist_ok=True)
        self._docs.to_parquet(path, index=False)
        return path

    def to_pandas(self) -> pd.DataFrame:
        """A copy of the documents table."""
        return self._docs.copy()

    @property
    def docs(self) -> pd.DataFrame:
        """The documents table (treat as read-only; use the verbs or :meth:`to_pandas`)."""
        return self._docs

    # -- container protocol ------------------------------------------------------------------
    def __len__(self) -> int:
        return len(self._docs)

    def __iter__(self) -> Iterator[Document]:
        cols = [c for c in self._docs.columns if c not in ("doc_id", "text")]
        names = list(self._docs.columns)   # plain tuples: itertuples renames columns that are not identifiers
        for row in self._docs.itertuples(index=False, name=None):
            d = dict(zip(names, row))
            yield Document(d["doc_id"], d["text"], {c: d[c] for c in cols})

    def __getitem__(self, key: str | int) -> Document:
        if isinstance(key, str):
            hits = self._docs.index[self._docs["doc_id"] == key]
            if not len(hits):
                raise KeyError(key)
            key = int(hits[0])
        row = self._docs.iloc[key]
        meta = {c: row[c] for c in self._docs.columns if c not in ("doc_id", "text")}
        return Document(row["doc_id"], row["text"], meta)

    def __add__(self, other: "Corpus") -> "Corpus":
        return Corpus.concat([self, other])

    def __repr__(self) -> str:
        places = self._docs["place"].dropna().nunique()
        return f"<Corpus: {len(self)} documents, {places} places>"

    @property
    def texts(self) -> pd.Series:
        return self._docs["text"]

    @property
    def doc_ids(self) -> list[str]:
        return self._docs["doc_id"].tolist()

    @property
    def year(self) -> pd.Series:
        return self._docs["date"].dt.year.astype("Int64")

    # -- verbs -------------------------------------------------------------------------------
    def _subset(self, mask: Any) -> "Corpus":
        sub = Corpus.__new__(Corpus)
        sub._docs = self._docs[mask].reset_index(drop=True)
        sub.report = self.report
        return sub

    def filter(self, mask: pd.Series | Callable[[pd.DataFrame], pd.Series] | None = None,
               **equals: Any) -> "Corpus":
        """Keep documents where ``mask`` is true and every ``column=value`` matches
        (a list/set value means "one of"), e.g. ``corpus.filter(place="Altena", year=2016)``.
        """
        df = self._docs
        keep = pd.Series(True, index=df.index)
        if mask is not None:
            m = mask(df) if callable(mask) else mask
            keep &= pd.Series(m, index=df.index).fillna(False).astype(bool)
        return self._subset(keep.to_numpy() & self._equals_mask(equals))

    def _equals_mask(self, equals: dict[str, Any]) -> np.ndarray:
        """Rows where every ``column=value`` of :meth:`filter` matches."""
        df = self._docs
        keep = pd.Series(True, index=df.index)
        for col, value in equals.items():
            series = self.year if col == "year" else df.get(col)
            if series is None:
                raise InputError(f"no column {col!r}; columns are {list(df.columns)}")
            if isinstance(value, (list, tuple, set, frozenset)):
                keep &= series.isin(list(value)).fillna(False).astype(bool)
            else:
                keep &= (series == value).fillna(False).astype(bool)
        return keep.to_numpy(dtype=bool)

    def query(self, expr: str) -> "Corpus":
        """Filter with a pandas query string, e.g. ``"place == 'Essen' and date >= '2016'"``."""
        return self._subset(np.asarray(self._docs.eval(expr), dtype=bool))

    def unique(self) -> "Corpus":
        """The corpus without documents marked as near-duplicates."""
        if "is_duplicate" not in self._docs.columns:
            return self
        return self._subset(~self._docs["is_duplicate"].to_numpy(dtype=bool))

    def sample(self, n: int | None = None, frac: float | None = None,
               random_state: int | None = None) -> "Corpus":
        """A random sample of documents (reproducible with ``random_state``)."""
        idx = self._docs.sample(n=n, frac=frac, random_state=random_state).index
        return self._subset(self._docs.index.isin(idx))

    def _group_keys(self, by: str | Sequence[str]) -> list[pd.Series]:
        """Group values per document through the shared ``by`` resolver (:mod:`framing.grouping`)."""
        keys = group_keys(self._docs, by)
        if keys.shape[1] == 0:
            raise ParameterError(f"by must name a document column, got {by!r}")
        return [keys[c] for c in keys.columns]

    def groupby(self, by: str | Sequence[str]) -> Iterator[tuple[Any, "Corpus"]]:
        """Iterate ``(key, sub-corpus)`` by one or more columns (the ``by`` of every instrument,
        see :mod:`framing.grouping`); ``"year"``/``"quarter"``/``"month"`` derive from ``date``.
        Documents with a missing key are left out (as in pandas)."""
        for key, frame in self._docs.groupby(self._group_keys(by), sort=True, dropna=True):
            yield (key[0] if isinstance(key, tuple) and len(key) == 1 else key), self._subset(
                self._docs.index.isin(frame.index))

    def summary(self, by: str | Sequence[str] = ("place", "year")) -> pd.DataFrame:
        """Documents and words per group (default: per place and year)."""
        words = self._docs["text"].str.count(r"\S+")
        return (pd.DataFrame({"documents": 1, "words": words})
                .groupby(self._group_keys(by), dropna=False).sum()
                .astype("int64"))


def _parse_dates(frame: pd.DataFrame, source: str) -> IngestReport:
    """Parse ``frame["date"]`` in place as ``read`` does; doubtful dates → the returned report
    (one warning per row, ``record`` = the row's 1-based position) and one Python warning."""
    report = IngestReport()
    if "date" not in frame.columns:
        return report
    from framing.corpus.dates import parse_dates

    parsed, problems = parse_dates(frame["date"])
    frame["date"] = parsed.to_numpy()
    if problems:
        ids = frame["doc_id"].tolist() if "doc_id" in frame.columns else None
        for pos, problem in problems:
            report.warn(source, pos + 1, problem, None if ids is None else str(ids[pos]))
        missing = sum(1 for pos, _ in problems if pd.isna(parsed.iloc[pos]))
        warnings.warn(f"{source}: {len(problems)} doubtful date(s), {missing} kept missing, e.g. row "
                      f"{problems[0][0] + 1}: {problems[0][1]} (all in corpus.report)", stacklevel=3)
    return report
