"""Compound splitting: precision, recall, exact-parts accuracy and speed per engine.

    python benchmarks/bench_compounds.py                      # gold list + held-out list, all engines
    python benchmarks/bench_compounds.py --tokens 1000000      # also time compound_columns on 1M tokens
    python benchmarks/bench_compounds.py --show-errors hybrid  # print the words an engine gets wrong

Lists (hand-checked, policy in docs/guide/compounds.md): tests/nlp/data/compounds_gold.tsv
(the development list) and tests/nlp/data/compounds_heldout.tsv (written before tuning, not used
for it). Metrics per engine:

* ``P``: correct splits / splits made; a split is correct when the word is a compound in the list
  and the predicted head equals the gold head (case-insensitive);
* ``P_any``: splits made on words that are compounds at all / splits made (head not checked);
* ``R``: correct splits / compounds in the list;
* ``exact``: words (compounds and non-compounds) whose parts equal the gold parts exactly
  (``exact_ci``: ignoring case, fairer to engines that do not lemmatise);
* ``words/s``: cold speed (fresh splitter, empty cache) over the list.

Engines: ``hybrid`` (framing's default), ``hybrid-nolist`` (without the shipped lexicalised list),
``hanta`` (HanTa's analysis only), ``frequency`` (framing's wordfreq splitter only), and, when
installed, ``charsplit`` (PyPI ``compound-split``, GPL-3: evaluated only, never a dependency) and
``german-nouns`` (PyPI ``german-nouns``, CC BY-SA data: evaluated only).
"""
from __future__ import annotations

import argparse
import random
import sys
import time
from collections.abc import Callable
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
DATA = REPO / "tests" / "nlp" / "data"


def read_gold(path: Path) -> list[tuple[str, tuple[str, ...], tuple[tuple[str, ...], ...]]]:
    """``(word, gold parts, accepted alternatives)`` rows of a gold TSV."""
    rows = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#") or line.startswith("word\t"):
            continue
        cols = line.split("\t")
        gold = tuple(cols[1].split("|"))
        alts = tuple(tuple(a.split("|")) for a in cols[3:] if a.strip())
        rows.append((cols[0], gold, alts))
    return rows


def score(split: Callable[[str], tuple[str, ...]], rows) -> dict[str, float]:
    made = correct = any_ok = n_comp = exact = exact_ci = 0
    errors = []
    for word, gold, alts in rows:
        parts = tuple(split(word)) or (word,)
        accepted = (gold, *alts)
        is_comp = len(gold) > 1
        n_comp += is_comp
        if len(parts) > 1:
            made += 1
            any_ok += is_comp
            if is_comp and any(parts[-1].lower() == a[-1].lower() for a in accepted):
                correct += 1
        ok = parts in accepted
        ok_ci = tuple(p.lower() for p in parts) in {tuple(p.lower() for p in a) for a in accepted}
        exact += ok
        exact_ci += ok_ci
        if not ok:
            errors.append((word, "|".join(parts), "|".join(gold)))
    n = len(rows)
    return {"P": correct / made if made else 0.0, "P_any": any_ok / made if made else 0.0,
            "R": correct / n_comp if n_comp else 0.0, "exact": exact / n, "exact_ci": exact_ci / n,
            "splits": made, "n": n, "errors": errors}


def _normalise_part(part: str) -> str:
    """Drop a linking element when that gives a more frequent word (for engines that keep it)."""
    from wordfreq import zipf_frequency

    low = part.lower()
    best, best_z = low, zipf_frequency(low, "de")
    for link in ("es", "en", "er", "s", "n", "e"):
        if low.endswith(link) and len(low) - len(link) >= 3:
            cand = low[: -len(link)]
            z = zipf_frequency(cand, "de")
            if z > best_z:
                best, best_z = cand, z
    return best[:1].upper() + best[1:]


def engines() -> dict[str, Callable[[], Callable[[str], tuple[str, ...]]]]:
    """Engine name → factory of a split function (factories so each timing starts cold)."""
    from framing.nlp import compounds as C

    def framing_engine(engine: str, **kw):
        def make():
            C._zipf.cache_clear(); C._hanta3.cache_clear()  # noqa: E702  (cold start per engine)
            return C.CompoundSplitter(engine, **kw).split
        return make

    out: dict[str, Callable[[], Callable[[str], tuple[str, ...]]]] = {
        "hybrid": framing_engine("hybrid"),
        "hybrid-nolist": framing_engine("hybrid", use_builtin_lexicalised=False),
        "hanta": framing_engine("hanta", use_builtin_lexicalised=False),
        "frequency": framing_engine("frequency", use_builtin_lexicalised=False),
    }
    try:
        from compound_split import char_split

        def make_charsplit():
            def split(word: str, depth: int = 0) -> tuple[str, ...]:
                if "-" in word:
                    return tuple(p for piece in word.split("-") if piece for p in split(piece))
                res = char_split.split_compound(word)
                if not res or res[0][0] <= 0 or depth > 3:
                    return (word,)
                _, left, right = res[0]
                return tuple(_normalise_part(p) for p in split(left, depth + 1)[:-1]) + \
                    (_normalise_part(split(left, depth + 1)[-1]),) + split(right, depth + 1)
            return split
        out["charsplit"] = make_charsplit
    except ImportError:
        pass
    try:
        from german_nouns.lookup import Nouns

        def make_german_nouns():
            nouns = Nouns()

            def split(word: str) -> tuple[str, ...]:
                parts: list[str] = []
                for piece in (p for p in word.split("-") if p):
                    try:
                        res = nouns.parse_compound(piece)
                    except Exception:
                        res = None
                    parts.extend(res or [piece])
                return tuple(parts) if parts else (word,)
            return split
        out["german-nouns"] = make_german_nouns
    except ImportError:
        pass
    return out


def bench_columns(n_tokens: int, seed: int = 0) -> None:
    """Time compound_columns on a synthetic token stream with a Zipf-like noun vocabulary."""
    from wordfreq import top_n_list

    from framing.nlp import compounds as C

    vocab = [w.capitalize() for w in top_n_list("de", 200_000) if w.isalpha() and len(w) > 3]
    gold_words = [w for w, _, _ in read_gold(DATA / "compounds_gold.tsv")]
    vocab = gold_words + vocab[:60_000]
    rng = random.Random(seed)
    weights = [1.0 / (rank + 10) for rank in range(len(vocab))]
    lemmas = rng.choices(vocab, weights=weights, k=n_tokens)
    nouns = [rng.random() < 0.35 for _ in range(n_tokens)]
    distinct = len({lem for lem, is_n in zip(lemmas, nouns) if is_n})
    C.default_splitter.cache_clear(); C._zipf.cache_clear(); C._hanta3.cache_clear()  # noqa: E702
    t0 = time.perf_counter()
    parts, _heads = C.compound_columns(lemmas, nouns)
    cold = time.perf_counter() - t0
    t0 = time.perf_counter()
    C.compound_columns(lemmas, nouns)
    warm = time.perf_counter() - t0
    n_split = sum(1 for p in parts if p and "|" in p)
    print(f"\ncompound_columns on {n_tokens:,} tokens ({distinct:,} distinct noun lemmas, "
          f"{n_split:,} compound tokens): cold {cold:.1f} s ({n_tokens / cold:,.0f} tokens/s, "
          f"{cold / max(distinct, 1) * 1000:.2f} ms per distinct lemma), warm cache {warm:.2f} s")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--engines", nargs="*", help="engines to run (default: all available)")
    ap.add_argument("--tokens", type=int, default=0, help="also time compound_columns on N tokens")
    ap.add_argument("--show-errors", metavar="ENGINE", help="print the words ENGINE gets wrong")
    args = ap.parse_args(argv)
    lists = {"gold": read_gold(DATA / "compounds_gold.tsv"),
             "heldout": read_gold(DATA / "compounds_heldout.tsv")}
    for name, rows in lists.items():
        comp = sum(len(g) > 1 for _, g, _ in rows)
        print(f"{name}: {len(rows)} words ({comp} compounds, {len(rows) - comp} not to be split)")
    factories = engines()
    chosen = args.engines or list(factories)
    print(f"\n{'list':8} {'engine':14} {'P':>6} {'P_any':>6} {'R':>6} {'exact':>6} {'exact_ci':>8} "
          f"{'splits':>6} {'words/s':>9}")
    for list_name, rows in lists.items():
        for name in chosen:
            if name not in factories:
                print(f"{list_name:8} {name:14} (not installed)")
                continue
            split = factories[name]()
            t0 = time.perf_counter()
            res = score(split, rows)
            dt = time.perf_counter() - t0
            print(f"{list_name:8} {name:14} {res['P']:6.3f} {res['P_any']:6.3f} {res['R']:6.3f} "
                  f"{res['exact']:6.3f} {res['exact_ci']:8.3f} {res['splits']:6d} {len(rows) / dt:9.0f}")
            if args.show_errors == name:
                for word, got, gold in res["errors"]:
                    print(f"    {word:32} got {got:36} gold {gold}")
    if args.tokens:
        bench_columns(args.tokens)
    return 0


if __name__ == "__main__":
    sys.path.insert(0, str(REPO / "src"))
    raise SystemExit(main())
