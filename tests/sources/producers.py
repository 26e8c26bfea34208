"""Documents made by real producers for the sources tests: LibreOffice (from a Flat ODT we
write), Pandoc (from Markdown) and Calibre's ebook-convert (from the Word file Pandoc made).

The article holds what a reader would miss if it were lost: headings, emphasis, a table,
a footnote and an image (made here, a small PNG); the book, chapters, notes and an image.
"""

from __future__ import annotations

import base64
import io
import shutil
import subprocess
from pathlib import Path

from conftest import DATA
from PIL import Image

from pipeline.core.pandoc.run import pandoc_path

TITLE, AUTHOR, SUBTITLE, DATE = "Le canal du Midi", "Marie Curiel", "Un ouvrage du Grand Siècle", "2024-03-05"
ALT = "Une écluse ronde"
NOTE = "Le seuil de Naurouze est le point le plus élevé du canal."
HEADINGS = [(1, "Présentation"), (2, "Les écluses")]
EMPHASIS = ["Garonne", "ovales"]
TABLE = [["Écluse", "Année"], ["Fonserannes", "1680"]]
PARAGRAPHS = [
    "Le canal du Midi relie la Garonne à la mer Méditerranée. Il fut construit sous Louis XIV.",
    "Les écluses sont ovales pour résister à la poussée des terres.",
]


def png(width: int = 40, height: int = 30) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (width, height), (200, 30, 30)).save(out, "PNG")
    return out.getvalue()


ODF = (
    'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
    'xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0" '
    'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" '
    'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
    'xmlns:draw="urn:oasis:names:tc:opendocument:xmlns:drawing:1.0" '
    'xmlns:fo="urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0" '
    'xmlns:xlink="http://www.w3.org/1999/xlink" xmlns:dc="http://purl.org/dc/elements/1.1/" '
    'xmlns:meta="urn:oasis:names:tc:opendocument:xmlns:meta:1.0" '
    'xmlns:svg="urn:oasis:names:tc:opendocument:xmlns:svg-compatible:1.0"'
)


def flat_odt() -> str:
    """The article as a Flat ODT, the XML LibreOffice reads and writes: real Writer styles,
    an empty paragraph (the kind Word users type), emphasis as an automatic style."""
    image = base64.b64encode(png()).decode("ascii")
    cell = '<table:table-cell office:value-type="string"><text:p>{}</text:p></table:table-cell>'
    header, body = ("<table:table-row>" + "".join(cell.format(c) for c in row) + "</table:table-row>" for row in TABLE)
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<office:document {ODF} office:version="1.3" office:mimetype="application/vnd.oasis.opendocument.text">
<office:meta><dc:title>{TITLE}</dc:title><dc:subject>{SUBTITLE}</dc:subject><dc:creator>{AUTHOR}</dc:creator>
<meta:initial-creator>{AUTHOR}</meta:initial-creator><meta:creation-date>{DATE}T10:00:00</meta:creation-date>
<dc:date>{DATE}T10:00:00</dc:date><dc:language>fr-FR</dc:language></office:meta>
<office:styles>
<style:style style:name="Heading" style:family="paragraph" style:class="text"/>
<style:style style:name="Heading_20_1" style:display-name="Heading 1" style:family="paragraph" style:parent-style-name="Heading" style:default-outline-level="1" style:class="text"/>
<style:style style:name="Heading_20_2" style:display-name="Heading 2" style:family="paragraph" style:parent-style-name="Heading" style:default-outline-level="2" style:class="text"/>
<style:style style:name="Text_20_body" style:display-name="Text body" style:family="paragraph" style:class="text"/>
</office:styles>
<office:automatic-styles><style:style style:name="T1" style:family="text"><style:text-properties fo:font-style="italic"/></style:style></office:automatic-styles>
<office:body><office:text>
<text:h text:style-name="Heading_20_1" text:outline-level="1">{HEADINGS[0][1]}</text:h>
<text:p text:style-name="Text_20_body">Le canal du Midi relie la <text:span text:style-name="T1">Garonne</text:span> à la mer Méditerranée.<text:note text:id="ftn1" text:note-class="footnote"><text:note-citation>1</text:note-citation><text:note-body><text:p text:style-name="Footnote">{NOTE}</text:p></text:note-body></text:note> Il fut construit sous Louis XIV.</text:p>
<text:p text:style-name="Text_20_body"/>
<text:p text:style-name="Text_20_body"><draw:frame draw:name="Image1" text:anchor-type="as-char" svg:width="4cm" svg:height="3cm"><draw:image><office:binary-data>{image}</office:binary-data></draw:image><svg:title>{ALT}</svg:title><svg:desc>{ALT}</svg:desc></draw:frame></text:p>
<text:h text:style-name="Heading_20_2" text:outline-level="2">{HEADINGS[1][1]}</text:h>
<table:table table:name="Ecluses"><table:table-column table:number-columns-repeated="2"/>
<table:table-header-rows>{header}</table:table-header-rows>{body}
</table:table>
<text:p text:style-name="Text_20_body">Les écluses sont <text:span text:style-name="T1">ovales</text:span> pour résister à la poussée des terres.</text:p>
</office:text></office:body></office:document>
"""


def markdown_article(folder: Path) -> Path:
    """The same article in Pandoc's Markdown, its image beside it."""
    (folder / "ecluse.png").write_bytes(png())
    path = folder / "canal.md"
    path.write_text(
        f"""---
title: {TITLE}
subtitle: {SUBTITLE}
author: {AUTHOR}
date: {DATE}
lang: fr-FR
---

# {HEADINGS[0][1]}

Le canal du Midi relie la *Garonne* à la mer Méditerranée.[^1] Il fut construit sous Louis XIV.

![{ALT}](ecluse.png)

## {HEADINGS[1][1]}

| {TABLE[0][0]} | {TABLE[0][1]} |
|---|---|
| {TABLE[1][0]} | {TABLE[1][1]} |

Les écluses sont *ovales* pour résister à la poussée des terres.

[^1]: {NOTE}
""",
        encoding="utf-8",
    )
    return path


def libreoffice(folder: Path, fmt: str) -> Path:
    """The article written by LibreOffice as ``fmt`` (docx, odt), from its Flat ODT."""
    source = folder / "canal-lo.fodt"
    source.write_text(flat_odt(), encoding="utf-8")
    profile = folder / "lo-profile"  # its own profile: two LibreOffices at once would share one
    subprocess.run(
        [
            "soffice",
            f"-env:UserInstallation={profile.as_uri()}",
            "--headless",
            "--convert-to",
            fmt,
            "--outdir",
            str(folder),
            str(source),
        ],
        check=True,
        capture_output=True,
        timeout=120,
    )
    return folder / f"canal-lo.{fmt}"


def pandoc(source: Path, out: Path, *extra: str) -> Path:
    """``source`` written by Pandoc as ``out`` (the format from its extension)."""
    subprocess.run(
        [pandoc_path(), str(source), "-o", str(out), f"--resource-path={source.parent}", *extra],
        check=True,
        capture_output=True,
        timeout=120,
    )
    return out


BOOK_IMAGE = "Une écluse ronde du canal"


def markdown_book(folder: Path) -> Path:
    """A book of four chapters with notes (tests/data/wiki.fr.md) and a figure in its second chapter."""
    (folder / "ecluse.png").write_bytes(png())
    text = (DATA / "wiki.fr.md").read_text(encoding="utf-8")
    text = text.replace("## Du commerce au tourisme", f"![{BOOK_IMAGE}](ecluse.png)\n\n## Du commerce au tourisme", 1)
    path = folder / "canal-livre.md"
    path.write_text(
        text.replace("date: 2023-05-17", "date: 2023-05-17\npublisher: Éditions du Canal"), encoding="utf-8"
    )
    return path


def calibre(source: Path, out: Path) -> Path:
    """``source`` converted by Calibre's ebook-convert."""
    subprocess.run(["ebook-convert", str(source), str(out)], check=True, capture_output=True, timeout=300)
    return out


def have(command: str) -> bool:
    return shutil.which(command) is not None
