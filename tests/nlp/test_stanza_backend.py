"""Stanza backend: Document → rows conversion on real UD German GSD data, missing-model errors, and
the full pipeline where the German models are on disk."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from framing.errors import ModelNotFoundError
from framing.nlp import models
from framing.nlp.backends.base import RAW_COLUMNS, Backend

stanza = pytest.importorskip("stanza", reason="stanza is not installed (pip install 'framing-lokal[stanza]')")
from stanza.utils.conll import CoNLL  # noqa: E402

from framing.nlp.backends.stanza import StanzaBackend, stanza_document_to_rows  # noqa: E402

N_SENTENCES = 120


@pytest.fixture(scope="module")
def gsd_sample() -> str:
    """The first N sentences of GSD dev as CoNLL-U text (skips where ../shared is absent)."""
    path = Path(__file__).resolve().parents[2].parent / "shared" / "data" / "ud_german_gsd" / "de_gsd-ud-dev.conllu"
    if not path.is_file():
        pytest.skip(f"UD German GSD not found at {path} (../shared is absent in a fresh clone)")
    blocks = path.read_text(encoding="utf-8").strip().split("\n\n")[:N_SENTENCES]
    return "\n\n".join(blocks) + "\n\n"


def parse_conllu(text: str) -> list[dict]:
    """Independent reading of CoNLL-U: per sentence its text, words and multi-word token ranges."""
    sents = []
    for block in text.strip().split("\n\n"):
        sent = {"text": None, "words": [], "mwt": []}
        for line in block.splitlines():
            if line.startswith("# text = "):
                sent["text"] = line[len("# text = "):]
            elif line and not line.startswith("#"):
                cols = line.split("\t")
                if "-" in cols[0]:
                    a, b = cols[0].split("-")
                    sent["mwt"].append((int(a), int(b), cols[1]))
                elif "." not in cols[0]:
                    sent["words"].append({"id": int(cols[0]), "form": cols[1], "lemma": cols[2],
                                          "upos": cols[3], "xpos": cols[4]})
        sents.append(sent)
    return sents


def test_rows_equal_conllu_words(gsd_sample: str) -> None:
    gold = parse_conllu(gsd_sample)
    doc = CoNLL.conll2doc(input_str=gsd_sample)
    rows = stanza_document_to_rows("gsd", doc)
    assert tuple(rows.columns) == RAW_COLUMNS
    gold_words = [w for s in gold for w in s["words"]]
    assert len(rows) == len(gold_words)
    assert rows["text"].tolist() == [w["form"] for w in gold_words]
    assert rows["lemma"].tolist() == [w["lemma"] for w in gold_words]
    assert rows["upos"].tolist() == [w["upos"] for w in gold_words]
    assert rows["xpos"].tolist() == [w["xpos"] for w in gold_words]
    assert rows["token_id"].tolist() == list(range(len(gold_words)))
    assert rows["sent_id"].tolist() == [i for i, s in enumerate(gold) for _ in s["words"]]
    assert (rows["doc_id"] == "gsd").all()
    assert str(rows["token_id"].dtype) == "int32" and str(rows["start_char"].dtype) == "int32"


def test_mwt_words_share_the_token_span(gsd_sample: str) -> None:
    """GSD writes "am" as the two words "an" + "dem"; both rows carry the span of "am"."""
    gold = parse_conllu(gsd_sample)
    doc = CoNLL.conll2doc(input_str=gsd_sample)
    rows = stanza_document_to_rows("gsd", doc)
    text = " ".join(s["text"] for s in gold)
    seen_am = False
    n_mwt = 0
    for sent_id, s in enumerate(gold):
        sent_rows = rows[rows["sent_id"] == sent_id].reset_index(drop=True)
        for a, b, form in s["mwt"]:
            n_mwt += 1
            parts = sent_rows.iloc[a - 1:b]
            assert parts["text"].tolist() == [w["form"] for w in s["words"][a - 1:b]]
            assert parts["start_char"].nunique() == 1 and parts["end_char"].nunique() == 1
            start, end = int(parts["start_char"].iloc[0]), int(parts["end_char"].iloc[0])
            assert text[start:end] == form
            if form.lower() == "am":
                seen_am = True
                assert parts["text"].tolist() == ["an", "dem"]
                assert parts["lemma"].tolist() == ["an", "der"]
                assert parts["upos"].tolist() == ["ADP", "DET"]
    assert n_mwt > 0 and seen_am


def test_offsets_are_aligned_to_the_text(gsd_sample: str) -> None:
    """conll2doc leaves start_char unset unless asked to rebuild the text: the converter aligns
    tokens to the `# text` lines and gets the same offsets Stanza computes itself."""
    gold = parse_conllu(gsd_sample)
    plain = CoNLL.conll2doc(input_str=gsd_sample)
    assert plain.sentences[0].tokens[0].start_char is None  # what conll2doc gives without reconstruct_text
    rows = stanza_document_to_rows("gsd", plain)
    text = " ".join(s["text"] for s in gold)
    assert (rows["start_char"] >= 0).all()
    single = rows.groupby(["start_char", "end_char"]).filter(lambda g: len(g) == 1)
    for start, end, form in single[["start_char", "end_char", "text"]].itertuples(index=False):
        assert text[start:end] == form
    rebuilt = CoNLL.conll2doc(input_str=gsd_sample, reconstruct_text=True)
    rows2 = stanza_document_to_rows("gsd", rebuilt)
    assert rows2["start_char"].tolist() == rows["start_char"].tolist()
    assert rows2["end_char"].tolist() == rows["end_char"].tolist()
    assert rebuilt.text == text


def test_offsets_unknown_are_minus_one() -> None:
    doc = CoNLL.conll2doc(input_str="1\tHallo\thallo\tINTJ\tITJ\t_\t0\troot\t_\t_\n\n")
    doc.sentences[0].text = None
    rows = stanza_document_to_rows("x", doc, text="ganz anderer Text")
    assert rows["start_char"].tolist() == [-1] and rows["end_char"].tolist() == [-1]


def test_missing_models_raise_model_not_found(tmp_path: Path) -> None:
    empty = tmp_path / "stanza_resources"
    empty.mkdir()
    with pytest.raises(ModelNotFoundError) as info:
        StanzaBackend(resources_dir=empty)
    msg = str(info.value)
    assert "German Stanza models are not on disk" in msg
    assert str(empty) in msg
    assert "framing models download stanza-de" in msg
    assert 'framing.nlp.models.download("stanza-de")' in msg
    assert "STANZA_RESOURCES_DIR" in msg


def test_missing_models_honour_env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("STANZA_RESOURCES_DIR", str(tmp_path))
    assert models.model_dir() == tmp_path
    assert models.model_dir(resources_dir=tmp_path / "x") == tmp_path / "x"
    assert models.available() == {"stanza-de": False}
    assert "resources.json" in models.missing_files()
    with pytest.raises(ModelNotFoundError, match=str(tmp_path)):
        StanzaBackend()


def test_incomplete_models_raise(tmp_path: Path) -> None:
    (tmp_path / "resources.json").write_text("{}", encoding="utf-8")
    (tmp_path / "de" / "tokenize").mkdir(parents=True)
    (tmp_path / "de" / "tokenize" / "gsd.pt").write_bytes(b"")
    missing = models.missing_files(resources_dir=tmp_path)
    assert missing == ["de/mwt/*.pt", "de/pos/*.pt", "de/lemma/*.pt"]
    with pytest.raises(ModelNotFoundError, match="de/pos"):
        StanzaBackend(resources_dir=tmp_path)


def test_annotate_docs_batches_and_keeps_doc_ids(gsd_sample: str) -> None:
    """annotate_docs with a stand-in pipeline (GSD documents instead of model output)."""
    blocks = gsd_sample.strip().split("\n\n")
    parsed = [CoNLL.conll2doc(input_str=b + "\n\n", reconstruct_text=True) for b in blocks[:5]]
    calls: list[int] = []

    def fake_nlp(docs):
        calls.append(len(docs))
        return [next(d for d in parsed if d.text == doc.text) for doc in docs]

    backend = object.__new__(StanzaBackend)
    backend.batch_size = 2
    backend._nlp = fake_nlp
    rows = backend.annotate_docs([(f"d{i}", d.text) for i, d in enumerate(parsed)])
    assert calls == [2, 2, 1]
    assert rows["doc_id"].unique().tolist() == ["d0", "d1", "d2", "d3", "d4"]
    for i, d in enumerate(parsed):
        part = rows[rows["doc_id"] == f"d{i}"]
        assert part["token_id"].tolist() == list(range(len(part)))
        assert len(part) == sum(len(s.words) for s in d.sentences)
    assert isinstance(backend, Backend)


def test_import_does_not_load_stanza() -> None:
    code = ("import sys, framing.nlp.backends.stanza, framing.nlp.models; "
            "print('stanza' in sys.modules, 'torch' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["False", "False"]


@pytest.mark.stanza
def test_full_pipeline_when_models_present() -> None:
    where = models.model_dir()
    if not models.available()["stanza-de"]:
        pytest.skip(f"Stanza German models not found in {where}; run `framing models download stanza-de`")
    backend = StanzaBackend(use_gpu=False, batch_size=2)
    texts = [("a", "Die Flüchtlinge wohnen am Stadtrand in einer Flüchtlingsunterkunft."),
             ("b", "Der Bürgermeister sprach zum Integrationsrat. Alle kamen.")]
    rows = backend.annotate_docs(texts)
    assert tuple(rows.columns) == RAW_COLUMNS
    assert rows["doc_id"].unique().tolist() == ["a", "b"]
    a = rows[rows["doc_id"] == "a"]
    assert "Flüchtling" in a["lemma"].tolist()
    am = a[a["text"].isin(["an", "dem"])]
    assert len(am) == 2 and am["start_char"].nunique() == 1
    for doc_id, text in texts:
        part = rows[rows["doc_id"] == doc_id]
        for start, end in part[["start_char", "end_char"]].itertuples(index=False):
            assert 0 <= start < end <= len(text)
    assert rows[rows["doc_id"] == "b"]["sent_id"].max() == 1
    settings = backend.settings()
    assert settings["backend"] == "stanza" and settings["stanza_version"] and settings["models"]
