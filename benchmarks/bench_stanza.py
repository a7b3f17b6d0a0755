"""Stanza backend: accuracy on UD German GSD dev (tokenisation F1, UPOS, XPOS, lemma) and speed.

    python benchmarks/bench_stanza.py                          # CPU or GPU (auto), all 799 sentences
    python benchmarks/bench_stanza.py --device cuda --out out/stanza.json
    python benchmarks/bench_stanza.py --resources-dir /data/stanza_resources --limit 200

Needs the German Stanza models on disk (``framing models download stanza-de`` where a network
exists, or ``STANZA_RESOURCES_DIR``); exits with status 2 and says so otherwise. Input: the raw
``# text`` of GSD dev sentences, grouped into documents of ``--doc-sentences`` sentences (joined by
a space), so Stanza also has to split sentences. Metrics:

* tokenisation F1: predicted token character spans vs gold token spans (MWT parts count once);
* UPOS / XPOS / lemma accuracy over gold words; a gold word counts as correct only when its token
  was found with the same span and the same number of words (so tokenisation errors cost here
  too); lemma comparison is exact (GSD lemmas are TreeTagger's, so this is indicative only);
* speed: words/s of ``annotate_docs`` without pipeline loading (reported separately).
"""
from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
GSD = REPO.parent / "shared" / "data" / "ud_german_gsd" / "de_gsd-ud-dev.conllu"


def gold_documents(path: Path, per_doc: int, limit: int | None) -> list[dict]:
    """GSD dev as documents: text, gold token spans with their words (form, lemma, upos, xpos)."""
    from stanza.utils.conll import CoNLL

    blocks = path.read_text(encoding="utf-8").strip().split("\n\n")
    if limit:
        blocks = blocks[:limit]
    docs = []
    for i in range(0, len(blocks), per_doc):
        doc = CoNLL.conll2doc(input_str="\n\n".join(blocks[i:i + per_doc]) + "\n\n", reconstruct_text=True)
        tokens = []
        for sent in doc.sentences:
            for tok in sent.tokens:
                tokens.append(((tok.start_char, tok.end_char),
                               [(w.text, w.lemma, w.upos, w.xpos) for w in tok.words]))
        docs.append({"id": f"gsd-{i // per_doc:04d}", "text": doc.text, "tokens": tokens,
                     "n_sents": len(doc.sentences)})
    return docs


def evaluate(docs: list[dict], rows) -> dict:
    tp = n_pred = n_gold = 0
    words = upos = xpos = lemma = 0
    for doc in docs:
        part = rows[rows["doc_id"] == doc["id"]]
        pred: dict[tuple[int, int], list[tuple[str, str, str, str]]] = {}
        for r in part.itertuples(index=False):
            pred.setdefault((int(r.start_char), int(r.end_char)), []).append((r.text, r.lemma, r.upos, r.xpos))
        gold = dict(doc["tokens"])
        n_pred += len(pred)
        n_gold += len(gold)
        tp += len(set(pred) & set(gold))
        for span, gwords in gold.items():
            words += len(gwords)
            pwords = pred.get(span)
            if pwords is None or len(pwords) != len(gwords):
                continue
            for g, p in zip(gwords, pwords):
                upos += g[2] == p[2]
                xpos += g[3] == p[3]
                lemma += g[1] == p[1]
    prec = tp / n_pred if n_pred else 0.0
    rec = tp / n_gold if n_gold else 0.0
    return {"tokens_gold": n_gold, "tokens_pred": n_pred, "token_precision": prec, "token_recall": rec,
            "token_f1": 2 * prec * rec / (prec + rec) if prec + rec else 0.0, "words_gold": words,
            "upos_acc": upos / words, "xpos_acc": xpos / words, "lemma_acc": lemma / words}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--device", choices=["auto", "cpu", "cuda"], default="auto")
    ap.add_argument("--resources-dir", help="Stanza model folder (default: $STANZA_RESOURCES_DIR, then Stanza's)")
    ap.add_argument("--gsd", type=Path, default=GSD, help="GSD dev CoNLL-U file")
    ap.add_argument("--limit", type=int, default=None, help="first N sentences only")
    ap.add_argument("--doc-sentences", type=int, default=10, help="sentences per input document")
    ap.add_argument("--batch-size", type=int, default=64, help="documents per bulk Stanza call")
    ap.add_argument("--repeat", type=int, default=1, help="run the corpus N times for the speed figure")
    ap.add_argument("--out", type=Path, help="write the results as JSON here")
    args = ap.parse_args(argv)

    from framing.errors import FramingError, ModelNotFoundError
    from framing.nlp import models

    if not models.stanza_installed():
        print("Stanza is not installed. Install it with:\n" + models.install_hint(), file=sys.stderr)
        return 2
    if not args.gsd.is_file():
        print(f"GSD dev not found at {args.gsd} (it lives in ../shared/data beside the checkout)", file=sys.stderr)
        return 2
    use_gpu = None if args.device == "auto" else args.device == "cuda"
    from framing.nlp.backends.stanza import StanzaBackend

    try:
        backend = StanzaBackend(use_gpu=use_gpu, batch_size=args.batch_size, resources_dir=args.resources_dir)
        t0 = time.perf_counter()
        backend._pipeline()
        load_s = time.perf_counter() - t0
    except ModelNotFoundError as exc:
        print(f"cannot benchmark Stanza: {exc}", file=sys.stderr)
        return 2
    except FramingError as exc:
        print(f"cannot benchmark Stanza: {exc}", file=sys.stderr)
        return 2

    docs = gold_documents(args.gsd, args.doc_sentences, args.limit)
    inputs = [(d["id"], d["text"]) for d in docs]
    backend.annotate_docs(inputs[:2])  # warm-up (CUDA kernels, caches)
    t0 = time.perf_counter()
    for _ in range(args.repeat):
        rows = backend.annotate_docs(inputs)
    dt = (time.perf_counter() - t0) / args.repeat
    res = evaluate(docs, rows)
    import torch

    res.update({
        "device": "cuda" if backend.use_gpu else "cpu",
        "gpu": torch.cuda.get_device_name(0) if backend.use_gpu else None,
        "sentences": sum(d["n_sents"] for d in docs), "documents": len(docs),
        "load_s": round(load_s, 2), "annotate_s": round(dt, 2),
        "words_per_s": round(len(rows) / dt, 1), "settings": backend.settings(),
    })
    print(f"Stanza {res['settings']['stanza_version']} on {res['device']}"
          f"{' (' + res['gpu'] + ')' if res['gpu'] else ''}: {res['sentences']} GSD dev sentences, "
          f"{res['words_gold']} words")
    print(f"  tokenisation F1 {res['token_f1']:.4f} (P {res['token_precision']:.4f}, R {res['token_recall']:.4f})")
    print(f"  UPOS {res['upos_acc']:.4f}  XPOS {res['xpos_acc']:.4f}  lemma {res['lemma_acc']:.4f} (indicative)")
    print(f"  pipeline load {load_s:.1f} s; annotate {dt:.2f} s = {res['words_per_s']:,.0f} words/s")
    if args.out:
        args.out.parent.mkdir(parents=True, exist_ok=True)
        args.out.write_text(json.dumps(res, indent=2, default=str), encoding="utf-8")
        print(f"  wrote {args.out}")
    return 0


if __name__ == "__main__":
    sys.path.insert(0, str(REPO / "src"))
    raise SystemExit(main())
