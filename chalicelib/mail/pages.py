"""Pages customers open from their mail (the survey), rendered from `page_templates/`: escaped
output, no script, no third-party assets, readable on a phone."""

from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, StrictUndefined

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
