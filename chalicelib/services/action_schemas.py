"""What the ticket actions accept: macros, tags, merge, sending a ticket down a tier, discarding
quarantined mail."""

from __future__ import annotations

from datetime import date
from typing import Annotated

from pydantic import BaseModel, Field, field_validator

from ..domain.macros import unknown_placeholders
from .schemas import Line, Query, Strict, Text

Tag = Annotated[str, Field(pattern=r"^[a-z0-9][a-z0-9_-]{0,39}$", examples=["vip"],
                           description="lower case letters, digits, - and _; up to 40")]


def _checked_bodies(bodies: dict[str, str]) -> dict[str, str]:
    for language, text in bodies.items():
        unknown = unknown_placeholders(text)
        if unknown:
            raise ValueError(f"the {language} text uses unknown placeholders {', '.join(unknown)}; "
                             "use {customer_name}, {order_id}, {ticket_id} or {agent_name}")
    return bodies


Language = Annotated[str, Field(pattern=r"^[a-z]{2}$")]
Bodies = dict[Language, Annotated[Text, Field(min_length=1, max_length=10_000)]]


class NewMacro(Strict):
    name: Annotated[Line, Field(min_length=1, max_length=100)]
    bodies: Annotated[Bodies, Field(min_length=1, max_length=20,
                                    description="language → text, e.g. {\"en\": \"Hello {customer_name}…\"}")]

    _bodies = field_validator("bodies")(classmethod(lambda cls, v: _checked_bodies(v)))


class MacroChange(Strict):
    name: Annotated[Line, Field(min_length=1, max_length=100)] | None = None
    bodies: Annotated[Bodies, Field(min_length=1, max_length=20)] | None = None
    active: bool | None = None

    _bodies = field_validator("bodies")(classmethod(lambda cls, v: _checked_bodies(v) if v is not None else None))


class TagChange(Strict):
    add: Annotated[list[Tag], Field(default_factory=list, max_length=20)]
    remove: Annotated[list[Tag], Field(default_factory=list, max_length=20)]


class Merge(Strict):
    into: Annotated[str, Field(max_length=64, description="the ticket that stays (same customer)")]
    reason: Annotated[Line, Field(max_length=500)] = ""


class SendDown(Strict):
    reason: Annotated[Text, Field(min_length=3, max_length=1000)]
    tier: Annotated[int, Field(ge=1, le=2)] | None = None


class Discard(Strict):
    reason: Annotated[Text, Field(min_length=3, max_length=1000)]


class AttachmentQuery(Query):
    key: Annotated[str, Field(min_length=1, max_length=1024, description="the attachment's `key` on its message")]


Score = Annotated[int, Field(ge=1, le=5)]


class QaReview(Strict):
    message_id: Annotated[str, Field(max_length=40, description="the reply scored (its message id)")]
    accuracy: Score
    empathy: Score
    policy: Score
    comment: Annotated[Text, Field(max_length=2000)] = ""


class KpiQuery(Query):
    from_: Annotated[date, Field(alias="from", description="first day, YYYY-MM-DD")]
    to: Annotated[date, Field(description="last day, YYYY-MM-DD")]


class StatusLinkRevoke(Strict):
    """Why the customer's status links are revoked (optional, kept in the audit trail)."""

    reason: Annotated[Text, Field(max_length=1000)] = ""


class StatusReplyForm(BaseModel):
    """The status page's reply form (what the browser posts)."""

    csrf: str = Field(description="the form token the page carries; bound to the link")
    body: str = Field(default="", max_length=20_000, description="the customer's message")
    photo: list[str] = Field(default_factory=list, max_length=3,
                             description="keys of photos uploaded through the page's upload form (repeatable)")
