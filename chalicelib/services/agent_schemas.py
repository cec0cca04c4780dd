"""What the agent routes accept: sign-in, the admin's changes to agents, assignment."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Literal

from pydantic import Field, field_validator

from ..domain.models import CategoryName, ChannelName, PriorityName
from .schemas import Line, Query, Strict, valid_email

Email = Annotated[str, Field(max_length=254, examples=["ana@store.example"], json_schema_extra={"format": "email"})]
TierIn = Literal[1, 2, 3, "admin"]
LanguageIn = Annotated[str, Field(pattern=r"^[a-z]{2}$", examples=["es"], description="ISO 639-1 code")]


def _address(value: str) -> str:
    return valid_email(value).lower()


def _unicode(value: str | None) -> str | None:
    if value is not None:
        try:
            value.encode("utf-8")
        except UnicodeEncodeError:
            raise ValueError("must be valid Unicode text (no lone surrogates)") from None
    return value


class SignIn(Strict):
    email: Email
    password: Annotated[str, Field(min_length=1, max_length=256)]

    _email = field_validator("email")(classmethod(lambda cls, v: _address(v)))


class NewAgent(Strict):
    email: Email
    name: Annotated[Line, Field(min_length=1, max_length=200)]
    tier: TierIn
    language: LanguageIn = "en"
    password: Annotated[str, Field(min_length=8, max_length=256,
                                   description="leave out to have one generated (shown once)")] | None = None

    _email = field_validator("email")(classmethod(lambda cls, v: _address(v)))
    _text = field_validator("name", "password")(classmethod(lambda cls, v: _unicode(v)))


class AgentChange(Strict):
    name: Annotated[Line, Field(min_length=1, max_length=200)] | None = None
    tier: TierIn | None = None
    language: LanguageIn | None = None
    active: bool | None = None

    _text = field_validator("name")(classmethod(lambda cls, v: _unicode(v)))


class Assignment(Strict):
    agent: Annotated[str, Field(max_length=254, description="an agent's email, \"me\", or null to unassign")] | None
    note: Annotated[Line, Field(max_length=500)] = ""


_STATUSES = "new|open|pending|resolved|closed"


class TicketsQuery(Query):
    """GET /tickets: every filter optional, combined with AND."""

    assignee: Annotated[str, Field(max_length=254, description="\"me\", \"none\" (unassigned) or an agent's email")] \
        | None = None
    order_id: Annotated[str, Field(min_length=1, max_length=100)] | None = None
    email: Annotated[str, Field(max_length=254, description="the customer's email")] | None = None
    status: Annotated[str, Field(pattern=rf"^({_STATUSES})(,({_STATUSES}))*$",
                                 description="comma-separated: new, open, pending, resolved, closed (default all)")] \
        | None = None
    tier: Annotated[int, Field(ge=1, le=3)] | None = None
    priority: PriorityName | None = None
    category: CategoryName | None = None
    channel: ChannelName | None = None
    tag: Annotated[str, Field(max_length=40)] | None = None
    created_from: Annotated[date, Field(description="opened on or after this day (YYYY-MM-DD, UTC)")] | None = None
    created_to: Annotated[date, Field(description="opened on or before this day (YYYY-MM-DD, UTC)")] | None = None
    id: Annotated[str, Field(max_length=64, description="a ticket number as typed (case, O for 0)")] | None = None
    limit: Annotated[int, Field(ge=1, le=100)] = 25
    cursor: Annotated[str, Field(max_length=2048, description="next_cursor from the previous page")] | None = None

    _email = field_validator("email")(classmethod(lambda cls, v: _address(v) if v is not None else None))
