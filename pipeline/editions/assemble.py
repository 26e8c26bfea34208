"""Editions stage, first half: source + store → one Pandoc document per edition.

``prepare(doc, segments)`` assembles the French document from the source segments and
the English one from the targets, pairs them block by block for the parallel edition,
applies each language's typography, and fills the metadata (identifier, languages,
translation credit, the notice for unreviewed machine translation). The writers in
``html.py``, ``epub.py`` and ``pdf.py`` turn the ``Edition`` it gives into bytes.
"""

from __future__ import annotations

import copy
import datetime as dt
import os
import uuid
from collections import Counter
from pathlib import Path

from pipeline.core.errors import PipelineError
from pipeline.core.model import Origin, Segment
from pipeline.core.pandoc.tree import stringify
from pipeline.core.project import Document
from pipeline.editions import images, typography
from pipeline.editions.base import SENTENCE, TEMPLATES, UNTRANSLATED, Edition, div, unwrap
from pipeline.editions.notes import Notes
from pipeline.segment import document as segmenter
from pipeline.segment.pandoc import Parsing
from pipeline.segment.sentences import warm_up

ASIDES = ("read-also", "pull-quote", "series")  # rendered as <aside>, not body text


def prepare(
    doc: Document, segments: list[Segment], epoch: int | None = None, templates: Path | None = None
) -> dict[str, Edition]:
    """Every edition of ``doc`` from its source and the store's ``segments``.

    ``templates``: a folder whose files override ours (a house style), if it exists.
    """
    parsing = Parsing(doc.source)
    warm_up()  # the splitter compiles its expressions while Pandoc parses
    _, source = parsing.result()
    if "title" not in source["meta"]:
        raise PipelineError(f"{doc.source}: has no title; an edition needs one (add `title:` to its YAML front matter)")
    stored = {s.id: s for s in segments if not s.obsolete}
    _check_date(source, doc)
    epoch = _epoch() if epoch is None else epoch
    current: list[Segment] = []  # the source's segments in reading order, as the store has them

    def french(s: Segment) -> str:
        return s.source

    def english(s: Segment) -> str:
        found = stored.get(s.id)
        return found.target if found is not None and found.translated else s.source

    def sentence(lang: str):
        def attr(s: Segment):
            classes, kv = [SENTENCE], [["data-seg", s.id], ["tabindex", "0"]]
            if lang == "fr":
                current.append(stored.get(s.id, s))
            elif not stored.get(s.id, s).translated:
                classes.append(UNTRANSLATED)
                kv += [["lang", doc.source_lang], ["title", "not translated yet"]]
            return ["", classes, kv]

        return attr

    # Two passes over the source; the single-language editions drop the sentence spans.
    pictures: dict[str, str] = {}
    fr_spans = images.embedded(segmenter.assemble(source, french, wrap=sentence("fr")), doc.source, pictures)
    en_spans = images.embedded(segmenter.assemble(source, english, wrap=sentence("en")), doc.source, pictures)
    fr, en = unwrap(fr_spans), unwrap(en_spans)
    unreviewed = [s for s in current if not s.state.accepted or not s.target]

    credit, notice = _credit(current, stored)
    folders = ((str(templates),) if templates and templates.is_dir() else ()) + (str(TEMPLATES),)
    common = dict(doc=doc.name, epoch=epoch, templates=folders)
    fr_lang, en_lang = doc.source_lang, doc.target_lang
    return {
        "fr": Edition(name="fr", lang=fr_lang, ast=_single(fr, doc, "fr", fr_lang, source), **common),
        "en": Edition(
            name="en",
            lang=en_lang,
            ast=_single(en, doc, "en", en_lang, source, credit, notice),
            unreviewed=unreviewed,
            **common,
        ),
        "fr-en": Edition(
            name="fr-en",
            lang=en_lang,
            ast=_parallel(fr_spans, en_spans, doc, source, credit, notice, titles=(fr, en)),
            unreviewed=unreviewed,
            **common,
        ),
    }


def _epoch() -> int | None:
    """SOURCE_DATE_EPOCH if set (a reproducible build), else None: the writers take the
    build time. Never the source's date: an edition of an 1883 tale was not made in 1883."""
    if not os.environ.get("SOURCE_DATE_EPOCH"):
        return None
    try:
        return int(os.environ["SOURCE_DATE_EPOCH"])
    except ValueError as err:
        raise PipelineError(
            f"SOURCE_DATE_EPOCH={os.environ['SOURCE_DATE_EPOCH']!r} is not a number of seconds"
        ) from err


def _check_date(source: dict, doc: Document) -> None:
    """The source's date must be one the EPUB's dc:date can carry: 1883, 1883-11 or 1883-11-25."""
    date = stringify(source["meta"].get("date"))
    try:
        if date:
            dt.date.fromisoformat((date + "-01-01")[:10] if len(date) in (4, 7) else date)
    except ValueError as err:
        raise PipelineError(f"{doc.source}: date {date!r} is not an ISO date (YYYY, YYYY-MM or YYYY-MM-DD)") from err


def _credit(current: list[Segment], stored: dict[str, Segment]) -> tuple[str, str]:
    """The translation credit and, when some English is not approved, the notice to show."""
    total = len(current)
    reviewed = sum(1 for s in current if s.state.accepted and s.target)
    untranslated = sum(1 for s in current if not s.translated)
    # Every engine that drafted any of the English is named, reviewed or not: a reader
    # deserves to know a machine wrote the first draft of what a person then approved.
    by_editors = Origin(Origin.REVIEW)
    engines = Counter(str(s.origin) for s in current if s.translated and s.origin and s.origin != by_editors)
    by_hand = sum(1 for s in current if s.translated and s.origin == by_editors)
    parts = []
    if engines:
        used = "; ".join(f"{origin} ({n} segment{'s' * (n != 1)})" for origin, n in sorted(engines.items()))
        parts.append(f"Machine drafts: {used}.")
    if by_hand:
        parts.append(f"Translated by the editors: {by_hand} segment{'s' * (by_hand != 1)}.")
    if reviewed == total:
        parts.append(f"Every segment ({total}) was reviewed and approved by the project's editors.")
    else:
        parts.append(f"Reviewed by the project's editors: {reviewed} of {total} segments.")
    if untranslated:
        parts.append(f"{untranslated} not translated yet, shown in French and marked.")
    credit = "English translation from the French. " + " ".join(parts)
    notice = ""
    if reviewed < total:
        machine = total - reviewed - untranslated
        parts = [f"unreviewed machine translation ({machine} of {total} segments)"] * bool(machine)
        parts += [f"{untranslated} untranslated segments, shown in French"] * bool(untranslated)
        notice = f"This edition contains {' and '.join(parts)}. It is a draft, not a reviewed translation."
    return credit, notice


def _meta_str(text: str) -> dict:
    return {"t": "MetaString", "c": text}


def _meta_inlines(inlines: list) -> dict:
    return {"t": "MetaInlines", "c": inlines}


def _identifier(doc: Document, edition: str) -> str:
    return f"urn:uuid:{uuid.uuid5(uuid.NAMESPACE_URL, f'pipeline:{doc.name}:{edition}')}"


def _base_meta(doc: Document, edition: str, lang: str, source: dict) -> dict:
    meta = {k: v for k, v in source["meta"].items() if k in ("author", "date", "publisher")}
    meta["lang"] = _meta_str(lang)
    meta["identifier"] = _meta_str(_identifier(doc, edition))
    meta["edition"] = _meta_str(edition)
    if is_book(source):
        meta["book"] = {"t": "MetaBool", "c": True}  # the HTML and the PDF get a table of contents
    if "date" in meta:
        iso = stringify(meta["date"])
        meta["date"] = _meta_str(iso)  # ISO for the EPUB's dc:date and HTML's <time>
        meta["date-text"] = _meta_str(_date_for(iso, lang))
    return meta


def is_book(source: dict) -> bool:
    """A source whose top-level headings are chapters: two or more level-1 headings."""
    return sum(1 for b in source["blocks"] if b["t"] == "Header" and b["c"][0] == 1) >= 2


def _single(ast: dict, doc: Document, edition: str, lang: str, source: dict, credit="", notice="") -> dict:
    meta = _base_meta(doc, edition, lang, source)
    for key in ("title", "subtitle", "rights"):
        if key in ast["meta"]:
            value = ast["meta"][key]
            if value["t"] == "MetaInlines":
                value = _meta_inlines(typography.apply_inlines(value["c"], lang))
            meta[key] = value
    if credit:
        meta["translation-credit"] = _meta_str(credit)
        meta["contributor"] = {"t": "MetaList", "c": [_meta_str(credit)]}
        meta["source-title"] = _meta_str(stringify(source["meta"].get("title")))
    if notice:
        meta["notice"] = _meta_str(notice)
    blocks = typography.apply(_asides(ast["blocks"]), lang)
    blocks = Notes({edition: lang}).numbered(blocks, edition)
    return {**ast, "meta": meta, "blocks": blocks}


def _parallel(fr: dict, en: dict, doc: Document, source: dict, credit: str, notice: str, titles) -> dict:
    """One row per block: the French block beside (or, in the EPUB, above) its English one.

    ``titles``: the two documents without sentence spans, for the metadata.
    """
    fr_lang, en_lang = doc.source_lang, doc.target_lang
    meta = _base_meta(doc, "fr-en", en_lang, source)
    for key in ("title", "subtitle", "rights"):
        for ast, lang, suffix in ((titles[0], fr_lang, ""), (titles[1], en_lang, "-en")):
            if key in ast["meta"] and ast["meta"][key]["t"] == "MetaInlines":
                inlines = typography.apply_inlines(ast["meta"][key]["c"], lang)
                meta[key + suffix] = _meta_inlines([_span(lang, inlines)])
    if "book" in meta:
        meta["toc-lang"] = _meta_str(fr_lang)  # the contents list the French headings
    meta["pagetitle"] = _meta_str(f"{stringify(fr['meta'].get('title'))} / {stringify(en['meta'].get('title'))}")
    meta["translation-credit"] = _meta_str(credit)
    meta["contributor"] = {"t": "MetaList", "c": [_meta_str(credit)]}
    if notice:
        meta["notice"] = _meta_str(notice)
    fr_blocks, en_blocks = _asides(fr["blocks"]), _asides(en["blocks"])
    if len(fr_blocks) != len(en_blocks):  # assemble keeps the block structure; this would be a bug
        raise AssertionError("French and English documents differ in structure")
    rows, notes = [], Notes({"fr": fr_lang, "en": en_lang})
    for f, e in zip(fr_blocks, en_blocks):
        f, e = _heading(f, fr_lang), _heading(_english_heading(copy.deepcopy(e)), en_lang)
        kind = "heading" if f["t"] == "Header" else "aside" if _is_aside(f) else "text"
        if kind == "heading" and f["c"][0] == 1:
            rows += notes.end_chapter()  # a chapter's notes end it, in the same file of the EPUB
        rows.append(
            div(
                ["row", kind],
                [],
                [
                    div(["fr"], [["lang", fr_lang]], notes.refer(typography.apply([f], fr_lang), "fr")),
                    div(["en"], [["lang", en_lang]], notes.refer(typography.apply([e], en_lang), "en")),
                ],
            )
        )
    return {**en, "meta": meta, "blocks": rows + notes.end_chapter()}


def _english_heading(block: dict) -> dict:
    """The English twin of a heading: its own id, and out of the table of contents."""
    if block["t"] == "Header":
        (ident, classes, kv), level = block["c"][1], block["c"][0]
        block["c"][1] = [f"{ident}-en" if ident else "", [*classes, "unlisted", "unnumbered"], kv]
        block["c"][0] = level
    return block


def _heading(block: dict, lang: str) -> dict:
    """A heading carries its own ``lang``, so that it keeps it outside its row (EPUB)."""
    if block["t"] == "Header":
        ident, classes, kv = block["c"][1]
        block = {"t": "Header", "c": [block["c"][0], [ident, classes, [*kv, ["lang", lang]]], block["c"][2]]}
    return block


def _span(lang: str, inlines: list) -> dict:
    return {"t": "Span", "c": [["", [], [["lang", lang]]], inlines]}


def _is_aside(block: dict) -> bool:
    return block["t"] == "Div" and bool({"aside-wrap", "byline"} & set(block["c"][0][1]))


def _asides(blocks: list) -> list:
    """``::: read-also`` and friends become <aside> (Pandoc has no aside element)."""
    out = []
    for block in blocks:
        if block["t"] == "Div" and set(block["c"][0][1]) & set(ASIDES):
            classes = " ".join(block["c"][0][1])
            attrs = "".join(f' {k}="{v}"' for k, v in block["c"][0][2] if k == "lang")
            out.append(
                div(
                    ["aside-wrap"],
                    [],
                    [
                        {"t": "RawBlock", "c": ["html", f'<aside class="{classes}"{attrs}>']},
                        *block["c"][1],
                        {"t": "RawBlock", "c": ["html", "</aside>"]},
                    ],
                )
            )
        else:
            out.append(block)
    return out


_MONTHS = {
    "fr": "janvier février mars avril mai juin juillet août septembre octobre novembre décembre".split(),
    "en": "January February March April May June July August September October November December".split(),
}


def _date_for(iso: str, lang: str) -> str:
    """12 février 2020 / 12 February 2020; the ISO text itself when it is not a date."""
    try:
        day = dt.date.fromisoformat(iso)
    except ValueError:
        return iso
    months = _MONTHS.get(lang.split("-")[0], _MONTHS["en"])
    first = "1er" if lang.startswith("fr") and day.day == 1 else str(day.day)
    return f"{first} {months[day.month - 1]} {day.year}"
