"""The import contracts in pyproject.toml ([tool.importlinter]) hold, and really catch a break.

`make lint` runs the same contracts; these tests keep them honest when only pytest is run and
prove the linter fails on a deliberate violation (planted in a throwaway copy of the code).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
LINT_IMPORTS = Path(sys.executable).with_name("lint-imports")
CONTRACTS = (
    "Layers: blueprints > services > adapters | mail | config > domain > errors",
    "Only chalicelib.adapters import boto3 and botocore",
    "Only chalicelib.blueprints (and app.py) import chalice",
)


def _lint_imports(project: Path) -> subprocess.CompletedProcess[str]:
    # lint-imports finds `chalicelib` on the path it puts first: the working directory.
    env = {key: value for key, value in os.environ.items() if key != "PYTHONPATH"}
    return subprocess.run(
        [str(LINT_IMPORTS), "--no-cache", "--no-logo"],
        cwd=project,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )


def _copy_project(target: Path) -> Path:
    shutil.copy(ROOT / "pyproject.toml", target / "pyproject.toml")
    shutil.copytree(
        ROOT / "chalicelib",
        target / "chalicelib",
        ignore=shutil.ignore_patterns("__pycache__", "*.gz", "email_templates"),
    )
    return target


def test_the_code_keeps_every_contract() -> None:
    result = _lint_imports(ROOT)
    assert result.returncode == 0, result.stdout + result.stderr
    for contract in CONTRACTS:
        assert f"{contract} KEPT" in result.stdout


def test_a_deliberate_violation_breaks_each_contract(tmp_path: Path) -> None:
    project = _copy_project(tmp_path)
    (project / "chalicelib" / "domain" / "shortcut.py").write_text(
        "import boto3\nimport chalice\n\nfrom chalicelib.services import context\n",
        encoding="utf-8",
    )
    result = _lint_imports(project)
    assert result.returncode != 0
    for contract in CONTRACTS:
        assert f"{contract} BROKEN" in result.stdout, result.stdout


def test_a_new_top_level_package_must_be_placed_in_the_layers(tmp_path: Path) -> None:
    project = _copy_project(tmp_path)
    (project / "chalicelib" / "helpers").mkdir()
    (project / "chalicelib" / "helpers" / "__init__.py").write_text("", encoding="utf-8")
    result = _lint_imports(project)
    assert result.returncode != 0
    assert "chalicelib.helpers" in result.stdout + result.stderr
