"""The import contracts in pyproject.toml ([tool.importlinter]) hold, and really catch a break.

`make lint` runs the same contracts; these tests keep them honest when only pytest is run and
prove the linter fails on a deliberate violation (planted in a throwaway copy of the code).
"""

from __future__ import annotations

import os
import re
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
    "Services and blueprints use the store's ports, never its layout",
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
    (project / "chalicelib" / "services" / "shortcut.py").write_text(
        "from chalicelib.adapters import keys\n", encoding="utf-8")
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


# The table's layout lives in chalicelib/adapters (keys.py): services, blueprints, mail and the
# domain name what they want of the store (ports.py), never a key, an index or a DynamoDB type.
LAYOUT_WORDS = re.compile(
    r"""["'](PK|SK)["']|TICKET#|IDEM#|INBOUND#|MSGID#|CUST#|QUAR#|REM#|MSG#|EVT#|OUT#|GSI|APPROVALS#|APIKEY#"""
    r"""|QUEUE#|ORDER#|OUTBOX#|["']S["']\s*:|LastEvaluatedKey|ExclusiveStartKey|IndexName"""
)
OUTSIDE_THE_ADAPTERS = ("services", "blueprints", "mail", "domain", "config.py", "errors.py")


def _layout_leaks(project: Path) -> list[str]:
    found = []
    for place in OUTSIDE_THE_ADAPTERS:
        target = project / "chalicelib" / place
        for path in sorted([target] if target.is_file() else target.rglob("*.py")):
            for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
                if LAYOUT_WORDS.search(line):
                    found.append(f"{path.relative_to(project)}:{number}: {line.strip()}")
    return found


def test_no_key_or_index_of_the_table_outside_the_adapters() -> None:
    assert _layout_leaks(ROOT) == []


def test_the_layout_check_finds_a_key_built_in_a_service(tmp_path: Path) -> None:
    planted = tmp_path / "chalicelib" / "services"
    planted.mkdir(parents=True)
    (planted / "shortcut.py").write_text('key = {"PK": f"TICKET#{ticket_id}", "SK": "META"}\n', encoding="utf-8")
    (tmp_path / "chalicelib" / "blueprints").mkdir()
    (tmp_path / "chalicelib" / "blueprints" / "route.py").write_text(
        'items = repo.list_index("GSI2", "APPROVALS#1")\n', encoding="utf-8")

    leaks = _layout_leaks(tmp_path)

    assert [leak.split(":")[0] for leak in leaks] == ["chalicelib/services/shortcut.py",
                                                      "chalicelib/blueprints/route.py"]
