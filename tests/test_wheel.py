"""The wheel built from a clean checkout holds everything the installed package reads and serves.

The package's data files (templates, static files, the vendored Cytoscape.js, vocabularies, the relation model,
the knowledge base, the samples, the migrations) reach a wheel only through pyproject.toml's package-data globs.
A file that a glob misses, or one that .gitignore keeps out of the repository, is there in a development checkout
and missing from an install, which is how the vendored Cytoscape.js once went missing. So the test builds a
wheel from the files a clean clone would have (``git ls-files``: tracked, plus untracked files that are not
ignored, which a commit would add) and checks that every file of the package is in it and every package-data
glob found what it matched in the tree.

The build uses the test environment's setuptools, with no build isolation and no index (no network). It is
skipped where that setuptools is older than pyproject.toml's build requirement or the tree is not a git checkout.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tomllib
import zipfile
from importlib.metadata import version
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = "factionmap"
BUILD_TIMEOUT_S = 120
VENDORED = "factionmap/web/static/vendor/cytoscape.min.js"


def _setuptools_major() -> int:
    try:
        return int(version("setuptools").split(".")[0])
    except Exception:  # not installed, or an unusual version string
        return 0


def _required_setuptools() -> int:
    """The major version in pyproject.toml's build requirement ``setuptools>=N``."""
    requires = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["build-system"]["requires"]
    spec = next(r for r in requires if r.replace(" ", "").startswith("setuptools>="))
    return int(spec.split(">=")[1].split(".")[0].split(",")[0])


def _checkout_files() -> list[str]:
    """The files of a clean clone once the working tree's changes are committed: tracked and not-ignored
    untracked files, less any deleted from the working tree."""
    if shutil.which("git") is None:
        pytest.skip("git is not installed")
    listing = subprocess.run(
        ["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
        cwd=ROOT,
        capture_output=True,
        check=False,
    )
    if listing.returncode != 0:
        pytest.skip("not a git checkout")
    return sorted({name for name in listing.stdout.decode().split("\0") if name and (ROOT / name).is_file()})


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> tuple[Path, list[str], set[str]]:
    """(the copied source tree, its files under factionmap/, the names in the wheel built from it)."""
    required = _required_setuptools()
    if _setuptools_major() < required:
        pytest.skip(
            f"building the wheel offline needs setuptools>={required} in the test environment "
            f"(found {version('setuptools') if _setuptools_major() else 'none'})"
        )
    files = _checkout_files()
    src, out = tmp_path_factory.mktemp("src"), tmp_path_factory.mktemp("wheel")
    wanted = [f for f in files if f.startswith(f"{PACKAGE}/") or "/" not in f]  # the package and top-level files
    for name in wanted:
        (src / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(ROOT / name, src / name)
    offline = ["--no-deps", "--no-build-isolation", "--no-index"]  # this tree alone, with the installed setuptools
    result = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", *offline, "-q", "-w", str(out), str(src)],
        capture_output=True,
        text=True,
        timeout=BUILD_TIMEOUT_S,
        check=False,
    )
    assert result.returncode == 0, f"pip wheel failed:\n{result.stdout}\n{result.stderr}"
    (wheel,) = out.glob(f"{PACKAGE}-*.whl")
    with zipfile.ZipFile(wheel) as archive:
        names = set(archive.namelist())
        assert archive.read(VENDORED) == (ROOT / VENDORED).read_bytes()
    return src, [f for f in wanted if f.startswith(f"{PACKAGE}/")], names


def test_the_vendored_library_is_in_the_checkout():
    """A wheel can only hold it if a clone has it: committed, and not ignored by .gitignore."""
    assert VENDORED in _checkout_files(), f"{VENDORED} is ignored or missing: `git add` it (see tools/build_static.sh)"


def test_every_file_of_the_package_is_in_the_wheel(built):
    _src, files, names = built
    missing = [f for f in files if f not in names]
    assert missing == [], f"not in the wheel (add a package-data glob in pyproject.toml): {missing}"


@pytest.mark.parametrize(
    "folder",
    [
        "factionmap/web/static",
        "factionmap/web/templates",
        "factionmap/extract/model",
        "factionmap/kb/data",
        "factionmap/samples",
        "factionmap/store/migrations/versions",
    ],
)
def test_what_the_server_reads_and_serves_is_in_the_wheel(built, folder):
    _src, files, names = built
    expected = [f for f in files if f.startswith(f"{folder}/")]
    assert expected, f"nothing under {folder} in the checkout"
    assert [f for f in expected if f not in names] == []


def test_every_package_data_glob_is_honoured(built):
    """What each glob of [tool.setuptools.package-data] matches in the tree is in the wheel."""
    src, _files, names = built
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    globs = config["tool"]["setuptools"]["package-data"][PACKAGE]
    assert "web/static/vendor/*" in globs and "web/templates/*.html" in globs
    for pattern in globs:
        matched = [p.relative_to(src).as_posix() for p in (src / PACKAGE).glob(pattern) if p.is_file()]
        assert [m for m in matched if m not in names] == [], pattern
    for data in ("factionmap/vocab.yaml", "factionmap/extract/model/relations.npz", "factionmap/kb/data"):
        assert any(name == data or name.startswith(f"{data}/") for name in names), data
