"""Every port in memory: the store (`MemoryStore`) and the AWS services (`MemoryMailer`,
`MemoryEventBus`, `MemoryWorkflows`, `MemoryBlobs`), for service tests that need no emulator.

Same promises as the AWS adapters, held by the same contract tests (`tests/contract`): writes are
all or nothing under their conditions (versions, claims with a TTL that may be retaken after it,
outbox leases), lists come in the order the table's indexes give, pages continue from positions.
One lock makes each transaction atomic, as DynamoDB does. Records are copied in and out, so a
caller can never change what is stored behind the store's back. The AWS fakes record what they
were asked to do and can be told to fail, to test retries.
"""

from __future__ import annotations

import contextlib
import copy
import threading
import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING, Any, TypeVar

from pydantic import BaseModel

from ..domain.clock import iso, utcnow
from ..domain.models import (
    ApiKey,
    AuditEvent,
    Customer,
    Message,
    OutboxItem,
    QuarantinedMail,
    Remedy,
    Ticket,
    TicketSummary,
)
from ..errors import Conflict, NotFound
from .agent_stats_memory import MemoryAgentStats
from .agents_memory import MemoryAgents
from .articles_memory import MemoryArticles
from .feedback_memory import MemoryKpis, MemoryPatterns
from .keys import (
    EVENT_PREFIX,
    MESSAGE_PREFIX,
    QUEUED_STATUSES,
    approval_sk,
    awaits_approval,
    customer_sk,
    event_sk,
    message_sk,
    quarantine_sk,
    queue_sk,
    sweep_due,
)
from .macros_memory import MemoryMacros
from .memory_shipments import MemoryShipments
from .ports import (
    AlreadyExists,
    BadPosition,
    BlobStore,
    Claim,
    EventPublisher,
    InboundLookup,
    MailSender,
    Position,
    SenderProfile,
    Store,
    StoredObject,
    TimerService,
    UploadForm,
    UploadPolicy,
)
from .ticket_lists_memory import MemoryTicketLists

Model = TypeVar("Model", bound=BaseModel)

# Claims that share a namespace in the table share one here: idempotency and reply keys, and
# Message-ID claims with the threading keys that lead to a ticket.
_SPACES = {"idempotency": "idem", "reply": "idem", "message_id": "thread"}


def _space(kind: str) -> str:
    return _SPACES.get(kind, kind)


def _copy(record: Model) -> Model:
    return record.model_copy(deep=True)


@dataclass
class _Held:
    attributes: dict[str, Any]
    ttl: int | None = None


@dataclass
class _State:
    tickets: dict[str, Ticket] = field(default_factory=dict)
    messages: dict[str, dict[str, Message]] = field(default_factory=dict)  # ticket -> sort key -> message
    events: dict[str, dict[str, AuditEvent]] = field(default_factory=dict)
    remedies: dict[tuple[str, str], Remedy] = field(default_factory=dict)
    quarantine: dict[str, QuarantinedMail] = field(default_factory=dict)
    claims: dict[tuple[str, str], _Held] = field(default_factory=dict)  # (namespace, value)
    profiles: dict[str, dict[str, Any]] = field(default_factory=dict)
    api_keys: dict[str, ApiKey] = field(default_factory=dict)
    outbox: dict[tuple[str, str], OutboxItem] = field(default_factory=dict)


class _Transaction:
    """Conditions checked, then writes applied, under the store's lock: all or nothing."""

    def __init__(self, store: MemoryStore) -> None:
        self.db = store
        self.state = store.state
        self.checks: list[tuple[str, Callable[[], bool]]] = []
        self.writes: list[Callable[[], None]] = []
        self.claims: list[Claim] = []

    def check(self, label: str, holds: Callable[[], bool]) -> None:
        self.checks.append((label, holds))

    def write(self, action: Callable[[], None]) -> None:
        self.writes.append(action)

    def claim(self, claim: Claim) -> None:
        key = (_space(claim.kind), claim.value)
        self.claims.append(claim)

        def free() -> bool:
            held = self.state.claims.get(key)
            if held is None:
                return True
            # Like the table's condition: only a claim with a TTL may replace an expired one.
            return bool(claim.ttl) and held.ttl is not None and held.ttl < self.db.epoch()

        self.check(claim.label, free)
        self.write(lambda: self.state.claims.__setitem__(key, _Held(copy.deepcopy(claim.attributes),
                                                                    claim.ttl or None)))

    def thread(self, thread_key: str, ticket_id: str) -> None:
        self.write(lambda: self.state.claims.__setitem__(("thread", thread_key), _Held({"ticket_id": ticket_id})))

    def message(self, message: Message) -> None:
        stored = _copy(message)
        self.write(lambda: self.state.messages.setdefault(message.ticket_id, {}).__setitem__(
            message_sk(stored), stored))

    def event(self, event: AuditEvent) -> None:
        stored = _copy(event)
        self.write(lambda: self.state.events.setdefault(event.ticket_id, {}).__setitem__(event_sk(stored), stored))

    def outbox(self, work: OutboxItem) -> None:
        stored = _copy(work)
        self.write(lambda: self.state.outbox.__setitem__((work.ticket_id, work.id), stored))

    def commit(self) -> None:
        with self.db.lock:
            failed = [label for label, holds in self.checks if not holds()]
            if failed:
                raise AlreadyExists(failed, [c for c in self.claims if c.label in failed])
            for action in self.writes:
                action()


class _Part:
    def __init__(self, store: MemoryStore) -> None:
        self.db = store
        self.state = store.state


class MemoryTickets(_Part):
    def get(self, ticket_id: str) -> Ticket | None:
        with self.db.lock:
            found = self.state.tickets.get(ticket_id)
            return _copy(found) if found else None

    def create(self, ticket: Ticket, customer: Customer, message: Message, event: AuditEvent, *,
               claims: Sequence[Claim] = (), thread_keys: Sequence[str] = (),
               ack_times: Sequence[str] | None = None, outbox: Sequence[OutboxItem] = (),
               events: Sequence[AuditEvent] = ()) -> None:
        tx = _Transaction(self.db)
        stored = _copy(ticket)
        tx.check("ticket", lambda: ticket.id not in self.state.tickets)
        tx.write(lambda: self.state.tickets.__setitem__(ticket.id, stored))
        tx.message(message)
        tx.event(event)
        for claim in claims:
            tx.claim(claim)
        for key in thread_keys:
            tx.thread(key, ticket.id)
        for extra in events:
            tx.event(extra)
        for work in outbox:
            tx.outbox(work)
        tx.commit()
        # As on DynamoDB: the shared profile is written after the ticket's transaction, not in it.
        self.db.customers.upsert(customer, ack_times)

    def save(self, ticket: Ticket, expected_version: int, *, events: Sequence[AuditEvent] = (),
             messages: Sequence[Message] = (), claims: Sequence[Claim] = (), thread_keys: Sequence[str] = (),
             outbox: Sequence[OutboxItem] = ()) -> None:
        tx = _Transaction(self.db)
        stored = _copy(ticket)

        def current() -> bool:
            found = self.state.tickets.get(ticket.id)
            return found is not None and found.version == expected_version

        tx.check("ticket", current)
        tx.write(lambda: self.state.tickets.__setitem__(ticket.id, stored))
        for event in events:
            tx.event(event)
        for message in messages:
            tx.message(message)
        for claim in claims:
            tx.claim(claim)
        for key in thread_keys:
            tx.thread(key, ticket.id)
        for work in outbox:
            tx.outbox(work)
        try:
            tx.commit()
        except AlreadyExists as error:
            if "ticket" in error.reasons:
                raise Conflict(f"ticket {ticket.id} changed since version {expected_version}; reload it",
                               code="version_conflict") from error
            raise

    def attach(self, message: Message, event: AuditEvent, claims: Sequence[Claim] = ()) -> None:
        tx = _Transaction(self.db)
        for claim in claims:
            tx.claim(claim)
        tx.message(message)
        tx.event(event)
        tx.commit()

    def message(self, ticket_id: str, created_at: str, message_id: str) -> Message | None:
        with self.db.lock:
            found = self.state.messages.get(ticket_id, {}).get(f"{MESSAGE_PREFIX}{created_at}#{message_id}")
            return _copy(found) if found else None

    def messages(self, ticket_id: str, limit: int, before: str | None = None,
                 keep: Callable[[Message], bool] | None = None) -> tuple[list[Message], str | None]:
        with self.db.lock:
            records = dict(self.state.messages.get(ticket_id, {}))
        return _newest(records, MESSAGE_PREFIX, limit, before, keep)

    def events(self, ticket_id: str, limit: int, before: str | None = None,
               keep: Callable[[AuditEvent], bool] | None = None) -> tuple[list[AuditEvent], str | None]:
        with self.db.lock:
            records = dict(self.state.events.get(ticket_id, {}))
        return _newest(records, EVENT_PREFIX, limit, before, keep)

    def for_customer(self, email: str, limit: int,
                     position: Position | None = None) -> tuple[list[Ticket], Position | None]:
        owner = email.lower()
        after = None
        if position:
            if set(position) != {"customer", "after"} or position["customer"] != owner \
                    or not isinstance(position["after"], str):
                raise BadPosition("the cursor belongs to another listing")
            after = position["after"]
        with self.db.lock:
            mine = sorted(((customer_sk(t), t) for t in self.state.tickets.values()
                           if t.customer_email.lower() == owner), key=lambda pair: pair[0], reverse=True)
        if after is not None:
            mine = [pair for pair in mine if pair[0] < after]
        page = mine[:limit]
        more = len(mine) > limit
        return [_copy(t) for _, t in page], {"customer": owner, "after": page[-1][0]} if more else None

    def queue(self, tier: int, statuses: Sequence[str], limit: int) -> list[Ticket]:
        wanted = set(statuses) & set(QUEUED_STATUSES)
        with self.db.lock:
            waiting = [t for t in self.state.tickets.values() if t.tier == tier and t.status in wanted]
            return [_copy(t) for t in sorted(waiting, key=queue_sk)[:limit]]

    def queue_summaries(self, tier: int, statuses: Sequence[str], limit: int) -> list[TicketSummary]:
        return [TicketSummary.of(t) for t in self.queue(tier, statuses, limit)]

    def overdue(self, before: datetime, limit: int) -> list[Ticket]:
        due_iso = iso(before)
        with self.db.lock:
            found = [(due, t) for t in self.state.tickets.values()
                     if (due := sweep_due(t)) is not None and due <= due_iso]
            return [_copy(t) for _, t in sorted(found, key=lambda entry: (entry[0], entry[1].id))[:limit]]


def _newest(records: dict[str, Any], prefix: str, limit: int, before: str | None,
            keep: Callable[[Any], bool] | None) -> tuple[list[Any], str | None]:
    if before is not None and not before.startswith(prefix):
        raise BadPosition("not a position in this listing")
    order = sorted((k for k in records if before is None or k < before), reverse=True)
    found: list[Any] = []
    for index, key in enumerate(order):
        record = records[key]
        if keep is None or keep(record):
            found.append(_copy(record))
        if len(found) == limit:
            return found, key if index + 1 < len(order) else None
    return found, None


class MemoryCustomers(_Part):
    def profile(self, email: str) -> SenderProfile | None:
        with self.db.lock:
            found = self.state.profiles.get(email.lower())
            return _profile(email, found) if found is not None else None

    def mark_bouncing(self, email: str, reason: str, at: datetime) -> None:
        with self.db.lock:
            self.state.profiles.setdefault(email.lower(), {}).update(
                bouncing=True, bounce_reason=reason, bounced_at=iso(at))

    def upsert(self, customer: Customer, ack_times: Sequence[str] | None) -> None:
        """The profile shared by all the customer's tickets: made by the first, then only the
        acknowledgement times change."""
        with self.db.lock:
            known = customer.email.lower() in self.state.profiles
            if known and ack_times is None:
                return
            profile = self.state.profiles.setdefault(customer.email.lower(), {})
            profile.setdefault("created_at", iso(customer.created_at))
            profile.setdefault("language", customer.language)
            if customer.name or "name" not in profile:
                profile["name"] = customer.name
            profile["email"] = customer.email
            if ack_times is not None:
                profile["ack_times"] = list(ack_times)


def _profile(email: str, found: dict[str, Any]) -> SenderProfile:
    return SenderProfile(email=email.lower(), bouncing=bool(found.get("bouncing")),
                         ack_times=tuple(found.get("ack_times") or ()))


class MemoryRemedies(_Part):
    def record(self, remedy: Remedy, event: AuditEvent, claim: Claim, outbox: Sequence[OutboxItem] = ()) -> None:
        tx = _Transaction(self.db)
        tx.claim(claim)
        self._put(tx, remedy)
        tx.event(event)
        for work in outbox:
            tx.outbox(work)
        tx.commit()

    def update(self, remedy: Remedy, event: AuditEvent, outbox: Sequence[OutboxItem] = (), *,
               while_status: str = "awaiting_approval") -> bool:
        tx = _Transaction(self.db)
        key = (remedy.ticket_id, remedy.id)

        def unchanged() -> bool:
            found = self.state.remedies.get(key)
            return found is not None and found.status == while_status

        tx.check("item", unchanged)
        self._put(tx, remedy)
        tx.event(event)
        for work in outbox:
            tx.outbox(work)
        try:
            tx.commit()
        except AlreadyExists:
            return False
        return True

    def _put(self, tx: _Transaction, remedy: Remedy) -> None:
        stored = _copy(remedy)
        tx.write(lambda: self.state.remedies.__setitem__((remedy.ticket_id, remedy.id), stored))

    def get(self, ticket_id: str, remedy_id: str) -> Remedy | None:
        with self.db.lock:
            found = self.state.remedies.get((ticket_id, remedy_id))
            return _copy(found) if found else None

    def of_ticket(self, ticket_id: str) -> list[Remedy]:
        with self.db.lock:
            return [_copy(r) for (owner, _), r in sorted(self.state.remedies.items()) if owner == ticket_id]

    def pending_for(self, tier: int, limit: int = 100) -> list[Remedy]:
        return self._awaiting(tier, None, limit)

    def approvals_due(self, tier: int, before: datetime, limit: int = 100) -> list[Remedy]:
        return self._awaiting(tier, iso(before), limit)

    def _awaiting(self, tier: int, before: str | None, limit: int) -> list[Remedy]:
        with self.db.lock:
            waiting = [r for r in self.state.remedies.values()
                       if awaits_approval(r) and r.approval_tier == tier
                       and (before is None or approval_sk(r) < before)]
            return [_copy(r) for r in sorted(waiting, key=approval_sk)[:limit]]


class MemoryQuarantine(_Part):
    def hold(self, held: QuarantinedMail, claims: Sequence[Claim] = ()) -> None:
        tx = _Transaction(self.db)
        for claim in claims:
            tx.claim(claim)
        stored = _copy(held)
        tx.write(lambda: self.state.quarantine.__setitem__(held.id, stored))
        tx.commit()

    def get(self, quarantine_id: str) -> QuarantinedMail | None:
        with self.db.lock:
            found = self.state.quarantine.get(quarantine_id)
            return _copy(found) if found else None

    def held(self, limit: int) -> list[QuarantinedMail]:
        with self.db.lock:
            still = [q for q in self.state.quarantine.values() if q.released_at is None]
            return [_copy(q) for q in sorted(still, key=quarantine_sk, reverse=True)[:limit]]

    def mark_released(self, released: QuarantinedMail) -> None:
        with self.db.lock:
            self.state.quarantine[released.id] = _copy(released)


class MemoryInbound(_Part):
    def lookup(self, claims: Sequence[Claim], thread_keys: Sequence[str], ticket_ids: Sequence[str],
               sender: str | None) -> InboundLookup:
        with self.db.lock:
            taken = tuple(c for c in claims if self.db.held(_space(c.kind), c.value) is not None)
            tickets = {t: _copy(self.state.tickets[t]) for t in ticket_ids if t in self.state.tickets}
            profile = self.state.profiles.get(sender.lower()) if sender else None
            return InboundLookup(taken, self.threads(thread_keys), tickets,
                                 _profile(sender, profile) if sender and profile is not None else None)

    def threads(self, thread_keys: Sequence[str]) -> dict[str, str]:
        with self.db.lock:
            found = {k: self.db.held("thread", k) for k in thread_keys}
            return {k: str(held["ticket_id"]) for k, held in found.items() if held is not None}


class MemoryClaims(_Part):
    def find(self, claim: Claim) -> dict[str, Any] | None:
        with self.db.lock:
            held = self.db.held(_space(claim.kind), claim.value)
            return copy.deepcopy(held) if held is not None else None


class MemoryApiKeys(_Part):
    def store(self, key: ApiKey) -> None:
        with self.db.lock:
            self.state.api_keys[key.digest] = _copy(key)

    def find(self, digest: str) -> ApiKey | None:
        with self.db.lock:
            found = self.state.api_keys.get(digest)
            return _copy(found) if found else None


class MemoryOutbox(_Part):
    def done_all(self, finished: list[tuple[OutboxItem, dict[str, Any], str | None]]) -> list[bool]:
        return [self.done(*entry) for entry in finished]

    def done(self, work: OutboxItem, result: dict[str, Any], thread_key: str | None = None) -> bool:
        tx = _Transaction(self.db)
        key = (work.ticket_id, work.id)
        now = self.db.clock()
        tx.check("outbox", lambda: self._pending(key))

        def mark() -> None:
            self.state.outbox[key] = self.state.outbox[key].model_copy(update={
                "status": "sent", "done_at": now, "result": copy.deepcopy(result), "mime": None})

        tx.write(mark)
        if thread_key:
            tx.thread(thread_key, work.ticket_id)
        links = work.links
        if links.get("message_id") and links.get("message_at") and result.get("ses_message_id"):
            sort_key = f"{MESSAGE_PREFIX}{links['message_at']}#{links['message_id']}"
            ses_id = result["ses_message_id"]

            def learn_ses_id() -> None:
                messages = self.state.messages[work.ticket_id]
                messages[sort_key] = messages[sort_key].model_copy(update={"ses_message_id": ses_id})

            tx.check("effect", lambda: sort_key in self.state.messages.get(work.ticket_id, {}))
            tx.write(learn_ses_id)
        if links.get("remedy_id"):
            remedy_key = (work.ticket_id, links["remedy_id"])
            tx.check("effect", lambda: remedy_key in self.state.remedies)
            tx.write(lambda: self.state.remedies.__setitem__(remedy_key, self.state.remedies[remedy_key].model_copy(
                update={"published_at": now})))
        try:
            tx.commit()
        except AlreadyExists:
            return False
        return True

    def retry_later(self, work: OutboxItem, attempts: int, next_attempt_at: datetime, error: str,
                    give_up: bool, event: AuditEvent | None = None) -> None:
        tx = _Transaction(self.db)
        key = (work.ticket_id, work.id)
        tx.check("outbox", lambda: self._pending(key))
        update: dict[str, Any] = {"attempts": attempts, "last_error": error[:1000], "next_attempt_at": next_attempt_at}
        if give_up:
            update["status"] = "failed"
        tx.write(lambda: self.state.outbox.__setitem__(key, self.state.outbox[key].model_copy(update=update)))
        if event is not None:
            tx.event(event)
        with contextlib.suppress(AlreadyExists):  # sent meanwhile by another worker
            tx.commit()

    def lease(self, work: OutboxItem, until: datetime) -> bool:
        key = (work.ticket_id, work.id)
        with self.db.lock:
            found = self.state.outbox.get(key)
            if found is None or found.status != "pending" or iso(found.next_attempt_at) != iso(work.next_attempt_at):
                return False
            self.state.outbox[key] = found.model_copy(update={"next_attempt_at": until})
            return True

    def due(self, before: datetime, limit: int) -> list[OutboxItem]:
        cutoff = iso(before)
        with self.db.lock:
            pending = [w for w in self.state.outbox.values()
                       if w.status == "pending" and iso(w.next_attempt_at) < cutoff]
            return [_copy(w) for w in sorted(pending, key=lambda w: (iso(w.next_attempt_at), w.id))[:limit]]

    def of_ticket(self, ticket_id: str) -> list[OutboxItem]:
        with self.db.lock:
            return [_copy(w) for (owner, _), w in sorted(self.state.outbox.items()) if owner == ticket_id]

    def get(self, ticket_id: str, work_id: str) -> OutboxItem | None:
        with self.db.lock:
            found = self.state.outbox.get((ticket_id, work_id))
            return _copy(found) if found else None

    def _pending(self, key: tuple[str, str]) -> bool:
        found = self.state.outbox.get(key)
        return found is not None and found.status == "pending"


class MemoryStore:
    """The whole store in memory. `clock` stands in for the table's own notion of now: when claims
    expire, when work was done, when a remedy was published."""

    def __init__(self, clock: Callable[[], datetime] = utcnow) -> None:
        self.clock = clock
        self.lock = threading.RLock()
        self.state = _State()
        self.tickets = MemoryTickets(self)
        self.customers = MemoryCustomers(self)
        self.remedies = MemoryRemedies(self)
        self.quarantine = MemoryQuarantine(self)
        self.inbound = MemoryInbound(self)
        self.claims = MemoryClaims(self)
        self.api_keys = MemoryApiKeys(self)
        self.outbox = MemoryOutbox(self)
        self.articles = MemoryArticles(self.lock)
        self.shipments = MemoryShipments(self)
        self.agents = MemoryAgents(self.lock)
        self.ticket_lists = MemoryTicketLists(self)
        self.macros = MemoryMacros(self.lock)
        self.agent_stats = MemoryAgentStats(self.lock)
        self.kpis = MemoryKpis(self)
        self.patterns = MemoryPatterns(self, self._claim_with_work)

    def epoch(self) -> int:
        return int(self.clock().timestamp())

    def _claim_with_work(self, claim: Claim, outbox: Sequence[OutboxItem]) -> None:
        tx = _Transaction(self)
        tx.claim(claim)
        for work in outbox:
            tx.outbox(work)
        tx.commit()

    def held(self, space: str, value: str) -> dict[str, Any] | None:
        """A claim's attributes while it holds (call under the lock)."""
        found = self.state.claims.get((space, value))
        if found is None or (found.ttl is not None and found.ttl < self.epoch()):
            return None
        return found.attributes


# -- AWS services -------------------------------------------------------------------------------

class _Failing:
    """Each call takes the next error queued by `fail_next`, if any, and raises it."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._failures: list[Exception] = []

    def fail_next(self, *errors: Exception) -> None:
        with self._lock:
            self._failures.extend(errors)

    def _call(self) -> None:
        with self._lock:
            if self._failures:
                raise self._failures.pop(0)


@dataclass(frozen=True)
class SentMail:
    sender: str
    recipients: tuple[str, ...]
    raw: bytes
    ses_message_id: str


class MemoryMailer(_Failing):
    def __init__(self) -> None:
        super().__init__()
        self.sent: list[SentMail] = []

    def send_raw(self, sender: str, recipients: list[str], raw: bytes) -> str:
        self._call()
        ses_id = f"mem-{uuid.uuid4().hex}"
        with self._lock:
            self.sent.append(SentMail(sender, tuple(recipients), bytes(raw), ses_id))
        return ses_id


class MemoryEventBus(_Failing):
    def __init__(self) -> None:
        super().__init__()
        self.published: list[tuple[str, dict[str, Any]]] = []

    def publish(self, detail_type: str, detail: dict[str, Any]) -> None:
        self._call()
        with self._lock:
            self.published.append((detail_type, copy.deepcopy(detail)))


class MemoryWorkflows(_Failing):
    def __init__(self) -> None:
        super().__init__()
        self.started: dict[str, dict[str, Any]] = {}
        self.statuses: dict[str, str] = {}

    def start_timer(self, execution_name: str, payload: dict[str, Any]) -> bool:
        self._call()
        with self._lock:
            if execution_name in self.statuses:
                return False
            self.started[execution_name] = copy.deepcopy(payload)
            self.statuses[execution_name] = "RUNNING"
            return True

    def stop_timer(self, execution_name: str) -> bool:
        self._call()
        with self._lock:
            if self.statuses.get(execution_name) != "RUNNING":
                return False
            self.statuses[execution_name] = "ABORTED"
            return True

    def timer_status(self, execution_name: str) -> str | None:
        with self._lock:
            return self.statuses.get(execution_name)

    def finish(self, execution_name: str, status: str = "SUCCEEDED") -> None:
        """The timer ended (or failed): its name stays taken, as Step Functions keeps it."""
        with self._lock:
            self.statuses[execution_name] = status


@dataclass(frozen=True)
class StoredBlob:
    body: bytes
    content_type: str
    metadata: dict[str, str]


class MemoryBlobs(_Failing):
    def __init__(self) -> None:
        super().__init__()
        self.objects: dict[tuple[str, str], StoredBlob] = {}
        self.policies: dict[tuple[str, str], UploadPolicy] = {}  # upload forms handed out

    def get(self, bucket: str, key: str) -> bytes:
        self._call()
        with self._lock:
            found = self.objects.get((bucket, key))
        if found is None:
            raise NotFound(f"s3://{bucket}/{key} does not exist")
        return found.body

    def put(self, bucket: str, key: str, body: bytes, content_type: str,
            metadata: dict[str, str] | None = None) -> None:
        self._call()
        with self._lock:
            self.objects[(bucket, key)] = StoredBlob(bytes(body), content_type, dict(metadata or {}))

    def download_url(self, bucket: str, key: str, filename: str, seconds: int) -> str:
        return f"memory://{bucket}/{key}?filename={filename}&expires_in={seconds}"

    def upload_form(self, bucket: str, key: str, policy: UploadPolicy) -> UploadForm:
        self.policies[(bucket, key)] = policy
        return UploadForm(url=f"memory://{bucket}", fields={"key": key, "success_action_redirect": policy.redirect,
                                                            **{f"x-amz-meta-{k}": v for k, v in policy.metadata.items()}})

    def describe(self, bucket: str, key: str, first_bytes: int = 0) -> StoredObject | None:
        self._call()
        with self._lock:
            found = self.objects.get((bucket, key))
        if found is None:
            return None
        return StoredObject(size=len(found.body), content_type=found.content_type, metadata=dict(found.metadata),
                            head=found.body[:first_bytes])


if TYPE_CHECKING:  # each fake keeps its port's promise, as far as a type checker can tell
    _store: Store = MemoryStore()
    _mailer: MailSender = MemoryMailer()
    _bus: EventPublisher = MemoryEventBus()
    _workflows: TimerService = MemoryWorkflows()
    _blobs: BlobStore = MemoryBlobs()
