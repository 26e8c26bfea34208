"""What a reader sees in a source, for comparing sources made from different files."""

from __future__ import annotations

from pathlib import Path

from pipeline.core.pandoc import tree
from pipeline.segment.pandoc import read_source


def structure(source: Path) -> dict:
    """Headings, paragraphs, emphasis, table cells, notes and images of ``source``, as text,
    and its metadata: what a comparison of two conversions looks at."""
    _, ast = read_source(source)
    found: dict = {"headings": [], "paragraphs": [], "emphasis": [], "tables": [], "notes": [], "images": []}

    def action(element: dict):
        kind, c = element["t"], element.get("c")
        if kind == "Header":
            found["headings"].append((c[0], tree.stringify(c[2])))
        elif kind == "Para":
            found["paragraphs"].append(" ".join(tree.stringify(element).split()))
        elif kind == "Emph":
            found["emphasis"].append(tree.stringify(c))
        elif kind == "Note":
            found["notes"].append(" ".join(tree.stringify(c).split()))
        elif kind == "Image":
            found["images"].append((tree.stringify(c[1]), c[2][0]))
        elif kind == "Table":
            rows = []
            tree.walk(element, lambda e: rows.append(e) if e["t"] == "Plain" else None)
            found["tables"].append([tree.stringify(r) for r in rows])

    tree.walk(ast["blocks"], action)
    # The walk sees a note's paragraphs too; an image without alternative text is a paragraph without text.
    found["paragraphs"] = [p for p in found["paragraphs"] if p and p not in found["notes"]]
    found["meta"] = {key: tree.stringify(value) for key, value in ast["meta"].items()}
    return found
