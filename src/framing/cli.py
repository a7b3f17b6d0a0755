"""The ``framing`` command: a thin layer over the public API.

    framing ingest SOURCES... -o corpus.parquet
    framing annotate corpus.parquet -o tokens.parquet --backend default
    framing analyze corpora/demo -o out/
    framing models download stanza-de
    framing topics tokens.parquet --engine lda -k 20 --by place -o out/topics
    framing othering speeches.xml --by speaker -o scores.csv --plot index.png
"""
from __future__ import annotations

import argparse
import sys
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


class _DeprecatedSeed(argparse.Action):
    """``--seed N``: the old spelling of ``--random-state N``; still works, says so once."""

    def __call__(self, parser: argparse.ArgumentParser, namespace: argparse.Namespace,
                 values: Any, option_string: str | None = None) -> None:
        if not getattr(namespace, "_seed_warned", False):
            print("framing: --seed is deprecated and will be removed; use --random-state "
                  "(same meaning)", file=sys.stderr)
            namespace._seed_warned = True
        namespace.random_state = values


def _add_random_state(p: argparse.ArgumentParser, help: str) -> None:
    """One spelling for every command: ``--random-state`` (``--seed`` kept as a deprecated alias)."""
    p.add_argument("--random-state", type=int, default=0, help=f"{help} (default 0)")
    p.add_argument("--seed", type=int, dest="random_state", action=_DeprecatedSeed,
                   help="deprecated alias of --random-state")


def _say(args: argparse.Namespace, text: str) -> None:
    if not getattr(args, "quiet", False):
        print(text)


def cmd_ingest(args: argparse.Namespace) -> int:
    from framing.cache import atomic_path
    from framing.corpus.ingest import ingest
    from framing.errors import EmptyCorpusError

    try:
        corpus = ingest(args.sources, format=args.format, clean=not args.no_clean,
                        places=not args.no_places, dedup=not args.no_dedup,
                        progress=not args.quiet, strict=args.strict, **_parse_options(args.option))
    except EmptyCorpusError as exc:  # no corpus file; the events CSV still says why
        if args.report and exc.report is not None:
            Path(args.report).parent.mkdir(parents=True, exist_ok=True)
            exc.report.to_frame().to_csv(args.report, index=False)
        raise
    out = Path(args.output)
    with atomic_path(out) as tmp:  # never a half-written corpus file
        corpus.to_parquet(tmp)
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
                      cache=not args.no_cache, progress=not args.quiet)
    out = tokens.to_parquet(args.output)
    _say(args, annotation_summary(tokens, as_text=True))
    _say(args, f"tokens: {out} ({len(tokens)} tokens)")
    return 0


def cmd_analyze(args: argparse.Namespace) -> int:
    """The main job: ingest → annotate → networks, topics, othering (framing.analyze)."""
    from framing.pipeline import analyze

    analyze(args.sources, args.output, by=args.by, backend=args.backend, profile=args.profile,
            n_process=args.n_process, networks=not args.no_networks, topics=not args.no_topics,
            othering=not args.no_othering, n_topics=args.n_topics, random_state=args.random_state,
            progress=not args.quiet, log=None if args.quiet else print)
    return 0


def cmd_network(args: argparse.Namespace) -> int:
    """Co-occurrence networks (per group) → GEXF, Gephi CSV, PNG, comparison table."""
    import framing
    from framing.cooccurrence.outputs import write_networks

    tokens = framing.Tokens.read_parquet(args.tokens)
    write_networks(tokens, args.gexf, by=args.by, unit=args.unit, window=args.window, measure=args.measure,
                   column=args.column, lowercase=args.lowercase,
                   pos=[p for p in args.pos.split(",") if p] if args.pos else None,
                   min_term_count=args.min_term_count, compounds=args.compounds,
                   within_sentence=args.within_sentence, focus=args.focus or None, radius=args.radius,
                   min_count=args.min_count, top_k=args.top_k or None, alpha=args.alpha,
                   backbone=args.backbone, communities=None if args.communities == "none" else args.communities,
                   png=args.png, graphml=args.graphml, dynamic=args.dynamic, random_state=args.random_state,
                   progress=not args.quiet, log=None if args.quiet else print)
    return 0


def _seed_file(path: str | None) -> dict[str, list[str]] | None:
    """Seed topics from a YAML or JSON file: {label: [term, ...]}."""
    if not path:
        return None
    text = Path(path).read_text(encoding="utf-8")
    if Path(path).suffix.lower() == ".json":
        import json

        data = json.loads(text)
    else:
        import yaml

        data = yaml.safe_load(text)
    if not isinstance(data, dict):
        raise FramingError(f"{path}: seed topics must be a mapping label -> list of terms")
    return {str(k): [str(w) for w in v] for k, v in data.items()}


def cmd_topics(args: argparse.Namespace) -> int:
    """Topic model over annotated tokens → tables, plots and the ANTMN topic network in a folder."""
    import framing
    from framing.topics import write_outputs

    tokens = framing.Tokens.read_parquet(args.tokens)
    terms: dict[str, Any] = {"min_df": args.min_df if args.min_df == "auto" else
                             float(args.min_df) if "." in args.min_df else int(args.min_df),
                             "max_df": float(args.max_df) if "." in args.max_df else int(args.max_df),
                             "bigrams": args.bigrams}
    if args.pos is not None:
        terms["pos"] = [p for p in args.pos.split(",") if p] or None
    settings: dict[str, Any] = {"terms": terms, "random_state": args.random_state, "progress": not args.quiet,
                                "seed_topics": _seed_file(args.seeds)}
    if args.engine == "lda":
        settings.update(n_topics=args.n_topics or 20, passes=args.passes, workers=args.workers)
    else:
        settings.update(n_topics=args.n_topics, embedding_model=args.embedding_model, outliers=args.outliers)
        if args.min_cluster_size:
            settings["min_cluster_size"] = args.min_cluster_size
    model = framing.TopicModel(engine=args.engine, **settings).fit(tokens)
    files = write_outputs(model, args.output, by=args.by or None, freq=args.time,
                          network={"edge": args.edge}, plots=not args.no_plots)
    if args.save_model:
        files["model"] = model.save(Path(args.output) / "model.pkl")
    _say(args, model.topics_[["topic", "label", "size", "share"]].to_string(index=False))
    if model.coherence_overall_ is not None:
        _say(args, "coherence: " + ", ".join(f"{k}={v:.3f}" for k, v in model.coherence_overall_.items()))
    _say(args, f"wrote {len(files)} files to {args.output}/ ({model.n_topics_} topics, "
               f"{len(model.doc_topics_)} documents, {model.fit_time_:.1f} s)")
    return 0


def cmd_othering(args: argparse.Namespace) -> int:
    """Othering vs. recognising naming per unit -> scores CSV, evidence CSV (KWIC), index plot."""
    import framing
    from framing.corpus.corpus import Corpus
    from framing.errors import InputError
    from framing.othering import Lexicon, OtheringScorer

    tokens = corpus = None
    if len(args.sources) == 1 and str(args.sources[0]).endswith(".parquet"):
        try:                                   # a token file from `framing annotate` ...
            tokens = framing.Tokens.read_parquet(args.sources[0])
        except InputError:
            try:                               # ... or a corpus file from `framing ingest`
                corpus = Corpus.read_parquet(args.sources[0])
            except InputError:
                corpus = None                  # ... or any Parquet table: the readers decide
    if tokens is None:
        if corpus is None:
            corpus = framing.read(args.sources, progress=not args.quiet)
        tokens = framing.annotate(corpus.unique(), profile=args.profile, progress=not args.quiet)
    lexicon = Lexicon.from_yaml(args.lexicon) if args.lexicon else Lexicon.default()
    for extra in args.extend or []:
        lexicon = lexicon.extend(extra)
    places = "auto" if not args.places else (None if args.places == ["none"] else args.places)
    scorer = OtheringScorer(lexicon, places=places, ci=args.ci, confidence=args.confidence,
                            count_distanced=args.count_distanced, count_negated=args.count_negated,
                            count_modifiers=args.count_modifiers,
                            count_quoted_speech=not args.no_quoted_speech, random_state=args.random_state)
    by = None if args.by == ["corpus"] else (args.by[0] if len(args.by) == 1 else args.by)
    result = scorer.score(tokens, by=by)
    out = Path(args.output)
    out.parent.mkdir(parents=True, exist_ok=True)
    result.table.to_csv(out, index=False)
    _say(args, f"scores: {out} ({len(result.table)} units by {args.by})")
    evidence = Path(args.evidence) if args.evidence else out.with_name(out.stem + "_evidence.csv")
    result.evidence.to_csv(evidence, index=False)
    _say(args, f"evidence: {evidence} ({len(result.evidence)} matches, "
               f"{int(result.evidence['counted'].sum()) if len(result.evidence) else 0} counted)")
    if args.plot:
        import matplotlib

        matplotlib.use("Agg")
        fig = result.plot(path=args.plot, min_matches=args.min_matches)
        import matplotlib.pyplot as plt

        plt.close(fig)
        _say(args, f"plot: {args.plot}")
    if not args.quiet:
        keys = [c for c in (result.by or ["unit"]) if c in result.table.columns]
        cols = keys + ["n_docs", "othering", "recognition", "othering_index", "ci_low", "ci_high"]
        print(result.table[cols].to_string(index=False, float_format=lambda v: f"{v:.3f}"))
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
    p.add_argument("--n-process", type=int, default=1,
                   help="processes to annotate with (this one and N-1 workers); same output as 1")
    p.add_argument("--no-cache", action="store_true", help="do not reuse or store cached annotations")
    p.add_argument("-q", "--quiet", action="store_true")
    p.set_defaults(func=cmd_annotate)

    p = sub.add_parser("analyze", help="the main job: ingest, annotate, networks, topics, othering into a folder")
    p.add_argument("sources", nargs="+", help="files or folders, e.g. corpora/demo")
    p.add_argument("-o", "--output", default="out", help="output folder (default: out)")
    p.add_argument("--by", default="place", help="compare groups of this document column (default: place)")
    p.add_argument("--backend", default="default")
    p.add_argument("--profile", default=None)
    p.add_argument("--n-process", type=int, default=1)
    p.add_argument("--n-topics", type=int, default=8, help="LDA topics (default 8)")
    p.add_argument("--no-networks", action="store_true")
    p.add_argument("--no-topics", action="store_true")
    p.add_argument("--no-othering", action="store_true")
    _add_random_state(p, "random seed for topics, communities, layouts")
    p.add_argument("-q", "--quiet", action="store_true")
    p.set_defaults(func=cmd_analyze)

    p = sub.add_parser("network", help="co-occurrence networks (per group) for Gephi: GEXF, CSV, PNG")
    p.add_argument("tokens", help="tokens Parquet file (from framing annotate)")
    p.add_argument("--gexf", "-o", default="out/networks", metavar="DIR", help="output folder (default: out/networks)")
    p.add_argument("--unit", choices=["sentence", "document", "window"], default="sentence")
    p.add_argument("--window", type=int, default=5, help="window span in tokens for --unit window (default 5)")
    p.add_argument("--measure", default="npmi", help="edge weight: count, pmi, npmi, g2, dice, log_dice, t, chi2")
    p.add_argument("--by", help="one network per value of a document column (place, outlet, year, month)")
    p.add_argument("--min-count", type=int, default=5, help="minimum pair count for edges and comparisons (default 5)")
    p.add_argument("--min-term-count", type=int, default=1, help="minimum term frequency (default 1)")
    p.add_argument("--top-k", type=int, default=20, help="keep each term's k strongest edges (0 = all; default 20)")
    p.add_argument("--alpha", type=float, default=None, help="keep edges whose association has FDR q < ALPHA")
    p.add_argument("--backbone", type=float, default=None, metavar="ALPHA", help="disparity-filter backbone at ALPHA")
    p.add_argument("--pos", default=None, help="comma-separated UPOS tags to keep, e.g. NOUN,PROPN,ADJ")
    p.add_argument("--column", default="lemma", help="token column to count (default lemma)")
    p.add_argument("--lowercase", action="store_true")
    p.add_argument("--compounds", choices=["keep", "head", "parts"], default="keep")
    p.add_argument("--within-sentence", action="store_true", help="windows do not cross sentence ends")
    p.add_argument("--focus", action="append", default=[], metavar="TERM", help="ego network around TERM (repeatable)")
    p.add_argument("--radius", type=int, default=1, help="steps around --focus terms (default 1)")
    p.add_argument("--communities", choices=["louvain", "leiden", "greedy", "none"], default="louvain")
    p.add_argument("--dynamic", choices=["year", "month"], help="also write a dynamic GEXF with time slices")
    p.add_argument("--png", action="store_true", help="also draw a PNG preview of each network")
    p.add_argument("--graphml", action="store_true", help="also write GraphML")
    _add_random_state(p, "random seed for communities and layouts")
    p.add_argument("-q", "--quiet", action="store_true")
    p.set_defaults(func=cmd_network)

    p = sub.add_parser("models", help="list or download annotation models (needs a network)")
    p.add_argument("action", choices=["download", "list"])
    p.add_argument("name", nargs="?", default="stanza-de")
    p.add_argument("--dir", default=None, help="model folder (default: STANZA_RESOURCES_DIR or Stanza's)")
    p.add_argument("-q", "--quiet", action="store_true")
    p.set_defaults(func=cmd_models)

    p = sub.add_parser("topics", help="topic model (LDA or BERTopic): topics by place and time, ANTMN frames")
    p.add_argument("tokens", help="tokens Parquet file (from framing annotate)")
    p.add_argument("--engine", choices=["lda", "bertopic"], default="lda")
    p.add_argument("-k", "--n-topics", type=int, default=None,
                   help="number of topics (LDA default 20; BERTopic: reduce to at most k, default: as found)")
    p.add_argument("--by", default="place", help="group documents by this column (default: place; '' for none)")
    p.add_argument("--time", default="year", choices=["year", "quarter", "month"], help="period for topics over time")
    p.add_argument("-o", "--output", default="out/topics", help="output folder (default: out/topics)")
    _add_random_state(p, "random seed of the topic model")
    p.add_argument("--pos", default=None, help="parts of speech to keep, comma-separated (default NOUN,PROPN,ADJ)")
    p.add_argument("--min-df", default="auto",
                   help="minimum documents per term (int), share (float) or auto (0.5 %% of documents, 2 to 20)")
    p.add_argument("--max-df", default="0.5", help="maximum documents per term (int) or share (float)")
    p.add_argument("--bigrams", action="store_true", help="join frequent bigrams (gensim Phrases)")
    p.add_argument("--seeds", default=None, help="YAML/JSON file {label: [terms]} of seed topics")
    p.add_argument("--passes", type=int, default=10, help="LDA passes over the corpus")
    p.add_argument("--workers", type=int, default=1, help="LDA worker processes (>1: not bit-reproducible)")
    p.add_argument("--embedding-model", default="tfidf",
                   help="BERTopic embeddings: tfidf (offline default) or a local sentence-transformers folder")
    p.add_argument("--min-cluster-size", type=int, default=None, help="BERTopic/HDBSCAN smallest topic")
    p.add_argument("--outliers", default=None, choices=["c-tf-idf", "embeddings", "distributions"],
                   help="BERTopic: assign outlier documents to topics with this strategy")
    p.add_argument("--edge", default="correlation", choices=["cosine", "correlation", "cooccurrence"],
                   help="topic network edges (default: positive correlations; ANTMN's published code: cosine)")
    p.add_argument("--save-model", action="store_true", help="also save the fitted model (model.pkl)")
    p.add_argument("--no-plots", action="store_true")
    p.add_argument("-q", "--quiet", action="store_true")
    p.set_defaults(func=cmd_topics)
    p = sub.add_parser("othering", help="score othering vs. recognising naming of newcomers per unit")
    p.add_argument("sources", nargs="+", help="tokens .parquet (framing annotate), a corpus, or files/folders to read")
    p.add_argument("--by", nargs="+", default=["doc"],
                   help="unit: doc, speaker, party, outlet, place, year, genre, any document column, "
                        "several columns, or corpus (default: doc)")
    p.add_argument("-o", "--output", required=True, help="scores CSV to write")
    p.add_argument("--evidence", help="evidence (KWIC) CSV (default: <output>_evidence.csv)")
    p.add_argument("--plot", help="PNG/SVG/PDF of the othering index by unit with CI")
    p.add_argument("--places", nargs="+", help="places whose demonyms count (default: from the place metadata; 'none')")
    p.add_argument("--lexicon", help="lexicon YAML replacing the shipped one")
    p.add_argument("--extend", action="append", help="lexicon YAML with entries to add (repeatable)")
    p.add_argument("--ci", default="wilson", choices=["wilson", "bootstrap", "none"])
    p.add_argument("--confidence", type=float, default=0.95)
    _add_random_state(p, "random seed of the bootstrap")
    p.add_argument("--count-distanced", action="store_true", help="count scare-quoted/'sogenannt'/mentioned terms")
    p.add_argument("--count-negated", action="store_true", help="count negated terms")
    p.add_argument("--count-modifiers", action="store_true", help="count compound modifiers (Flüchtlingsunterkunft)")
    p.add_argument("--no-quoted-speech", action="store_true", help="leave out matches inside longer quotations")
    p.add_argument("--min-matches", type=int, default=1, help="plot only units with at least this many counted matches")
    p.add_argument("--profile", default=None, help="annotation profile when reading sources (fast or full)")
    p.add_argument("-q", "--quiet", action="store_true")
    p.set_defaults(func=cmd_othering)
    _add_frames_parser(sub)
    return parser


# -- `framing frames` (frames/ room; kept in its own block) ------------------------------------
def cmd_frames(args: argparse.Namespace) -> int:
    """Codebook frame scoring per unit -> frames.csv, evidence.csv, profile.csv, codebook.yaml."""
    import framing
    from framing.errors import InputError

    tokens = None
    if len(args.sources) == 1 and str(args.sources[0]).endswith(".parquet"):
        try:
            tokens = framing.Tokens.read_parquet(args.sources[0])
        except InputError:
            tokens = None
    if tokens is None:
        corpus = framing.read(args.sources, progress=not args.quiet)
        tokens = framing.annotate(corpus.unique(), profile=args.profile, progress=not args.quiet)
    by = None if args.by == ["corpus"] else (args.by[0] if len(args.by) == 1 else args.by)
    result = framing.score_frames(tokens, args.codebook, by=by, n_boot=args.n_boot, random_state=args.random_state)
    paths = result.to_csv(args.output)
    if args.plot:
        import matplotlib.pyplot as plt
        ax = result.plot()
        ax.figure.tight_layout()
        ax.figure.savefig(Path(args.output) / "frames.png", dpi=120)
        plt.close(ax.figure)
        paths["plot"] = Path(args.output) / "frames.png"
    _say(args, result.profile().to_string(index=False) if result.by and result.by != ["doc"] else repr(result))
    _say(args, f"wrote {len(paths)} files to {args.output}/")
    return 0


def _add_frames_parser(sub: Any) -> None:
    p = sub.add_parser("frames", help="score codebook frames per unit: shares, intervals, evidence (KWIC)")
    p.add_argument("sources", nargs="+", help="tokens .parquet (framing annotate) or files/folders to read")
    p.add_argument("--codebook", default="integration_modes",
                   help="shipped codebook name (integration_modes, rmfv) or a YAML file")
    p.add_argument("--by", nargs="+", default=["doc"], help="unit: doc, sentence, place, outlet, year, any "
                   "document column, several, or corpus (default: doc)")
    p.add_argument("-o", "--output", required=True, help="folder to write frames.csv, evidence.csv, profile.csv")
    p.add_argument("--n-boot", type=int, default=1000, help="bootstrap resamples for share intervals")
    _add_random_state(p, "random seed of the bootstrap")
    p.add_argument("--plot", action="store_true", help="also write frames.png")
    p.add_argument("--profile", default=None, help="annotation profile when reading sources (fast or full)")
    p.add_argument("-q", "--quiet", action="store_true")
    p.set_defaults(func=cmd_frames)


#: Exit statuses of the ``framing`` command (documented in docs/guide/corpus.md).
EXIT_OK = 0
#: Bad input or arguments: a missing file, no documents at all, a malformed option
#: (argparse's own usage errors use 2 as well).
EXIT_INPUT = 2
EXIT_INTERRUPTED = 130


def main(argv: list[str] | None = None) -> int:
    """Run the ``framing`` command; returns the exit status (0 success, 2 bad input or usage —
    one line on stderr says why —, 130 interrupted; an unexpected error ends with a traceback
    and status 1)."""
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return args.func(args)
    except FramingError as exc:
        message = " ".join(str(exc).split())  # one line, whatever a file name holds
        print(f"framing {args.command}: error: {message}", file=sys.stderr)
        return EXIT_INPUT
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return EXIT_INTERRUPTED


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
