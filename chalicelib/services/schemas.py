"""What the REST API accepts. Validation errors name the field to fix."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from typing import Annotated, Any, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    StringConstraints,
    ValidationInfo,
    WithJsonSchema,
    field_validator,
)

from ..domain.access import RoleName
from ..domain.models import CategoryName, ChannelName, PriorityName
from ..domain.money import MINOR_UNITS, MoneyError, amount_in, to_decimal
from ..domain.text import clean_body, line_problem

_EMAIL = re.compile(r"^[^@\s<>()\[\],;:\"\x00-\x1f\x7f-\x9f]+@[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?"
                    r"(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)+$")
_SURROGATES = re.compile("[\ud800-\udfff]")


def _one_line(value: str) -> str:
    problem = line_problem(value)
    if problem:
        raise ValueError(problem)
    return value


# One line of text: names, subjects, labels. Anything that may reach a mail header. Control
# characters (CR and LF above all) are refused with the field's name, before anything is stored.
Line = Annotated[str, StringConstraints(strip_whitespace=True), AfterValidator(_one_line),
                 Field(json_schema_extra={"pattern": "^[^\\u0000-\\u001f\\u007f-\\u009f\\u2028\\u2029]*$"})]
# Free text: line breaks and tabs kept, other control characters and lone surrogates dropped.
Text = Annotated[str, BeforeValidator(lambda v: clean_body(v) if isinstance(v, str) else v),
                 StringConstraints(strip_whitespace=True)]


def valid_email(value: str) -> str:
    value = value.strip()
    if len(value) > 254 or not _EMAIL.match(value) or _SURROGATES.search(value):
        raise ValueError("must be an email address such as jane@example.com")
    local, domain = value.rsplit("@", 1)
    return f"{local}@{domain.lower()}"


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True, defer_build=True)


class CustomerIn(Strict):
    email: Annotated[str, Field(max_length=254, examples=["jane@example.com"], json_schema_extra={"format": "email"})]
    name: Annotated[Line, Field(max_length=200)] = ""

    _email = field_validator("email")(classmethod(lambda cls, v: valid_email(v)))


class NewTicket(Strict):
    customer: CustomerIn
    subject: Annotated[Line, Field(min_length=1, max_length=300)]
    body: Annotated[Text, Field(min_length=1, max_length=50_000)]
    order_id: Annotated[str, Field(max_length=64, pattern=r"^[A-Za-z0-9#._:/-]+$")] | None = None
    sku: Annotated[str, Field(max_length=64, pattern=r"^[A-Za-z0-9._:/-]+$")] | None = None
    channel: ChannelName = "web"
    language: Annotated[str, Field(pattern=r"^[a-zA-Z]{2}(-[A-Za-z0-9]{2,8})?$")] | None = None

    @field_validator("channel")
    @classmethod
    def _not_proactive(cls, value: str) -> str:
        if value == "proactive":
            raise ValueError("proactive tickets are opened by the desk itself (delay notices); use web, api, "
                             "email, phone or chat")
        return value


class FollowUp(Strict):
    body: Annotated[Text, Field(min_length=1, max_length=50_000)]
    author: Annotated[str, Field(max_length=254)] | None = None  # the customer's email; defaults to the ticket's

    _author = field_validator("author")(
        classmethod(lambda cls, v: valid_email(v) if v is not None else None)
    )


class StatusChange(Strict):
    status: Literal["open", "pending", "resolved", "closed"]
    reason: Annotated[Text, Field(max_length=1000)] = ""
    expected_version: int | None = None


class NewApiKey(Strict):
    role: RoleName
    label: Annotated[Line, Field(max_length=100)] = ""


class Reply(Strict):
    body: Annotated[Text, Field(min_length=1, max_length=50_000)]
    keep_open: bool = False  # True: the ticket stays open instead of waiting on the customer


class Note(Strict):
    body: Annotated[Text, Field(min_length=1, max_length=50_000)]


def _delivered(value: datetime | None) -> datetime | None:
    """Delivery dates are instants in UTC (a date without a zone is taken as UTC), not in the future."""
    if value is None:
        return None
    try:
        moment = value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)
    except OverflowError:
        raise ValueError("is outside the calendar") from None
    if moment > datetime.now(UTC) + timedelta(days=1):
        raise ValueError("must not be in the future: give the date the order was delivered")
    return moment


class OrderFacts(Strict):
    delivered_at: Annotated[datetime | None, AfterValidator(_delivered)] = None
    product_category: Annotated[Line, Field(max_length=64)] | None = None


def _exact_number(value: Any) -> Decimal:
    try:
        return to_decimal(value)
    except MoneyError as error:
        raise ValueError(str(error)) from None


_AMOUNT_SCHEMA = {"anyOf": [{"type": "string", "pattern": r"^[0-9]{1,12}(\.[0-9]{1,4})?$"},
                            {"type": "number", "minimum": 0, "maximum": 999999999999}],
                  "description": "in the currency's minor units, e.g. \"19.99\" USD, \"1200\" JPY, \"1.250\" KWD; "
                                 "stored and published in plain form (\"1E+2\" USD becomes \"100.00\")"}
Amount = Annotated[Decimal, BeforeValidator(_exact_number), WithJsonSchema(_AMOUNT_SCHEMA)]
Percent = Annotated[Decimal, BeforeValidator(_exact_number), Field(ge=0, le=100),
                    WithJsonSchema({"anyOf": [{"type": "string", "pattern": r"^[0-9]{1,3}(\.[0-9]{1,2})?$"},
                                              {"type": "number", "minimum": 0, "maximum": 100}]})]
Currency = Annotated[str, Field(pattern=r"^[A-Z]{3}$"),
                     WithJsonSchema({"type": "string", "enum": sorted(MINOR_UNITS), "default": "USD",
                                     "description": "ISO 4217 code"})]


class RemedyIn(Strict):
    type: Literal["refund", "replacement", "discount", "store_credit", "return_label", "expedited_reshipment"]
    currency: Currency = "USD"
    amount: Amount = Decimal(0)
    percent: Percent = Decimal(0)
    reason: Annotated[Text, Field(min_length=3, max_length=1000)]
    sku: Annotated[str, Field(max_length=64, pattern=r"^[A-Za-z0-9._:/-]+$")] | None = None
    warranty_claim: bool = False
    order: OrderFacts = Field(default_factory=OrderFacts)


    @field_validator("currency")
    @classmethod
    def _known_currency(cls, value: str) -> str:
        if value not in MINOR_UNITS:
            raise ValueError(f"{value!r} is not an ISO 4217 currency code such as USD, EUR or JPY")
        return value

    @field_validator("amount")
    @classmethod
    def _amount_in_currency(cls, value: Decimal, info: ValidationInfo) -> Decimal:
        currency = info.data.get("currency")
        if currency is None:
            return value  # the currency is already reported as invalid
        try:
            return amount_in(value, currency)
        except MoneyError as error:
            raise ValueError(str(error)) from None

    @field_validator("percent")
    @classmethod
    def _percent_in_hundredths(cls, value: Decimal) -> Decimal:
        if value.quantize(Decimal("0.01")) != value:
            raise ValueError("percent has at most 2 decimals")
        return value.quantize(Decimal("0.01")) if value != value.to_integral_value() else value.quantize(Decimal(1))


class Decision(Strict):
    reason: Annotated[Text, Field(max_length=1000)] = ""


class Escalation(Strict):
    reason: Annotated[Text, Field(min_length=3, max_length=1000)]
    tier: Literal[2, 3] | None = None


class TriageCorrection(Strict):
    """An agent corrects what triage decided; a new priority recomputes the SLA deadlines."""

    priority: PriorityName | None = None
    category: CategoryName | None = None
    reason: Annotated[Text, Field(min_length=3, max_length=1000)]


class Query(BaseModel):
    """Query string parameters; ones the route does not know are ignored (cache busters, tracking)."""

    model_config = ConfigDict(extra="ignore", str_strip_whitespace=True, defer_build=True)


class CustomerTicketsQuery(Query):
    limit: Annotated[int, Field(ge=1, le=100)] = 20
    cursor: Annotated[str, Field(max_length=2048, description="next_cursor from the previous page")] | None = None


class QueueQuery(Query):
    status: Annotated[str, Field(pattern=r"^(new|open|pending)(,(new|open|pending))*$",
                                 description="comma-separated statuses: new, open, pending")] = "new,open"
    limit: Annotated[int, Field(ge=1, le=200)] = 50


class ListQuery(Query):
    limit: Annotated[int, Field(ge=1, le=200)] = 50


class MessagesQuery(Query):
    before: Annotated[str, Field(max_length=2048, description="older_cursor from the previous page")] | None = None
    limit: Annotated[int, Field(ge=1, le=20)] = 20


class EventsQuery(Query):
    before: Annotated[str, Field(max_length=2048, description="older_cursor from the previous page")] | None = None
    limit: Annotated[int, Field(ge=1, le=100)] = 100
