"""`pipeline build`, editions part: bring dist/ up to date, and only what is out of date.

Each output's inputs (the edition's Pandoc document after typography, the template files
it reads, the fonts and tools, and SOURCE_DATE_EPOCH) hash to a key kept in
``dist/.manifest.json`` with the hash of the file written. An output whose key and file
are unchanged is not rebuilt. A cheaper key, of the raw bytes those come from (source,
store, templates, our code), is kept too: when it matches, the document is not even
assembled; the others are written in parallel processes, each with
``write_atomic`` so an interrupted build leaves the previous file.
"""

from __future__ import annotations

import hashlib
import json
import os
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from pipeline import __version__, store
from pipeline.core.errors import PipelineError
from pipeline.core.fileio import write_atomic
from pipeline.core.fingerprint import code as fingerprint_code
from pipeline.core.fingerprint import digest, files
from pipeline.core.pandoc.run import pandoc_path
from pipeline.core.project import Project
from pipeline.editions.base import EDITIONS, TEMPLATES, Edition
from pipeline.editions.formats import FORMATS, writer

MANIFEST = ".manifest.json"
Progress = Callable[[int, int, str], None]


@dataclass
class Output:
    path: Path
    edition: str
    fmt: str
    built: bool  # False: it was up to date
    size: int
    seconds: float = 0.0
    validation: str = ""  # "" when not validated
    valid: bool = True  # False when a validator found a problem

    def summary(self, root: Path) -> str:
        where = self.path.relative_to(root) if self.path.is_relative_to(root) else self.path
        size = f"{self.size / 1024:,.1f} KiB"
        state = f"built in {self.seconds:.1f} s" if self.built else "up to date"
        return f"{str(where):<32} {size:>11}  {state}" + (f"  {self.validation}" if self.validation else "")


def build(
    project: Project,
    docs,
    editions: tuple[str, ...] = EDITIONS,
    formats: tuple[str, ...] = tuple(FORMATS),
    require_reviewed: bool = False,
    validate: bool = False,
    jobs: int | None = None,
    progress: Progress | None = None,
) -> list[Output]:
    """Write the selected editions of ``docs`` to dist/; returns one Output per file."""
    editions = tuple(e for e in EDITIONS if e in editions)
    formats = tuple(f for f in FORMATS if f in formats)
    templates = project.root / "templates"
    manifest = _Manifest(project.dist_dir)
    fingerprints = {fmt: _fingerprint(fmt) for fmt in formats}
    prepared: list[dict[str, Edition]] = []
    todo: list[tuple[Edition, str, Path, str, str]] = []
    outputs: list[Output] = []
    for doc in docs:
        paths = {(n, f): project.dist_dir / f"{doc.name}.{n}.{writer(f).EXTENSION}" for n in editions for f in formats}
        quick = {(n, f): _quick_key(doc, n, f, fingerprints[f], templates) for n, f in paths}
        # The cheap check first: outputs made from these very bytes are not assembled again.
        if not require_reviewed and all(manifest.intact(paths[k], quick[k]) for k in paths):
            outputs += [Output(paths[k], k[0], k[1], built=False, size=paths[k].stat().st_size) for k in paths]
            continue
        from pipeline.editions import assemble  # with typography, 4 % of a no-op build, which assembles nothing

        by_name = assemble.prepare(doc, store.load(doc), templates=templates)
        prepared.append(by_name)
        for (name, fmt), path in paths.items():
            edition = by_name[name]
            key = _key(edition, fmt, fingerprints[fmt])
            if manifest.fresh(path, key):
                manifest.remember(path, quick[name, fmt])
                outputs.append(Output(path, name, fmt, built=False, size=path.stat().st_size))
            else:
                todo.append((edition, fmt, path, key, quick[name, fmt]))
    if require_reviewed:
        _refuse_unreviewed(prepared, editions)
    outputs += _write_all(todo, manifest, jobs, progress)
    manifest.save()
    if validate:
        from pipeline.editions import validate as checks  # 13 ms (tempfile, zipfile, threads): only for --validate

        results = checks.check_all([o.path for o in outputs])
        for output in outputs:
            output.validation, output.valid = results[output.path]
    order = {(e, f): i for i, (e, f) in enumerate((e, f) for e in EDITIONS for f in FORMATS)}
    return sorted(outputs, key=lambda o: (o.path.name.split(".")[0], order[(o.edition, o.fmt)]))


def _refuse_unreviewed(prepared: list[dict[str, Edition]], editions: tuple[str, ...]) -> None:
    lines = []
    for by_name in prepared:
        english = [by_name[e] for e in editions if e != "fr"]
        if english and english[0].unreviewed:
            ed = english[0]
            lines.append(f"{ed.doc}: {len(ed.unreviewed)} segments not reviewed:")
            lines += [f"  {s.id}  {s.state.value:<12}  {s.where}" for s in ed.unreviewed]
    if lines:
        raise PipelineError(
            "--require-reviewed: these segments have no reviewed English, so no English or parallel "
            "edition was built (review them, or build without --require-reviewed):\n" + "\n".join(lines)
        )


def _fingerprint(fmt: str) -> str:
    module = writer(fmt)
    # The writers' code too: a change there changes an output whose document did not change.
    ours = fingerprint_code("editions", "core/pandoc")
    return f"pipeline {__version__} {ours}; pandoc {files(pandoc_path())}; {module.fingerprint()}"


def _quick_key(doc, edition: str, fmt: str, fingerprint: str, templates: Path) -> str:
    """Every input of one output, as bytes, without assembling anything: the source, its
    media folder, the store, the template files, our code, the tools, SOURCE_DATE_EPOCH. Equal keys give an
    equal ``_key``, so a matching output needs no ``prepare``."""
    code = fingerprint_code("editions", "core", "segment", "store", distributions=("pysbd",))
    parts = [code, fingerprint, doc.name, doc.source_lang, doc.target_lang, edition, fmt]
    parts.append(os.environ.get("SOURCE_DATE_EPOCH", ""))
    for path in (doc.source, doc.store):
        parts.append(path.read_bytes() if path.is_file() else b"")
    media = doc.source.parent / doc.name  # its images (images.py): a changed picture rebuilds
    for path in sorted(p for p in media.rglob("*") if p.is_file()):
        parts += [str(path.relative_to(media)), path.read_bytes()]
    for name in writer(fmt).FILES:
        ours = templates / name
        parts += [name, "project" if ours.is_file() else "ours"]
        parts.append((ours if ours.is_file() else TEMPLATES / name).read_bytes())
    return digest(*parts)


def _key(edition: Edition, fmt: str, fingerprint: str) -> str:
    digest = hashlib.sha256()
    digest.update(json.dumps(edition.ast, sort_keys=True, ensure_ascii=False).encode())
    digest.update(f"\0{edition.epoch}\0{fmt}\0{fingerprint}\0".encode())
    for name in writer(fmt).FILES:
        digest.update(name.encode() + b"\0" + edition.file(name).read_bytes() + b"\0")
    return digest.hexdigest()


def _write_one(edition: Edition, fmt: str, path: Path) -> tuple[int, str, float]:
    start = time.perf_counter()
    data = writer(fmt).write(edition)
    write_atomic(path, data)
    return len(data), hashlib.sha256(data).hexdigest(), time.perf_counter() - start


def _write_all(todo, manifest: _Manifest, jobs: int | None, progress: Progress | None) -> list[Output]:
    outputs = []
    jobs = jobs or min(len(todo), os.cpu_count() or 1, 4)
    if progress:
        progress(0, len(todo), "")

    def done(item, result) -> None:
        edition, fmt, path, key, quick = item
        size, sha, seconds = result
        manifest.record(path, key, sha, quick)
        outputs.append(Output(path, edition.name, fmt, built=True, size=size, seconds=seconds))
        if progress:
            progress(len(outputs), len(todo), path.name)

    if jobs <= 1 or len(todo) <= 1:
        for item in todo:
            done(item, _write_one(*item[:3]))
        return outputs
    from concurrent.futures import ProcessPoolExecutor  # multiprocessing, 11 ms: only to write in parallel

    # Longest first, so the workers finish together: PDFs, the parallel one (twice the text
    # in a grid) before the others.
    todo = sorted(todo, key=lambda item: (item[1] != "pdf", not item[0].parallel))
    with ProcessPoolExecutor(max_workers=jobs) as pool:
        futures = [(item, pool.submit(_write_one, *item[:3])) for item in todo]
        failure = None
        for item, future in futures:
            try:
                done(item, future.result())
            except PipelineError as err:
                failure = failure or err  # keep what the others wrote, then report
        if failure:
            manifest.save()
            raise failure
    return outputs


class _Manifest:
    """dist/.manifest.json: output name → the key of its inputs and the hash of the file."""

    def __init__(self, dist: Path) -> None:
        self.path = dist / MANIFEST
        try:
            self.entries = json.loads(self.path.read_text("utf-8")).get("outputs", {})
        except (OSError, ValueError, AttributeError):
            self.entries = {}  # no manifest (or a damaged one): everything is rebuilt
        self.changed = False

    def fresh(self, path: Path, key: str) -> bool:
        entry = self.entries.get(path.name)
        if not entry or entry.get("inputs") != key or not path.is_file():
            return False
        return hashlib.sha256(path.read_bytes()).hexdigest() == entry.get("sha256")

    def intact(self, path: Path, quick: str) -> bool:
        """The output was built from inputs whose cheap key is ``quick`` and is as written."""
        entry = self.entries.get(path.name)
        if not entry or entry.get("quick") != quick or not path.is_file():
            return False
        return hashlib.sha256(path.read_bytes()).hexdigest() == entry.get("sha256")

    def remember(self, path: Path, quick: str) -> None:
        """An output found fresh the slow way: next time the cheap key will do."""
        if self.entries[path.name].get("quick") != quick:
            self.entries[path.name]["quick"] = quick
            self.changed = True

    def record(self, path: Path, key: str, sha: str, quick: str) -> None:
        self.entries[path.name] = {"inputs": key, "sha256": sha, "quick": quick}
        self.changed = True

    def save(self) -> None:
        if self.changed:
            body = {"outputs": dict(sorted(self.entries.items()))}
            write_atomic(self.path, json.dumps(body, indent=1) + "\n")
            self.changed = False
