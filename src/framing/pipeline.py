"""The main job: sources → corpus → tokens → topics, networks, frames, othering, comparison, report.

``framing analyze corpora/demo -o out`` and ``framing.analyze("corpora/demo", "out")`` run it.
Every step calls the public API, so each output can be reproduced step by step in a script.

The run is configurable (:mod:`framing.config`: defaults < ``framing.toml`` < overrides) and
resumable: ``analysis.json`` in the output folder records, per finished step, a fingerprint of
its inputs and settings and the files it wrote; a second run reuses every step whose
fingerprint is unchanged and whose files are still there, and reruns a step whose settings
changed together with the steps that read its output (``force=True`` reruns everything).

The library does not print: it logs to the ``logging`` logger ``"framing.pipeline"`` (one INFO
line per step) and, with ``progress=True`` on a terminal, shows one progress bar per step.
"""
from __future__ import annotations

import functools
import json
import logging
import sys
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pandas as pd

from framing.config import DEFAULT_FILE, NOT_FINGERPRINTED, resolve

PathLike = str | Path
logger = logging.getLogger("framing.pipeline")

#: the steps in the order they run
STEPS: tuple[str, ...] = ("ingest", "annotate", "topics", "networks", "frames", "othering", "comparison",
                          "report")
#: the steps whose output each step reads: a step reruns when its own settings or one of these changed
DEPENDS: dict[str, tuple[str, ...]] = {
    "ingest": (), "annotate": ("ingest",), "topics": ("annotate",), "networks": ("annotate",),
    "frames": ("annotate",), "othering": ("annotate",), "comparison": ("annotate", "frames"),
    "report": ("ingest", "annotate", "topics", "networks", "frames", "othering", "comparison"),
}
#: steps that compare the groups of ``by`` (their fingerprint includes the [analyze] settings)
GROUPED: frozenset[str] = frozenset({"topics", "networks", "frames", "othering", "comparison"})
#: the manifest file in the output folder
MANIFEST = "analysis.json"
#: the tokens folder that ``analyze(client=)`` writes instead of ``tokens.parquet`` (each worker
#: writes its part; the token table never passes through this process)
TOKENS_FOLDER = "tokens"


def _cpu_time() -> float:
    """CPU seconds of this process and of the child processes it has waited for (the first
    run's cache build, ``n_process`` workers): a step's ``cpu_seconds`` include its children."""
    cpu = time.process_time()
    try:
        import resource
    except ImportError:  # Windows: no child accounting
        return cpu
    ch = resource.getrusage(resource.RUSAGE_CHILDREN)
    return cpu + ch.ru_utime + ch.ru_stime


@dataclass
class AnalysisResult:
    """What :func:`analyze` produced: the settings, the files written (key → path), the step
    timings, which steps ran and which were reused, and the objects of the steps that ran in
    this call (``corpus`` and ``tokens`` load from the output folder when a step was reused)."""

    outdir: Path
    settings: dict[str, dict[str, Any]] = field(default_factory=dict)
    groups: dict[str, Any] = field(default_factory=dict)
    files: dict[str, Path] = field(default_factory=dict)
    seconds: dict[str, float] = field(default_factory=dict)
    steps: list[str] = field(default_factory=list)
    reused: list[str] = field(default_factory=list)
    topic_model: Any = None
    frames: Any = None
    othering: dict[str, Any] = field(default_factory=dict)
    networks: dict[str, Path] = field(default_factory=dict)
    _corpus: Any = None
    _tokens: Any = None

    @property
    def corpus(self) -> Any:
        """The corpus (``corpus.parquet`` read back when the ingest step was reused)."""
        if self._corpus is None and (self.outdir / "corpus.parquet").is_file():
            from framing.corpus.corpus import Corpus
            self._corpus = Corpus.read_parquet(self.outdir / "corpus.parquet")
        return self._corpus

    @property
    def tokens(self) -> Any:
        """The annotated tokens (``tokens.parquet`` read back when annotate was reused; with a
        client the tokens folder ``tokens/``, read lazily: :class:`~framing.nlp.token_parts.PartitionedTokens`)."""
        if self._tokens is None:
            if (self.outdir / TOKENS_FOLDER / "_framing.json").is_file():
                from framing.nlp.token_parts import PartitionedTokens
                self._tokens = PartitionedTokens(self.outdir / TOKENS_FOLDER)
            elif (self.outdir / "tokens.parquet").is_file():
                from framing.nlp.tokens import Tokens
                self._tokens = Tokens.read_parquet(self.outdir / "tokens.parquet")
        return self._tokens

    @property
    def manifest(self) -> dict[str, Any]:
        """``analysis.json`` as a dict."""
        return json.loads((self.outdir / MANIFEST).read_text(encoding="utf-8"))


# -- fingerprints ----------------------------------------------------------------------------
def _sources_signature(sources: Sequence[Path]) -> list[str]:
    """Path, size and modification time of every file under ``sources`` (cheap: no reading)."""
    parts: list[str] = []
    for src in sources:
        src = Path(src)
        files = sorted(p for p in src.rglob("*") if p.is_file()) if src.is_dir() else [src]
        parts.append(f"source {src.resolve()}")
        for p in files:
            try:
                st = p.stat()
            except OSError:
                continue
            parts.append(f"{p.relative_to(src) if src.is_dir() else p.name}|{st.st_size}|{st.st_mtime_ns}")
    return parts


def _code_signature() -> str:
    """A hash of the installed framing package (code and shipped resources): new code reruns."""
    from framing.cache import fingerprint

    root = Path(__file__).resolve().parent
    return fingerprint(sorted((p for p in root.rglob("*") if p.is_file() and "__pycache__" not in p.parts),
                              key=str))


# -- progress ----------------------------------------------------------------------------------
class _Progress:
    """One bar per step on a terminal (tqdm); nothing otherwise (the log line per step says it)."""

    def __init__(self, enabled: bool) -> None:
        self.bars = enabled and bool(getattr(sys.stderr, "isatty", lambda: False)())

    @contextmanager
    def step(self, name: str, own_bar: bool = False) -> Iterator[None]:
        """A bar for step ``name`` unless the step draws its own (``own_bar``: ingest over files,
        annotate over documents)."""
        if not self.bars or own_bar:
            yield
            return
        from tqdm.auto import tqdm

        bar = tqdm(total=1, desc=name, leave=False, bar_format="{desc}: {bar} {elapsed}")
        try:
            yield
            bar.update(1)
        finally:
            bar.close()


# -- the run -----------------------------------------------------------------------------------
class _Run:
    """State of one call of :func:`analyze`: settings, fingerprints, manifest, loaded objects."""

    def __init__(self, sources: list[Path], out: Path, settings: dict[str, dict[str, Any]],
                 config_file: Path | None, force: bool, progress: bool) -> None:
        import framing

        self.sources = sources
        self.out = out
        self.settings = settings
        self.progress = _Progress(progress)
        self.inner_progress = self.progress.bars
        self.result = AnalysisResult(outdir=out, settings=settings)
        self.old = {} if force else self._read_manifest()
        self.fps: dict[str, str] = {}
        self.step_files: dict[str, dict[str, str]] = {}
        #: a dask.distributed Client: the per-document stages run on its workers (same results)
        self.client: Any = None
        self.code = _code_signature()
        self.manifest: dict[str, Any] = {
            "framing_version": framing.__version__,
            "created": datetime.now(UTC).isoformat(timespec="seconds"),
            "sources": [str(s) for s in sources],
            "config": str(config_file) if config_file else None,
            "settings": settings, "seconds": {}, "cpu_seconds": {}, "steps": [], "reused": [], "files": {},
            "groups": {},
            "fingerprints": {}, "step_files": {}, "computed_seconds": {},
        }
        # an interrupted run must not forget what an earlier run finished: the fingerprints and
        # files of the steps this run has not reached yet are kept until the step runs
        for key in ("fingerprints", "step_files", "computed_seconds"):
            self.manifest[key].update(self.old.get(key, {}))
        self.grouped_tokens: Any = None
        self.info: Any = None
        self.units: dict[str, tuple[Any, str]] | None = None
        #: the steps that loaded the whole token table into this process (a tokens folder)
        self.loaded_by: list[str] = []
        self.frame_result: Any = None

    def _read_manifest(self) -> dict[str, Any]:
        path = self.out / MANIFEST
        if not path.is_file():
            return {}
        try:
            return json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            logger.warning("%s is unreadable; every step runs again", path)
            return {}

    def fingerprint(self, step: str) -> str:
        from framing.cache import fingerprint

        own = {k: v for k, v in self.settings.get(step, {}).items() if k not in NOT_FINGERPRINTED.get(step, ())}
        parts: list[str] = [self.code, step, json.dumps(own, sort_keys=True, default=str)]
        if step in GROUPED:
            parts.append(json.dumps(self.settings["analyze"], sort_keys=True, default=str))
        if step == "ingest":
            parts += _sources_signature(self.sources)
        parts += [f"{dep}={self.fps.get(dep, 'off')}" for dep in DEPENDS[step]]
        return fingerprint(parts)

    def reusable(self, step: str, fp: str) -> bool:
        if self.old.get("fingerprints", {}).get(step) != fp:
            return False
        files = self.old.get("step_files", {}).get(step, {})
        return all((self.out / rel).is_file() for rel in files.values())

    def _forget_old_files(self, step: str) -> None:
        """Remove the files an earlier run of ``step`` wrote (none of them may be left stale)."""
        for rel in self.old.get("step_files", {}).get(step, {}).values():
            path = self.out / rel
            if path.is_file():
                path.unlink()

    def run(self, step: str, fn: Callable[[], dict[str, Path]]) -> None:
        """Run ``step`` (or reuse it), record its files, fingerprint and seconds."""
        fp = self.fingerprint(step)
        self.fps[step] = fp
        t0, c0 = time.perf_counter(), _cpu_time()
        if self.reusable(step, fp):
            files = {k: self.out / rel for k, rel in self.old["step_files"][step].items()}
            self.manifest["reused"].append(step)
            self.result.reused.append(step)
            logger.info("%s: reused", step)
        else:
            self._forget_old_files(step)
            with self.progress.step(step, own_bar=step in ("ingest", "annotate")):
                files = fn()
            self._note_load(step)
            logger.info("%s: done in %.1f s", step, time.perf_counter() - t0)
        seconds = round(time.perf_counter() - t0, 2)
        rel = {k: Path(p).resolve().relative_to(self.out.resolve()).as_posix() for k, p in files.items()}
        self.step_files[step] = rel
        self.result.files.update({k: Path(p) for k, p in files.items()})
        self.result.seconds[step] = seconds
        self.result.steps.append(step)
        self.manifest["seconds"][step] = seconds
        self.manifest["cpu_seconds"][step] = round(_cpu_time() - c0, 2)
        # how long the step took when it was computed (the earlier run's figure when reused)
        self.manifest["computed_seconds"][step] = (self.old.get("computed_seconds", {}).get(step, seconds)
                                                   if step in self.result.reused else seconds)
        self.manifest["steps"].append(step)
        self.manifest["fingerprints"][step] = fp
        self.manifest["step_files"][step] = rel
        self.manifest["files"].update(rel)
        self.write_manifest()

    def _note_load(self, step: str) -> None:
        """Record (manifest ``token_table_loaded_by``, log) a step that loaded a tokens folder's
        whole table into this process, and let the table go again (the next step that needs it
        reads the parts again; the steps with a ``client=`` path never do)."""
        lazy = [t for t in (self.result._tokens, self.grouped_tokens) if getattr(t, "loaded", False)]
        if not lazy:
            return
        n = len(lazy[0].table)
        for t in lazy:
            t.unload()
        self.loaded_by.append(step)
        self.manifest["token_table_loaded_by"] = list(self.loaded_by)
        logger.info("%s: loaded the whole token table (%d tokens) into this process (no step of the main "
                    "job should; released after the step)", step, n)

    def write_manifest(self) -> None:
        from framing.cache import write_atomic

        self.manifest["groups"] = self.info.to_dict() if self.info is not None else {}
        text = json.dumps(self.manifest, indent=2, ensure_ascii=False, default=str) + "\n"
        write_atomic(self.out / MANIFEST, text.encode("utf-8"))

    # objects, loaded back from the folder when the step that made them was reused
    def corpus(self) -> Any:
        return self.result.corpus

    def tokens(self) -> Any:
        return self.result.tokens

    def grouped(self) -> Any:
        """Tokens with the pooled grouping column (see :func:`framing.compare.groups.pool_groups`)."""
        if self.grouped_tokens is None:
            from framing.compare.groups import pool_groups

            a = self.settings["analyze"]
            self.grouped_tokens, self.info = pool_groups(self.tokens(), a["by"], a["min_group_size"])
            logger.info("groups by %s: %s%s", a["by"],
                        ", ".join(f"{k} {v}" for k, v in self.info.n_docs.items()),
                        f" (pooled into (other): {', '.join(self.info.pooled)})" if self.info.pooled else "")
        return self.grouped_tokens


def analyze(sources: PathLike | Sequence[PathLike], outdir: PathLike = "out", *,
            config: PathLike | None = DEFAULT_FILE, force: bool = False, progress: bool = True,
            client: Any = None, **overrides: Any) -> AnalysisResult:
    """Run the whole analysis on ``sources`` and write every table, network and plot to ``outdir``.

    Settings: the defaults of :data:`framing.config.DEFAULTS`, then ``config`` (a
    ``framing.toml``; the default name is read only when it exists in the current directory),
    then ``overrides``: a setting by name (``by="outlet"``, ``n_topics=5``), a step on or off
    (``topics=False``), or a section as a dict (``frames={"n_boot": 200}``). ``force`` reruns
    every step instead of reusing finished ones. ``progress``: one bar per step on a terminal.

    Steps (outputs: see ``docs/guide/analyze.md``): ingest → annotate → (groups of ``by``:
    small groups pooled into "(other)", documents without a value as "(none)") → topics →
    networks → frames → othering → comparison → report.
    ``analysis.json`` lists settings, seconds, steps, files and groups.

    ``client`` (a ``dask.distributed.Client``): the per-document stages — annotation, the
    networks' counts, keyness, frame scoring (with frames over time, the north/south measure and the
    speeches), othering scoring — run on its workers (:mod:`framing.scale`; the same tables as
    without it). The workers write the tokens as the folder ``tokens/`` (instead of
    ``tokens.parquet``) and those steps read it part by part (press and speeches are split into
    two folders part by part; the report searches its keyness passages part by part). The
    topic model reads the folder part by part too (:mod:`framing.topics.streamed`: LDA gives
    the same topics; BERTopic keeps every document's terms, not the token table, in memory). A
    step that still loads the whole token table is logged and listed in ``analysis.json`` as
    ``token_table_loaded_by``.

    Sources that yield no document raise :class:`framing.errors.EmptyCorpusError` before
    ``outdir`` is created (``framing analyze`` exits with status 2).
    """
    import framing

    settings, config_file = resolve(config, overrides)
    src = [Path(s) for s in ([sources] if isinstance(sources, (str, Path)) else sources)]
    out = Path(outdir)
    run = _Run(src, out, settings, config_file, force, progress)
    run.client = client
    result = run.result
    s = settings

    def ingest() -> dict[str, Path]:
        ing = s["ingest"]
        # read before creating the folder: sources without any document raise EmptyCorpusError
        # and leave no half-made output folder behind
        corpus = framing.read(src, format=ing["format"], clean=ing["clean"], places=ing["places"],
                              dedup=ing["dedup"], progress=run.inner_progress, **ing["options"])
        out.mkdir(parents=True, exist_ok=True)
        result._corpus = corpus
        files = {"corpus": corpus.to_parquet(out / "corpus.parquet"),
                 "ingest_report": out / "ingest_report.txt", "ingest_events": out / "ingest_events.csv"}
        files["ingest_report"].write_text(corpus.report.to_text(max_rows=10_000) + "\n", encoding="utf-8")
        corpus.report.to_frame().to_csv(files["ingest_events"], index=False)
        logger.info("ingest: %d documents from %d records, %d skipped", len(corpus), corpus.report.n_records,
                    corpus.report.n_skipped)
        return files

    def annotate() -> dict[str, Path]:
        from framing.nlp.annotate import annotation_summary

        a = s["annotate"]
        if client is not None:
            return _annotate_on_workers(run, a)
        tokens = framing.annotate(run.corpus().unique(), backend=a["backend"], profile=a["profile"],
                                  n_process=a["n_process"], cache=a["cache"], progress=run.inner_progress)
        result._tokens = tokens
        files = {"tokens": tokens.to_parquet(out / "tokens.parquet"),
                 "annotation_summary": out / "annotation_summary.txt"}
        files["annotation_summary"].write_text(annotation_summary(tokens, as_text=True) + "\n", encoding="utf-8")
        return files

    run.run("ingest", ingest)
    run.run("annotate", annotate)
    t0 = time.perf_counter()
    _groups_summary(run)
    result.groups = run.info.to_dict()
    result.seconds["groups"] = run.manifest["seconds"]["groups"] = round(time.perf_counter() - t0, 2)

    for step, fn in (("topics", _topics), ("networks", _networks), ("frames", _frames),
                     ("othering", _othering), ("comparison", _comparison)):
        if s[step]["run"]:
            run.run(step, functools.partial(fn, run))
    if (out / SPLIT_FOLDER).exists():
        import shutil

        shutil.rmtree(out / SPLIT_FOLDER)
    if s["report"]["run"]:
        run.run("report", lambda: _report(out))
    logger.info("seconds per step: %s", ", ".join(f"{k} {v}" for k, v in result.seconds.items()))
    logger.info("wrote %s/ (%s)", out, MANIFEST)
    return result


def _annotate_on_workers(run: _Run, a: dict[str, Any]) -> dict[str, Path]:
    """The annotate step with a client: each worker writes its part into ``tokens/``
    (:func:`framing.scale.annotate_to_parquet`); the summary is counted part by part."""
    import shutil

    from framing.nlp.annotate import annotation_summary
    from framing.nlp.token_parts import PartitionedTokens
    from framing.scale import annotate_to_parquet

    folder = run.out / TOKENS_FOLDER
    if folder.exists():
        shutil.rmtree(folder)   # an earlier run's parts (maybe more of them) must not stay
    if (run.out / "tokens.parquet").is_file():
        (run.out / "tokens.parquet").unlink()   # so that AnalysisResult.tokens reads this run's tokens
    paths = annotate_to_parquet(run.corpus().unique(), folder, run.client, backend=a["backend"],
                                profile=a["profile"], progress=run.inner_progress)
    tokens = PartitionedTokens(folder)
    run.result._tokens = tokens
    files = {"tokens": folder / "_framing.json", "annotation_summary": run.out / "annotation_summary.txt"}
    files.update({f"tokens.{p.stem}": p for p in paths})
    files["annotation_summary"].write_text(annotation_summary(tokens, as_text=True) + "\n", encoding="utf-8")
    return files


# -- the steps after annotate ----------------------------------------------------------------
def _groups_summary(run: _Run) -> None:
    """Pool the groups of ``by`` (every later step uses them) and write ``groups.csv`` and the
    documents and words per group and year (``summary_<by>_year.csv``)."""
    tokens = run.grouped()
    info = run.info
    by = info.by
    docs = tokens.docs
    table = pd.DataFrame({"group": list(info.n_docs), "n_docs": list(info.n_docs.values())})
    raw = f"{by}_raw" if f"{by}_raw" in docs.columns else by
    members = docs.groupby(docs[by].astype(str))[raw].agg(
        lambda v: "; ".join(sorted({str(x) for x in v.dropna()})))
    table["values"] = table["group"].map(members).fillna("")
    files = {"groups": run.out / "groups.csv"}
    table.to_csv(files["groups"], index=False)
    corpus = run.corpus()
    if corpus is not None and by in corpus.docs.columns:
        files["summary"] = run.out / f"summary_{_safe(by)}_year.csv"
        corpus.summary(by=[by, "year"]).to_csv(files["summary"])
    rel = {k: p.relative_to(run.out).as_posix() for k, p in files.items()}
    run.manifest["files"].update(rel)
    run.result.files.update(files)
    run.write_manifest()


def _safe(name: str) -> str:
    from framing.networks.outputs import slug
    return slug(name)


def _is_speech(docs: pd.DataFrame) -> pd.Series:
    if "genre" not in docs.columns:
        return pd.Series(False, index=docs.index)
    return (docs["genre"] == "speech").fillna(False).astype(bool)


#: where analyze(client=) writes the press and speech tokens of a tokens folder apart (removed after)
SPLIT_FOLDER = ".framing-split"


def _split_run(run: _Run) -> dict[str, tuple[Any, str]]:
    """:func:`_split` of the run's grouped tokens, once per run; a tokens folder with speeches is
    split part by part into two folders (press, speeches) that the workers read, so that the
    token table is never whole in this process."""
    if run.units is None:
        tokens, by = run.grouped(), run.settings["analyze"]["by"]
        if hasattr(tokens, "iter_parts") and not tokens.loaded and _is_speech(tokens.docs).any():
            run.units = _split_folder(tokens, by, run.out / SPLIT_FOLDER)
        else:
            run.units = _split(tokens, by)
    return run.units


def _split_folder(tokens: Any, by: str, folder: Path) -> dict[str, tuple[Any, str]]:
    """:func:`_split` of a tokens folder: its parts' press and speech documents written as two
    tokens folders below ``folder`` (one part in memory at a time), each with its share of the
    grouped document table (the same documents in the same order as ``filter_docs`` gives)."""
    import shutil

    from framing.nlp.token_parts import PartitionedTokens, TokenPartWriter

    docs = tokens.docs
    speech = _is_speech(docs).to_numpy()
    names = {"press": f"press_by_{by}",
             "speeches": "speeches_by_party" if "party" in docs.columns else f"speeches_by_{by}"}
    units_of = {"press": by, "speeches": "party" if "party" in docs.columns else by}
    wanted = {"press": ~speech, "speeches": speech}
    if folder.exists():
        shutil.rmtree(folder)
    writers = {k: TokenPartWriter(folder / k) for k, m in wanted.items() if m.any()}
    ids = {k: set(docs.loc[wanted[k], "doc_id"].astype(str)) for k in writers}
    for part in tokens.iter_parts():
        part_ids = part.docs["doc_id"].astype(str)
        for k, writer in writers.items():
            mine = part_ids[part_ids.isin(ids[k])]
            if len(mine):
                writer.write(part.filter_docs(mine))
    out: dict[str, tuple[Any, str]] = {}
    for k, writer in writers.items():
        sub = PartitionedTokens(writer.close(tokens.meta)).with_docs(docs.loc[wanted[k]].reset_index(drop=True))
        out[names[k]] = (sub, units_of[k])
    return out


def _split(tokens: Any, by: str) -> dict[str, tuple[Any, str]]:
    """Press by ``by`` and, where speeches exist, speeches by party: name → (tokens, unit)."""
    docs = tokens.docs
    speech = _is_speech(docs)
    if not speech.any():
        return {f"press_by_{by}": (tokens, by)}
    units = {}
    if (~speech).any():
        units[f"press_by_{by}"] = (tokens.filter_docs(docs.loc[~speech, "doc_id"]), by)
    units["speeches_by_party" if "party" in docs.columns else f"speeches_by_{by}"] = (
        tokens.filter_docs(docs.loc[speech, "doc_id"]), "party" if "party" in docs.columns else by)
    return units


def _save_figure(fig: Any, base: Path, files: dict[str, Path], key: str) -> None:
    """``base``.png and ``base``.svg, recorded as ``key``_png / ``key``_svg; closes the figure."""
    import matplotlib.pyplot as plt

    for ext in ("png", "svg"):
        path = base.with_suffix(f".{ext}")
        fig.savefig(path, dpi=120, bbox_inches="tight")
        files[f"{key}_{ext}"] = path
    plt.close(fig)


def _topics(run: _Run) -> dict[str, Path]:
    import framing
    from framing.topics import write_outputs

    t = run.settings["topics"]
    by = run.settings["analyze"]["by"]
    params: dict[str, Any] = {"n_topics": t["n_topics"], "random_state": run.settings["analyze"]["random_state"],
                              "progress": False}
    if t["engine"] == "lda":
        params["passes"] = t["passes"]
    # with a client the parts' terms are selected on the workers; the model fits here
    model = framing.TopicModel(engine=t["engine"], **params).fit(run.grouped(), client=run.client)  # type: ignore[abstract]
    run.result.topic_model = model
    files = write_outputs(model, run.out / "topics", by=by, network={"edge": t["edge"]}, svg=True)
    return {f"topics.{k}": v for k, v in files.items()}


def _networks(run: _Run) -> dict[str, Path]:
    from framing.networks.outputs import write_networks
    from framing.topics.terms import GENERIC_TERMS

    n = run.settings["networks"]
    a = run.settings["analyze"]
    # press-generic words (weekdays, months, "Jahr", "neu", "gut" …) are hubs of every news network
    generic = sorted(GENERIC_TERMS) if n["generic"] else []
    files = write_networks(run.grouped(), run.out / "networks", by=a["by"], pos=n["pos"] or None, unit=n["unit"],
                           measure=n["measure"], min_pair_count=n["min_pair_count"], stopwords_extra=generic,
                           top_n_per_node=n["top_n_per_node"] or None,
                           communities=None if n["communities"] == "none" else n["communities"],
                           random_state=a["random_state"], svg=True, progress=False, log=logger.debug,
                           client=run.client)
    run.result.networks = files
    return {f"networks.{name}": path for name, path in files.items()}


def _score_frames(run: _Run, tokens: Any, by: str) -> Any:
    import framing

    f = run.settings["frames"]
    return framing.score_frames(tokens, f["codebook"], by=by, n_boot=f["n_boot"], confidence=f["confidence"],
                                random_state=run.settings["analyze"]["random_state"], client=run.client)


def _press_frames(run: _Run) -> Any:
    """Frame scores of the press (every document where there are no speeches) by ``by``."""
    if run.frame_result is None:
        tokens, unit = next(iter(_split_run(run).values()))
        run.frame_result = _score_frames(run, tokens, unit)
    return run.frame_result


def frames_over_time(tokens: Any, score: Callable[[Any, str], Any]) -> pd.DataFrame:
    """Frame shares per year (per month when the corpus spans less than two years), long:
    ``period``, ``dimension``, ``frame``, ``share``, ``ci_low``, ``ci_high``, ``n_docs``.
    ``score(tokens, by)`` scores the frames (e.g. ``framing.score_frames`` with settings)."""
    docs = tokens.docs.copy()
    dates = (pd.to_datetime(docs["date"], errors="coerce") if "date" in docs.columns
             else pd.Series(pd.NaT, index=docs.index))
    cols = ["period", "dimension", "frame", "share", "ci_low", "ci_high", "n_docs"]
    if dates.notna().sum() == 0:
        return pd.DataFrame(columns=cols)
    span_days = (dates.max() - dates.min()).days
    if span_days >= 730:
        res = score(tokens, "year")
        key = "year"
    else:
        docs["month"] = dates.dt.strftime("%Y-%m")
        res = score(tokens.with_docs(docs), "month")
        key = "month"
    t = res.table
    rows = []
    for dim, frames in res.codebook.dimensions.items():
        for i in range(len(t)):
            for fr in frames:
                rows.append({"period": str(t[key].iloc[i]), "dimension": dim or "frames", "frame": fr,
                             "share": t[f"{fr}_share"].iloc[i],
                             "ci_low": t[f"{fr}_share_low"].iloc[i] if f"{fr}_share_low" in t else float("nan"),
                             "ci_high": t[f"{fr}_share_high"].iloc[i] if f"{fr}_share_high" in t else float("nan"),
                             "n_docs": int(t["n_docs"].iloc[i])})
    return pd.DataFrame(rows, columns=cols)


def _frames(run: _Run) -> dict[str, Path]:
    from framing.errors import InputError
    from framing.frames.northsouth import north_south

    a = run.settings["analyze"]
    f = run.settings["frames"]
    out = run.out / "frames"
    units = _split_run(run)
    press_name, (press, unit) = next(iter(units.items()))
    result = _press_frames(run)
    run.result.frames = result
    files = {f"frames.{k}": v for k, v in result.to_csv(out).items()}
    over_time = frames_over_time(press, lambda tok, by: _score_frames(run, tok, by))
    files["frames.over_time"] = out / "over_time.csv"
    over_time.to_csv(files["frames.over_time"], index=False)
    if len(over_time):
        from framing.frames.plot import plot_over_time

        _save_figure(plot_over_time(over_time).figure, out / "over_time", files, "frames.over_time")
    try:
        ns = north_south(press, result.codebook, by=unit, n_boot=f["n_boot"], confidence=f["confidence"],
                         random_state=a["random_state"], client=run.client)
    except InputError as exc:   # a codebook without a problematisation frame
        logger.info("frames: no north/south measure (%s)", exc)
    else:
        files["frames.north_south"] = out / "north_south.csv"          # the names `framing frames --north-south` writes
        ns.table.to_csv(files["frames.north_south"], index=False)
        files["frames.north_south_evidence"] = out / "north_south_evidence.csv"
        ns.evidence.to_csv(files["frames.north_south_evidence"], index=False)
    ax = result.plot()
    _save_figure(ax.figure, out / "profile", files, "frames.profile")
    for name, (tokens, by) in list(units.items())[1:]:      # speeches, scored apart
        sub = _score_frames(run, tokens, by)
        files.update({f"frames.{name}.{k}": v for k, v in sub.to_csv(out / name).items()})
        _save_figure(sub.plot().figure, out / name / "profile", files, f"frames.{name}.profile")
    del press_name
    return files


def _othering(run: _Run) -> dict[str, Path]:
    """Othering index per ``by`` group (press and speeches apart) and per party for speeches."""
    import matplotlib

    matplotlib.use("Agg", force=False)
    from framing.othering import OtheringScorer

    o = run.settings["othering"]
    a = run.settings["analyze"]
    out = run.out / "othering"
    out.mkdir(parents=True, exist_ok=True)
    scorer = OtheringScorer(o["lexicon"], ci=o["ci"], confidence=o["confidence"], random_state=a["random_state"])
    files: dict[str, Path] = {}
    for name, (subset, unit) in _split_run(run).items():
        if not len(subset):
            continue
        scored = scorer.score(subset, by=unit, client=run.client)
        files[f"othering.{name}"] = out / f"{name}.csv"
        files[f"othering.{name}_evidence"] = out / f"{name}_evidence.csv"
        scored.table.to_csv(files[f"othering.{name}"], index=False)
        scored.evidence.to_csv(files[f"othering.{name}_evidence"], index=False)
        fig = scored.plot(title=f"Othering index: {name.replace('_', ' ')}")
        _save_figure(fig, out / name, files, f"othering.{name}")
        run.result.othering[name] = scored
    return files


def _comparison(run: _Run) -> dict[str, Path]:
    """Keyness of each group against the rest, and frame-share differences between groups."""
    import framing

    a = run.settings["analyze"]
    c = run.settings["comparison"]
    out = run.out / "compare"
    out.mkdir(parents=True, exist_ok=True)
    tokens = run.grouped()
    files: dict[str, Path] = {}
    groups = list(run.info.n_docs)
    if len(groups) >= 2:
        tables = framing.keyness_by(tokens, by=a["by"], targets=groups, min_count=c["min_count"],
                                    measure=c["measure"], alpha=c["alpha"], client=run.client)
        for g in groups:
            if g not in tables:   # a group without tokens
                logger.info("comparison: no keyness for %s (the group or the rest has no counted tokens)", g)
                continue
            table = tables[g]
            key = f"compare.keyness_{_safe(g)}"
            files[key] = out / f"keyness_{_safe(g)}.csv"
            table.to_csv(files[key], index=False)
    if run.settings["frames"]["run"]:
        result = _press_frames(run)
        if len(result.table) >= 2:
            files["compare.frames"] = out / "frames.csv"
            framing.compare_frames(result, pairwise=True).to_csv(files["compare.frames"], index=False)
            files["compare.frames_test"] = out / "frames_test.csv"
            framing.compare_frames(result).to_csv(files["compare.frames_test"], index=False)
    return files


def _report(out: Path) -> dict[str, Path]:
    """``framing.build_report(out)``: report.html from the folder (the manifest names its files)."""
    from framing.report import build_report

    return {"report": build_report(out)}


__all__ = ["AnalysisResult", "DEPENDS", "MANIFEST", "SPLIT_FOLDER", "STEPS", "TOKENS_FOLDER", "analyze",
           "frames_over_time"]
