"""Settings of ``framing analyze``: the defaults, the ``framing.toml`` file and overrides.

One section per step, each holding every setting of that step (see ``examples/framing.toml``):

    [analyze]   by, min_group_size, random_state
    [ingest]    format, clean, places, dedup, options (reader options: [ingest.options])
    [annotate]  backend, profile, n_process, cache
    [topics]    run, engine, n_topics, passes, edge
    [networks]  run, pos, unit, measure, min_pair_count, top_n_per_node, communities, generic
    [frames]    run, codebook, n_boot, confidence
    [othering]  run, ci, confidence, lexicon
    [comparison] run, min_count, measure, alpha
    [report]    run

Precedence: defaults < the file < overrides (keyword arguments of :func:`framing.analyze`,
command-line flags). An unknown section or key, or a value of the wrong type, is a
:class:`~framing.errors.ParameterError` naming the file and the key. TOML has no null: an empty
string stands for "not set" where the default is ``None`` (``profile = ""``).
"""
from __future__ import annotations

import copy
import warnings
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from framing.errors import InputError, ParameterError

#: every setting of ``framing analyze`` with its default, by section (= step)
DEFAULTS: dict[str, dict[str, Any]] = {
    "analyze": {"by": "place", "min_group_size": 5, "random_state": 0},
    "ingest": {"format": None, "clean": True, "places": True, "dedup": True, "options": {}},
    "annotate": {"backend": "default", "profile": None, "n_process": 1, "cache": True},
    "topics": {"run": True, "engine": "lda", "n_topics": 8, "passes": 10, "edge": "correlation"},
    "networks": {"run": True, "pos": ["NOUN", "PROPN", "ADJ"], "unit": "sentence", "measure": "npmi",
                 "min_pair_count": 3, "top_n_per_node": 20, "communities": "louvain", "generic": True},
    "frames": {"run": True, "codebook": "integration_modes", "n_boot": 1000, "confidence": 0.95},
    "othering": {"run": True, "ci": "wilson", "confidence": 0.95, "lexicon": None},
    "comparison": {"run": True, "min_count": 5, "measure": "g2", "alpha": 0.05},
    "report": {"run": True},
}

#: old key -> new key per section, accepted for one release with a DeprecationWarning (the
#: parameter vocabulary, docs/reference/parameters.md: min_count is a term frequency everywhere)
RENAMED: dict[str, dict[str, str]] = {"networks": {"min_count": "min_pair_count", "top_k": "top_n_per_node"},
                                      "comparison": {"min_freq": "min_count"}}

#: settings that change how fast a step runs, not what it writes (left out of fingerprints)
NOT_FINGERPRINTED: dict[str, frozenset[str]] = {"annotate": frozenset({"n_process", "cache"})}

DEFAULT_FILE = "framing.toml"


def _flat_index() -> dict[str, list[str]]:
    """Setting name -> the sections that have it (``run`` is reached through the section name)."""
    index: dict[str, list[str]] = {}
    for section, keys in DEFAULTS.items():
        for key in keys:
            if key != "run":
                index.setdefault(key, []).append(section)
    return index


def _kind(default: Any) -> str:
    if isinstance(default, bool):
        return "true or false"
    if isinstance(default, int):
        return "an integer"
    if isinstance(default, float):
        return "a number"
    if isinstance(default, list):
        return "a list of strings"
    if isinstance(default, dict):
        return "a table of names and values"
    return "a string"


def _renamed(where: str, section: str, key: str, given: Mapping[str, Any]) -> str:
    """The current name of ``key`` in ``section`` (an old one warns; old and new together raise)."""
    new = RENAMED.get(section, {}).get(key)
    if new is None:
        return key
    if new in given:
        raise ParameterError(f"{where}: [{section}] {new} and {key} are the same setting ({key} is its old, "
                             f"deprecated name); give {new} only")
    warnings.warn(f"{where}: [{section}] {key} is deprecated and will be removed; write {new} (same meaning)",
                  DeprecationWarning, stacklevel=5)
    return new


def _checked(where: str, section: str, key: str, value: Any) -> Any:
    """``value`` converted to the type of the default, or a ParameterError naming ``where``."""
    default = DEFAULTS[section][key]
    ok: bool
    if default is None:                       # optional string: "" means not set
        if value == "":
            return None
        ok = value is None or isinstance(value, (str, Path))
        value = str(value) if isinstance(value, Path) else value
    elif isinstance(default, bool):
        ok = isinstance(value, bool)
    elif isinstance(default, int):
        ok = isinstance(value, int) and not isinstance(value, bool)
    elif isinstance(default, float):
        ok = isinstance(value, (int, float)) and not isinstance(value, bool)
        value = float(value) if ok else value
    elif isinstance(default, dict):
        ok = isinstance(value, Mapping) and all(isinstance(k, str) for k in value)
        value = dict(value) if ok else value
    elif isinstance(default, list):
        if isinstance(value, str):
            value = [v.strip() for v in value.split(",") if v.strip()]
        ok = isinstance(value, (list, tuple)) and all(isinstance(v, str) for v in value)
        value = list(value) if ok else value
    else:
        ok = isinstance(value, (str, Path))
        value = str(value) if isinstance(value, Path) else value
    if not ok:
        raise ParameterError(f"{where}: [{section}] {key} must be {_kind(default)}, got {value!r}")
    return value


def read_config(path: str | Path) -> dict[str, dict[str, Any]]:
    """The sections of a ``framing.toml`` file, checked against :data:`DEFAULTS` (an unknown
    section or key, or a value of the wrong type, raises ParameterError naming the file)."""
    import tomllib

    path = Path(path)
    if not path.is_file():
        raise InputError("no such config file", path=path)
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as exc:
        raise InputError(f"not a valid TOML file ({exc})", path=path) from None
    out: dict[str, dict[str, Any]] = {}
    for section, values in data.items():
        if section not in DEFAULTS:
            raise ParameterError(f"{path}: unknown section [{section}]; sections are {list(DEFAULTS)}")
        if not isinstance(values, dict):
            raise ParameterError(f"{path}: {section} must be a [{section}] section, not a value")
        for key, value in values.items():
            key = _renamed(str(path), section, key, values)
            if key not in DEFAULTS[section]:
                raise ParameterError(f"{path}: unknown key {key!r} in [{section}]; "
                                     f"[{section}] has {list(DEFAULTS[section])}")
            out.setdefault(section, {})[key] = _checked(str(path), section, key, value)
    return out


def _override_sections(overrides: Mapping[str, Any]) -> dict[str, dict[str, Any]]:
    """Keyword overrides as sections: ``n_topics=5`` → [topics]; ``topics=False`` → [topics]
    run; ``frames={"n_boot": 200}`` → [frames]. A name two sections share must be given as a
    section dict."""
    index = _flat_index()
    old_names = {old: (section, new) for section, names in RENAMED.items() for old, new in names.items()}
    out: dict[str, dict[str, Any]] = {}
    for key, value in overrides.items():
        if key in index and key in old_names and not isinstance(value, Mapping):
            section, new = old_names[key]
            raise ParameterError(f"analyze(): {key!r} is a setting of {index[key]} and the old, deprecated name "
                                 f"of [{section}] {new}; pass it as {index[key][0]}={{{key!r}: ...}} or "
                                 f"{section}={{{new!r}: ...}}")
        if key not in index and key in old_names and not (key in DEFAULTS and isinstance(value, Mapping)):
            section, _ = old_names[key]
            key = _renamed("analyze()", section, key, overrides)
        if key in DEFAULTS and isinstance(value, Mapping):
            for k, v in value.items():
                k = _renamed("analyze()", key, k, value)
                if k not in DEFAULTS[key]:
                    raise ParameterError(f"analyze(): unknown key {k!r} in {key}=...; "
                                         f"[{key}] has {list(DEFAULTS[key])}")
                out.setdefault(key, {})[k] = _checked("analyze()", key, k, v)
        elif key in DEFAULTS and "run" in DEFAULTS[key]:
            out.setdefault(key, {})["run"] = _checked("analyze()", key, "run", value)
        elif key in index:
            sections = index[key]
            if len(sections) > 1:
                raise ParameterError(f"analyze(): {key!r} is a setting of {sections}; pass it as "
                                     f"{sections[0]}={{{key!r}: ...}}")
            out.setdefault(sections[0], {})[key] = _checked("analyze()", sections[0], key, value)
        else:
            raise ParameterError(f"analyze(): unknown setting {key!r}; settings are "
                                 f"{sorted(set(index) | {s for s in DEFAULTS if 'run' in DEFAULTS[s]})}")
    return out


def resolve(config: str | Path | None = DEFAULT_FILE, overrides: Mapping[str, Any] | None = None
            ) -> tuple[dict[str, dict[str, Any]], Path | None]:
    """Every setting: defaults, then the config file, then ``overrides``; and the file read.

    ``config``: a TOML path, or ``None`` for none. The default ``"framing.toml"`` is read only
    when it exists in the current directory; any other path must exist."""
    settings = copy.deepcopy(DEFAULTS)
    used: Path | None = None
    if config is not None:
        path = Path(config)
        if path.is_file() or str(config) != DEFAULT_FILE:
            for section, values in read_config(path).items():
                settings[section].update(values)
            used = path
    for section, values in _override_sections(overrides or {}).items():
        settings[section].update(values)
    return settings, used


__all__ = ["DEFAULTS", "DEFAULT_FILE", "read_config", "resolve"]
