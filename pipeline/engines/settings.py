"""An engine's settings, from where a user gives them, first found wins: the command line
(``--llm-url``), then the environment (``PIPELINE_LLM_URL``), then the project's
pyproject.toml (``[tool.pipeline.engines.llm]``), where a newsroom keeps what all its
runs share."""

from __future__ import annotations

import os

from pipeline.core.errors import PipelineError


def resolve(
    name: str, given: dict, project, environment: dict[str, str], kinds: dict[str, type | tuple[type, ...]]
) -> dict:
    """The settings of engine ``name``: ``given`` (the command line's; None for unset), then
    each setting's environment variable (``environment``: setting → variable), then the
    project's table, whose every setting must be one of ``kinds`` (setting → its type)."""
    found = dict(project.settings("engines", name)) if project is not None else {}
    where = f"{project.pyproject if project is not None else 'pyproject.toml'}: [tool.pipeline.engines.{name}]"
    for key, value in found.items():
        if key not in kinds:
            raise PipelineError(f"{where} has no setting {key!r} (settings: {', '.join(kinds)})")
        if not isinstance(value, kinds[key]) or isinstance(value, bool) and bool not in _types(kinds[key]):
            wanted = " or ".join(t.__name__ for t in _types(kinds[key]))
            raise PipelineError(f"{where} {key} = {value!r}: it must be a {wanted}")
    for key, variable in environment.items():
        if os.environ.get(variable):
            found[key] = os.environ[variable]
    found.update({key: value for key, value in given.items() if value is not None})
    return found


def _types(kind: type | tuple[type, ...]) -> tuple[type, ...]:
    return kind if isinstance(kind, tuple) else (kind,)
