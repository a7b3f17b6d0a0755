"""German compound splitting: the documented examples, the gold list's precision, compound_columns."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from framing.nlp.compounds import CompoundSplitter, compound_columns, split_compound

DATA = Path(__file__).resolve().parent / "data"


def read_gold(name: str) -> list[tuple[str, tuple[str, ...], tuple[tuple[str, ...], ...]]]:
    rows = []
    for line in (DATA / name).read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#") or line.startswith("word\t"):
            continue
        cols = line.split("\t")
        rows.append((cols[0], tuple(cols[1].split("|")), tuple(tuple(a.split("|")) for a in cols[3:] if a)))
    return rows


@pytest.mark.parametrize(("word", "parts"), [
    ("Flüchtlingsunterkunft", ("Flüchtling", "Unterkunft")),
    ("Asylbewerberheim", ("Asyl", "Bewerber", "Heim")),
    ("Wirtschaftsflüchtling", ("Wirtschaft", "Flüchtling")),
    ("Wirtschaftsflüchtlinge", ("Wirtschaft", "Flüchtling")),
    ("Flüchtlingswelle", ("Flüchtling", "Welle")),
    ("Nord-Süd-Gefälle", ("Nord", "Süd", "Gefälle")),
    ("Arbeitsmarkt", ("Arbeit", "Markt")),
    ("Wohnungsleerstand", ("Wohnung", "Leerstand")),
    ("Fachkräftemangel", ("Fachkraft", "Mangel")),
    ("Erstaufnahmeeinrichtung", ("Erstaufnahme", "Einrichtung")),
    ("Familiennachzug", ("Familie", "Nachzug")),
    ("Bürgermeisterwahl", ("Bürgermeister", "Wahl")),
    ("Sprachkurs", ("Sprache", "Kurs")),
    ("Wohnheim", ("wohnen", "Heim")),
    ("Notunterkünfte", ("Not", "Unterkunft")),
    ("CDU-Fraktion", ("CDU", "Fraktion")),
    ("Integrationsprozess", ("Integration", "Prozess")),
])
def test_examples(word: str, parts: tuple[str, ...]) -> None:
    assert split_compound(word) == parts


@pytest.mark.parametrize("word", [
    "Bürgermeister", "Unterkunft", "Leerstand", "Verwaltung", "Gemeinde", "Nachbarschaft",
    "Flüchtling", "Ausländer", "Integration", "Rathaus", "Aufgeben", "Weiterbildung",
])
def test_lexicalised_and_simplex_words_stay_whole(word: str) -> None:
    assert split_compound(word) == (word,)


def test_gold_list_precision_and_recall() -> None:
    """Behaviour check on the hand-checked list (docs/guide/compounds.md has the figures)."""
    rows = read_gold("compounds_gold.tsv")
    assert len(rows) >= 230 and sum(len(g) > 1 for _, g, _ in rows) >= 200
    made = correct = exact = 0
    for word, gold, alts in rows:
        parts = split_compound(word)
        if len(parts) > 1:
            made += 1
            correct += len(gold) > 1 and parts[-1].lower() == gold[-1].lower()
        exact += parts in (gold, *alts)
    n_comp = sum(len(g) > 1 for _, g, _ in rows)
    assert correct / made >= 0.9
    assert correct / n_comp >= 0.85
    assert exact / len(rows) >= 0.85


def test_heldout_list_precision() -> None:
    rows = read_gold("compounds_heldout.tsv")
    made = correct = 0
    for word, gold, _ in rows:
        parts = split_compound(word)
        if len(parts) > 1:
            made += 1
            correct += len(gold) > 1 and parts[-1].lower() == gold[-1].lower()
    assert made and correct / made >= 0.9


def test_compound_columns_mixed() -> None:
    lemmas = ["die", "Flüchtlingsunterkunft", "in", "Altena", "Verwaltung", None, "Nord-Süd-Gefälle",
              "Flüchtlingsunterkunft", "groß", ""]
    nouns = [False, True, False, False, True, True, True, True, False, True]
    parts, heads = compound_columns(lemmas, nouns)
    assert parts == [None, "Flüchtling|Unterkunft", None, None, "Verwaltung", None, "Nord|Süd|Gefälle",
                     "Flüchtling|Unterkunft", None, None]
    assert heads == [None, "Unterkunft", None, None, "Verwaltung", None, "Gefälle", "Unterkunft", None, None]


def test_compound_columns_length_mismatch() -> None:
    with pytest.raises(ValueError):
        compound_columns(["a"], [True, False])


def test_cache_is_consistent() -> None:
    sp = CompoundSplitter()
    first = [sp.split(w) for w in ("Asylbewerberheim", "Stadtteil", "Leerstand")]
    before = sp.cache_info()
    second = [sp.split(w) for w in ("Asylbewerberheim", "Stadtteil", "Leerstand")]
    after = sp.cache_info()
    assert first == second
    assert after.hits - before.hits == 3
    fresh = CompoundSplitter()
    assert [fresh.split(w) for w in ("Leerstand", "Stadtteil", "Asylbewerberheim")] == first[::-1]
    lemmas = ["Stadtteil"] * 1000 + ["Asylbewerberheim"] * 1000
    parts, heads = compound_columns(lemmas, [True] * 2000, splitter=sp)
    assert set(parts) == {"Stadt|Teil", "Asyl|Bewerber|Heim"} and set(heads) == {"Teil", "Heim"}


def test_user_exceptions_and_lexicalised(tmp_path: Path) -> None:
    sp = CompoundSplitter(exceptions={"Kleiderkammer": "Kleid|Kammer", "Stadtteil": None},
                          lexicalised=["Flüchtlingsunterkunft"])
    assert sp.split("Kleiderkammer") == ("Kleid", "Kammer")
    assert sp.split("Stadtteil") == ("Stadtteil",)
    assert sp.split("Flüchtlingsunterkunft") == ("Flüchtlingsunterkunft",)
    assert sp.split("Flüchtlingsunterkunftsleitung")[0] == "Flüchtlingsunterkunft"
    tsv = tmp_path / "exc.tsv"
    tsv.write_text("# mine\nRathausplatz\tRathaus|Platz\nBahnhofsviertel\n", encoding="utf-8")
    sp2 = CompoundSplitter(exceptions=tsv)
    assert sp2.split("Rathausplatz") == ("Rathaus", "Platz")
    assert sp2.split("Bahnhofsviertel") == ("Bahnhofsviertel",)
    nolist = CompoundSplitter(use_builtin_lexicalised=False)
    assert nolist.split("Bürgermeister") != ("Bürgermeister",) or nolist.split("Bahnhof") != ("Bahnhof",)


def test_engines_and_options() -> None:
    assert CompoundSplitter("hanta").split("Flüchtlingsunterkunft") == ("Flüchtling", "Unterkunft")
    assert CompoundSplitter("frequency").split("Flüchtlingsunterkunft")[-1] == "Unterkunft"
    assert CompoundSplitter(min_part_length=5).split("Stadtrat") == ("Stadtrat",)
    with pytest.raises(ValueError):
        CompoundSplitter("magic")
    assert split_compound("") == ()
    assert split_compound("2015") == ("2015",)
    assert split_compound("A40") == ("A40",)
    assert "engine" in CompoundSplitter().settings()


def test_import_is_lazy() -> None:
    code = ("import sys, framing.nlp.compounds; "
            "print('HanTa' in sys.modules, 'wordfreq' in sys.modules, 'stanza' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["False", "False", "False"]


def test_zipf_is_the_same_from_wordfreq_and_from_the_compact_table(monkeypatch):
    """The splitter reads framing's compact copy of wordfreq's list where ingest loaded it, else
    wordfreq itself: the same numbers either way."""
    from framing.corpus import wordfreq_de
    from framing.nlp import compounds

    words = ["flüchtling", "flüchtlings", "unterkunft", "straße", "asyl", "heim", "2015", "x-ray",
             "covid-19", "qqqqzz", "", "ÄRZTE", "énergie"]
    monkeypatch.setattr(wordfreq_de, "loaded", lambda: False)
    direct = [compounds._zipf.__wrapped__(w) for w in words]
    wordfreq_de._table()
    monkeypatch.setattr(wordfreq_de, "loaded", lambda: True)
    compact = [compounds._zipf.__wrapped__(w) for w in words]
    assert direct == compact
    assert direct[0] > 3 and direct[9] == 0.0
