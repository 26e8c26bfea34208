"""Flags and origins are records in memory and the same text as ever in the store."""

import pytest

from pipeline.core.model import Flag, Origin

ORIGINS = [
    "apertium 3.8.3 fr-es 0.9.1-1 | spa-eng 0.8.0-2",
    "apertium 3.8.3 fr-es|spa-eng",
    "argos translate-fr_en 1.9 (ctranslate2 4.5.0)",
    "argos 1.9",
    "tm invisibles",
    "tm memory/old.tmx",
    "tm 2026-notes",
    "tm",
    "review",
    "import",
    "",
    "written by  another tool ",
]


@pytest.mark.parametrize("text", ORIGINS)
def test_an_origin_is_written_back_as_it_was_read(text):
    origin = Origin.parse(text)
    assert str(origin) == text and bool(origin) == bool(text)


def test_an_origin_says_its_engine_model_and_version():
    assert Origin.parse(ORIGINS[0]) == Origin("apertium", "fr-es 0.9.1-1 | spa-eng 0.8.0-2", "3.8.3")
    assert Origin.parse("tm memory/old.tmx") == Origin(Origin.MEMORY, "memory/old.tmx")
    assert Origin.parse("tm 2026-notes").model == "2026-notes"  # a memory has no version
    assert Origin.parse("tm invisibles").memory and not Origin.parse("apertium 3.8.3").memory
    for origin in (Origin("apertium", "fr-es 0.9 | spa-eng 0.8", "3.8.3"), Origin("tm", "2026-notes")):
        assert Origin.parse(str(origin)) == origin


@pytest.mark.parametrize(
    "text, flag",
    [
        ('glossary: "marché" needs "market hall"', Flag(Flag.GLOSSARY, '"marché" needs "market hall"')),
        (
            "untranslated: Apertium did not know the French word 'capot'",
            Flag(Flag.UNTRANSLATED, "Apertium did not know the French word 'capot'"),
        ),
        ("a comment another tool wrote: no kind", Flag("", "a comment another tool wrote: no kind")),
        ("no colon at all", Flag("", "no colon at all")),
    ],
)
def test_a_flag_has_a_kind_and_a_message_and_is_written_back_as_it_was_read(text, flag):
    assert Flag.parse(text) == flag and str(flag) == text
