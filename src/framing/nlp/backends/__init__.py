"""Annotation backends behind one protocol (:class:`~framing.nlp.backends.base.Backend`).

``get_backend(name, **options)`` builds a backend by name; modules are imported lazily so that
``import framing`` never loads simplemma, HanTa or Stanza.

=========  ======================================================  =============================
name       class                                                   needs
=========  ======================================================  =============================
default    :class:`framing.nlp.backends.offline.OfflineBackend`    nothing (offline; profiles
                                                                   ``fast`` and ``full``)
stanza     ``framing.nlp.backends.stanza.StanzaBackend``           ``pip install framing-lokal[stanza]``
                                                                   and the German models on disk
=========  ======================================================  =============================
"""
from __future__ import annotations

import importlib
from typing import Any

from framing.errors import InputError, ParameterError

#: backend name -> (module, class)
BACKENDS: dict[str, tuple[str, str]] = {
    "default": ("framing.nlp.backends.offline", "OfflineBackend"),
    "offline": ("framing.nlp.backends.offline", "OfflineBackend"),
    "stanza": ("framing.nlp.backends.stanza", "StanzaBackend"),
}


def available_backends() -> list[str]:
    """Names accepted by :func:`get_backend`."""
    return sorted(BACKENDS)


def get_backend(name: str, **options: Any) -> Any:
    """Construct the backend called ``name`` with ``options`` (imported on first use)."""
    try:
        module_name, cls_name = BACKENDS[name]
    except KeyError:
        raise ParameterError(f"unknown annotation backend {name!r}; choose one of {available_backends()}") from None
    try:
        module = importlib.import_module(module_name)
    except ImportError as exc:
        raise InputError(f"backend {name!r} is not available ({exc}); "
                         f"for Stanza: pip install 'framing-lokal[stanza]'") from None
    cls = getattr(module, cls_name)
    try:
        return cls(**options)
    except TypeError as exc:  # an option this backend does not have (e.g. profile= for Stanza)
        raise ParameterError(f"backend {name!r} does not take these options {sorted(options)}: {exc}") from None
