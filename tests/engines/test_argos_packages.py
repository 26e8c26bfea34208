"""`pipeline model install|list` on a tiny real .argosmodel, into a temporary packages folder."""

from __future__ import annotations

import functools
import http.server
import json
import shutil
import threading
import zipfile
from pathlib import Path

import pytest
import tiny_argos  # tests/engines/ is on sys.path (pytest rootdir-less test folders)


@pytest.fixture(scope="session")
def tiny_package(tmp_path_factory) -> Path:
    return tiny_argos.build_package(tmp_path_factory.mktemp("argos"))


@pytest.fixture
def packages_dir(tmp_path, monkeypatch) -> Path:
    folder = tmp_path / "argos-packages"
    monkeypatch.setenv("ARGOS_PACKAGES_DIR", str(folder))
    return folder


def repack(source: Path, dest: Path, change) -> Path:
    """A copy of the package with its members changed by ``change(name, data) -> (name, data) | None``."""
    with zipfile.ZipFile(source) as zin, zipfile.ZipFile(dest, "w") as zout:
        for info in zin.infolist():
            kept = change(info.filename, zin.read(info))
            if kept is not None:
                zout.writestr(kept[0], kept[1])
    return dest


class TestInstallAndList:
    def test_install_then_list(self, cli, tiny_package, packages_dir):
        assert "no Argos models" in cli("model", "list").output
        result = cli("model", "install", str(tiny_package))
        assert result.exit_code == 0, result.output
        assert "installed translate-fr_en 1.0 (fr→en)" in result.output
        assert (packages_dir / "translate-fr_en-1_0" / "model" / "model.bin").is_file()
        listed = cli("model", "list").output
        assert "* translate-fr_en" in listed and "fr→en" in listed and str(packages_dir) in listed

    def test_reinstall_replaces_and_leaves_no_staging(self, cli, tiny_package, packages_dir):
        assert cli("model", "install", str(tiny_package)).exit_code == 0
        (packages_dir / "translate-fr_en-1_0" / "stale.txt").write_text("old copy")
        assert cli("model", "install", str(tiny_package)).exit_code == 0
        assert not (packages_dir / "translate-fr_en-1_0" / "stale.txt").exists()
        assert [p.name for p in packages_dir.iterdir()] == ["translate-fr_en-1_0"]

    def test_argostranslate_sees_what_we_installed(self, cli, tiny_package, packages_dir):
        from argostranslate.package import get_installed_packages

        cli("model", "install", str(tiny_package))
        (found,) = get_installed_packages(path=[packages_dir])
        assert (found.from_code, found.to_code, found.package_version) == ("fr", "en", "1.0")

    def test_a_wrong_pair_is_listed_but_not_used(self, cli, tiny_package, packages_dir, tmp_path):
        other = tiny_argos.build_package(tmp_path, from_code="en", to_code="de")
        shutil.unpack_archive(other, packages_dir, "zip")  # as argostranslate itself would have installed it
        cli("model", "install", str(tiny_package))
        listed = cli("model", "list").output.splitlines()
        assert any(line.startswith("  translate-en_de") for line in listed)
        assert any(line.startswith("* translate-fr_en") for line in listed)

    def test_the_newest_version_is_used(self, cli, tiny_package, packages_dir, tmp_path):
        newer = tiny_argos.build_package(tmp_path, version="1.10")
        assert cli("model", "install", str(newer)).exit_code == 0
        assert cli("model", "install", str(tiny_package)).exit_code == 0
        listed = cli("model", "list").output.splitlines()
        assert [line.split()[:4] for line in listed] == [
            ["translate-fr_en", "fr→en", "version", "1.0"],
            ["*", "translate-fr_en", "fr→en", "version"],
        ]
        assert "translate-fr_en-1_10" in listed[1]


class TestRefused:
    """Each bad package: one sentence naming the file, exit 2, nothing installed."""

    def refused(self, run_cli, archive: Path, packages_dir: Path, expected: str) -> None:
        result = run_cli("model", "install", str(archive))
        assert result.exit_code == 2, result.output
        lines = result.output.strip().splitlines()
        assert len(lines) == 1 and lines[0].startswith(f"Error: {archive}: "), result.output
        assert expected in lines[0]
        assert not packages_dir.exists() or not list(packages_dir.iterdir())

    def test_not_a_zip(self, cli, packages_dir, tmp_path):
        bad = tmp_path / "broken.argosmodel"
        bad.write_bytes(b"this is not a zip archive at all")
        self.refused(cli, bad, packages_dir, "not a zip archive")

    def test_truncated_zip(self, cli, tiny_package, packages_dir, tmp_path):
        bad = tmp_path / "truncated.argosmodel"
        bad.write_bytes(tiny_package.read_bytes()[: tiny_package.stat().st_size // 2])
        self.refused(cli, bad, packages_dir, "not a zip archive")

    @pytest.mark.parametrize("member", ["metadata.json", "model/model.bin", "sentencepiece.model"])
    def test_missing_member(self, cli, tiny_package, packages_dir, tmp_path, member):
        bad = repack(tiny_package, tmp_path / "partial.argosmodel", lambda n, d: None if n.endswith(member) else (n, d))
        self.refused(cli, bad, packages_dir, f"{member} missing")

    def test_damaged_model(self, cli, tiny_package, packages_dir, tmp_path):
        bad = repack(
            tiny_package,
            tmp_path / "damaged.argosmodel",
            lambda n, d: (n, d[: len(d) // 3]) if n.endswith("model.bin") else (n, d),
        )
        self.refused(cli, bad, packages_dir, "not a CTranslate2 model")

    def test_bad_metadata(self, cli, tiny_package, packages_dir, tmp_path):
        bad = repack(
            tiny_package,
            tmp_path / "meta.argosmodel",
            lambda n, d: (n, b"{ not json") if n.endswith("metadata.json") else (n, d),
        )
        self.refused(cli, bad, packages_dir, "metadata.json is not valid JSON")

    def test_wrong_language_pair(self, cli, packages_dir, tmp_path):
        other = tiny_argos.build_package(tmp_path, from_code="en", to_code="de")
        self.refused(cli, other, packages_dir, "translates en→de, but pipeline needs a French→English (fr→en) model")

    def test_missing_file(self, cli, packages_dir, tmp_path):
        self.refused(cli, tmp_path / "nowhere.argosmodel", packages_dir, "no such file")


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args) -> None:
        pass


@pytest.fixture
def local_index(tmp_path, tiny_package, monkeypatch):
    """An Argos package index served on 127.0.0.1, listing the tiny model."""
    root = tmp_path / "index"
    root.mkdir()
    shutil.copy(tiny_package, root / "fr_en.argosmodel")
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(root)))
    base = f"http://127.0.0.1:{server.server_port}/"
    entries = [
        {"from_code": "en", "to_code": "de", "package_version": "1.0", "links": [base + "missing.argosmodel"]},
        {"from_code": "fr", "to_code": "en", "package_version": "1.0", "links": [base + "fr_en.argosmodel"]},
    ]
    (root / "index.json").write_text(json.dumps(entries))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    monkeypatch.setenv("ARGOS_PACKAGE_INDEX", base)
    yield base
    server.shutdown()
    server.server_close()


class TestFromIndex:
    def test_downloads_and_installs(self, cli, local_index, packages_dir):
        result = cli("model", "install", "--from-index", "fr", "en")
        assert result.exit_code == 0, result.output
        assert "installed translate-fr_en 1.0" in result.output
        assert "* translate-fr_en" in cli("model", "list").output

    def test_offline_is_one_clear_sentence(self, cli, packages_dir, monkeypatch):
        monkeypatch.setenv("ARGOS_PACKAGE_INDEX", "http://127.0.0.1:1/")  # nothing listens on port 1
        result = cli("model", "install", "--from-index", "fr", "en")
        assert result.exit_code == 2
        (line,) = result.output.strip().splitlines()
        assert line.startswith("Error: cannot download the Argos package index from http://127.0.0.1:1/index.json")
        assert "pipeline model install FILE.argosmodel" in line
        assert not packages_dir.exists() or not list(packages_dir.iterdir())

    def test_other_pairs_are_refused(self, cli, packages_dir):
        result = cli("model", "install", "--from-index", "en", "de")
        assert result.exit_code == 2
        assert "use --from-index fr en" in result.output

    def test_file_or_index_not_both(self, cli, tiny_package, packages_dir):
        assert cli("model", "install").exit_code == 2
        assert cli("model", "install", str(tiny_package), "--from-index", "fr", "en").exit_code == 2
