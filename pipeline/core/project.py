"""Where things live in a project, which documents it has, and the lock that keeps two
``pipeline`` processes from writing the same project at once."""

from __future__ import annotations

import contextlib
import fcntl
import os
import sys
import time
import tomllib
from dataclasses import dataclass
from pathlib import Path

from pipeline.core.errors import PipelineError

SOURCE_LANG = "fr"
TARGET_LANG = "en-GB"
MAX_SOURCE_BYTES = 5_000_000  # about 50,000 sentences: a long book; split anything larger


@dataclass(frozen=True)
class Document:
    name: str  # "invisibles", from source/invisibles.fr.md
    source: Path
    store: Path
    source_lang: str = SOURCE_LANG
    target_lang: str = TARGET_LANG

    @property
    def stamp(self) -> Path:
        """Where ``segment.update`` notes what the store was last merged from: a cache beside
        the store, not in it, so a tracked store never changes when only our code did."""
        return self.store.with_name(f".{self.store.name}.segmented")


@dataclass(frozen=True)
class Project:
    root: Path

    @property
    def source_dir(self) -> Path:
        return self.root / "source"

    @property
    def translations_dir(self) -> Path:
        return self.root / "translations"

    @property
    def dist_dir(self) -> Path:
        return self.root / "dist"

    @property
    def glossary(self) -> Path:
        return self.root / "glossary.yaml"

    @property
    def settings(self) -> Path:
        """The project's pyproject.toml: its ``[tool.pipeline.…]`` tables set QA and the engines."""
        return self.root / "pyproject.toml"

    def table(self, *keys: str) -> dict:
        """``[tool.pipeline.KEY…]`` of the project's pyproject.toml; empty when it has none."""
        path = self.settings
        if not path.exists():
            return {}
        try:
            table = tomllib.loads(path.read_text(encoding="utf-8")).get("tool", {}).get("pipeline", {})
        except (tomllib.TOMLDecodeError, UnicodeDecodeError) as err:
            raise PipelineError(f"{path}: is not valid TOML ({err})") from err
        for depth, key in enumerate(keys, 1):
            table = table.get(key, {})
            if not isinstance(table, dict):
                raise PipelineError(f"{path}: tool.pipeline.{'.'.join(keys[:depth])} must be a table")
        return table

    def document(self, name: str) -> Document:
        return Document(
            name=name,
            source=self.source_dir / f"{name}.{SOURCE_LANG}.md",
            store=self.translations_dir / f"{name}.{TARGET_LANG.split('-')[0]}.po",
        )

    def documents(self, names: tuple[str, ...] | list[str] = ()) -> list[Document]:
        """The named documents (names or paths of sources), or every source in source/."""
        if not names:
            found = sorted(self.source_dir.glob(f"*.{SOURCE_LANG}.md"))
            if not found:
                raise PipelineError(f"{self.source_dir}: no *.{SOURCE_LANG}.md source documents")
            return [self.document(p.name[: -len(f".{SOURCE_LANG}.md")]) for p in found]
        return [self._resolve(name) for name in names]

    def _resolve(self, name: str) -> Document:
        suffix = f".{SOURCE_LANG}.md"
        if name.endswith(".md") or "/" in name:
            path = Path(name)
            candidates = [path] if path.is_absolute() else [Path.cwd() / path, self.root / path]
            for candidate in candidates:
                if candidate.exists():
                    path = candidate
                    break
            if not path.exists():
                raise PipelineError(f"{name}: no such file")
            if path.resolve().parent != self.source_dir.resolve() or not path.name.endswith(suffix):
                raise PipelineError(f"{name}: sources are read from {self.source_dir}/ and named <doc>{suffix}")
            return self.document(path.name[: -len(suffix)])
        doc = self.document(name)
        if not doc.source.exists():
            raise PipelineError(f"{doc.source}: no such file (document {name!r})")
        return doc

    @contextlib.contextmanager
    def lock(self, wait: float = 30.0, quiet: bool = False):
        """Hold the project lock; another process waits for it, then gives up clearly."""
        self.translations_dir.mkdir(parents=True, exist_ok=True)
        path = self.translations_dir / ".lock"
        with open(path, "ab", buffering=0) as handle:  # unbuffered: a full disk fails here, not at close
            deadline = time.monotonic() + wait
            told = False
            while True:
                try:
                    fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
                    break
                except BlockingIOError:
                    if time.monotonic() >= deadline:
                        raise PipelineError(
                            f"{self.root.resolve()}: another pipeline process is working on this project; try again when it ends"
                        ) from None
                    if not told and not quiet:
                        print("waiting for another pipeline process on this project…", file=sys.stderr)
                        told = True
                    time.sleep(0.1)
            try:  # who holds it, for a person looking; the lock itself is the flock
                handle.truncate(0)
                handle.write(f"{os.getpid()}\n".encode())
            except OSError:  # a full disk: the work that follows will say so clearly
                pass
            try:
                yield
            finally:
                fcntl.flock(handle, fcntl.LOCK_UN)
