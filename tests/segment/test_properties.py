"""Property-based tests of segmentation: for generated French Pandoc Markdown, cutting a
document into segments and assembling it again gives the same Pandoc AST.

The generator writes what a French newsroom writes and what trips a sentence splitter:
headings, nested lists, block quotes, tables, footnotes, links, emphasis that starts in
one sentence and ends in the next, guillemets and no-break spaces before ``: ; ! ?``,
abbreviations (M., Mme, p. ex., etc.), ellipses, and text that looks like a tag.
Pandoc parses each generated document once per example (~50 ms), so the ``ci`` profile
(the default, see tests/conftest.py) runs a modest number of examples;
``HYPOTHESIS_PROFILE=thorough`` runs many more.
"""

from __future__ import annotations

import re

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pipeline.core import tags as grammar
from pipeline.segment.document import assemble, normalise, segments
from pipeline.segment.pandoc import parse_markdown

pytestmark = pytest.mark.slow  # Hypothesis runs Pandoc on every example

NBSP, NNBSP = "\u00a0", "\u202f"

WORDS = [
    "le", "la", "les", "un", "une", "des", "travailleurs", "clic", "été", "où", "ça", "déjà",
    "l’algorithme", "aujourd’hui", "c'est", "qu’il", "États-Unis", "cœur", "naïf", "Noël",
    "Paris", "Dupont", "AFP", "INSEE", "3,5", "12", "2020", "%", "n°", "p.", "vol.", "etc.",
    "M.", "Mme", "Dr", "p. ex.", "janv.", "St.", "U.S.A.", "<", "&", "a<b", "\\&lt;", "\\&amp;",
    "&amp;", "–", "—", "(voir", "ci-dessous)", "[sic]", "2,5 km", "10h30", "e.g.", "J.-C.",
]  # fmt: skip
CAPITALISED = [
    "Il", "Elle", "Les", "Mais", "Puis", "Où", "Ça", "État", "Éric", "À", "Qui", "Ce", "L’auteur",
    "Selon", "Au", "Pas", "«" + NBSP + "Bonjour", "« Oui", "Non", "Des", "1er", "3",
]  # fmt: skip
ENDINGS = [
    ".", "!", "?", NBSP + "!", NBSP + "?", NNBSP + "?", " !", " ?", "…", "...", "?!", ".)",
    "." + NBSP + "»", NBSP + "»", " ».", "?" + NBSP + "»", ".”", '."', ":", NBSP + ":", NBSP + ";", ";",
]  # fmt: skip
ATOMS = [
    "[^{n}]", "`rapport.pdf`", "`a < b`", "$x^2$", "<b>", "@doe2020", "\\\n", "^[Une note en ligne. Deux phrases.]",
]  # fmt: skip
URLS = ["https://www.insee.fr/fr/accueil", "https://example.org/a?b=1&c=2", "#section", "mailto:a@b.fr"]


@st.composite
def sentence(draw) -> list[str]:
    """Tokens of one sentence; a token starting with "\\0" sticks to the previous one."""
    first = draw(st.sampled_from(CAPITALISED))
    words = draw(st.lists(st.sampled_from(WORDS), min_size=0, max_size=6))
    end = draw(st.sampled_from(ENDINGS))
    return [first, *words, "\0" + end]


class _Inline:
    """Builds one paragraph's Markdown: sentences with markup laid over token ranges."""

    def __init__(self, draw, depth: int, notes: list[int]) -> None:
        self.draw = draw
        self.depth = depth
        self.notes = notes

    def text(self, max_sentences: int = 3) -> str:
        tokens = [t for _ in range(self.draw(st.integers(1, max_sentences))) for t in self.draw(sentence())]
        return self.wrap(tokens, self.depth)

    def wrap(self, tokens: list[str], depth: int) -> str:
        """Join tokens with spaces (or line breaks), wrapping random ranges in markup."""
        draw = self.draw
        pieces: list[str] = []
        i = 0
        while i < len(tokens):
            if depth > 0 and draw(st.integers(0, 4)) == 0:
                j = draw(st.integers(i + 1, len(tokens)))
                inner = tokens[i:j]
                # A range starting with a glued token keeps the glue outside the markup.
                glue = inner[0].startswith("\0")
                inner = [inner[0].lstrip("\0"), *inner[1:]]
                piece = self.markup(self.wrap(inner, depth - 1))
                pieces.append(("\0" if glue else "") + piece)
                i = j
                continue
            pieces.append(tokens[i])
            i += 1
            if draw(st.integers(0, 7)) == 0:
                atom = draw(st.sampled_from(ATOMS))
                if "{n}" in atom:
                    self.notes.append(len(self.notes) + 1)
                    atom = atom.format(n=len(self.notes))
                pieces.append(("\0" if draw(st.booleans()) else "") + atom)
        out = ""
        for piece in pieces:
            if piece.startswith("\0"):
                out += piece[1:]
            elif out:
                out += draw(st.sampled_from([" ", " ", " ", "\n"])) + piece
            else:
                out = piece
        return out

    def markup(self, text: str) -> str:
        kind = self.draw(st.sampled_from(["em", "strong", "link", "span", "quote", "guillemets", "strike", "sc"]))
        if kind == "em":
            return f"*{text}*"
        if kind == "strong":
            return f"**{text}**"
        if kind == "link":
            url = self.draw(st.sampled_from(URLS))
            title = self.draw(st.sampled_from(["", ' "Un titre"']))
            return f"[{text}]({url}{title})"
        if kind == "span":
            return f"[{text}]{{lang=en}}"
        if kind == "quote":
            return f'"{text}"'
        if kind == "guillemets":
            return f"«{NBSP}{text}{NBSP}»"
        if kind == "strike":
            return f"~~{text}~~"
        return f"[{text}]{{.smallcaps}}"


def _one_line(text: str) -> str:
    return text.replace("\\\n", " ").replace("\n", " ")


@st.composite
def blocks(draw, depth: int, notes: list[int]) -> list[str]:
    """Markdown blocks, each a string without the blank line that separates them."""
    out = []
    for _ in range(draw(st.integers(1, 4 if depth == 2 else 2))):
        kind = draw(
            st.sampled_from(
                [
                    "para",
                    "para",
                    "para",
                    "heading",
                    "bullets",
                    "ordered",
                    "quote",
                    "table",
                    "verse",
                    "div",
                    "defs",
                    "code",
                ]
            )
        )
        inline = _Inline(draw, depth=2, notes=notes)
        if kind == "para" or (depth == 0 and kind in ("bullets", "ordered", "quote", "div", "defs")):
            out.append(inline.text())
        elif kind == "heading":
            out.append("#" * draw(st.integers(1, 4)) + " " + _one_line(inline.text(2)))
        elif kind in ("bullets", "ordered"):
            items = []
            for n in range(1, draw(st.integers(1, 3)) + 1):
                marker = "-" if kind == "bullets" else f"{n}."
                item = "\n\n".join(draw(blocks(depth - 1, notes)))
                first, *rest = item.split("\n")
                lines = [f"{marker} {first}"] + [("    " + line) if line else "" for line in rest]
                items.append("\n".join(lines))
            out.append("\n".join(items) if draw(st.booleans()) else "\n\n".join(items))
        elif kind == "quote":
            inner = "\n\n".join(draw(blocks(depth - 1, notes)))
            out.append("\n".join(("> " + line) if line else ">" for line in inner.split("\n")))
        elif kind == "div":
            inner = "\n\n".join(draw(blocks(depth - 1, notes)))
            out.append(f"::: read-also\n{inner}\n:::")
        elif kind == "defs":
            term = _one_line(inline.text(1))
            out.append(f"{term}\n:   {_one_line(inline.text(2))}")
        elif kind == "table":
            columns = draw(st.integers(1, 3))
            rows = [
                [_one_line(inline.text(2)).replace("|", "") for _ in range(columns)]
                for _ in range(draw(st.integers(2, 3)))
            ]
            lines = ["| " + " | ".join(rows[0]) + " |", "|" + "---|" * columns]
            lines += ["| " + " | ".join(row) + " |" for row in rows[1:]]
            if draw(st.booleans()):
                lines += ["", ": " + _one_line(inline.text(2))]
            out.append("\n".join(lines))
        elif kind == "verse":
            out.append("\n".join("| " + _one_line(inline.text(1)) for _ in range(draw(st.integers(1, 3)))))
        else:
            out.append("```\nNe pas traduire. Jamais.\n```")
    return out


@st.composite
def documents(draw) -> str:
    notes: list[int] = []
    parts = []
    if draw(st.booleans()):
        title = _one_line(_Inline(draw, depth=1, notes=[]).text(2)).replace("'", "''")
        parts.append(f"---\ntitle: '{title}'\nlang: fr\n---")
    parts += draw(blocks(depth=2, notes=notes))
    for n in notes:
        parts.append(f"[^{n}]: " + _Inline(draw, depth=1, notes=[]).text(3))
    return "\n\n".join(parts) + "\n"


def _shout(text: str) -> str:
    """A stand-in translation: every character of text outside the tags changes."""
    out, position = [], 0
    for match in grammar.TAG.finditer(text):
        out += [grammar.escape(grammar.unescape(text[position : match.start()]).swapcase()), match.group()]
        position = match.end()
    return "".join([*out, grammar.escape(grammar.unescape(text[position:]).swapcase())])


def _swapcase_strs(node):
    """The same change made on the AST: every Str except inside atoms kept as they are."""
    if isinstance(node, list):
        return [_swapcase_strs(x) for x in node]
    if isinstance(node, dict):
        if node.get("t") == "Cite":
            return node
        if node.get("t") == "Str":
            return {"t": "Str", "c": node["c"].swapcase()}
        return {k: _swapcase_strs(v) for k, v in node.items()}
    return node


PROPERTY = settings(suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])


@PROPERTY
@given(documents())
def test_segments_reassemble_into_the_same_ast(markdown):
    ast = parse_markdown(markdown)
    found = segments(ast)
    back = assemble(ast, lambda s: s.source)
    assert normalise(back) == normalise(ast)
    # Segmenting what was assembled finds the same segments again.
    assert [(s.id, s.source) for s in segments(back)] == [(s.id, s.source) for s in found]
    _check_well_formed(found)


def _check_well_formed(found):
    """Unique ids; every segment has a word, no edge spaces, balanced tags that ``tags`` explains."""
    assert len({s.id for s in found}) == len(found)
    for s in found:
        assert re.search(r"\w", grammar.unescape(grammar.TAG.sub("", s.source))), s
        assert s.source == s.source.strip(" \n"), s
        opened: list[str] = []
        for match in grammar.TAG.finditer(s.source):
            closing, name, number, selfclosing = match.groups()
            if selfclosing:
                continue
            if closing:
                assert opened and opened.pop() == name + number, s.source
            else:
                opened.append(name + number)
        assert opened == [], s.source
        in_text = {m.group(2) + m.group(3) for m in grammar.TAG.finditer(s.source)}
        assert in_text == {tag.name for tag in s.tags}, s


@PROPERTY
@given(documents())
def test_a_translation_reaches_every_place_in_the_document(markdown):
    """Changing every segment's text changes exactly the document's translatable text."""
    ast = parse_markdown(markdown)
    back = assemble(ast, lambda s: _shout(s.source))
    expected = {**ast, "blocks": _swapcase_strs(ast["blocks"])}
    meta = dict(ast["meta"])
    for key in ("title", "subtitle"):
        if key in meta:
            meta[key] = _swapcase_strs(meta[key])
    expected["meta"] = meta
    assert normalise(back) == normalise(expected)
