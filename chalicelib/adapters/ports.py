"""The ports: what the services may ask of storage and of AWS, by intention.

Services depend on these protocols only; `repository.py` (DynamoDB), `blobs.py` (S3), `mailer.py`
(SES), `events.py` (EventBridge) and `workflows.py` (Step Functions) implement them on AWS, and
`memory.py` implements every one in memory for service tests. The tests under `tests/contract`
hold both stores to the same promises. No key, index or attribute type of the table appears
here: where an item lives is the adapter's business.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from decimal import Decimal
from typing import Any, Literal, Protocol

from ..domain.articles import Article, ArticleStats, ArticleVersion
from ..domain.kpis import Contribution
from ..domain.macros import Macro
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
from ..domain.people import Agent
from ..domain.shipping import Shipment

# What a claim guards, each a namespace of its own:
#   idempotency      an API request's Idempotency-Key (scoped to the caller, hashed by the service)
#   reply            an agent's reply: its Idempotency-Key, or the same text within minutes
#   remedy           a remedy request (its key, or the request itself)
#   inbound_ses      SES's id of an inbound delivery
#   inbound_content  the content fingerprint of an inbound message
#   inbound_release  a quarantined message let through by an agent
#   message_id       a Message-ID (a threading key, see `mail.message_ids`) now belonging to a ticket
#   shipment_notice  a delay notice: one per shipment and stage (late, still_late, exception)
#   webhook          a webhook delivery (its id, or its signed body): a replay changes nothing
#   survey_customer  a customer surveyed recently (at most one survey per customer per period)
#   pattern_alert    a recurring-problem alert raised (once per SKU and window, per category and day)
ClaimKind = Literal[
    "idempotency", "reply", "remedy", "inbound_ses", "inbound_content", "inbound_release", "message_id",
    "shipment_notice", "webhook", "survey_customer", "pattern_alert",
]


@dataclass(frozen=True)
class Claim:
    """Something that may happen once, written in the same transaction as the change it guards.
    A claim with a `ttl` (epoch seconds) may be taken again once that moment has passed, whether
    or not the store has cleaned it up yet. `attributes` are what the taker records for a replay."""

    kind: ClaimKind
    value: str
    attributes: dict[str, Any] = field(default_factory=dict)
    ttl: int | None = None

    @property
    def label(self) -> str:
        """How `AlreadyExists.reasons` names this claim."""
        return f"{self.kind}:{self.value}"

    @staticmethod
    def bind(claims: Sequence[Claim], **outcome: Any) -> tuple[Claim, ...]:
        """The same claims, remembering what they produced (so a replay can hand it back)."""
        return tuple(replace(c, attributes={**c.attributes, **outcome}) for c in claims)


class AlreadyExists(Exception):
    """A write found something taken and wrote nothing. `reasons` names what: `"ticket"` (the ticket
    id is in use), or a claim's label; `claims` are the claims of the write that were taken."""

    def __init__(self, reasons: list[str], claims: Sequence[Claim] = ()) -> None:
        super().__init__(", ".join(reasons))
        self.reasons = reasons
        self.claims = list(claims)

    def taken_among(self, claims: Sequence[Claim]) -> Claim | None:
        """The first of `claims` that was found taken."""
        return next((c for c in claims if c.label in self.reasons), None)


@dataclass(frozen=True)
class SenderProfile:
    """What the desk remembers about an address across its tickets."""

    email: str
    bouncing: bool = False
    ack_times: tuple[str, ...] = ()  # when it was last acknowledged (ISO), for the hourly limit


@dataclass(frozen=True)
class InboundLookup:
    """Everything threading an inbound message needs, read at once."""

    taken: tuple[Claim, ...]  # the message's claims already taken: it was processed before
    threads: dict[str, str]  # threading key -> ticket id, for the keys known
    tickets: dict[str, Ticket]  # the tickets asked for that exist
    sender: SenderProfile | None


# A place in a listing, handed out by the store and handed back unchanged (the API seals it).
Position = dict[str, Any]


class BadPosition(ValueError):
    """A position the store did not hand out for this listing."""


class Tickets(Protocol):
    """A ticket with its messages, audit events, claims and promised work: every change is one
    transaction, conditional on the version the caller read."""

    def get(self, ticket_id: str) -> Ticket | None: ...

    def create(self, ticket: Ticket, customer: Customer, message: Message, event: AuditEvent, *,
               claims: Sequence[Claim] = (), thread_keys: Sequence[str] = (),
               ack_times: Sequence[str] | None = None, outbox: Sequence[OutboxItem] = (),
               events: Sequence[AuditEvent] = ()) -> None:
        """The new ticket, its customer (created or counted), first message, audit events, claims,
        threading keys that now lead to it, and the work promised after it: all or nothing.
        AlreadyExists ("ticket" or the claims taken) when something was taken."""
        ...

    def save(self, ticket: Ticket, expected_version: int, *, events: Sequence[AuditEvent] = (),
             messages: Sequence[Message] = (), claims: Sequence[Claim] = (), thread_keys: Sequence[str] = (),
             outbox: Sequence[OutboxItem] = ()) -> None:
        """Replace the ticket if it is still at `expected_version` (Conflict `version_conflict`
        otherwise), with everything that happened to it; AlreadyExists when a claim was taken."""
        ...

    def attach(self, message: Message, event: AuditEvent, claims: Sequence[Claim] = ()) -> None:
        """A message and its audit event on a ticket without changing the ticket (machine mail)."""
        ...

    def message(self, ticket_id: str, created_at: str, message_id: str) -> Message | None: ...

    def messages(self, ticket_id: str, limit: int, before: str | None = None,
                 keep: Callable[[Message], bool] | None = None) -> tuple[list[Message], str | None]:
        """The newest `limit` messages `keep` accepts, newest first, older than `before`; and where
        the next page starts (None at the end). BadPosition for a position from another listing."""
        ...

    def events(self, ticket_id: str, limit: int, before: str | None = None,
               keep: Callable[[AuditEvent], bool] | None = None) -> tuple[list[AuditEvent], str | None]:
        """As `messages`, for the audit trail."""
        ...

    def for_customer(self, email: str, limit: int,
                     position: Position | None = None) -> tuple[list[Ticket], Position | None]:
        """A customer's tickets newest first, a page at a time. BadPosition for a position that does
        not belong to this listing."""
        ...

    def queue(self, tier: int, statuses: Sequence[str], limit: int) -> list[Ticket]:
        """Tickets waiting at a tier in these statuses (closed and resolved never wait), most urgent
        first: priority, then the deadline the agent must meet next."""
        ...

    def queue_summaries(self, tier: int, statuses: Sequence[str], limit: int) -> list[TicketSummary]:
        """The same queue as `queue`, each ticket read only for what a list row shows."""
        ...

    def overdue(self, before: datetime, limit: int) -> list[Ticket]:
        """For the sweeper: up to `limit` waiting tickets with a deadline passed by `before` and not
        yet recorded as breached (see `keys.sweep_due`), the earliest first whatever their tier
        (an implementation may read its partitions in shares: earliest of each, merged)."""
        ...


class Customers(Protocol):
    def profile(self, email: str) -> SenderProfile | None: ...

    def mark_bouncing(self, email: str, reason: str, at: datetime) -> None:
        """Mail to this address bounced: stop acknowledging it (a profile is made if needed)."""
        ...


class Remedies(Protocol):
    def record(self, remedy: Remedy, event: AuditEvent, claim: Claim, outbox: Sequence[OutboxItem] = ()) -> None:
        """A requested remedy with its audit event and promised work, once per claim (AlreadyExists)."""
        ...

    def update(self, remedy: Remedy, event: AuditEvent, outbox: Sequence[OutboxItem] = (), *,
               while_status: str = "awaiting_approval") -> bool:
        """Replace the remedy only while its stored status is `while_status`; False (nothing written)
        when someone changed it meanwhile."""
        ...

    def get(self, ticket_id: str, remedy_id: str) -> Remedy | None: ...

    def of_ticket(self, ticket_id: str) -> list[Remedy]: ...

    def pending_for(self, tier: int, limit: int = 100) -> list[Remedy]:
        """Remedies awaiting this tier's approval, the most urgent (earliest due) first."""
        ...

    def approvals_due(self, tier: int, before: datetime, limit: int = 100) -> list[Remedy]:
        """Remedies awaiting this tier's approval whose approval is due before `before`."""
        ...


class Quarantine(Protocol):
    def hold(self, held: QuarantinedMail, claims: Sequence[Claim] = ()) -> None:
        """Keep a message aside, once per claim (AlreadyExists)."""
        ...

    def get(self, quarantine_id: str) -> QuarantinedMail | None: ...

    def held(self, limit: int) -> list[QuarantinedMail]:
        """What is still held (not released), newest first."""
        ...

    def mark_released(self, released: QuarantinedMail) -> None:
        """Store the released item; it leaves the list."""
        ...


class InboundMail(Protocol):
    def lookup(self, claims: Sequence[Claim], thread_keys: Sequence[str], ticket_ids: Sequence[str],
               sender: str | None) -> InboundLookup:
        """Which claims are taken, which threading keys lead to a ticket, the tickets named and the
        sender's profile, in one read."""
        ...

    def threads(self, thread_keys: Sequence[str]) -> dict[str, str]:
        """The tickets these threading keys lead to, in one read."""
        ...


class Claims(Protocol):
    def find(self, claim: Claim) -> dict[str, Any] | None:
        """What the holder of this claim recorded, while it holds; None when nobody holds it."""
        ...


class ApiKeys(Protocol):
    def store(self, key: ApiKey) -> None: ...

    def find(self, digest: str) -> ApiKey | None:
        """The key with this hash (a read that may lag a moment behind `store`)."""
        ...


class Outbox(Protocol):
    """Work promised after a change (written with the change by `Tickets`/`Remedies`), carried
    out at least once."""

    def due(self, before: datetime, limit: int) -> list[OutboxItem]:
        """Pending work whose next attempt is before `before`, earliest first."""
        ...

    def lease(self, work: OutboxItem, until: datetime) -> bool:
        """Take pending work until `until`, if nobody took it since `work` was read."""
        ...

    def done(self, work: OutboxItem, result: dict[str, Any], thread_key: str | None = None) -> bool:
        """Mark pending work done with what came back, and apply it: the threading key of the mail
        SES sent now leads to the ticket, the message learns SES's id, the remedy its publication
        time. False (nothing written) when it was no longer pending."""
        ...

    def done_all(self, finished: list[tuple[OutboxItem, dict[str, Any], str | None]]) -> list[bool]:
        """`done` for several pieces of work at once (what one request carried out), in one write
        where the store can; True for each that was still pending."""
        ...

    def retry_later(self, work: OutboxItem, attempts: int, next_attempt_at: datetime, error: str,
                    give_up: bool, event: AuditEvent | None = None) -> None:
        """A failed attempt: try again at `next_attempt_at`, or give up (kept, visible, with `event`
        on the ticket). Nothing happens when the work was done meanwhile."""
        ...

    def of_ticket(self, ticket_id: str) -> list[OutboxItem]: ...

    def get(self, ticket_id: str, work_id: str) -> OutboxItem | None: ...


# section -> day -> counter -> amount
CounterDays = dict[str, dict[str, dict[str, Decimal]]]


class KpiCounters(Protocol):
    """Daily counters fed by the table's stream (`domain.kpis`)."""

    def add(self, events: Sequence[tuple[str, Contribution]], marker_ttl: int) -> list[str]:
        """Add each event's counts once per event id, atomically with a marker that expires at
        `marker_ttl` (epoch seconds); an event already counted is skipped. The ids counted now."""
        ...

    def read(self, sections: Sequence[str], first_day: str, last_day: str) -> CounterDays:
        """The counters of these sections from `first_day` to `last_day` (ISO dates, inclusive):
        a bounded read, one item per section and day at most."""
        ...


@dataclass(frozen=True)
class Occurrence:
    """A ticket counted under a recurring-problem subject (`sku:<SKU>`, `category:<name>`)."""

    subject: str
    ticket_id: str
    at: datetime
    customer: str
    words: str
    expires_at: int  # epoch seconds: past the longest window it can count in


class Patterns(Protocol):
    def note(self, occurrences: Sequence[Occurrence]) -> None:
        """Remember these occurrences (noting the same one again changes nothing)."""
        ...

    def recent(self, subject: str, since: datetime, limit: int) -> list[Occurrence]:
        """The subject's occurrences at or after `since`, newest first, at most `limit`."""
        ...

    def count_since(self, subject: str, since: datetime) -> int: ...

    def alert(self, claim: Claim, outbox: Sequence[OutboxItem]) -> bool:
        """Take the alert's claim and record its promised work in one write; False (nothing
        written) when the claim is held: the alert was already raised."""
        ...


class Articles(Protocol):
    """Knowledge-base articles with their versions, the published catalogue search is built from
    (read consistently), a revision number that every change moves on, and what readers did."""

    def catalogue_id(self) -> str:
        """Names this catalogue (a table, a memory store): search caches one index per catalogue."""
        ...

    def create(self, article: Article, version: ArticleVersion) -> None:
        """A new article and its first version; AlreadyExists(["slug"]) when its language already has
        an article of that slug (nothing is written)."""
        ...

    def save(self, article: Article, expected_version: int, version: ArticleVersion) -> None:
        """Replace the article if it is still at `expected_version` (Conflict otherwise), keeping the
        version record; the published catalogue follows its status."""
        ...

    def get(self, article_id: str) -> Article | None: ...

    def by_slug(self, language: str, slug: str) -> Article | None: ...

    def listing(self, status: str, limit: int = 1000) -> list[Article]:
        """Articles in a status, the latest changed first (for people: may lag a moment)."""
        ...

    def published(self) -> list[Article]:
        """Every published article, read consistently: what search indexes."""
        ...

    def versions(self, article_id: str) -> list[ArticleVersion]:
        """The article's versions, oldest first."""
        ...

    def revision(self) -> int:
        """Moves on with every create and save: an index built at revision r is stale after it."""
        ...

    def stats(self, article_ids: Sequence[str]) -> dict[str, ArticleStats]: ...

    def count(self, article_id: str, name: str, amount: int = 1) -> None:
        """Add to one of an article's counters (helpful_yes, helpful_no, solved) atomically."""
        ...

    def count_daily(self, day: str, name: str, members: Sequence[str] = ()) -> None:
        """Count an event on a day (YYYY-MM-DD): by one, or, with `members`, once per member however
        often it is counted (a ticket self-served twice counts once), all in one write."""
        ...

    def daily(self, days: Sequence[str]) -> dict[str, dict[str, int]]:
        """The counts of those days that have any: day → name → count."""
class Shipments(Protocol):
    """Shipments awaiting delivery and delivered, with a sparse index of those that may be late."""

    def get(self, shipment_id: str) -> Shipment | None: ...

    def by_tracking(self, tracking_number: str) -> Shipment | None:
        """The shipment that carries this tracking number now, if any."""
        ...

    def for_order(self, order_id: str, limit: int = 20) -> list[Shipment]:
        """An order's shipments, oldest first."""
        ...

    def save(self, shipment: Shipment, expected_version: int | None, claims: Sequence[Claim] = ()) -> None:
        """Store the shipment if it is still at `expected_version` (None: only if there is none yet,
        AlreadyExists "shipment" otherwise; Conflict `version_conflict` for a stale version), with
        claims (AlreadyExists when one is taken). It sits in the due-date index at `watch_from`."""
        ...

    def due(self, before: datetime, limit: int, since: datetime) -> list[Shipment]:
        """Shipments whose `watch_from` is from `since` to `before`, earliest first: read from the
        sparse index alone, so a scan reads what is due and nothing else. (The index keeps what is
        older than `since`; a scan just looks back no further.)"""
        ...


class Agents(Protocol):
    """The people who work the desk (credentials live in the user pool, not here)."""

    def get(self, email: str) -> Agent | None: ...

    def all(self) -> list[Agent]:
        """Every agent, by address."""
        ...

    def save(self, agent: Agent, expected_version: int | None) -> None:
        """Create (None: Conflict `agent_exists` when taken) or replace the version read (Conflict
        `version_conflict` when it changed)."""
        ...


class AgentAccounts(Protocol):
    """Agents' credentials: the Cognito user pool on AWS and on the emulator."""

    @property
    def configured(self) -> bool: ...

    @property
    def issuer(self) -> str: ...

    @property
    def client_id(self) -> str: ...

    def sign_in(self, email: str, password: str) -> tuple[str, int]:
        """(token, seconds it lasts); Unauthorized when refused."""
        ...

    def create(self, email: str, name: str, group: str, password: str | None) -> str: ...

    def set_group(self, email: str, group: str) -> None: ...

    def set_enabled(self, email: str, enabled: bool) -> None: ...

    def jwks(self, refresh: bool = False) -> dict[str, Any]: ...


class TicketLists(Protocol):
    """Tickets found by one indexed attribute, newest first, a page of `limit` at a time: the
    position to continue after (None: no more), opaque to callers. `created_from` and
    `created_before` bound when the tickets were opened (inclusive)."""

    def position_of(self, ticket: Ticket) -> str:
        """Where a listing continues right after `ticket` (the same in every listing)."""
        ...

    def owned(self, email: str, statuses: Sequence[str], limit: int, after: str | None = None,
              created_from: datetime | None = None, created_before: datetime | None = None,
              ) -> tuple[list[Ticket], str | None]: ...

    def with_status(self, statuses: Sequence[str], limit: int, after: str | None = None,
                    created_from: datetime | None = None, created_before: datetime | None = None,
                    ) -> tuple[list[Ticket], str | None]: ...

    def for_order(self, order_id: str, limit: int, after: str | None = None,
                  created_from: datetime | None = None, created_before: datetime | None = None,
                  ) -> tuple[list[Ticket], str | None]: ...

    def for_customer(self, email: str, limit: int, after: str | None = None,
                     created_from: datetime | None = None, created_before: datetime | None = None,
                     ) -> tuple[list[Ticket], str | None]: ...


class Macros(Protocol):
    """Saved replies, by id (`all` in id order)."""

    def get(self, macro_id: str) -> Macro | None: ...

    def all(self) -> list[Macro]: ...

    def save(self, macro: Macro, expected_version: int | None) -> None:
        """Create (None) or replace the version read; Conflict `version_conflict` otherwise."""
        ...


class AgentStats(Protocol):
    """Per-agent daily counters, added to atomically."""

    def add(self, email: str, day: date, counts: Mapping[str, int]) -> None: ...

    def days(self, email: str, first: date, last: date) -> dict[str, dict[str, int]]:
        """{"YYYY-MM-DD": {counter: total}} for the days with counts, `first` to `last` inclusive."""
        ...


class Store(Protocol):
    """Everything the desk keeps."""

    @property
    def tickets(self) -> Tickets: ...

    @property
    def customers(self) -> Customers: ...

    @property
    def remedies(self) -> Remedies: ...

    @property
    def quarantine(self) -> Quarantine: ...

    @property
    def inbound(self) -> InboundMail: ...

    @property
    def claims(self) -> Claims: ...

    @property
    def api_keys(self) -> ApiKeys: ...

    @property
    def outbox(self) -> Outbox: ...

    @property
    def kpis(self) -> KpiCounters: ...

    @property
    def patterns(self) -> Patterns: ...

    @property
    def articles(self) -> Articles: ...

    @property
    def shipments(self) -> Shipments: ...

    @property
    def agents(self) -> Agents: ...

    @property
    def ticket_lists(self) -> TicketLists: ...

    @property
    def macros(self) -> Macros: ...

    @property
    def agent_stats(self) -> AgentStats: ...


@dataclass(frozen=True)
class UploadPolicy:
    """What a browser upload may be: S3 refuses anything else."""

    max_bytes: int
    content_type_prefix: str
    seconds: int
    redirect: str  # where the browser goes once stored (S3 adds `bucket` and `key`)
    metadata: dict[str, str] = field(default_factory=dict)  # stored with the object, exactly these
    # A form without script cannot say what the chosen file is: it sends this (within the prefix),
    # and whoever reads the object trusts its bytes, not this.
    content_type: str = "image/jpeg"


@dataclass(frozen=True)
class UploadForm:
    url: str
    fields: dict[str, str]


@dataclass(frozen=True)
class StoredObject:
    size: int
    content_type: str
    metadata: dict[str, str]
    head: bytes = b""


class BlobStore(Protocol):
    """Raw inbound mail and attachments."""

    def get(self, bucket: str, key: str) -> bytes:
        """The object's bytes; NotFound when there is none."""
        ...

    def put(self, bucket: str, key: str, body: bytes, content_type: str,
            metadata: dict[str, str] | None = None) -> None: ...

    def download_url(self, bucket: str, key: str, filename: str, seconds: int) -> str:
        """A short-lived link that downloads the object as `filename`."""
        ...

    def upload_form(self, bucket: str, key: str, policy: UploadPolicy) -> UploadForm:
        """A browser form (presigned POST) that may store one object at exactly `key`, within
        the policy's limits, for `policy.seconds`."""
        ...

    def describe(self, bucket: str, key: str, first_bytes: int = 0) -> StoredObject | None:
        """Size, type and metadata of the object (and its first bytes when asked); None when absent."""
        ...


class MailSender(Protocol):
    def send_raw(self, sender: str, recipients: list[str], raw: bytes) -> str:
        """Send composed MIME; the id the service gave it. PermanentFailure when refused for good,
        UpstreamError when worth another try."""
        ...


class EventPublisher(Protocol):
    def publish(self, detail_type: str, detail: dict[str, Any]) -> None:
        """Publish a domain event (UpstreamError when it was not accepted)."""
        ...


class TimerService(Protocol):
    def start_timer(self, execution_name: str, payload: dict[str, Any]) -> bool:
        """Start the named timer; False when one with that name already exists."""
        ...

    def stop_timer(self, execution_name: str) -> bool:
        """Stop the named timer; False when it was not running (already ended, or never started)."""
        ...

    def timer_status(self, execution_name: str) -> str | None:
        """RUNNING, SUCCEEDED, FAILED, … or None when there never was one by that name."""
        ...
