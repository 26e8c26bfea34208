"""An engine's settings, each from the first place that gives it: the command line's
option, the environment (``PIPELINE_<ENGINE>_<KEY>``), then the project's pyproject.toml
(``[tool.pipeline.engines.<engine>]``), so a newsroom writes its server's address once."""

from __future__ import annotations

import os

from pipeline.core.project import Project


def setting(engine: str, key: str, given=None, project: Project | None = None):
    """``key`` of ``engine``'s settings, or None when nothing sets it."""
    if given not in (None, ""):
        return given
    if found := os.environ.get(f"PIPELINE_{engine.upper()}_{key.upper()}"):
        return found
    return project.settings("engines", engine).get(key) if project is not None else None
