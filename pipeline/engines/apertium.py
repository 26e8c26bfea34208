"""Apertium engine: French → Spanish → English with Debian's rule-based pairs, offline.

All the segments of a run go through ONE pipeline of processes
(``apertium -f html fr-es | apertium -f html spa-eng``): each segment is a ``<p>`` of
an HTML document, so starting the engine (about 0.2 s a process) is paid once. That
transport is one method (``ApertiumEngine._translate_all``); the ``apy`` engine replaces
it with Apertium's HTTP server and keeps everything else here.

What the engine must not touch is hidden from it, because a rule-based engine passes
unknown words through unchanged: glossary terms and English spans become placeholder
words (``Zqxaab``), restored afterwards with the agreeing English form, its
capitalisation and its article ("a"/"an", no "the" before a name). A noun or adjective
term is hidden as an ordinary word instead (``STAND_INS``), so that Apertium still puts
adjectives in English order. Inline tags become
HTML the engine carries along: paired tags as ``<span id="em1">`` (an unknown tag such
as ``<em1>`` reads to it as a block, and the next word gets a capital); atoms
(footnotes, line breaks) as placeholder words, since an empty element does the same.
"""

from __future__ import annotations

import html
import os
import re
import shutil
import subprocess
import threading
from dataclasses import dataclass
from functools import lru_cache

from pipeline.core import lexicon, tags
from pipeline.core.errors import PipelineError
from pipeline.core.model import Flag, Origin
from pipeline.core.quantities import english_written, french_written
from pipeline.core.tags import escape, unescape
from pipeline.engines.base import Draft, Engine, Request, Required
from pipeline.engines.french import uninverted
from pipeline.glossary import forms as fm

PAIRS = ("fr-es", "spa-eng")
PACKAGES = ("apertium", "apertium-fr-es", "apertium-eng-spa")
_PLACEHOLDER = re.compile(r"Zqx([a-z]{3})", re.IGNORECASE)
_PARAGRAPH = re.compile(r'<p id="s(\d+)">(.*?)</p>', re.DOTALL)
_MARKS = "*#@"  # Apertium's marks: unknown word, word it could not generate, untranslated lemma
_SENTENCE_END = re.compile(r"(?:^|[.!?…:]\s+|[\"“«]\s*)$")


def _code(n: int) -> str:
    """A word no dictionary knows: Zqxaaa, Zqxaab, … (17,576 a segment)."""
    return "Zqx" + chr(97 + n // 676 % 26) + chr(97 + n // 26 % 26) + chr(97 + n % 26)


@dataclass
class _Hidden:
    """What a placeholder stands for in one segment."""

    text: str  # what to write back
    kind: str  # "term", "english", "atom"
    required: Required | None = None
    stand_in: _StandIn | None = None  # the word Apertium saw instead of a glossary term


@dataclass(frozen=True)
class _StandIn:
    """An ordinary word Apertium knows and translates one way: "tigres" → "tigers"."""

    singular: str
    plural: str
    english: str  # a pattern for its English, singular or plural

    def find(self, output: str) -> list[re.Match]:
        return list(re.finditer(rf"(?<![\w&#]){self.english}(?!\w)", output, re.IGNORECASE))


# A glossary term hidden as a placeholder word is a word Apertium cannot place: "les
# Zqxaaa numériques" stays "the Zqxaaa numerical". Hidden as an ordinary noun or adjective
# of Apertium's dictionary, it is moved like any other word ("les tigres numériques" →
# "the numerical tigers", "les nouvelles baleines" → "the new whales") and found again in
# the English. A noun stands in for one of its gender, or the words around it read
# otherwise ("les nouvelles tigres" → "the news tigers").
STAND_INS = {
    "m": [
        _StandIn("tigre", "tigres", "tigers?"),
        _StandIn("zèbre", "zèbres", "zebras?"),
        _StandIn("éléphant", "éléphants", "elephants?"),
        _StandIn("pingouin", "pingouins", "penguins?"),
    ],
    "f": [
        _StandIn("baleine", "baleines", "whales?"),
        _StandIn("abeille", "abeilles", "bees?"),
        _StandIn("grenouille", "grenouilles", "frogs?"),
        _StandIn("chèvre", "chèvres", "goats?"),
    ],
    "adjective": [_StandIn("volcanique", "volcaniques", "volcanic"), _StandIn("polaire", "polaires", "polar")],
}


def _stand_in(text: str, hidden: dict[str, _Hidden], source: str) -> str:
    """Each term placeholder as an ordinary French word of its kind, gender, number and
    case, except terms side by side ("travailleuses du clic malgaches"): Apertium reads two
    stand-ins as a noun and a string of adjectives, so those stay placeholders, which
    ``_reorder_adjectives`` puts in English order."""
    unused = {kind: [w for w in words if not _occurs(w, source)] for kind, words in STAND_INS.items()}
    terms = {code for code, item in hidden.items() if item.kind == "term"}
    paired = {
        code
        for m in re.finditer(r"(?=(Zqx[a-z]{3}) (Zqx[a-z]{3}))", text)
        if {*m.groups()} <= terms
        for code in m.groups()
    }

    def replace(m: re.Match) -> str:
        item = hidden.get(m.group())
        if m.group() not in terms or m.group() in paired or item.required.keep:
            return m.group()
        choices = unused["adjective" if item.required.adjective else _gender(item.text)]
        if not choices:
            return m.group()
        item.stand_in = choices.pop(0)
        french = item.stand_in.plural if _plural(item.text) else item.stand_in.singular
        return fm.capitalise(french) if item.text[:1].isupper() else french

    return _PLACEHOLDER.sub(replace, text)


def _occurs(word: _StandIn, text: str) -> bool:
    """Whether a stand-in could be confused with the text's own words, in French or English."""
    return bool(word.find(text)) or any(
        re.search(rf"(?<!\w){w}(?!\w)", text, re.I) for w in (word.singular, word.plural)
    )


def _gender(french: str) -> str:
    """The gender of a French noun term, from its first word (the head); masculine when unknown."""
    try:
        return lexicon.french_gender(lexicon.WORD.match(french).group()) or "m"
    except (PipelineError, AttributeError):  # no dictionary, or no word to ask about
        return "m"


def _plural(french: str) -> bool:
    """The number of a French term as found: its first word (the head) ends in -s or -x."""
    return bool(re.match(r"[^\W\d_]+[sx](?![\w])", french))


def _stood_in(output: str, hidden: dict[str, _Hidden]) -> str | None:
    """Apertium's output with each stand-in's English back to its placeholder; None when
    a stand-in did not come back exactly once."""
    for code, item in hidden.items():
        if item.stand_in is None:
            continue
        found = item.stand_in.find(output)
        if len(found) != 1:
            return None
        output = output[: found[0].start()] + code + output[found[0].end() :]
    return output


class ApertiumEngine(Engine):
    name = "apertium"
    batch_size = 100_000  # the whole run in one pipeline: starting Apertium costs more than translating
    aligns_tags = True  # tags travel as spans with their words

    def available(self) -> bool:
        if shutil.which("apertium") is None:
            return False
        modes = _modes()
        return all(pair in modes for pair in PAIRS)

    def origin(self) -> Origin:
        versions = _versions()
        pairs = f"fr-es {versions.get('apertium-fr-es', '?')} | spa-eng {versions.get('apertium-eng-spa', '?')}"
        return Origin(self.name, pairs, versions.get("apertium", "?"))

    def how_to_install(self) -> str:
        return (
            f"install Apertium's French→Spanish and Spanish→English pairs: `sudo apt-get install {' '.join(PACKAGES)}`"
        )

    def translate(self, requests: list[Request]) -> list[Draft]:
        if not requests:
            return []
        prepared = [_prepare(r, stand_ins=True) for r in requests]
        found = self._translate_all([text for text, _ in prepared])
        found = {n: _stood_in(output, prepared[n][1]) for n, output in found.items()}
        # A stand-in Apertium did not give back as it should (dropped, doubled, or a word
        # of its own that looks the same): that segment again with placeholders only.
        again = [n for n, output in found.items() if output is None]
        if again:
            for n in again:
                prepared[n] = _prepare(requests[n], stand_ins=False)
            retried = self._translate_all([prepared[n][0] for n in again])
            found.update({n: retried[k] for k, n in enumerate(again)})
        return [
            Draft(_restore(found[n], hidden, r), _flags(_left_words(found[n], r)))
            for n, ((_, hidden), r) in enumerate(zip(prepared, requests))
        ]

    def _translate_all(self, texts: list[str]) -> dict[int, str]:
        """Apertium's HTML for each text, by position: the transport, here one local
        pipeline of processes for them all (the ``apy`` engine sends them to a server)."""
        return paragraphs(_run(document(dict(enumerate(texts)))), len(texts), "apertium")


def document(texts: dict[int, str]) -> str:
    """The texts as one HTML document for Apertium, a paragraph each, numbered by their key."""
    return "\n".join(f'<p id="s{n}">{text}</p>' for n, text in texts.items())


def paragraphs(output: str, expected: int, who: str) -> dict[int, str]:
    """Apertium's HTML for a ``document`` back to each paragraph's text, by its number."""
    found = {int(m.group(1)): m.group(2) for m in _PARAGRAPH.finditer(output)}
    if len(found) != expected:
        raise PipelineError(f"{who} returned {len(found)} segments for {expected}; its output could not be read back")
    return found


def _prepare(request: Request, stand_ins: bool = True) -> tuple[str, dict[str, _Hidden]]:
    """The segment as HTML for the engine, and what each placeholder hides."""
    hidden: dict[str, _Hidden] = {}

    def hide(text: str, kind: str, required: Required | None = None) -> str:
        code = _code(len(hidden))
        hidden[code] = _Hidden(text, kind, required)
        return code

    text = uninverted(request.text)  # Apertium reads "est-on" as "is - one"
    # English spans: the words inside stay exactly as written.
    for tag in {t.name for t in request.segment.tags if t.lang.startswith("en")}:  # en, en-GB…
        if span := tags.enclosed(text, tag):
            text = text[: span[0].end] + hide(text[span[0].end : span[1].start], "english") + text[span[1].start :]
    # Glossary terms, longest first so "travailleurs du clic" wins over a shorter term.
    for required in sorted(request.required, key=lambda r: -len(r.source)):
        if "<" in required.source:
            continue  # a term cut by markup stays visible; the glossary check flags it if lost
        pattern = re.compile(rf"(?<![\w<]){re.escape(required.source)}(?![\w>])")
        text = pattern.sub(lambda m, r=required: hide(r.source, "term", r), text)
    if stand_ins:
        text = _stand_in(text, hidden, request.text)
    # A spaced hyphen is a French dash (an aside, an afterthought). Apertium glues it to
    # a neighbour ("simplicity - of use"); as a placeholder word it keeps its place, and it
    # comes back as the spaced en dash of British English.
    text = re.sub(r"(?<=\S) [-–—] (?=\S)", lambda m: f" {hide('–', 'dash')} ", text)
    # Tags: paired ones as spans the engine moves with their words, atoms as words.
    out = []
    for token in tags.tokens(text):
        if token.kind == "text":
            out.append(_to_html(token.text))
        elif token.kind == "atom":
            out.append(f" {hide(token.text, 'atom')} ")
        else:
            out.append("</span>" if token.kind == "close" else f'<span id="{token.name}">')
    return "".join(out), hidden


def _to_html(text: str) -> str:
    return html.escape(unescape(text), quote=False)


def _from_html(text: str) -> str:
    return escape(html.unescape(text))


def _run(document: str) -> str:
    """One pipeline of processes for the whole batch: apertium fr-es | apertium spa-eng."""
    first = subprocess.Popen(
        ["apertium", "-f", "html", PAIRS[0]],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    second = subprocess.Popen(
        ["apertium", "-f", "html", PAIRS[1]], stdin=first.stdout, stdout=subprocess.PIPE, stderr=subprocess.PIPE
    )
    first.stdout.close()  # the second process owns the pipe now

    def feed() -> None:
        try:
            first.stdin.write(document.encode("utf-8"))
        finally:
            first.stdin.close()

    writer = threading.Thread(target=feed, daemon=True)
    writer.start()
    out, err2 = second.communicate()
    writer.join()
    err1 = first.stderr.read()
    first.stderr.close()
    first.wait()
    if first.returncode or second.returncode:
        message = (err1 or err2).decode("utf-8", "replace").strip().splitlines()
        raise PipelineError(
            f"apertium failed ({message[-1] if message else f'exit {first.returncode or second.returncode}'})"
        )
    return out.decode("utf-8")


def _restore(output: str, hidden: dict[str, _Hidden], request: Request) -> str:
    """Engine HTML → our tagged text, placeholders written back, Apertium's habits undone."""
    # Spans back to our tags: a closing </span> closes the innermost open one.
    parts, stack, position = [], [], 0
    for m in re.finditer(rf'<span id="({tags.NAME})">|</span>|<[^>]+>', output):
        parts.append(_from_html(output[position : m.start()]))
        if m.group(1):
            stack.append(m.group(1))
            parts.append(f"<{m.group(1)}>")
        elif m.group() == "</span>" and stack:
            parts.append(f"</{stack.pop()}>")
        position = m.end()
    parts.append(_from_html(output[position:]))
    text = _join_split_tags("".join(parts))
    text = _uncapitalise_after_unknown(text, request.text)
    text = re.sub(  # "(et plus tolérable ?) que" → "(… tolerable?) That": no sentence starts there
        r"([?!]\)\s+)([A-Z][a-z]+)\b",
        lambda m: m.group() if m.group(2) in request.text else m.group(1) + m.group(2).lower(),
        text,
    )
    marks = "".join(c for c in _MARKS if c not in request.text)  # a mark the author typed stays
    if marks:
        text = re.sub(rf"(?<![\w&])[{re.escape(marks)}]+(?=[\w<])", "", text)
    text = _reorder_adjectives(text, hidden)
    lost = [item.text for code, item in hidden.items() if item.kind == "atom" and code.lower() not in text.lower()]
    text = _PLACEHOLDER.sub(lambda m: _write_back(m, text, hidden), text)
    return _tidy(text) + "".join(lost)  # a footnote the engine dropped goes at the end, never lost


def _reorder_adjectives(text: str, hidden: dict[str, _Hidden]) -> str:
    """French puts adjectives after the noun, English before: "Zqxaaa Zqxaab" (click workers
    Malagasy) → "Zqxaab Zqxaaa" when the second hides an adjective term."""

    def swap(m: re.Match) -> str:
        first, second = hidden.get(m.group(1)), hidden.get(m.group(2))
        if first and second and second.required is not None and second.required.adjective:
            if first.required is not None and not first.required.adjective:
                return f"{m.group(2)} {m.group(1)}"
        return m.group()

    return re.sub(r"(Zqx[a-z]{3}) (Zqx[a-z]{3})", swap, text)


def _left_words(output: str, request: Request) -> dict[str, str]:
    """The words the pivot left as they were, each with its language: French when the
    fr→es stage did not know it (each stage marks it: ``**capot``), Spanish or Basque
    when the es→en stage left it, marked once (``*casualidad``) or not at all when it
    took the word for a name ("Pascua"). Words of the source (names) and placeholders aside."""
    if "*" in request.text:
        return {}
    text = html.unescape(re.sub(r"<[^>]+>", " ", output))
    source = {w.lower() for w in lexicon.french_words(request.text)}
    left: dict[str, str] = {}
    for stars, word in re.findall(r"(?<![\w*])(\**)([^\W\d_][\w'’-]*)", text):
        if _PLACEHOLDER.fullmatch(word) or word in left:
            continue
        if stars and word[0].islower():
            language = _language(word)
            if len(stars) > 1 and (language != "English" or _language(word, "French")):
                left[word] = "French"  # "optimiser" is English too, but not the verb; "fake" is only English
            elif len(stars) == 1 and language != "English":  # "*virtuoso": Spanish that is English too
                left[word] = "Basque" if language == "Basque" else "Spanish"
        elif word.lower() not in source:
            for part in word.split("-"):
                if (language := _language(part)) in ("Spanish", "Basque"):
                    left[part] = language
    return left


def _language(word: str, only: str | None = None) -> str | None:
    """The language that knows the word (``pipeline.core.lexicon``), None when none does; with
    ``only``, that language if its dictionary has the word."""
    try:
        if only:
            return only if lexicon.knows(only, word) else None
        return lexicon.language(word)
    except PipelineError:  # a dictionary is not installed: Apertium's marks alone tell
        return None


def _flags(left: dict[str, str]) -> tuple[Flag, ...]:
    """One flag for each language, naming every word: what happened, not just what is there."""

    def words(language: str) -> str:
        found = [repr(w) for w, lang in left.items() if lang == language]
        return f"{language} word{'s' * (len(found) > 1)} {', '.join(found)}" if found else ""

    said = {
        "French": "Apertium did not know the {}",
        "Spanish": "the fr→es→en pivot left the {}",
        "Basque": "the fr→es→en pivot left the {} (from its Spanish dictionary)",
    }
    return tuple(
        Flag(Flag.UNTRANSLATED, sentence.format(words(language)))
        for language, sentence in said.items()
        if words(language)
    )


_REOPENED = re.compile(rf"((?:{tags.CLOSING})+)([^<]*)((?:{tags.OPENING})+)")


def _join_split_tags(text: str) -> str:
    """When words move out of a span, Apertium closes it and opens it again after them:
    "<q1><em2>A</em2></q1> which <q1><em2>B</em2></q1>" becomes
    "<q1><em2>A which B</em2></q1>", one tag each as in the source. Only a closing run
    reopened in mirror order is joined, so nesting stays valid."""

    def join(m: re.Match) -> str:
        closed = [t.name for t in tags.tokens(m.group(1))]
        opened = [t.name for t in tags.tokens(m.group(3))]
        return m.group(2) if opened == closed[::-1] else m.group()

    previous = None
    while previous != text:
        previous, text = text, _REOPENED.sub(join, text)
    return text


def _uncapitalise_after_unknown(text: str, source: str) -> str:
    """A sentence that starts with words Apertium does not know ("*Braquer", a
    placeholder) makes it capitalise the next known one ("*Braquer A projecteur"), also
    past the tags around the unknown word ("<q1>*Optimiser</q1> Sometimes the truth"):
    lower it again, unless the source spells it so."""

    def lower(m: re.Match) -> str:
        if not _starts_sentence(text[: m.start()]) or m.group(3) in source:
            return m.group()
        return f"{m.group(1)}{m.group(2)}{m.group(3).lower()}"

    unknown = rf"(?:\*+[\w-]+|\**Zqx[a-z]{{3}})(?:{tags.CLOSING})*"
    gap = rf"\s+(?:{tags.OPENING})*"
    return re.sub(rf"((?:{unknown}{gap})*{unknown})({gap})([A-Z][a-z]*)\b", lower, text)


def _write_back(m: re.Match, text: str, hidden: dict[str, _Hidden]) -> str:
    item = hidden.get("Zqx" + m.group(1).lower())
    if item is None:
        return m.group()
    if item.kind in ("english", "dash"):
        return item.text
    if item.kind == "atom":
        return "\x00" + item.text  # the atom sticks to the word before it (see _tidy)
    required = item.required
    form = required.forms[0] if required.forms else required.source
    before = text[: m.start()]
    if _starts_sentence(before) and form[:1].islower():
        form = fm.capitalise(form)
    return ("\x01" if required.article else "\x02") + form


def _starts_sentence(before: str) -> bool:
    return bool(_SENTENCE_END.search(tags.TAG.sub("", before)))


def _tidy(text: str) -> str:
    """Undo the pivot's habits: articles before restored terms, spacing, French punctuation."""
    # "a" / "an" agree with the restored term; no "the" before a name or a term that
    # English uses without it ("protected by labour law"), which then starts the sentence.
    text = re.sub(
        r"\b([Aa]n?) ([\x01\x02])([^\s]+)",
        lambda m: f"{m.group(1)[0]}{'n' if _vowel_sound(m.group(3)) else ''} {m.group(2)}{m.group(3)}",
        text,
    )
    text = re.sub(r"\b([Tt])he \x02(\w)", lambda m: m.group(2).upper() if m.group(1) == "T" else m.group(2), text)
    text = text.replace("\x01", "").replace("\x02", "")
    text = re.sub(r"\s*\x00", "", text)
    text = re.sub(r"[ \t]+", " ", text).strip()
    text = re.sub(r"\s+([,.;:!?)\]])", r"\1", text)  # French spacing before punctuation
    text = re.sub(r"([(\[])\s+", r"\1", text)
    text = text.replace("« ", "“").replace(" »", "”").replace("«", "“").replace("»", "”")
    return _english_amounts(text)


def _english_amounts(text: str) -> str:
    """Apertium copies numbers as the French writes them: "3,50 €" → "€3.50", "12,5 %" → "12.5%"."""
    for start, end, _, written, _ in reversed(french_written(text)):
        text = text[:start] + english_written(written) + text[end:]
    return text


def _vowel_sound(word: str) -> bool:
    low = word.lower()
    if low.startswith(("uni", "use", "eu", "one", "once")):
        return False
    return low[:1] in "aeiou" or low.startswith(("hour", "honest", "honour"))


@lru_cache(maxsize=1)
def _modes() -> frozenset[str]:
    try:
        listed = subprocess.run(["apertium", "-l"], capture_output=True, text=True, timeout=30).stdout
    except (OSError, subprocess.SubprocessError):
        return frozenset()
    return frozenset(line.strip() for line in listed.splitlines() if line.strip())


@lru_cache(maxsize=1)
def _versions() -> dict[str, str]:
    """Package versions from dpkg, so the store says exactly what made each draft."""
    if shutil.which("dpkg-query") is None:
        return {}
    try:
        listed = subprocess.run(
            ["dpkg-query", "-W", "-f", "${Package} ${Version}\\n", *PACKAGES],
            capture_output=True,
            text=True,
            timeout=30,
            env={**os.environ, "LC_ALL": "C"},
        ).stdout
    except (OSError, subprocess.SubprocessError):
        return {}
    return dict(line.split(" ", 1) for line in listed.splitlines() if " " in line)
