"""Footnotes of the parallel edition, numbered by each language for itself.

Left to Pandoc, the notes of both languages share one count (the French note 1 becomes
the English note 2) and end up together under the page's language. ``Notes`` replaces
each note with a numbered reference instead, counting per language, so that French
note 1 and English note 1 are the same note, and gives the notes of each chapter as rows
like the text's: French note 1 in the French column beside English note 1, and so on.
The EPUB writer turns each note into an EPUB footnote.
"""

from __future__ import annotations

import itertools

from pipeline.core.pandoc import tree
from pipeline.editions.base import div

NOTE, REFERENCE, BACK = "footnote", "footnote-ref", "footnote-back"  # classes


class Notes:
    def __init__(self, langs: dict[str, str]) -> None:
        self.langs = langs  # side ("fr", "en") → language code
        self.counts = dict.fromkeys(langs, 0)
        self.pending: dict[str, list] = {side: [] for side in langs}  # notes not yet given out

    def refer(self, blocks: list, side: str) -> list:
        """``blocks`` with each footnote replaced by its numbered reference."""
        return tree.walk(blocks, lambda node: self._reference(node["c"], side) if node["t"] == "Note" else None)

    def _reference(self, content: list, side: str) -> dict:
        self.counts[side] += 1
        n = self.counts[side]
        self.pending[side].append(self._note(n, content, side))
        attr = [f"fnref-{side}-{n}", [REFERENCE], [["role", "doc-noteref"]]]
        return {"t": "Link", "c": [attr, [{"t": "Superscript", "c": [_str(n)]}], [f"#fn-{side}-{n}", ""]]}

    def _note(self, n: int, content: list, side: str) -> dict:
        """The note's blocks, its number first, linked back to where it is referred to."""
        back = {"t": "Link", "c": [["", [BACK], [["role", "doc-backlink"]]], [_str(n)], [f"#fnref-{side}-{n}", ""]]}
        number = [back, {"t": "Str", "c": "."}, {"t": "Space"}]
        first, *rest = content or [{"t": "Plain", "c": []}]
        if first["t"] in ("Para", "Plain"):
            blocks = [{"t": first["t"], "c": number + first["c"]}, *rest]
        else:
            blocks = [{"t": "Plain", "c": number[:2]}, first, *rest]
        return {"t": "Div", "c": [[f"fn-{side}-{n}", [NOTE], [["lang", self.langs[side]]]], blocks]}

    def rows(self) -> list:
        """The notes given since the last call, each French note beside its English twin."""
        rows = []
        for pair in itertools.zip_longest(*self.pending.values()):  # a note may be missing on one side
            halves = [
                div([side], [["lang", lang]], [note] if note else [])
                for (side, lang), note in zip(self.langs.items(), pair)
            ]
            rows.append(div(["row", "note"], [], halves))
        self.pending = {side: [] for side in self.langs}
        return [div(["notes"], [], rows)] if rows else []


def _str(n: int) -> dict:
    return {"t": "Str", "c": str(n)}
