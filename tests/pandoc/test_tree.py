"""The one table of Pandoc's containers reaches every element Pandoc writes, and the one
walk keeps, replaces, splices and deletes as panflute's does."""

from __future__ import annotations

from pipeline.core.pandoc import tree
from pipeline.segment.pandoc import parse_markdown

# A word in every kind of container Pandoc's Markdown reader makes.
EVERY_CONTAINER = """---
title: "Un *titre* [long]{lang=fr}"
abstract: |
  Un résumé en *deux* blocs.

  Le second.
keywords: [mot, "*clé*"]
---

# Titre ~bas~ et ^haut^ {#t}

Para *emph* **strong** ~~barré~~ [petites]{.smallcaps} [souligné]{.underline} "citation"
'simple' [lien](http://x "t") ![image](i.png) [@doe, p. 3] `code` $x^2$ <b>brut</b>
note[^1] et note^[en ligne avec *emph*].

[^1]: Une note.

    Avec un second paragraphe.

> Un bloc cité
>
> > imbriqué

| une ligne
|    de vers

- puce *un*
- puce deux

3. numéro trois
4. numéro quatre

Terme *un*
:   Définition un

    Suite de la définition.

::: {.encadre lang=en}
Dans une div.
:::

![Légende de la figure](figure.png)

  Droite   Gauche
  -------  -------
  cellule  *case*

  : Légende du tableau

+--------+--------+
| Tête   | Tête 2 |
+========+========+
| Corps  | - item |
+--------+--------+

```
bloc de code
```

-----
"""


def every_str(node) -> list[str]:
    """Every Str in the JSON, found without knowing any element type (but that a
    citation's prefix and suffix repeat its Cite's text)."""
    if isinstance(node, list):
        return [s for item in node for s in every_str(item)]
    if isinstance(node, dict):
        found = [node["c"]] if node.get("t") == "Str" else []
        values = [] if "citationId" in node else node.values()
        return found + [s for value in values for s in every_str(value)]
    return []


def test_the_walk_reaches_every_word_pandoc_wrote():
    ast = parse_markdown(EVERY_CONTAINER)
    seen: list[str] = []

    def visit(element: dict):
        if element["t"] == "Str":
            seen.append(element["c"])

    assert tree.walk(ast, visit) == ast
    expected = every_str(ast)
    assert len(expected) > 80 and sorted(seen) == sorted(expected)


def test_stringify_reads_every_container_as_pandoc_does():
    ast = parse_markdown(EVERY_CONTAINER)
    text = tree.stringify(ast["blocks"])
    for word in ("bas", "haut", "barré", "petites", "souligné", "lien", "image", "code", "x^2", "imbriqué"):
        assert word in text, word
    for word in ("vers", "trois", "Définition", "Suite", "Dans", "Légende", "case", "Tête", "item", "Corps"):
        assert word in text, word
    assert "\u201ccitation\u201d" in text and "\u2018simple\u2019" in text
    assert "Une note" not in text and "<b>" not in text  # notes and raw markup are not text
    assert tree.stringify(ast["meta"]["title"]) == "Un titre long"


def test_stringify_keeps_superscripts_subscripts_and_code():
    ast = parse_markdown('---\ntitle: "Le 1^er^ épisode de H~2~O et `code`"\n---\n')
    assert tree.stringify(ast["meta"]["title"]) == "Le 1er épisode de H2O et code"


def test_keep_replace_splice_delete():
    (para,) = parse_markdown("un *deux* trois quatre")["blocks"]

    def action(element: dict):
        if element["t"] == "Emph":
            return element["c"]  # splice its content in its place
        if element.get("c") == "trois":
            return {"t": "Str", "c": "3"}  # replace
        if element.get("c") == "quatre":
            return []  # delete
        return None  # keep

    assert tree.stringify(tree.walk(para, action)) == "un deux 3 "
    assert tree.stringify(para) == "un deux trois quatre"  # the input is unchanged


def test_children_are_walked_before_their_parent():
    (para,) = parse_markdown("*un [deux]{.s}*")["blocks"]
    order: list[str] = []
    tree.walk(para, lambda element: order.append(element["t"]))
    assert order == ["Str", "Space", "Str", "Span", "Emph", "Para"]


def test_places_name_the_parts_of_a_table_and_a_list():
    ast = parse_markdown(EVERY_CONTAINER)
    places = []

    def note(blocks: list, place: str) -> list:
        places.append(place)
        return blocks

    for block in ast["blocks"]:
        if block["t"] in ("Table", "OrderedList"):
            tree.map_parts(block, blocks=note)
    assert places[:2] == ["item 1", "item 2"]  # the list comes first
    assert places[2:6] == ["caption", "row 1, cell 1", "row 1, cell 2", "row 2, cell 1"]
