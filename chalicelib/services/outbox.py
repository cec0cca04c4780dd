"""Side effects, recorded first and carried out after.

Whatever the desk promises after a change (an acknowledgement, a reply, a tier mail, a remedy
event, a timer start or stop) is saved as outbox work in the same transaction as the change. The
request that made the change then carries it out at once and marks it done; when the process dies
in between or the call fails, the sweeper finds the work still pending and tries again with backoff,
then gives up visibly (an audit event on the ticket) after `MAX_ATTEMPTS`.

Sending is at least once: the only window for a second send is a crash after SES accepted the mail
and before it was marked sent. Each piece of work carries its own id (our Message-ID, the event id,
the execution name), so a receiver can drop a second copy.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Iterable
from datetime import timedelta
from typing import Any

from ..domain.ids import new_item_id
from ..domain.models import AuditEvent, OutboxItem
from ..errors import DeskError, PermanentFailure
from ..mail.message_ids import ses_message_key
from .context import Desk

log = logging.getLogger(__name__)

# The request that records work carries it out itself: the sweeper leaves it alone this long.
LEASE = timedelta(minutes=2)
MAX_ATTEMPTS = 8
_BACKOFF_MINUTES = (1, 2, 5, 10, 30, 60, 120, 240)


def email(desk: Desk, ticket_id: str, purpose: str, recipients: list[str], raw: bytes, message_id: str,
          links: dict[str, str] | None = None, thread_ses_id: bool = False) -> OutboxItem:
    """An email to send as composed. `thread_ses_id`: map the id SES gives it to the ticket, so a
    reply to it threads home (SES replaces our Message-ID with its own)."""
    now = desk.now()
    return OutboxItem(
        id=message_id, ticket_id=ticket_id, kind="email", purpose=purpose, created_at=now,
        next_attempt_at=now + LEASE, mime=raw,
        payload={"sender": desk.settings.support_address, "recipients": recipients,
                 "thread_ses_id": thread_ses_id},
        links=links or {},
    )


def event(desk: Desk, ticket_id: str, purpose: str, detail_type: str, detail: dict[str, Any],
          event_id: str, links: dict[str, str] | None = None) -> OutboxItem:
    now = desk.now()
    return OutboxItem(
        id=event_id, ticket_id=ticket_id, kind="event", purpose=purpose, created_at=now,
        next_attempt_at=now + LEASE,
        payload={"detail_type": detail_type, "detail": {**detail, "event_id": event_id}},
        links=links or {},
    )


def timer(desk: Desk, ticket_id: str, execution_name: str, payload: dict[str, Any]) -> OutboxItem:
    now = desk.now()
    return OutboxItem(
        id=f"timer.{execution_name}", ticket_id=ticket_id, kind="timer", purpose="timer_start",
        created_at=now, next_attempt_at=now + LEASE,
        payload={"execution_name": execution_name, "input": payload},
    )


def timer_stop(desk: Desk, ticket_id: str, execution_name: str) -> OutboxItem:
    """Stop a timer the ticket no longer needs (resolved, closed, or replaced by a new one)."""
    now = desk.now()
    return OutboxItem(
        id=f"timer_stop.{execution_name}", ticket_id=ticket_id, kind="timer_stop", purpose="timer_stop",
        created_at=now, next_attempt_at=now + LEASE, payload={"execution_name": execution_name},
    )


def deliver(desk: Desk, work: Iterable[OutboxItem]) -> dict[str, dict[str, Any]]:
    """Carry out work just recorded, then mark what was done in one write; what fails stays pending
    for the sweeper. Never raises."""
    results: dict[str, dict[str, Any]] = {}
    finished: list[tuple[OutboxItem, dict[str, Any], str | None]] = []
    for item in work:
        outcome = _attempt(desk, item, mark=False)
        if outcome is not None:
            results[item.id] = outcome
            finished.append((item, outcome, _thread_key(item, outcome)))
    _mark_done(desk, finished)
    return results


def retry_due(desk: Desk, limit: int = 200, budget_seconds: float = 20.0) -> dict[str, Any]:
    """The sweeper's part: pending work whose time has come, within a time budget."""
    started = time.monotonic()
    now = desk.now()
    done: list[str] = []
    failed: list[str] = []
    skipped = 0
    for item in desk.store.outbox.due(now, limit):
        if time.monotonic() - started > budget_seconds:
            break
        if not desk.store.outbox.lease(item, now + LEASE):
            skipped += 1  # another worker has it
            continue
        leased = item.model_copy(update={"next_attempt_at": now + LEASE})
        (done if _attempt(desk, leased, late=True) is not None else failed).append(item.id)
    return {"outbox_done": done, "outbox_failed": failed, "outbox_skipped": skipped}


def _attempt(desk: Desk, item: OutboxItem, late: bool = False, mark: bool = True) -> dict[str, Any] | None:
    try:
        result = _perform(desk, item, late)
    except PermanentFailure as error:
        _failed(desk, item, str(error), give_up=True)
        return None
    except DeskError as error:
        _failed(desk, item, str(error), give_up=item.attempts + 1 >= MAX_ATTEMPTS)
        return None
    except Exception as error:  # an adapter bug must not lose the work: keep it for the sweeper
        log.exception("outbox work failed unexpectedly", extra={"ticket_id": item.ticket_id, "work": item.id})
        _failed(desk, item, f"{type(error).__name__}: {error}", give_up=item.attempts + 1 >= MAX_ATTEMPTS)
        return None
    if mark:
        _mark_done(desk, [(item, result, _thread_key(item, result))])
    return result


def _thread_key(item: OutboxItem, result: dict[str, Any]) -> str | None:
    if item.payload.get("thread_ses_id") and result.get("ses_message_id"):
        return ses_message_key(result["ses_message_id"])
    return None


def _mark_done(desk: Desk, finished: list[tuple[OutboxItem, dict[str, Any], str | None]]) -> None:
    if not finished:
        return
    try:
        desk.store.outbox.done_all(finished)
    except DeskError:
        # Done but not marked: the sweeper would do it again, and the receiver dedupes on our id.
        log.exception("outbox work done but not marked",
                      extra={"ticket_id": finished[0][0].ticket_id, "work": [w.id for w, _, _ in finished]})


def _perform(desk: Desk, item: OutboxItem, late: bool = False) -> dict[str, Any]:
    payload = item.payload
    if item.kind == "email":
        if item.mime is None:
            raise PermanentFailure("the email's content is missing")
        ses_id = desk.mailer.send_raw(str(payload["sender"]), list(payload["recipients"]), item.mime)
        return {"ses_message_id": ses_id}
    if item.kind == "event":
        desk.bus.publish(str(payload["detail_type"]), dict(payload["detail"]))
        return {}
    if item.kind == "timer":
        if late and _timer_superseded(desk, item):
            return {"started": False, "superseded": True}
        started = desk.workflows.start_timer(str(payload["execution_name"]), dict(payload["input"]))
        return {"started": started}
    if item.kind == "timer_stop":
        # Execution names are never reused, so stopping late stops nothing but this one; an
        # execution that already ended (or never started) is the outcome we wanted anyway.
        return {"stopped": desk.workflows.stop_timer(str(payload["execution_name"]))}
    raise PermanentFailure(f"unknown outbox work kind {item.kind!r}")


def _timer_superseded(desk: Desk, item: OutboxItem) -> bool:
    """A timer start carried out late may have been overtaken: the sweeper, finding the ticket
    unwatched, already started another timer for it (or the ticket is gone). One timer a ticket."""
    ticket = desk.store.tickets.get(item.ticket_id)
    return ticket is None or (ticket.timer_name or ticket.id) != item.payload.get("execution_name")


def _failed(desk: Desk, item: OutboxItem, error: str, give_up: bool) -> None:
    attempts = item.attempts + 1
    now = desk.now()
    wait = timedelta(minutes=_BACKOFF_MINUTES[min(attempts, len(_BACKOFF_MINUTES)) - 1])
    event = None
    if give_up:
        log.error("outbox work given up", extra={"ticket_id": item.ticket_id, "work": item.id, "error": error})
        event = AuditEvent(id=new_item_id(now), ticket_id=item.ticket_id, at=now, actor="system:outbox",
                           action=f"{item.kind}.not_sent",
                           detail={"purpose": item.purpose, "work_id": item.id, "attempts": attempts,
                                   "error": error[:500]})
    else:
        log.warning("outbox work will be retried", extra={"ticket_id": item.ticket_id, "work": item.id,
                                                           "error": error, "attempts": attempts})
    try:
        desk.store.outbox.retry_later(item, attempts, now + wait, error, give_up, event)
    except DeskError:
        log.exception("could not record the failed attempt", extra={"ticket_id": item.ticket_id})

