"""PDF edition: the HTML edition's page with print.css, laid out by WeasyPrint (pure
Python, no TeX) with the Noto fonts embedded, tagged for accessibility (PDF/UA-1)."""

from __future__ import annotations

from pipeline.core.fingerprint import version
from pipeline.editions import base, fonts, html

EXTENSION = "pdf"
FILES = (*html.FILES, "print.css")
VARIANT = "pdf/ua-1"


def fingerprint() -> str:
    # Its installed version: importing WeasyPrint itself takes a second.
    return f"weasyprint {version('weasyprint')} {VARIANT} fonts {fonts.fingerprint()}"


def write(edition: base.Edition) -> bytes:
    import weasyprint  # 0.4 s: only to write a PDF

    css = "\n" + fonts.font_face_css() + "\n" + base.stylesheet(edition.file("print.css"))
    page = html.render(edition, extra_css=css)
    document = weasyprint.HTML(string=page, base_url=str(base.TEMPLATES)).render()
    return document.write_pdf(pdf_variant=VARIANT, pdf_identifier=edition.identifier_bytes)
