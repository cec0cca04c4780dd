"""What the agent routes accept: sign-in, the admin's changes to agents, assignment."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field, field_validator

from .schemas import Line, Strict, valid_email

Email = Annotated[str, Field(max_length=254, examples=["ana@store.example"], json_schema_extra={"format": "email"})]
TierIn = Literal[1, 2, 3, "admin"]
LanguageIn = Annotated[str, Field(pattern=r"^[a-z]{2}$", examples=["es"], description="ISO 639-1 code")]


def _address(value: str) -> str:
    return valid_email(value).lower()


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


class AgentChange(Strict):
    name: Annotated[Line, Field(min_length=1, max_length=200)] | None = None
    tier: TierIn | None = None
    language: LanguageIn | None = None
    active: bool | None = None


class Assignment(Strict):
    agent: Annotated[str, Field(max_length=254, description="an agent's email, \"me\", or null to unassign")] | None
    note: Annotated[Line, Field(max_length=500)] = ""
