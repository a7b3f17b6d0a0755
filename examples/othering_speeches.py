"""Score council and parliament speeches for othering language, by party and by speaker.

    python examples/othering_speeches.py                         # the speeches of the demo corpus
    python examples/othering_speeches.py --corpus minutes/ --by party

Counts othering naming of newcomers (e.g. "Asylanten", "Flüchtlingsstrom") against recognising
naming (e.g. "Geflüchtete", "neue Nachbarn") with the shipped lexicon and its context rules
(negation, distancing, quoted speech; docs/guide/othering.md), per party and per speaker, and
writes into --out:

    by_party.csv, by_party_evidence.csv       counts, rates per 1,000 tokens, the othering index
                                              with its interval, and every match in context (KWIC)
    by_speaker.csv                            the same per speaker (when the documents name speakers)
    by_party.png, by_speaker.png              the index with its interval

The corpus may mix press and speeches: only documents with genre "speech" are scored (all documents
when there is no genre column). The demo speeches are constructed: the results show that the
scorer recovers the designed patterns, they say nothing about real parties or people.
"""
from __future__ import annotations

import argparse
import sys

from _common import kwic_text, parse_args, printer

import framing


def _options(ap: argparse.ArgumentParser) -> None:
    ap.add_argument("--by", default="party", help="document column to compare (default: party)")


def main(argv: list[str] | None = None) -> int:
    args = parse_args("othering_speeches", __doc__, argv, extra=_options)
    say, progress, out = printer(args.quiet), not args.quiet, args.out

    corpus = framing.read(args.corpus, options=args.read_options, progress=progress).unique()
    if "genre" in corpus.docs and (corpus.docs["genre"] == "speech").any():
        corpus = corpus.filter(genre="speech")
    tokens = framing.annotate(corpus, progress=progress)
    say(f"{tokens!r}")

    scorer = framing.OtheringScorer(random_state=0)
    cols = ["n_docs", "othering", "recognition", "othering_index", "ci_low", "ci_high", "othering_per_1k"]

    by_party = scorer.score(tokens, by=args.by)
    by_party.table.to_csv(out / "by_party.csv", index=False)
    by_party.evidence.to_csv(out / "by_party_evidence.csv", index=False)
    by_party.plot(path=out / "by_party.png", title=f"Speeches: othering index by {args.by}")
    say(f"\nOthering index by {args.by}:\n"
        + by_party.table[[args.by, *cols]].round(3).to_string(index=False))

    if "speaker" in tokens.docs.columns and tokens.docs["speaker"].notna().any():
        speaker_cols = list(dict.fromkeys([args.by, "speaker"]))
        by_speaker = scorer.score(tokens, by=speaker_cols)
        by_speaker.table.to_csv(out / "by_speaker.csv", index=False)
        by_speaker.plot(path=out / "by_speaker.png", title="Speeches: othering index by speaker")
        say("\nBy speaker:\n" + by_speaker.table[[*speaker_cols, *cols[:4]]].round(3).to_string(index=False))
    else:
        say("\n(no speaker column: no table by speaker)")

    # every count is traceable to its passage: the othering matches that entered the index.
    # `category` is the lexicon category (host_guest, disaster_metaphor ...), `polarity` says
    # othering/recognition; `in_index` marks the matches counted in the index (`counted` alone
    # also holds the neutral labels, which are reported per 1,000 tokens but not in the index)
    ev = by_party.evidence
    shown = ev[ev["in_index"] & (ev["polarity"] == "othering")]
    say(f"\nCounted othering matches ({len(shown)}), e.g.:\n" + kwic_text(shown, ["unit", "category"]))
    say(f"\nwrote {out}/")
    return 0


if __name__ == "__main__":
    sys.exit(main())
