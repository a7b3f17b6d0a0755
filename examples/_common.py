"""What the examples share: the command line (--corpus, --out, --option, --quiet), the demo corpus.

Not part of the library; each example imports it from its own folder (``python examples/X.py``
puts examples/ on the import path).
"""
from __future__ import annotations

import argparse
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

os.environ.setdefault("HF_HUB_OFFLINE", "1")   # the examples never download anything
os.environ.setdefault("MPLBACKEND", "Agg")      # figures go to files, no window


def demo_corpus() -> Path | None:
    """The shipped demo corpus (``corpora/demo``): beside this folder in a checkout, or beside the
    package in an editable install; ``None`` when neither exists (a plain ``pip install``)."""
    candidates = [Path(__file__).resolve().parents[1] / "corpora" / "demo"]
    try:
        import framing
        candidates.append(Path(framing.__file__).resolve().parents[2] / "corpora" / "demo")
    except ImportError:  # pragma: no cover - the example then fails at its own import of framing
        pass
    return next((c for c in candidates if c.is_dir()), None)


def parse_args(name: str, doc: str, argv: list[str] | None = None,
               extra: Callable[[argparse.ArgumentParser], None] | None = None) -> argparse.Namespace:
    """``--corpus`` (default: the demo corpus), ``--out`` (default: ./NAME, created), ``--option
    KEY=VALUE`` (reader options, as ``args.read_options`` for ``framing.read(..., options=)``) and
    ``--quiet``; ``extra`` adds an example's own options."""
    ap = argparse.ArgumentParser(prog=f"{name}.py", description=doc.strip().splitlines()[0],
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    demo = demo_corpus()
    ap.add_argument("--corpus", type=Path, default=demo, required=demo is None,
                    help="folder or files of your corpus (default: the shipped demo corpus, corpora/demo)")
    ap.add_argument("--out", type=Path, default=Path.cwd() / name,
                    help=f"folder for the results (default: ./{name} in the current directory)")
    ap.add_argument("--option", action="append", default=[], metavar="KEY=VALUE", dest="read_options",
                    help="reader option for framing.read, repeatable: --option header=none for a CSV "
                         "without header row, --option text_col=body (as `framing ingest --option`)")
    ap.add_argument("-q", "--quiet", action="store_true", help="no progress bars and no printed tables")
    if extra is not None:
        extra(ap)
    args = ap.parse_args(argv)
    options = {}
    for pair in args.read_options:
        key, sep, value = pair.partition("=")
        if not sep:
            ap.error(f"--option needs KEY=VALUE, got {pair!r}")
        options[key.strip().replace("-", "_")] = value
    args.read_options = options
    args.out.mkdir(parents=True, exist_ok=True)
    return args


def grouping_options(ap: argparse.ArgumentParser, default: str | None = "place", what: str = "groups") -> None:
    """``--by`` (the document column whose groups are compared) and ``--min-docs``."""
    ap.add_argument("--by", default=default,
                    help=f"document column that names the {what} (default: {default or 'place, else outlet'})")
    ap.add_argument("--min-docs", type=int, default=5,
                    help="groups with fewer documents are pooled into '(other)', documents without a value "
                         "form '(none)', as in `framing analyze` (default: 5)")


def pool(tokens: Any, by: str, min_docs: int, say: Callable[..., None]) -> tuple[Any, list[str]]:
    """``framing.compare.pool_groups``: small groups of ``by`` pooled into "(other)" (a town
    with one article would otherwise be a 100 % bar); returns the tokens and the named groups."""
    from framing.compare import pool_groups

    tokens, info = pool_groups(tokens, by, min_docs)
    if info.pooled:
        say(f"{len(info.pooled)} {by} values with fewer than {min_docs} documents pooled into '(other)' "
            f"({info.n_docs.get('(other)', 0)} documents)")
    return tokens, [g for g in info.n_docs if g not in ("(other)", "(none)")]


def printer(quiet: bool) -> Callable[..., None]:
    """``print`` unless ``--quiet``."""
    return (lambda *a, **k: None) if quiet else print


def slug(name: object) -> str:
    """A file-name part for a group name: "Essen-Hörsterfeld" -> "essen-hoersterfeld"."""
    import re

    text = str(name).lower().translate(str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss"}))
    return re.sub(r"[^a-z0-9]+", "-", text).strip("-") or "group"


def kwic_text(table: Any, label_cols: list[str], width: int = 40, n: int = 8) -> str:
    """The first ``n`` rows of an evidence table as keyword-in-context lines: the label columns,
    then the end of the left context, the match in brackets and the start of the right context
    (``to_string(max_colwidth=...)`` would cut the left context at the wrong end)."""
    rows = [row._asdict() for row in table.head(n).itertuples(index=False)]
    labels = [" | ".join(str(r[c]) for c in label_cols) for r in rows]
    pad = max(map(len, labels), default=0)
    lines = []
    for r, label in zip(rows, labels):
        left, right = " ".join(str(r["left"]).split()), " ".join(str(r["right"]).split())
        left = ("…" + left[-width:]) if len(left) > width else left
        right = (right[:width] + "…") if len(right) > width else right
        gap = "" if right[:1] in tuple(".,;:!?)") else " "
        lines.append(f"  {label:<{pad}}  {left:>{width + 1}} [{r['match']}]{gap}{right}")
    return "\n".join(lines)
