"""Amounts and percentages of tests/data/pivot.fr.md: the engine writes them the English way,
and `pipeline qa` reports one written the French way once, saying how English writes it."""

import pytest

from pipeline import glossary, qa, translate
from pipeline.core.model import Segment, State
from pipeline.engines.apertium import ApertiumEngine
from pipeline.qa.base import Context

# source, the English as Apertium used to leave it, each amount as it stood, as English writes it
AMOUNTS = [
    ("Au marché, une douzaine d'œufs coûtait 3,50 € et un poisson 10 €.",
     "At the market, a dozen eggs cost 3,50 € and a fish 10 €.",
     [("3,50 €", "€3.50"), ("10 €", "€10")]),
    ("La mairie a dépensé 1 200,50 € pour réparer le quai.",
     "The town hall spent 1 200,50 € to repair the quay.",
     [("1 200,50 €", "€1,200.50")]),
    ("Le prix du pain a augmenté de 12,5 % en un an.",
     "The price of bread rose by 12,5 % in a year.",
     [("12,5 %", "12.5%")]),
    ("Un verre de vin coûtait 2,40 euros au café du port.",
     "A glass of wine cost 2,40 euros at the harbour café.",
     [("2,40 euros", "2.40 euros")]),
]  # fmt: skip


@pytest.mark.parametrize(("source", "french_way", "amounts"), AMOUNTS)
def test_each_amount_written_the_french_way_is_reported_once(source, french_way, amounts):
    segment = Segment(id="s", source=source, target=french_way, state=State.REVIEWED)
    issues = qa.check([segment], Context())
    assert len(issues) == len(amounts), [i.message for i in issues]
    for (written, english), issue in zip(amounts, issues):
        assert issue.check == "numbers"
        assert issue.message.startswith(f"{written!r} is written the French way (")
        assert issue.message.endswith(f"English writes {english!r}")
    good = Segment(id="s", source=source, target=_english(french_way, amounts), state=State.REVIEWED)
    assert qa.check([good], Context()) == []


def _english(text, amounts):
    for written, english in amounts:
        text = text.replace(written, english)
    return text


def test_apertium_drafts_write_amounts_the_english_way():
    segments = [Segment(id=f"s{n}", source=source) for n, (source, _, _) in enumerate(AMOUNTS)]
    drafts = [
        d.text for d in ApertiumEngine().translate([translate.prepare(s, glossary.Glossary([])) for s in segments])
    ]
    for (_, _, amounts), draft in zip(AMOUNTS, drafts):
        for written, english in amounts:
            assert english in draft and written not in draft, draft
    assert "€10." in drafts[0]
