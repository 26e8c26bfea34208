"""Interchange stage: the store and the glossary in the formats other tools read.

``export`` writes XLIFF 1.2 (the store, for CAT tools), TMX 1.4b (reviewed pairs, for
translation memories) or TBX (the glossary, for terminology tools); ``importer`` reads
an edited XLIFF back. One module per format.
"""

from __future__ import annotations

from pathlib import Path

from pipeline import store
from pipeline.core.errors import PipelineError
from pipeline.core.fileio import write_atomic
from pipeline.core.project import Document, Project
from pipeline.interchange import tbx, tmx, xliff

FORMATS = {"xliff": "xlf", "tmx": "tmx", "tbx": "tbx"}


def export(project: Project, fmt: str, docs: list[Document], output: Path | None = None) -> list[Path]:
    """Write ``fmt`` into dist/ (one file per document; the glossary for TBX) or into ``output``."""
    if fmt == "tbx":
        path = output or project.dist_dir / "glossary.tbx"
        write_atomic(path, tbx.dump(tbx.terms(project)))
        return [path]
    if fmt not in FORMATS:
        raise PipelineError(f"unknown format {fmt!r}: use one of {', '.join(FORMATS)}")
    for doc in docs:
        if not doc.store.exists():
            raise PipelineError(f"{doc.store}: no store yet for {doc.name}; run `pipeline segment` first")
    loaded = [(doc, store.load(doc)) for doc in docs]
    groups = [loaded] if output else [[item] for item in loaded]
    written = []
    for group in groups:
        path = (
            output
            or project.dist_dir
            / f"{group[0][0].name}.{group[0][0].source_lang}-{group[0][0].target_lang}.{FORMATS[fmt]}"
        )
        if fmt == "xliff":
            data = xliff.dump([(f"source/{d.source.name}", d.source_lang, d.target_lang, segs) for d, segs in group])
        else:
            data = tmx.dump(group[0][0].source_lang, group[0][0].target_lang, [s for _, segs in group for s in segs])
        write_atomic(path, data)
        written.append(path)
    return written
