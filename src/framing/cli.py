"""The ``framing`` command: a thin layer over the public API.

    framing ingest SOURCES... -o corpus.parquet      (or -o corpus/: partitioned, streamed)
    framing annotate corpus.parquet -o tokens.parquet --backend default   (corpus/ -o tokens/)
    framing analyze corpora/demo -o out/
    framing models download stanza-de
    framing topics tokens.parquet --engine lda -k 20 --by place -o out/topics
    framing othering speeches.xml --by speaker -o scores.csv --plot index.png
    framing report out/
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from framing.errors import FramingError, ParameterError, check_positive


def _parse_options(pairs: list[str]) -> dict[str, Any]:
    options: dict[str, Any] = {}
    for pair in pairs:
        key, sep, value = pair.partition("=")
        if not sep:
            raise FramingError(f"--option needs KEY=VALUE, got {pair!r}")
        options[key.strip().replace("-", "_")] = value
    return options


class _DeprecatedFlag(argparse.Action):
    """An old flag name (``--seed``, ``--workers``, ``--top-k``, ``--min-term-count`` of ``network``):
    still works for one release, says once which flag replaces it."""

    def __init__(self, option_strings: list[str], dest: str, new: str = "", **kwargs: Any) -> None:
        self.new = new
        super().__init__(option_strings, dest, **kwargs)

    def __call__(self, parser: argparse.ArgumentParser, namespace: argparse.Namespace,
                 values: Any, option_string: str | None = None) -> None:
        warned = getattr(namespace, "_deprecated_warned", set())
        if option_string not in warned:
            print(f"framing: {option_string} is deprecated and will be removed; use {self.new} "
                  "(same meaning)", file=sys.stderr)
            namespace._deprecated_warned = warned | {option_string}
        setattr(namespace, self.dest, values)


def _deprecated(p: argparse.ArgumentParser, old: str, new: str, dest: str, type: Any = int) -> None:
    """Register ``old`` as a deprecated alias of the flag ``new`` (same ``dest``)."""
    p.add_argument(old, type=type, dest=dest, action=_DeprecatedFlag, new=new, help=f"deprecated alias of {new}")


def _add_term_flags(p: argparse.ArgumentParser, *, min_count_default: int | None = 1,
                    min_df_default: str = "1", pos_help: str = "", matcher: bool = False) -> None:
    """The term-selection flags, one spelling for every command (docs/reference/parameters.md,
    framing.nlp.terms): --pos, --stopwords, --stopwords-extra, --stopwords-remove, --compounds,
    the term frequency and --min-df. ``matcher``: the defaults of the lexicon matchers
    (``othering``, ``frames``): no stopwords, compound head and modifier matches."""
    p.add_argument("--pos", default=None, help="parts of speech to keep, comma-separated, e.g. NOUN,PROPN,ADJ"
                   + (f" ({pos_help})" if pos_help else ""))
    p.add_argument("--stopwords", default=None, metavar="FILE",
                   help="the stopword list used: a file, one word a line, '#' comments; 'none' keeps stopwords, "
                        "'flag' is the is_stop flag set at annotation (default: "
                        + ("none)" if matcher else "flag)"))
    p.add_argument("--stopwords-extra", default="", metavar="WORD,...", help="words added to the stopword list")
    p.add_argument("--stopwords-remove", default="", metavar="WORD,...", help="words taken from the stopword list")
    p.add_argument("--compounds", choices=["keep", "head", "parts"], default="parts" if matcher else "keep",
                   help="count a compound as itself (no head/modifier matches), its head or its parts (default "
                        + ("parts)" if matcher else "keep)"))
    p.add_argument("--min-count", dest="min_count", type=int, default=min_count_default,
                   help="minimum term frequency in tokens (default 1)")
    p.add_argument("--min-df", default=min_df_default,
                   help=f"minimum documents per term (int), share (float) or auto (0.5 %% of documents, 2 to 20; "
                        f"default {min_df_default})")
    p.set_defaults(term_matcher=matcher)


def _number(value: str) -> int | float | str:
    """A --min-df/--max-df value: 'auto', a share (with a point) or a count."""
    return value if value == "auto" else float(value) if "." in value else int(value)


def _term_settings(args: argparse.Namespace) -> dict[str, Any]:
    """The keyword arguments of the term selector from the flags of :func:`_add_term_flags`."""
    from framing.errors import InputError

    words = lambda text: [w.strip() for w in text.split(",") if w.strip()]  # noqa: E731
    stopwords: Any = False if getattr(args, "term_matcher", False) else None
    if args.stopwords and args.stopwords.lower() == "none":
        stopwords = False
    elif args.stopwords and args.stopwords.lower() == "flag":
        stopwords = None
    elif args.stopwords:
        try:
            text = Path(args.stopwords).read_text(encoding="utf-8")
        except OSError as exc:
            raise InputError(f"--stopwords: cannot read {args.stopwords}: {exc}") from None
        stopwords = [w for line in text.splitlines() if (w := line.split("#", 1)[0].strip())]
    out: dict[str, Any] = {"stopwords": stopwords, "stopwords_extra": words(args.stopwords_extra),
                           "stopwords_remove": words(args.stopwords_remove), "compounds": args.compounds,
                           "min_count": 1 if args.min_count is None else args.min_count,
                           "min_df": _number(args.min_df)}
    if args.pos is not None:
        out["pos"] = words(args.pos) or None
    return out


def _add_random_state(p: argparse.ArgumentParser, help: str) -> None:
    """One spelling for every command: ``--random-state`` (``--seed`` kept as a deprecated alias)."""
    p.add_argument("--random-state", type=int, default=0, help=f"{help} (default 0)")
    _deprecated(p, "--seed", "--random-state", "random_state")


def _say(args: argparse.Namespace, text: str) -> None:
    if not getattr(args, "quiet", False):
        print(text)


# -- sources: every command takes folders, files, a corpus Parquet or a tokens Parquet --------
_TOKEN_COMMANDS = "framing topics, framing network, framing frames or framing othering"


def source_kind(sources: list[str]) -> str:
    """``"tokens"`` (a file or partitioned folder from ``framing annotate``), ``"corpus"`` (a
    Parquet table with ``doc_id`` and ``text``, e.g. from ``framing ingest``, or a partitioned
    corpus folder) or ``"files"`` (anything to read)."""
    if len(sources) == 1 and Path(sources[0]).is_dir():
        from framing.corpus.partitioned import read_manifest

        fmt = str(read_manifest(sources[0]).get("format", ""))
        return {"framing-corpus": "corpus", "framing-tokens": "tokens"}.get(fmt, "files")
    if len(sources) != 1 or not str(sources[0]).lower().endswith(".parquet") or not Path(sources[0]).is_file():
        return "files"
    import pyarrow.parquet as pq

    from framing.nlp.tokens import _META_KEY

    try:
        schema = pq.read_schema(sources[0])
    except Exception:  # not Parquet after all: the readers report it
        return "files"
    if _META_KEY in (schema.metadata or {}):
        return "tokens"
    return "corpus" if {"doc_id", "text"} <= set(schema.names) else "files"


def _wrong_kind(command: str, source: str, kind: str) -> FramingError:
    """The one-line error for a source of the wrong kind, naming the command to run instead."""
    if kind == "tokens":
        return FramingError(f"{source} holds annotated tokens (from framing annotate), which `framing "
                            f"{command}` does not take: run {_TOKEN_COMMANDS} on it instead")
    return FramingError(f"{source} is a corpus, which `framing {command}` does not take: "
                        f"run `framing annotate {source} -o tokens.parquet` instead")


def load_corpus(args: argparse.Namespace, sources: list[str]) -> Any:
    """The corpus of ``sources``: a corpus Parquet file is loaded, anything else is read."""
    import framing

    kind = source_kind(sources)
    if kind == "tokens":
        raise _wrong_kind(args.command, sources[0], kind)
    if kind == "corpus":  # a file in memory, a partitioned folder lazily
        return framing.read_parquet(sources[0])
    return framing.read(sources, progress=not args.quiet)


def load_tokens(args: argparse.Namespace, sources: list[str]) -> Any:
    """The tokens of ``sources``: a tokens Parquet file is loaded; a corpus or files are read
    and annotated first (``--profile`` where the command has it)."""
    import framing

    if source_kind(sources) == "tokens":  # a file in memory, a partitioned folder lazily
        return framing.read_tokens(sources[0])
    corpus = load_corpus(args, sources)
    return framing.annotate(corpus.unique(), profile=getattr(args, "profile", None), progress=not args.quiet)


def _add_scheduler(p: argparse.ArgumentParser) -> None:
    """``--scheduler``: run the per-document stages as Dask tasks (docs/guide/scale.md)."""
    p.add_argument("--scheduler", default=None,
                   help="run the per-document stages (annotate; in analyze also frames and othering) as "
                        "Dask tasks: a scheduler address (tcp://host:8786), or 'local' for a local cluster "
                        "of --n-process worker processes (needs framing-lokal[dask])")


def _client(args: argparse.Namespace) -> Any:
    """The Dask client that ``--scheduler`` asks for, or None."""
    if not getattr(args, "scheduler", None):
        return None
    from framing.scale.cluster import get_client

    if args.scheduler == "local":
        return get_client(n_process=args.n_process)
    return get_client(scheduler=args.scheduler)


def cmd_ingest(args: argparse.Namespace) -> int:
    from framing.cache import atomic_path
    from framing.corpus.ingest import ingest
    from framing.corpus.partitioned import is_dataset_path
    from framing.errors import EmptyCorpusError

    if source_kind(args.sources) == "tokens":
        raise _wrong_kind("ingest", args.sources[0], "tokens")
    out = Path(args.output)
    folder = is_dataset_path(out)  # a folder (any name without .parquet): streamed partitions
    stream: dict[str, Any] = ({"output": out, "rows_per_file": args.rows_per_file,
                               "partition_by": None if args.partition_by == "none" else args.partition_by}
                              if folder else {})
    try:
        corpus = ingest(args.sources, format=args.format, clean=not args.no_clean,
                        places=not args.no_places, dedup=not args.no_dedup,
                        progress=not args.quiet, strict=args.strict, options=_parse_options(args.option),
                        **stream)
    except EmptyCorpusError as exc:  # no corpus file; the events CSV still says why
        if args.report and exc.report is not None:
            Path(args.report).parent.mkdir(parents=True, exist_ok=True)
            exc.report.to_frame().to_csv(args.report, index=False)
        raise
    if not folder:
        with atomic_path(out) as tmp:  # never a half-written corpus file
            corpus.to_parquet(tmp)
    _say(args, corpus.report.to_text())
    if args.report:
        corpus.report.to_frame().to_csv(args.report, index=False)
        _say(args, f"report: {args.report}")
    parts = f" in {len(corpus.parts)} part files" if folder else ""
    _say(args, f"corpus: {out} ({len(corpus)} documents{parts})")
    return 0


def cmd_annotate(args: argparse.Namespace) -> int:
    import framing
    from framing.corpus.partitioned import is_dataset_path
    from framing.nlp.annotate import annotate, annotation_summary

    corpus = load_corpus(args, args.sources)  # a partitioned folder is annotated part by part
    folder = is_dataset_path(args.output)
    client = _client(args)
    try:
        if client is not None and folder:  # each worker writes its part's tokens
            from framing.scale.annotate import annotate_to_parquet

            annotate_to_parquet(corpus, args.output, client, backend=args.backend, profile=args.profile,
                                compounds=True, progress=not args.quiet)
            tokens = framing.read_tokens(args.output)
        else:
            tokens = annotate(corpus, backend=args.backend, profile=args.profile, n_process=args.n_process,
                              cache=not args.no_cache, progress=not args.quiet,
                              output=args.output if folder else None, client=client)
    finally:
        if client is not None:
            client.close()
    out = Path(args.output) if folder else tokens.to_parquet(args.output)
    _say(args, annotation_summary(tokens, as_text=True))
    _say(args, f"tokens: {out} ({len(tokens)} tokens)")
    return 0


#: ``framing analyze`` flags → settings of framing.analyze (flags left out keep the config's value)
_ANALYZE_FLAGS = ("by", "min_group_size", "random_state", "backend", "profile", "n_process", "engine",
                  "n_topics", "codebook", "n_boot")
_ANALYZE_STEPS = ("topics", "networks", "frames", "othering", "comparison", "report")


def cmd_analyze(args: argparse.Namespace) -> int:
    """The main job: ingest → annotate → topics, networks, frames, othering, comparison, report."""
    import logging

    from framing.pipeline import analyze

    kind = source_kind(args.sources)
    if kind == "tokens":
        raise _wrong_kind("analyze", args.sources[0], kind)
    if not args.quiet:
        handler = logging.StreamHandler(sys.stderr)
        handler.setFormatter(logging.Formatter("%(message)s"))
        log = logging.getLogger("framing")
        log.addHandler(handler)
        log.setLevel(logging.INFO)
    overrides = {k: getattr(args, k) for k in _ANALYZE_FLAGS if getattr(args, k, None) is not None}
    overrides.update({step: False for step in _ANALYZE_STEPS if getattr(args, f"no_{step}")})
    if args.option:
        overrides["options"] = _parse_options(args.option)
    client = _client(args)
    try:
        result = analyze(args.sources, args.output, config=args.config or "framing.toml", force=args.force,
                         progress=not args.quiet, client=client, **overrides)
    finally:
        if not args.quiet:
            log.removeHandler(handler)
        if client is not None:
            client.close()
    if not args.quiet:
        _print_analysis(result)
    return 0


def _print_analysis(result: Any) -> None:
    """The tables a user reads after ``framing analyze``, from the files in the output folder."""
    import pandas as pd

    out = result.outdir
    files = {k: Path(p) for k, p in result.files.items()}
    fmt = {"float_format": lambda v: f"{v:.2f}", "index": False}
    for key, title in (("ingest_report", None), ("annotation_summary", "Annotation")):
        if key in files and files[key].is_file():
            text = files[key].read_text(encoding="utf-8").rstrip()
            print(text if title is None else f"\n{title}:\n{text}")
    if "groups" in files:
        by = result.groups.get("by", "")
        print(f"\nGroups by {by} (min. {result.groups.get('min_group_size')} documents):")
        print(pd.read_csv(files["groups"], keep_default_na=False).to_string(index=False))
    if "topics.topics" in files:
        print("\nTopics:\n" + pd.read_csv(files["topics.topics"])[["topic", "label", "size"]].to_string(index=False))
    if "frames.profile" in files:
        cols = ["dominant", "share", "low", "high", "runner_up", "runner_up_share", "clear"]
        prof = pd.read_csv(files["frames.profile"], keep_default_na=False)   # a place may be named "NA"
        for c in ("share", "low", "high", "runner_up_share"):     # empty where a unit has no interval
            if c in prof:
                prof[c] = pd.to_numeric(prof[c], errors="coerce")
        print("\nFraming profile:\n" + prof[[c for c in prof.columns if c not in cols][:1]
                                             + ["n_docs"] + [c for c in cols if c in prof.columns]].to_string(**fmt))
    for key in sorted(k for k in files if k.startswith("othering.") and k.count(".") == 1
                      and files[k].suffix == ".csv" and not k.endswith("_evidence")):
        table = pd.read_csv(files[key])
        cols = [c for c in table.columns if c in ("place", "party", "outlet", result.groups.get("by"))][:1] + \
            [c for c in ("n_docs", "othering", "recognition", "othering_index", "ci_low", "ci_high",
                        "othering_balance", "othering_per_1k") if c in table]
        print(f"\nOthering ({key.split('.', 1)[1].replace('_', ' ')}):\n" + table[cols].to_string(**fmt))
    if result.reused:
        print(f"\nReused from an earlier run: {', '.join(result.reused)} (--force reruns them)")
    print("\nSeconds per step: " + ", ".join(f"{k} {v}" for k, v in result.seconds.items()))
    print(f"Wrote {out}/ (analysis.json lists every file)")


def cmd_network(args: argparse.Namespace) -> int:
    """Co-occurrence networks (per group) → GEXF, Gephi CSV, PNG, comparison table."""
    from framing.networks.outputs import write_networks

    tokens = load_tokens(args, args.sources)
    terms, min_pair_count = _network_counts(args)
    write_networks(tokens, args.gexf, by=args.by, unit=args.unit, window=args.window, measure=args.measure,
                   column=args.column, lowercase=args.lowercase, **terms,
                   within_sentence=args.within_sentence, focus=args.focus or None, radius=args.radius,
                   min_pair_count=min_pair_count, top_n_per_node=args.top_n or None, alpha=args.alpha,
                   backbone=args.backbone, communities=None if args.communities == "none" else args.communities,
                   png=args.png, graphml=args.graphml, dynamic=args.dynamic, random_state=args.random_state,
                   progress=not args.quiet, log=None if args.quiet else print,
                   label_frames=args.label_frames, label_dimension=args.label_dimension)
    return 0


def _network_counts(args: argparse.Namespace) -> tuple[dict[str, Any], int]:
    """The term settings and the pair count of ``framing network``.

    ``--min-count`` is the term frequency, as in ``topics``; until this release it was the pair
    count here (now ``--min-pair-count``) and the term frequency was ``--min-term-count`` (now a
    deprecated alias). A command line in the old vocabulary (``--min-count`` beside
    ``--min-term-count`` or ``--top-k``, no ``--min-pair-count``) keeps its old meaning, with a
    notice; ``--min-count`` alone gets a notice that says what it means now."""
    old_terms = getattr(args, "min_term_count", None)
    min_pair = args.min_pair_count
    count = args.min_count
    if count is not None and min_pair is None:
        if old_terms is not None or "--top-k" in getattr(args, "_deprecated_warned", set()):
            print("framing: --min-count beside --min-term-count/--top-k is read as the old pair count "
                  "(deprecated); write --min-pair-count for pairs and --min-count for the term frequency",
                  file=sys.stderr)
            min_pair, count = count, old_terms
        else:
            print("framing: --min-count of framing network is now the minimum term frequency (as in framing "
                  "topics); until this release it was the pair count, which is --min-pair-count (default 5). "
                  "Give --min-pair-count as well to silence this notice", file=sys.stderr)
    elif count is None:
        count = old_terms
    args.min_count = count
    return _term_settings(args), 5 if min_pair is None else min_pair


def _seed_file(path: str | None, dimension: str | None = None) -> Any:
    """Seed topics from a YAML or JSON file {label: [term, ...]}, or a codebook (a shipped name
    such as integration_modes, or a codebook YAML file): one seed topic per frame."""
    if not path:
        return None
    from framing.frames.codebook import Codebook
    if path in Codebook.shipped() or (Path(path).suffix.lower() in (".yaml", ".yml") and _is_codebook_file(path)):
        return Codebook.load(path).select(dimension)
    if dimension is not None:
        raise ParameterError("--seed-dimension needs --seeds to name a codebook")
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


def _is_codebook_file(path: str) -> bool:
    """A YAML file in the codebook format (a ``frames`` section, or frames given as mappings)."""
    import yaml

    try:
        data = yaml.safe_load(Path(path).read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError):
        return False
    return isinstance(data, dict) and ("frames" in data or any(isinstance(v, dict) for v in data.values()))


def _add_label_frames(p: argparse.ArgumentParser, what: str) -> None:
    p.add_argument("--label-frames", default=None, metavar="CODEBOOK",
                   help=f"codebook (shipped name or YAML) to label with: {what}")
    p.add_argument("--label-dimension", default=None, help="with --label-frames: only this dimension (e.g. mode)")


def cmd_topics(args: argparse.Namespace) -> int:
    """Topic model over annotated tokens → tables, plots and the ANTMN topic network in a folder."""
    import framing
    from framing.topics import write_outputs

    tokens = load_tokens(args, args.sources)
    terms: dict[str, Any] = {**_term_settings(args), "max_df": _number(args.max_df), "bigrams": args.bigrams}
    settings: dict[str, Any] = {"terms": terms, "random_state": args.random_state, "progress": not args.quiet,
                                "seed_topics": _seed_file(args.seeds, args.seed_dimension)}
    if args.engine == "lda":
        settings.update(n_topics=args.n_topics or 20, passes=args.passes, n_process=args.n_process)
    else:
        settings.update(n_topics=args.n_topics, embedding_model=args.embedding_model, outliers=args.outliers)
        if args.min_cluster_size:
            settings["min_cluster_size"] = args.min_cluster_size
    model = framing.TopicModel(engine=args.engine, **settings).fit(tokens)
    files = write_outputs(model, args.output, by=args.by or None, freq=args.time,
                          network={"edge": args.edge}, plots=not args.no_plots)
    seeds = settings["seed_topics"]
    label_cb = args.label_frames or (seeds if isinstance(seeds, framing.Codebook) else None)
    if label_cb is not None:   # topics named in the codebook's terms, with the matched terms as evidence
        frames = framing.label_topics(model, label_cb, dimension=args.label_dimension)
        files["topic_frames"] = Path(args.output) / "topic_frames.csv"
        frames.to_csv(files["topic_frames"], index=False)
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
    from framing.othering import Lexicon, OtheringScorer

    tokens = load_tokens(args, args.sources)
    lexicon = Lexicon.from_yaml(args.lexicon) if args.lexicon else Lexicon.default()
    for extra in args.extend or []:
        lexicon = lexicon.extend(extra)
    places = "auto" if not args.places else (None if args.places == ["none"] else args.places)
    index_categories = None
    if args.index_categories:
        index_categories = ("all" if args.index_categories.strip() == "all"
                            else [c.strip() for c in args.index_categories.split(",") if c.strip()])
    scorer = OtheringScorer(lexicon, places=places, ci=args.ci, confidence=args.confidence,
                            index_categories=index_categories,
                            count_distanced=args.count_distanced, count_negated=args.count_negated,
                            count_modifiers=args.count_modifiers,
                            count_quoted_speech=not args.no_quoted_speech, random_state=args.random_state,
                            **_term_settings(args))
    by = None if args.by == ["corpus"] else (args.by[0] if len(args.by) == 1 else args.by)
    result = scorer.score(tokens, by=by)
    out = Path(args.output)
    if out.suffix.lower() != ".csv":  # a folder, as `framing frames -o`: othering.csv, evidence.csv, settings.json
        if args.evidence:
            raise ParameterError("--evidence names a CSV file; with a folder as -o it is <folder>/evidence.csv")
        paths = result.to_csv(out)
        out, evidence = paths["othering"], paths["evidence"]
    else:
        out.parent.mkdir(parents=True, exist_ok=True)
        result.table.to_csv(out, index=False)
        evidence = Path(args.evidence) if args.evidence else out.with_name(out.stem + "_evidence.csv")
        result.evidence.to_csv(evidence, index=False)
    _say(args, f"scores: {out} ({len(result.table)} units by {args.by})")
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
        cols = keys + ["n_docs", "othering", "recognition", "othering_index", "ci_low", "ci_high",
                       "othering_balance", "othering_per_1k"]
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


class _VersionAction(argparse.Action):
    """``--version``: the version and whether the annotation's compiled kernels are built (they
    change speed only, not results; see framing.nlp.compiled)."""

    def __init__(self, option_strings: list[str], dest: str = argparse.SUPPRESS, **kwargs: Any) -> None:
        super().__init__(option_strings, dest, nargs=0, help="show the version and exit", **kwargs)

    def __call__(self, parser: argparse.ArgumentParser, namespace: argparse.Namespace, values: Any,
                 option_string: str | None = None) -> None:
        from framing import __version__
        from framing.nlp.compiled import compiled_kernels

        kernels = compiled_kernels()
        built = [name.lstrip("_") for name, ok in kernels.items() if ok]
        state = ("compiled kernels: " + ", ".join(built)) if built else "pure Python, no compiled kernels"
        print(f"framing {__version__} ({state})")
        parser.exit()


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="framing", description=__doc__.splitlines()[0])
    parser.add_argument("--version", action=_VersionAction)
    sub = parser.add_subparsers(dest="command", required=True)

    p = sub.add_parser("ingest", help="read sources into a corpus Parquet file, with a report")
    p.add_argument("sources", nargs="+", help="files or folders")
    p.add_argument("-o", "--output", required=True,
                   help="corpus Parquet file to write (x.parquet), or a folder (any other name): "
                        "a partitioned dataset written while reading")
    p.add_argument("--partition-by", default="month",
                   help="folder output: month (default), year, source (input file), a column "
                        "(outlet, place) or none (numbered parts)")
    p.add_argument("--rows-per-file", type=int, default=50_000,
                   help="folder output: at most this many documents a part file (default 50000)")
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
    p.add_argument("sources", nargs="+", help="corpus Parquet file or partitioned folder (from framing ingest), "
                   "or files/folders to read")
    p.add_argument("-o", "--output", required=True,
                   help="tokens Parquet file (x.parquet), or a folder: token parts written part by part")
    p.add_argument("--backend", default="default", help="default (offline) or stanza")
    p.add_argument("--profile", default=None, help="fast (lemmas) or full (with POS); default backend only")
    p.add_argument("--n-process", type=int, default=1,
                   help="processes to annotate with (this one and N-1 workers); same output as 1")
    p.add_argument("--no-cache", action="store_true", help="do not reuse or store cached annotations")
    _add_scheduler(p)
    p.add_argument("-q", "--quiet", action="store_true")
    p.set_defaults(func=cmd_annotate)

    p = sub.add_parser("analyze", help="the main job: ingest, annotate, topics, networks, frames, othering, "
                       "comparison (and the report) into one folder; resumable")
    p.add_argument("sources", nargs="+", help="files or folders (e.g. corpora/demo), or a corpus Parquet file")
    p.add_argument("-o", "--output", default="out", help="output folder (default: out)")
    p.add_argument("--config", default=None,
                   help="settings file (TOML; default: framing.toml in the current directory if present)")
    p.add_argument("--by", default=None, help="compare groups of this document column (default: place)")
    p.add_argument("--option", action="append", default=[], metavar="KEY=VALUE",
                   help="reader option, e.g. --option text_col=quote (repeatable; [ingest.options])")
    p.add_argument("--min-group-size", type=int, default=None,
                   help="groups with fewer documents are pooled into '(other)' (default 5)")
    p.add_argument("--backend", default=None, help="annotation backend: default (offline) or stanza")
    p.add_argument("--profile", default=None, help="annotation profile: fast or full")
    p.add_argument("--n-process", type=int, default=None, help="annotation processes (default 1)")
    p.add_argument("--engine", default=None, choices=["lda", "bertopic"], help="topic model (default lda)")
    p.add_argument("--n-topics", type=int, default=None, help="topics (default 8)")
    p.add_argument("--codebook", default=None, help="frames codebook: a shipped name or a YAML file "
                   "(default integration_modes)")
    p.add_argument("--n-boot", type=int, default=None, help="bootstrap resamples of frame-share intervals "
                   "(default 1000)")
    for step in _ANALYZE_STEPS:
        p.add_argument(f"--no-{step}", action="store_true", help=f"skip the {step} step")
    p.add_argument("--force", action="store_true", help="rerun every step instead of reusing finished ones")
    p.add_argument("--random-state", type=int, default=None,
                   help="random seed for topics, communities, layouts, bootstrap (default 0)")
    _deprecated(p, "--seed", "--random-state", "random_state")
    _add_scheduler(p)
    p.add_argument("-q", "--quiet", action="store_true", help="no progress, no log lines, no tables")
    p.set_defaults(func=cmd_analyze)

    p = sub.add_parser("network", help="co-occurrence networks (per group) for Gephi: GEXF, CSV, PNG")
    p.add_argument("sources", nargs="+", help="tokens Parquet file (from framing annotate); a corpus or "
                   "files/folders are annotated first")
    p.add_argument("--gexf", "-o", default="out/networks", metavar="DIR", help="output folder (default: out/networks)")
    p.add_argument("--unit", choices=["sentence", "document", "window"], default="sentence")
    p.add_argument("--window", type=int, default=5, help="window span in tokens for --unit window (default 5)")
    p.add_argument("--measure", default="npmi", help="edge weight: count, pmi, npmi, g2, dice, log_dice, t, chi2")
    p.add_argument("--by", help="one network per value of a document column (place, outlet, year, month)")
    p.add_argument("--min-pair-count", type=int, default=None,
                   help="minimum pair count for edges and comparisons (default 5)")
    p.add_argument("--top-n", type=int, default=20, help="keep each term's N strongest edges (0 = all; default 20)")
    _deprecated(p, "--top-k", "--top-n", "top_n")
    p.add_argument("--alpha", type=float, default=None, help="keep edges whose association has FDR q < ALPHA")
    p.add_argument("--backbone", type=float, default=None, metavar="ALPHA", help="disparity-filter backbone at ALPHA")
    # --min-count is the term frequency (it was the pair count until this release: _network_counts)
    _add_term_flags(p, min_count_default=None, pos_help="default: all")
    _deprecated(p, "--min-term-count", "--min-count", "min_term_count")
    p.add_argument("--column", default="lemma", help="token column to count (default lemma)")
    p.add_argument("--lowercase", action="store_true")
    p.add_argument("--within-sentence", action="store_true", help="windows do not cross sentence ends")
    p.add_argument("--focus", action="append", default=[], metavar="TERM", help="ego network around TERM (repeatable)")
    p.add_argument("--radius", type=int, default=1, help="steps around --focus terms (default 1)")
    p.add_argument("--communities", choices=["louvain", "leiden", "greedy", "none"], default="louvain")
    p.add_argument("--dynamic", choices=["year", "month"], help="also write a dynamic GEXF with time slices")
    p.add_argument("--png", action="store_true", help="also draw a PNG preview of each network")
    p.add_argument("--graphml", action="store_true", help="also write GraphML")
    _add_random_state(p, "random seed for communities and layouts")
    p.add_argument("-q", "--quiet", action="store_true")
    _add_label_frames(p, "<group>_community_frames.csv: each community's best-matching codebook frames "
                      "with the matched terms")
    p.set_defaults(func=cmd_network)

    p = sub.add_parser("models", help="list or download annotation models (needs a network)")
    p.add_argument("action", choices=["download", "list"])
    p.add_argument("name", nargs="?", default="stanza-de")
    p.add_argument("--dir", default=None, help="model folder (default: STANZA_RESOURCES_DIR or Stanza's)")
    p.add_argument("-q", "--quiet", action="store_true")
    p.set_defaults(func=cmd_models)

    p = sub.add_parser("topics", help="topic model (LDA or BERTopic): topics by place and time, ANTMN frames")
    p.add_argument("sources", nargs="+", help="tokens Parquet file (from framing annotate); a corpus or "
                   "files/folders are annotated first")
    p.add_argument("--engine", choices=["lda", "bertopic"], default="lda")
    p.add_argument("-k", "--n-topics", type=int, default=None,
                   help="number of topics (LDA default 20; BERTopic: reduce to at most k, default: as found)")
    p.add_argument("--by", default="place", help="group documents by this column (default: place; '' for none)")
    p.add_argument("--time", default="year", choices=["year", "quarter", "month"], help="period for topics over time")
    p.add_argument("-o", "--output", default="out/topics", help="output folder (default: out/topics)")
    _add_random_state(p, "random seed of the topic model")
    _add_term_flags(p, min_df_default="auto", pos_help="default: NOUN,PROPN,ADJ where tagged")
    p.add_argument("--max-df", default="0.5", help="maximum documents per term (int) or share (float)")
    p.add_argument("--bigrams", action="store_true", help="join frequent bigrams (gensim Phrases)")
    p.add_argument("--seeds", default=None, help="seed topics: a YAML/JSON file {label: [terms]}, or a codebook "
                   "(shipped name such as integration_modes, or a codebook YAML): one seed topic per frame")
    _add_label_frames(p, "topic_frames.csv: each topic's best-matching codebook frames with the matched terms "
                      "(default: the --seeds codebook, if one)")
    p.add_argument("--seed-dimension", default=None, help="with a codebook as --seeds: only the frames of this "
                   "dimension (e.g. mode)")
    p.add_argument("--passes", type=int, default=10, help="LDA passes over the corpus")
    p.add_argument("--n-process", type=int, default=1, help="LDA worker processes (>1: not bit-reproducible)")
    _deprecated(p, "--workers", "--n-process", "n_process")
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
    p.add_argument("sources", nargs="+", help="tokens Parquet file (from framing annotate); a corpus or files/folders "
                   "are annotated first")
    p.add_argument("--by", nargs="+", default=["doc"],
                   help="unit: doc, speaker, party, outlet, place, year, genre, any document column, "
                        "several columns, or corpus (default: doc)")
    p.add_argument("-o", "--output", required=True, help="output folder (othering.csv, evidence.csv, settings.json), "
                   "or a scores CSV file (x.csv; its evidence beside it)")
    p.add_argument("--evidence", help="evidence (KWIC) CSV (default: <output>_evidence.csv)")
    p.add_argument("--plot", help="PNG/SVG/PDF of the othering index by unit with CI")
    p.add_argument("--places", nargs="+", help="places whose demonyms count (default: from the place metadata; 'none')")
    p.add_argument("--lexicon", help="lexicon YAML replacing the shipped one")
    p.add_argument("--extend", action="append", help="lexicon YAML with entries to add (repeatable)")
    p.add_argument("--index-categories", metavar="CAT,CAT|all",
                   help="lexicon categories that enter the othering index, comma-separated, or 'all' "
                        "(default: the lexicon's index_categories; neutral labels are reported as rates)")
    p.add_argument("--ci", default="wilson", choices=["wilson", "bootstrap", "none"])
    p.add_argument("--confidence", type=float, default=0.95)
    _add_random_state(p, "random seed of the bootstrap")
    p.add_argument("--count-distanced", action="store_true", help="count scare-quoted/'sogenannt'/mentioned terms")
    p.add_argument("--count-negated", action="store_true", help="count negated terms")
    p.add_argument("--count-modifiers", action="store_true", help="count compound modifiers (Flüchtlingsunterkunft)")
    p.add_argument("--no-quoted-speech", action="store_true", help="leave out matches inside longer quotations")
    p.add_argument("--min-matches", type=int, default=1, help="plot only units with at least this many counted matches")
    p.add_argument("--profile", default=None, help="annotation profile when reading sources (fast or full)")
    _add_term_flags(p, pos_help="tokens an entry may match; default: all", matcher=True)
    p.add_argument("-q", "--quiet", action="store_true")
    p.set_defaults(func=cmd_othering)
    _add_frames_parser(sub)
    _add_report_parser(sub)
    return parser


# -- `framing frames` (frames/ room; kept in its own block) ------------------------------------
def cmd_frames(args: argparse.Namespace) -> int:
    """Codebook frame scoring per unit -> frames.csv, evidence.csv, profile.csv, codebook.yaml;
    ``framing frames validate ...`` draws the hand-coding sample or reports agreement."""
    import framing

    if args.sources and args.sources[0] == "validate":
        return _frames_validate(args, args.sources[1:])
    if args.sample is not None or args.codes:
        raise ParameterError("--sample and --codes belong to `framing frames validate SOURCES ...`")
    if not args.output:
        raise ParameterError("give an output folder with -o/--output")
    tokens = load_tokens(args, args.sources)
    by = None if args.by == ["corpus"] else (args.by[0] if len(args.by) == 1 else args.by)
    result = framing.score_frames(tokens, args.codebook, by=by, n_boot=args.n_boot, random_state=args.random_state,
                                  **_term_settings(args))
    paths = result.to_csv(args.output)
    if args.north_south:
        ns = framing.north_south(tokens, result.codebook, by=by, n_boot=args.n_boot, random_state=args.random_state)
        paths["north_south"] = Path(args.output) / "north_south.csv"
        ns.table.to_csv(paths["north_south"], index=False)
        paths["north_south_evidence"] = Path(args.output) / "north_south_evidence.csv"
        ns.evidence.to_csv(paths["north_south_evidence"], index=False)
        _say(args, ns.table.to_string(index=False))
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


def _frames_validate(args: argparse.Namespace, sources: list[str]) -> int:
    """``framing frames validate SOURCES --sample N -o sample.csv`` (the stratified sample to code
    by hand) or ``... --codes coded.csv [more.csv]`` (agreement with the hand codes)."""
    import framing
    from framing.frames import agreement, coding_sample, read_codes, write_coding_sheet

    if not sources:
        raise ParameterError("framing frames validate needs the tokens .parquet or the sources")
    if (args.sample is None) == (not args.codes):
        raise ParameterError("framing frames validate needs either --sample N (draw a sample) or --codes FILE(s)")
    tokens = load_tokens(args, sources)
    result = framing.score_frames(tokens, args.codebook, by="doc", n_boot=0, random_state=args.random_state)
    if args.sample is not None:
        check_positive("--sample", args.sample)
        group = None if args.by in (["doc"], ["corpus"]) else args.by[0]
        sample = coding_sample(tokens, result, n=args.sample, by=group, random_state=args.random_state,
                               blind=not args.show_predicted)
        path = write_coding_sheet(sample, args.output or "sample.csv")
        _say(args, f"wrote {len(sample)} documents to code to {path} (columns code_<frame>: 1 present, 0 absent)")
        return 0
    table = agreement(result, read_codes(args.codes))
    _say(args, table.to_string(index=False, float_format=lambda v: f"{v:.3f}"))
    if args.output:
        Path(args.output).parent.mkdir(parents=True, exist_ok=True)
        table.to_csv(args.output, index=False)
        _say(args, f"wrote {args.output}")
    return 0


def _add_frames_parser(sub: Any) -> None:
    p = sub.add_parser("frames", help="score codebook frames per unit: shares, intervals, evidence (KWIC); "
                       "`frames validate`: hand-coding sample and agreement")
    p.add_argument("sources", nargs="+", help="tokens .parquet (framing annotate) or files/folders to read; "
                   "first `validate` for the validation steps")
    p.add_argument("--codebook", default="integration_modes",
                   help="shipped codebook name (integration_modes, rmfv) or a YAML file")
    p.add_argument("--by", nargs="+", default=["doc"], help="unit: doc, sentence, place, outlet, year, any "
                   "document column, several, or corpus (default: doc); with validate --sample: the group "
                   "to stratify by")
    p.add_argument("-o", "--output", default=None,
                   help="folder to write frames.csv, evidence.csv, profile.csv; with validate: the sample "
                   "sheet (.csv/.xlsx, default sample.csv) or the agreement table (.csv)")
    p.add_argument("--north-south", action="store_true",
                   help="also write north_south.csv and north_south_evidence.csv (framing.north_south)")
    p.add_argument("--sample", type=int, default=None, metavar="N",
                   help="validate: draw N documents stratified by --by group and predicted frame")
    p.add_argument("--show-predicted", action="store_true",
                   help="validate --sample: add the predicted frame to the sheet (default: blind)")
    p.add_argument("--codes", nargs="+", default=None, metavar="CODED",
                   help="validate: coded sheets (one per coder) to report agreement for")
    p.add_argument("--n-boot", type=int, default=1000, help="bootstrap resamples for share intervals")
    _add_random_state(p, "random seed of the bootstrap")
    p.add_argument("--plot", action="store_true", help="also write frames.png")
    p.add_argument("--profile", default=None, help="annotation profile when reading sources (fast or full)")
    _add_term_flags(p, pos_help="tokens a term may match; default: all", matcher=True)
    p.add_argument("-q", "--quiet", action="store_true")
    p.set_defaults(func=cmd_frames)


# -- `framing report` ---------------------------------------------------------------------------
def cmd_report(args: argparse.Namespace) -> int:
    """The self-contained HTML report of an analysis folder (framing.build_report)."""
    from framing.report import build_report

    path = build_report(args.outdir)
    _say(args, f"report: {path}")
    return 0


def _add_report_parser(sub: Any) -> None:
    p = sub.add_parser("report", help="write OUTDIR/report.html from an analysis folder (framing analyze)")
    p.add_argument("outdir", help="the folder framing analyze wrote")
    p.add_argument("-q", "--quiet", action="store_true")
    p.set_defaults(func=cmd_report)


#: Exit statuses of the ``framing`` command (documented in docs/reference/cli.md).
EXIT_OK = 0
#: An unexpected error (a bug): Python's traceback and status 1.
EXIT_UNEXPECTED = 1
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
