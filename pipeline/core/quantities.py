"""Numbers, dates, times, amounts and percentages as each language writes them.

Each side is read with its own conventions ("3,50 €" and "12 février 2020" in French,
"€3.50" and "12 February 2020" in English) into values that compare: "12/02" ↔
"12 February", "0,5 %" ↔ "0.5%", "14 h 30" ↔ "14:30" or "2.30 pm". The QA check
``numbers`` compares the values; the Apertium engine writes amounts the English way.
"""

from __future__ import annotations

import re

FR_MONTHS = [
    "janvier",
    "février",
    "mars",
    "avril",
    "mai",
    "juin",
    "juillet",
    "août",
    "septembre",
    "octobre",
    "novembre",
    "décembre",
]
EN_MONTHS = [
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
]
EN_WORDS = "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen seventeen eighteen nineteen twenty".split()
EN_ORDINALS = "zeroth first second third fourth fifth sixth seventh eighth ninth tenth eleventh twelfth".split()
FR_WORDS = "zéro un deux trois quatre cinq six sept huit neuf dix onze douze treize quatorze quinze seize dix-sept dix-huit dix-neuf vingt".split()
CURRENCY = {
    "€": "EUR",
    "euro": "EUR",
    "euros": "EUR",
    "eur": "EUR",
    "$": "USD",
    "dollar": "USD",
    "dollars": "USD",
    "usd": "USD",
    "£": "GBP",
    "livre": "GBP",
    "livres": "GBP",
    "pound": "GBP",
    "pounds": "GBP",
    "gbp": "GBP",
}
SYMBOL = {"EUR": "€", "USD": "$", "GBP": "£"}

_S = r"[ \u00a0\u202f]"  # French writes a (no-break) space between number and unit
_FR_NUM = rf"\d{{1,3}}(?:{_S}\d{{3}})+(?:,\d+)?|\d+(?:,\d+)?"
_EN_NUM = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"
_START = r"(?<![\w.,])"
_END = r"(?![\w])"


def _rules(num: str, months: list[str], lang: str) -> list[tuple[str, re.Pattern]]:
    month = "|".join(months)
    day = r"(?P<d>\d{1,2})(?:er|st|nd|rd|th)?"
    year = rf"(?:,?{_S}(?P<y>\d{{4}}))?"
    dates = [rf"{day}{_S}+(?:of{_S}+)?(?P<m>{month}){year}"]
    if lang == "en":
        dates.append(rf"(?P<m>{month}){_S}+{day}{year}")
    dates += [r"(?P<d>\d{1,2})/(?P<mn>\d{1,2})(?:/(?P<y>\d{4}))?", rf"(?P<m>{month}){_S}+(?P<y>\d{{4}})"]
    if lang == "fr":
        times = [rf"(?P<h>\d{{1,2}}){_S}?h{_S}?(?P<min>\d{{2}})?", r"(?P<h>\d{1,2}):(?P<min>\d{2})"]
        money = [rf"(?P<n>{num}){_S}?(?P<c>€|\$|£|euros?|dollars?|livres?)"]
        percent = rf"(?P<n>{num}){_S}?(?:%|pour{_S}?cent)"
    else:
        times = [
            rf"(?P<h>\d{{1,2}})(?:[:.](?P<min>\d{{2}}))?{_S}?(?P<ap>[ap]\.?m\.?)",
            r"(?P<h>\d{1,2}):(?P<min>\d{2})",
        ]
        money = [
            rf"(?P<c>€|\$|£|EUR|USD|GBP){_S}?(?P<n>{num})",
            rf"(?P<n>{num}){_S}?(?P<c>€|\$|£|euros?|dollars?|pounds?)",
        ]
        percent = rf"(?P<n>{num}){_S}?(?:%|per{_S}?cent|percent)"
    rules = [("date", p) for p in dates] + [("time", p) for p in times] + [("money", p) for p in money]
    suffix = r"(?:er|re|e|ème)" if lang == "fr" else r"(?:st|nd|rd|th|s)"  # 1er, 2e; 1st, the 1990s
    rules += [("percent", percent), ("number", rf"(?P<n>{num}){suffix}?")]
    return [(kind, re.compile(_START + pattern + _END, re.I)) for kind, pattern in rules]


FR = _rules(_FR_NUM, FR_MONTHS, "fr")
EN = _rules(_EN_NUM, EN_MONTHS, "en")


def _value(text: str, lang: str) -> float:
    if lang == "fr":
        text = re.sub(_S, "", text).replace(",", ".")
    else:
        text = text.replace(",", "")
    number = float(text)
    return int(number) if number.is_integer() else number


def quantities(text: str, lang: str) -> list[tuple[tuple, str]]:
    """(value, as written) for every number, date, time, amount and percentage, in order."""
    return [(value, written) for _, _, value, written in _read(text, lang)]


def _read(text: str, lang: str) -> list[tuple[int, int, tuple, str]]:
    """(start, end, value, as written) for every quantity of ``text``, in order."""
    found: list[tuple[int, int, tuple, str]] = []
    months = FR_MONTHS if lang == "fr" else EN_MONTHS
    for kind, pattern in FR if lang == "fr" else EN:
        for match in pattern.finditer(text):
            g = match.groupdict()
            if kind == "date":
                mn = int(g["mn"]) if g.get("mn") else months.index(g["m"].lower()) + 1
                day = int(g["d"]) if g.get("d") else None
                if not 1 <= mn <= 12 or (day is not None and not 1 <= day <= 31):
                    continue
                value = ("date", day, mn, int(g["y"]) if g.get("y") else None)
            elif kind == "time":
                hour, minute = int(g["h"]), int(g.get("min") or 0)
                ap = (g.get("ap") or "").lower()
                if ap.startswith("p") and hour < 12:
                    hour += 12
                elif ap.startswith("a") and hour == 12:
                    hour = 0
                if hour > 23 or minute > 59:
                    continue
                value = ("time", hour, minute)
            elif kind == "money":
                value = ("money", CURRENCY[g["c"].lower()], _value(g["n"], lang))
            else:
                value = (kind, _value(g["n"], lang))
            found.append((match.start(), match.end(), value, match.group()))
            # Mask what was read so that "12 février 2020" is not also the numbers 12 and 2020.
            text = text[: match.start()] + "\0" * (match.end() - match.start()) + text[match.end() :]
    return sorted(found)


def show(value: tuple) -> str:
    kind = value[0]
    if kind == "date":
        _, day, month, year = value
        return " ".join(str(x) for x in (day, EN_MONTHS[month - 1].title(), year) if x is not None)
    if kind == "time":
        return f"{value[1]:02d}:{value[2]:02d}"
    if kind == "money":
        return f"{SYMBOL[value[1]]}{value[2]}"
    return f"{value[1]}%" if kind == "percent" else str(value[1])


def french_written(text: str) -> list[tuple[int, int, tuple, str, list[str]]]:
    """Amounts, percentages and numbers of an English text written the French way:
    (start, end, value, as written, what is French about it)."""
    found = []
    # read as French first ("3,50 €"), then as English for English digits ("3.50 €")
    readings = _read(text, "fr") + [q for q in _read(text, "en") if q[2][0] == "money"]
    for start, end, value, written in readings:
        if value[0] not in ("money", "percent", "number") or any(s < end and start < e for s, e, *_ in found):
            continue
        habits = [habit for habit, pattern in _FRENCH_HABITS if pattern.search(written)]
        if value[0] == "money" and re.search(r"\d\W*[€$£]", written):
            habits.append(f"{written[-1]} after the amount")
        if habits and not {"decimal comma", "spaces between thousands"} & set(habits):
            value = (*value[:-1], _value(_digits(written), "en"))  # "1,200 €": English digits, symbol after
        if habits:
            found.append((start, end, value, written, habits))
    return sorted(found)


# A comma before 3 digits is English ("1,200"); before 1, 2 or 4 or more it is a decimal comma.
_FRENCH_HABITS = [
    ("decimal comma", re.compile(r"(?<![\d,])\d+,(?:\d{1,2}|\d{4,})(?!\d)")),
    ("spaces between thousands", re.compile(rf"\d{_S}\d{{3}}(?!\d)")),
    ("a space before %", re.compile(rf"\d{_S}%")),
]


def _digits(written: str) -> str:
    return re.search(rf"\d[\d{_S[1:-1]},.]*", written).group().strip(" \u00a0\u202f,.")


def english_written(written: str) -> str:
    """How English writes a quantity written the French way: "3,50 €" → "€3.50",
    "1 200,50 €" → "€1,200.50", "12,5 %" → "12.5%", "2,40 euros" → "2.40 euros"."""
    number = _digits(written)
    whole, _, decimals = number.rpartition(",") if re.search(r",\d{1,2}$|,\d{4,}$", number) else (number, "", "")
    english = re.sub(_S, ",", whole) + (f".{decimals}" if decimals else "")
    rest = written[written.index(number) + len(number) :].strip(" \u00a0\u202f")
    if rest in SYMBOL.values():
        return rest + english
    return english + ("%" if rest == "%" else f" {rest}" if rest else "")
