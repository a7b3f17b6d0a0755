"""Validation against hand coding: a stratified coding sample, the coders' sheet, agreement.

    result = framing.score_frames(tokens, "integration_modes", by="doc")
    sample = coding_sample(tokens, result, n=60, by="place", random_state=1)
    write_coding_sheet(sample, "coding.csv")          # coders fill the code_<frame> columns (1/0)
    codes = read_codes("coding.csv")                  # or several coders' files, concatenated
    agreement(result, codes)                          # per frame: P/R/F1 and Cohen's kappa vs the
                                                      # hand codes, Krippendorff's alpha among coders

Krippendorff's alpha (nominal and interval) is implemented here (the ``krippendorff`` package
is GPL-3) after Krippendorff (2011), "Computing Krippendorff's Alpha-Reliability": values are
paired within units through the coincidence matrix, units coded by fewer than two coders drop out.
"""
from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from framing.errors import InputError

#: what a coder may write into a code cell, and what it means (case-insensitive)
TRUE_CODES = frozenset({"1", "1.0", "x", "ja", "j", "yes", "y", "true", "wahr"})
FALSE_CODES = frozenset({"0", "0.0", "nein", "n", "no", "false", "falsch", "-"})
CODE_PREFIX = "code_"


# --------------------------------------------------------------------------------------------
# agreement coefficients
# --------------------------------------------------------------------------------------------
def _is_missing(v: Any) -> bool:
    return v is None or v is pd.NA or (isinstance(v, float) and np.isnan(v)) or (isinstance(v, str) and not v.strip())


def krippendorff_alpha(data: Any, level: str = "nominal") -> float:
    """Krippendorff's alpha of reliability data: rows are coders, columns units (a list of lists,
    an array or a DataFrame); missing values are ``None``/NaN/empty. ``level``: ``"nominal"`` or
    ``"interval"``. Returns NaN when there is no pairable value or no variation at all."""
    if level not in ("nominal", "interval"):
        raise InputError(f"level must be 'nominal' or 'interval', not {level!r}")
    rows = data.to_numpy(dtype=object).tolist() if isinstance(data, pd.DataFrame) else [list(r) for r in data]
    if not rows:
        raise InputError("reliability data has no coders")
    n_units = len(rows[0])
    if any(len(r) != n_units for r in rows):
        raise InputError("every coder needs a value (or a missing value) for every unit")
    units = [[r[j] for r in rows if not _is_missing(r[j])] for j in range(n_units)]
    units = [u for u in units if len(u) >= 2]                 # only pairable values count
    if not units:
        return float("nan")
    values = sorted({v for u in units for v in u}, key=lambda v: (str(type(v)), v))
    index = {v: i for i, v in enumerate(values)}
    V = len(values)
    o = np.zeros((V, V))                                       # coincidence matrix
    for u in units:
        m = len(u)
        counts = np.bincount([index[v] for v in u], minlength=V).astype(float)
        o += (np.outer(counts, counts) - np.diag(counts)) / (m - 1)
    n_c = o.sum(axis=1)
    n = n_c.sum()
    if level == "nominal":
        delta = 1.0 - np.eye(V)
    else:
        x = np.array(values, dtype=float)
        delta = (x[:, None] - x[None, :]) ** 2
    d_o = (o * delta).sum() / n
    d_e = (np.outer(n_c, n_c) * delta).sum() / (n * (n - 1))
    if d_e == 0:
        return float("nan")
    return float(1.0 - d_o / d_e)


def cohen_kappa(a: Sequence[Any], b: Sequence[Any]) -> float:
    """Cohen's kappa of two codings of the same units (pairs with a missing value are dropped);
    NaN when chance agreement is 1 (both coders used one and the same value throughout)."""
    if len(a) != len(b):
        raise InputError(f"the two codings have different lengths ({len(a)} and {len(b)})")
    pairs = [(x, y) for x, y in zip(a, b) if not _is_missing(x) and not _is_missing(y)]
    if not pairs:
        return float("nan")
    labels = sorted({v for p in pairs for v in p}, key=str)
    idx = {v: i for i, v in enumerate(labels)}
    m = np.zeros((len(labels), len(labels)))
    for x, y in pairs:
        m[idx[x], idx[y]] += 1
    n = m.sum()
    p_o = np.trace(m) / n
    p_e = (m.sum(axis=1) @ m.sum(axis=0)) / n ** 2
    if p_e == 1:
        return float("nan")
    return float((p_o - p_e) / (1 - p_e))


# --------------------------------------------------------------------------------------------
# the coding sample
# --------------------------------------------------------------------------------------------
def _doc_table(result: Any, tokens: Any) -> pd.DataFrame:
    """The per-document frame table (rescored by document when ``result`` is grouped)."""
    if result.by == ["doc"]:
        return result.table
    from framing.frames.scoring import score_frames
    from framing.nlp.tokens import Tokens
    if not isinstance(tokens, Tokens):
        raise InputError("the result is not by document (by='doc'); pass Tokens so it can be rescored per document")
    return score_frames(tokens, result.codebook, by="doc", n_boot=0).table


def _texts_from_tokens(table: pd.DataFrame) -> pd.DataFrame:
    """Document texts rebuilt from the tokens (a space wherever the character offsets leave a gap),
    for coders when only Tokens are at hand."""
    t = table[["doc_id", "text", "start_char", "end_char"]]
    nxt = t["start_char"].shift(-1)
    same = t["doc_id"].shift(-1) == t["doc_id"]
    sep = np.where(same & (nxt > t["end_char"]), " ", "")
    piece: pd.Series = t["text"].astype(str) + sep
    out: pd.Series = piece.groupby(t["doc_id"].astype(str), sort=False).agg("".join)
    return pd.DataFrame({"doc_id": out.index.astype(str), "text": out.to_numpy()})


def coding_sample(tokens_or_corpus: Any, result: Any, n: int = 100, *, by: str | None = "place",
                  random_state: int | None = 0, blind: bool = True) -> pd.DataFrame:
    """Documents to code by hand, stratified by group (``by``) and by the instrument's predicted
    (dominant) frame, so that rare frames and small towns are in the sample too.

    Strata get equal shares of ``n`` (a stratum smaller than its share gives its rest to the
    others); ``stratum_size`` and ``sample_weight`` (documents in the stratum per sampled document)
    let estimates be weighted back to the corpus. Columns: ``doc_id``, the ``by`` column, ``title``
    (where present), ``text``, ``sample_weight``, an empty ``code_<frame>`` column per frame and
    ``coder``/``note``. ``blind=True`` (default) leaves the prediction out, so coders are not
    primed; the sample's ``attrs["strata"]`` keeps it. Rows are in random order."""
    from framing.corpus.corpus import Corpus
    from framing.nlp.tokens import Tokens
    if isinstance(tokens_or_corpus, Tokens):
        docs = tokens_or_corpus.docs
        if "text" not in docs.columns:
            docs = docs.assign(doc_id=docs["doc_id"].astype(str)).merge(
                _texts_from_tokens(tokens_or_corpus.table), on="doc_id", how="left")
    elif isinstance(tokens_or_corpus, Corpus):
        docs = tokens_or_corpus.docs
    else:
        raise InputError(f"coding_sample() takes framing Tokens or a Corpus, not {type(tokens_or_corpus).__name__}")
    if n < 1:
        raise InputError(f"n must be at least 1, not {n!r}")
    if "text" not in docs.columns:
        raise InputError("the documents have no 'text' column to show the coders")
    table = _doc_table(result, tokens_or_corpus)
    frames = list(result.codebook.frames)
    pred = table[["doc", "dominant_frame"]].rename(columns={"doc": "doc_id", "dominant_frame": "predicted"})
    pred["doc_id"] = pred["doc_id"].astype(str)
    pred["predicted"] = pred["predicted"].astype(object).where(pred["predicted"].notna(), "(none)")
    d = docs.copy()
    d["doc_id"] = d["doc_id"].astype(str)
    if "title" in d.columns:
        d["title"] = d["title"].astype(object)
    d = d.drop_duplicates("doc_id").merge(pred, on="doc_id", how="inner")
    if by is not None:
        if by not in d.columns:
            raise InputError(f"no document column {by!r} to stratify by; columns: {sorted(docs.columns)}")
        d[by] = d[by].astype(object).where(d[by].notna(), "(none)")
    keys = [by, "predicted"] if by is not None else ["predicted"]
    d = d.sort_values(keys + ["doc_id"], kind="stable").reset_index(drop=True)
    groups = {k: g.index.to_numpy() for k, g in d.groupby(keys, sort=True)}
    sizes = {k: len(v) for k, v in groups.items()}
    # equal allocation with redistribution: water-filling over strata
    take = {k: 0 for k in groups}
    left = min(n, len(d))
    open_ = [k for k in groups]
    while left > 0 and open_:
        share = max(left // len(open_), 1)
        for k in list(open_):
            add = min(share, sizes[k] - take[k], left)
            take[k] += add
            left -= add
            if take[k] >= sizes[k]:
                open_.remove(k)
            if left == 0:
                break
    rng = np.random.default_rng(random_state)
    chosen, weights, stratum = [], [], []
    for k, idx in groups.items():
        if take[k] == 0:
            continue
        pick = rng.choice(idx, size=take[k], replace=False)
        chosen.extend(pick.tolist())
        weights.extend([sizes[k] / take[k]] * take[k])
        stratum.extend([k] * take[k])
    s = d.loc[chosen].copy()
    s["stratum_size"] = [sizes[k] for k in stratum]
    s["sample_weight"] = weights
    s = s.iloc[rng.permutation(len(s))].reset_index(drop=True)
    cols = ["doc_id"] + ([by] if by is not None else []) + [c for c in ("title",) if c in s.columns] + ["text"]
    out = s[cols + (["predicted"] if not blind else []) + ["stratum_size", "sample_weight"]].copy()
    for f in frames:
        out[f"{CODE_PREFIX}{f}"] = pd.Series([pd.NA] * len(out), dtype="object")
    out["coder"] = ""
    out["note"] = ""
    out.attrs["strata"] = s[["doc_id", "predicted"]].set_index("doc_id")["predicted"].to_dict()
    out.attrs["frames"] = frames
    return out


def write_coding_sheet(sample: pd.DataFrame, path: str | Path) -> Path:
    """The coding sample as a spreadsheet: ``.csv`` (UTF-8 with BOM, so Excel reads umlauts) or
    ``.xlsx`` (needs the optional ``openpyxl`` package)."""
    path = Path(path)
    if path.suffix.lower() == ".xlsx":
        try:
            import openpyxl  # noqa: F401
        except ImportError:
            raise InputError("writing .xlsx needs the openpyxl package (pip install openpyxl); "
                             "or write a .csv", path=path) from None
        sample.to_excel(path, index=False)
    elif path.suffix.lower() == ".csv":
        sample.to_csv(path, index=False, encoding="utf-8-sig")
    else:
        raise InputError("a coding sheet is written as .csv or .xlsx", path=path)
    return path


def _code_value(v: Any, path: Path, line: int, col: str) -> Any:
    if _is_missing(v):
        return pd.NA
    s = str(v).strip().lower()
    if s in TRUE_CODES:
        return 1
    if s in FALSE_CODES:
        return 0
    raise InputError(f"column {col!r}: {v!r} is not a code; write 1/x/ja for the frame, 0/nein for "
                     f"not the frame, or leave the cell empty", path=path, line=line)


def read_codes(path: str | Path | Sequence[str | Path]) -> pd.DataFrame:
    """Hand codes from filled coding sheets (CSV or XLSX; a list of files, e.g. one per coder).

    Needs a ``doc_id`` column and one column per frame, named ``code_<frame>`` (as written by
    :func:`write_coding_sheet`) or by the frame itself. Cells: 1/x/ja/yes/true, 0/nein/no/false,
    or empty (not coded). Returns one row per (doc_id, coder) with an integer column per frame
    (``<NA>`` where not coded); ``coder`` is taken from the ``coder`` column, else the file name."""
    paths = [path] if isinstance(path, (str, Path)) else list(path)
    if not paths:
        raise InputError("no coding sheet given")
    out = []
    for p in map(Path, paths):
        if not p.is_file():
            raise InputError("no such coding sheet", path=p)
        if p.suffix.lower() == ".xlsx":
            try:
                df = pd.read_excel(p, dtype=object)
            except ImportError:
                raise InputError("reading .xlsx needs the openpyxl package (pip install openpyxl)", path=p) from None
        else:
            try:
                df = pd.read_csv(p, dtype=object, keep_default_na=False, encoding="utf-8-sig", sep=None,
                                 engine="python")
            except (pd.errors.ParserError, UnicodeDecodeError) as exc:
                raise InputError(f"not a readable CSV file ({exc})", path=p) from None
        df.columns = [str(c).strip() for c in df.columns]
        if "doc_id" not in df.columns:
            raise InputError(f"the coding sheet needs a 'doc_id' column; it has {list(df.columns)}", path=p)
        code_cols = [c for c in df.columns if c.startswith(CODE_PREFIX)]
        if not code_cols:
            meta = {"doc_id", "coder", "note", "text", "title", "stratum_size", "sample_weight", "predicted"}
            code_cols = [c for c in df.columns if c not in meta and df[c].map(
                lambda v: _is_missing(v) or str(v).strip().lower() in TRUE_CODES | FALSE_CODES).all()]
        if not code_cols:
            raise InputError("the coding sheet has no code columns (code_<frame>)", path=p)
        rec = pd.DataFrame({"doc_id": df["doc_id"].astype(str).str.strip()})
        coder = df["coder"].astype(str).str.strip() if "coder" in df.columns else pd.Series([""] * len(df))
        rec["coder"] = coder.where(coder != "", p.stem).to_numpy()
        for c in code_cols:
            name = c[len(CODE_PREFIX):] if c.startswith(CODE_PREFIX) else c
            rec[name] = pd.array([_code_value(v, p, i + 2, c) for i, v in enumerate(df[c])], dtype="Int64")
        empty = rec["doc_id"] == ""
        if empty.any():
            raise InputError("a coded row has no doc_id", path=p, line=int(np.flatnonzero(empty)[0]) + 2)
        dup = rec.duplicated(["doc_id", "coder"])
        if dup.any():
            i = int(np.flatnonzero(dup)[0])
            raise InputError(f"document {rec['doc_id'].iloc[i]!r} coded twice by coder {rec['coder'].iloc[i]!r}",
                             path=p, line=i + 2)
        out.append(rec)
    codes = pd.concat(out, ignore_index=True)
    dup = codes.duplicated(["doc_id", "coder"])
    if dup.any():
        i = int(np.flatnonzero(dup)[0])
        raise InputError(f"document {codes['doc_id'].iloc[i]!r} coded by coder {codes['coder'].iloc[i]!r} in two files")
    return codes


def agreement(result: Any, codes: pd.DataFrame, *, frames: Sequence[str] | None = None,
              tokens: Any = None) -> pd.DataFrame:
    """How well the instrument agrees with the hand codes, per frame (multi-label: a document
    "has" a frame for the instrument when the frame has at least one counted hit in it).

    The reference per document is the coders' majority (a tie leaves the document out for that
    frame). Columns: ``frame``, ``n_docs`` (documents with a reference code), ``n_coders``,
    ``tp``/``fp``/``fn``/``tn``, ``precision``, ``recall``, ``f1``, ``kappa`` (Cohen's, instrument
    vs reference), ``alpha_coders`` (Krippendorff's nominal alpha among the human coders; NaN
    with one coder); a last row ``(macro)`` averages precision, recall, F1 and kappa."""
    if not isinstance(codes, pd.DataFrame) or "doc_id" not in codes.columns:
        raise InputError("codes must be a DataFrame with a doc_id column (from read_codes)")
    table = _doc_table(result, tokens)
    all_frames = list(result.codebook.frames)
    use = list(frames) if frames is not None else [f for f in all_frames if f in codes.columns]
    missing = [f for f in use if f not in all_frames or f not in codes.columns]
    if missing:
        raise InputError(f"frame(s) {missing} are not both in the codebook {all_frames} and in the codes")
    if not use:
        raise InputError(f"the codes have no column for any frame of the codebook {all_frames}")
    known = set(table["doc"].astype(str))
    unknown = sorted(set(codes["doc_id"].astype(str)) - known)
    if unknown:
        raise InputError(f"{len(unknown)} coded document(s) are not in the result, e.g. {unknown[:3]}")
    pred = table.assign(doc=table["doc"].astype(str)).set_index("doc")
    coder = codes["coder"] if "coder" in codes.columns else pd.Series(["coder"] * len(codes))
    rows = []
    for f in use:
        wide = pd.DataFrame({"doc_id": codes["doc_id"].astype(str), "coder": coder.to_numpy(),
                             "v": codes[f].to_numpy()}).pivot(index="doc_id", columns="coder", values="v")
        alpha = krippendorff_alpha(wide.T.to_numpy(dtype=object)) if wide.shape[1] >= 2 else float("nan")
        ones = wide.apply(lambda r: (r == 1).sum(), axis=1)
        zeros = wide.apply(lambda r: (r == 0).sum(), axis=1)
        ref = pd.Series(np.where(ones > zeros, 1, np.where(zeros > ones, 0, -1)), index=wide.index)
        ref = ref[ref >= 0]
        inst = (pred.loc[ref.index, f].to_numpy() > 0).astype(int)
        gold = ref.to_numpy().astype(int)
        tp = int(((inst == 1) & (gold == 1)).sum())
        fp = int(((inst == 1) & (gold == 0)).sum())
        fn = int(((inst == 0) & (gold == 1)).sum())
        tn = int(((inst == 0) & (gold == 0)).sum())
        p = tp / (tp + fp) if tp + fp else float("nan")
        r = tp / (tp + fn) if tp + fn else float("nan")
        f1 = 2 * p * r / (p + r) if tp else (0.0 if (tp + fp) and (tp + fn) else float("nan"))
        rows.append({"frame": f, "n_docs": len(gold), "n_coders": int(wide.shape[1]), "tp": tp, "fp": fp,
                     "fn": fn, "tn": tn, "precision": p, "recall": r, "f1": f1,
                     "kappa": cohen_kappa(inst.tolist(), gold.tolist()), "alpha_coders": alpha})
    out = pd.DataFrame(rows)
    macro = {"frame": "(macro)", "n_docs": int(out["n_docs"].max()), "n_coders": int(out["n_coders"].max())}
    for c in ("tp", "fp", "fn", "tn"):
        macro[c] = int(out[c].sum())
    for c in ("precision", "recall", "f1", "kappa", "alpha_coders"):
        macro[c] = float(out[c].mean()) if out[c].notna().any() else float("nan")
    return pd.concat([out, pd.DataFrame([macro])], ignore_index=True)


__all__ = ["coding_sample", "write_coding_sheet", "read_codes", "agreement", "krippendorff_alpha", "cohen_kappa"]
