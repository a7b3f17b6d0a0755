"""Codebook: construction, validation errors that name file/frame/term, YAML round trip, shipped books."""
from __future__ import annotations

import pytest

import framing
from framing import Codebook, InputError


def test_from_dict_forms():
    cb = Codebook.from_dict({"a": ["Flüchtling", "Essener Norden", "Flüchtling*"],
                             "b": {"terms": ["Flüchtling", {"term": "Chance", "weight": 2}], "description": "x"}})
    assert list(cb.frames) == ["a", "b"]
    kinds = [t.kind for t in cb["a"].terms]
    assert kinds == ["lemma", "phrase", "regex"]
    assert cb["b"].description == "x"
    assert cb["b"].terms[1].weight == 2.0
    assert cb.shared_terms() == {"flüchtling": ["a", "b"]}      # a term may belong to several frames


@pytest.mark.parametrize("data, message", [
    ({"a": ["Flüchtling", "flüchtling"]}, "frame 'a', term 'flüchtling': duplicate term"),
    ({"a": []}, "frame 'a': the frame has no terms"),
    ({"a": {"terms": ["x"], "colour": 1}}, "frame 'a': unknown key(s) ['colour']"),
    ({"a": [{"term": "x", "wieght": 2}]}, "frame 'a', term 'x': unknown key(s) ['wieght']"),
    ({"a": [{"regex": "("}]}, "not a valid regular expression"),
    ({"a": [{"regex": "a^b"}]}, "can never match"),
    ({"a": [{"regex": "x*"}]}, "matches the empty string"),
    ({"a": [{"regex": "Essener Norden"}]}, "needs whitespace"),
    ({"a": ["--"]}, "can never match a word"),
    ({"a": ["***"]}, "can never match a word"),
    ({"a": [{"term": "x", "weight": 0}]}, "weight must be a positive number"),
])
def test_validation_errors(data, message):
    with pytest.raises(InputError, match=message.replace("(", r"\(").replace(")", r"\)")
                       .replace("[", r"\[").replace("]", r"\]").replace("*", r"\*")):
        Codebook.from_dict(data)


def test_yaml_errors_name_file(tmp_path):
    p = tmp_path / "cb.yaml"
    p.write_text("frames:\n  problem:\n    terms: [Last, Last]\n", encoding="utf-8")
    with pytest.raises(InputError) as exc:
        Codebook.from_yaml(p)
    assert str(p) in str(exc.value) and "frame 'problem', term 'Last'" in str(exc.value)
    p.write_text("frames: [unclosed\n", encoding="utf-8")
    with pytest.raises(InputError, match="not valid YAML"):
        Codebook.from_yaml(p)
    with pytest.raises(InputError, match="no such codebook"):
        Codebook.from_yaml(tmp_path / "missing.yaml")
    with pytest.raises(InputError, match="no shipped codebook"):
        Codebook.load("nonexistent_book")


def test_round_trip(tmp_path):
    cb = Codebook.from_dict({"name": "t", "version": "2", "count": {"negated": False},
                             "frames": {"a": {"terms": ["Last", {"term": "Chance", "weight": 2, "rationale": "r"},
                                                        "Flüchtling*", {"regex": "^nord"}],
                                              "exclude": ["Hitzewelle"], "dimension": "mode"}}})
    path = tmp_path / "cb.yaml"
    cb.to_yaml(path)
    back = Codebook.from_yaml(path)
    assert back == cb
    assert back.count["negated"] is False
    assert [t.written for t in back["a"].terms] == ["Last", "Chance", "Flüchtling*", "^nord"]


@pytest.mark.parametrize("name, n_frames", [("integration_modes", 12), ("rmfv", 9)])
def test_shipped(name, n_frames):
    cb = Codebook.load(name)
    assert len(cb) == n_frames
    assert name in Codebook.shipped()
    assert Codebook.from_dict(cb.to_dict()) == cb


def test_shipped_integration_modes_terms_have_rationale():
    cb = Codebook.load("integration_modes")
    assert set(cb.dimensions) == {"mode", "maxim", "field"}
    assert all(t.rationale for f in cb for t in f.terms)


def test_rmfv_normalised():
    cb = Codebook.load("rmfv")
    terms = {t.term for f in cb for t in f.terms}
    assert "Sozialsystem" in terms and "Sozialsytem" not in terms
    assert "Kommune" in terms and "Kommunen" not in terms
    assert "abschieben" in terms and "abgeschoben" not in terms
    assert "Xenophobie" in terms
    assert len(cb.shared_terms()) > 200


def test_public_names():
    assert framing.Codebook is Codebook
    assert callable(framing.score_frames) and callable(framing.kwic) and callable(framing.keyness)


@pytest.mark.parametrize("pattern", ["^(a$|b)", "ab$", "^nord-?süd", "(?:^a|^b)", "[a^b]x", r"a\^b", "(^a)"])
def test_valid_regexes_accepted(pattern):
    assert Codebook.from_dict({"x": [{"regex": pattern}]})["x"].terms[0].kind == "regex"
