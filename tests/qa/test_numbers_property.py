"""The numbers check on generated dates, amounts, percentages and times written both ways."""

from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.core.model import Segment, State
from pipeline.core.quantities import EN_MONTHS, FR_MONTHS
from pipeline.qa.base import Context
from pipeline.qa.numbers import numbers

amount = st.decimals(min_value=0, max_value=999999, places=2, allow_nan=False, allow_infinity=False)


def french(value) -> str:
    whole, _, cents = f"{value:.2f}".partition(".")
    grouped = f"{int(whole):,}".replace(",", "\u202f")
    return f"{grouped},{cents}"


def english(value) -> str:
    return f"{value:,.2f}"


@settings(max_examples=200, deadline=None)
@given(
    day=st.integers(1, 28),
    month=st.integers(1, 12),
    year=st.integers(1900, 2099),
    price=amount,
    share=amount,
    hour=st.integers(0, 23),
    minute=st.integers(0, 59),
)
def test_correct_conversions_are_quiet_and_a_changed_value_is_caught(day, month, year, price, share, hour, minute):
    source = (
        f"Le {day} {FR_MONTHS[month - 1]} {year} à {hour} h {minute:02d}, "
        f"il coûte {french(price)} € pour {french(share)} % et sort le {day}/{month:02d}."
    )
    target = (
        f"On {day} {EN_MONTHS[month - 1].title()} {year} at {hour}:{minute:02d}, "
        f"it costs €{english(price)} for {english(share)}% and comes out on {day} {EN_MONTHS[month - 1].title()}."
    )
    good = Segment(id="s", source=source, target=target, state=State.REVIEWED)
    assert list(numbers(good, Context())) == []
    wrong = Segment(
        id="s",
        source=source,
        target=target.replace(f"€{english(price)}", f"€{english(price + 1)}"),
        state=State.REVIEWED,
    )
    assert list(numbers(wrong, Context()))
