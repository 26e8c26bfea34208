"""Argos model packages: install from a file or the Argos index, list what is installed.

An ``.argosmodel`` is a zip archive holding one folder with ``metadata.json``,
``model/`` (a CTranslate2 model) and ``sentencepiece.model``. Packages live where
argostranslate keeps them (``ARGOS_PACKAGES_DIR``, default
``~/.local/share/argos-translate/packages``), so a model installed by either tool is
seen by both. We read metadata and the package index with ``argostranslate.package``,
but extract and download ourselves: its ``install_from_path`` unpacks an unchecked zip
straight into the live folder and then imports ``argostranslate.translate``, which
needs stanza (and so torch); its downloads retry forever-ish with no timeout.
"""

from __future__ import annotations

import json
import os
import shutil
import tempfile
import urllib.error
import urllib.request
import zipfile
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from packaging.version import InvalidVersion, Version

from pipeline.core.errors import PipelineError

SOURCE, TARGET = "fr", "en"
REQUIRED = ("metadata.json", "model/model.bin", "sentencepiece.model")
TIMEOUT = 30  # seconds without an answer before a download is given up


@dataclass(frozen=True)
class ModelPackage:
    """An installed Argos package, as its metadata describes it."""

    path: Path
    name: str  # argospm's name: "translate-fr_en"
    from_code: str
    to_code: str
    version: str  # package_version from metadata.json
    target_prefix: str = ""  # a token some multilingual models need before the output

    @property
    def model_dir(self) -> Path:
        return self.path / "model"

    @property
    def sentencepiece(self) -> Path:
        return self.path / "sentencepiece.model"

    def describe(self) -> str:
        return f"{self.name} {self.version}".strip()


def _argostranslate():
    """argostranslate's ``package`` and ``settings`` modules, imported on first use: the
    first takes 25 ms, the second creates its folders in the user's home when imported."""
    from argostranslate import package, settings

    return package, settings


def runtime():
    """CTranslate2 and SentencePiece, which load and run a model: imported on first use
    (30 ms), and an ImportError when they are not installed."""
    import ctranslate2
    import sentencepiece

    return ctranslate2, sentencepiece


DEVICES = ("cpu", "cuda", "auto")  # argostranslate's ARGOS_DEVICE_TYPE; auto: a GPU when CTranslate2 finds one


def device() -> tuple[str, str]:
    """Where and at what precision CTranslate2 runs the model, as argostranslate decides:
    ARGOS_DEVICE_TYPE (cpu, cuda or auto; cpu by default) and ARGOS_COMPUTE_TYPE (auto
    by default: the model's own type, as far as the device runs it), from the environment,
    then its settings.json. Read on every call, like ``packages_dir``."""
    _, settings = _argostranslate()
    where = str(settings.get_setting("ARGOS_DEVICE_TYPE", default="cpu")).lower()
    if where not in DEVICES:
        raise PipelineError(f"ARGOS_DEVICE_TYPE is {where!r}: use one of {', '.join(DEVICES)}")
    return where, str(settings.get_setting("ARGOS_COMPUTE_TYPE", default="auto")).lower()


def packages_dir() -> Path:
    """Where packages are installed: as argostranslate decides (ARGOS_PACKAGES_DIR in the
    environment, then in its settings.json, else ~/.local/share/argos-translate/packages).

    Read on every call (argostranslate reads it once, at import), so tests and users can
    point it elsewhere at any time.
    """
    _, settings = _argostranslate()
    data_home = Path(os.environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share")
    default = data_home / "argos-translate" / "packages"
    return Path(settings.get_setting("ARGOS_PACKAGES_DIR", default=default)).expanduser()


def installed() -> list[ModelPackage]:
    """Every package in the packages folder, any language pair, sorted by name."""
    package, _ = _argostranslate()
    root = packages_dir()
    if not root.is_dir():
        return []
    found = []
    for folder in sorted(root.iterdir()):
        if not folder.is_dir() or folder.name.startswith("."):
            continue  # ".installing-…": an install in progress
        try:
            pkg = package.Package(folder)
        except (OSError, ValueError):  # no or unreadable metadata.json: not a package
            continue
        found.append(
            ModelPackage(
                path=folder,
                name=package.argospm_package_name(pkg),
                from_code=pkg.from_code or "",
                to_code=pkg.to_code or "",
                version=pkg.package_version,
                target_prefix=pkg.target_prefix,
            )
        )
    return found


def find(from_code: str = SOURCE, to_code: str = TARGET) -> ModelPackage | None:
    """The installed package for this pair (the newest version if there are several)."""
    usable = [p for p in installed() if (p.from_code, p.to_code) == (from_code, to_code) and _complete(p.path)]
    return max(usable, key=lambda p: _version(p.version), default=None)


def install_file(archive: Path) -> ModelPackage:
    """Check an ``.argosmodel`` file, then install it (replacing an older copy of it)."""
    archive = Path(archive)
    top, metadata = _check_archive(archive)
    root = packages_dir()
    try:
        root.mkdir(parents=True, exist_ok=True)
        staging = Path(tempfile.mkdtemp(prefix=".installing-", dir=root))
    except OSError as err:
        raise PipelineError(f"{root}: cannot write the Argos packages folder ({err.strerror})") from err
    try:
        with zipfile.ZipFile(archive) as zf:
            zf.extractall(staging)
        unpacked = staging / top
        _check_loadable(archive, unpacked)
        final = root / top
        old = staging / ".old"
        if final.exists():  # an upgrade or a re-install: swap, so a failure leaves the old one
            final.rename(old)
        try:
            unpacked.rename(final)
        except OSError:
            if old.exists():
                old.rename(final)
            raise
    except OSError as err:
        raise PipelineError(f"{archive}: could not install into {root} ({err.strerror})") from err
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return next(p for p in installed() if p.path == final)


def install_from_index(from_code: str = SOURCE, to_code: str = TARGET) -> ModelPackage:
    """Download the pair's package named in the Argos package index, then install it."""
    package, settings = _argostranslate()
    if (from_code, to_code) != (SOURCE, TARGET):
        raise PipelineError(f"pipeline translates French to English: use --from-index {SOURCE} {TARGET}")
    base = settings.get_setting("ARGOS_PACKAGE_INDEX", default=settings.package_index)
    index_url = base.rstrip("/") + "/index.json"
    raw = _fetch(index_url, "the Argos package index")
    try:
        entries = json.loads(raw)
        available = [package.AvailablePackage(entry) for entry in entries]
    except (ValueError, TypeError, AttributeError) as err:
        raise PipelineError(f"{index_url}: the Argos package index is not a JSON list of packages") from err
    matches = [p for p in available if (p.from_code, p.to_code) == (from_code, to_code) and p.links]
    if not matches:
        raise PipelineError(f"{index_url}: the Argos package index has no {from_code}→{to_code} model")
    chosen = max(matches, key=lambda p: _version(p.package_version))
    with tempfile.TemporaryDirectory(prefix="pipeline-argos-") as tmp:
        archive = Path(tmp) / f"{package.argospm_package_name(chosen)}.argosmodel"
        errors = []
        for link in chosen.links:
            try:
                archive.write_bytes(_fetch(link, f"the {from_code}→{to_code} model"))
                break
            except PipelineError as err:
                errors.append(str(err))
        else:
            raise PipelineError(errors[-1])
        return install_file(archive)


def _fetch(url: str, what: str) -> bytes:
    request = urllib.request.Request(url, headers={"User-Agent": "pipeline (argostranslate)"})
    try:
        with urllib.request.urlopen(request, timeout=TIMEOUT) as response:
            return response.read()
    except (urllib.error.URLError, OSError, ValueError) as err:
        reason = getattr(err, "reason", None) or err
        raise PipelineError(
            f"cannot download {what} from {url} ({reason}): check the network connection, or fetch the "
            f".argosmodel file on another machine and run `pipeline model install FILE.argosmodel`"
        ) from err


def _check_archive(archive: Path) -> tuple[str, dict]:
    """The archive's top folder and metadata, or one sentence saying what is wrong."""
    if not archive.is_file():
        raise PipelineError(f"{archive}: no such file")
    if not zipfile.is_zipfile(archive):
        raise PipelineError(f"{archive}: not an Argos model package (it is not a zip archive)")
    try:
        with zipfile.ZipFile(archive) as zf:
            names = zf.namelist()
            bad = zf.testzip()
            if bad is not None:
                raise PipelineError(f"{archive}: the archive is damaged ({bad} fails its checksum)")
            tops = {PurePosixPath(n).parts[0] for n in names if PurePosixPath(n).parts}
            if any(PurePosixPath(n).is_absolute() or ".." in PurePosixPath(n).parts for n in names):
                raise PipelineError(f"{archive}: not an Argos model package (it has paths outside its folder)")
            if len(tops) != 1:
                raise PipelineError(f"{archive}: not an Argos model package (it should hold exactly one folder)")
            top = tops.pop()
            missing = [f for f in REQUIRED if f"{top}/{f}" not in names]
            if missing:
                raise PipelineError(f"{archive}: not a usable Argos model package: {', '.join(missing)} missing")
            try:
                metadata = json.loads(zf.read(f"{top}/metadata.json").decode("utf-8"))
            except (ValueError, UnicodeDecodeError) as err:
                raise PipelineError(f"{archive}: {top}/metadata.json is not valid JSON") from err
    except (zipfile.BadZipFile, OSError, EOFError) as err:
        raise PipelineError(f"{archive}: the archive is damaged ({err})") from err
    if not isinstance(metadata, dict):
        raise PipelineError(f"{archive}: {top}/metadata.json should be a JSON object")
    _check_pair(archive, metadata.get("from_code"), metadata.get("to_code"))
    if top.startswith("."):
        raise PipelineError(f"{archive}: not an Argos model package (its folder name {top!r} is hidden)")
    return top, metadata


def _check_pair(where, from_code, to_code) -> None:
    if (from_code, to_code) != (SOURCE, TARGET):
        raise PipelineError(
            f"{where}: the model translates {from_code or '?'}→{to_code or '?'}, but pipeline needs a "
            f"French→English ({SOURCE}→{TARGET}) model"
        )


def _check_loadable(archive: Path, folder: Path) -> None:
    """Load the model and the tokenizer once, so a damaged package is refused at install time."""
    ctranslate2, sentencepiece = runtime()
    try:
        sentencepiece.SentencePieceProcessor(model_file=str(folder / "sentencepiece.model"))
    except (RuntimeError, OSError) as err:
        raise PipelineError(f"{archive}: sentencepiece.model is not a SentencePiece model ({err})") from err
    try:
        ctranslate2.Translator(str(folder / "model"), device="cpu", intra_threads=1)
    except (RuntimeError, ValueError, OSError) as err:
        first = str(err).splitlines()[0] if str(err) else type(err).__name__
        raise PipelineError(f"{archive}: model/ is not a CTranslate2 model this version can load ({first})") from err


def _version(text: str):
    try:
        return Version(text)
    except InvalidVersion:
        return Version("0")


def _complete(folder: Path) -> bool:
    return all((folder / f).is_file() for f in REQUIRED)
