"""Hand-written German texts annotated with the real framing.annotate (the user's path)."""
from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from framing.corpus.corpus import Corpus
from framing.nlp.annotate import annotate

TEXTS = {
    "d1": "Die Flüchtlinge wohnen in der Flüchtlingsunterkunft. Viele Wirtschaftsflüchtlinge kamen nicht.",
    "d2": "Im Essener Norden ist die Belastung groß. Das Nord-Süd-Gefälle wächst, die Überforderung auch.",
    "d3": "Die Kommunen haben Probleme. Sie wurden abgeschoben. Das ist kein Problem für uns.",
    "d4": "Der demografische Wandel ist eine Chance. Leerstand und Fachkräftemangel prägen die Stadt.",
}
PLACES = {"d1": "A", "d2": "A", "d3": "B", "d4": "B"}


@pytest.fixture(scope="session")
def tokens():
    docs = pd.DataFrame({"doc_id": list(TEXTS), "text": list(TEXTS.values()),
                         "place": [PLACES[d] for d in TEXTS]})
    return annotate(Corpus(docs), progress=False, cache=False)


DEMO = Path(__file__).resolve().parents[2] / "corpora" / "demo"


@pytest.fixture(scope="session")
def demo_tokens():
    """The shipped demo corpus (three reference places), annotated."""
    import framing
    if not DEMO.exists():
        pytest.skip("corpora/demo missing")
    return framing.annotate(framing.read(DEMO, progress=False).unique(), progress=False)
