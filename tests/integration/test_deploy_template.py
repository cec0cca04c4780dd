"""`make package` for every stage gives a template cfn-lint accepts, wired to its own resources."""

from __future__ import annotations

import json

import pytest

from scripts import package

STAGES = sorted(package.stages())


@pytest.mark.parametrize("stage", STAGES)
def test_every_stage_packages_and_passes_cfn_lint(stage):
    out = package.package(stage)
    package.lint(out / "sam.json")  # raises on any cfn-lint error

    template = json.loads((out / "sam.json").read_text())
    resources = template["Resources"]
    for name in ("APIHandler", "InboundEmail", "SlaCheck", "SlaSweep", "DeskTable", "SlaStateMachine"):
        assert name in resources, name
    assert resources["APIHandler"]["Properties"]["Environment"]["Variables"]["TABLE_NAME"] == {"Ref": "DeskTable"}
    machine = resources["SlaStateMachine"]["Properties"]
    assert machine["Definition"]["StartAt"] == "Check"
    assert "DeadLetterQueue" in resources["InboundEmail"]["Properties"]
    facts = json.loads((out / "deploy.json").read_text())
    assert facts["region"] == package.region_of(stage)
