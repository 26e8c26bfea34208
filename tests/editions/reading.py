"""How the editions tests read what the editions hold: XHTML names and the HTML5 tree."""

from __future__ import annotations

import re

XHTML = "{http://www.w3.org/1999/xhtml}"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"


def html_tree(path):
    import tinyhtml5

    return tinyhtml5.parse(path.read_text("utf-8"))


def classes(element) -> set[str]:
    return set((element.get("class") or "").split())


def text_of(element) -> str:
    return re.sub(r"[ \t\r\n]+", " ", "".join(element.itertext())).strip()  # keeps no-break spaces
