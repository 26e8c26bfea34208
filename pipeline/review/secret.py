"""The review server's key, and how ``--open`` hands it to the browser without showing it.

One key per project, kept across runs in ``translations/.review-token`` (mode 0600, for
this user only): a page left open keeps saving after the server is restarted or killed.
The printed URL carries it in the fragment (``/#token=…``), which a browser never sends
to any server; the page moves it to the tab's session storage and sends it as a header,
so unlike a cookie no other local server (another port) ever receives it.
"""

from __future__ import annotations

import html
import os
import re
import secrets
import stat
import tempfile
import time
from pathlib import Path

from pipeline.core.errors import PipelineError
from pipeline.core.fileio import write_atomic
from pipeline.core.project import Project

_KEY = re.compile(r"[A-Za-z0-9_-]{32,128}")


def path(project: Project) -> Path:
    return project.translations_dir / ".review-token"


def project_token(project: Project) -> str:
    """The project's key; a new one when there is none, or when others could read or change it."""
    where = path(project)
    try:
        info = where.lstat()
        key = where.read_text(encoding="ascii").strip()
        private = stat.S_ISREG(info.st_mode) and info.st_uid == os.getuid() and not info.st_mode & 0o077
        if private and _KEY.fullmatch(key):
            return key
        where.unlink()  # seen by others, or not ours: a new key, and the old one stops working
    except (OSError, UnicodeDecodeError):
        pass
    key = secrets.token_urlsafe(32)
    try:
        where.parent.mkdir(parents=True, exist_ok=True)
        os.close(os.open(where, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))  # write_atomic keeps this mode
    except FileExistsError:  # another review server of this project made it just now
        time.sleep(0.2)
        key = where.read_text(encoding="ascii").strip()
        if _KEY.fullmatch(key):
            return key
        raise PipelineError(f"{where}: another review server is making this key; try again") from None
    except OSError as err:
        raise PipelineError(f"{where}: cannot write the review key ({err.strerror})") from err
    write_atomic(where, key + "\n")
    return key


def redirect_file(url: str) -> Path:
    """A page only this user can read that sends the browser on to ``url`` (as Jupyter does):
    the browser's command line, which ``ps`` shows everyone, names this file, not the key."""
    fd, name = tempfile.mkstemp(prefix="pipeline-review-", suffix=".html")  # 0600
    link = html.escape(url)
    with os.fdopen(fd, "w", encoding="utf-8") as out:
        out.write(
            '<!doctype html>\n<html lang="en"><head><meta charset="utf-8">\n'
            f'<meta http-equiv="refresh" content="0;url={link}">\n<title>Opening the review page</title></head>\n'
            f'<body><p><a href="{link}">Open the review page</a></p></body></html>\n'
        )
    return Path(name)
