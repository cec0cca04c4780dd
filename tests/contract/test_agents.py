"""What `Agents` promises, on every store: one record per address (any case), saved once then
only from the version read, listed by address."""

from __future__ import annotations

import pytest

from chalicelib.domain.people import Agent
from chalicelib.errors import Conflict
from tests.contract.records import NOW


def agent(email: str, tier: int | str = 1, **overrides) -> Agent:
    return Agent(email=email, name=email.split("@")[0].title(), tier=tier, created_at=NOW, updated_at=NOW,
                 **overrides)


def test_an_agent_is_saved_once_then_changed_only_from_the_version_read(store):
    store.agents.save(agent("ana@store.example", language="es"), None)

    with pytest.raises(Conflict) as taken:
        store.agents.save(agent("ana@store.example"), None)
    assert taken.value.code == "agent_exists"
    found = store.agents.get("ANA@store.example")
    assert found is not None and found.language == "es" and found.tier == 1

    promoted = found.model_copy(update={"tier": "admin", "version": 2, "active": False})
    store.agents.save(promoted, 1)
    with pytest.raises(Conflict) as stale:
        store.agents.save(found.model_copy(update={"tier": 3, "version": 2}), 1)
    assert stale.value.code == "version_conflict"
    assert store.agents.get("ana@store.example") == promoted


def test_agents_are_listed_by_address_and_an_unknown_one_is_none(store):
    for email, tier in (("sam@store.example", 2), ("ana@store.example", 3)):
        store.agents.save(agent(email, tier), None)

    assert [(a.email, a.tier) for a in store.agents.all()] == [("ana@store.example", 3), ("sam@store.example", 2)]
    assert store.agents.get("nobody@store.example") is None
