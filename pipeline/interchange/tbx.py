"""TBX (ISO 30042, TBX-Basic layout): the glossary for terminology tools.

One ``termEntry`` per glossary term: the French term, its English rendering (preferred)
and other accepted forms (admitted), renderings to avoid marked deprecated, and
do-not-translate terms as the same words on both sides.
"""

from __future__ import annotations

from pipeline import glossary
from pipeline.core.model import Term
from pipeline.core.project import SOURCE_LANG, TARGET_LANG, Project
from pipeline.interchange.base import element, text


def terms(project: Project) -> list[Term]:
    """The glossary's terms."""
    return list(glossary.load(project.glossary).terms)


def _tig(term: str, status: str, usage: str = "") -> str:
    notes = element("termNote", status, type="administrativeStatus")
    if usage:
        notes += element("termNote", text(usage), type="usageNote")
    return element("tig", element("term", text(term)) + notes)


def dump(found: list[Term]) -> str:
    out = [
        '<?xml version="1.0" encoding="UTF-8"?>\n',
        '<martif type="TBX-Basic" xml:lang="en">\n  <martifHeader><fileDesc><sourceDesc><p>glossary.yaml, exported by pipeline</p></sourceDesc></fileDesc></martifHeader>\n  <text>\n    <body>\n',
    ]
    english = TARGET_LANG
    for n, term in enumerate(found, 1):
        note = element("descrip", text(term.note), type="definition") if term.note else ""
        dnt = "do not translate: keep as it is" if term.keep else ""
        french = element("langSet", _tig(term.source, "preferredTerm-admn-sts", dnt), xml_lang=SOURCE_LANG)
        tigs = [_tig(term.target, "preferredTerm-admn-sts", dnt)]
        tigs += [_tig(form, "admittedTerm-admn-sts") for form in term.target_forms if form != term.target]
        tigs += [_tig(form, "deprecatedTerm-admn-sts", "avoid") for form in term.avoid]
        out.append(
            f"      {element('termEntry', note + french + element('langSet', ''.join(tigs), xml_lang=english), id=f'term-{n}')}\n"
        )
    out.append("    </body>\n  </text>\n</martif>\n")
    return "".join(out)
