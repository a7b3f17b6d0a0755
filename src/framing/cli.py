"""The ``framing`` command: a thin layer over the public API.

    framing ingest SOURCES... -o corpus.parquet
    framing annotate corpus.parquet -o tokens.parquet --backend default
    framing analyze corpora/demo -o out/
    framing models download stanza-de
"""
from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path
from typing import Any

from framing.errors import FramingError


def _parse_options(pairs: list[str]) -> dict[str, Any]:
    options: dict[str, Any] = {}
    for pair in pairs:
        key, sep, value = pair.partition("=")
        if not sep:
            raise FramingError(f"--option needs KEY=VALUE, got {pair!r}")
        options[key.strip().replace("-", "_")] = value
    return options


def _say(args: argparse.Namespace, text: str) -> None:
    if not getattr(args, "quiet", False):
        print(text)


def cmd_ingest(args: argparse.Namespace) -> int:
    from framing.corpus.ingest import ingest

    corpus = ingest(args.sources, format=args.format, clean=not args.no_clean,
                    places=not args.no_places, dedup=not args.no_dedup,
                    progress=not args.quiet, strict=args.strict, **_parse_options(args.option))
    out = corpus.to_parquet(args.output)
    _say(args, corpus.report.to_text())
    if args.report:
        corpus.report.to_frame().to_csv(args.report, index=False)
        _say(args, f"report: {args.report}")
    _say(args, f"corpus: {out} ({len(corpus)} documents)")
    return 0


def cmd_annotate(args: argparse.Namespace) -> int:
    from framing.corpus.corpus import Corpus
    from framing.nlp.annotate import annotate, annotation_summary

    corpus = Corpus.read_parquet(args.corpus)
    tokens = annotate(corpus, backend=args.backend, profile=args.profile, n_process=args.n_process,
                      cache=False if args.no_cache else True, progress=not args.quiet)
    out = tokens.to_parquet(args.output)
    _say(args, str(annotation_summary(tokens)))
    _say(args, f"tokens: {out} ({len(tokens)} tokens)")
    return 0


def cmd_analyze(args: argparse.Namespace) -> int:
    """The main job: ingest → annotate → tables in an output folder."""
    from framing.corpus.ingest import ingest
    from framing.nlp.annotate import annotate, annotation_summary

    outdir = Path(args.output)
    outdir.mkdir(parents=True, exist_ok=True)
    t0 = time.perf_counter()
    corpus = ingest(args.sources, progress=not args.quiet)
    corpus.to_parquet(outdir / "corpus.parquet")
    (outdir / "ingest_report.txt").write_text(corpus.report.to_text(max_rows=10_000) + "\n", encoding="utf-8")
    corpus.report.to_frame().to_csv(outdir / "ingest_events.csv", index=False)
    summary = corpus.summary(by=["place", "year"])
    summary.to_csv(outdir / "summary_place_year.csv")
    _say(args, corpus.report.to_text())
    _say(args, "\nDocuments and words by place and year:\n" + summary.to_string())

    tokens = annotate(corpus.unique(), backend=args.backend, profile=args.profile,
                      n_process=args.n_process, progress=not args.quiet)
    tokens.to_parquet(outdir / "tokens.parquet")
    ann = annotation_summary(tokens)
    (outdir / "annotation_summary.txt").write_text(str(ann) + "\n", encoding="utf-8")
    _say(args, "\nAnnotation:\n" + str(ann))
    _say(args, f"\nwrote {outdir}/ in {time.perf_counter() - t0:.1f} s")
    return 0


def cmd_models(args: argparse.Namespace) -> int:
    from framing.nlp import models

    if args.action == "download":
        path = models.download(args.name, resources_dir=args.dir)
        _say(args, f"downloaded {args.name} to {path}")
    else:
        for name, present in models.available(resources_dir=args.dir).items():
            print(f"{name}\t{'present' if present else 'missing'}")
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="framing", description=__doc__.splitlines()[0])
    from framing import __version__

    parser.add_argument("--version", action="version", version=f"framing {__version__}")
    sub = parser.add_subparsers(dest="command", required=True)

    p = sub.add_parser("ingest", help="read sources into a corpus Parquet file, with a report")
    p.add_argument("sources", nargs="+", help="files or folders")
    p.add_argument("-o", "--output", required=True, help="corpus Parquet file to write")
    p.add_argument("--format", help="force a reader (nexis, genios, factiva, csv, tsv, jsonl, parquet, html, text)")
    p.add_argument("--option", action="append", default=[], metavar="KEY=VALUE",
                   help="reader option, e.g. --option text_col=body (repeatable)")
    p.add_argument("--no-clean", action="store_true", help="skip text cleaning")
    p.add_argument("--no-places", action="store_true", help="skip place tagging")
    p.add_argument("--no-dedup", action="store_true", help="skip near-duplicate marking")
    p.add_argument("--strict", action="store_true", help="stop at the first unreadable file")
    p.add_argument("--report", help="also write every ingest event to this CSV")
    p.add_argument("-q", "--quiet", action="store_true", help="no progress bar, no report")
    p.set_defaults(func=cmd_ingest)

    p = sub.add_parser("annotate", help="tokenise, lemmatise and tag a corpus")
    p.add_argument("corpus", help="corpus Parquet file (from framing ingest)")
    p.add_argument("-o", "--output", required=True, help="tokens Parquet file to write")
    p.add_argument("--backend", default="default", help="default (offline) or stanza")
    p.add_argument("--profile", default=None, help="fast (lemmas) or full (with POS); default backend only")
    p.add_argument("--n-process", type=int, default=1, help="worker processes")
    p.add_argument("--no-cache", action="store_true", help="do not reuse or store cached annotations")
    p.add_argument("-q", "--quiet", action="store_true")
    p.set_defaults(func=cmd_annotate)

    p = sub.add_parser("analyze", help="the main job: ingest, annotate and summarise into a folder")
    p.add_argument("sources", nargs="+", help="files or folders, e.g. corpora/demo")
    p.add_argument("-o", "--output", default="out", help="output folder (default: out)")
    p.add_argument("--backend", default="default")
    p.add_argument("--profile", default=None)
    p.add_argument("--n-process", type=int, default=1)
    p.add_argument("-q", "--quiet", action="store_true")
    p.set_defaults(func=cmd_analyze)

    p = sub.add_parser("models", help="list or download annotation models (needs a network)")
    p.add_argument("action", choices=["download", "list"])
    p.add_argument("name", nargs="?", default="stanza-de")
    p.add_argument("--dir", default=None, help="model folder (default: STANZA_RESOURCES_DIR or Stanza's)")
    p.add_argument("-q", "--quiet", action="store_true")
    p.set_defaults(func=cmd_models)
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return args.func(args)
    except FramingError as exc:
        print(f"framing {args.command}: error: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
