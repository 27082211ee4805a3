"""The built wheel, installed as a user or an administrator installs it: into a fresh virtual
environment outside the checkout, run from another folder. It must find its shipped packs and
resources, and an unrelated distribution with a top-level `app` package installed beside it must
change nothing (Brightline installs no top-level `app`).

Building the wheel and the environment takes half a minute or more (the dependencies come from
pip's cache or PyPI), so the environment is made once for the module.
"""

from __future__ import annotations

import os
import subprocess
import sys
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
BIN = "Scripts" if os.name == "nt" else "bin"

pytestmark = pytest.mark.slow


def _run(command: list[str], cwd: Path, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(command, cwd=cwd, env=env, capture_output=True, text=True, timeout=900)


def _checked(command: list[str], cwd: Path) -> None:
    done = _run(command, cwd)
    assert done.returncode == 0, f"{' '.join(command)} failed:\n{done.stdout[-2000:]}\n{done.stderr[-2000:]}"


def _unrelated_app_project(folder: Path) -> Path:
    """A distribution unrelated to Brightline that installs a top-level `app` package, as the one
    that once overwrote Brightline's files did."""
    project = folder / "unrelated"
    (project / "app").mkdir(parents=True)
    (project / "app" / "__init__.py").write_text('NAME = "unrelated"\n', encoding="utf-8")
    (project / "app" / "__main__.py").write_text('print("unrelated app")\n', encoding="utf-8")
    (project / "pyproject.toml").write_text(
        '[build-system]\nrequires = ["setuptools>=68"]\nbuild-backend = "setuptools.build_meta"\n\n'
        '[project]\nname = "unrelated-app"\nversion = "1.0"\n\n[tool.setuptools]\npackages = ["app"]\n',
        encoding="utf-8",
    )
    return project


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Path, Path]]:
    """(the wheel, a fresh venv with it installed), both outside the checkout."""
    outside = tmp_path_factory.mktemp("installed")
    wheels = outside / "wheels"
    _checked([sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "-w", str(wheels), str(ROOT)], outside)
    [wheel] = wheels.glob("brightline-*.whl")
    venv = outside / "venv"
    _checked([sys.executable, "-m", "venv", str(venv)], outside)
    _checked([str(venv / BIN / "python"), "-m", "pip", "install", "--quiet", str(wheel)], outside)
    yield wheel, venv


def _brightline(venv: Path, *args: str, cwd: Path, data: Path) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("BRIGHTLINE_", "PYTHON", "VIRTUAL_ENV"))}
    env.update(QT_QPA_PLATFORM="offscreen", BRIGHTLINE_DATA_DIR=str(data))
    return _run([str(venv / BIN / "brightline"), *args], cwd, env)


def test_the_wheel_carries_the_packs_and_resources_and_no_top_level_app(installed: tuple[Path, Path]) -> None:
    wheel, _ = installed
    names = zipfile.ZipFile(wheel).namelist()
    shipped_packs = {p.name for p in (ROOT / "decision_trees").iterdir() if (p / "pack.yaml").is_file()}
    assert shipped_packs and all(f"brightline/shipped/decision_trees/{p}/pack.yaml" in names for p in shipped_packs)
    assert "brightline/shipped/resources/style.qss" in names
    assert not [n for n in names if n.startswith("app/")]
    assert {n.split("/")[0] for n in names if not n.startswith("brightline-")} == {"brightline"}
    assert any(n.endswith("licenses/LICENSE") for n in names)


def test_the_installed_app_works_from_another_folder(installed: tuple[Path, Path], tmp_path: Path) -> None:
    _, venv = installed
    listed = _brightline(venv, "list", cwd=tmp_path, data=tmp_path / "data")
    assert listed.returncode == 0, listed.stderr
    assert "pasadena/detainer-request  An ICE detainer (hold request) arrived" in listed.stdout.splitlines()
    tested = _brightline(venv, "self-test", cwd=tmp_path, data=tmp_path / "data")
    assert tested.returncode == 0, tested.stdout + tested.stderr
    assert tested.stdout.startswith("OK: 5 packs")
    version = _run([str(venv / BIN / "python"), "-m", "brightline", "--version"], tmp_path)
    assert version.returncode == 0 and version.stdout.startswith("brightline ")


def test_an_unrelated_top_level_app_beside_it_changes_nothing(installed: tuple[Path, Path], tmp_path: Path) -> None:
    _, venv = installed
    before = _brightline(venv, "list", cwd=tmp_path, data=tmp_path / "data")
    project = _unrelated_app_project(tmp_path)
    _checked([str(venv / BIN / "python"), "-m", "pip", "install", "--quiet", str(project)], tmp_path)
    check = _run([str(venv / BIN / "python"), "-m", "pip", "check"], tmp_path)
    assert check.returncode == 0, check.stdout
    after = _brightline(venv, "list", cwd=tmp_path, data=tmp_path / "data")
    assert after.returncode == 0 and after.stdout == before.stdout
    assert _brightline(venv, "self-test", cwd=tmp_path, data=tmp_path / "data").returncode == 0
    # ... and Brightline took nothing from it: `app` is the unrelated package, whole.
    other = _run([str(venv / BIN / "python"), "-m", "app"], tmp_path)
    assert other.stdout.strip() == "unrelated app"
