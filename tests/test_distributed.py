"""Dask execution (framing.scale): a real LocalCluster with 2 worker processes; every result equals
the single-process call exactly (== on tables, not approx), also when a worker dies mid-run."""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from pandas.testing import assert_frame_equal

pytest.importorskip("distributed")

import framing
from framing.nlp.backends.offline import OfflineBackend

REPO = Path(__file__).resolve().parents[1]
DEMO = REPO / "corpora" / "demo"


@pytest.fixture(scope="module")
def client():
    """One cluster for the module: 2 worker processes, 1 thread each (as on a real cluster)."""
    from distributed import Client, LocalCluster

    cluster = LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None)
    c = Client(cluster)
    yield c
    c.close()
    cluster.close()


@pytest.fixture(scope="module")
def corpus():
    return framing.read(DEMO, progress=False).unique()


@pytest.fixture(scope="module")
def tokens(corpus, tmp_path_factory):
    return framing.annotate(corpus, cache=tmp_path_factory.mktemp("cache"), progress=False)


def assert_same_cooccurrence(a, b) -> None:
    assert np.array_equal(a.vocab, b.vocab)
    assert a.upper.dtype == b.upper.dtype and a.upper.shape == b.upper.shape
    assert (a.upper != b.upper).nnz == 0
    for name in ("term_freq", "doc_freq", "marginals"):
        assert np.array_equal(getattr(a, name), getattr(b, name)), name
    assert (a.n_units, a.n_docs, a.n_tokens, a.unit, a.window) == (b.n_units, b.n_docs, b.n_tokens, b.unit, b.window)
    assert (a.pos is None) == (b.pos is None) and (a.pos is None or np.array_equal(a.pos, b.pos))
    assert a.settings == b.settings
    assert_frame_equal(a.to_frame(["count", "npmi", "g2"]), b.to_frame(["count", "npmi", "g2"]))


def test_import_framing_does_not_import_dask():
    code = ("import sys, framing; framing.Corpus; framing.get_client; import framing.scale; "
            "print(any(m == 'dask' or m.startswith(('dask.', 'distributed')) for m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                         env={**os.environ, "PYTHONPATH": str(REPO / "src")})
    assert out.stdout.strip() == "False"


def test_annotate_on_cluster_equals_single_process(client, corpus, tokens):
    got = framing.annotate(corpus, client=client, progress=False)
    assert got.meta["n_parts"] >= 2
    assert_frame_equal(got.table, tokens.table)
    assert_frame_equal(got.docs, tokens.docs)
    assert got.docs["doc_id"].tolist() == corpus.docs["doc_id"].tolist()


def test_annotate_reads_parquet_parts_on_the_workers(client, corpus, tmp_path):
    from framing.scale.cluster import corpus_parts

    small = framing.Corpus(corpus.docs.iloc[:40])
    for i, part in enumerate(corpus_parts(small, 3)):
        part.to_parquet(tmp_path / f"part-{i:03d}.parquet")
    got = framing.annotate(tmp_path, client=client, progress=False, profile="fast")
    read_back = framing.Corpus.concat(framing.Corpus.read_parquet(p) for p in sorted(tmp_path.iterdir()))
    want = framing.annotate(read_back, cache=False, progress=False, profile="fast")
    assert got.meta["n_parts"] == 3
    assert got.docs["doc_id"].tolist() == small.docs["doc_id"].tolist()
    assert_frame_equal(got.table, want.table)
    assert_frame_equal(got.docs, want.docs)


def test_workers_write_token_parts_that_count_like_one_table(client, corpus, tokens, tmp_path):
    from framing.nlp.tokens import Tokens
    from framing.scale import annotate_to_parquet

    paths = annotate_to_parquet(corpus, tmp_path / "tokens", client=client, partitions=4, progress=False)
    assert [p.name for p in paths] == [f"tokens-{i:06d}.parquet" for i in range(4)]
    parts = [Tokens.read_parquet(p) for p in paths]
    assert sum(len(p) for p in parts) == len(tokens)
    assert_frame_equal(pd.concat([p.table for p in parts], ignore_index=True), tokens.table)
    want = framing.cooccurrence(tokens, unit="window", min_df=2, progress=False)
    assert_same_cooccurrence(framing.cooccurrence(tmp_path / "tokens", unit="window", min_df=2,
                                                  progress=False, client=client), want)


def test_the_model_is_loaded_once_per_worker(client, corpus):
    framing.annotate(corpus, client=client, progress=False, profile="fast")
    framing.annotate(corpus, client=client, progress=False, profile="fast")  # 2 calls, 4+ parts each

    def loads() -> dict[str, int]:
        from framing.scale import cluster

        return {k: v for k, v in cluster._STATE.items() if k.startswith("_loads:")}

    per_worker = client.run(loads)
    assert len(per_worker) == 2
    for counts in per_worker.values():
        assert counts and all(v == 1 for v in counts.values())


@pytest.mark.parametrize("options", [
    {},
    {"unit": "window", "window": 5},
    {"unit": "document", "min_count": 3, "max_terms": 200},
    {"pos": ["NOUN", "ADJ"], "compounds": "parts", "min_df": 2},
    {"unit": "window", "within_sentence": True, "lowercase": True, "stopwords": ["stadt"]},
])
def test_cooccurrence_on_cluster_equals_single_process(client, tokens, options):
    want = framing.cooccurrence(tokens, progress=False, **options)
    got = framing.cooccurrence(tokens, progress=False, client=client, **options)
    assert_same_cooccurrence(got, want)


def test_cooccurrence_from_parquet_token_parts(client, tokens, tmp_path):
    from framing.scale.cluster import token_parts

    paths = [p.to_parquet(tmp_path / f"tokens-{i}.parquet") for i, p in enumerate(token_parts(tokens, 3))]
    want = framing.cooccurrence(tokens, min_count=2, progress=False)
    got = framing.cooccurrence(paths, min_count=2, progress=False, client=client)
    assert_same_cooccurrence(got, want)


@pytest.mark.parametrize("by", ["doc", "place", None, "sentence", ["place", "outlet"]])
def test_frames_on_cluster_equal_single_process(client, tokens, by):
    want = framing.score_frames(tokens, "integration_modes", by=by)
    got = framing.score_frames(tokens, "integration_modes", by=by, client=client)
    assert_frame_equal(got.table, want.table)   # bootstrap intervals included: same random_state
    assert_frame_equal(got.evidence, want.evidence)
    assert_frame_equal(got.hits, want.hits)


@pytest.mark.parametrize("terms", [{"compounds": "keep", "stopwords": None},
                                   {"min_df": 3, "pos": ["NOUN", "PROPN"]}, {"min_count": 4, "compounds": "head"}])
def test_frames_with_term_settings_on_cluster_equal_single_process(client, tokens, terms):
    want = framing.score_frames(tokens, "integration_modes", by="place", **terms)
    got = framing.score_frames(tokens, "integration_modes", by="place", client=client, **terms)
    assert len(want.hits) < len(framing.score_frames(tokens, "integration_modes", by="place").hits)
    assert_frame_equal(got.table, want.table)
    assert_frame_equal(got.evidence, want.evidence)   # computes the context flags left pending
    assert_frame_equal(got.hits, want.hits)


@pytest.mark.parametrize("options, by", [({}, "doc"), ({}, "place"),
                                         ({"ci": "bootstrap", "n_boot": 200}, "place"),
                                         ({"count_negated": True}, None),
                                         ({"compounds": "head", "stopwords": None, "min_count": 3}, "place")])
def test_othering_on_cluster_equals_single_process(client, tokens, options, by):
    want = framing.OtheringScorer(**options).score(tokens, by=by)
    got = framing.OtheringScorer(**options).score(tokens, by=by, client=client)
    assert want.table["othering"].sum() > 0
    assert_frame_equal(got.table, want.table)
    assert_frame_equal(got.matches, want.matches)
    assert_frame_equal(got.evidence, want.evidence)


@pytest.fixture(scope="module")
def token_folder(tokens, tmp_path_factory):
    """The demo tokens as a partitioned tokens folder (several parts)."""
    folder = tmp_path_factory.mktemp("parts") / "tokens"
    tokens.to_parquet(folder, partitioned=True, docs_per_file=25)
    return folder


def _unloaded(folder):
    from framing.nlp.token_parts import PartitionedTokens

    lazy = framing.read_tokens(folder)
    assert isinstance(lazy, PartitionedTokens) and len(lazy.parts) >= 3
    return lazy


@pytest.mark.parametrize("by", ["doc", "place", "sentence", ["place", "outlet"]])
def test_frames_over_a_tokens_folder_never_load_the_table_on_the_client(client, tokens, token_folder, by):
    want = framing.score_frames(tokens, "integration_modes", by=by)
    lazy = _unloaded(token_folder)
    got = framing.score_frames(lazy, "integration_modes", by=by, client=client)
    assert lazy._loaded is None           # the workers read the parts; the client never held the table
    assert_frame_equal(got.table, want.table)
    assert_frame_equal(got.evidence, want.evidence)
    assert_frame_equal(got.hits, want.hits)
    assert lazy._loaded is None
    by_files = framing.score_frames(sorted(token_folder.glob("*.parquet")), "integration_modes", by=by,
                                    client=client)     # a list of part files: the same
    assert_frame_equal(by_files.table, want.table)
    assert_frame_equal(by_files.evidence, want.evidence)


def test_cooccurrence_over_a_tokens_folder_never_loads_the_table_on_the_client(client, tokens, token_folder):
    mask = (tokens.table["upos"] != "VERB").to_numpy()
    for options in ({"unit": "window", "min_df": 2}, {"mask": mask}):
        want = framing.cooccurrence(tokens, progress=False, **options)
        lazy = _unloaded(token_folder)
        got = framing.cooccurrence(lazy, progress=False, client=client, **options)
        assert lazy._loaded is None
        assert_same_cooccurrence(got, want)


@pytest.mark.parametrize("options, by", [({}, "doc"), ({"ci": "bootstrap", "n_boot": 200}, "place"),
                                         ({"count_negated": True, "dropna": False}, "speaker")])
def test_othering_over_a_tokens_folder_never_loads_the_table_on_the_client(client, tokens, token_folder,
                                                                            options, by):
    want = framing.OtheringScorer(**options).score(tokens, by=by)
    lazy = _unloaded(token_folder)
    got = framing.OtheringScorer(**options).score(lazy, by=by, client=client)
    assert lazy._loaded is None
    assert want.table["othering"].sum() > 0
    assert_frame_equal(got.table, want.table)
    assert_frame_equal(got.matches, want.matches)
    assert_frame_equal(got.evidence, want.evidence)
    assert lazy._loaded is None


def test_near_duplicates_across_partitions_equal_single_process(client):
    from framing.scale import mark_duplicates

    docs = framing.read(DEMO, progress=False, dedup=False).docs[["doc_id", "text", "date", "outlet"]]
    # the same stories again at the end of the corpus (other parts): cut to 80 %, one word
    # changed; and very short texts (compared by exact text) in the first and last parts
    copies = docs.iloc[[3, 40, 41, 90]].copy()
    copies["text"] = [" ".join(t.split()[: int(len(t.split()) * 0.8)]).replace(" die ", " eine ", 1)
                      for t in copies["text"]]
    copies["doc_id"] = [f"copy-{i}" for i in range(len(copies))]
    copies["outlet"] = "Westfälische Rundschau"
    short = pd.DataFrame({"doc_id": ["short-a", "short-b"], "text": ["Kurz notiert!", "kurz notiert"],
                          "date": pd.NaT, "outlet": None})
    raw = framing.Corpus(pd.concat([short.iloc[:1], docs, copies, short.iloc[1:]], ignore_index=True))
    want = framing.mark_duplicates(raw)
    got = mark_duplicates(raw, client=client, partitions=5)
    assert int(want.docs["is_duplicate"].sum()) >= 5
    assert want.docs.loc[want.docs["doc_id"] == "short-b", "duplicate_of"].item() == "short-a"
    assert_frame_equal(got.docs, want.docs)


class ExitOnceBackend(OfflineBackend):
    """The default backend, except that the first time it meets ``victim`` it ends its worker
    process (as a killed or out-of-memory worker would), leaving a marker file."""

    def __init__(self, marker: str, victim: str, profile: str = "fast") -> None:
        super().__init__(profile)
        self.marker, self.victim = marker, victim

    def __getstate__(self):
        return {**super().__getstate__(), "marker": self.marker, "victim": self.victim}

    def __setstate__(self, state):
        self.__init__(state["marker"], state["victim"], state["profile"])

    def annotate_docs(self, docs):
        if any(d == self.victim for d, _ in docs) and not os.path.exists(self.marker):
            Path(self.marker).write_text("died here once")
            os._exit(1)
        return super().annotate_docs(docs)


def test_a_worker_dying_mid_task_loses_and_double_counts_nothing(client, corpus, tmp_path):
    from framing.scale.cluster import corpus_parts

    parts = corpus_parts(corpus, 6)
    victim = parts[3].docs["doc_id"].iloc[5]
    marker = tmp_path / "died"
    backend = ExitOnceBackend(str(marker), victim)
    want = framing.annotate(corpus, backend=OfflineBackend("fast"), cache=False, progress=False)
    got = framing.annotate(corpus, backend=backend, client=client, progress=False)
    assert marker.exists()          # a worker really died during the part with the victim
    assert_frame_equal(got.table, want.table)
    assert_frame_equal(got.docs, want.docs)
    co_want = framing.cooccurrence(want, progress=False)
    assert_same_cooccurrence(framing.cooccurrence(got, progress=False, client=client), co_want)


def test_get_client_errors():
    from framing.errors import ParameterError
    from framing.scale.cluster import get_client

    with pytest.raises(ParameterError, match="one of client, scheduler or n_process"):
        get_client(scheduler="tcp://localhost:8786", n_process=2)
    with pytest.raises(ParameterError, match=r"dask.distributed.Client"):
        get_client(client="tcp://localhost:8786")


def test_missing_dask_names_the_extra(monkeypatch):
    from framing.errors import MissingDependencyError
    from framing.scale.cluster import require_distributed

    monkeypatch.setitem(sys.modules, "distributed", None)  # an import of it now fails
    with pytest.raises(MissingDependencyError, match=r"framing-lokal\[dask\]"):
        require_distributed()


def test_analyze_with_a_client_writes_the_same_frames_and_othering(client, tmp_path):
    """``framing.analyze(client=)``: frame scoring (with frames over time and the speeches) and
    othering run on the workers and write the same tables as one process; the press and the
    speeches are split part by part into folders the workers read (never loaded here)."""
    from framing.pipeline import SPLIT_FOLDER, analyze

    sources = [DEMO / "articles" / "altena", DEMO / "speeches"]
    steps = {"topics": False, "networks": False, "comparison": False, "report": False}
    analyze(sources, tmp_path / "one", config=None, progress=False, frames={"n_boot": 100}, **steps)
    dask = analyze(sources, tmp_path / "dask", config=None, progress=False, frames={"n_boot": 100},
                   client=client, **steps)
    assert "token_table_loaded_by" not in dask.manifest
    assert not (tmp_path / "dask" / SPLIT_FOLDER).exists()
    names = sorted(p.relative_to(tmp_path / "one").as_posix() for p in (tmp_path / "one").rglob("*.csv")
                   if p.parts[-2] in ("frames", "othering", "speeches_by_party"))
    assert "frames/frames.csv" in names and "othering/press_by_place.csv" in names
    for name in names:
        pd.testing.assert_frame_equal(pd.read_csv(tmp_path / "dask" / name), pd.read_csv(tmp_path / "one" / name),
                                      obj=name)


def test_analyze_with_a_client_keeps_the_tokens_in_a_folder(client, tmp_path):
    """With a client the workers write ``tokens/``; groups, networks, frames (over time,
    north/south), othering, keyness and the LDA topic model run from the folder without loading its
    token table here (nothing in analysis.json's token_table_loaded_by). Every table equals the run
    without a client, the topic tables too (the streamed LDA fit gives the same floats)."""
    from framing.nlp.token_parts import PartitionedTokens
    from framing.pipeline import analyze

    sources = [DEMO / "articles"]
    steps = {"report": False, "topics": {"n_topics": 3, "passes": 2}, "frames": {"n_boot": 100}}
    one = analyze(sources, tmp_path / "one", config=None, progress=False, **steps)
    dask = analyze(sources, tmp_path / "dask", config=None, progress=False, client=client, **steps)
    assert not (tmp_path / "dask" / "tokens.parquet").exists()
    assert isinstance(dask.tokens, PartitionedTokens) and len(dask.tokens.parts) >= 2
    assert dask.tokens.n_docs == one.tokens.n_docs == 157
    assert "token_table_loaded_by" not in dask.manifest and "token_table_loaded_by" not in one.manifest
    assert not dask.tokens.loaded
    names = sorted(p.relative_to(tmp_path / "one").as_posix() for p in (tmp_path / "one").rglob("*.csv"))
    assert {"frames/north_south.csv", "frames/over_time.csv", "othering/press_by_place.csv",
            "compare/frames.csv", "groups.csv", "networks/comparison.csv", "topics/topics.csv",
            "topics/doc_topics.csv", "topics/coherence.csv"} <= set(names)
    assert any(n.startswith("compare/keyness_") for n in names)
    for name in sorted(p.relative_to(tmp_path / "one").as_posix() for p in (tmp_path / "one").rglob("*.gexf")):
        assert (tmp_path / "dask" / name).read_bytes() == (tmp_path / "one" / name).read_bytes(), name
    for name in names:
        pd.testing.assert_frame_equal(pd.read_csv(tmp_path / "dask" / name), pd.read_csv(tmp_path / "one" / name),
                                      obj=name)
    summary = [(tmp_path / d / "annotation_summary.txt").read_text().splitlines()[:17] for d in ("one", "dask")]
    assert summary[0] == summary[1] and summary[0][0].split()[-1] == str(len(one.tokens))
    # resumed: the folder is reused, not annotated again
    again = analyze(sources, tmp_path / "dask", config=None, progress=False, client=client, **steps)
    assert "annotate" in again.reused and isinstance(again.tokens, PartitionedTokens)


@pytest.mark.parametrize("options", [{}, {"unit": "window", "window": 5, "min_count": 2},
                                     {"unit": "document", "pos": ["NOUN", "ADJ"], "min_df": 2},
                                     {"groups": ["Altena"], "lowercase": True}])
def test_cooccurrence_by_on_cluster_equals_single_process(client, tokens, token_folder, options):
    want = framing.cooccurrence_by(tokens, "place", progress=False, **options)
    assert len(want) >= 1 and all(c.n_tokens > 0 for c in want.values())
    lazy = _unloaded(token_folder)
    for source in (tokens, lazy):
        got = framing.cooccurrence_by(source, "place", progress=False, client=client, **options)
        assert list(got) == list(want)
        for group in want:
            assert_same_cooccurrence(got[group], want[group])
        assert got.doc_ids == want.doc_ids
        if len(want) > 1:
            assert_frame_equal(got.compare(min_pair_count=2), want.compare(min_pair_count=2))
    assert lazy._loaded is None


def test_write_networks_with_a_client_writes_the_same_files(client, tokens, token_folder, tmp_path):
    from framing.networks.outputs import write_networks

    options = {"by": "place", "pos": ["NOUN", "PROPN"], "min_count": 2, "png": False, "progress": False}
    want = write_networks(tokens, tmp_path / "one", **options)
    lazy = _unloaded(token_folder)
    got = write_networks(lazy, tmp_path / "dask", client=client, **options)
    assert lazy._loaded is None
    assert sorted(got) == sorted(want) and "comparison.csv" in want
    for name, path in want.items():
        assert Path(got[name]).read_bytes() == Path(path).read_bytes(), name


@pytest.mark.parametrize("options", [{"target": "Altena"},
                                     {"target": "Essen-Hörsterfeld", "reference": ["Altena"], "min_count": 2},
                                     {"target": "Altena", "stopwords": [], "measure": "log_ratio"}])
def test_keyness_on_cluster_equals_single_process(client, tokens, token_folder, options):
    want = framing.keyness(tokens, by="place", **options)
    assert want["significant"].any()
    lazy = _unloaded(token_folder)
    for source in (tokens, lazy):
        got = framing.keyness(source, by="place", client=client, **options)
        assert_frame_equal(got, want)
        assert got.attrs == want.attrs
    assert lazy._loaded is None


def test_keyness_by_on_cluster_is_one_pass_with_the_same_tables(client, tokens, token_folder):
    want = framing.keyness_by(tokens, by="place")
    assert len(want) >= 3
    lazy = _unloaded(token_folder)
    got = framing.keyness_by(lazy, by="place", client=client)
    assert lazy._loaded is None and list(got) == list(want)
    for target, table in want.items():
        assert_frame_equal(got[target], table)
        assert_frame_equal(table, framing.keyness(tokens, by="place", target=target))


@pytest.mark.parametrize("settings", [{}, {"bigrams": True, "bigram_min_count": 2, "lowercase": False}])
def test_topic_terms_and_lda_on_cluster_equal_single_process(client, tokens, token_folder, settings):
    """TopicModel.fit(client=): each part's terms are selected and counted on the workers (of a
    tokens folder, or slices of in-memory tokens); the dictionary, bigrams, case map and LDA
    topics equal the fit on the whole table in one process."""
    from framing.topics import Terms

    one = Terms(**settings)
    want = one.fit_transform(tokens)
    lazy = _unloaded(token_folder)
    for source in (lazy, tokens):
        got_terms = Terms(**settings)
        got = got_terms.fit_transform(source, client=client)
        assert got_terms.dictionary_.token2id == one.dictionary_.token2id
        assert got_terms.dictionary_.dfs == one.dictionary_.dfs and got_terms.dictionary_.cfs == one.dictionary_.cfs
        assert got_terms.case_map_ == one.case_map_
        assert (got_terms.phraser_ is None) == (one.phraser_ is None)
        if one.phraser_ is not None:
            assert got_terms.phraser_.phrasegrams == one.phraser_.phrasegrams and one.phraser_.phrasegrams
        assert got.doc_ids == want.doc_ids and list(got.bow) == want.bow
    kw = dict(n_topics=3, passes=2, random_state=0, progress=False, terms=settings)
    a = framing.TopicModel(engine="lda", **kw).fit(tokens)
    b = framing.TopicModel(engine="lda", **kw).fit(lazy, client=client)
    pd.testing.assert_frame_equal(b.topics_, a.topics_, check_exact=True)
    pd.testing.assert_frame_equal(b.doc_topics_, a.doc_topics_, check_exact=True)
    assert lazy._loaded is None
