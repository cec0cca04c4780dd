"""What the REST API accepts. Validation errors name the field to fix."""

from __future__ import annotations

import re
from datetime import datetime
from decimal import Decimal
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, field_validator

from ..domain.access import RoleName
from ..domain.models import CategoryName, ChannelName, PriorityName

_EMAIL = re.compile(r"^[^@\s<>()\[\],;:\"]+@[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)+$")

Text = Annotated[str, StringConstraints(strip_whitespace=True)]


def valid_email(value: str) -> str:
    value = value.strip()
    if len(value) > 254 or not _EMAIL.match(value):
        raise ValueError("must be an email address such as jane@example.com")
    local, domain = value.rsplit("@", 1)
    return f"{local}@{domain.lower()}"


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)


class CustomerIn(Strict):
    email: str
    name: Annotated[str, Field(max_length=200)] = ""

    _email = field_validator("email")(classmethod(lambda cls, v: valid_email(v)))


class NewTicket(Strict):
    customer: CustomerIn
    subject: Annotated[Text, Field(min_length=1, max_length=300)]
    body: Annotated[Text, Field(min_length=1, max_length=50_000)]
    order_id: Annotated[str, Field(max_length=64, pattern=r"^[A-Za-z0-9#._:/-]+$")] | None = None
    sku: Annotated[str, Field(max_length=64, pattern=r"^[A-Za-z0-9._:/-]+$")] | None = None
    channel: ChannelName = "web"
    language: Annotated[str, Field(pattern=r"^[a-zA-Z]{2}(-[A-Za-z0-9]{2,8})?$")] | None = None


class FollowUp(Strict):
    body: Annotated[Text, Field(min_length=1, max_length=50_000)]
    author: str | None = None  # the customer's email; defaults to the ticket's customer

    _author = field_validator("author")(
        classmethod(lambda cls, v: valid_email(v) if v is not None else None)
    )


class StatusChange(Strict):
    status: Literal["open", "pending", "resolved", "closed"]
    reason: Annotated[str, Field(max_length=1000)] = ""
    expected_version: int | None = None


class NewApiKey(Strict):
    role: RoleName
    label: Annotated[str, Field(max_length=100)] = ""


class Reply(Strict):
    body: Annotated[Text, Field(min_length=1, max_length=50_000)]
    keep_open: bool = False  # True: the ticket stays open instead of waiting on the customer


class Note(Strict):
    body: Annotated[Text, Field(min_length=1, max_length=50_000)]


class OrderFacts(Strict):
    delivered_at: datetime | None = None
    product_category: Annotated[str, Field(max_length=64)] | None = None


class RemedyIn(Strict):
    type: Literal["refund", "replacement", "discount", "store_credit", "return_label", "expedited_reshipment"]
    amount: Annotated[Decimal, Field(ge=0, max_digits=12, decimal_places=2)] = Decimal(0)
    currency: Annotated[str, Field(pattern=r"^[A-Z]{3}$")] = "USD"
    percent: Annotated[Decimal, Field(ge=0, le=100, max_digits=5, decimal_places=2)] = Decimal(0)
    reason: Annotated[Text, Field(min_length=3, max_length=1000)]
    sku: Annotated[str, Field(max_length=64)] | None = None
    warranty_claim: bool = False
    order: OrderFacts = Field(default_factory=OrderFacts)


class Decision(Strict):
    reason: Annotated[str, Field(max_length=1000)] = ""


class Escalation(Strict):
    reason: Annotated[Text, Field(min_length=3, max_length=1000)]
    tier: Literal[2, 3] | None = None


class TriageCorrection(Strict):
    """An agent corrects what triage decided; a new priority recomputes the SLA deadlines."""

    priority: PriorityName | None = None
    category: CategoryName | None = None
    reason: Annotated[Text, Field(min_length=3, max_length=1000)]
