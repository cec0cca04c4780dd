"""What `Macros` and `AgentStats` promise, on every store."""

from __future__ import annotations

from datetime import date

import pytest

from chalicelib.domain.macros import Macro
from chalicelib.errors import Conflict
from tests.contract.records import NOW


def test_a_macro_is_saved_once_then_from_the_version_read(store):
    macro = Macro(id="M-1", name="Where is my order", bodies={"en": "Hi {customer_name}", "es": "Hola"},
                  created_at=NOW, updated_at=NOW)
    store.macros.save(macro, None)
    with pytest.raises(Conflict):
        store.macros.save(macro, None)

    changed = macro.model_copy(update={"active": False, "version": 2})
    store.macros.save(changed, 1)
    with pytest.raises(Conflict):
        store.macros.save(macro.model_copy(update={"version": 2}), 1)
    assert store.macros.get("M-1") == changed
    assert store.macros.get("M-2") is None
    assert store.macros.all() == [changed]


def test_agent_counters_add_up_per_day_and_stay_with_their_agent(store):
    store.agent_stats.add("Ana@store.example", date(2026, 11, 24), {"replies": 1, "first_responses": 1})
    store.agent_stats.add("ana@store.example", date(2026, 11, 24), {"replies": 2, "resolutions": 0})
    store.agent_stats.add("ana@store.example", date(2026, 11, 26), {"resolutions": 1})
    store.agent_stats.add("sam@store.example", date(2026, 11, 24), {"replies": 7})

    assert store.agent_stats.days("ana@store.example", date(2026, 11, 24), date(2026, 11, 25)) == \
        {"2026-11-24": {"replies": 3, "first_responses": 1}}
    assert store.agent_stats.days("ana@store.example", date(2026, 11, 1), date(2026, 11, 30))["2026-11-26"] == \
        {"resolutions": 1}
