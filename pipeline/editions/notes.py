"""Footnotes, numbered per chapter, and in the parallel edition by each language for itself.

Left to Pandoc, notes run in one count through the whole book, and in the parallel
edition the notes of both languages share it (the French note 1 becomes the English
note 2) and end up together under the page's language. ``Notes`` replaces each note
with a numbered reference instead, counting per chapter (level-1 heading) and per
language, and ends each chapter with its notes: in the parallel edition as rows like the
text's, French note 1 in the French column beside English note 1, and so on. The EPUB
writer turns each note into an EPUB footnote.
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
        self.chapter = 0  # chapters begun; 0 before the first heading (an article has none)

    def numbered(self, blocks: list, side: str) -> list:
        """One language's ``blocks`` with their notes numbered, each chapter ending with its own."""
        out = []
        for block in blocks:
            if block["t"] == "Header" and block["c"][0] == 1:
                out += self.end_chapter()
            out += self.refer([block], side)
        return out + self.end_chapter()

    def end_chapter(self) -> list:
        """The notes of the chapter that ends here; the next one counts from 1 again."""
        notes = self.rows()
        self.chapter += 1
        self.counts = dict.fromkeys(self.langs, 0)
        return notes

    def refer(self, blocks: list, side: str) -> list:
        """``blocks`` with each footnote replaced by its numbered reference."""
        return tree.walk(blocks, lambda node: self._reference(node["c"], side) if node["t"] == "Note" else None)

    def _reference(self, content: list, side: str) -> dict:
        self.counts[side] += 1
        n = self.counts[side]
        self.pending[side].append(self._note(n, content, side))
        attr = [f"fnref-{self._id(side, n)}", [REFERENCE], [["role", "doc-noteref"]]]
        return {"t": "Link", "c": [attr, [{"t": "Superscript", "c": [_str(n)]}], [f"#fn-{self._id(side, n)}", ""]]}

    def _id(self, side: str, n: int) -> str:
        return f"{side}-{self.chapter}-{n}"  # unique in the book

    def _note(self, n: int, content: list, side: str) -> dict:
        """The note's blocks, its number first, linked back to where it is referred to."""
        back = {
            "t": "Link",
            "c": [["", [BACK], [["role", "doc-backlink"]]], [_str(n)], [f"#fnref-{self._id(side, n)}", ""]],
        }
        number = [back, {"t": "Str", "c": "."}, {"t": "Space"}]
        first, *rest = content or [{"t": "Plain", "c": []}]
        if first["t"] in ("Para", "Plain"):
            blocks = [{"t": first["t"], "c": number + first["c"]}, *rest]
        else:
            blocks = [{"t": "Plain", "c": number[:2]}, first, *rest]
        return {"t": "Div", "c": [[f"fn-{self._id(side, n)}", [NOTE], [["lang", self.langs[side]]]], blocks]}

    def rows(self) -> list:
        """The notes given since the last call, each French note beside its English twin
        (one language's notes, in order, when there is one)."""
        if len(self.langs) == 1:
            (notes,) = self.pending.values()
            self.pending = {side: [] for side in self.langs}
            return [div(["notes"], [], notes)] if notes else []
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
