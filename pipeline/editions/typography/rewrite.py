"""Rules rewriting one run of text while seeing the characters just outside it."""

from __future__ import annotations


def substitute(rules, run: str, before: str = "", after: str = "") -> str:
    """Apply ``rules`` (pattern, replacement) to ``run``, letting them see one character of
    context either side but change only the run: a mark at the edge of the next element
    belongs to that element, which is set with its own context."""
    out, lo, hi = before + run + after, len(before), len(before) + len(run)
    for pattern, replacement in rules:
        pieces, last = [], 0
        for m in pattern.finditer(out):
            if m.start() < lo or m.end() > hi or (m.start() == m.end() == hi and hi < len(out)):
                continue  # a match in the context is the neighbour's business
            pieces += [out[last : m.start()], m.expand(replacement)]
            hi += len(pieces[-1]) - (m.end() - m.start())
            last = m.end()
        out = "".join(pieces) + out[last:]
    return out[lo:hi]
