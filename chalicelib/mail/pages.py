"""Pages customers open from their mail (the survey, the status page), rendered from `page_templates/`: escaped
output, no script, no third-party assets, readable on a phone."""

from __future__ import annotations

import base64
import hashlib
import json
from functools import lru_cache
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, StrictUndefined
from markupsafe import Markup

PAGE_ROOT = Path(__file__).resolve().parent.parent / "page_templates"


@lru_cache(maxsize=1)
def _environment() -> Environment:
    return Environment(loader=FileSystemLoader(str(PAGE_ROOT)), autoescape=True, undefined=StrictUndefined,
                       trim_blocks=True, lstrip_blocks=True)


@lru_cache(maxsize=1)
def _texts() -> dict[str, dict[str, str]]:
    return dict(json.loads((PAGE_ROOT / "survey_text.json").read_text(encoding="utf-8")))


def survey_texts(language: str) -> dict[str, str]:
    texts = _texts()
    return texts.get(language, texts["en"])


def survey_page(language: str, store: str, ticket_id: str, state: str, action: str, *, csat: int | None = None,
                nps: int | None = None, comment: str = "", error: str = "", reason: str = "",
                recovery: bool = False) -> str:
    """`state`: open (the form), thanks, recovery, or closed with `reason` (answered, cancelled,
    expired, unknown). `error` names the answer to fix (csat, nps)."""
    t = survey_texts(language)
    language = language if language in _texts() else "en"
    heading = {"thanks": t["thanks_title"], "recovery": t["thanks_title"], "closed": t["closed_title"]}.get(state,
                                                                                                        t["title"])
    message = {"thanks": t["thanks"], "recovery": t["recovery"]}.get(state, t.get(reason, t["unknown"]))
    context: dict[str, Any] = {
        "language": language, "store": store, "heading": heading, "state": state, "t": t, "action": action,
        "intro_before": t["intro"].split("{ticket}")[0], "intro_after": t["intro"].split("{ticket}")[-1],
        "ticket_id": ticket_id, "nps_question": t["nps"].replace("{store}", store),
        "csat": csat, "nps": nps, "comment": comment, "error": t.get(f"error_{error}", "") if error else "",
        "rated": (t["recovery"] if recovery else t["rated"]) if csat is not None and state == "open" else "",
        "message": message,
    }
    return _environment().get_template("survey.html.j2").render(context)


# -- the status page ------------------------------------------------------------------------------

@lru_cache(maxsize=1)
def _status_texts() -> dict[str, dict[str, str]]:
    return dict(json.loads((PAGE_ROOT / "status_text.json").read_text(encoding="utf-8")))


@lru_cache(maxsize=1)
def status_css() -> str:
    return (PAGE_ROOT / "status.css").read_text(encoding="utf-8")


def status_style_hash() -> str:
    """The stylesheet's CSP hash: the page allows exactly its own style and no inline script."""
    digest = hashlib.sha256(status_css().encode()).digest()
    return f"'sha256-{base64.b64encode(digest).decode()}'"


def status_page(page: Any, action: str, accept: str) -> str:
    """The page of a usable link (`page`: services.status_page.StatusPage)."""
    texts = _status_texts()
    language = page.language if page.language in texts else "en"
    t = texts[language]
    return _environment().get_template("status.html.j2").render({
        "language": language, "store": page.store_name, "t": t, "page": page, "state": "open",
        "heading": t["title"].replace("{ticket}", page.ticket_id), "css": Markup(status_css()),
        "us": t["us"].replace("{store}", page.store_name), "action": action, "accept": accept,
        "next_response": t["next_response"].replace("{when}", page.next_response) if page.next_response else "",
    })


def status_closed_page(language: str, store: str, reason: str) -> str:
    """A link that cannot be used (`reason`: unknown, expired, revoked, refused)."""
    texts = _status_texts()
    language = language if language in texts else "en"
    t = texts[language]
    return _environment().get_template("status.html.j2").render({
        "language": language, "store": store, "t": t, "state": "closed_link", "heading": t["closed_title"],
        "css": Markup(status_css()), "message": t.get(reason, t["unknown"]),
    })
