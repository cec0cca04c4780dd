"""The desk's records. Pydantic validates what comes in; the repository stores `model_dump`."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import TYPE_CHECKING, Any, ClassVar, Literal, TypeAlias

from pydantic import BaseModel, ConfigDict, Field


class Status(StrEnum):
    NEW = "new"
    OPEN = "open"
    PENDING = "pending"  # waiting on the customer: the resolution clock pauses
    RESOLVED = "resolved"
    CLOSED = "closed"


class Priority(StrEnum):
    CRITICAL = "critical"
    HIGH = "high"
    NORMAL = "normal"
    LOW = "low"


PRIORITY_RANK = {Priority.CRITICAL: 0, Priority.HIGH: 1, Priority.NORMAL: 2, Priority.LOW: 3}
PRIORITIES = tuple(priority.value for priority in Priority)

# The one list of categories: triage's model, ticket records, the API and the labels use it.
CATEGORIES = (
    "pre_sale",
    "order_issue",
    "shipping_problem",
    "product_defect",
    "return_refund",
    "warranty_claim",
    "billing",
    "account",
    "feedback",
    "other",
)

TIERS = (1, 2, 3)
TIER_NAMES = {1: "frontline", 2: "senior", 3: "resolution center"}


class Channel(StrEnum):
    API = "api"
    EMAIL = "email"
    WEB = "web"
    PHONE = "phone"
    CHAT = "chat"
    PROACTIVE = "proactive"  # the desk wrote first (a shipping-delay notice)


CHANNELS = tuple(channel.value for channel in Channel)

# The API's schemas accept exactly these values: `Literal[<tuple>]` is `Literal["a", "b", ...]`.
# Type checkers cannot read a Literal built at run time, so to them the names are plain str.
if TYPE_CHECKING:
    CategoryName: TypeAlias = str
    ChannelName: TypeAlias = str
    PriorityName: TypeAlias = str
else:
    CategoryName = Literal[CATEGORIES]
    ChannelName = Literal[CHANNELS]
    PriorityName = Literal[PRIORITIES]


class Direction(StrEnum):
    INBOUND = "inbound"  # from the customer
    OUTBOUND = "outbound"  # from us to the customer
    NOTE = "note"  # internal, never emailed
    SYSTEM = "system"  # automatic mail such as acknowledgements


class Record(BaseModel):
    model_config = ConfigDict(extra="ignore", use_enum_values=True, defer_build=True)


class SlaDeadlines(Record):
    """The SLA clock's state for one ticket, and the deadlines derived from it (for queues and people)."""

    policy: str = "default"
    first_response_due: datetime
    resolution_due: datetime | None = None  # None while the ticket waits on the customer
    next_response_due: datetime | None = None
    first_response_warn_at: datetime | None = None
    resolution_warn_at: datetime | None = None
    next_response_warn_at: datetime | None = None
    first_response_at: datetime | None = None
    awaiting_response_since: datetime | None = None
    paused_since: datetime | None = None
    paused_seconds: float = 0.0
    breaches: list[str] = Field(default_factory=list)
    warnings: list[str] = Field(default_factory=list)


class Customer(Record):
    email: str
    name: str = ""
    language: str = "en"
    created_at: datetime
    bouncing: bool = False


class Survey(Record):
    """The satisfaction survey sent when a ticket was resolved (see `domain.surveys`): its state and
    the answer. The link itself is never stored."""

    id: str
    status: str = "pending"  # pending | rated (one-click CSAT, form still open) | answered | cancelled
    sent_at: datetime
    expires_at: datetime
    language: str = "en"
    csat: int | None = None
    nps: int | None = None
    comment: str = ""
    rated_at: datetime | None = None
    answered_at: datetime | None = None
    cancelled_at: datetime | None = None
    cancel_reason: str = ""
    recovery: bool = False  # the answer reopened the ticket for service recovery


class Ticket(Record):
    id: str
    status: Status = Status.NEW
    tier: int = 1
    category: str
    priority: Priority
    language: str
    confidence: float = 0.0
    needs_review: bool = False  # triage was unsure (confidence below its threshold): check it
    channel: Channel = Channel.API
    subject: str
    customer_email: str
    customer_name: str = ""
    order_id: str | None = None
    sku: str | None = None
    created_at: datetime
    updated_at: datetime
    sla: SlaDeadlines
    version: int = 1
    message_count: int = 1
    first_response_at: datetime | None = None
    resolved_at: datetime | None = None
    closed_at: datetime | None = None
    reopened_count: int = 0
    linked_ticket_id: str | None = None
    ack_message_id: str | None = None
    cc: list[str] = Field(default_factory=list)  # people the customer copied in: trusted like them
    customer_bouncing: bool = False
    last_inbound_message_id: str | None = None  # what our next reply answers (In-Reply-To)
    timer_name: str | None = None  # the SLA timer execution now running for this ticket
    assignee: str | None = None  # the agent (email) who owns the ticket; None: it waits in its queue
    assignee_name: str = ""
    assigned_at: datetime | None = None
    tags: list[str] = Field(default_factory=list)
    merged_into: str | None = None  # closed as a duplicate of this ticket
    resolved_by: str | None = None  # the agent who resolved it last (their KPIs count a reopen)
    sweep_after: datetime | None = None  # the sweeper found nothing to do: not before this again
    timer_wake_at: datetime | None = None  # when that execution next wakes (it cannot be woken sooner)
    inbound_count: int = 1  # customer messages
    agent_reply_count: int = 0
    first_contact_resolution: bool | None = None  # set when resolved
    references: list[str] = Field(default_factory=list)  # the thread so far, for References
    latest_customer_words: str = ""  # the start of the customer's latest message, for tier mails
    thread_subject: str | None = None  # the subject replies answer ("Re: …"), token included
    survey: Survey | None = None  # the latest satisfaction survey, if one was sent
    apology_requested: bool = False  # service recovery: someone contacts the customer personally
    status_link_generation: int = 0  # status-page links of an earlier generation were revoked


class TicketSummary(Record):
    """What a row of a ticket list shows: a queue of 200 reads these fields of each ticket, not all
    of them (the rest of the item is most of what the read would otherwise carry)."""

    id: str
    status: Status = Status.NEW
    tier: int = 1
    category: str
    priority: Priority
    needs_review: bool = False
    channel: Channel = Channel.API
    subject: str
    customer_email: str
    customer_name: str = ""
    order_id: str | None = None
    sla: SlaDeadlines
    assignee: str | None = None
    assignee_name: str = ""
    tags: list[str] = Field(default_factory=list)

    # Of the SLA state, the deadlines a countdown needs (the rest stays unread).
    SLA_FIELDS: ClassVar[tuple[str, ...]] = (
        "first_response_due", "first_response_warn_at", "first_response_at", "next_response_due",
        "next_response_warn_at", "resolution_due", "resolution_warn_at")

    @classmethod
    def of(cls, ticket: Ticket) -> TicketSummary:
        found = {name: getattr(ticket, name) for name in cls.model_fields}
        found["sla"] = {name: getattr(ticket.sla, name) for name in cls.SLA_FIELDS}
        return cls.model_validate(found)


class Attachment(Record):
    filename: str
    content_type: str
    size: int
    key: str
    inline: bool = False


class Remedy(Record):
    id: str
    ticket_id: str
    type: str
    status: str  # granted | awaiting_approval | denied | refused
    amount: str = "0"  # decimal as text: money is never a float
    currency: str = "USD"
    percent: str = "0"
    reason: str = ""
    order_id: str | None = None
    sku: str | None = None
    delivered_at: datetime | None = None
    product_category: str | None = None
    warranty_claim: bool = False
    requested_by: str
    requested_at: datetime
    approval_tier: int | None = None
    approval_reason: str = ""
    approval_due: datetime | None = None
    decided_by: str | None = None
    decided_at: datetime | None = None
    decision_reason: str = ""
    refusal: str = ""
    checks: list[str] = Field(default_factory=list)
    rma_number: str | None = None
    code: str | None = None  # a discount code the store's systems create when the grant is published
    published_at: datetime | None = None
    ticket_category: str | None = None  # the ticket's category when requested, for remedy cost KPIs


class QuarantinedMail(Record):
    id: str
    kind: str  # spam, virus, forged_address, bounce, auto_reply, bulk, …
    reason: str
    sender: str | None = None
    subject: str = ""
    message_id: str | None = None
    raw_bucket: str
    raw_key: str
    ses_message_id: str
    recipients: list[str] = Field(default_factory=list)
    envelope_sender: str | None = None
    received_at: datetime
    released_at: datetime | None = None
    released_by: str | None = None
    released_ticket_id: str | None = None
    discarded_at: datetime | None = None
    discarded_by: str | None = None
    discard_reason: str | None = None


class ApiKey(Record):
    """An API key as the desk keeps it: its hash, never the key."""

    digest: str  # sha256 of the key
    role: str
    key_id: str  # the hash's first characters: names the key in logs and claims
    label: str = ""
    created_at: datetime
    active: bool = True


class Message(Record):
    id: str
    ticket_id: str
    direction: Direction
    channel: Channel
    author: str
    body: str
    created_at: datetime
    subject: str | None = None
    full_body: str | None = None  # the whole text, quotes included, for email
    email_message_id: str | None = None
    ses_message_id: str | None = None  # what SES called the mail we sent (its Message-ID)
    attachments: list[Attachment] = Field(default_factory=list)
    automatic: str | None = None  # bounce, auto_reply, bulk…: kept, never answered
    cc: list[str] = Field(default_factory=list)
    flags: list[str] = Field(default_factory=list)  # e.g. dmarc_fail
    problems: list[str] = Field(default_factory=list)  # attachments we could not keep, and why
    raw_key: str | None = None
    via: str | None = None  # how it was threaded


class AuditEvent(Record):
    id: str
    ticket_id: str
    at: datetime
    actor: str
    action: str
    before: dict[str, Any] | None = None
    after: dict[str, Any] | None = None
    detail: dict[str, Any] | None = None


class OutboxItem(Record):
    """Work the desk has promised to do after a change, saved in the same transaction as the change
    and carried out after it: an email, an event on the bus, a timer start or stop.

    `id` is the dedupe key: our own Message-ID for mail, the event id for events, the execution
    name for timers. `payload` holds what to send (mail as compressed raw MIME, so a retry sends
    the very same bytes); `links` names what the sending result updates (message, remedy)."""

    id: str
    ticket_id: str
    kind: str  # email | event | timer | timer_stop
    purpose: str  # acknowledgement, reply, tier_notice, remedy_granted, timer_start, …
    created_at: datetime
    status: str = "pending"  # pending → sent | failed
    attempts: int = 0
    next_attempt_at: datetime
    last_error: str = ""
    payload: dict[str, Any] = Field(default_factory=dict)
    mime: bytes | None = Field(default=None, exclude=True)  # raw MIME of an email, stored compressed
    links: dict[str, str] = Field(default_factory=dict)
    done_at: datetime | None = None
    result: dict[str, Any] = Field(default_factory=dict)
