"""What the reviewer can reuse: memory matches for a segment, its exact repetitions, and a
concordance search over every document and memory of the project.

The units are the translate stage's (``engines.memory``: the accepted segments of every
store and the TMX files of ``translations/memory/``), read again when one of those files
changes. Scores are difflib ratios of the plain French, as the memory's own suggestions.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from pathlib import Path

from pipeline.core.model import Segment
from pipeline.core.project import Project
from pipeline.engines.memory import MemoryEngine, plain
from pipeline.review.view import fold, word_diff

MIN_SCORE = 0.5  # a match below half the French in common helps nobody
LIMIT = 3
CONCORDANCE_LIMIT = 50


class Memory:
    """The project's memory units, cached until a store or TMX file changes."""

    def __init__(self, project: Project) -> None:
        self.project = project
        self._key: tuple | None = None
        self._engine: MemoryEngine | None = None

    def engine(self) -> MemoryEngine:
        files = sorted(self.project.translations_dir.glob("*.po"))
        files += sorted(self.project.translations_dir.glob(".*.po.journal"))  # the review's own saves
        files += sorted((self.project.translations_dir / "memory").glob("*.tmx"))
        key = tuple((str(p), *_stamp(p)) for p in files)
        if self._engine is None or key != self._key:
            self._engine, self._key = MemoryEngine(self.project), key
        return self._engine

    def matches(self, segment: Segment, limit: int = LIMIT) -> list[dict]:
        """The closest units to the segment's French, best first, with what differs in the French."""
        words = plain(segment.source).casefold()
        matcher = difflib.SequenceMatcher(autojunk=False)
        matcher.set_seq2(words)
        found: dict[tuple[str, str], tuple[float, object]] = {}
        for unit in self.engine().units:
            if unit.target == segment.target and unit.source == segment.source:
                continue  # the segment itself, once it is accepted
            matcher.set_seq1(plain(unit.source).casefold())
            if matcher.real_quick_ratio() < MIN_SCORE or matcher.quick_ratio() < MIN_SCORE:
                continue
            score = matcher.ratio()
            key = (unit.source, unit.target)
            if score >= MIN_SCORE and score > found.get(key, (0.0,))[0]:
                found[key] = (score, unit)
        best = sorted(found.values(), key=lambda pair: -pair[0])[:limit]
        return [
            {
                "score": round(score * 100),
                "source": unit.source,
                "target": unit.target,
                "origin": str(unit.origin),
                "source_diff": word_diff(unit.source, segment.source),  # the match's French → this one's
            }
            for score, unit in best
        ]

    def concordance(self, query: str, documents: Iterable[tuple[str, list[Segment]]]) -> list[dict]:
        """Segments and memory units whose French or English holds ``query`` (case and accents ignored)."""
        wanted = fold(query)
        hits: list[dict] = []
        for name, segments in documents:
            for s in segments:
                if wanted in fold(s.source) or (s.target and wanted in fold(s.target)):
                    hits.append(
                        {"document": name, "id": s.id, "where": s.where, "source": s.source, "target": s.target}
                        | {"state": s.state.value}
                    )
        for unit in (u for u in self.engine().units if u.origin.model.endswith(".tmx")):  # the stores are above
            if wanted in fold(unit.source) or wanted in fold(unit.target):
                hits.append({"document": unit.origin.model, "source": unit.source, "target": unit.target})
        return hits[:CONCORDANCE_LIMIT]


def repetitions(segments: list[Segment], segment: Segment) -> list[Segment]:
    """The other active segments with exactly the same French."""
    return [s for s in segments if s.source == segment.source and s.id != segment.id and not s.obsolete]


def _stamp(path: Path) -> tuple[int, int]:
    try:
        info = path.stat()
        return info.st_mtime_ns, info.st_size
    except OSError:
        return 0, 0
