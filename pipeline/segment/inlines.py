"""Pandoc inline lists ⇄ tagged sentence text.

A block's inlines are flattened into *runs*: pieces of text (or zero-width atoms such as
a footnote reference) each with the stack of elements that enclose it. Cutting the runs
at sentence boundaries and writing each piece with numbered tags gives the segment text;
a translation written with the same tags is read back into runs, and runs are grouped
into inline elements again. An element cut by a sentence boundary (an italic quotation
of two sentences) appears in both segments with its own tag and is joined on assembly.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from pipeline.core.model import KEEP, LANG, TagInfo
from pipeline.core.pandoc import tree
from pipeline.core.tags import escape, tokens

PAIRED = {
    "Emph": "em",
    "Strong": "strong",
    "Underline": "u",
    "Strikeout": "del",
    "Superscript": "sup",
    "Subscript": "sub",
    "SmallCaps": "sc",
    "Quoted": "q",
    "Link": "a",
    "Image": "img",
    "Span": "span",
}
ATOMS = {"Note": "fn", "Code": "code", "Math": "math", "RawInline": "raw", "Cite": "cite", "LineBreak": "br"}
_SPACES = re.compile(r"[ \t\r\n]+")  # not NBSP: French typography keeps its no-break spaces


@dataclass(frozen=True)
class Run:
    stack: tuple[int, ...]  # ids of the enclosing elements, outermost first
    text: str = ""
    atom: int | None = None  # id of a zero-width element (footnote, code, line break)


class Elements:
    """The inline elements of one block, by id, so runs can name them."""

    def __init__(self) -> None:
        self.items: list[dict] = []

    def add(self, element: dict) -> int:
        self.items.append(element)
        return len(self.items) - 1

    def name(self, eid: int) -> str:
        element = self.items[eid]
        kind = element["t"]
        if kind == "Quoted" and element["c"][0]["t"] == "SingleQuote":
            return "sq"
        return PAIRED.get(kind) or ATOMS[kind]

    def info(self, eid: int, number: int) -> TagInfo:
        """What the element's tag (numbered ``number`` in its segment) stands for."""
        element = self.items[eid]
        kind, c = element["t"], element.get("c")
        name = f"{self.name(eid)}{number}"
        if kind in ("Link", "Image"):
            return TagInfo(name, f"{'link to' if kind == 'Link' else 'image'} {c[2][0]}")
        if kind == "Span":
            lang = dict(c[0][2]).get("lang")
            if lang is not None:
                return TagInfo(name, LANG.format(lang), keep=True, lang=lang)
            return TagInfo(name, "span " + " ".join("." + cls for cls in c[0][1]))
        if kind == "Quoted" and c[0]["t"] == "SingleQuote":
            return TagInfo(name, "single quotation marks")
        if kind == "Code":
            return TagInfo(name, f"code `{c[1]}`{KEEP}", keep=True)
        if kind in ("Math", "RawInline", "Cite"):
            what = {"Math": "formula", "RawInline": "raw markup", "Cite": "citation"}[kind]
            return TagInfo(name, what + KEEP, keep=True)
        return TagInfo(
            name,
            {
                "Emph": "emphasis",
                "Strong": "strong emphasis",
                "Underline": "underline",
                "Strikeout": "strikeout",
                "Superscript": "superscript",
                "Subscript": "subscript",
                "SmallCaps": "small capitals",
                "Note": "footnote reference",
                "LineBreak": "line break",
                "Quoted": "quotation marks",
            }[kind],
        )

    def rebuild(self, eid: int, content: list[dict]) -> dict:
        return tree.map_parts(self.items[eid], inlines=lambda _, __: content)


def flatten(inlines: list[dict], elements: Elements, stack: tuple[int, ...] = ()) -> list[Run]:
    runs: list[Run] = []
    for inline in inlines:
        kind = inline["t"]
        if kind == "Str":
            runs.append(Run(stack, inline["c"]))
        elif kind in ("Space", "SoftBreak"):
            runs.append(Run(stack, " "))
        elif kind in PAIRED:
            eid = elements.add(inline)
            inner = flatten(tree.content(inline), elements, stack + (eid,))
            if any(run.atom is not None or run.text.strip() for run in inner):
                runs.extend(inner)
            else:  # an anchor `[]{#id}`, an empty link: nothing to translate, but keep it
                runs.append(Run(stack, atom=eid))
        elif kind in ATOMS:
            runs.append(Run(stack, atom=elements.add(inline)))
        else:
            raise ValueError(f"unknown Pandoc inline {kind}")
    return runs


def plain_text(runs: list[Run]) -> str:
    return "".join(run.text for run in runs)


def cut(runs: list[Run], offsets: list[int]) -> list[list[Run]]:
    """Split runs at character offsets of their plain text; whitespace at the edges is dropped."""
    pieces: list[list[Run]] = [[]]
    position = 0
    pending = list(offsets)
    for run in runs:
        text = run.text
        while pending and run.atom is None and position < pending[0] < position + len(text):
            split = pending.pop(0) - position
            pieces[-1].append(Run(run.stack, text[:split]))
            pieces.append([])
            position += split
            text = text[split:]
        if pending and position == pending[0] and (run.atom is not None or text):
            pending.pop(0)
            pieces.append([])
        pieces[-1].append(Run(run.stack, text, run.atom))
        position += len(text)
    return [_strip(piece) for piece in pieces]


def _strip(runs: list[Run]) -> list[Run]:
    runs = [run for run in runs if run.text or run.atom is not None]
    while runs and runs[0].atom is None and not runs[0].text.strip():
        runs.pop(0)
    while runs and runs[-1].atom is None and not runs[-1].text.strip():
        runs.pop()
    if runs and runs[0].atom is None:
        runs[0] = Run(runs[0].stack, runs[0].text.lstrip(" "))
    if runs and runs[-1].atom is None:
        runs[-1] = Run(runs[-1].stack, runs[-1].text.rstrip(" "))
    return runs


def numbering(runs: list[Run]) -> dict[int, int]:
    """Element id → tag number within one segment, in order of appearance."""
    local: dict[int, int] = {}
    for run in runs:
        for eid in run.stack + ((run.atom,) if run.atom is not None else ()):
            local.setdefault(eid, len(local) + 1)
    return local


def render(runs: list[Run], elements: Elements) -> str:
    """Runs of one segment → tagged text such as ``Un <q1><em2>texte</em2> cité</q1>``."""
    local = numbering(runs)
    tag = {eid: f"{elements.name(eid)}{n}" for eid, n in local.items()}
    out: list[str] = []
    open_: tuple[int, ...] = ()
    for run in runs:
        common = _common_prefix(open_, run.stack)
        for eid in reversed(open_[common:]):
            out.append(f"</{tag[eid]}>")
        for eid in run.stack[common:]:
            out.append(f"<{tag[eid]}>")
        open_ = run.stack
        out.append(f"<{tag[run.atom]}/>" if run.atom is not None else escape(run.text))
    for eid in reversed(open_):
        out.append(f"</{tag[eid]}>")
    return "".join(out)


def parse(text: str, local: dict[int, int]) -> list[Run]:
    """Tagged text → runs, with tag numbers mapped back to this segment's elements.

    Lenient on purpose: a translator's stray or unknown tag keeps its text and loses the
    formatting (QA reports it); it never makes the document unbuildable.
    """
    by_number = {n: eid for eid, n in local.items()}
    runs: list[Run] = []
    stack: list[int] = []
    for token in tokens(text):
        if token.kind == "text":
            runs.append(Run(tuple(stack), token.value))
            continue
        eid = by_number.get(token.number)
        if eid is None:
            continue
        if token.kind == "atom":
            runs.append(Run(tuple(stack), atom=eid))
        elif token.kind == "close":
            if eid in stack:
                del stack[stack.index(eid) :]
        elif eid not in stack:
            stack.append(eid)
    return _strip(runs)


def join(segments: list[list[Run]]) -> list[Run]:
    """Join the runs of consecutive sentences with one space, inside the elements they share."""
    joined: list[Run] = []
    for runs in segments:
        if not runs:
            continue
        if joined:
            joined.append(Run(joined[-1].stack[: _common_prefix(joined[-1].stack, runs[0].stack)], " "))
        joined.extend(runs)
    return joined


def wrap(pieces: list[list[Run]], spans: list[int | None]) -> list[list[Run]]:
    """Put each sentence's runs inside its span element, below the elements it shares.

    An element that holds runs of two sentences (a quotation cut by a sentence boundary)
    must stay whole, so the span goes just inside it; the shared elements of a run are a
    prefix of its stack, since an element's ancestors hold whatever it holds.
    """
    owners: dict[int, set[int]] = {}
    for k, runs in enumerate(pieces):
        for run in runs:
            for eid in run.stack:
                owners.setdefault(eid, set()).add(k)
    out = []
    for runs, span in zip(pieces, spans):
        if span is None:
            out.append(runs)
            continue
        wrapped = []
        for run in runs:
            shared = 0
            while shared < len(run.stack) and len(owners[run.stack[shared]]) > 1:
                shared += 1
            wrapped.append(Run(run.stack[:shared] + (span,) + run.stack[shared:], run.text, run.atom))
        out.append(wrapped)
    return out


def build(runs: list[Run], elements: Elements, depth: int = 0) -> list[dict]:
    """Runs → Pandoc inlines: consecutive runs inside the same element become one element."""
    out: list[dict] = []
    i = 0
    while i < len(runs):
        run = runs[i]
        if len(run.stack) > depth:
            eid = run.stack[depth]
            j = i
            while j < len(runs) and len(runs[j].stack) > depth and runs[j].stack[depth] == eid:
                j += 1
            out.append(elements.rebuild(eid, build(runs[i:j], elements, depth + 1)))
            i = j
        elif run.atom is not None:
            out.append(elements.items[run.atom])
            i += 1
        else:
            j = i
            while j < len(runs) and len(runs[j].stack) == depth and runs[j].atom is None:
                j += 1
            out.extend(text_inlines("".join(r.text for r in runs[i:j])))
            i = j
    return out


def text_inlines(text: str) -> list[dict]:
    out: list[dict] = []
    for k, word in enumerate(_SPACES.split(text)):
        if k:
            out.append({"t": "Space"})
        if word:
            out.append({"t": "Str", "c": word})
    return out


def _common_prefix(a: tuple[int, ...], b: tuple[int, ...]) -> int:
    n = 0
    while n < len(a) and n < len(b) and a[n] == b[n]:
        n += 1
    return n
