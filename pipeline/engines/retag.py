"""Inline tags through a neural engine: strip them, translate the words, put them back.

A neural model has never seen ``<em1>`` and mangles it (drops it, translates it, repeats
it), so the model only ever sees plain text. ``untag`` records where each tag sat, by
source word; ``restore`` puts every tag back into the translation at the target words
aligned to those source words (the engine gives one source word per target word, from
its attention), falling back to the same relative position when a word is unaligned.
Nesting is kept by construction: a tag is clamped inside its parent and after its
previous sibling, so the output always has every tag, once, well nested, even when the
alignment is poor. Punctuation that the source tag did not enclose stays outside it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from pipeline.core.tags import escape, tokens

_OPENING_PUNCT = "«“‘\"'([¿¡"
_CLOSING_PUNCT = "»”’\"')].,;:!?…"
_WORD = re.compile(r"\S+")


@dataclass
class Node:
    """A tag in the source: a span over words [first, last], or an atom (``<fn3/>``) after a word."""

    name: str  # "em1", "fn3"
    atom: bool
    start: int  # character offsets in the plain source text
    end: int
    parent: int | None  # index of the enclosing span in Tagged.nodes
    children: list[int] = field(default_factory=list)
    spaced: bool = False  # an atom standing as a word of its own ("voir le <code1/> pour")


@dataclass
class Tagged:
    plain: str  # the source without tags, unescaped: what the model sees
    nodes: list[Node]  # in source order (an opening tag before its children)

    @property
    def words(self) -> list[str]:
        return self.plain.split()


def untag(text: str) -> Tagged:
    """Split a segment's text into plain text and the tags' positions in it."""
    plain: list[str] = []
    length = 0
    nodes: list[Node] = []
    open_: list[int] = []
    before = ""  # the text just before this tag ("" after another tag)
    for token in tokens(text):
        if token.kind == "text":
            before = token.value
            plain.append(before)
            length += len(before)
            continue
        spaced, before = length > 0 and before[-1:].isspace(), ""
        parent = open_[-1] if open_ else None
        if token.kind == "close":
            if open_ and nodes[open_[-1]].name == token.name:
                nodes[open_.pop()].end = length
            continue
        atom = token.kind == "atom"
        nodes.append(Node(token.name, atom, length, length, parent, spaced=atom and spaced))
        if parent is not None:
            nodes[parent].children.append(len(nodes) - 1)
        if not atom:
            open_.append(len(nodes) - 1)
    return Tagged("".join(plain), nodes)


def restore(tagged: Tagged, words: list[str], align: list[int | None]) -> str:
    """The translation ``words`` with ``tagged``'s tags put back, escaped as segment text.

    ``align[t]`` is the source word (index into ``tagged.words``) that target word ``t``
    translates, or None.
    """
    target = " ".join(words)
    if not tagged.nodes:
        return escape(target)
    source_words = [(m.start(), m.end()) for m in _WORD.finditer(tagged.plain)]
    target_words = [(m.start(), m.end()) for m in _WORD.finditer(target)]
    places: list[tuple[int, int]] = []
    for node in tagged.nodes:
        start, end = _wanted(node, tagged.plain, source_words, target, target_words, align)
        low, high = places[node.parent] if node.parent is not None else (0, len(target))
        siblings = [
            places[i]
            for i, other in enumerate(tagged.nodes[: len(places)])
            if other.parent == node.parent and places[i][0] < places[i][1]
        ]
        places.append(_fit(start, end, low, high, siblings))
    roots = [i for i, n in enumerate(tagged.nodes) if n.parent is None]
    return _render(tagged.nodes, roots, places, target, 0, len(target))


def _fit(start: int, end: int, low: int, high: int, taken: list[tuple[int, int]]) -> tuple[int, int]:
    """The nearest place to [start, end) inside [low, high] that overlaps no sibling already placed.

    Siblings may come out in another order than in the source (the target's word order);
    a span that would cross one is trimmed, so nesting always holds.
    """
    start = min(max(start, low), high)
    end = min(max(end, start), high)
    for a, b in sorted(taken):
        if start < b and a < end:  # overlap: keep the part outside [a, b)
            if start >= a:
                start = min(b, high)
            else:
                end = a
            end = max(end, start)
    for a, b in sorted(taken):
        if a < start < b:  # an empty tag may not sit inside a sibling
            start = end = b
    return start, end


def _wanted(node, plain, source_words, target, target_words, align) -> tuple[int, int]:
    """Where the tag would go in the target if nothing else constrained it."""
    if not target_words:
        return 0, 0
    covered = [i for i, (s, e) in enumerate(source_words) if e > node.start and s < node.end]
    if node.atom or not covered:
        # an atom sits after the word it follows ("chat<fn1/>." → after "cat", before ".")
        before = [i for i, (s, _) in enumerate(source_words) if s < node.start]
        if not before:
            return 0, 0
        word = before[-1]
        rest = plain[node.start : source_words[word][1]]
        targets = [t for t, s in enumerate(align) if s == word]
        t = max(targets) if targets else _proportional(word, len(source_words), len(target_words))
        at = _core(target, *target_words[t])[1] if rest and _is_punct(rest) else target_words[t][1]
        return at, at
    first, last = covered[0], covered[-1]
    targets = [t for t, s in enumerate(align) if s is not None and first <= s <= last]
    if targets:
        t_first, t_last = _densest_run(targets)
    else:
        t_first = _proportional(first, len(source_words), len(target_words))
        t_last = max(t_first, _proportional(last, len(source_words), len(target_words)))
    inner = plain[node.start : node.end].strip()
    start = target_words[t_first][0]
    end = target_words[t_last][1]
    if not (inner and inner[0] in _OPENING_PUNCT):
        start = _core(target, *target_words[t_first])[0]
    if not (inner and inner[-1] in _CLOSING_PUNCT):
        end = _core(target, *target_words[t_last])[1]
    return start, max(start, end)


def _densest_run(targets: list[int], gap: int = 2) -> tuple[int, int]:
    """First and last of the longest run of target words with no more than ``gap`` between them.

    A stray alignment far away (attention is a rough aligner) must not stretch a tag
    over half the sentence.
    """
    runs = [[targets[0]]]
    for t in targets[1:]:
        if t - runs[-1][-1] <= gap:
            runs[-1].append(t)
        else:
            runs.append([t])
    best = max(runs, key=len)
    return best[0], best[-1]


def _proportional(word: int, source_count: int, target_count: int) -> int:
    return min(target_count - 1, round(word * target_count / max(source_count, 1)))


def _core(text: str, start: int, end: int) -> tuple[int, int]:
    """A word's span without the punctuation that hugs it ("«cat»," → "cat")."""
    core_start, core_end = start, end
    while core_start < core_end and text[core_start] in _OPENING_PUNCT:
        core_start += 1
    while core_end > core_start and text[core_end - 1] in _CLOSING_PUNCT:
        core_end -= 1
    if core_start == core_end:  # only punctuation: the word is its own core
        return start, end
    return core_start, core_end


def _is_punct(text: str) -> bool:
    return all(c in _CLOSING_PUNCT or c in _OPENING_PUNCT for c in text)


def _render(nodes, indices, places, target, start, end) -> str:
    out = []
    position = start
    for i in sorted(indices, key=lambda i: (places[i][0], i)):
        s, e = places[i]
        out.append(escape(target[position:s]))
        node = nodes[i]
        if node.atom:
            out.append(f"{' ' if node.spaced and s and not target[s - 1].isspace() else ''}<{node.name}/>")
        else:
            inner = _render(nodes, node.children, places, target, s, e)
            out.append(f"<{node.name}>{inner}</{node.name}>")
        position = max(position, e)
    out.append(escape(target[position:end]))
    return "".join(out)
