"""Customer-facing mail from Jinja2 templates, one folder per language under email_templates/."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo

if TYPE_CHECKING:
    from jinja2 import Environment

TEMPLATE_ROOT = Path(__file__).resolve().parent.parent / "email_templates"
DEFAULT_LANGUAGE = "en"


@dataclass(frozen=True)
class RenderedMail:
    subject: str
    text: str
    html: str
    language: str


@lru_cache(maxsize=1)
def _environment() -> Environment:
    # Jinja2 loads with the first mail, not on every cold start (most requests send none).
    from jinja2 import Environment, FileSystemLoader, StrictUndefined

    env = Environment(
        loader=FileSystemLoader(str(TEMPLATE_ROOT)),
        autoescape=lambda name: bool(name and name.endswith(".html.j2")),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters["duration"] = lambda value, language: humane_duration(value, language)
    return env


def template_language(language: str) -> str:
    """The customer's language when we have templates for it, otherwise English."""
    code = (language or "").lower().split("-")[0]
    return code if (TEMPLATE_ROOT / code).is_dir() else DEFAULT_LANGUAGE


def render(name: str, language: str, context: dict[str, Any]) -> RenderedMail:
    chosen = template_language(language)
    if not (TEMPLATE_ROOT / chosen / f"{name}.subject.j2").is_file():
        chosen = DEFAULT_LANGUAGE  # a language folder may not have every template yet
    env = _environment()
    values = {**context, "language": chosen}
    subject = env.get_template(f"{chosen}/{name}.subject.j2").render(values).strip()
    text = env.get_template(f"{chosen}/{name}.txt.j2").render(values)
    html = env.get_template(f"{chosen}/{name}.html.j2").render(values)
    return RenderedMail(subject=" ".join(subject.split()), text=text, html=html, language=chosen)


_UNITS = {
    "en": (("day", "days"), ("hour", "hours"), ("minute", "minutes"), " and "),
    "es": (("día", "días"), ("hora", "horas"), ("minuto", "minutos"), " y "),
    "fr": (("jour", "jours"), ("heure", "heures"), ("minute", "minutes"), " et "),
    "de": (("Tag", "Tagen"), ("Stunde", "Stunden"), ("Minute", "Minuten"), " und "),
    "it": (("giorno", "giorni"), ("ora", "ore"), ("minuto", "minuti"), " e "),
    "pt": (("dia", "dias"), ("hora", "horas"), ("minuto", "minutos"), " e "),
    "nl": (("dag", "dagen"), ("uur", "uur"), ("minuut", "minuten"), " en "),
}


def humane_duration(span: timedelta, language: str) -> str:
    """'4 hours', '1 day and 2 hours' in the customer's language; never rounds down to zero."""
    days, hours, minutes, joiner = _UNITS.get(language, _UNITS[DEFAULT_LANGUAGE])
    total_minutes = max(1, round(span.total_seconds() / 60))
    d, rest = divmod(total_minutes, 24 * 60)
    h, m = divmod(rest, 60)
    parts = []
    for count, (one, many) in ((d, days), (h, hours), (m, minutes)):
        if count:
            parts.append(f"{count} {one if count == 1 else many}")
    if d:  # nobody needs minutes on a promise measured in days
        parts = parts[:2]
    return joiner.join(parts[:2])


def local_time(moment: datetime, timezone: str, language: str) -> str:
    """A moment as the reader says it, in the store's time zone: 'Tuesday, December 1, 2026,
    2:27 PM (CET)', 'martes, 1 de diciembre de 2026, 14:27 (CET)' — never raw ISO with microseconds."""
    from babel.dates import format_date, format_time  # locale data loads only when mail is written

    local = moment.astimezone(ZoneInfo(timezone))
    locale = language if language in _UNITS else DEFAULT_LANGUAGE
    return f"{format_date(local, 'full', locale=locale)}, {format_time(local, 'short', locale=locale)} " \
           f"({local.tzname()})"
