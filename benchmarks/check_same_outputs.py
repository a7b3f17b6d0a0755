"""Save the tables of co-occurrence, term selection, frames, othering and KWIC on the demo corpus
and on real GNAD articles, and compare two such saves: proof that a refactoring left every
result identical.

    PYTHONPATH=/path/to/old/src python benchmarks/check_same_outputs.py save /tmp/out-old
    PYTHONPATH=src python benchmarks/check_same_outputs.py save /tmp/out-new
    python benchmarks/check_same_outputs.py compare /tmp/out-old /tmp/out-new

The tokens are annotated once and kept as Parquet files in ``--tokens-dir`` (default
``/tmp/framing-same-outputs``), so both saves read the very same tokens. GNAD:
``../shared/data/gnad-dev/articles.csv`` (no header row; skipped where absent).
"""
from __future__ import annotations

import argparse
import pickle
import sys
from pathlib import Path
from typing import Any

import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
GNAD = ROOT.parent / "shared/data/gnad-dev/articles.csv"


def _tokens(name: str, tokens_dir: Path) -> Any:
    import framing
    from framing.nlp.tokens import Tokens

    path = tokens_dir / f"{name}.parquet"
    if not path.exists():
        if name == "demo":
            corpus = framing.read(ROOT / "corpora/demo", progress=False).unique()
        else:
            g = pd.read_csv(GNAD, sep=";", quotechar="'", header=None, names=["label", "text"])
            corpus = framing.Corpus.from_frame(g)
        tokens_dir.mkdir(parents=True, exist_ok=True)
        framing.annotate(corpus, progress=False).to_parquet(path)
    return Tokens.read_parquet(path)


def outputs(tokens: Any) -> dict[str, Any]:
    """Every table the integer encodings feed, by name."""
    import framing
    from framing.nlp.terms import select_terms
    from framing.othering import OtheringScorer

    out: dict[str, Any] = {}
    settings = {
        "window5": dict(unit="window", window=5),
        "sentence": dict(unit="sentence"),
        "doc_lower_parts": dict(unit="document", lowercase=True, compounds="parts", min_count=2),
        "merge_head_pos": dict(unit="sentence", lowercase="merge", compounds="head", pos="auto",
                               stopwords_extra=["Stadt"], min_df=2),
        "text_column": dict(unit="window", window=3, column="text", stopwords=False),
    }
    for name, kw in settings.items():
        c = framing.cooccurrence(tokens, progress=False, **kw)
        out[f"cooc/{name}"] = c.to_frame(("count", "npmi", "g2"))
        out[f"cooc/{name}/vocab"] = list(c.vocab)
        if len(c.vocab) >= 2:
            a, b = out[f"cooc/{name}"].sort_values(["count", "source", "target"], ascending=[False, True, True]
                                                   ).iloc[0][["source", "target"]]
            out[f"cooc/{name}/pair_evidence"] = c.pair_evidence(a, b, top_n=None)
        kw_sel = {k: v for k, v in kw.items() if k not in ("unit", "window")}
        sel = select_terms(tokens, **kw_sel)
        out[f"select/{name}"] = (sel.ids.tolist(), list(sel.vocab), sel.doc.tolist(), sel.sent.tolist(),
                                 sel.position.tolist(), list(sel.doc_ids))
    view = tokens.ids()
    out["ids"] = (view.ids.tolist(), list(view.vocab), view.doc_index.tolist(), view.sent_index.tolist(),
                  view.position.tolist(), list(view.doc_ids))
    for cb in ("integration_modes", "rmfv"):
        r = framing.score_frames(tokens, cb, by="doc")
        out[f"frames/{cb}/table"] = r.table
        out[f"frames/{cb}/evidence"] = r.evidence
        out[f"frames/{cb}/place"] = framing.score_frames(tokens, cb, by="place" if "place" in tokens.docs
                                                         else None).table
    r = OtheringScorer().score(tokens, by="doc")
    out["othering/table"] = r.table
    out["othering/evidence"] = r.evidence
    out["kwic"] = framing.kwic(tokens, ["Flüchtling", "Stadt*"])
    return out


def save(outdir: Path, tokens_dir: Path) -> None:
    outdir.mkdir(parents=True, exist_ok=True)
    names = ["demo"] + (["gnad"] if GNAD.exists() else [])
    for name in names:
        res = outputs(_tokens(name, tokens_dir))
        with open(outdir / f"{name}.pkl", "wb") as fh:
            pickle.dump(res, fh)
        print(f"{name}: {len(res)} outputs saved")


def compare(a: Path, b: Path) -> int:
    bad = 0
    for pa_ in sorted(a.glob("*.pkl")):
        with open(pa_, "rb") as fh:
            old = pickle.load(fh)
        with open(b / pa_.name, "rb") as fh:
            new = pickle.load(fh)
        if set(old) != set(new):
            print(f"{pa_.stem}: different outputs {set(old) ^ set(new)}")
            bad += 1
        for key in sorted(set(old) & set(new)):
            x, y = old[key], new[key]
            try:
                if isinstance(x, pd.DataFrame):
                    pd.testing.assert_frame_equal(x, y, check_exact=True)
                    size = f"{len(x)} rows"
                else:
                    assert x == y
                    size = f"{len(x[0]) if isinstance(x, tuple) else len(x)} items"
                print(f"{pa_.stem} {key}: identical ({size})")
            except AssertionError as exc:
                bad += 1
                print(f"{pa_.stem} {key}: DIFFERENT {str(exc)[:300]}")
    print("all identical" if not bad else f"{bad} differences")
    return 1 if bad else 0


if __name__ == "__main__":
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("mode", choices=["save", "compare"])
    ap.add_argument("dirs", nargs="+", type=Path)
    ap.add_argument("--tokens-dir", type=Path, default=Path("/tmp/framing-same-outputs"))
    a = ap.parse_args()
    if a.mode == "save":
        save(a.dirs[0], a.tokens_dir)
    else:
        sys.exit(compare(a.dirs[0], a.dirs[1]))
