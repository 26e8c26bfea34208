"""Translation engines by name; each lives in its own module, imported on use.

``ENGINES`` names every engine; ``get(name)`` gives one, ``best()`` the best one that is
available here (a local LLM server when one is configured and answers, else Argos's
neural model when there is one, else an Apertium APY server when one is configured and
answers, else the local Apertium). ``settings`` carry what the command line gives an
engine (``{"llm": {"url": …}, "apy": {"url": …}}``).
Translation memory is not in ``best()``: the translate stage always asks it first.
"""

from __future__ import annotations

import importlib

from pipeline.core.errors import PipelineError
from pipeline.core.model import Origin
from pipeline.engines.base import Draft, Engine, Request

ENGINES = {
    "memory": "pipeline.engines.memory",
    "argos": "pipeline.engines.argos",
    "apertium": "pipeline.engines.apertium",
    "apy": "pipeline.engines.apy",
    "llm": "pipeline.engines.llm",
}
PREFERENCE = ("llm", "argos", "apy", "apertium")  # best first


class Missing(Engine):
    """An engine whose module is not part of this installation."""

    def __init__(self, name: str) -> None:
        self.name = name

    def available(self) -> bool:
        return False

    def origin(self) -> Origin:
        return Origin(self.name)

    def how_to_install(self) -> str:
        return f"this installation of pipeline has no {self.name} engine"

    def translate(self, requests: list[Request]) -> list[Draft]:
        raise PipelineError(f"the {self.name} engine is not available: {self.how_to_install()}")


def get(name: str, project=None, settings: dict[str, dict] | None = None) -> Engine:
    """The engine called ``name``; memory needs the project it reads its memory from, a
    configurable engine the project and ``settings[name]``."""
    if name not in ENGINES:
        raise PipelineError(f"unknown engine {name!r} (known: {', '.join(sorted(ENGINES))})")
    try:
        module = importlib.import_module(ENGINES[name])
    except ModuleNotFoundError as err:
        if err.name != ENGINES[name]:
            raise
        return Missing(name)
    (cls,) = [c for c in vars(module).values() if isinstance(c, type) and issubclass(c, Engine) and c.name == name]
    if cls.configurable:
        return cls(project, (settings or {}).get(name, {}))
    return cls(project) if cls.needs_project else cls()


def best(project=None, settings: dict[str, dict] | None = None) -> Engine | None:
    """The best engine available here, or None."""
    for name in PREFERENCE:
        engine = get(name, project, settings)
        if engine.available():
            return engine
    return None
