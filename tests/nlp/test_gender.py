"""Gender-inclusive forms: detection, non-detection, masculine normalisation."""
from __future__ import annotations

import pytest

from framing.nlp.gender import is_gender_inclusive, masculine_form, parse_gender_form


def _known(word: str) -> bool:
    import simplemma

    return simplemma.is_known(word, lang="de")


@pytest.mark.parametrize("form", ["Mitbürger*innen", "Mitbürger:innen", "MitbürgerInnen", "Mitbürger_innen",
                                  "Mitbürger/innen", "Mitbürger/-innen", "Mitbürger(innen)", "Mitbürger·innen"])
def test_plural_forms_normalise_to_mitbuerger(form: str) -> None:
    assert is_gender_inclusive(form)
    assert masculine_form(form, _known) == "Mitbürger"
    assert parse_gender_form(form).plural


@pytest.mark.parametrize("form, masculine", [
    ("Bürger*in", "Bürger"),
    ("Kolleg*innen", "Kollegen"),  # lemmatised to "Kollege"
    ("Kolleg*in", "Kollege"),
    ("Ärzt*innen", "Ärzten"),  # lemmatised to "Arzt"
    ("Student:innen", "Studenten"),
    ("PolitikerIn", "Politiker"),
    ("InnenministerIn", "Innenminister"),
    ("SPD-PolitikerInnen", "SPD-Politiker"),
    ("Bürger*innenversammlung", "Bürgerversammlung"),
    ("Kolleg*innenkreis", "Kollegenkreis"),
    ("Bürger*innen-Treff", "Bürger-Treff"),
])
def test_masculine_forms(form: str, masculine: str) -> None:
    assert masculine_form(form, _known) == masculine


@pytest.mark.parametrize("word", ["Innenstadt", "Innenminister", "Innen", "Bürgerinnen", "Asylbewerberinnen",
                                  "Asylbewerber:", "Asylbewerber:In", "LinkedIn", "Bürger*invest", "sagte:in",
                                  "Mitbürger", "Bin", "in"])
def test_not_gender_forms(word: str) -> None:
    assert not is_gender_inclusive(word)
    assert masculine_form(word) is None


def test_without_lexicon_the_first_candidate_is_taken() -> None:
    assert masculine_form("Kolleg*innen") == "Kollegen"
    assert masculine_form("Bürger*in") == "Bürger"
