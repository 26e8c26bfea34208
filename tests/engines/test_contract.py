"""The engine contract: what every engine must give, and what it declares for the translate stage."""

import pytest

from pipeline import engines
from pipeline.engines.base import Engine

DECLARED = {"batch_size": int, "aligns_tags": bool, "needs_project": bool, "concurrency": int, "configurable": bool}


def test_an_engine_that_leaves_out_part_of_the_contract_cannot_be_made():
    class Partial(Engine):
        name = "partial"

        def available(self) -> bool:
            return True

    with pytest.raises(TypeError, match="abstract"):
        Partial()


@pytest.mark.parametrize("name", engines.ENGINES)
def test_every_engine_declares_what_the_stage_reads(name):
    engine = engines.get(name)  # the memory without a project: an empty memory
    assert isinstance(engine, Engine) and engine.name == name
    for attribute, kind in DECLARED.items():
        assert attribute in vars(Engine)  # a default on the contract, never a probe
        assert isinstance(getattr(engine, attribute), kind), attribute
    assert engine.batch_size > 0
    assert engine.aligns_tags is (name != "memory")  # a person's text keeps its tags where they are
    assert engine.needs_project is (name == "memory")  # its stores
    assert engine.configurable is (name in ("apy", "llm"))  # its settings: options, environment, pyproject.toml
