"""Annotation accuracy against UD German GSD (dev): tokens, sentences, UPOS, lemmas.

    python benchmarks/bench_annotation_accuracy.py                       # default backend, both profiles
    python benchmarks/bench_annotation_accuracy.py --profile fast --errors 30
    python benchmarks/bench_annotation_accuracy.py --backend stanza      # hook for the Stanza backend
    python benchmarks/bench_annotation_accuracy.py --json benchmarks/results/annotation_accuracy.json

Data: ``../shared/data/ud_german_gsd/de_gsd-ud-dev.conllu`` (799 sentences, CC BY-SA 4.0); the
script exits with a message (status 0) when ``../shared`` is absent.

What is measured
----------------
* **Tokenisation F1** from raw text: GSD has no ``# newdoc`` markers, so consecutive sentences
  (``# text``) are joined with a space into pseudo-documents of ``--doc-size`` sentences, each is
  annotated, and predicted token spans (start, end) are compared with gold spans. Gold tokens are
  *surface* tokens: a multi-word token line (``4-5 am``) counts once, its syntactic words
  ("an", "dem") are not tokens. Reported twice: ``raw`` against GSD's tokens, and
  ``conventions`` where GSD's split hyphenated compounds are joined first (GSD writes
  ``Bundeswehr - Generalinspekteur`` and ``Zeitungs - und``; framing keeps ``Bundeswehr-
  Generalinspekteur`` and ``Zeitungs-`` as one token by design).
* **Sentence-split F1**: sentence start offsets inside the pseudo-documents (document starts
  excluded, they are given).
* **UPOS accuracy and lemma agreement on gold tokens**: the gold surface tokens of each sentence
  are given to the backend's tagger/lemmatiser (``backend.tag_sentence(words)``); a multi-word
  token's gold UPOS is that of its first word (``am`` → ADP, as STTS APPRART); MWT tokens are left
  out of the lemma score (their gold lemma is per word). GSD lemmas are automatic (TreeTagger):
  agreement is indicative only. ``lemma_ci`` ignores case.
* **End-to-end**: gold tokens whose span the annotation reproduced exactly and whose UPOS/lemma
  is right, over all gold tokens.
* **Per-UPOS lemma agreement of simplemma vs HanTa** (full profile only): the basis for
  ``HANTA_LEMMA_POS`` in ``framing.nlp.backends.offline``.

A backend that cannot take gold tokens (no ``tag_sentence``) gets the raw-text scores only.
"""
from __future__ import annotations

import argparse
import json
import sys
import time
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
GSD = REPO.parent / "shared" / "data" / "ud_german_gsd" / "de_gsd-ud-dev.conllu"


@dataclass
class GoldToken:
    form: str
    start: int
    end: int
    upos: str
    lemma: str | None  # None for multi-word tokens
    space_after: bool
    mwt: bool = False


@dataclass
class GoldSentence:
    sent_id: str
    text: str
    tokens: list[GoldToken] = field(default_factory=list)


def read_conllu(path: Path) -> list[GoldSentence]:
    """Surface tokens of each sentence, with character offsets into its ``# text``."""
    sents: list[GoldSentence] = []
    cur: GoldSentence | None = None
    mwt_end = 0
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith("# sent_id"):
            cur = GoldSentence(line.split("=", 1)[1].strip(), "")
            sents.append(cur)
            mwt_end = 0
        elif line.startswith("# text ="):
            assert cur is not None
            cur.text = line.split("=", 1)[1].strip()
        elif line and not line.startswith("#"):
            assert cur is not None
            f = line.split("\t")
            if "." in f[0]:
                continue
            space = "SpaceAfter=No" not in f[9]
            if "-" in f[0]:
                _a, b = (int(x) for x in f[0].split("-"))
                mwt_end = b
                cur.tokens.append(GoldToken(f[1], -1, -1, "", None, space, mwt=True))
                continue
            idx = int(f[0])
            if idx <= mwt_end:
                tok = cur.tokens[-1]
                if not tok.upos:
                    tok.upos = f[3]
                continue
            cur.tokens.append(GoldToken(f[1], -1, -1, f[3], f[2], space))
    for s in sents:  # offsets by sequential search in the sentence text
        pos = 0
        for t in s.tokens:
            k = s.text.find(t.form, pos)
            if k < 0:
                raise ValueError(f"{s.sent_id}: token {t.form!r} not found in text")
            t.start, t.end = k, k + len(t.form)
            pos = t.end
    return sents


def make_docs(sents: list[GoldSentence], size: int) -> list[tuple[str, str, list[GoldSentence], list[int]]]:
    """Pseudo-documents: ``size`` consecutive sentences joined by a space, with sentence offsets."""
    docs = []
    for i in range(0, len(sents), size):
        group = sents[i:i + size]
        offsets, parts, pos = [], [], 0
        for s in group:
            offsets.append(pos)
            parts.append(s.text)
            pos += len(s.text) + 1
        docs.append((f"gsd{i // size:04d}", " ".join(parts), group, offsets))
    return docs


def _convention_spans(sent: GoldSentence) -> list[tuple[int, int]]:
    """Gold spans with GSD's split hyphen compounds joined (framing keeps them as one token)."""
    toks = sent.tokens
    spans: list[list[int]] = []
    i = 0
    while i < len(toks):
        t = toks[i]
        start, end = t.start, t.end
        # X - Y written without spaces, or X - (elided, followed by space/",", "/")
        while (i + 1 < len(toks) and toks[i + 1].form in ("-", "‐") and toks[i + 1].start == end
               and any(ch.isalnum() for ch in t.form)):
            hy = toks[i + 1]
            if i + 2 < len(toks) and toks[i + 2].start == hy.end and any(ch.isalnum() for ch in toks[i + 2].form):
                end = toks[i + 2].end
                i += 2
                t = toks[i]
            else:
                nxt = sent.text[hy.end:hy.end + 1]
                if nxt in ("", " ", ",", "/"):
                    end = hy.end
                    i += 1
                break
        spans.append([start, end])
        i += 1
    return [tuple(s) for s in spans]


def f1(gold: set, pred: set) -> dict[str, float]:
    tp = len(gold & pred)
    p = tp / len(pred) if pred else 0.0
    r = tp / len(gold) if gold else 0.0
    return {"precision": round(p, 4), "recall": round(r, 4),
            "f1": round(2 * p * r / (p + r), 4) if p + r else 0.0, "gold": len(gold), "pred": len(pred)}


def evaluate(backend, sents: list[GoldSentence], doc_size: int, n_errors: int) -> dict:
    from framing.nlp.annotate import PostProcessor, _run_chunk
    from framing.nlp.stopwords import get_stopwords

    res: dict = {"backend": backend.name, "settings": backend.settings()}
    docs = make_docs(sents, doc_size)
    post = PostProcessor(get_stopwords())
    t0 = time.perf_counter()
    table, _ = _run_chunk(backend, post, [(d, t) for d, t, _, _ in docs])
    res["raw_text_seconds"] = round(time.perf_counter() - t0, 3)
    pred_tok, pred_sent = set(), set()
    pred_rows: dict[tuple[str, int, int], tuple] = {}
    for row in table.itertuples(index=False):
        key = (row.doc_id, int(row.start_char), int(row.end_char))
        pred_tok.add(key)
        pred_rows.setdefault(key, (row.upos, row.lemma, row.text))  # MWT rows share a span: first word
    for doc_id, g in table.groupby("doc_id", sort=False):
        firsts = g.groupby("sent_id", sort=False)["start_char"].min()
        pred_sent |= {(doc_id, int(s)) for s in firsts if s > 0}
    gold_tok, gold_conv, gold_sent = set(), set(), set()
    gold_items = []
    for doc_id, _, group, offsets in docs:
        for s, off in zip(group, offsets):
            if off > 0:
                gold_sent.add((doc_id, off))
            for t in s.tokens:
                gold_tok.add((doc_id, off + t.start, off + t.end))
                gold_items.append((doc_id, off, t))
            gold_conv |= {(doc_id, off + a, off + b) for a, b in _convention_spans(s)}
    res["tokens_raw"] = f1(gold_tok, pred_tok)
    res["tokens_conventions"] = f1(gold_conv, pred_tok)
    res["sentences"] = f1(gold_sent, pred_sent)
    text_of = {d: t for d, t, _, _ in docs}
    fn = sorted(gold_conv - pred_tok)
    fp = sorted(pred_tok - gold_conv)
    res["token_errors_sample"] = {
        "missed": Counter(text_of[d][a:b] for d, a, b in fn).most_common(n_errors),
        "spurious": Counter(text_of[d][a:b] for d, a, b in fp).most_common(n_errors)}
    sent_fn = sorted(gold_sent - pred_sent)
    sent_fp = sorted(pred_sent - gold_sent)
    res["sentence_errors_sample"] = {
        "missed": [text_of[d][max(0, o - 40):o + 25] for d, o in sent_fn[:n_errors]],
        "spurious": [text_of[d][max(0, o - 40):o + 25] for d, o in sent_fp[:n_errors]]}

    # end-to-end
    has_pos = table["upos"].notna().any()
    e2e_upos = e2e_lemma = n_lemma = 0
    for doc_id, off, t in gold_items:
        p = pred_rows.get((doc_id, off + t.start, off + t.end))
        if p is None:
            continue
        if has_pos and p[0] == t.upos:
            e2e_upos += 1
        if t.lemma is not None and p[1] == t.lemma:
            e2e_lemma += 1
    n_lemma = sum(1 for _, _, t in gold_items if t.lemma is not None)
    res["end_to_end"] = {"upos": round(e2e_upos / len(gold_items), 4) if has_pos else None,
                         "lemma": round(e2e_lemma / n_lemma, 4)}

    # gold tokens
    if hasattr(backend, "tag_sentence"):
        t0 = time.perf_counter()
        n = n_upos = n_lem = n_lem_ci = n_lem_total = 0
        upos_err: Counter = Counter()
        lemma_err: Counter = Counter()
        by_pos: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0])  # simplemma ok, hanta ok, total
        tagger = getattr(backend, "tagger", None) if res["settings"].get("profile") == "full" else None
        for s in sents:
            words = [t.form for t in s.tokens]
            out = backend.tag_sentence(words)
            hanta = None
            if tagger is not None:
                from framing.nlp.backends.offline import _tagger_input

                hanta = tagger.tag([_tagger_input(w) for w in words], with_lemma=True)
            for k, (t, (lem, upos, _x)) in enumerate(zip(s.tokens, out)):
                n += 1
                if upos is not None:
                    if upos == t.upos:
                        n_upos += 1
                    else:
                        upos_err[(t.upos, upos)] += 1
                if t.lemma is None:
                    continue
                n_lem_total += 1
                if lem == t.lemma:
                    n_lem += 1
                else:
                    lemma_err[(t.form, lem, t.lemma)] += 1
                if lem.lower() == t.lemma.lower():
                    n_lem_ci += 1
                if hanta is not None:
                    simple = backend.lemmatizer.lemma(t.form)
                    rec = by_pos[t.upos]
                    rec[0] += simple == t.lemma
                    rec[1] += hanta[k][2] == t.lemma
                    rec[2] += 1
        res["gold_tokens_seconds"] = round(time.perf_counter() - t0, 3)
        res["gold_tokens"] = {
            "tokens": n,
            "upos": round(n_upos / n, 4) if res["settings"].get("profile") != "fast" else None,
            "lemma": round(n_lem / n_lem_total, 4), "lemma_ci": round(n_lem_ci / n_lem_total, 4)}
        res["upos_confusions"] = [f"{g}->{p}: {c}" for (g, p), c in upos_err.most_common(n_errors)]
        res["lemma_disagreements"] = [f"{f} -> {p} (GSD {g}) x{c}" for (f, p, g), c in lemma_err.most_common(n_errors)]
        if by_pos:
            res["lemma_by_upos_simplemma_vs_hanta"] = {
                pos: {"simplemma": round(a / c, 3), "hanta": round(b / c, 3), "n": c}
                for pos, (a, b, c) in sorted(by_pos.items(), key=lambda kv: -kv[1][2])}
    return res


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--backend", default="default", help="backend name (default, stanza)")
    ap.add_argument("--profile", default="all", help="fast, full or all (default backend)")
    ap.add_argument("--doc-size", type=int, default=10, help="sentences per pseudo-document")
    ap.add_argument("--errors", type=int, default=15, help="how many error examples to print")
    ap.add_argument("--json", type=Path, help="write the results here")
    ap.add_argument("--data", type=Path, default=GSD)
    args = ap.parse_args(argv)
    if not args.data.exists():
        print(f"SKIPPED: UD German GSD not found at {args.data} (needs ../shared next to the repository)")
        return 0
    sys.path.insert(0, str(REPO / "src"))
    from framing.nlp.backends import get_backend

    sents = read_conllu(args.data)
    if args.backend == "default":
        profiles = ["fast", "full"] if args.profile == "all" else [args.profile]
        backends = [get_backend("default", profile=p) for p in profiles]
    else:
        opts = {} if args.profile == "all" else {"profile": args.profile}
        backends = [get_backend(args.backend, **opts)]
    results = []
    for be in backends:
        r = evaluate(be, sents, args.doc_size, args.errors)
        results.append(r)
        prof = r["settings"].get("profile", "-")
        print(f"\n== backend={r['backend']} profile={prof}")
        print(f"tokens raw        F1 {r['tokens_raw']['f1']:.4f}  "
              f"(P {r['tokens_raw']['precision']:.4f} R {r['tokens_raw']['recall']:.4f})")
        print(f"tokens convention F1 {r['tokens_conventions']['f1']:.4f}  "
              f"(P {r['tokens_conventions']['precision']:.4f} R {r['tokens_conventions']['recall']:.4f})")
        print(f"sentences         F1 {r['sentences']['f1']:.4f}  "
              f"(P {r['sentences']['precision']:.4f} R {r['sentences']['recall']:.4f})")
        if "gold_tokens" in r:
            g = r["gold_tokens"]
            print(f"gold tokens: UPOS {g['upos']}  lemma {g['lemma']:.4f}  lemma (case-insens.) {g['lemma_ci']:.4f}")
        e = r["end_to_end"]
        print(f"end-to-end:  UPOS {e['upos']}  lemma {e['lemma']:.4f}")
        if args.errors:
            print("missed tokens:", r["token_errors_sample"]["missed"])
            print("spurious tokens:", r["token_errors_sample"]["spurious"])
            print("missed sentence starts:", r["sentence_errors_sample"]["missed"])
            print("spurious sentence starts:", r["sentence_errors_sample"]["spurious"])
            if r.get("upos_confusions"):
                print("UPOS confusions:", r["upos_confusions"])
            print("lemma disagreements:", r.get("lemma_disagreements"))
            if r.get("lemma_by_upos_simplemma_vs_hanta"):
                print("lemma by UPOS (simplemma vs HanTa):")
                for pos, v in r["lemma_by_upos_simplemma_vs_hanta"].items():
                    print(f"  {pos:6s} n={v['n']:5d}  simplemma {v['simplemma']:.3f}  hanta {v['hanta']:.3f}")
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(results, indent=2, ensure_ascii=False, default=str), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
