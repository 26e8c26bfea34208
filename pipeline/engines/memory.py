"""Translation memory: what people already translated, asked before any machine.

Two sources: the reviewed segments of every document's store, and the TMX files the
user adds in ``translations/memory/*.tmx`` (parsed with defusedxml: a TMX file comes
from elsewhere, and entity tricks must not reach the parser). An exact match becomes
the draft; a close match is only offered to the reviewer as a note, never published.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from pathlib import Path

from pipeline import store
from pipeline.core import tags
from pipeline.core.errors import PipelineError
from pipeline.core.model import Origin
from pipeline.core.safexml import local, parse
from pipeline.core.tags import escape
from pipeline.engines.base import Draft, Engine, Request

FUZZY_THRESHOLD = 0.75


@dataclass(frozen=True)
class Unit:
    source: str  # as stored: our tagged text, or plain text from a TMX file
    target: str
    origin: Origin  # "tm invisibles" or "tm memory/old.tmx"


def plain(text: str) -> str:
    """Text without tags, spaces made single, for comparing sentences."""
    return " ".join(tags.plain(text).split())


class MemoryEngine(Engine):
    name = "memory"
    needs_project = True

    def __init__(self, project=None) -> None:
        self.project = project
        self._units: list[Unit] | None = None
        self._exact: dict[str, Unit] | None = None  # spaces made single → the first unit with that text
        self._words: dict[str, Unit] = {}  # plain words → the first unit without tags

    def available(self) -> bool:
        return True

    def origin(self) -> Origin:
        return Origin(Origin.MEMORY)

    def how_to_install(self) -> str:
        return "review translations, or add TMX files to translations/memory/"

    @property
    def units(self) -> list[Unit]:
        if self._units is None:
            self._units = self._load() if self.project is not None else []
        return self._units

    def _load(self) -> list[Unit]:
        units = []
        for path in sorted(self.project.translations_dir.glob("*.po")):
            doc = self.project.document(path.name.split(".")[0])
            units += [
                Unit(s.source, s.target, Origin(Origin.MEMORY, doc.name))
                for s in store.load(doc)
                if s.state.accepted and s.target
            ]
        for path in sorted((self.project.translations_dir / "memory").glob("*.tmx")):
            units += read_tmx(path)
        return units

    def lookup(self, source: str) -> Unit | None:
        """An exact match: the same tagged text, or the same words when neither has tags."""
        if self._exact is None:  # indexed once: the translate stage asks for every machine draft
            self._exact = {}
            for unit in self.units:
                self._exact.setdefault(" ".join(unit.source.split()), unit)
                if not tags.has_tags(unit.source):
                    self._words.setdefault(plain(unit.source), unit)
        found = self._exact.get(" ".join(source.split()))
        if found is None and not tags.has_tags(source):
            found = self._words.get(plain(source))
        return found

    def suggest(self, source: str) -> tuple[float, Unit] | None:
        """The closest unit above the threshold, for a reviewer's note."""
        words = plain(source).casefold()
        matcher = difflib.SequenceMatcher(autojunk=False)
        matcher.set_seq2(words)
        best: tuple[float, Unit] | None = None
        for unit in self.units:
            matcher.set_seq1(plain(unit.source).casefold())
            if matcher.real_quick_ratio() < FUZZY_THRESHOLD or matcher.quick_ratio() < FUZZY_THRESHOLD:
                continue
            score = matcher.ratio()
            if score >= FUZZY_THRESHOLD and score < 1.0 and (best is None or score > best[0]):
                best = (score, unit)
        return best

    def translate(self, requests: list[Request]) -> list[Draft]:
        """Exact matches; an empty text where the memory has none."""
        found = [self.lookup(r.segment.source) for r in requests]
        return [Draft(unit.target if unit else "") for unit in found]


def read_tmx(path: Path) -> list[Unit]:
    """French→English units of a TMX file; other language pairs are ignored."""
    root = parse(path)  # no entities, no DTD tricks, no network; errors name the file and line
    if local(root.tag) != "tmx":
        raise PipelineError(f"{path}: is not a TMX file (its root element is <{local(root.tag)}>)")
    lang_attr = "{http://www.w3.org/XML/1998/namespace}lang"
    units = []
    for tu in root.iter("tu"):
        texts: dict[str, str] = {}
        for tuv in tu.iter("tuv"):
            lang = (tuv.get(lang_attr) or tuv.get("lang") or "").lower().split("-")[0]
            seg = tuv.find("seg")
            if seg is not None and lang in ("fr", "en"):
                texts.setdefault(lang, " ".join(_seg_text(seg).split()))
        if texts.get("fr") and texts.get("en"):
            units.append(Unit(texts["fr"], texts["en"], Origin(Origin.MEMORY, f"{path.parent.name}/{path.name}")))
    return units


def _seg_text(seg) -> str:
    """A TMX segment as our tagged text. Inline codes (bpt, ept, ph, it) hold native
    markup: when it is one of our tags (a TMX that `pipeline export` wrote), the tag comes
    back; any other tool's codes are not words and are dropped."""
    parts = [escape(seg.text or "")]
    for child in seg:
        if child.tag == "hi":
            parts.append(_seg_text(child))
        elif child.tag in ("bpt", "ept", "ph", "it") and tags.is_tag(child.text or ""):
            parts.append(child.text)
        parts.append(escape(child.tail or ""))
    return "".join(parts)
