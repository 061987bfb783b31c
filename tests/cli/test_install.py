"""A plain (non-editable) `pip install .` gives a working `assess` outside the repository: rubrics ship inside."""

from __future__ import annotations

import importlib.util
import os
import shutil
import subprocess
import sys
import sysconfig
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent.parent
PACKAGED = ["pyproject.toml", "README.md", "assess", "rubrics", "templates", "schemas"]


def run(*args: str, cwd: Path, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(list(args), cwd=cwd, env={**os.environ, **(env or {})}, capture_output=True, text=True, timeout=300)


@pytest.mark.slow
def test_pip_install_then_validate_outside_the_repo(tmp_path):
    # The sources are copied first so that the build never writes into the repository.
    source = tmp_path / "src"
    source.mkdir()
    for name in PACKAGED:
        item = ROOT / name
        if item.is_dir():
            shutil.copytree(item, source / name, ignore=shutil.ignore_patterns("__pycache__"))
        elif item.exists():
            shutil.copy(item, source / name)

    venv = tmp_path / "venv"
    # Without its own pip (ensurepip takes ~15 s): the running pip installs into it with --python.
    made = run(sys.executable, "-m", "venv", "--without-pip", str(venv), cwd=tmp_path)
    assert made.returncode == 0, made.stderr
    python = venv / "bin" / "python"
    # Dependencies come from the running environment (no network needed): a .pth file puts its site-packages
    # *after* the new venv's own, so the freshly installed `assess` wins over any editable one.
    site = run(str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])", cwd=tmp_path).stdout.strip()
    ours = {sysconfig.get_paths()["purelib"], sysconfig.get_paths()["platlib"]}
    Path(site, "zz_parent_env.pth").write_text("\n".join(sorted(ours)) + "\n")

    # --ignore-installed: never touch the `assess` the .pth makes visible (it belongs to the running environment).
    install = [sys.executable, "-m", "pip", "--python", str(python), "install", "--no-deps", "--ignore-installed",
               "--no-input", "--disable-pip-version-check"]
    if importlib.util.find_spec("hatchling") is not None:
        install.append("--no-build-isolation")  # the build backend is here already: no download
    done = run(*install, str(source), cwd=tmp_path)
    assert done.returncode == 0, done.stdout + done.stderr

    where = run(str(python), "-c", "import assess, sys; print(assess.__file__)", cwd=tmp_path).stdout.strip()
    assert Path(where).resolve().is_relative_to(venv.resolve()), f"assess imported from {where}, not the venv"

    cases = tmp_path / "elsewhere" / "cases"
    shutil.copytree(ROOT / "cases", cases)
    assess = venv / "bin" / "assess"
    result = run(str(assess), "validate", "russia_nk.yaml", cwd=cases)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "russia_nk.yaml: ok" in result.stdout and "rubric 'un_guidance'" in result.stdout
    # The rubric came from the wheel, not from a folder next to the case.
    assert not (cases / "rubrics").exists() and not (cases.parent / "rubrics").exists()
    listed = run(str(assess), "rubric", "list", cwd=cases)
    assert listed.returncode == 0 and "un_guidance" in listed.stdout
