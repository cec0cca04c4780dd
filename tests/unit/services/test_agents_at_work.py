"""Agents as people on the in-memory ports: owning tickets (and sixteen at once), what a frontline
agent may not do, finding tickets, saved replies in the customer's language, and the KPIs counted
for the person who did the work, satisfaction ratings included."""

from __future__ import annotations

import re
import threading

import pytest

from chalicelib.domain.people import Agent
from chalicelib.errors import Conflict, Forbidden
from chalicelib.services import (
    agent_kpis,
    intake,
    macros,
    ownership,
    replies,
    surveys,
    ticket_search,
    tickets,
)
from chalicelib.services.agent_schemas import TicketsQuery
from chalicelib.services.agents import caller_for
from chalicelib.services.schemas import NewTicket, StatusChange
from tests.unit.services.conftest import STOREFRONT

LINK = re.compile(r"/survey/([A-Za-z0-9._-]+)")


def person(fake, email: str, name: str, tier: int | str):
    agent = Agent(email=email, name=name, tier=tier, created_at=fake.clock.now, updated_at=fake.clock.now)
    fake.store.agents.save(agent, None)
    return caller_for(agent)


def opened(fake, email: str = "jane@example.org", body: str = "My kettle stopped working after two days.",
           **extra):
    request = NewTicket.model_validate({"customer": {"email": email, "name": "Jane"}, "subject": "Kettle",
                                        "body": body, **extra})
    return intake.open_from_api(fake.desk, request, STOREFRONT, None).ticket


@pytest.fixture
def team(fake):
    return {"ana": person(fake, "ana@store.example", "Ana Ruiz", 1),
            "bo": person(fake, "bo@store.example", "Bo Berg", 1),
            "sam": person(fake, "sam@store.example", "Sam Senior", 2)}


def test_sixteen_takes_at_once_leave_one_owner_and_one_audit_event(fake, team):
    ticket = opened(fake)
    outcomes: list[str] = []

    def take(caller):
        try:
            ownership.assign(fake.desk, ticket.id, "me", caller)
            outcomes.append(caller.email)
        except Conflict as refused:
            outcomes.append(refused.code)

    threads = [threading.Thread(target=take, args=(team["ana"] if n % 2 else team["bo"],)) for n in range(16)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    owner = tickets.load(fake.desk, ticket.id)
    assert owner.assignee in {"ana@store.example", "bo@store.example"}
    assert outcomes.count(owner.assignee) == 8  # the owner's own retries are no-ops, not errors
    assert outcomes.count("already_assigned") == 8
    history = tickets.history(fake.desk, ticket.id, team["sam"])
    assert [e.action for e in history.events].count("ticket.assigned") == 1
    assert owner.version == ticket.version + 1  # the no-ops saved nothing


def test_a_frontline_agent_neither_takes_an_owned_ticket_nor_assigns_others(fake, team):
    ticket = opened(fake)
    ownership.assign(fake.desk, ticket.id, "me", team["ana"])

    with pytest.raises(Conflict):
        ownership.assign(fake.desk, ticket.id, "me", team["bo"])
    with pytest.raises(Forbidden):
        ownership.assign(fake.desk, ticket.id, "bo@store.example", team["ana"])
    handed = ownership.assign(fake.desk, ticket.id, "bo@store.example", team["sam"], note="Ana is off today")

    assert (handed.assignee, handed.assignee_name) == ("bo@store.example", "Bo Berg")
    events = tickets.history(fake.desk, ticket.id, team["sam"]).events
    assert [(e.actor, e.before, e.after) for e in events if e.action == "ticket.reassigned"] == \
        [("sam@store.example", {"assignee": "ana@store.example"}, {"assignee": "bo@store.example"})]


def test_my_tickets_and_an_order_written_in_the_message(fake, team):
    mine = opened(fake, body="Order #A-2042 came with a red mug instead of a blue one.")
    other = opened(fake, email="li@example.org")
    ownership.assign(fake.desk, mine.id, "me", team["ana"])

    found, _ = ticket_search.find(fake.desk, TicketsQuery.model_validate({"assignee": "me"}), team["ana"])
    by_order, _ = ticket_search.find(fake.desk, TicketsQuery.model_validate({"order_id": "A-2042"}), team["bo"])
    by_email, _ = ticket_search.find(fake.desk, TicketsQuery.model_validate({"email": "LI@example.org"}), team["bo"])

    assert [t.id for t in found] == [mine.id]
    assert [t.id for t in by_order] == [mine.id]
    assert [t.id for t in by_email] == [other.id]


def test_a_saved_reply_is_rendered_in_the_customers_language_with_the_agents_name(fake, team):
    admin = person(fake, "root@store.example", "Root", "admin")
    ticket = opened(fake, body="Mi pedido 5512 llegó roto, ¿qué puedo hacer?", order_id="5512")
    macro = macros.create(fake.desk, "Broken on arrival", {
        "en": "Hello {customer_name}, sorry about order {order_id}. {agent_name}",
        "es": "Hola {customer_name}, sentimos lo del pedido {order_id} ({ticket_id}). {agent_name}"}, admin)

    rendered = macros.render(fake.desk, ticket.id, macro.id, team["ana"])

    assert rendered["language"] == "es"
    assert rendered["body"] == f"Hola Jane, sentimos lo del pedido 5512 ({ticket.id}). Ana Ruiz"


def test_kpis_count_for_the_person_and_a_changed_rating_counts_once(fake, team):
    fake.desk.settings = fake.desk.settings.model_copy(update={"public_base_url": "https://support.example.com/api"})
    ticket = opened(fake)
    fake.clock.advance(minutes=30)
    replies.reply(fake.desk, ticket.id, "A new kettle is on its way.", team["ana"])
    tickets.set_status(fake.desk, ticket.id, StatusChange(status="resolved"), team["ana"])
    token = {t for m in fake.mail_to("jane@example.org") for t in LINK.findall(m.get_body(("plain",)).get_content())}

    surveys.open_link(fake.desk, next(iter(token)), "2")  # one click in the mail...
    surveys.submit(fake.desk, next(iter(token)), {"csat": "5", "nps": "9"})  # ...then the form, changed

    day = fake.clock.now.date()
    kpis = agent_kpis.report(fake.desk, "ana@store.example", day, day)
    assert (kpis["replies"], kpis["first_responses"], kpis["first_response_minutes_avg"], kpis["resolutions"]) == \
        (1, 1, 30.0, 1)
    assert kpis["csat"] == {"responses": 1, "average": 5.0, "satisfied_share": 1.0}
    assert agent_kpis.report(fake.desk, "bo@store.example", day, day)["csat"] is None
