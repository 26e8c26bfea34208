"""The output formats by name, each written by one module (see the package's docstring)."""

from __future__ import annotations

import importlib

FORMATS = {"epub": "pipeline.editions.epub", "pdf": "pipeline.editions.pdf", "html": "pipeline.editions.html"}


def writer(fmt: str):
    """The writer module of ``fmt``, imported on first use (the PDF one brings WeasyPrint)."""
    return importlib.import_module(FORMATS[fmt])
