"""One parameter vocabulary (docs/reference/parameters.md): the public signatures of everything
framing exports, and the CLI flags, use the canonical names, never a known synonym."""
from __future__ import annotations

import argparse
import inspect
import warnings
from collections.abc import Callable, Iterator
from typing import Any

import pytest

import framing

#: synonym -> the canonical name (docs/reference/parameters.md)
SYNONYMS = {
    "workers": "n_process", "processes": "n_process", "n_jobs": "n_process", "n_workers": "n_process",
    "top": "top_n", "top_k": "top_n", "topk": "top_n", "top_k_per_node": "top_n_per_node", "n": "top_n",
    "num_topics": "n_topics", "k": "n_topics",
    "seed": "random_state", "random_seed": "random_state", "rng": "random_state",
    "min_freq": "min_count", "min_term_freq": "min_count", "min_frequency": "min_count",
    "min_term_count": "min_count",
    "stop_words": "stopwords", "stoplist": "stopwords",
    "verbose": "progress", "show_progress": "progress", "quiet": "progress",
    "document": "doc", "group_by": "by", "groupby": "by",
}
#: (where, name): a synonym kept on purpose, with the reason
ALLOWED = {
    ("Corpus.sample", "n"): "a sample size, as in pandas' DataFrame.sample(n=, frac=)",
    ("coding_sample", "n"): "a sample size, as Corpus.sample",
    ("PlaceTagger", "stoplist"): "ambiguous place names never tagged, not a stopword list",
}
#: (command, flag): a CLI spelling kept on purpose, with the reason
ALLOWED_FLAGS: dict[tuple[str, str], str] = {}
#: engine classes and the functions public methods forward to (to_graph -> build_graph)
EXTRA = {
    "LdaTopicModel": "framing.topics.lda", "BertopicTopicModel": "framing.topics.bertopic_engine",
    "build_graph": "framing.networks.graph", "topic_coherence": "framing.topics.coherence",
}


def _callables() -> Iterator[tuple[str, Callable[..., Any]]]:
    import importlib

    objects = {name: getattr(framing, name) for name in framing.__all__ if not name.startswith("__")}
    objects.update({name: getattr(importlib.import_module(mod), name) for name, mod in EXTRA.items()})
    for name, obj in objects.items():
        if inspect.isclass(obj):
            if obj.__init__ is not object.__init__:
                yield name, obj.__init__
            for attr, member in vars(obj).items():
                if attr.startswith("_"):
                    continue
                func = member.__func__ if isinstance(member, (classmethod, staticmethod)) else member
                if inspect.isfunction(func):
                    yield f"{name}.{attr}", func
        elif callable(obj):
            yield name, obj


def _parameters(func: Callable[..., Any]) -> list[str]:
    try:
        return [p.name for p in inspect.signature(func).parameters.values()
                if p.kind not in (p.VAR_POSITIONAL, p.VAR_KEYWORD) and p.name not in ("self", "cls")]
    except (TypeError, ValueError):
        return []


def test_public_signatures_use_the_canonical_names() -> None:
    found = [(where, name) for where, func in _callables() for name in _parameters(func)
             if name in SYNONYMS and (where, name) not in ALLOWED]
    assert not found, "non-canonical parameter names (see docs/reference/parameters.md): " + ", ".join(
        f"{w}({n}=) -> {SYNONYMS[n]}" for w, n in found)


def test_the_walk_sees_the_instruments() -> None:
    seen = {where for where, _ in _callables()}
    for where in ("cooccurrence", "Cooccurrence.to_frame", "Cooccurrence.neighbours", "build_graph",
                  "OtheringScorer", "TopicModel.top_terms",
                  "LdaTopicModel", "score_frames", "keyness", "read", "annotate"):
        assert where in seen, where


def _flags(parser: argparse.ArgumentParser) -> Iterator[tuple[str, str, argparse.Action]]:
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for command, sub in action.choices.items():
                for _, flag, a in _flags(sub):
                    yield command, flag, a
        for flag in action.option_strings:
            yield "", flag, action


def test_cli_flags_use_the_canonical_names_or_are_deprecated_aliases() -> None:
    from framing.cli import _DeprecatedFlag, build_parser

    bad = []
    for command, flag, action in _flags(build_parser()):
        if not flag.startswith("--"):
            continue  # short flags (-k, -q, -o) are abbreviations of long ones
        name = flag[2:].replace("-", "_")
        if (name in SYNONYMS and not isinstance(action, _DeprecatedFlag) and name != "quiet"
                and (command, flag) not in ALLOWED_FLAGS):
            bad.append(f"{command} {flag}")
    assert not bad, bad
    # -q/--quiet is the CLI's word for progress=False (a flag cannot be negative)


@pytest.mark.parametrize("command, old, new, dest, value", [
    ("topics", "--workers", "--n-process", "n_process", 3),
    ("network", "--top-k", "--top-n", "top_n", 7),
    ("network", "--seed", "--random-state", "random_state", 9),
])
def test_old_cli_flags_still_work_with_a_notice(capsys, command, old, new, dest, value) -> None:
    from framing.cli import build_parser

    args = build_parser().parse_args([command, "tokens.parquet", old, str(value)])
    assert getattr(args, dest) == value
    assert f"{old} is deprecated" in capsys.readouterr().err and new
    args = build_parser().parse_args([command, "tokens.parquet", new, str(value)])
    assert getattr(args, dest) == value and capsys.readouterr().err == ""


def test_term_flags_are_spelled_the_same_in_network_and_topics(tmp_path) -> None:
    from framing.cli import _term_settings, build_parser

    (tmp_path / "stop.txt").write_text("# my list\nstadt\nrat  # a comment\n", encoding="utf-8")
    shared = ["--pos", "NOUN,ADJ", "--stopwords", str(tmp_path / "stop.txt"), "--stopwords-extra", "Jahr, Uhr",
              "--stopwords-remove", "heute", "--compounds", "head", "--min-df", "0.01"]
    parser = build_parser()
    network = _term_settings(parser.parse_args(["network", "t.parquet", *shared, "--min-count", "3"]))
    topics = _term_settings(parser.parse_args(["topics", "t.parquet", *shared, "--min-count", "3"]))
    assert network == topics == {"pos": ["NOUN", "ADJ"], "stopwords": ["stadt", "rat"],
                                 "stopwords_extra": ["Jahr", "Uhr"], "stopwords_remove": ["heute"],
                                 "compounds": "head", "min_count": 3, "min_df": 0.01}
    assert _term_settings(parser.parse_args(["topics", "t.parquet", "--stopwords", "none"]))["stopwords"] is False
    # the lexicon matchers take the same flags, with their own defaults (no stopwords, compound
    # head and modifier matches); 'flag' is the is_stop flag everywhere
    for command in (["othering", "t.parquet", "-o", "out"], ["frames", "t.parquet", "-o", "out"]):
        assert _term_settings(parser.parse_args([*command, *shared, "--min-count", "3"])) == network
        assert _term_settings(parser.parse_args(command)) == {
            "stopwords": False, "stopwords_extra": [], "stopwords_remove": [], "compounds": "parts",
            "min_count": 1, "min_df": 1}
        assert _term_settings(parser.parse_args([*command, "--stopwords", "flag"]))["stopwords"] is None
    assert _term_settings(parser.parse_args(["topics", "t.parquet", "--stopwords", "flag"]))["stopwords"] is None
    assert parser.parse_args(["topics", "t.parquet"]).min_df == "auto"


@pytest.mark.parametrize("argv, term_count, pair_count, notice", [
    (["--min-count", "3", "--min-pair-count", "2"], 3, 2, ""),
    (["--min-pair-count", "2"], 1, 2, ""),
    ([], 1, 5, ""),
    (["--min-count", "3"], 3, 5, "now the minimum term frequency"),            # the changed meaning, said
    (["--min-term-count", "2"], 2, 5, "--min-term-count is deprecated"),
    (["--min-term-count", "2", "--min-count", "4"], 2, 4, "read as the old pair count"),  # the old vocabulary
    (["--top-k", "7", "--min-count", "4"], 1, 4, "read as the old pair count"),
])
def test_network_min_count_is_the_term_frequency_and_old_command_lines_keep_their_meaning(
        capsys, argv, term_count, pair_count, notice) -> None:
    from framing.cli import _network_counts, build_parser

    args = build_parser().parse_args(["network", "t.parquet", *argv])
    terms, pairs = _network_counts(args)
    assert (terms["min_count"], pairs) == (term_count, pair_count)
    err = capsys.readouterr().err
    assert (notice in err) if notice else err == ""


def _network_edges(folder) -> list[str]:
    return sorted(p.read_text(encoding="utf-8") for p in folder.glob("*edges*.csv"))


def test_write_networks_takes_the_vocabulary_and_its_old_names_for_one_release(tmp_path) -> None:
    import pandas as pd

    from framing.networks.outputs import write_networks
    from framing.nlp.tokens import Tokens

    sentences = ["Stadt Rat Baum", "Stadt Rat Baum", "Stadt Rat", "Haus Park", "Haus Park", "Haus Park"]
    rows = [(s, w) for s, text in enumerate(sentences) for w in text.split()]
    table = pd.DataFrame({"doc_id": "a", "sent_id": [s for s, _ in rows], "token_id": range(len(rows)),
                          "text": [w for _, w in rows], "lemma": [w for _, w in rows]})
    tokens = Tokens(table)
    kw = dict(png=False, communities=None, progress=False, measure="count")
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        new = write_networks(tokens, tmp_path / "new", min_count=3, min_pair_count=2, top_n_per_node=5, **kw)
    # min_count=3 drops Baum (2 tokens), so its edge to Stadt (2 sentences) is gone
    edges = pd.read_csv(next(p for p in new.values() if p.name.endswith("edges.csv")))
    assert sorted(map(sorted, edges[["Source", "Target"]].to_numpy().tolist())) == [["Haus", "Park"], ["Rat", "Stadt"]]
    with pytest.warns(DeprecationWarning) as caught:
        write_networks(tokens, tmp_path / "old", min_term_count=3, min_count=2, top_k=5, **kw)
    said = " ".join(str(w.message) for w in caught)
    assert "min_term_count= is deprecated" in said and "top_k= is deprecated" in said and "old pair count" in said
    assert _network_edges(tmp_path / "old") == _network_edges(tmp_path / "new")
    with pytest.warns(FutureWarning, match="min_count= is now the term frequency"):
        write_networks(tokens, tmp_path / "ambiguous", min_count=3, top_n_per_node=5, **kw)
    ambiguous = pd.read_csv(next((tmp_path / "ambiguous").glob("*edges.csv")))
    assert len(ambiguous) == 0   # the pair count is the default 5 there: pairs of 3 are dropped


def test_old_keyword_names_still_work_with_a_deprecation_warning(tmp_path) -> None:
    import pandas as pd

    docs = pd.DataFrame({"doc_id": ["a", "b"], "text": ["Die Stadt wächst. Die Stadt baut.",
                                                          "Der Rat baut Wohnungen in der Stadt."]})
    tokens = framing.annotate(framing.Corpus(docs), progress=False, cache=False)
    cooc = framing.cooccurrence(tokens, progress=False)
    with pytest.warns(DeprecationWarning, match=r"min_count= is deprecated.*use min_pair_count="):
        old = cooc.to_frame(min_count=2)
    pd.testing.assert_frame_equal(old, cooc.to_frame(min_pair_count=2))
    with pytest.warns(DeprecationWarning, match="top= is deprecated"):
        assert len(cooc.neighbours("Stadt", top=1)) == 1
    with pytest.warns(DeprecationWarning, match="top_k_per_node= is deprecated"):
        G = cooc.to_graph("count", top_k_per_node=1, communities=None)
    assert G.graph["top_n_per_node"] == 1
    with pytest.raises(framing.ParameterError, match="pass top_n only"):
        cooc.neighbours("Stadt", top=1, top_n=2)
    with pytest.warns(DeprecationWarning, match="workers= is deprecated"):
        model = framing.TopicModel(engine="lda", workers=2)
    assert model.n_process == 2 and "workers" not in model.get_params()
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # the new names warn about nothing
        cooc.to_frame(min_pair_count=2)
        framing.TopicModel(engine="lda", n_process=2)


def test_read_shows_its_full_signature_and_ingest_is_the_same_function(tmp_path) -> None:
    sig = inspect.signature(framing.read)
    assert not any(p.kind == p.VAR_KEYWORD for p in sig.parameters.values())
    for name in ("format", "clean", "places", "dedup", "strict", "progress", "text_col", "header", "names",
                 "encoding", "options"):
        assert sig.parameters[name].kind == inspect.Parameter.KEYWORD_ONLY, name
    assert framing.ingest is framing.read
    (tmp_path / "t.csv").write_text("id;Inhalt;Ort\n1;Die Stadt wächst.;Essen\n2;Der Rat tagt.;Altena\n",
                                    encoding="utf-8")
    quiet = dict(progress=False, places=False, dedup=False)
    named = framing.read(tmp_path / "t.csv", text_col="Inhalt", id_col="id", **quiet)
    assert named.docs["text"].tolist() == ["Die Stadt wächst.", "Der Rat tagt."]
    via_options = framing.read(tmp_path / "t.csv", options={"text_col": "Inhalt", "place_col": "Ort"}, **quiet)
    assert via_options.docs["place"].tolist() == ["Essen", "Altena"]
    with pytest.warns(DeprecationWarning, match=r"options=\{'place_col': 'Ort'\}"):
        old = framing.read(tmp_path / "t.csv", text_col="Inhalt", place_col="Ort", **quiet)
    assert old.docs["place"].tolist() == ["Essen", "Altena"]
    with pytest.raises(framing.ParameterError, match=r"^options: unknown reader option\(s\) \['txt_col'\]"):
        framing.read(tmp_path / "t.csv", options={"txt_col": "Inhalt"}, **quiet)


def test_analyze_networks_settings_take_the_vocabulary_and_the_old_keys_for_one_release(tmp_path) -> None:
    from framing.config import resolve

    (tmp_path / "new.toml").write_text("[networks]\nmin_pair_count = 4\ntop_n_per_node = 7\n", encoding="utf-8")
    (tmp_path / "old.toml").write_text("[networks]\nmin_count = 4\ntop_k = 7\n", encoding="utf-8")
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        new, _ = resolve(tmp_path / "new.toml")
    with pytest.warns(DeprecationWarning, match=r"\[networks\] min_count is deprecated.*min_pair_count"):
        old, _ = resolve(tmp_path / "old.toml")
    assert old == new and (new["networks"]["min_pair_count"], new["networks"]["top_n_per_node"]) == (4, 7)
    with pytest.warns(DeprecationWarning, match="top_k is deprecated"):
        assert resolve(None, {"top_k": 3})[0]["networks"]["top_n_per_node"] == 3
    with pytest.warns(DeprecationWarning, match="min_count is deprecated"):
        assert resolve(None, {"networks": {"min_count": 2}})[0]["networks"]["min_pair_count"] == 2
    (tmp_path / "both.toml").write_text("[networks]\nmin_count = 4\nmin_pair_count = 4\n", encoding="utf-8")
    with pytest.raises(framing.ParameterError, match="give min_pair_count only"):
        resolve(tmp_path / "both.toml")


def test_analyze_comparison_min_count_is_the_vocabulary_and_min_freq_its_old_key(tmp_path) -> None:
    from framing.config import resolve

    (tmp_path / "old.toml").write_text("[comparison]\nmin_freq = 3\n", encoding="utf-8")
    with pytest.warns(DeprecationWarning, match=r"\[comparison\] min_freq is deprecated.*min_count"):
        assert resolve(tmp_path / "old.toml")[0]["comparison"]["min_count"] == 3
    with pytest.warns(DeprecationWarning, match="min_freq is deprecated"):
        assert resolve(None, {"min_freq": 4})[0]["comparison"]["min_count"] == 4
    assert resolve(None, {"comparison": {"min_count": 6}})[0]["comparison"]["min_count"] == 6
    # a bare min_count was the pair count of [networks] before: ambiguous, so it must be a section dict
    with pytest.raises(framing.ParameterError, match=r"old, deprecated name of \[networks\] min_pair_count"):
        resolve(None, {"min_count": 2})
