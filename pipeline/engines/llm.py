"""The llm engine: a local (or shared) LLM server that speaks the OpenAI chat-completions API:
Ollama, llama.cpp's server, vLLM, LM Studio, LocalAI.

One sentence a request, so segment ids and the store stay as they are, with the rest of
its paragraph shown as context (docs/engines.md says why not a paragraph at a time); the
prompt names the glossary terms it holds (the English required, the renderings to avoid),
the English spans to keep, the inline tags to keep exactly, and British English.

A model's answer is never trusted as it comes. Chatter, quotation marks and code fences
around it are stripped; then it must carry the source's tags, well nested, render every
glossary term, keep the English spans, read as English (``pipeline.core.plausible``), be
in proportion to the source and not be the source copied back. An answer that fails is
asked again once, the problems named; if the second fails too, the better of the two is
the draft, flagged with what is wrong, so a reviewer sees it: never a clean draft.

Settings (``pipeline.engines.settings``): url, model, temperature, concurrency, timeout,
extra (more request fields, e.g. a llama.cpp ``grammar``); the API key from the
environment only (``PIPELINE_LLM_API_KEY``), never from a file that may be shared.
"""

from __future__ import annotations

import http.client
import json
import re
import threading
import time
import unicodedata
import urllib.error
import urllib.request
from urllib.parse import urlsplit

from pipeline.core import lexicon, plausible, tags
from pipeline.core.errors import PipelineError
from pipeline.core.model import Flag, Origin
from pipeline.engines.base import Draft, Engine, Request, Required
from pipeline.engines.settings import resolve
from pipeline.glossary.forms import english  # the glossary check's own matcher

ENVIRONMENT = {"url": "PIPELINE_LLM_URL", "model": "PIPELINE_LLM_MODEL", "api_key": "PIPELINE_LLM_API_KEY"}
KINDS = {
    "url": str,
    "model": str,
    "temperature": (int, float),
    "concurrency": int,
    "timeout": (int, float),
    "extra": dict,
}
DEFAULT_CONCURRENCY = 4  # when the server does not say how many requests it serves at once
TIMEOUT = 120.0  # seconds for one answer: a big model on a CPU is slow, a hung one is not
TEMPERATURE = 0.2
PROBE_TIMEOUT = 5.0  # seconds for the server to list its models
BACKOFF = (0.5, 1.0, 2.0)  # seconds before each retry of a request the server could not answer
RETRY_CODES = {408, 409, 429, 500, 502, 503, 504}
HOW = "--llm-url, PIPELINE_LLM_URL or url in [tool.pipeline.engines.llm] of pyproject.toml"

SYSTEM = """\
You translate French into British English for publication. You are given one sentence, \
with the paragraph around it for context. Answer with the English of that one sentence \
only: no explanation, no notes, no quotation marks around it.
- Write British English: British spelling (colour, organise, labour) and usage.
- Keep every inline tag exactly as written, each once, around the English words that \
stand for the French words it encloses: paired tags such as <em1>…</em1> enclose words, \
tags such as <fn3/> stand alone. Never add, drop, rename or unnest a tag.
- Text the request marks as English stays exactly as written.
- Use the required English for the glossary terms, and never a rendering to avoid."""


class LlmEngine(Engine):
    name = "llm"
    batch_size = 1  # one request a call; the stage keeps ``concurrency`` calls in flight
    aligns_tags = True  # the model places the tags by the words, as a machine does
    configurable = True

    def __init__(self, project=None, given: dict | None = None) -> None:
        found = resolve(self.name, given or {}, project, ENVIRONMENT, KINDS)
        self.url = _base(found["url"]) if found.get("url") else ""
        self.model = found.get("model", "")
        self.api_key = found.get("api_key", "")
        self.temperature = float(found.get("temperature", TEMPERATURE))
        self.timeout = float(found.get("timeout", TIMEOUT))
        self.extra = found.get("extra", {})
        self.concurrency = found.get("concurrency", DEFAULT_CONCURRENCY)
        self._concurrency_set = "concurrency" in found
        if self.concurrency < 1 or self.timeout <= 0:
            raise PipelineError("the llm engine's concurrency must be 1 or more and its timeout above 0 seconds")
        self._probe = threading.Lock()
        self._reason: str | None = None  # None: not asked yet; "": the server answers with the model
        self._server = ""  # what the server says it is: "llama.cpp Python API 0.3.36"

    # -- the contract ----------------------------------------------------------------

    def available(self) -> bool:
        return self._ready() == ""

    def origin(self) -> Origin:
        self._ready()
        return Origin(self.name, ", ".join(part for part in (self.model, self._server) if part))

    def how_to_install(self) -> str:
        if not self.url:
            return f"point the llm engine at an OpenAI-compatible server (Ollama, llama.cpp, vLLM…) with {HOW}"
        return self._ready() or f"the server at {self.url} answers with model {self.model!r}"

    def translate(self, requests: list[Request]) -> list[Draft]:
        if reason := self._ready():
            raise PipelineError(f"the llm engine is not available: {reason}")
        return [self._draft(r) for r in requests]

    # -- asking and checking ---------------------------------------------------------

    def _draft(self, request: Request) -> Draft:
        """The model's English, asked again once if it is wrong, flagged if it stays wrong."""
        messages = prompt(request)
        answer = self._ask(messages, request)
        first = clean(answer, request.text)
        wrong = problems(first, request)
        if not wrong:
            return Draft(first)
        messages += [{"role": "assistant", "content": answer}, {"role": "user", "content": again(wrong)}]
        second = clean(self._ask(messages, request), request.text)
        still = problems(second, request)
        if not still:
            return Draft(second)
        text, why = (first, wrong) if _worse(still, wrong) else (second, still)
        if not tags.plain(text).strip():
            return Draft("", ())  # nothing to keep: the segment still needs a translation
        said = "; ".join(why)
        return Draft(text, (Flag(Flag.LLM, f"the model's answer failed the checks twice, kept as it is: {said}"),))

    def _ask(self, messages: list[dict], request: Request) -> str:
        body = {
            "model": self.model,
            "messages": messages,
            "temperature": self.temperature,
            "max_tokens": 64 + len(tags.plain(request.text)),  # some four times a translation: one running on is cut
            **self.extra,
        }
        answer = self._call("chat/completions", body)
        try:
            return answer["choices"][0]["message"]["content"] or ""
        except (KeyError, IndexError, TypeError):
            raise PipelineError(f"the server at {self.url} did not answer as an OpenAI-compatible one") from None

    def _call(self, path: str, body: dict | None = None, probe: bool = False) -> dict:
        """One request, retried with backoff while the server is busy or away; a ``probe``
        (is the server there?) is asked once, with a short timeout."""
        timeout = PROBE_TIMEOUT if probe else self.timeout
        url = f"{self.url}/{path}"
        headers = {"Content-Type": "application/json", "Accept": "application/json"}
        if self.api_key:
            headers["Authorization"] = f"Bearer {self.api_key}"
        data = json.dumps(body).encode() if body is not None else None
        for attempt in range(len(BACKOFF) + 1):
            last = attempt == len(BACKOFF)
            try:
                request = urllib.request.Request(url, data=data, headers=headers)
                with urllib.request.urlopen(request, timeout=timeout) as response:
                    return json.loads(response.read())
            except urllib.error.HTTPError as err:
                with err:  # its connection closes now, not when the collector finds it
                    if err.code not in RETRY_CODES or last or probe:
                        raise _refused(url, err) from None
                    wait = _retry_after(err) or BACKOFF[attempt]
            except (OSError, http.client.HTTPException) as err:  # refused, reset, timed out
                if last or probe:
                    raise _away(url, err, timeout, running=not probe) from None
                wait = BACKOFF[attempt]
            except ValueError:
                raise PipelineError(f"{url} did not answer with JSON: is it an OpenAI-compatible server?") from None
            time.sleep(wait)
        raise AssertionError("unreachable")

    # -- what the server has -----------------------------------------------------------

    def _ready(self) -> str:
        """ "" when the server answers and has the model; else why not, in one sentence."""
        with self._probe:
            if self._reason is None:
                self._reason = self._ask_server() if self.url else f"it is not configured: set {HOW}"
            return self._reason

    def _ask_server(self) -> str:
        try:
            listed = self._call("models", probe=True)
            models = [m["id"] for m in listed["data"]]
        except PipelineError as err:
            return str(err)
        except (KeyError, TypeError):
            return f"{self.url}/models did not list models as an OpenAI-compatible server does"
        if not models:
            return f"the server at {self.url} has no model loaded"
        if not self.model and len(models) > 1:
            return f"the server at {self.url} has several models ({', '.join(models)}): choose one with --llm-model or PIPELINE_LLM_MODEL"
        if self.model and self.model not in models:
            return f"the server at {self.url} has no model {self.model!r} (it has: {', '.join(models)}): choose one with --llm-model or PIPELINE_LLM_MODEL"
        self.model = self.model or models[0]
        self._server, slots = _describe(self.url)
        if slots and not self._concurrency_set:
            self.concurrency = slots
        return ""


def _base(url: str) -> str:
    """The API's base URL: a server's address alone ("http://localhost:11434") means its /v1."""
    url = url.rstrip("/")
    return url + "/v1" if urlsplit(url).path in ("", "/") else url


def _describe(base: str) -> tuple[str, int]:
    """What the server says it is ("Ollama 0.5.7", "llama.cpp b4567", "vLLM 0.6.3", a
    FastAPI server's title and version), and how many requests it serves at once (0: it
    does not say), from the first of the servers' own endpoints that answers."""
    root = base[: -len("/v1")] if base.endswith("/v1") else base

    def get(path: str) -> dict:
        try:
            with urllib.request.urlopen(f"{root}{path}", timeout=PROBE_TIMEOUT) as response:
                found = json.loads(response.read())
                return found if isinstance(found, dict) else {}
        except urllib.error.HTTPError as err:  # not this kind of server
            err.close()
            return {}
        except (OSError, ValueError, http.client.HTTPException):
            return {}

    if props := get("/props"):  # llama.cpp's llama-server
        return f"llama.cpp {props.get('build_info', '')}".strip(), int(props.get("total_slots") or 0)
    if version := get("/api/version").get("version"):
        return f"Ollama {version}", 0
    if version := get("/version").get("version"):
        return f"vLLM {version}", 0
    info = get("/openapi.json").get("info", {})
    title = re.sub(r"^\W+", "", str(info.get("title", ""))).strip()
    return " ".join(p for p in (title, str(info.get("version", ""))) if p), 0


def _retry_after(err: urllib.error.HTTPError) -> float:
    try:
        return min(float(err.headers.get("Retry-After", "")), 30.0)
    except ValueError:
        return 0.0


def _refused(url: str, err: urllib.error.HTTPError) -> PipelineError:
    try:
        said = json.loads(err.read()).get("error", "")
        said = said.get("message", "") if isinstance(said, dict) else str(said)
    except (ValueError, AttributeError, OSError):
        said = ""
    if err.code in (401, 403):
        return PipelineError(f"{url} refused the request ({err.code}): set PIPELINE_LLM_API_KEY to the server's key")
    if err.code == 404:
        return PipelineError(f"{url} does not exist ({err.code}): an OpenAI-compatible server's URL ends in /v1")
    return PipelineError(f"{url} refused the request ({err.code} {err.reason}{': ' + said if said else ''})")


def _away(url: str, err: Exception, timeout: float, running: bool) -> PipelineError:
    reason = getattr(err, "reason", err)
    what = f"did not answer within {timeout:g} s" if "timed out" in str(reason) else f"cannot be reached ({reason})"
    rest = (
        "; the drafts done so far are saved: run again to go on" if running else ": start the server, or check the URL"
    )
    return PipelineError(f"{url} {what}{rest}")


def _worse(a: list[str], b: list[str]) -> bool:
    """Whether the problems ``a`` are worse than ``b``: more of them (an empty answer worst)."""
    return (EMPTY in a, len(a)) > (EMPTY in b, len(b))


# -- the prompt --------------------------------------------------------------------------


def prompt(request: Request) -> list[dict]:
    """The chat messages for one sentence: what to do, its paragraph, what we know of it, then the sentence."""
    lines = []
    if request.before or request.after:
        # the whole paragraph, the same for each of its sentences: a server that caches
        # prompts (llama.cpp, vLLM) reads it once for them all
        paragraph = " ".join(p for p in (request.before, tags.plain(request.text), request.after) if p)
        lines.append(f"The paragraph it is from, for context only: {paragraph}")
    kept = _english_spans(request)
    if kept:
        lines.append("Keep this English exactly as written: " + "; ".join(f'"{text}"' for text in kept))
    for required in request.required:
        line = f'Glossary: "{required.source}" must be "{required.forms[0]}"' if required.forms else ""
        if required.keep:
            line = f'Glossary: "{required.source}" stays as it is'
        if line and required.avoid:
            line += ", never " + " or ".join(f'"{a}"' for a in required.avoid)
        if line:
            lines.append(line)
    described = [f"<{t.name}> {t.meaning}" for t in request.segment.tags if f"<{t.name}" in request.text]
    if described:
        lines.append("Its tags: " + "; ".join(described))
    lines.append(f"Translate this sentence into British English:\n{request.text}")
    return [{"role": "system", "content": SYSTEM}, {"role": "user", "content": "\n".join(lines)}]


def again(wrong: list[str]) -> str:
    """The second request: the problems of the first answer, named."""
    return (
        "That answer has these problems: "
        + "; ".join(wrong)
        + ". Answer again with only the corrected English of the sentence."
    )


def _english_spans(request: Request) -> list[str]:
    return [
        text
        for tag in request.segment.tags
        if tag.lang.startswith("en") and (text := tags.inside(request.text, tag.name)) is not None
    ]


# -- never trust the answer ---------------------------------------------------------------

EMPTY = "the answer was empty"
_FENCE = re.compile(r"^```[\w-]*\s*\n?(.*?)\n?```$", re.DOTALL)
# "Here is the translation:", "Sure! The English:", "Translation (British English):"
_CHATTER = re.compile(
    r"^(?:(?:sure|certainly|of course|okay|ok)\b[^\n]*?[.!:]\s*)?"
    r"(?:(?:here(?:'s| is)|below is)\b[^\n:]*:|(?:the )?(?:english )?translation\b[^\n:]*:|english(?: version)?\s*:)\s*",
    re.IGNORECASE,
)
_NOTE = re.compile(r"\n\s*(?:\(?(?:note|notes|translator's note|explanation|n\.b\.)\b|\*\*note)[^\n]*.*$", re.I | re.S)
_QUOTES = {'"': '"', "“": "”", "«": "»", "'": "'", "‘": "’"}


def clean(answer: str, source: str) -> str:
    """The model's answer without what it added around the English: a code fence, a line
    of chatter before it, notes after it, quotation marks the source does not have, and
    control characters (a NUL would make the store unreadable)."""
    text = "".join(c for c in answer if c in "\n\t" or unicodedata.category(c) not in ("Cc", "Cs")).strip()
    if fenced := _FENCE.match(text):
        text = fenced.group(1).strip()
    plain_source = tags.plain(source).strip()
    chatter = _CHATTER.match(text)
    if chatter and ":" not in plain_source[: chatter.end() + 10]:  # "Traduction : …" is the sentence
        text = text[chatter.end() :].strip()
    if fenced := _FENCE.match(text):
        text = fenced.group(1).strip()
    text = _NOTE.sub("", text).strip()
    if "\n" not in source:
        text = " ".join(text.split("\n\n")[0].split())  # a sentence is one line: what follows is a note
    while len(text) > 1 and text[0] in _QUOTES and text.endswith(_QUOTES[text[0]]):
        if plain_source[:1] == text[0] and plain_source.endswith(_QUOTES[text[0]]):
            break  # the source is quoted too
        text = text[1:-1].strip()
    return tags.escape_stray(text)


def problems(text: str, request: Request) -> list[str]:
    """What is wrong with an English draft of the request, one sentence each; [] when nothing."""
    if not tags.plain(text).strip():
        return [EMPTY]
    source = request.text
    found = tags.problems(text, source, request.segment.meanings)
    for name, kept in zip(
        [t.name for t in request.segment.tags if t.lang.startswith("en")], _english_spans(request), strict=False
    ):
        if tags.inside(text, name) != kept:
            found.append(f'the English in <{name}> must stay exactly "{kept}"')
    masked = tags.mask(text)
    for r in request.required:
        if _missing(r, masked):
            found.append(
                f'"{r.source}" must stay as it is' if r.keep else f'"{r.source}" must be rendered "{r.forms[0]}"'
            )
    kept_tags = {t.name for t in request.segment.tags if t.keep}
    keep_terms = [form for r in request.required if r.keep for form in (r.source, *r.forms)]
    plain_source = plausible.without_kept(source, kept_tags, keep_terms)
    plain_text = plausible.without_kept(text, kept_tags, keep_terms)
    if " ".join(plain_text.split()) == " ".join(plain_source.split()):
        if any(w[:1].islower() for w in lexicon.french_words(plain_source)):
            found.append("it is the French source copied back, not a translation")
    else:
        found += plausible.french_left(plain_source, plain_text)
        if unreadable := plausible.not_english(plain_source, plain_text):
            found.append(unreadable)
    if ratio := plausible.out_of_proportion(source, text):
        found.append(ratio.replace("the target", "the English"))
    return found


def _missing(required: Required, text: str) -> bool:
    """The term has none of its English forms in the draft. A rendering to avoid counts as
    there: the translate stage puts the glossary's English in its place."""
    if not required.forms:
        return False
    return not any(english(f, required.keep).search(text) for f in (*required.forms, *required.avoid))
