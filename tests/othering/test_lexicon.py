"""The shipped lexicon, lexicon files and their validation errors, demonym generation."""
from __future__ import annotations

from pathlib import Path

import pytest

from framing.errors import InputError
from framing.othering import Lexicon
from framing.othering.demonyms import demonym_entries, places_from_docs, split_place
from framing.othering.matching import CompiledLexicon, expand_forms

GOOD_ENTRY = """
  - term: Neuankömmling
    category: group_label_neutral
    match: lemma
    rationale: names people by their arrival
    source: user
"""


def write(tmp_path: Path, body: str, name: str = "my_lexicon.yaml") -> Path:
    path = tmp_path / name
    path.write_text(body, encoding="utf-8")
    return path


def minimal(entries: str) -> str:
    return ("name: test\nversion: '0.1'\ncategories:\n  group_label_neutral: {polarity: othering}\n"
            "  local_identity: {polarity: recognition}\nsources:\n  s1: {title: x}\nentries:\n" + entries)


def test_default_lexicon_is_complete():
    lex = Lexicon.default()
    assert lex.version and lex.name == "othering_de"
    assert len(lex) >= 60
    frame = lex.to_frame()
    assert frame["rationale"].str.len().min() >= 10
    required = {"group_label_neutral", "group_label_pejorative", "collective_distancing", "disaster_metaphor",
                "host_guest", "local_identity", "person_first"}
    assert required <= set(frame["category"])
    for entry in lex:
        assert all(s in lex.sources for s in entry.source)
    # the terms the issue names are all there
    terms = set(frame["term"])
    for t in ["Flüchtling", "Asylbewerber", "Asylant", "Ausländer", "Wirtschaftsflüchtling", "Geduldete",
              "Nordafrikaner", "Flüchtlingswelle", "Flüchtlingsflut", "Flüchtlingsstrom", "Zustrom", "Ansturm",
              "Gast", "Gastgeber", "Neubürger", "Nachbar", "Mitbürger", "Geflüchtete"]:
        assert t in terms, t
    assert set(frame["polarity"]) == {"othering", "recognition"}


def test_default_lexicon_compiles():
    comp = CompiledLexicon.build(Lexicon.default())
    assert comp.lemma_forms["asylbewerberinnen"][0] == comp.lemma_forms["asylbewerber"][0]
    assert comp.lemma_forms["flüchtlingen"] == comp.lemma_forms["flüchtling"]
    assert comp.phrases


@pytest.mark.parametrize("entry, message", [
    ("  - {term: Flut, category: disaster, match: lemma, rationale: water metaphor, source: s1}",
     "unknown category 'disaster'"),
    ("  - {term: Flut, category: group_label_neutral, match: lemma, source: s1}", "'rationale' is missing"),
    ("  - {term: Flut, category: group_label_neutral, match: stem, rationale: why not, source: s1}",
     "match must be one or more of"),
    ("  - {term: Flut, category: group_label_neutral, polarity: recognition, match: lemma, rationale: abc, source: s1}",
     "contradicts category"),
    ("  - {term: diese Leute, category: group_label_neutral, match: lemma, rationale: abc, source: s1}",
     "needs match: phrase"),
    ("  - {term: Flut, category: group_label_neutral, match: lemma, rationale: abc, source: nowhere}",
     "unknown source key"),
    ("  - {term: Flut, category: group_label_neutral, match: lemma, rationale: abc, source: s1, needs: always}",
     "needs must be one of"),
    ("  - {category: group_label_neutral, match: lemma, rationale: abc, source: s1}", "'term' is missing"),
    ("  - {term: Flut, category: group_label_neutral, match: lemma, rationale: abc, source: s1, colour: red}",
     "unknown field"),
])
def test_validation_errors_name_file_and_entry(tmp_path, entry, message):
    path = write(tmp_path, minimal(GOOD_ENTRY + entry + "\n"))
    with pytest.raises(InputError) as err:
        Lexicon.from_yaml(path)
    text = str(err.value)
    assert "my_lexicon.yaml" in text
    assert "record 2" in text            # the second entry of the file
    assert message in text


def test_invalid_yaml_names_file_and_line(tmp_path):
    path = write(tmp_path, "entries:\n  - term: [unclosed\n")
    with pytest.raises(InputError, match=r"my_lexicon\.yaml, line \d+: not valid YAML"):
        Lexicon.from_yaml(path)


def test_missing_file():
    with pytest.raises(InputError, match="no such lexicon file"):
        Lexicon.from_yaml("/nonexistent/lexicon.yaml")


def test_extend_with_entries_and_file(tmp_path):
    lex = Lexicon.default()
    n = len(lex)
    more = lex.extend([{"term": "Zugereiste", "category": "group_label_neutral", "match": "lemma",
                        "inflect": "adjectival", "rationale": "regional word for newcomers", "source": "user"}])
    assert len(more) == n + 1 and len(lex) == n          # extend returns a new lexicon
    # a file with the same term replaces the shipped entry (same term and match)
    path = write(tmp_path, "entries:\n  - {term: Flüchtling, category: person_first, match: [lemma, head, modifier],"
                           " rationale: my codebook treats it as neutral naming, source: user}\n")
    custom = lex.extend(path)
    assert len(custom) == n
    entry = next(e for e in custom if e.term == "Flüchtling")
    assert entry.category == "person_first" and entry.polarity == "recognition"
    with pytest.raises(InputError, match="record 1"):
        lex.extend([{"term": "X", "category": "nope", "match": "lemma", "rationale": "abc", "source": "user"}])


def test_expand_forms():
    assert {"asylbewerber", "asylbewerberin", "asylbewerberinnen", "asylbewerbern"} <= expand_forms(
        "Asylbewerber", "noun")
    assert {"geflüchtete", "geflüchteten", "geflüchteter", "geflüchtet", "gefluechtete"} <= expand_forms(
        "Geflüchtete", "adjectival")


def test_demonyms_from_places():
    entries = {e.term: e for e in demonym_entries(["Essen", "Altena", "Hörsterfeld", "Bochum"])}
    assert set(entries) == {"Essener", "Altenaer", "Hörsterfelder", "Bochumer"}
    e = entries["Essener"]
    assert e.category == "local_identity" and e.needs == "reference" and e.not_before_noun
    # irregular forms come from overrides (the lexicon's or the caller's)
    assert demonym_entries(["Evingsen"], {"Evingsen": "Evingser"})[0].term == "Evingser"
    assert demonym_entries(["München"])[0].term == "Münchner"


def test_demonym_districts():
    names = {e.term for e in demonym_entries(["Altena"], {"Evingsen": "Evingser"}, districts=True)}
    assert {"Altenaer", "Dahler", "Evingser"} <= names


def test_split_place_values():
    assert split_place("Essen-Altenessen/Karnap") == ["Essen", "Altenessen", "Karnap"]
    assert split_place("Nordrhein-Westfalen") == []
    assert split_place("Bad Essen") == ["Bad Essen"]
    import pandas as pd
    docs = pd.DataFrame({"place": ["Altena", "Essen-Hörsterfeld", None]})
    assert places_from_docs(docs) == ["Altena", "Essen", "Hörsterfeld"]


def test_reference_page_lists_every_entry():
    page = Path(__file__).resolve().parents[2] / "docs" / "reference" / "othering-lexicon.md"
    if not page.exists():
        pytest.skip("docs/reference/othering-lexicon.md is absent")
    text = page.read_text(encoding="utf-8")
    lex = Lexicon.default()
    assert f"version {lex.version}" in text
    for entry in lex:
        assert f"| {entry.term.replace('|', chr(92) + '|')} |" in text, entry.term
