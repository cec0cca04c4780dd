"""The DynamoDB repository and the workflow adapter against moto."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from chalicelib.adapters.repository import AlreadyExists, Claim, Repository
from chalicelib.adapters.workflows import Workflows
from chalicelib.domain.ids import new_item_id, new_ticket_id
from chalicelib.domain.models import AuditEvent, Customer, Direction, Message, SlaDeadlines, Ticket
from chalicelib.errors import Conflict

NOW = datetime(2026, 11, 24, 10, 0, tzinfo=UTC)


def make(priority: str = "normal", due_hours: float = 8, email: str = "kim@example.org",
         at: datetime = NOW) -> tuple[Ticket, Customer, Message, AuditEvent]:
    ticket_id = new_ticket_id(at)
    ticket = Ticket(id=ticket_id, category="other", priority=priority, language="en", subject="s",
                    customer_email=email, created_at=at, updated_at=at,
                    sla=SlaDeadlines(first_response_due=at + timedelta(hours=due_hours),
                                     resolution_due=at + timedelta(hours=due_hours * 4)))
    customer = Customer(email=email, created_at=at)
    message = Message(id=new_item_id(at), ticket_id=ticket_id, direction=Direction.INBOUND,
                      channel="api", author=email, body="b", created_at=at)
    event = AuditEvent(id=new_item_id(at), ticket_id=ticket_id, at=at, actor="t", action="ticket.created")
    return ticket, customer, message, event


@pytest.fixture
def repo(aws: dict[str, str]) -> Repository:
    return Repository(aws["TABLE_NAME"])


def test_a_taken_claim_leaves_nothing_half_written(repo):
    first = make()
    claim = Claim(pk="IDEM#abc", sk="IDEM", attributes={"ticket_id": first[0].id})
    repo.create_ticket(*first, claims=(claim,))
    second = make()

    with pytest.raises(AlreadyExists) as taken:
        repo.create_ticket(*second, claims=(claim,))

    assert taken.value.reasons == ["IDEM#abc"]
    assert repo.get_ticket(second[0].id) is None
    assert repo.get_ticket(first[0].id) is not None


def test_a_stale_version_is_refused_and_its_event_not_written(repo):
    ticket, *rest = make()
    repo.create_ticket(ticket, *rest)
    newer = ticket.model_copy(update={"status": "open", "version": 2})
    repo.save_ticket(newer, expected_version=1)
    stale = ticket.model_copy(update={"status": "resolved", "version": 2})
    stray = AuditEvent(id=new_item_id(NOW), ticket_id=ticket.id, at=NOW, actor="t", action="lost")

    with pytest.raises(Conflict):
        repo.save_ticket(stale, expected_version=1, events=(stray,))

    history = repo.get_history(ticket.id)
    assert history is not None
    assert history.ticket.status == "open"
    assert [e.action for e in history.events] == ["ticket.created"]


def test_queue_merges_statuses_by_priority_then_deadline(repo):
    low_soon = make("low", 1)
    critical_late = make("critical", 10)
    normal_open = make("normal", 2)
    for parts in (low_soon, critical_late, normal_open):
        repo.create_ticket(*parts)
    opened = normal_open[0].model_copy(update={"status": "open", "version": 2})
    repo.save_ticket(opened, expected_version=1)

    queue = repo.queue(1, ("new", "open"), 10)

    assert [t.id for t in queue] == [critical_late[0].id, normal_open[0].id, low_soon[0].id]


def test_resolved_tickets_leave_the_queue(repo):
    ticket, *rest = make()
    repo.create_ticket(ticket, *rest)
    repo.save_ticket(ticket.model_copy(update={"status": "resolved", "version": 2}), expected_version=1)

    assert repo.queue(1, ("new", "open", "pending"), 10) == []


def test_customer_tickets_come_newest_first_across_pages(repo):
    made = [make(at=NOW + timedelta(minutes=n)) for n in range(5)]
    for parts in made:
        repo.create_ticket(*parts)

    page, cursor = repo.tickets_for_customer("kim@example.org", 3)
    rest, end = repo.tickets_for_customer("kim@example.org", 3, cursor)

    expected = [parts[0].id for parts in reversed(made)]
    assert [t.id for t in page + rest] == expected
    assert end is None or rest


def test_a_timer_starts_once_per_ticket(aws):
    workflows = Workflows(aws["state_machine_arn"])
    payload = {"ticket_id": "T-0000000000"}

    assert workflows.start_timer("T-0000000000", payload) is True
    assert workflows.start_timer("T-0000000000", {"ticket_id": "T-0000000000", "again": True}) is False
    assert workflows.timer_status("T-0000000000") in {"RUNNING", "SUCCEEDED"}
    assert workflows.timer_status("T-1111111111") is None
