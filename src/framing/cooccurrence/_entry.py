"""Facade for ``framing.cooccurrence``: the lazy export table resolves the name to the callable
package itself (see the package docstring), so the verb and the package never shadow each other."""
from __future__ import annotations

import sys

import framing.cooccurrence  # noqa: F401  (makes sure the package is loaded)

cooccurrence = sys.modules["framing.cooccurrence"]
