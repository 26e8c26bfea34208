"""glossary.yaml → validated entries, every error naming the file and line.

The schema is documented in docs/glossary.md. YAML is composed into nodes
first, so every value keeps the line it came from (``node.start_mark``) and a mistake
can be reported where it is.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from pipeline.core.errors import PipelineError
from pipeline.glossary import forms as fm

_STR = "tag:yaml.org,2002:str"
TERM_KEYS = {
    "fr": "the French term, singular (masculine when it has both genders)",
    "en": "the English rendering, singular",
    "plural": "the French plural, or false when the term has none",
    "feminine": "the French feminine singular, or true to generate it",
    "forms": "more French forms, as written",
    "pattern": "a regular expression for French forms the rules cannot generate",
    "en_plural": "the English plural",
    "en_forms": "more accepted English renderings",
    "avoid": "English renderings that must not be used",
    "note": "a note for the reviewer",
    "pos": "noun (default) or adjective",
    "article": "false when English drops 'the' before it (proper names)",
}
KEEP_KEYS = {
    "fr": "the words, kept as they are",
    "en": "the form to write in English (default: the same)",
    "forms": "other spellings found in French",
    "note": "a note for the reviewer",
    "match_case": "false to match whatever the case",
    "article": "true when English keeps 'the' before it",
}


@dataclass(frozen=True)
class Entry:
    """One glossary term with everything matching and restoring need."""

    line: int
    fr: str
    en: str
    keep: bool = False
    singular_forms: tuple[str, ...] = ()  # French, as written
    plural_forms: tuple[str, ...] = ()
    pattern: re.Pattern | None = None
    en_plural: str = ""
    en_forms: tuple[str, ...] = ()  # every accepted English form, preferred first
    avoid: tuple[str, ...] = ()
    note: str = ""
    adjective: bool = False
    article: bool = True
    match_case: bool = False
    extra: dict = field(default_factory=dict, compare=False)

    def english(self, plural: bool) -> str:
        return self.en_plural if plural and self.en_plural else self.en


class _Reader:
    """Turns YAML nodes into checked Python values, raising file:line errors."""

    def __init__(self, path: Path) -> None:
        self.path = path

    def fail(self, node, message: str):
        raise PipelineError(f"{self.path}:{node.start_mark.line + 1}: {message}")

    def mapping(self, node, what: str) -> dict[str, tuple]:
        if not isinstance(node, yaml.MappingNode):
            self.fail(node, f"{what} must be a mapping of keys to values")
        out: dict[str, tuple] = {}
        for key, value in node.value:
            if not isinstance(key, yaml.ScalarNode) or key.tag != _STR:
                self.fail(key, f"{what}: keys must be words")
            if key.value in out:
                self.fail(key, f"{what}: key {key.value!r} appears twice")
            out[key.value] = (key, value)
        return out

    def string(self, node, what: str, required: bool = True) -> str:
        if not isinstance(node, yaml.ScalarNode) or node.tag != _STR:
            kind = _kind(node)
            self.fail(node, f"{what} must be text, not {kind} (quote it if it is meant as text)")
        value = " ".join(node.value.split())
        if required and not value:
            self.fail(node, f"{what} is empty")
        return value

    def strings(self, node, what: str) -> tuple[str, ...]:
        if isinstance(node, yaml.ScalarNode) and node.tag == _STR:
            return (self.string(node, what),)
        if not isinstance(node, yaml.SequenceNode):
            self.fail(node, f"{what} must be a list of texts, not {_kind(node)}")
        return tuple(self.string(item, f"{what} item") for item in node.value)

    def boolean(self, node, what: str) -> bool:
        if not isinstance(node, yaml.ScalarNode) or node.tag != "tag:yaml.org,2002:bool":
            self.fail(node, f"{what} must be true or false, not {_kind(node)}")
        return node.value.lower() in ("true", "yes", "on")


def _kind(node) -> str:
    if isinstance(node, yaml.MappingNode):
        return "a mapping"
    if isinstance(node, yaml.SequenceNode):
        return "a list"
    return {
        "tag:yaml.org,2002:int": "a number",
        "tag:yaml.org,2002:float": "a number",
        "tag:yaml.org,2002:bool": "true/false",
        "tag:yaml.org,2002:null": "empty",
    }.get(node.tag, "text")


def parse(text: str, path: Path) -> list[Entry]:
    """Every entry of a glossary file, validated; raises PipelineError with file:line."""
    try:
        root = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.MarkedYAMLError as err:
        mark = err.problem_mark or err.context_mark
        line = f":{mark.line + 1}" if mark else ""
        raise PipelineError(f"{path}{line}: is not valid YAML ({err.problem or err.context})") from err
    except yaml.YAMLError as err:
        raise PipelineError(f"{path}: is not valid YAML ({err})") from err
    except RecursionError:
        raise PipelineError(f"{path}: is nested too deeply (lists or mappings inside one another)") from None
    if root is None:
        return []
    reader = _Reader(path)
    top = reader.mapping(root, "the glossary")
    for key, (key_node, _) in top.items():
        if key not in ("terms", "keep"):
            reader.fail(key_node, f"unknown section {key!r} (expected 'terms' and 'keep')")
    entries: list[Entry] = []
    for section, keep in (("terms", False), ("keep", True)):
        if section not in top:
            continue
        node = top[section][1]
        if isinstance(node, yaml.ScalarNode) and node.tag == "tag:yaml.org,2002:null":
            continue
        if not isinstance(node, yaml.SequenceNode):
            reader.fail(node, f"'{section}' must be a list of entries, not {_kind(node)}")
        for item in node.value:
            entries.append(_keep(reader, item) if keep else _term(reader, item))
    _no_duplicates(reader, entries)
    return entries


def _fields(reader: _Reader, node, allowed: dict[str, str], what: str) -> dict[str, tuple]:
    values = reader.mapping(node, what)
    for key, (key_node, _) in values.items():
        if key not in allowed:
            reader.fail(key_node, f"{what}: unknown key {key!r} (known keys: {', '.join(allowed)})")
    return values


def _term(reader: _Reader, node) -> Entry:
    values = _fields(reader, node, TERM_KEYS, "a term")
    if "fr" not in values:
        reader.fail(node, "a term has no 'fr' (the French term)")
    fr = reader.string(values["fr"][1], "'fr'")
    what = f"term {fr!r}"
    if "en" not in values:
        reader.fail(node, f"{what} has no 'en' (its English rendering)")
    en = reader.string(values["en"][1], f"{what}: 'en'")

    def opt_strings(key: str) -> tuple[str, ...]:
        return reader.strings(values[key][1], f"{what}: {key!r}") if key in values else ()

    def opt_string(key: str) -> str:
        return reader.string(values[key][1], f"{what}: {key!r}") if key in values else ""

    singular = [fr]
    feminine = ""
    if "feminine" in values:
        value = values["feminine"][1]
        if isinstance(value, yaml.ScalarNode) and value.tag == "tag:yaml.org,2002:bool":
            feminine = fm.french_feminine(fr) if reader.boolean(value, f"{what}: 'feminine'") else ""
        else:
            feminine = reader.string(value, f"{what}: 'feminine'")
    if feminine:
        singular.append(feminine)
    plural: list[str] = []
    if (
        "plural" in values
        and isinstance(values["plural"][1], yaml.ScalarNode)
        and values["plural"][1].tag.endswith("bool")
    ):
        if reader.boolean(values["plural"][1], f"{what}: 'plural'"):
            plural = [fm.french_plural(f) for f in singular]
    elif "plural" in values:
        plural = [reader.string(values["plural"][1], f"{what}: 'plural'")]
        if feminine:
            plural.append(fm.french_plural(feminine))
    else:
        plural = [fm.french_plural(f) for f in singular]
    extra = opt_strings("forms")
    singular += [f for f in extra if not fm.is_plural(f)]
    plural = [p for p in plural if p not in singular]
    pattern = None
    if "pattern" in values:
        source = reader.string(values["pattern"][1], f"{what}: 'pattern'")
        try:
            pattern = re.compile(source, re.IGNORECASE)
        except re.error as err:
            reader.fail(values["pattern"][1], f"{what}: 'pattern' is not a valid regular expression ({err})")
        if pattern.fullmatch(""):
            reader.fail(values["pattern"][1], f"{what}: 'pattern' matches empty text")
    pos = opt_string("pos") or "noun"
    if pos not in ("noun", "adjective"):
        reader.fail(values["pos"][1], f"{what}: 'pos' must be noun or adjective, not {pos!r}")
    # an English adjective has one form: "digital platforms", never "digitals"
    en_plural = opt_string("en_plural") or (en if pos == "adjective" else fm.english_plural(en))
    return Entry(
        line=node.start_mark.line + 1,
        fr=fr,
        en=en,
        singular_forms=tuple(singular),
        plural_forms=tuple(dict.fromkeys(plural + [f for f in extra if fm.is_plural(f)])),
        pattern=pattern,
        en_plural=en_plural,
        en_forms=tuple(dict.fromkeys([en, en_plural, *opt_strings("en_forms")])),
        avoid=opt_strings("avoid"),
        note=opt_string("note"),
        adjective=pos == "adjective",
        article=reader.boolean(values["article"][1], f"{what}: 'article'") if "article" in values else True,
    )


def _keep(reader: _Reader, node) -> Entry:
    if isinstance(node, yaml.ScalarNode):
        fr = reader.string(node, "a do-not-translate entry")
        return Entry(
            line=node.start_mark.line + 1,
            fr=fr,
            en=fr,
            keep=True,
            singular_forms=(fr,),
            en_forms=(fr,),
            match_case=True,
            article=False,
        )
    values = _fields(reader, node, KEEP_KEYS, "a do-not-translate entry")
    if "fr" not in values:
        reader.fail(node, "a do-not-translate entry has no 'fr' (the words to keep)")
    fr = reader.string(values["fr"][1], "'fr'")
    what = f"do-not-translate {fr!r}"
    en = reader.string(values["en"][1], f"{what}: 'en'") if "en" in values else fr
    others = reader.strings(values["forms"][1], f"{what}: 'forms'") if "forms" in values else ()
    return Entry(
        line=node.start_mark.line + 1,
        fr=fr,
        en=en,
        keep=True,
        singular_forms=tuple(dict.fromkeys((fr, *others))),
        en_forms=tuple(dict.fromkeys((en, fr, *others))),
        note=reader.string(values["note"][1], f"{what}: 'note'") if "note" in values else "",
        match_case=reader.boolean(values["match_case"][1], f"{what}: 'match_case'") if "match_case" in values else True,
        article=reader.boolean(values["article"][1], f"{what}: 'article'") if "article" in values else False,
    )


def _no_duplicates(reader: _Reader, entries: list[Entry]) -> None:
    seen: dict[str, Entry] = {}
    for entry in entries:
        for form in (*entry.singular_forms, *entry.plural_forms):
            key = " ".join(fm.normal(w) for _, _, w in fm.tokens(form))
            if not key:
                raise PipelineError(f"{reader.path}:{entry.line}: term {entry.fr!r}: {form!r} has no words to match")
            other = seen.get(key)
            if other is not None and other is not entry:
                raise PipelineError(
                    f"{reader.path}:{entry.line}: term {entry.fr!r} duplicates {other.fr!r} "
                    f"(line {other.line}): both match {form!r}"
                )
            seen[key] = entry
