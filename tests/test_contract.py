"""Cross-instrument contract checks (in the spirit of scikit-learn's common estimator checks).

Every instrument — co-occurrence, topics, othering, frames — must:

1. reject a bad argument the same way: :class:`framing.ParameterError` (a ``ValueError``),
   with a message that names the parameter and the allowed values;
2. raise :class:`framing.NotFittedError` (a ``ValueError`` and an ``AttributeError``) when a
   learned attribute (trailing underscore) of a fresh estimator is read;
3. honour ``random_state`` (same seed, same result);
4. store its parameters verbatim in ``__init__`` (what you pass is what you read back);
5. keep no stale state (a parameter changed after a call takes effect in the next call).

The policy is written down in docs/reference/errors.md. Checks 2, 4 and 5 concern estimators
(objects with learned state: ``TopicModel``, ``OtheringScorer``); co-occurrence and frames are
functions of their arguments, so they take part in checks 1 and 3.
"""
from __future__ import annotations

import inspect
from collections.abc import Callable
from typing import Any

import pandas as pd
import pytest

import framing
from framing.errors import (
    FramingError,
    InputError,
    MissingDependencyError,
    NotFittedError,
    ParameterError,
    check_choice,
    check_positive,
    check_range,
)

TEXTS = {
    "a1": "Die Flüchtlinge wohnen in der Flüchtlingsunterkunft am Stadtrand. Der Rat berät über die Unterkunft.",
    "a2": "Die Flüchtlingswelle erreichte die Stadt. Diese Leute wollen hier wohnen, sagen die Anwohner.",
    "a3": "Die Asylbewerber warten vor dem Rathaus. Die Stadt sucht Wohnungen für die Asylbewerber.",
    "a4": "Im Essener Norden ist die Belastung groß. Die Überforderung der Schulen wächst.",
    "b1": "Der demografische Wandel ist eine Chance. Leerstand und Fachkräftemangel prägen die Stadt.",
    "b2": "Die neuen Nachbarn aus Syrien kochen beim Sommerfest. Der Verein lädt zum Sprachkurs ein.",
    "b3": "Die Geflüchteten sind längst Essener. Die Ausbildung im Handwerk ist eine Chance.",
    "b4": "Ehrenamtliche begleiten die Familien. Das Begegnungscafé im Stadtteil ist ein Erfolg.",
}
PLACES = {"a1": "Essen", "a2": "Essen", "a3": "Essen", "a4": "Essen",
          "b1": "Altena", "b2": "Altena", "b3": "Altena", "b4": "Altena"}


@pytest.fixture(scope="module")
def tokens() -> framing.Tokens:
    docs = pd.DataFrame({"doc_id": list(TEXTS), "text": list(TEXTS.values()),
                         "place": [PLACES[d] for d in TEXTS]})
    return framing.annotate(framing.Corpus(docs), progress=False, cache=False)


def _lda(**kw: Any) -> framing.TopicModel:
    """A small, fast LDA for the checks (no coherence, every term kept)."""
    settings: dict[str, Any] = dict(engine="lda", n_topics=2, passes=2, iterations=20, coherence=None,
                                    terms={"min_df": 1, "max_df": 1.0}, progress=False)
    settings.update(kw)
    return framing.TopicModel(**settings)


# -- 1. bad arguments ---------------------------------------------------------------------------
#: instrument -> (call with one bad argument, the parameter's name, the allowed values)
BAD_ARGUMENTS: dict[str, tuple[Callable[[Any], Any], str, list[str]]] = {
    "cooccurrence-unit": (lambda t: framing.cooccurrence(t, unit="page", progress=False),
                          "unit", ["sentence", "document", "window"]),
    "cooccurrence-window": (lambda t: framing.cooccurrence(t, unit="window", window=1, progress=False),
                            "window", [">= 2"]),
    "cooccurrence-compounds": (lambda t: framing.cooccurrence(t, compounds="split", progress=False),
                               "compounds", ["keep", "head", "parts"]),
    "cooccurrence-communities": (lambda t: framing.cooccurrence(t, progress=False).to_graph(communities="girvan"),
                                 "communities", ["louvain", "leiden"]),
    "topics-engine": (lambda t: framing.TopicModel(engine="nmf"), "engine", ["lda", "bertopic"]),
    "topics-n_topics": (lambda t: _lda(n_topics=0).fit(t), "n_topics", [">= 1"]),
    "othering-ci": (lambda t: framing.OtheringScorer(ci="exact").score(t), "ci", ["wilson", "bootstrap", "none"]),
    "othering-confidence": (lambda t: framing.OtheringScorer(confidence=1.5).score(t), "confidence", ["(0, 1)"]),
    "frames-confidence": (lambda t: framing.score_frames(t, confidence=1.5), "confidence", ["0", "1"]),
    "othering-compounds": (lambda t: framing.OtheringScorer(compounds="split").score(t),
                           "compounds", ["keep", "head", "parts"]),
    "frames-compounds": (lambda t: framing.score_frames(t, compounds="split"), "compounds", ["keep", "head", "parts"]),
    "frames-min_count": (lambda t: framing.score_frames(t, min_count=0), "min_count", ["positive"]),
}
@pytest.mark.parametrize("case", list(BAD_ARGUMENTS))
def test_bad_argument_raises_parameter_error_naming_parameter_and_choices(tokens, case: str) -> None:
    call, name, allowed = BAD_ARGUMENTS[case]
    with pytest.raises(Exception) as info:
        call(tokens)
    exc = info.value
    assert isinstance(exc, ParameterError), f"{case}: {type(exc).__name__}: {exc}"
    assert isinstance(exc, ValueError) and isinstance(exc, InputError) and isinstance(exc, FramingError)
    message = str(exc)
    assert message.startswith(name), message
    for value in allowed:
        assert value in message, (value, message)


def test_parameter_error_is_caught_by_cli_as_bad_input(tmp_path) -> None:
    """A ParameterError is a FramingError: the CLI answers with one line and exit status 2."""
    from framing.cli import main

    (tmp_path / "t.txt").write_text("Die Stadt wächst.", encoding="utf-8")
    rc = main(["othering", str(tmp_path / "t.txt"), "-o", str(tmp_path / "o.csv"), "--ci", "wilson",
               "--confidence", "1.5", "-q"])
    assert rc == 2


# -- 2. not fitted ------------------------------------------------------------------------------
@pytest.mark.parametrize("make, attributes", [
    (lambda: _lda(), ["topics_", "doc_topics_", "labels_", "model_", "topic_word_"]),
    (lambda: framing.OtheringScorer(), ["result_", "evidence_", "table_"]),
], ids=["topics", "othering"])
def test_fresh_estimator_learned_attributes_raise_not_fitted(make, attributes) -> None:
    est = make()
    for attr in attributes:
        with pytest.raises(NotFittedError, match=r"score|fit") as info:
            getattr(est, attr)
        assert isinstance(info.value, ValueError) and isinstance(info.value, AttributeError)
        assert not hasattr(est, attr)
    # ordinary missing attributes stay ordinary AttributeErrors
    with pytest.raises(AttributeError) as info:
        est.no_such_thing  # noqa: B018  (the attribute access is what is tested)
    assert not isinstance(info.value, NotFittedError)


def test_topic_methods_before_fit_raise_not_fitted() -> None:
    with pytest.raises(NotFittedError, match="call fit"):
        _lda().top_terms()


# -- 3. random_state ----------------------------------------------------------------------------
def test_random_state_is_honoured_by_topics(tokens) -> None:
    a = _lda(random_state=3).fit(tokens).doc_topics_
    b = _lda(random_state=3).fit(tokens).doc_topics_
    pd.testing.assert_frame_equal(a, b)


def test_random_state_is_honoured_by_othering(tokens) -> None:
    def run() -> pd.DataFrame:
        return framing.OtheringScorer(ci="bootstrap", n_boot=200, random_state=5).score(tokens, by="place").table
    pd.testing.assert_frame_equal(run(), run())


def test_random_state_is_honoured_by_frames(tokens) -> None:
    def run() -> pd.DataFrame:
        return framing.score_frames(tokens, by="place", n_boot=200, random_state=5).table
    pd.testing.assert_frame_equal(run(), run())


def test_random_state_is_honoured_by_cooccurrence_communities(tokens) -> None:
    cooc = framing.cooccurrence(tokens, progress=False)

    def run() -> dict[Any, Any]:
        G = cooc.to_graph(measure="count", communities="louvain", random_state=11)
        return dict(G.nodes(data="community"))
    assert run() == run()


# -- 4. parameters stored verbatim --------------------------------------------------------------
@pytest.mark.parametrize("cls", [framing.OtheringScorer, lambda **kw: framing.TopicModel(engine="lda", **kw),
                                 lambda **kw: framing.TopicModel(engine="bertopic", **kw)],
                         ids=["othering", "topics-lda", "topics-bertopic"])
def test_init_stores_every_parameter_verbatim(cls) -> None:
    est = cls()
    sig = inspect.signature(type(est).__init__)
    names = [p.name for p in sig.parameters.values() if p.name != "self" and p.kind != p.VAR_KEYWORD]
    for name in names:  # defaults read back unchanged
        assert getattr(est, name) == sig.parameters[name].default, name
    # what you pass is what you read back: the very object, not a copy or a conversion
    marker_terms = {"min_df": 2}
    marker_list = ["Flüchtling"]
    if isinstance(est, framing.OtheringScorer):
        est = cls(places=marker_list, demonym_overrides={"Evingsen": "Evingser"}, ci="bootstrap", n_boot=17)
        assert est.places is marker_list and est.ci == "bootstrap" and est.n_boot == 17
    else:
        est = cls(n_topics=3, terms=marker_terms, random_state=7)
        assert est.terms is marker_terms and est.get_params()["terms"] is marker_terms
        assert est.get_params()["n_topics"] == 3 and est.random_state == 7


# -- 5. no stale state --------------------------------------------------------------------------
def test_topics_parameter_change_takes_effect_on_next_fit(tokens) -> None:
    m = _lda(n_topics=2).fit(tokens)
    assert m.n_topics_ == 2
    m.set_params(n_topics=3)
    m.fit(tokens)
    assert m.n_topics_ == 3 and m.doc_topics_.shape[1] >= 3
    m.n_topics = 2  # plain assignment works too
    assert m.fit(tokens).n_topics_ == 2


def test_othering_parameter_change_takes_effect_on_next_score(tokens) -> None:
    s = framing.OtheringScorer(ci="wilson")
    first = s.score(tokens, by="place")
    assert first.settings["ci"] == "wilson" and first.table["ci_method"].str.startswith("wilson").all()
    s.ci = "none"
    second = s.score(tokens, by="place")
    assert second.settings["ci"] == "none" and second.table["ci_method"].eq("none").all()
    assert s.result_ is second
    s.confidence = 2.0  # a bad value set after construction is caught at the next call
    with pytest.raises(ParameterError, match="confidence"):
        s.score(tokens)


# -- the helpers and the exported classes -------------------------------------------------------
def test_check_helpers_word_the_message() -> None:
    with pytest.raises(ParameterError, match=r"^unit must be one of \['a', 'b'\], got 'c'$"):
        check_choice("unit", "c", ["a", "b"])
    assert check_choice("unit", None, ["a"], allow_none=True) is None
    with pytest.raises(ParameterError, match=r"^window must be an integer >= 2, got 1$"):
        check_positive("window", 1, minimum=2)
    with pytest.raises(ParameterError, match="an integer"):
        check_positive("n", True)
    assert check_positive("n", 3) == 3
    with pytest.raises(ParameterError, match=r"^holdout must be in \[0, 0.5\), got 0.5$"):
        check_range("holdout", 0.5, 0, 0.5, high_open=True)
    with pytest.raises(ParameterError, match="a number"):
        check_range("p", "x", 0, 1)


def test_error_classes_are_exported_and_related() -> None:
    for name in ("FramingError", "InputError", "ParameterError", "NotFittedError",
                 "MissingDependencyError", "FormatError", "EmptyCorpusError", "ModelNotFoundError"):
        cls = getattr(framing, name)
        assert issubclass(cls, framing.FramingError), name
    assert issubclass(ParameterError, ValueError) and issubclass(ParameterError, InputError)
    assert issubclass(NotFittedError, ValueError) and issubclass(NotFittedError, AttributeError)
    assert issubclass(MissingDependencyError, ImportError)
    from framing.topics import MissingDependencyError as old_place
    assert old_place is MissingDependencyError  # the old import path keeps working


def test_missing_igraph_names_the_extra(tokens, monkeypatch) -> None:
    import sys

    monkeypatch.setitem(sys.modules, "igraph", None)
    cooc = framing.cooccurrence(tokens, progress=False)
    with pytest.raises(MissingDependencyError, match=r'pip install "framing-lokal\[leiden\]"'):
        cooc.to_graph(measure="count", communities="leiden")


# -- 6. one result surface ----------------------------------------------------------------------
def _results(tokens: framing.Tokens) -> dict[str, Any]:
    return {
        "othering": framing.OtheringScorer(ci="wilson").score(tokens, by="place"),
        "frames": framing.score_frames(tokens, by="place", n_boot=0),
        "cooccurrence": framing.cooccurrence(tokens, progress=False),
        "cooccurrence-group": framing.cooccurrence_by(tokens, "place", progress=False)["Essen"],
        "topics": _lda(random_state=1).fit(tokens),
    }


@pytest.fixture(scope="module")
def results(tokens) -> dict[str, Any]:
    return _results(tokens)


@pytest.mark.parametrize("name", ["othering", "frames", "cooccurrence", "cooccurrence-group", "topics"])
def test_every_instrument_exposes_the_result_surface(results, name: str, tmp_path) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    r = results[name]
    assert isinstance(r.table, pd.DataFrame) and len(r.table) > 0
    assert isinstance(r.evidence, pd.DataFrame) and len(r.evidence) > 0
    assert r.by is None or (isinstance(r.by, list) and all(isinstance(c, str) for c in r.by))
    assert isinstance(r.settings, dict) and r.settings
    paths = r.to_csv(tmp_path / name)
    assert isinstance(paths, dict) and paths
    for path in paths.values():
        assert path.exists() and path.stat().st_size > 0, path
    assert r.plot() is not None
    plt.close("all")


def test_result_by_and_settings_say_what_was_done(results) -> None:
    assert results["othering"].by == ["place"] and results["frames"].by == ["place"]
    assert results["cooccurrence"].by is None
    group = results["cooccurrence-group"]
    assert group.by == ["place"] and group.settings["group"] == "Essen"
    topics = results["topics"]
    assert topics.by is None and topics.settings["engine"] == "lda" and topics.settings["random_state"] == 1
    assert topics.settings["terms"] is topics.terms  # verbatim
    assert topics.table is topics.topics_


def test_fresh_topic_model_views_raise_not_fitted() -> None:
    for attr in ("table", "evidence"):
        with pytest.raises(NotFittedError, match="fit"):
            getattr(_lda(), attr)


def test_pair_evidence_gives_the_sentences_behind_a_count(tokens) -> None:
    cooc = framing.cooccurrence(tokens, progress=False)
    # b1 and b3: "Stadt" and "Chance" never share a sentence, so no evidence by sentence
    assert cooc.counts[cooc.index("Stadt"), cooc.index("Chance")] == 0
    assert len(cooc.pair_evidence("Stadt", "Chance")) == 0
    ev = cooc.pair_evidence("Stadt", "Asylbewerber")
    assert cooc.counts[cooc.index("Stadt"), cooc.index("Asylbewerber")] == len(ev) == 1
    assert ev.loc[0, "doc_id"] == "a3" and ev.loc[0, "sentence"] == "Die Stadt sucht Wohnungen für die Asylbewerber."
    assert (ev.loc[0, "n_a"], ev.loc[0, "n_b"]) == (1, 1)
    # by document: every sentence of the document that holds one of the two terms
    docs = framing.cooccurrence(tokens, unit="document", progress=False).pair_evidence("Stadt", "Asylbewerber")
    assert docs["doc_id"].tolist() == ["a3", "a3"] and docs["n_b"].tolist() == [1, 1]
    # a group's count looks only at the group's documents
    essen = framing.cooccurrence_by(tokens, "place", progress=False)["Essen"]
    assert essen.pair_evidence("Stadt", "Asylbewerber")["doc_id"].tolist() == ["a3"]
    by_doc = framing.cooccurrence_by(tokens, "place", unit="document", progress=False)
    assert by_doc["Altena"].pair_evidence("Stadt", "Chance", top_n=None)["sentence"].tolist() == [
        "Der demografische Wandel ist eine Chance.", "Leerstand und Fachkräftemangel prägen die Stadt."]
    assert len(by_doc["Essen"].pair_evidence("Stadt", "Asylbewerber", top_n=1)) == 1
    with pytest.raises(KeyError, match="did you mean"):
        cooc.pair_evidence("Stadt", "Asylbewerbern")


def test_by_doc_and_document_are_the_same(tokens) -> None:
    a = framing.OtheringScorer(ci="none").score(tokens, by="doc").table
    b = framing.OtheringScorer(ci="none").score(tokens, by="document").table
    pd.testing.assert_frame_equal(a, b)
