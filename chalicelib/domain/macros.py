"""Saved replies (macros): one text per language, with a few placeholders filled from the ticket.

Placeholders are `{customer_name}`, `{order_id}`, `{ticket_id}` and `{agent_name}`; nothing else is
evaluated (an admin's text is not a template language), and an unknown one is refused when saved."""

from __future__ import annotations

import re
from datetime import datetime

from pydantic import BaseModel, ConfigDict

PLACEHOLDERS = ("customer_name", "order_id", "ticket_id", "agent_name")
_PLACEHOLDER = re.compile(r"\{([a-z_]+)\}")


class Macro(BaseModel):
    model_config = ConfigDict(extra="ignore")

    id: str
    name: str
    bodies: dict[str, str]  # language → text
    created_at: datetime
    updated_at: datetime
    updated_by: str = ""
    version: int = 1
    active: bool = True


def unknown_placeholders(text: str) -> list[str]:
    return sorted({name for name in _PLACEHOLDER.findall(text) if name not in PLACEHOLDERS})


def text_for(macro: Macro, language: str) -> tuple[str, str]:
    """(language used, text): the ticket's language, else English, else the first there is."""
    for wanted in (language, language.split("-")[0], "en"):
        if wanted in macro.bodies:
            return wanted, macro.bodies[wanted]
    first = sorted(macro.bodies)[0]
    return first, macro.bodies[first]


def fill(text: str, values: dict[str, str], fallback: dict[str, str] | None = None) -> str:
    """The text with each placeholder replaced; a missing value by its fallback, or nothing."""
    def value(match: re.Match[str]) -> str:
        name = match.group(1)
        if name not in PLACEHOLDERS:
            return match.group(0)
        return values.get(name) or (fallback or {}).get(name, "")

    return _PLACEHOLDER.sub(value, text)


# When the ticket has no customer name or order: what to say instead, per language.
FALLBACKS: dict[str, dict[str, str]] = {
    "en": {"customer_name": "there", "order_id": "your order"},
    "es": {"customer_name": "cliente", "order_id": "su pedido"},
    "fr": {"customer_name": "client", "order_id": "votre commande"},
    "de": {"customer_name": "Kundin, lieber Kunde", "order_id": "Ihre Bestellung"},
}


