"""The Dask worker plugin that builds models and compiled lexicons once per worker process.

Imported only when a client is used (it imports ``distributed``)."""
from __future__ import annotations

from collections.abc import Callable
from typing import Any

from distributed import WorkerPlugin

from framing.scale.cluster import worker_resource


class Preload(WorkerPlugin):
    """Runs ``factory()`` when a worker starts and keeps the result as worker resource ``name``
    (:func:`framing.scale.cluster.worker_resource`): tasks then find the annotation model or the
    compiled codebook loaded, instead of loading it per task."""

    def __init__(self, name: str, factory: Callable[[], Any]) -> None:
        self.name = name
        self.factory = factory

    def setup(self, worker: Any) -> None:
        worker_resource(self.name, self.factory)
