"""Write ``src/framing/resources/places/inflected.txt``: the single-word surfaces of the default
place index that are inflected nouns (``framing.corpus.places._inflected_noun``: "Steinen",
"Kirchen"), with the simplemma and wordfreq versions and the fingerprint of the surfaces they
were computed over.

    python scripts/build_places_inflected.py    # after upgrading simplemma or wordfreq, or
                                                # changing the place data or the index code

The default index's first build uses the file only while its header matches the installed
versions and the index's surfaces (else it computes the set itself, ~2.5-4 CPU-s more);
``tests/corpus/test_places_inflected.py`` fails while the file is stale and the versions match.
"""
from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from framing.corpus import places


def main() -> int:
    records = [*places._geonames_records(), *places._foreign_records(), *places._district_records()]
    idx = places._build_index(records, [])
    words = [key[0] for key in idx.surfaces if len(key) == 1]
    # computed, never read from the shipped file: places._lemma_is_frequent_noun is the test itself
    inflected = [w for w in words if places._inflected_noun.__wrapped__(w)]
    text = places._inflected_text(words, inflected)
    path = Path(__file__).resolve().parents[1] / "src" / "framing" / places._DATA / places._INFLECTED_FILE
    path.write_text(text, encoding="utf-8")
    header = places._inflected_header(words)
    print(f"{path}: {len(inflected)} of {len(words)} single-word surfaces "
          f"(simplemma {header['simplemma']}, wordfreq {header['wordfreq']})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
