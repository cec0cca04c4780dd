"""Categories, priorities, channels and roles are defined once, in chalicelib/domain/, and
everything else (the API's schemas, triage, labels, the local stack) derives from there."""

from __future__ import annotations

import ast
import gzip
import json
from pathlib import Path
from typing import Any, get_args

import pytest

from chalicelib.domain import access, models, triage
from chalicelib.mail.labels import category_label
from chalicelib.services import schemas

ROOT = Path(__file__).resolve().parents[2]
VOCABULARIES = {
    "categories": set(models.CATEGORIES),
    "priorities": set(models.PRIORITIES),
    "channels": set(models.CHANNELS),
    "roles": set(access.ROLES),
}
# Where each list is written out; anywhere else it must be imported.
DEFINED_IN = {
    "categories": ROOT / "chalicelib" / "domain" / "models.py",
    "priorities": ROOT / "chalicelib" / "domain" / "models.py",
    "channels": ROOT / "chalicelib" / "domain" / "models.py",
    "roles": ROOT / "chalicelib" / "domain" / "access.py",
}


def _accepted(model: type[Any], field: str) -> set[str]:
    annotation = model.model_fields[field].annotation
    literal = next((arg for arg in get_args(annotation) if get_args(arg)), annotation)
    return set(get_args(literal))


@pytest.mark.parametrize(
    ("model", "field", "vocabulary"),
    [
        (schemas.NewTicket, "channel", "channels"),
        (schemas.NewApiKey, "role", "roles"),
        (schemas.TriageCorrection, "category", "categories"),
        (schemas.TriageCorrection, "priority", "priorities"),
    ],
)
def test_the_api_accepts_exactly_the_domain_values(model: type[Any], field: str, vocabulary: str) -> None:
    assert _accepted(model, field) == VOCABULARIES[vocabulary]


def test_the_domain_tuples_follow_the_enums() -> None:
    assert tuple(models.Priority) == models.PRIORITIES
    assert tuple(models.Channel) == models.CHANNELS
    assert set(models.PRIORITY_RANK) == set(models.Priority)
    assert set(access.AGENT_ROLES) < set(access.ROLES)


def test_triage_and_its_model_use_the_domain_lists() -> None:
    assert triage.CATEGORIES is models.CATEGORIES
    assert triage.PRIORITIES is models.PRIORITIES
    shipped = json.loads(gzip.decompress(triage.MODEL_PATH.read_bytes()))
    assert tuple(shipped["categories"]) == models.CATEGORIES


@pytest.mark.parametrize("language", ["en", "es", "fr", "de"])
def test_every_category_has_its_own_label(language: str) -> None:
    labels = {category: category_label(category, language) for category in models.CATEGORIES}
    assert len(set(labels.values())) == len(models.CATEGORIES), labels


def test_the_local_stack_issues_a_key_per_domain_role() -> None:
    from devstack import stack

    assert stack.ROLES is access.ROLES


def _string_sequences(tree: ast.AST) -> list[tuple[int, set[str]]]:
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Tuple | ast.List | ast.Set):
            values = [item.value for item in node.elts if isinstance(item, ast.Constant)]
            strings = {value for value in values if isinstance(value, str)}
            if len(strings) >= 3:
                found.append((node.lineno, strings))
    return found


def test_no_module_writes_out_a_list_of_its_own() -> None:
    sources = [ROOT / "app.py", *(ROOT / "chalicelib").rglob("*.py")]
    sources += [*(ROOT / "devstack").rglob("*.py"), *(ROOT / "scripts").rglob("*.py")]
    copies = []
    for path in sources:
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for line, strings in _string_sequences(tree):
            for name, vocabulary in VOCABULARIES.items():
                # A rule over a few categories is fine; (nearly) the whole list is a copy.
                if len(strings & vocabulary) >= max(3, len(vocabulary) - 1) and path != DEFINED_IN[name]:
                    copies.append(f"{path.relative_to(ROOT)}:{line} repeats the {name}")
    assert not copies, copies
