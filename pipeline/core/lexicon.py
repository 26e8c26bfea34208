"""Which language a word belongs to, from Debian's dictionaries: English, Spanish, French, Basque.

A word is English when wbritish's list (SCOWL, with inflections and names) has it,
otherwise Spanish or French when Hunspell's dictionary for that language knows it
(hunspell-es, hunspell-fr: they know inflections too). Apertium's fr→es stage writes
with a Spanish dictionary that also holds Basque words ("arrantzale", "akerra" for
pêcheur and bouc): a word only that dictionary knows is Basque when Hunspell's Basque
knows it, Spanish otherwise. Basque takes about 2 s to load, so it is asked last.

Each dictionary is one long-lived process (Hunspell's stem mode, ``lt-proc -z``) asked
word by word, with every answer cached, so checking a whole store starts each once.
"""

from __future__ import annotations

import atexit
import functools
import re
import subprocess
import threading
from pathlib import Path

from pipeline.core.errors import PipelineError

ENGLISH_WORDS = Path("/usr/share/dict/british-english")
APERTIUM_SPANISH = Path("/usr/share/apertium/apertium-fr-es/es-fr.automorf.bin")
APERTIUM_FRENCH = Path("/usr/share/apertium/apertium-fr-es/fr-es.automorf.bin")
HUNSPELL = {"Spanish": ("es_ES", "hunspell-es"), "French": ("fr_FR", "hunspell-fr"), "Basque": ("eu", "hunspell-eu")}
WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)*")  # a hyphen separates words ("on-line")
_ELISION = re.compile(r"\b(?:[cdjlmnst]|qu|jusqu|lorsqu|puisqu)['’](?=[^\W\d_])", re.IGNORECASE)


def french_words(text: str) -> list[str]:
    """The words of a French text, an elided article or pronoun apart ("d'œufs" → "œufs")."""
    return WORD.findall(_ELISION.sub(" ", text))


def language(word: str) -> str | None:
    """ "English", "Spanish", "French" or "Basque" for a word one of them knows, else None."""
    word = word.replace("’", "'")
    if _english(word):
        return "English"
    for name in ("Spanish", "French"):
        if _dictionary(name).knows(word):
            return name
    if _apertium_spanish().knows(word):
        return "Basque" if _dictionary("Basque").knows(word) else "Spanish"
    return None


def knows(name: str, word: str) -> bool:
    """Whether the dictionary of that language ("English", "French"…) has the word."""
    word = word.replace("’", "'")
    return _english(word) if name == "English" else _dictionary(name).knows(word)


def foreign(words: list[str]) -> dict[str, str]:
    """The words that are not English, each with the language that knows it, in order."""
    found = {}
    for word in dict.fromkeys(words):
        name = language(word)
        if name not in (None, "English"):
            found[word] = name
    return found


def _english(word: str) -> bool:
    known = _english_words()
    if word in known:
        return True
    # A capital at the start of a sentence, or a word in capitals; never "de" for "DE"
    return word[:1].isupper() and (word.lower() in known or word.capitalize() in known)


@functools.cache
def _english_words() -> frozenset[str]:
    try:
        return frozenset(ENGLISH_WORDS.read_text(encoding="utf-8").split())
    except OSError as err:
        raise PipelineError(
            f"{ENGLISH_WORDS}: the English word list is missing; install it: `apt-get install wbritish`"
        ) from err


class _Process:
    """A dictionary process asked one word at a time; answers are cached."""

    def __init__(self, command: list[str], package: str) -> None:
        try:
            self.process = subprocess.Popen(
                command, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE
            )
        except OSError as err:
            raise PipelineError(f"cannot run {command[0]}; install it: `apt-get install {package}`") from err
        self.package = package
        self.answers: dict[str, bool | str] = {}
        self.lock = threading.Lock()
        atexit.register(self.close)

    def answer(self, word: str):
        """What the dictionary says of ``word``, asked once."""
        with self.lock:
            if word not in self.answers:
                self.answers[word] = self._ask(word)
            return self.answers[word]

    def _read_until(self, end: bytes) -> bytes:
        out = b""
        while not out.endswith(end):
            chunk = self.process.stdout.read1(4096)
            if not chunk:
                error = self.process.stderr.read().decode("utf-8", "replace").strip()
                raise PipelineError(f"the dictionary from {self.package} stopped ({error or 'no answer'})")
            out += chunk
        return out

    def close(self) -> None:
        if self.process.poll() is None:
            self.process.stdin.close()
            self.process.wait()
        self.process.stdout.close()
        self.process.stderr.close()


_END = "zzqxend"  # no dictionary's word


class _Hunspell(_Process):
    """Hunspell's stem mode (``-s``): "word stem" for a word it knows, the word alone when
    not, a blank line after each (the pipe mode, ``-a``, spends 30 ms a word on suggestions).
    Its output is buffered unless ``stdbuf`` makes it line by line."""

    def __init__(self, code: str, package: str) -> None:
        super().__init__(["stdbuf", "-oL", "hunspell", "-s", "-i", "utf-8", "-d", code], package)

    def knows(self, word: str) -> bool:
        return self.answer(word)

    def _ask(self, word: str) -> bool:
        # Hunspell may answer a line in several blocks ("l'homme": "l", then "homme"): a
        # word it cannot know follows, and what comes before its answer is the word's.
        self.process.stdin.write(f"{word}\n{_END}\n".encode())
        self.process.stdin.flush()
        answer = self._read_until(f"{_END}\n\n".encode()).decode("utf-8", "replace")
        blocks = [block for block in answer.split("\n\n") if block.strip()][:-1]
        return bool(blocks) and all(" " in block.strip() for block in blocks)


class _Apertium(_Process):
    """An Apertium analyser in null-flush mode: ``^word/lemma<n><f><sg>$``, ``/*word`` when
    it does not know the word."""

    def __init__(self, path: Path, package: str) -> None:
        super().__init__(["lt-proc", "-z", str(path)], package)

    def _ask(self, word: str) -> str:
        self.process.stdin.write(word.encode() + b"\0")
        self.process.stdin.flush()
        return self._read_until(b"\0").decode("utf-8", "replace")

    def knows(self, word: str) -> bool:
        return "/*" not in self.answer(word)


@functools.cache
def _dictionary(name: str) -> _Hunspell:
    code, package = HUNSPELL[name]
    if not Path(f"/usr/share/hunspell/{code}.dic").exists():
        raise PipelineError(
            f"Hunspell's {name} dictionary is missing; install it: `apt-get install hunspell {package}`"
        )
    return _Hunspell(code, package)


def french_gender(word: str) -> str | None:
    """ "m" or "f" for a French noun as Apertium's French dictionary has it, else None."""
    found = re.search(r"<n><([mf])>", _apertium(APERTIUM_FRENCH).answer(word))
    return found.group(1) if found else None


def _apertium_spanish() -> _Apertium:
    return _apertium(APERTIUM_SPANISH)


@functools.cache
def _apertium(path: Path) -> _Apertium:
    if not path.exists():
        raise PipelineError(f"{path} is missing; install it: `apt-get install apertium-fr-es`")
    return _Apertium(path, "apertium-fr-es")
