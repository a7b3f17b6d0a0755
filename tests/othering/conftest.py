"""Fixtures for the othering tests: short hand-written German texts annotated with the real
``framing.annotate`` (the path a user takes), once per profile, then scored per document."""
from __future__ import annotations

from collections.abc import Callable

import pytest

from framing.corpus.corpus import Corpus
from framing.nlp.annotate import annotate
from framing.nlp.tokens import Tokens

#: doc_id -> text; the expected counts are written next to each test
TEXTS: dict[str, str] = {
    # group labels, inflection, gender forms, doublets
    "labels": "Die Flüchtlinge und die Asylbewerberinnen warten vor dem Rathaus. Asylanten, Ausländer und "
              "Geduldete wohnen in der Stadt. Auch Wirtschaftsflüchtlinge kamen an.",
    "labels2": "Viele Nordafrikaner leben hier. Die Stadt betreut unbegleitete minderjährige Flüchtlinge.",
    "inflection": "Mit den Flüchtlingen sprach der Bürgermeister. Den Geflüchteten half die Stadt.",
    "doublet": "Die Asylbewerberinnen und Asylbewerber warten auf ihre Bescheide.",
    "gender": "Die Stadt begrüßt ihre neuen Mitbürger*innen. Auch die Asylbewerber*innen sind eingeladen.",
    # collective distancing
    "distancing": "Die Flüchtlinge kamen im Herbst. Diese Leute wollen hier wohnen, sagen die Anderen.",
    "distancing_none": "Diese Leute vom Sportverein feiern am Samstag. Die anderen Kinder spielen draußen.",
    # disaster metaphors, compounds
    "metaphor": "Die Flüchtlingswelle erreichte die Stadt. Ein Flüchtlingsstrom zog durch das Tal. "
                "Im Netz schrieb jemand von einer Asylantenflut.",
    "metaphor_ctx": "Die Flüchtlinge kamen aus Syrien. Der Zustrom hält an.",
    "metaphor_none": "Es gab eine Welle der Hilfsbereitschaft. Die Stromkosten steigen. Der Ansturm auf den "
                     "Weihnachtsmarkt war groß.",
    "compounds": "Die Flüchtlingsunterkunft ist voll. Die Kriegsflüchtlinge warten bei der Ausländerbehörde. "
                 "Die Migrationswelle wurde diskutiert.",
    # host / guest
    "guest": "Die Geflüchteten sind unsere Gäste, und wir sind die Gastgeber.",
    "guest_none": "Zum Sommerfest kamen 800 Gäste. Die Gastgeber waren zufrieden.",
    # local identity and newcomer reference
    "local_modifier": "Die neuen Essener feiern im Stadtpark.",
    "local_attributive": "Der Essener Stadtrat tagt am Montag.",
    "local_noref": "Die Essener wollen mehr Wohnungen.",
    "local_predicative": "Die Geflüchteten sind längst Essener.",
    "local_blocked": "Die Flüchtlinge sind für die Essener eine Last.",
    "local_post": "Die Essener mit Fluchtgeschichte gründeten einen Verein. Unsere Nachbarn aus Syrien kochen.",
    "local_relative": "Die Stadt begrüßt alle Mitbürger*innen, die neu in der Stadt sind.",
    "local_inherent": "Das Fest der Neu-Essener war ein Erfolg. Viele Neubürgerinnen kamen.",
    "local_anaphoric": "Die meisten sind keine Flüchtlinge mehr. Sie sind Essener.",
    "local_coordinated": "Wir begrüßen unsere neuen Nachbarn, Kollegen und Mitschüler.",
    "local_aus": "Wir wollen, dass aus Geflüchteten Nachbarinnen und Nachbarn werden.",
    "adj_initial": "Geflüchtete Familien zogen in die Siedlung.",
    "local_pair": "Die neuen Essenerinnen und Essener stellten sich vor.",
    "person_first": "Menschen mit Fluchterfahrung erzählten. Eine Familie aus dem Irak kochte.",
    "bochum": "Die neuen Bochumerinnen und Bochumer wurden im Rathaus begrüßt.",
    # quotation and distancing
    "scare": "Im Rat war von „Flüchtlingsströmen“ die Rede. Die sogenannte Flüchtlingswelle ist vorbei.",
    "meta": "Der Begriff Asylant ist verletzend. Wer jemanden nur als Flüchtling bezeichnet, grenzt ihn aus.",
    "speech": "Ein Anwohner sagte: „Wir haben hier schon genug Ausländer, jetzt kommen noch mehr.“",
    # negation
    # "Gast" needs a migration word in its own sentence ("Fluchtgeschichte"; after "mit", so it
    # gives "Kollege" no predicative reference)
    "negation": "Die Geflüchteten arbeiten hier. Wer mit Fluchtgeschichte hier arbeitet, ist kein Gast, "
                "sondern Kollege. "
                "Es gibt keine Flüchtlingswelle.",
    "not_negation": "Es kamen nicht nur Flüchtlinge. Wir wollen nicht, dass Asylbewerber warten.",
}

#: metadata for the by= tests
META: dict[str, dict[str, str]] = {
    "labels": {"speaker": "A", "party": "X", "outlet": "Bote", "place": "Essen", "date": "2016-01-01"},
    "metaphor": {"speaker": "A", "party": "X", "outlet": "Bote", "place": "Essen", "date": "2016-02-01"},
    "person_first": {"speaker": "B", "party": "Y", "outlet": "Kurier", "place": "Altena", "date": "2017-01-01"},
    "local_modifier": {"speaker": "B", "party": "Y", "outlet": "Kurier", "place": "Essen-Altenessen/Karnap",
                       "date": "2017-03-01"},
}


def _annotate(profile: str) -> Tokens:
    ids = list(TEXTS)
    meta = {k: [META.get(d, {}).get(k) for d in ids] for k in ("speaker", "party", "outlet", "place", "date")}
    corpus = Corpus.from_texts([TEXTS[d] for d in ids], doc_ids=ids, **meta)
    return annotate(corpus, profile=profile, cache=False, progress=False)


@pytest.fixture
def texts() -> dict[str, str]:
    """The raw test texts by doc_id."""
    return dict(TEXTS)


@pytest.fixture(scope="session")
def annotated() -> dict[str, Tokens]:
    """The test texts annotated with both profiles of the default backend."""
    return {"full": _annotate("full"), "fast": _annotate("fast")}


@pytest.fixture(params=["full", "fast"])
def tokens(request: pytest.FixtureRequest, annotated: dict[str, Tokens]) -> Tokens:
    return annotated[request.param]


@pytest.fixture
def doc(tokens: Tokens) -> Callable[[str], Tokens]:
    """``doc("labels")`` -> the Tokens of one test text."""
    return lambda *doc_ids: tokens.filter_docs(list(doc_ids))


@pytest.fixture
def score(doc: Callable[..., Tokens]) -> Callable[..., object]:
    """``score("labels", "labels2", places=[...], by="doc", **options)`` -> OtheringResult."""
    from framing.othering import OtheringScorer

    def run(*doc_ids: str, by: str | list[str] | None = "doc", **options: object):
        options.setdefault("places", ["Essen", "Altena"])
        return OtheringScorer(**options).score(doc(*doc_ids), by=by)

    return run
