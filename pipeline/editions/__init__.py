"""Editions stage: the store → dist/<doc>.<edition>.<format>, for editions en, fr and
fr-en (parallel) in EPUB, PDF and HTML.

``build()`` reads as the job: prepare each document's editions, skip the outputs whose
inputs have not changed (the manifest in dist/), write the rest in parallel, each
atomically, and report one line per output. A format is one module with ``EXTENSION``,
``FILES`` (the templates it reads), ``fingerprint()`` (tools and fonts) and
``write(edition) -> bytes``.
"""

from __future__ import annotations

from pipeline.editions.base import EDITIONS, Edition
from pipeline.editions.formats import FORMATS, writer
from pipeline.editions.incremental import build

__all__ = ["EDITIONS", "FORMATS", "Edition", "build", "writer"]
