"""Web pages (.html, .htm): the article, without the page around it.

lxml reads the page as a browser would; the metadata comes from its ``<head>`` (Open
Graph and article properties first, then the plain ones); the text is the ``<article>``
(or ``<main>``) alone when there is one, without scripts, styles, forms, navigation,
asides and advertising, which Pandoc then reads. Nothing is fetched: an image on the web
is dropped (its caption stays), one beside the page is copied with the source.
"""

from __future__ import annotations

import re
import shutil
from collections import Counter
from pathlib import Path
from urllib.parse import unquote, urlsplit

import lxml.html
from lxml import etree

from pipeline.core.errors import PipelineError
from pipeline.core.pandoc import tree
from pipeline.sources.convert import Converted, to_ast

MAX_BYTES = 20_000_000
# Elements that are never the article's text, and how the front matter names them.
NEVER_TEXT = {"script": "scripts", "noscript": "scripts", "style": "style sheets", "template": "scripts"}
NEVER_TEXT |= dict.fromkeys(("iframe", "object", "embed"), "embedded frames and players")
NEVER_TEXT |= dict.fromkeys(("form", "button", "input", "select", "textarea"), "forms and buttons")
NEVER_TEXT |= {"nav": "navigation", "aside": "asides (teasers, related links)", "svg": "icons"}
# Class or id words of page furniture inside an article.
FURNITURE = re.compile(
    r"(?:^|[-_ ])(?:ad|ads|advert\w*|pub|publicite|sponsor\w*|promo|share|sharing|social|newsletter|"
    r"related|comments?|paywall|subscribe|abonnement|breadcrumb)(?:$|[-_ ])",
    re.IGNORECASE,
)
META = {  # our field → the <meta> names and properties that give it, in order of preference
    "title": ("og:title", "dc.title", "twitter:title"),
    "subtitle": ("og:description", "description", "dc.description"),
    "author": ("author", "article:author", "dc.creator"),
    "date": ("article:published_time", "date", "dc.date", "dcterms.date"),
    "publisher": ("og:site_name", "publisher", "dc.publisher"),
    "rights": ("copyright", "dc.rights", "dcterms.rights"),
    "identifier": ("og:url", "dc.identifier"),
}


def read_html(path: Path, media: Path) -> Converted:
    page = _page(path)
    meta = _metadata(page)
    dropped: Counter = Counter()
    whole = page.body if page.find("body") is not None else page
    article = _article(whole)
    remarks = []
    if article is not whole:
        scripts = len(page.xpath("//script")) - len(article.xpath(".//script"))
        remarks.append(
            f"Only the page's <{article.tag}> was kept: its header, navigation, footer, asides and "
            f"{scripts} script(s) around the article were dropped."
        )
    _strip(article, dropped)
    heading = next(article.iter("h1"), None)
    if heading is not None and _same(heading.text_content(), meta["title"]):
        meta["title"] = heading.text_content()  # without the site's name that <title> adds
        heading.drop_tree()
        remarks.append("The article's <h1> is its title, given in `title`.")
    html = lxml.html.tostring(article, encoding="unicode", method="html")
    ast = to_ast(f"<html><body>{html}</body></html>", "html", path)
    ast, images = _images(ast, path, media)
    if images:
        remarks.append(
            f"{images} image(s) neither beside the page nor fetched from the web (the tool works offline) were "
            "dropped; their alternative text and captions stay."
        )
    return Converted(ast, meta, dropped, remarks)


def _page(path: Path):
    try:
        size = path.stat().st_size
        if size > MAX_BYTES:
            raise PipelineError(
                f"{path}: is {size / 1e6:.0f} MB, more than the {MAX_BYTES / 1e6:.0f} MB a web page may have"
            )
        raw = path.read_bytes()
    except OSError as err:
        raise PipelineError(f"{path}: cannot read ({err.strerror})") from err
    if (
        b"\0" in raw[:4096]
        or raw.startswith((b"PK", b"%PDF"))
        or not re.search(rb"<(?:html|body|p|div|article)\b", raw[:200_000], re.I)
    ):
        raise PipelineError(f"{path}: is not a web page (it has no HTML markup)")
    parser = lxml.html.HTMLParser(no_network=True, remove_comments=True, remove_pis=True, huge_tree=False)
    try:
        return lxml.html.document_fromstring(_decoded(raw), parser=parser)
    except (etree.ParserError, ValueError) as err:
        raise PipelineError(f"{path}: is not a readable web page ({err})") from err


def _decoded(raw: bytes) -> str:
    """The page's text: in the charset it declares, else UTF-8 (else Windows-1252, as browsers do)."""
    declared = re.search(rb"""<meta[^>]+charset=["']?([\w-]+)""", raw[:4096], re.I)
    for encoding in (declared.group(1).decode("ascii") if declared else "utf-8", "utf-8", "cp1252"):
        try:
            text = raw.decode(encoding)
            break
        except (UnicodeDecodeError, LookupError):
            continue
    else:
        text = raw.decode("utf-8", "replace")
    return re.sub(r"^\s*<\?xml[^>]*>", "", text.removeprefix("\ufeff"))  # lxml refuses a declared encoding in a str


def _metadata(page) -> dict[str, str]:
    found: dict[str, str] = {}
    for element in page.iter("meta"):
        key = (element.get("property") or element.get("name") or "").lower()
        if element.get("content") and key not in found:
            found[key] = element.get("content")
    meta = {field: next((found[k] for k in keys if found.get(k)), "") for field, keys in META.items()}
    meta["title"] = meta["title"] or (page.findtext(".//title") or "")
    lang = page.get("lang") or found.get("og:locale", "").replace("_", "-")
    meta["lang"] = lang
    if not meta["identifier"]:
        canonical = page.xpath("//link[@rel='canonical']/@href")
        meta["identifier"] = canonical[0] if canonical else ""
    if not meta["date"]:
        stamps = page.xpath("//time/@datetime")
        meta["date"] = stamps[0] if stamps else ""
    return meta


def _article(body):
    """The element that holds the article: the longest <article> (inside <main> if there
    is one), else <main>, else the whole body."""
    for where in (".//main//article", ".//article", ".//main", ".//*[@role='main']"):
        candidates = body.xpath(where)
        if candidates:
            return max(candidates, key=lambda e: len(e.text_content()))
    return body


def _strip(article, dropped: Counter) -> None:
    for element in list(article.iter()):
        if not isinstance(element.tag, str) or article not in element.iterancestors():
            continue  # a comment, the article itself, or inside something already dropped
        if element.tag in NEVER_TEXT:
            dropped[NEVER_TEXT[element.tag]] += 1
            element.drop_tree()
        elif element.tag in ("header", "footer") or FURNITURE.search(
            f"{element.get('class', '')} {element.get('id', '')}"
        ):
            dropped["page furniture (advertising, share and subscription boxes, headers and footers)"] += 1
            element.drop_tree()
    for element in article.iter():
        if not isinstance(element.tag, str):
            continue
        for name in [n for n in element.attrib if n.lower().startswith("on")]:
            del element.attrib[name]  # event handlers: scripts by another name (clean.py drops javascript: links)


def _same(a: str, b: str) -> bool:
    a, b = " ".join(a.split()).casefold(), " ".join(b.split()).casefold()
    return bool(a) and (a == b or b.startswith(a + " "))  # "Titre – Le Journal" names the site too


def _images(ast: dict, path: Path, media: Path) -> tuple[dict, int]:
    """Images beside the page copied into ``media``; those on the web dropped (a figure of
    one keeps its caption as a paragraph). Returns the AST and how many were dropped."""
    folder = path.resolve().parent
    dropped = 0

    def local(src: str) -> Path | None:
        parts = urlsplit(src)
        if parts.scheme or parts.netloc or not parts.path:
            return None
        found = (folder / unquote(parts.path)).resolve()
        return found if found.is_file() and found.is_relative_to(folder) else None

    def action(element: dict):
        nonlocal dropped
        if element["t"] == "Image":
            attr, alt, (src, title) = element["c"]
            found = local(src)
            if found is None:
                dropped += 1
                return alt  # its alternative text, where it stood
            media.mkdir(parents=True, exist_ok=True)
            copy = media / found.name
            shutil.copyfile(found, copy)
            return {"t": "Image", "c": [attr, alt, [str(copy), title]]}
        if element["t"] == "Figure" and not _has_image(element):
            return element["c"][1][1]  # the caption's blocks
        return None

    return tree.walk(ast, action), dropped


def _has_image(element) -> bool:
    found = []
    tree.walk(element["c"][2], lambda e: found.append(1) if e["t"] == "Image" else None)
    return bool(found)
