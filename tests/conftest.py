"""Fixtures shared by every layer. AWS is moto on loopback, never a hand-written mock."""

from __future__ import annotations

import logging
import os
import sys
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SHARED_DATA = ROOT.parent / "shared" / "data"
sys.path.insert(0, str(ROOT))
logging.getLogger("werkzeug").setLevel(logging.WARNING)  # moto's request log drowns failures


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """The longest files first, then the local stack's: with two workers taking whole files
    (`make test`: --dist loadfile, in this order), a long file started last would make the run
    as long as itself plus everything before it."""
    items.sort(key=lambda item: 0 if item.get_closest_marker("long") else 1 if item.get_closest_marker("e2e") else 2)


@pytest.fixture(scope="session")
def emulator() -> Iterator[object]:
    from devstack.emulator import Emulator

    server = Emulator().start()
    yield server
    server.stop()


@pytest.fixture
def dynamodb_table(emulator: object) -> Iterator[str]:
    """A table of the desk's shape (from `templates/resources.json`) on the emulator, for one test:
    all the store's tests need, and much less than a provisioned account (`aws`)."""
    import boto3

    from devstack.provision import table_definition

    name = f"table-{uuid.uuid4().hex[:12]}"
    client = boto3.client("dynamodb")
    client.create_table(**table_definition(name))
    yield name
    client.delete_table(TableName=name)


@pytest.fixture
def aws(emulator: object, tmp_path: Path) -> Iterator[dict[str, str]]:
    """A clean AWS account with the desk's resources, and an outbox folder for sent mail."""
    import app as application
    from devstack import emulator as emu
    from devstack import provision
    from devstack.stack import apply_environment, register_app_functions

    emulator.reset()  # type: ignore[attr-defined]
    saved = dict(os.environ)
    env = apply_environment()
    made = provision.provision(env)
    register_app_functions(application.app)
    outbox = tmp_path / "outbox"
    emu.add_outbox(outbox)
    yield {**env, **made, "outbox": str(outbox)}
    emu._outbox_dirs.remove(outbox)
    os.environ.clear()
    os.environ.update(saved)


@pytest.fixture
def keys(aws: dict[str, str]) -> dict[str, str]:
    from devstack.stack import issue_keys

    return issue_keys()


@pytest.fixture
def client(aws: dict[str, str]) -> Iterator[object]:
    from chalice.test import Client

    import app as application
    from devstack.gateway import apply_gateway_responses

    apply_gateway_responses()  # answer as the deployed gateway does: its responses in our envelope
    with Client(application.app, stage_name="dev", project_dir=str(ROOT)) as test_client:
        yield test_client
