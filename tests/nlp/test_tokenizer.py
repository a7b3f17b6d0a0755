"""Tokeniser and sentence splitter on hand-checked press sentences."""
from __future__ import annotations

import time

import pytest

from framing.nlp.tokenizer import sentences, tokenize, tokenize_text


@pytest.mark.parametrize("text, expected", [
    ("Die Stadt hat z. B. am 3. Oktober 2016 rund 1.200 Flüchtlinge aufgenommen.",
     ["Die", "Stadt", "hat", "z. B.", "am", "3.", "Oktober", "2016", "rund", "1.200", "Flüchtlinge",
      "aufgenommen", "."]),
    ("Laut Dr. Müller kostet das ca. 5,50 € bzw. 3,5 % mehr, z.B. im 18. Jh. um 18.30 Uhr.",
     ["Laut", "Dr.", "Müller", "kostet", "das", "ca.", "5,50", "€", "bzw.", "3,5", "%", "mehr", ",",
      "z.B.", "im", "18.", "Jh.", "um", "18.30", "Uhr", "."]),
    ("Treffpunkt ist die Altenessener Str. 12, Abs. 3 gilt u. a. für St. Michael.",
     ["Treffpunkt", "ist", "die", "Altenessener", "Str.", "12", ",", "Abs.", "3", "gilt", "u. a.",
      "für", "St.", "Michael", "."]),
    ("Am 12.03.2016 um 10:30 Uhr, d. h. vor Nr. 7.",
     ["Am", "12.03.2016", "um", "10:30", "Uhr", ",", "d. h.", "vor", "Nr.", "7", "."]),
])
def test_abbreviations_dates_times_money(text: str, expected: list[str]) -> None:
    assert tokenize(text) == expected


def test_hyphenated_compounds_and_elided_forms() -> None:
    assert tokenize("Das Nord-Süd-Gefälle, die CDU-Fraktion und die A40-Brücke.") == [
        "Das", "Nord-Süd-Gefälle", ",", "die", "CDU-Fraktion", "und", "die", "A40-Brücke", "."]
    assert tokenize("Ein- und Ausreise, Rohstoff-, Energie- und Wasserpreise") == [
        "Ein-", "und", "Ausreise", ",", "Rohstoff-", ",", "Energie-", "und", "Wasserpreise"]
    assert tokenize("Flüchtlingsheime und -unterkünfte") == ["Flüchtlingsheime", "und", "-unterkünfte"]
    assert tokenize("Ein-/Ausreise") == ["Ein-", "/", "Ausreise"]
    # a dash between spaces is punctuation, not part of a word
    assert tokenize("Essen - eine Stadt") == ["Essen", "-", "eine", "Stadt"]


def test_quotes_and_brackets_are_separate_tokens() -> None:
    assert tokenize("„Wir schaffen das“, sagte sie (CDU).") == [
        "„", "Wir", "schaffen", "das", "“", ",", "sagte", "sie", "(", "CDU", ")", "."]
    assert tokenize("»Chance« und ‚Last‘") == ["»", "Chance", "«", "und", "‚", "Last", "‘"]
    assert tokenize("``Darauf'' und 's") == ["``", "Darauf", "''", "und", "'s"]
    assert tokenize("Das geht's doch.") == ["Das", "geht's", "doch", "."]


@pytest.mark.parametrize("form", ["Mitbürger*innen", "Mitbürger:innen", "MitbürgerInnen", "Mitbürger_innen",
                                  "Mitbürger/innen", "Mitbürger/-innen", "Bürger(innen)", "Bürger*in",
                                  "Bürger*innenversammlung", "Bürger·innen"])
def test_gender_forms_are_one_token(form: str) -> None:
    assert tokenize(f"Die {form} kamen.") == ["Die", form, "kamen", "."]


def test_colon_after_noun_is_punctuation() -> None:
    assert tokenize("Die Asylbewerber: Sie kamen.") == ["Die", "Asylbewerber", ":", "Sie", "kamen", "."]
    assert tokenize("Es sagte:in der Stadt") == ["Es", "sagte", ":", "in", "der", "Stadt"]


def test_urls_and_emails() -> None:
    assert tokenize("Infos: https://www.essen.de/integration. Oder info@essen.de, www.altena.de!") == [
        "Infos", ":", "https://www.essen.de/integration", ".", "Oder", "info@essen.de", ",",
        "www.altena.de", "!"]
    assert tokenize("Mehr auf waz.de.") == ["Mehr", "auf", "waz.de", "."]


def test_emoji_and_emoticons() -> None:
    assert tokenize("Super 😀👍🏽 :-) Danke") == ["Super", "😀", "👍🏽", ":-)", "Danke"]


def test_offsets_point_into_the_text() -> None:
    text = "  Die\u00a0Stadt\x07hilft\u200b den Mitbürger*innen.\n\n"
    tt = tokenize_text(text)
    assert tt.texts == ["Die", "Stadt", "hilft", "den", "Mitbürger*innen", "."]
    for tok, s, e in zip(tt.texts, tt.starts, tt.ends):
        assert text[s:e] == tok


def test_sentences() -> None:
    text = ("Die Stadt hilft. Am 3. Oktober kamen 30 Menschen, u. a. aus Syrien. „Wir schaffen das.“ "
            "Sagte sie? Ja! Der OB kommt usw. Danach…")
    assert [" ".join(s) for s in sentences(text)] == [
        "Die Stadt hilft .",
        "Am 3. Oktober kamen 30 Menschen , u. a. aus Syrien .",
        "„ Wir schaffen das . “",
        "Sagte sie ?",
        "Ja !",
        "Der OB kommt usw.",
        "Danach …",
    ]


def test_headline_and_paragraphs() -> None:
    text = "Neue Wohnungen in Dahle\n\nDie Stadt vermietet neun Wohnungen.\nSie sind frei."
    assert [s[0] for s in sentences(text)] == ["Neue", "Die", "Sie"]


def test_ordinals_versus_sentence_end() -> None:
    assert sentences("Sie wurde 18. Danach zog sie weg.") == [["Sie", "wurde", "18", "."],
                                                             ["Danach", "zog", "sie", "weg", "."]]
    assert tokenize("im 6. Stock und zum 67. meines Vaters") == [
        "im", "6.", "Stock", "und", "zum", "67.", "meines", "Vaters"]
    assert tokenize("2. Soziale Bewegungen") == ["2.", "Soziale", "Bewegungen"]


def test_long_text_without_full_stop_is_capped() -> None:
    text = "wort " * 250_000
    t0 = time.perf_counter()
    tt = tokenize_text(text, max_sentence_tokens=1000)
    assert time.perf_counter() - t0 < 10
    assert len(tt.texts) == 250_000
    assert max(tt.sent_ids) == 249
    assert tt.n_capped == 1


def test_pathological_inputs() -> None:
    assert tokenize("") == []
    assert tokenize(" \n\t\x00\u200b ") == []
    assert tokenize("a" * 100_000 + " " * 100_000) == ["a" * 100_000]
    assert tokenize("...!!!???") == ["...", "!", "!", "!", "?", "?", "?"]
