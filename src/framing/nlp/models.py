"""Models that framing can use but does not ship: where they live, whether they are there, getting them.

Only Stanza's German models so far (``"stanza-de"``). framing never downloads a model while it
annotates; :func:`download` (or the CLI ``framing models download stanza-de``) is the one place
that does, on a machine with network access. Elsewhere, copy a ``stanza_resources`` folder and
point ``STANZA_RESOURCES_DIR`` at it.

Nothing here imports Stanza or torch at module import time.
"""
from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from framing.errors import FramingError, ParameterError

__all__ = ["MODELS", "DEFAULT_PROCESSORS", "model_dir", "available", "missing_files", "download",
           "stanza_installed", "install_hint", "describe"]

#: model name -> description
MODELS: dict[str, str] = {
    "stanza-de": "Stanza German models (tokenize, mwt, pos, lemma; Stanza's default German package)",
}
#: processors framing's Stanza backend loads by default
DEFAULT_PROCESSORS = "tokenize,mwt,pos,lemma"
_LANG = "de"


def install_hint() -> str:
    """How to install the Stanza extra with the CPU build of torch."""
    return ('pip install torch==2.13.0   # CPU build first, so Stanza does not pull a CUDA build\n'
            'pip install "framing-lokal[stanza]"')


def stanza_installed() -> bool:
    """Whether the ``stanza`` package can be imported (checked without importing it)."""
    import importlib.util

    return importlib.util.find_spec("stanza") is not None


def _check_name(name: str) -> None:
    if name not in MODELS:
        raise ParameterError(f"unknown model {name!r}; known models: {', '.join(sorted(MODELS))}")


def model_dir(name: str = "stanza-de", resources_dir: str | Path | None = None) -> Path:
    """The folder the model is (or would be) read from.

    ``resources_dir`` if given, else ``$STANZA_RESOURCES_DIR``, else Stanza's own default
    (``stanza.resources.common.DEFAULT_MODEL_DIR``; ``~/stanza_resources`` when Stanza is not installed).
    """
    _check_name(name)
    if resources_dir is not None:
        return Path(resources_dir).expanduser()
    env = os.environ.get("STANZA_RESOURCES_DIR")
    if env:
        return Path(env).expanduser()
    if stanza_installed():
        from stanza.resources.common import DEFAULT_MODEL_DIR  # imports stanza (and torch): ~3 s

        return Path(DEFAULT_MODEL_DIR).expanduser()
    return Path.home() / "stanza_resources"


def _processor_list(processors: str | Sequence[str]) -> list[str]:
    if isinstance(processors, str):
        processors = processors.split(",")
    return [p.strip() for p in processors if p.strip()]


def missing_files(name: str = "stanza-de", resources_dir: str | Path | None = None,
                  processors: str | Sequence[str] = DEFAULT_PROCESSORS) -> list[str]:
    """What is missing for ``name`` under its model folder (empty list: all there)."""
    root = model_dir(name, resources_dir)
    missing: list[str] = []
    if not (root / "resources.json").is_file():
        missing.append("resources.json")
    lang_dir = root / _LANG
    for proc in _processor_list(processors):
        d = lang_dir / proc
        if not d.is_dir() or not any(d.glob("*.pt")):
            missing.append(f"{_LANG}/{proc}/*.pt")
    return missing


def available(resources_dir: str | Path | None = None) -> dict[str, bool]:
    """``{model name: whether it is on disk}`` (checks files only; loads nothing)."""
    return {name: not missing_files(name, resources_dir) for name in MODELS}


def download(name: str = "stanza-de", resources_dir: str | Path | None = None,
             processors: str | Sequence[str] = DEFAULT_PROCESSORS, package: str = "default") -> Path:
    """Download ``name`` with Stanza's own downloader (needs network access); returns its folder.

    ``processors`` and ``package`` are passed to ``stanza.download("de", ...)``.
    """
    _check_name(name)
    if not stanza_installed():
        raise FramingError("Stanza is not installed. Install it with:\n" + install_hint())
    import stanza

    root = model_dir(name, resources_dir)
    root.mkdir(parents=True, exist_ok=True)
    procs = ",".join(_processor_list(processors))
    try:
        stanza.download(_LANG, model_dir=str(root), package=package, processors=procs,
                        logging_level="WARN")
    except Exception as exc:  # network errors come in many classes (requests, urllib3, OSError)
        raise FramingError(f"downloading {name} into {root} failed ({exc.__class__.__name__}: {exc}). "
                           "This needs network access to Stanza's model hosts; on a machine "
                           "without it, copy a stanza_resources folder from another machine and "
                           "set STANZA_RESOURCES_DIR to it.") from exc
    still = missing_files(name, root, processors)
    if still:
        raise FramingError(f"after downloading {name} into {root}, still missing: {', '.join(still)}")
    return root


def describe(name: str = "stanza-de", resources_dir: str | Path | None = None) -> dict[str, Any]:
    """Folder, presence and model files (name, bytes) of ``name``, e.g. for ``framing models list``."""
    root = model_dir(name, resources_dir)
    files = []
    lang_dir = root / _LANG
    if lang_dir.is_dir():
        for path in sorted(lang_dir.rglob("*.pt")):
            files.append({"file": str(path.relative_to(root)), "bytes": path.stat().st_size})
    return {"name": name, "dir": str(root), "available": not missing_files(name, root), "files": files}
