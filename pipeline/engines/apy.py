"""The apy engine: the ``apertium`` engine's drafts from Apertium's own HTTP server, APY.

Everything that is Apertium's (what is hidden from it, the post-processing, the glossary,
the tags, the flags on words left in French or Spanish) is ``ApertiumEngine``'s; only the
transport differs: the segments' HTML goes to ``/translate`` on the server, French →
Spanish, then Spanish → English, instead of through a local pipe. So many runs or
machines share one server (``apertium-apy /usr/share/apertium/modes``, or a cluster
behind one URL), and its drafts are exactly the local engine's on the same pairs.

APY cuts a text longer than 1,000 characters where it likes (at a full stop or a space)
when it is busy, and drops what comes after ten cuts: requests are therefore whole
paragraphs up to that size, packed again for the second pair. A single segment longer
than that goes alone, and may be cut mid-sentence by a busy server.
"""

from __future__ import annotations

import json
import urllib.error
import urllib.parse
import urllib.request
from concurrent.futures import ThreadPoolExecutor

from pipeline.core.errors import PipelineError
from pipeline.core.model import Origin
from pipeline.core.project import Project
from pipeline.engines.apertium import ApertiumEngine, document, paragraphs
from pipeline.engines.settings import resolve

HOPS = (("fra", "spa"), ("spa", "eng"))  # the local engine's fr-es | spa-eng, as APY names them
PACKAGES = ("apertium-fr-es", "apertium-eng-spa")
REQUEST_CHARACTERS = 1000  # APY never cuts a text this long (apertium_apy.utils.translation.hardbreak_fn)
IN_FLIGHT = 4  # requests at once: APY runs each pair's pipe one request at a time, two pairs overlap
TIMEOUT = 60  # seconds for one request
START = "start one with `apertium-apy /usr/share/apertium/modes`, from Debian's apertium-apy"


class ApyEngine(ApertiumEngine):
    name = "apy"
    batch_size = 200  # segments per call: the store is saved after each, so a lost server costs little
    configurable = True  # --apy-url, PIPELINE_APY_URL, [tool.pipeline.engines.apy]

    def __init__(self, project: Project | None = None, given: dict | None = None) -> None:
        found = resolve(self.name, given or {}, project, {"url": "PIPELINE_APY_URL"}, {"url": str}).get("url")
        self.url = str(found).rstrip("/") if found else ""
        self._problem: str | None = None  # why the server cannot be used, once asked

    def available(self) -> bool:
        return bool(self.url) and self._check() == ""

    def origin(self) -> Origin:
        pairs = " | ".join(f"{a}-{b}" for a, b in HOPS)
        return Origin(self.name, f"{pairs} (Apertium APY; the server reports no versions)")

    def how_to_install(self) -> str:
        if not self.url:
            return (
                "point the apy engine at an Apertium APY server with --apy-url, PIPELINE_APY_URL or `url` under "
                f"[tool.pipeline.engines.apy] in the project's pyproject.toml; {START}"
            )
        return self._check()

    def _check(self) -> str:
        """ "" when the server answers and has both pairs, else what is wrong, as one sentence."""
        if self._problem is None:
            try:
                listed = self._get("listPairs", {})["responseData"]
                pairs = {(p["sourceLanguage"], p["targetLanguage"]) for p in listed}
            except PipelineError as err:
                self._problem = str(err)
            except (KeyError, TypeError):
                self._problem = f"{self.url}/listPairs does not answer as an Apertium APY server does"
            else:
                lacking = [f"{a}-{b}" for a, b in HOPS if (a, b) not in pairs]
                has = ", ".join(sorted(f"{a}-{b}" for a, b in pairs)) or "none"
                self._problem = (
                    f"the Apertium APY server at {self.url} lacks the pairs {', '.join(lacking)} (it has {has}): "
                    f"install {' '.join(PACKAGES)} where it runs and restart it"
                    if lacking
                    else ""
                )
        return self._problem

    def _translate_all(self, texts: list[str]) -> dict[int, str]:
        found = dict(enumerate(texts))
        with ThreadPoolExecutor(IN_FLIGHT) as pool:
            for source, target in HOPS:
                packs = _packs(found)
                outputs = pool.map(lambda pack, pair=f"{source}|{target}": self._translate(pack, pair), packs)
                found = {}
                for pack, output in zip(packs, outputs):
                    found.update(paragraphs(output, len(pack), f"the Apertium APY server at {self.url}"))
        return found

    def _translate(self, pack: dict[int, str], pair: str) -> str:
        answer = self._get("translate", {"langpair": pair, "format": "html", "markUnknown": "yes", "q": document(pack)})
        try:
            return answer["responseData"]["translatedText"]
        except (KeyError, TypeError):
            raise PipelineError(f"the Apertium APY server at {self.url} gave no translation for {pair}") from None

    def _get(self, endpoint: str, fields: dict[str, str]) -> dict:
        """The server's JSON answer to a POST of ``fields`` to ``endpoint``."""
        where = f"{self.url}/{endpoint}"
        data = urllib.parse.urlencode(fields).encode("utf-8")
        try:
            with urllib.request.urlopen(where, data, timeout=TIMEOUT) as response:
                return json.load(response)
        except urllib.error.HTTPError as err:
            raise PipelineError(f"the Apertium APY server at {self.url} refused {endpoint} ({_said(err)})") from None
        except (urllib.error.URLError, OSError) as err:
            reason = getattr(err, "reason", err)
            reason = getattr(reason, "strerror", None) or reason  # "Connection refused", not "[Errno 111] …"
            raise PipelineError(
                f"the Apertium APY server at {self.url} does not answer ({reason}): {START}, or check --apy-url"
            ) from None
        except ValueError:  # not JSON: another kind of server
            raise PipelineError(f"{where} does not answer as an Apertium APY server does") from None


def _packs(texts: dict[int, str]) -> list[dict[int, str]]:
    """Consecutive paragraphs in requests of up to ``REQUEST_CHARACTERS`` characters each."""
    packs: list[dict[int, str]] = []
    size = REQUEST_CHARACTERS
    for n, text in texts.items():
        length = len(document({n: text})) + 1
        if size + length > REQUEST_CHARACTERS:
            packs.append({})
            size = 0
        packs[-1][n] = text
        size += length
    return packs


def _said(err: urllib.error.HTTPError) -> str:
    """An HTTP error as APY explains it: "HTTP 400: That pair is not installed"."""
    try:
        explanation = json.loads(err.read().decode("utf-8")).get("explanation", "")
    except (ValueError, OSError, AttributeError):
        explanation = ""
    return f"HTTP {err.code}" + f": {explanation}" * bool(explanation)
