"""Review stage: a local web app to read French and English side by side, post-edit and approve.

``serve`` runs it (``pipeline review``); ``export.write`` makes the read-only static page
``dist/<doc>.review.html``. The page and the tests use the JSON API in ``app``.
"""

from __future__ import annotations

import getpass
import ipaddress
import socket
import subprocess
import threading
import webbrowser
from collections.abc import Callable

from pipeline.core.errors import PipelineError
from pipeline.core.project import Project

DEFAULT_PORT = 8765


def _is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def _bind(host: str, port: int) -> socket.socket:
    try:
        family, kind, proto, _, address = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)[0]
    except socket.gaierror as err:
        raise PipelineError(f"--host {host}: not an address of this machine ({err.strerror})") from err
    sock = socket.socket(family, kind, proto)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind(address)
        sock.listen(128)  # connections wait in the backlog until uvicorn takes over: the printed URL works at once
    except OSError as err:
        sock.close()
        hint = "; choose another with --port (0 picks a free one)" if err.errno == 98 else ""
        raise PipelineError(f"cannot listen on {host}:{port} ({err.strerror}){hint}") from err
    return sock


def _hosts(host: str, port: int) -> set[str]:
    """Host header values that name this server: a browser sends the name from the URL."""
    names = {host}
    if _is_loopback(host):
        names |= {"localhost", "127.0.0.1", "[::1]"}
    if host in ("0.0.0.0", "::", ""):  # every address of this machine
        names |= {"localhost", "127.0.0.1", "[::1]", socket.gethostname(), socket.getfqdn()}
        try:
            names |= set(socket.gethostbyname_ex(socket.gethostname())[2])
        except OSError:
            pass
    return {(f"[{n}]" if ":" in n and not n.startswith("[") else n) + f":{port}" for n in names}


def default_reviewer(project: Project) -> str:
    """Who is reviewing when --reviewer does not say: git's user.name, else the login name."""
    try:
        name = subprocess.run(
            ["git", "config", "user.name"], cwd=project.root, capture_output=True, text=True, timeout=5
        ).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        name = ""
    if name:
        return name
    try:
        return getpass.getuser()
    except (OSError, KeyError):
        return ""


def _fold(project: Project) -> None:
    """Write the saves journaled during the review into the stores themselves."""
    from pipeline import store

    with project.lock(wait=30, quiet=True):
        for doc in project.documents():
            store.fold(doc)


def serve(
    project: Project,
    doc: str | None = None,
    host: str = "127.0.0.1",
    port: int = DEFAULT_PORT,
    open_browser: bool = False,
    reviewer: str | None = None,
    propagate: str = "ask",
    say: Callable[[str], None] = print,
    warn: Callable[[str], None] = print,
) -> None:
    """Serve the review app until Ctrl+C (or SIGTERM); every save is on disk before it is acknowledged."""
    # uvicorn and Starlette (the app): 90 ms that only serving needs, not `review --export`
    import uvicorn

    from pipeline.review import secret
    from pipeline.review.app import create_app

    docs = project.documents([doc] if doc else [])  # a bad name fails here, in one sentence
    for d in docs:
        if not d.store.exists():
            warn(f"{d.name}: not segmented yet; run `pipeline segment` (and `pipeline translate`) first")
    sock = _bind(host, port)
    port = sock.getsockname()[1]
    token = secret.project_token(project)
    reviewer = default_reviewer(project) if reviewer is None else reviewer
    app = create_app(
        project,
        token,
        _hosts(host, port),
        default_doc=docs[0].name if doc else None,
        reviewer=reviewer,
        propagate=propagate,
    )
    shown = socket.gethostname() if host in ("0.0.0.0", "::", "") else host
    shown = f"[{shown}]" if ":" in shown else shown
    url = f"http://{shown}:{port}/#token={token}"
    if not _is_loopback(host):
        warn(
            f"Warning: listening on {host}, not only on this machine: anyone who can reach it and has the "
            "URL below can change translations. Use --host 127.0.0.1 unless you mean it."
        )
    config = uvicorn.Config(app, log_level="warning", access_log=False, lifespan="off", timeout_graceful_shutdown=5)
    redirect = secret.redirect_file(url) if open_browser else None
    try:
        who = reviewer or "no name: set one with --reviewer"
        say(f"Reviewing {', '.join(d.name for d in docs)} (reviewer: {who}) at {url}")
        say("Press Ctrl+C to stop.")
        if redirect:
            threading.Timer(0.5, webbrowser.open, args=(redirect.as_uri(),)).start()
        uvicorn.Server(config).run(sockets=[sock])
    except KeyboardInterrupt:
        pass  # uvicorn has finished the requests in flight; every save is on disk
    finally:
        sock.close()
        if redirect:
            redirect.unlink(missing_ok=True)
        _fold(project)
    say("Review server stopped; every acknowledged edit is in translations/.")
