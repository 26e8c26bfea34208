"""The review server: a Starlette app over the store, with the JSON API the page uses.

Safe by default: every request must name this server in its Host (and Origin, when the
browser sends one), and every API request must carry the project's key (``secret``) in
the ``X-Review-Token`` header, which a cross-site form cannot send and no other server
ever sees: the page takes it from the printed URL's fragment. The page itself (``/``)
and its CSS and JS hold no data and need no key. Every save is on disk (atomic, under
the project lock) before the response says so.
"""

from __future__ import annotations

import contextlib
import hmac
import html
import json
import logging
import re
import threading
from collections import Counter
from dataclasses import replace
from pathlib import Path

from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles

from pipeline import store
from pipeline.core.errors import PipelineError
from pipeline.core.model import Comment, Segment, now
from pipeline.core.project import Project
from pipeline.review import edit, memory, view
from pipeline.review import replace as replacing
from pipeline.review import search as searching

STATIC = Path(__file__).parent / "static"
MAX_BODY = 64 * 1024
MAX_NAME = 100  # characters of a reviewer's name
LOCK_WAIT = 3.0  # seconds a save waits for another pipeline process before saying so
_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,99}")
_ID = re.compile(r"[A-Za-z0-9_-]{1,64}")
_HEADERS = {
    "Content-Security-Policy": (
        "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
        "connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'"
    ),
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "Cache-Control": "no-store",
}
log = logging.getLogger("pipeline.review")


class Refused(Exception):
    def __init__(self, status: int, message: str, **extra) -> None:
        super().__init__(message)
        self.status, self.message, self.extra = status, message, extra


def _json(status: int, body: dict) -> JSONResponse:
    return JSONResponse(body, status_code=status, headers=_HEADERS)


class Guard:
    """ASGI middleware: Host and Origin must be this server's; the API needs the key in a header."""

    def __init__(self, app, token: str, hosts: set[str]) -> None:
        self.app, self.token, self.hosts = app, token, hosts
        self.origins = {f"http://{h}" for h in hosts}

    async def __call__(self, scope, receive, send) -> None:
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        request = Request(scope)
        response = self.check(request)
        if response is not None:
            response.headers.update(_HEADERS)
            return await response(scope, receive, send)

        async def send_with_headers(message) -> None:  # every answer, static files too
            if message["type"] == "http.response.start":
                present = {name.lower() for name, _ in message.get("headers", [])}
                extra = [
                    (k.lower().encode(), v.encode()) for k, v in _HEADERS.items() if k.lower().encode() not in present
                ]
                message = {**message, "headers": [*message.get("headers", []), *extra]}
            await send(message)

        await self.app(scope, receive, send_with_headers)

    def check(self, request: Request) -> Response | None:
        host = request.headers.get("host", "").lower()
        if host not in self.hosts:
            return _json(403, {"error": f"Host {host!r} is not this review server; open the URL it printed"})
        origin = request.headers.get("origin")
        if origin is not None and origin.lower() not in self.origins:
            return _json(
                403, {"error": f"requests from {origin!r} are refused: only this server's own page may call it"}
            )
        if request.url.path.startswith("/static/") or (request.url.path == "/" and request.method in ("GET", "HEAD")):
            return None  # the page's shell, CSS and JS: no data
        if not self._same(request.headers.get("x-review-token", "")):
            return _json(
                403,
                {"error": "missing or wrong key (X-Review-Token): open the URL that `pipeline review` printed"},
            )
        return None

    def _same(self, given: str) -> bool:
        return hmac.compare_digest(given.encode("utf-8", "replace"), self.token.encode())


class Review:
    """The handlers, over one project."""

    def __init__(
        self, project: Project, default_doc: str | None = None, reviewer: str = "", propagate: str = "ask"
    ) -> None:
        self.project, self.default_doc, self.reviewer, self.propagate = project, default_doc, reviewer, propagate
        self.memory = memory.Memory(project)
        self._rows: tuple[view.Checks | None, dict] = (None, {})  # the checks they were made with, rows
        self._seen: dict[str, dict[str, dict[str, str]]] = {}  # document → version → segment revisions
        self._loaded: dict[str, tuple[str, list[Segment]]] = {}  # document → (store version, segments)
        self.write_lock = threading.Lock()  # one save at a time in this process; flock does the rest
        self._checks: tuple[tuple, view.Checks] | None = None

    def checks(self) -> view.Checks:
        """Glossary and QA settings, read again when glossary.yaml or pyproject.toml changes."""
        key = []
        for path in (self.project.glossary, self.project.root / "pyproject.toml"):
            try:
                stat = path.stat()
                key.append((stat.st_mtime_ns, stat.st_size))
            except OSError:
                key.append(None)
        if self._checks is None or self._checks[0] != tuple(key):
            self._checks = (tuple(key), view.load_checks(self.project))
        return self._checks[1]

    def document(self, name: str):
        if not _NAME.fullmatch(name):
            raise Refused(404, f"no document {name!r} in this project")
        for doc in self.project.documents():
            if doc.name == name:
                return doc
        raise Refused(404, f"no document {name!r} in this project")

    async def index(self, request: Request) -> Response:
        page = (STATIC / "index.html").read_text(encoding="utf-8")
        doc = request.query_params.get("doc") or self.default_doc or ""
        meta = (
            f'<meta name="review-reviewer" content="{html.escape(self.reviewer)}">\n'
            f'<meta name="review-propagate" content="{self.propagate}">\n'
            f'<meta name="review-doc" content="{html.escape(doc if _NAME.fullmatch(doc) else "")}">\n'
            + view.grammar_meta()
        )
        page = page.replace("<!--META-->", meta)
        page = page.replace("<!--STYLE-->", '<link rel="stylesheet" href="/static/review.css">')
        page = page.replace("<!--SCRIPT-->", '<script src="/static/review.js" defer></script>')
        return Response(page, media_type="text/html; charset=utf-8", headers=_HEADERS)

    async def documents(self, request: Request) -> Response:
        def listing():
            out = []
            for doc in self.project.documents():
                counts = store.counts(self.load(doc))
                out.append(
                    {"name": doc.name, "segmented": doc.store.exists(), "counts": counts, "total": sum(counts.values())}
                )
            return {"documents": out, "default": self.default_doc}

        return _json(200, await run_in_threadpool(listing))

    async def segments(self, request: Request) -> Response:
        doc = self.document(request.path_params["doc"])

        since = request.query_params.get("since")
        return _json(200, await run_in_threadpool(self.listing, doc, since))

    def listing(self, doc, since: str | None = None) -> dict:
        """The document's rows; with ``since`` (the ``version`` of an earlier answer), only the
        rows whose revision changed since then, so a page coming back to focus downloads little."""
        version = store.version(doc)
        seen = self._seen.setdefault(doc.name, {})
        if since is not None and since == version and since in seen:
            return {"document": doc.name, "version": version, "changed": [], "resegmented": False}
        segments = store.active(self.load(doc))
        checks = self.checks()
        sources = Counter(s.source for s in segments)
        revisions = {s.id: edit.revision(s) for s in segments}
        seen[version] = revisions
        while len(seen) > 50:  # the versions pages may still hold
            del seen[next(iter(seen))]
        answer = {"document": doc.name, "version": version, "counts": store.counts(segments), "warning": checks.problem}
        before = seen.get(since) if since is not None else None
        if before is None:
            return answer | {"segmented": doc.store.exists(), "segments": [self.row(s, sources) for s in segments]}
        changed = [self.row(s, sources) for s in segments if before.get(s.id) != revisions[s.id]]
        return answer | {"changed": changed, "resegmented": list(before) != list(revisions)}

    def row(self, segment: Segment, sources: Counter) -> dict:
        """The page's row, made once per version of the segment (QA of 2,000 rows takes seconds)."""
        checks = self.checks()
        key = (segment, sources[segment.source] - 1)
        if self._rows[0] is not checks or len(self._rows[1]) > 100_000:
            self._rows = (checks, {})
        made = self._rows[1].get(key)
        if made is None:
            made = self._rows[1][key] = view.row(segment, checks, key[1])
        return made

    def warm(self) -> None:
        """Make every document's rows ahead of the first page load."""
        with contextlib.suppress(Exception):  # a damaged store is said when the page asks for it
            for doc in self.project.documents():
                self.listing(doc)

    async def put(self, request: Request) -> Response:
        doc = self.document(request.path_params["doc"])
        segment_id = request.path_params["id"]
        if not _ID.fullmatch(segment_id):
            raise Refused(404, f"no segment {segment_id!r} in {doc.name}")
        body = await _fields(request, {"target", "state", "revision"}, {"by", "override"})
        if not isinstance(body["revision"], str):
            raise Refused(400, "'revision' must be a string")
        if not isinstance(body.get("override", False), bool):
            raise Refused(400, "'override' must be true or false")
        by = self.by(body)
        return _json(200, await run_in_threadpool(self.save, doc, segment_id, body, by))

    async def check(self, request: Request) -> Response:
        """The QA checks on a text as the reviewer types it, before it is saved: ``{target}`` → ``{issues}``."""
        doc = self.document(request.path_params["doc"])
        segment_id = request.path_params["id"]
        if not _ID.fullmatch(segment_id):
            raise Refused(404, f"no segment {segment_id!r} in {doc.name}")
        body = await _fields(request, {"target"})
        return _json(200, await run_in_threadpool(self.typed, doc, segment_id, body["target"]))

    def typed(self, doc, segment_id: str, target: object) -> dict:
        current = self.segment(doc, segment_id, self.load(doc))  # the store's version, read again when it changed
        checks = self.checks()
        state = "needs-review" if isinstance(target, str) and target.strip() else "untranslated"
        try:
            new = edit.apply(current, target, state, checks.glossary)
        except edit.EditError as err:
            raise Refused(400, str(err)) from err
        return {"issues": view.issues(new, checks, shown_flags=False)}

    def by(self, body: dict) -> str:
        """The reviewer a request names (the page lets them change it), else the server's."""
        name = body.get("by", "")
        if not isinstance(name, str) or len(name) > MAX_NAME or any(ord(c) < 32 for c in name):
            raise Refused(400, f"'by' must be a name on one line, at most {MAX_NAME} characters")
        return " ".join(name.split()) or self.reviewer

    async def comment(self, request: Request) -> Response:
        """Add a comment to a segment: no revision needed, a comment never conflicts."""
        doc = self.document(request.path_params["doc"])
        segment_id = request.path_params["id"]
        body = await _fields(request, {"text"}, {"by"})
        text = body["text"].strip() if isinstance(body["text"], str) else None
        if not text or len(text) > edit.MAX_TARGET or "\0" in text:
            raise Refused(400, f"'text' must be a comment of 1 to {edit.MAX_TARGET} characters")
        made = Comment(" ".join(text.split()), self.by(body), now())  # one line in the PO
        return _json(200, await run_in_threadpool(self.change, doc, segment_id, lambda s: _commented(s, made)))

    def save(self, doc, segment_id: str, body: dict, by: str = "") -> dict:
        """Load, check the revision, replace the one segment, write: all under the lock."""

        def saved(current: Segment) -> Segment | None:
            checks = self.checks()
            try:
                new = edit.apply(current, body["target"], body["state"], checks.glossary, by)
            except edit.EditError as err:
                raise Refused(400, str(err)) from err
            if body.get("override") and new.state.accepted:  # approved over its errors: say so in the store
                errors = [i for i in view.issues(new, checks, shown_flags=False) if i["severity"] == "error"]
                new = edit.overridden(new, [f"{i['title']}: {i['message']}" for i in errors])
            if body["revision"] != edit.revision(current):
                if (new.target, new.state) == (current.target, current.state):  # a retried save that landed
                    return None
                raise Refused(
                    409,
                    "this segment changed since you loaded it; here is the current version",
                    segment=view.row(current, checks),
                )
            return new

        return self.change(doc, segment_id, saved)

    def change(self, doc, segment_id: str, how) -> dict:
        """Load, let ``how`` make the segment's new version (None: keep it), write: all under the lock."""
        with self.write_lock, self.held():
            segments = self.load(doc)
            index = segments.index(self.segment(doc, segment_id, segments))
            new = how(segments[index]) or segments[index]
            if new != segments[index]:
                segments[index] = new
                self.record(doc, segments, [new])
                log.info("saved %s %s as %s", doc.name, segment_id, new.state.value)
            repeats = len(memory.repetitions(segments, new))
            return {"revision": edit.revision(new), "segment": view.row(new, self.checks(), repeats)}

    async def matches(self, request: Request) -> Response:
        """The closest memory and store matches for one segment, best first."""
        doc = self.document(request.path_params["doc"])

        def find():
            segment = self.segment(doc, request.path_params["id"], self.load(doc))
            return {"matches": self.memory.matches(segment)}

        return _json(200, await run_in_threadpool(find))

    async def propagate_to(self, request: Request) -> Response:
        """Give the segment's accepted English to its exact repetitions that no one accepted yet."""
        doc = self.document(request.path_params["doc"])
        by = self.by(await _fields(request, set(), {"by"}))

        def copy():
            with self.write_lock, self.held():
                segments = self.load(doc)
                source = self.segment(doc, request.path_params["id"], segments)
                if not source.state.accepted:
                    raise Refused(400, "approve the segment before giving its English to its repetitions")
                repeats = memory.repetitions(segments, source)
                # never another reviewer's English: reviewed, not signed off, as nobody signed these
                todo = {s.id: (source.target, "reviewed") for s in repeats if not s.state.accepted}
                changed = self.apply_all(segments, todo, by)
                if changed:
                    self.record(doc, segments, changed)
                    log.info("gave %s %s's English to %d repetitions", doc.name, source.id, len(changed))
                return {"segments": [view.row(s, self.checks(), len(repeats)) for s in changed]}

        return _json(200, await run_in_threadpool(copy))

    async def replace_all(self, request: Request) -> Response:
        """Find & replace in the English of a document (or of the listed segments): a preview
        of every change, or with ``apply`` the changes saved, tags protected."""
        doc = self.document(request.path_params["doc"])
        body = await _fields(request, {"find", "replace"}, {"regex", "case", "apply", "ids", "by"})
        if not isinstance(body["replace"], str) or len(body["replace"]) > replacing.MAX_PATTERN:
            raise Refused(400, f"'replace' must be text of at most {replacing.MAX_PATTERN} characters")
        regex, ids = bool(body.get("regex")), _ids(body)
        try:
            found = replacing.pattern(
                body["find"] if isinstance(body["find"], str) else "", regex, bool(body.get("case"))
            )
        except replacing.ReplaceError as err:
            raise Refused(400, str(err)) from err
        by = self.by(body)

        def run():
            with self.write_lock, self.held():
                segments = self.load(doc)
                chosen = [s for s in segments if ids is None or s.id in ids]
                try:
                    todo = list(replacing.changes(chosen, found, body["replace"], regex))
                except replacing.ReplaceError as err:
                    raise Refused(400, str(err)) from err
                if not body.get("apply"):
                    listed = todo[: replacing.PREVIEW]
                    preview = [{"id": s.id, "where": s.where, "before": s.target, "after": new} for s, new in listed]
                    return {"count": len(todo), "preview": preview}
                states = {s.id: (new, _replaced_state(s, new)) for s, new in todo}
                return self.recorded(doc, segments, self.apply_all(segments, states, by))

        return _json(200, await run_in_threadpool(run))

    async def approve_all(self, request: Request) -> Response:
        """Approve the listed segments (a filtered set in the page) that have English and are not approved yet."""
        doc = self.document(request.path_params["doc"])
        body = await _fields(request, {"ids"}, {"by"})
        ids, by = _ids(body) or set(), self.by(body)

        def run():
            with self.write_lock, self.held():
                segments = self.load(doc)
                todo = {
                    s.id: (s.target, "reviewed")
                    for s in store.active(segments)
                    if s.id in ids and s.target and not s.state.accepted
                }
                return self.recorded(doc, segments, self.apply_all(segments, todo, by))

        return _json(200, await run_in_threadpool(run))

    async def search(self, request: Request) -> Response:
        """The document's segments whose French or English has the query's words, by lemma."""
        doc = self.document(request.path_params["doc"])
        query = request.query_params.get("q", "").strip()
        if not 1 <= len(query) <= searching.MAX_QUERY:
            raise Refused(400, f"search for 1 to {searching.MAX_QUERY} characters (?q=…)")
        found = await run_in_threadpool(lambda: searching.hits(store.active(self.load(doc)), query))
        return _json(200, {"hits": found})

    async def concordance(self, request: Request) -> Response:
        query = request.query_params.get("q", "").strip()
        if not 2 <= len(query) <= 200:
            raise Refused(400, "search for 2 to 200 characters (?q=…)")

        def search():
            documents = [(d.name, store.active(store.load(d))) for d in self.project.documents()]
            return {"hits": self.memory.concordance(query, documents)}

        return _json(200, await run_in_threadpool(search))

    def load(self, doc) -> list[Segment]:
        """The document's segments (a copy), read again only when its store or journal changed."""
        version = store.version(doc)
        known = self._loaded.get(doc.name)
        if known is None or known[0] != version:
            known = self._loaded[doc.name] = (version, store.load(doc))
        return list(known[1])

    def record(self, doc, segments: list[Segment], changed: list[Segment]) -> None:
        """Save ``changed`` (in ``segments``, the whole document) to the store's journal: durable
        before this returns, and no 1 MB rewrite of a book's PO file per save."""
        for segment in changed:
            store.record(doc, segment)
        self._loaded[doc.name] = (store.version(doc), list(segments))

    def apply_all(self, segments: list[Segment], todo: dict[str, tuple[str, str]], by: str) -> list[Segment]:
        """Save in ``segments`` (in place) each reviewer's edit ``todo`` gives (id → target,
        state), checked as one edit is; the segments it made."""
        glossary = self.checks().glossary
        changed = []
        for i, s in enumerate(segments):
            if s.id in todo and not s.obsolete:  # an obsolete entry may share its id with an active one
                segments[i] = edit.apply(s, *todo[s.id], glossary, by)
                changed.append(segments[i])
        return changed

    def recorded(self, doc, segments: list[Segment], changed: list[Segment]) -> dict:
        """``record`` the changed segments, and the answer that lists them: ``{count, segments}``."""
        self.record(doc, segments, changed)
        sources = Counter(s.source for s in store.active(segments))
        return {"count": len(changed), "segments": [self.row(s, sources) for s in changed]}

    def segment(self, doc, segment_id: str, segments: list[Segment] | None = None) -> Segment:
        for s in store.load(doc) if segments is None else segments:
            if s.id == segment_id and not s.obsolete:
                return s
        raise Refused(404, f"no segment {segment_id!r} in {doc.name}")

    def held(self) -> contextlib.ExitStack:
        """The project lock, held until the returned stack closes; 503 when another pipeline process keeps it."""
        stack = contextlib.ExitStack()
        try:
            stack.enter_context(self.project.lock(wait=LOCK_WAIT, quiet=True))
        except PipelineError as err:
            raise Refused(503, str(err)) from err
        return stack


def _ids(body: dict) -> set[str] | None:
    ids = body.get("ids")
    if ids is None:
        return None
    if not isinstance(ids, list) or not all(isinstance(i, str) for i in ids) or len(ids) > 100_000:
        raise Refused(400, "'ids' must be a list of segment ids")
    return set(ids)


def _replaced_state(segment: Segment, new: str) -> str:
    """A find & replace's state: an accepted text stays reviewed, the draft given back keeps its state."""
    return "reviewed" if segment.state.accepted else segment.state.value if new == segment.draft else "needs-review"


def _commented(segment: Segment, comment: Comment) -> Segment:
    return replace(segment, comments=segment.comments + (comment,))


async def _fields(request: Request, required: set[str], optional: set[str] = frozenset()) -> dict:
    """The JSON object body with exactly these fields (the optional ones may be left out)."""
    body = await _read_json(request)
    shape = "{" + ", ".join(sorted(required) + [f"{name}?" for name in sorted(optional)]) + "}"
    if not isinstance(body, dict):
        raise Refused(400, f"the body must be a JSON object {shape}")
    unknown = set(body) - required - optional
    missing = required - set(body)
    if unknown or missing:
        what = f"unknown field(s) {sorted(unknown)}" if unknown else f"missing field(s) {sorted(missing)}"
        raise Refused(400, f"{what}: the body is {shape}")
    return body


async def _read_json(request: Request):
    if request.headers.get("content-type", "").split(";")[0].strip() != "application/json":
        raise Refused(415, "send the body as JSON (Content-Type: application/json)")
    length = request.headers.get("content-length", "")
    if length and (not length.isdigit() or int(length) > MAX_BODY):
        raise Refused(413, f"the body is larger than {MAX_BODY // 1024} KiB")
    body = b""
    async for chunk in request.stream():
        body += chunk
        if len(body) > MAX_BODY:
            raise Refused(413, f"the body is larger than {MAX_BODY // 1024} KiB")
    try:
        return json.loads(body.decode("utf-8"))
    except UnicodeDecodeError:
        raise Refused(400, "the body is not UTF-8") from None
    except json.JSONDecodeError as err:
        raise Refused(400, f"the body is not valid JSON ({err.msg} at line {err.lineno}, column {err.colno})") from None


async def _refused(request: Request, err: Refused) -> Response:
    return _json(err.status, {"error": err.message, **err.extra})


async def _http_error(request: Request, err: HTTPException) -> Response:
    messages = {404: f"nothing at {request.url.path}", 405: f"{request.method} is not allowed here"}
    return _json(err.status_code, {"error": messages.get(err.status_code, err.detail)})


async def _pipeline_error(request: Request, err: PipelineError) -> Response:
    return _json(500, {"error": str(err)})  # e.g. a damaged store: the message names the file and line


async def _crash(request: Request, err: Exception) -> Response:
    log.exception("review server error on %s %s", request.method, request.url.path)
    return _json(500, {"error": "internal error in the review server; see its terminal"})


def create_app(
    project: Project,
    token: str,
    hosts: set[str],
    default_doc: str | None = None,
    reviewer: str = "",
    propagate: str = "ask",
):
    """The ASGI app; ``hosts`` are the Host header values that name this server ("127.0.0.1:8765")."""
    review = Review(project, default_doc, reviewer, propagate)
    threading.Thread(target=review.warm, name="review-warm", daemon=True).start()
    app = Starlette(
        routes=[
            Route("/", review.index, methods=["GET"]),
            Route("/api/documents", review.documents, methods=["GET"]),
            Route("/api/documents/{doc}/segments", review.segments, methods=["GET"]),
            Route("/api/documents/{doc}/segments/{id}", review.put, methods=["PUT"]),
            Route("/api/documents/{doc}/segments/{id}/check", review.check, methods=["POST"]),
            Route("/api/documents/{doc}/segments/{id}/comments", review.comment, methods=["POST"]),
            Route("/api/documents/{doc}/segments/{id}/matches", review.matches, methods=["GET"]),
            Route("/api/documents/{doc}/segments/{id}/propagate", review.propagate_to, methods=["POST"]),
            Route("/api/documents/{doc}/replace", review.replace_all, methods=["POST"]),
            Route("/api/documents/{doc}/approve", review.approve_all, methods=["POST"]),
            Route("/api/documents/{doc}/search", review.search, methods=["GET"]),
            Route("/api/concordance", review.concordance, methods=["GET"]),
            Mount("/static", StaticFiles(directory=STATIC), name="static"),
        ],
        exception_handlers={
            Refused: _refused,
            HTTPException: _http_error,
            PipelineError: _pipeline_error,
            Exception: _crash,
        },
    )
    return Guard(app, token, {h.lower() for h in hosts})
