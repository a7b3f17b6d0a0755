"""Hand-counted expectations on short texts, annotated with the real framing.annotate (both profiles).

Every test names the text (tests/othering/conftest.py) and counts the matches by hand.
"""
from __future__ import annotations


def counted(result, category: str | None = None) -> int:
    ev = result.evidence
    ev = ev[ev["counted"]]
    return int(len(ev) if category is None else (ev["category"] == category).sum())


def reasons(result) -> dict[str, int]:
    ev = result.evidence
    return ev.loc[~ev["counted"], "reason"].value_counts().to_dict()


def matched(result, only_counted: bool = True) -> list[str]:
    ev = result.evidence
    return (ev[ev["counted"]] if only_counted else ev)["match"].tolist()


def cues(result) -> dict[str, str]:
    ev = result.evidence
    return dict(zip(ev["match"], ev["cue"]))


# -- group labels, inflection, gender forms --------------------------------------------------
def test_group_labels_neutral_and_pejorative(score):
    # Flüchtlinge, Asylbewerberinnen, Ausländer, Geduldete (neutral: 4); Asylanten,
    # Wirtschaftsflüchtlinge (pejorative: 2) - the compound is the pejorative lemma entry, not
    # the neutral head "Flüchtling"
    r = score("labels")
    assert counted(r, "group_label_neutral") == 4
    assert counted(r, "group_label_pejorative") == 2
    assert set(matched(r)) == {"Flüchtlinge", "Asylbewerberinnen", "Asylanten", "Ausländer", "Geduldete",
                               "Wirtschaftsflüchtlinge"}
    row = r.table.iloc[0]
    # issue 12: neutral group labels are counted and reported, but do not enter the default
    # index (before: othering 6); with index_categories="all" they do
    assert (row["othering"], row["recognition"], row["othering_index"]) == (2, 0, 1.0)
    assert row["group_label_neutral"] == 4
    row = score("labels", index_categories="all").table.iloc[0]
    assert (row["othering"], row["recognition"], row["othering_index"]) == (6, 0, 1.0)


def test_origin_label_and_phrase_count_once(score):
    # "Nordafrikaner" (1) and the phrase "unbegleitete minderjährige Flüchtlinge" (1, not also
    # "Flüchtlinge" on its own)
    r = score("labels2")
    assert counted(r, "group_label_neutral") == 2
    assert "unbegleitete minderjährige Flüchtlinge" in matched(r)
    assert r.evidence["match_type"].tolist().count("phrase") == 1


def test_inflection(score):
    # "Flüchtlingen" (dative plural) -> Flüchtling; "Geflüchteten" -> Geflüchtete (person-first)
    r = score("inflection")
    assert counted(r, "group_label_neutral") == 1
    assert counted(r, "person_first") == 1
    assert set(matched(r)) == {"Flüchtlingen", "Geflüchteten"}


def test_gender_pair_counts_once(score):
    # "Asylbewerberinnen und Asylbewerber" is one reference
    r = score("doublet")
    assert counted(r) == 1
    assert matched(r) == ["Asylbewerberinnen und Asylbewerber"]


def test_gender_inclusive_forms(score):
    # "neuen Mitbürger*innen" -> Mitbürger with a newcomer modifier (recognition 1);
    # "Asylbewerber*innen" -> Asylbewerber (othering 1)
    r = score("gender")
    assert counted(r, "local_identity") == 1
    assert counted(r, "group_label_neutral") == 1
    assert set(matched(r)) == {"Mitbürger*innen", "Asylbewerber*innen"}


# -- collective distancing -------------------------------------------------------------------
def test_collective_distancing_with_newcomer_context(score):
    # "Diese Leute" and "die Anderen" count: "Die Flüchtlinge" in the sentence before is the context
    r = score("distancing")
    assert counted(r, "collective_distancing") == 2
    assert counted(r, "group_label_neutral") == 1


def test_collective_distancing_without_context(score):
    # "Diese Leute vom Sportverein": no newcomer context -> excluded; "die anderen Kinder" is
    # lower-case and attributive -> no match at all
    r = score("distancing_none")
    assert counted(r) == 0
    assert reasons(r) == {"no_context": 1}


# -- disaster metaphors and compounds ----------------------------------------------------------
def test_disaster_metaphors(score):
    # Flüchtlingswelle, Flüchtlingsstrom (lemma entries), Asylantenflut (head "Flut" with a
    # people-modifier): 3
    r = score("metaphor")
    assert counted(r, "disaster_metaphor") == 3
    assert set(matched(r)) == {"Flüchtlingswelle", "Flüchtlingsstrom", "Asylantenflut"}


def test_bare_metaphor_needs_newcomer_context(score):
    # lexicon 1.2: an ambiguous mass metaphor needs the migration word in its own sentence
    # ("needs: sentence"), so "Der Zustrom hält an." after "Die Flüchtlinge kamen aus Syrien."
    # no longer counts (the price of not counting "aus den Fluten geborgen")
    r = score("metaphor_ctx")
    assert counted(r, "disaster_metaphor") == 0 and reasons(r) == {"no_context": 1}
    # "Welle der Hilfsbereitschaft", "Stromkosten": no match; "Ansturm auf den Weihnachtsmarkt":
    # matched but no newcomer context
    r = score("metaphor_none")
    assert counted(r) == 0
    assert reasons(r) == {"no_context": 1}


def test_compound_heads_and_modifiers(score):
    # Flüchtlingsunterkunft (modifier, excluded by default), Kriegsflüchtlinge (head Flüchtling,
    # counted), Ausländerbehörde (modifier, excluded), Migrationswelle (head Welle with the
    # people-modifier Migration, counted)
    r = score("compounds")
    assert counted(r) == 2
    assert set(matched(r)) == {"Kriegsflüchtlinge", "Migrationswelle"}
    assert reasons(r) == {"modifier": 2}
    types = dict(zip(r.evidence["match"], r.evidence["match_type"]))
    assert types["Flüchtlingsunterkunft"] == "modifier" and types["Kriegsflüchtlinge"] == "head"
    assert counted(score("compounds", count_modifiers=True)) == 4


# -- host / guest ----------------------------------------------------------------------------
def test_host_guest(score):
    # "Gäste", "Gastgeber" with the newcomer word "Geflüchteten" in the sentence: 2 (+1 person-first)
    r = score("guest")
    assert counted(r, "host_guest") == 2
    assert counted(r, "person_first") == 1
    # guests and hosts of a summer party: no newcomer context
    r = score("guest_none")
    assert counted(r) == 0 and reasons(r) == {"no_context": 2}


# -- local identity and the newcomer reference -------------------------------------------------
def test_demonym_with_newcomer_modifier_counts(score):
    r = score("local_modifier")
    assert counted(r, "local_identity") == 1
    assert cues(r) == {"Essener": "modifier"}


def test_attributive_demonym_does_not_count(score):
    r = score("local_attributive")
    assert counted(r) == 0 and reasons(r) == {"attributive": 1}


def test_demonym_without_newcomer_reference(score):
    r = score("local_noref")
    assert counted(r) == 0 and reasons(r) == {"no_reference": 1}


def test_predicative_reference(score):
    # "Die Geflüchteten sind längst Essener": person-first 1 + local identity 1
    r = score("local_predicative")
    assert counted(r, "local_identity") == 1 and cues(r)["Essener"] == "predicative"
    # "für die Essener" is blocked by the preposition: the Essener are the locals here
    r = score("local_blocked")
    assert counted(r, "local_identity") == 0
    assert reasons(r) == {"no_reference": 1}


def test_postmodifier_reference(score):
    # "Essener mit Fluchtgeschichte", "Nachbarn aus Syrien"
    r = score("local_post")
    assert counted(r, "local_identity") == 2
    assert set(cues(r).values()) == {"postmodifier"}


def test_relative_clause_reference(score):
    # "Mitbürger*innen, die neu in der Stadt sind"
    r = score("local_relative")
    assert counted(r, "local_identity") == 1 and cues(r)["Mitbürger*innen"] == "postmodifier"


def test_inherent_newcomer_forms(score):
    # "Neu-Essener" (demonym with "Neu-") and "Neubürgerinnen" (always about newcomers)
    r = score("local_inherent")
    assert counted(r, "local_identity") == 2
    assert cues(r)["Neu-Essener"] == "inherent"


def test_anaphoric_reference(score):
    # "Die meisten sind keine Flüchtlinge mehr. Sie sind Essener." (Flüchtlinge is negated)
    r = score("local_anaphoric")
    assert counted(r, "local_identity") == 1 and cues(r)["Essener"] == "anaphoric"
    assert reasons(r) == {"negated": 1}


def test_coordinated_reference(score):
    # "unsere neuen Nachbarn, Kollegen und Mitschüler": the modifier carries over the list
    r = score("local_coordinated")
    assert counted(r) == 3
    assert sorted(cues(r).values()) == ["coordinated", "coordinated", "modifier"]


def test_adjectival_noun_inside_and_at_the_start_of_a_sentence(score):
    # inside a sentence the capital marks the noun: "aus Geflüchteten Nachbarinnen und Nachbarn"
    r = score("local_aus")
    assert counted(r, "person_first") == 1 and counted(r, "local_identity") == 1
    # at the start of a sentence "Geflüchtete Familien" is an adjective: not the noun
    # "Geflüchtete", but the attributive person-first phrase "geflüchtete Familien" (lexicon 1.2)
    r = score("adj_initial")
    assert matched(r) == ["Geflüchtete Familien"]
    assert counted(r) == 1 and counted(r, "person_first") == 1 and reasons(r) == {}


def test_demonym_pair(score):
    r = score("local_pair")
    assert matched(r) == ["Essenerinnen und Essener"]
    assert counted(r, "local_identity") == 1


def test_person_first(score):
    # "Menschen mit Fluchterfahrung", "Familie aus dem Irak"
    r = score("person_first")
    assert counted(r, "person_first") == 2
    assert set(matched(r)) == {"Menschen mit Fluchterfahrung", "Familie aus dem Irak"}


def test_demonym_of_a_user_place(score):
    # "Bochum" -> "Bochumer"; without the place there is no local-identity term to match
    r = score("bochum", places=["Bochum"])
    assert matched(r) == ["Bochumerinnen und Bochumer"]
    assert counted(r, "local_identity") == 1
    assert len(score("bochum", places=None).evidence) == 0


def test_places_auto_from_metadata(score):
    # places="auto": "Essen" comes from the place metadata "Essen-Altenessen/Karnap"
    r = score("local_modifier", places="auto")
    assert counted(r, "local_identity") == 1
    assert r.settings["places"] == ["Essen", "Altenessen", "Karnap"]


# -- quotation, distancing, negation -------------------------------------------------------------
def test_scare_quotes_and_sogenannt(score):
    # „Flüchtlingsströmen“ (scare quotes) and "sogenannte Flüchtlingswelle": both distanced
    r = score("scare")
    assert counted(r) == 0
    assert reasons(r) == {"distanced": 2}
    assert r.evidence["scare_quoted"].sum() == 1
    assert counted(score("scare", count_distanced=True)) == 2


def test_metalinguistic_mention_is_distanced(score):
    # "Der Begriff Asylant", "als Flüchtling bezeichnet": the words are mentioned, not used
    r = score("meta")
    assert counted(r) == 0 and reasons(r) == {"distanced": 2}


def test_quoted_speech_counts_by_default(score):
    # a longer quotation is reported speech: counted, flagged, excluded on request
    r = score("speech")
    assert counted(r) == 1
    assert bool(r.evidence["quoted_speech"].iloc[0]) and not bool(r.evidence["distanced"].iloc[0])
    r = score("speech", count_quoted_speech=False)
    assert counted(r) == 0 and reasons(r) == {"quoted_speech": 1}


def test_negation(score):
    # "kein Gast" and "keine Flüchtlingswelle" are negated (excluded by default);
    # "Geflüchteten" counts (person-first); "Kollege" has no newcomer reference
    r = score("negation")
    assert counted(r) == 1
    assert reasons(r) == {"negated": 2, "no_reference": 1}
    assert int(r.table["excluded_negated"].iloc[0]) == 2
    assert counted(score("negation", count_negated=True)) == 3


def test_not_negation(score):
    # "nicht nur Flüchtlinge" is not a negation; "nicht, dass Asylbewerber": the comma ends the window
    r = score("not_negation")
    assert counted(r) == 2
    assert not r.evidence["negated"].any()


# -- the term selector's settings (docs/reference/parameters.md) -------------------------------
def test_compounds_setting_says_which_compound_matches_are_made(score):
    # "compounds": Flüchtlingsunterkunft and Ausländerbehörde (modifier), Kriegsflüchtlinge and
    # Migrationswelle (head); "metaphor": Flüchtlingswelle, Flüchtlingsstrom (lemma), Asylantenflut (head)
    assert sorted(matched(score("compounds", compounds="head"), only_counted=False)) == [
        "Kriegsflüchtlinge", "Migrationswelle"]
    assert matched(score("compounds", compounds="keep"), only_counted=False) == []
    r = score("metaphor", compounds="keep")
    assert set(matched(r)) == {"Flüchtlingswelle", "Flüchtlingsstrom"}
    assert r.settings["compounds"] == "keep" and "compounds" not in score("metaphor").settings


def test_stopwords_setting_takes_words_out_of_the_match_targets(score):
    # "labels" without Flüchtling: Asylbewerberinnen, Ausländer, Geduldete (neutral: 3);
    # Asylanten, Wirtschaftsflüchtlinge (a token of its own, not on the list) stay pejorative
    r = score("labels", stopwords=["flüchtling"])
    assert counted(r, "group_label_neutral") == 3 and counted(r, "group_label_pejorative") == 2
    assert "Flüchtlinge" not in matched(r, only_counted=False)
    # the stopword "mit" (is_stop flag) inside the phrase does not stop "Menschen mit Fluchterfahrung"
    assert matched(score("person_first", stopwords=None)) == matched(score("person_first"))
    # the context rules still read every token: "Geflüchteten" off the targets is no match
    # (person-first: 0) but still the newcomer word that makes "Gäste" and "Gastgeber" count (2)
    r = score("guest", stopwords=["geflüchtete"])
    assert counted(r, "person_first") == 0 and counted(r, "host_guest") == 2


def test_min_count_and_min_df_need_the_term_elsewhere_in_the_tokens_scored(score):
    # "labels" + "labels2": only Flüchtling occurs twice (once in "labels", once inside the
    # phrase "unbegleitete minderjährige Flüchtlinge" in "labels2"); every other label once
    for options in ({"min_count": 2}, {"min_df": 2}):
        r = score("labels", "labels2", compounds="keep", **options)
        assert sorted(matched(r)) == ["Flüchtlinge", "unbegleitete minderjährige Flüchtlinge"], options
