"""The read-only review page as one file, ``dist/<doc>.review.html``: no server, nothing to edit.

It is the page the server sends, with its CSS, its script and the segments inlined. The
segments travel as JSON in a ``<script type="application/json">`` block with every
``<``, ``>`` and ``&`` written as a \\u escape, so no text can close that block; the
script renders them with ``textContent`` only; a Content-Security-Policy allows that one
script (by hash) and nothing else.
"""

from __future__ import annotations

import base64
import datetime
import hashlib
import json
from pathlib import Path

from pipeline import store
from pipeline.core.fileio import write_atomic
from pipeline.core.project import Document, Project
from pipeline.review import view

STATIC = Path(__file__).parent / "static"


def page(doc: Document, checks: view.Checks | None = None, when: str | None = None) -> str:
    segments = store.active(store.load(doc))
    data = {
        "document": doc.name,
        "exported": when or datetime.datetime.now().astimezone().strftime("%Y-%m-%d %H:%M"),
        "counts": store.counts(segments),
        "segments": [view.row(s, checks) for s in segments],
    }
    payload = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    payload = payload.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    script = (STATIC / "review.js").read_text(encoding="utf-8")
    style = (STATIC / "review.css").read_text(encoding="utf-8")
    digest = base64.b64encode(hashlib.sha256(script.encode("utf-8")).digest()).decode()
    policy = f"default-src 'none'; script-src 'sha256-{digest}'; style-src 'unsafe-inline'; img-src data:"
    html = (STATIC / "index.html").read_text(encoding="utf-8")
    html = html.replace(
        "<!--META-->", f'<meta http-equiv="Content-Security-Policy" content="{policy}">\n{view.grammar_meta()}'
    )
    html = html.replace("<!--STYLE-->", f"<style>\n{style}</style>")
    html = html.replace(
        "<!--SCRIPT-->",
        f'<script type="application/json" id="review-data">{payload}</script>\n<script>{script}</script>',
    )
    return html


def write(project: Project, doc: Document) -> Path:
    """Write ``dist/<doc>.review.html`` atomically and return its path."""
    path = project.dist_dir / f"{doc.name}.review.html"
    write_atomic(path, page(doc, view.load_checks(project)))
    return path
