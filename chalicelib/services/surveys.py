"""The satisfaction survey: sent when a ticket is resolved, answered through a signed single-use
link, cancelled when the ticket reopens; a poor answer reopens the ticket for service recovery.

The survey's state lives on the ticket (`Ticket.survey`), so sending it, answering it and
cancelling it are ticket changes: versioned, audited, and one answer wins however many arrive
at once. The link is derived from the survey with the desk's secret and never stored: agents
see the survey's state and the answer, never a link they could use.
"""

from __future__ import annotations

import hashlib
import logging
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

from ..adapters.ports import AlreadyExists, Claim
from ..domain import surveys
from ..domain.ids import new_item_id
from ..domain.models import Channel, Direction, OutboxItem, Status, Survey, Ticket
from ..errors import DeskError
from ..mail.render import template_language
from . import customer_notices, messages, notifications, tickets
from .context import Desk
from .messages import Said
from .sla_terms import customer_wrote

log = logging.getLogger(__name__)
SYSTEM = "system:survey"
CUSTOMER = "customer:survey"


@dataclass
class Extras:
    """What resolving a ticket adds to the change: the survey, the customer's mail, the claim."""

    updates: dict[str, Any] = field(default_factory=dict)
    events: list[Any] = field(default_factory=list)
    claims: list[Claim] = field(default_factory=list)
    outbox: list[OutboxItem] = field(default_factory=list)


def _customer_claim(desk: Desk, ticket: Ticket) -> Claim | None:
    period = timedelta(days=desk.settings.survey_period_days)
    if period <= timedelta(0):
        return None
    digest = hashlib.sha256(ticket.customer_email.strip().lower().encode()).hexdigest()
    return Claim("survey_customer", digest, {"ticket_id": ticket.id},
                 ttl=int((desk.now() + period).timestamp()))


def on_resolved(desk: Desk, ticket: Ticket, actor: str, with_survey: bool = True) -> Extras:
    """The resolved notice, and a survey unless this ticket was already rated or the customer was
    surveyed within the period (`with_survey` False: a concurrent resolution took the period)."""
    extras = Extras()
    notice = customer_notices.resolved(desk, ticket)
    if notice is not None:
        extras.outbox.append(notice)
    else:
        extras.events.append(tickets.audit(desk, ticket, SYSTEM, "email.not_sent", detail={
            "purpose": "resolved", "why": "the customer's address bounces or cannot be written to"}))
    skipped = _why_no_survey(desk, ticket, with_survey)
    if skipped:
        extras.events.append(tickets.audit(desk, ticket, SYSTEM, "survey.skipped", detail={"why": skipped}))
        return extras
    now = desk.now()
    sent = Survey(id=new_item_id(now), sent_at=now,
                  expires_at=now + timedelta(days=desk.settings.survey_expiry_days),
                  language=template_language(ticket.language))
    mail = customer_notices.survey(desk, ticket, sent, surveys.sign(ticket.id, sent.id,
                                                                     desk.settings.reply_signing_secret))
    if mail is None:
        extras.events.append(tickets.audit(desk, ticket, SYSTEM, "survey.skipped",
                                           detail={"why": "the customer's address cannot be written to"}))
        return extras
    claim = _customer_claim(desk, ticket)
    if claim is not None and not _holds_period(desk, ticket, claim):
        extras.claims.append(claim)
    extras.outbox.append(mail)
    extras.updates["survey"] = sent
    extras.events.append(tickets.audit(desk, ticket, SYSTEM, "survey.sent",
                                       after={"survey_id": sent.id, "expires_at": sent.expires_at.isoformat()}))
    return extras


def _why_no_survey(desk: Desk, ticket: Ticket, with_survey: bool) -> str | None:
    if not with_survey:
        return "the customer was surveyed within the period"
    if not desk.settings.public_base_url:
        log.error("no survey sent: PUBLIC_BASE_URL is not configured", extra={"ticket_id": ticket.id})
        return "PUBLIC_BASE_URL is not configured, so a survey link would lead nowhere"
    if ticket.customer_bouncing:
        return "mail to the customer bounces"
    if ticket.survey is not None and ticket.survey.status in ("rated", "answered"):
        return "the customer already answered this ticket's survey"
    claim = _customer_claim(desk, ticket)
    if claim is not None and desk.store.claims.find(claim) is not None and not _holds_period(desk, ticket, claim):
        return "the customer was surveyed within the period"
    return None


def _holds_period(desk: Desk, ticket: Ticket, claim: Claim) -> bool:
    """This ticket's own survey took the period and was cancelled when the ticket reopened: the
    customer was promised to be asked again once it is resolved, under the same period."""
    held = desk.store.claims.find(claim)
    return bool(held and held.get("ticket_id") == ticket.id and ticket.survey is not None
                and ticket.survey.status == "cancelled")


def survey_claim_taken(error: AlreadyExists) -> bool:
    return any(reason.startswith("survey_customer:") for reason in error.reasons)


def closed_on_reopen(ticket: Ticket, why: str) -> dict[str, Any]:
    """Reopening ends the survey: one not yet answered is cancelled (its link says so); a one-click
    rating already given is kept as the answer."""
    survey = ticket.survey
    if survey is None or survey.status not in ("pending", "rated"):
        return {}
    if survey.status == "rated" and survey.recovery:
        return {}  # the recovery itself reopened it: the customer may still add a comment
    now_status = "cancelled" if survey.status == "pending" else "answered"
    return {"survey": survey.model_copy(update={"status": now_status, "cancel_reason": why})}


# -- answering ------------------------------------------------------------------------------

class SurveyClosed(DeskError):
    """The link can no longer be used: `reason` is answered, cancelled, expired or unknown."""

    status = 410

    def __init__(self, reason: str) -> None:
        super().__init__(f"this survey link is {reason}", code=f"survey_{reason}")
        self.reason = reason


@dataclass(frozen=True)
class SurveyPage:
    """What the survey page shows."""

    ticket_id: str
    language: str
    store_name: str
    state: str  # open | thanks | recovery
    csat: int | None = None
    nps: int | None = None
    comment: str = ""
    error: str = ""  # which answer to fix: csat | nps
    recovery: bool = False  # a poor rating: someone will contact the customer


def _find(desk: Desk, token: str) -> tuple[Ticket, Survey]:
    found = surveys.verify(token, desk.settings.reply_signing_secret)
    if found is None:
        raise SurveyClosed("unknown")
    ticket_id, survey_id = found
    ticket = desk.store.tickets.get(ticket_id)
    if ticket is None or ticket.survey is None:
        raise SurveyClosed("unknown")
    if ticket.survey.id != survey_id:
        raise SurveyClosed("cancelled")  # a later survey replaced it
    return ticket, ticket.survey


def _usable(desk: Desk, survey: Survey) -> None:
    state = surveys.link_state(survey.status, survey.expires_at, desk.now())
    if not state.usable:
        raise SurveyClosed(state.reason)


def language_of(desk: Desk, token: str) -> str:
    """The language to answer in, for pages about a link that cannot be used."""
    found = surveys.verify(token, desk.settings.reply_signing_secret)
    ticket = desk.store.tickets.get(found[0]) if found else None
    return template_language(ticket.language) if ticket else "en"


def open_link(desk: Desk, token: str, raw_csat: str | None) -> SurveyPage:
    """GET on the link: the form; with `csat` (a one-click rating from the email) the rating is
    recorded first. The first rating given stands; the form can still change it."""
    ticket, survey = _find(desk, token)
    _usable(desk, survey)
    page = SurveyPage(ticket.id, survey.language, desk.settings.store_name, "open", csat=survey.csat,
                      recovery=survey.recovery)
    if raw_csat is None:
        return page
    try:
        csat = surveys.score(raw_csat, "rating", surveys.CSAT_RANGE, required=True)
    except surveys.BadScore:
        return SurveyPage(ticket.id, survey.language, desk.settings.store_name, "open", csat=survey.csat,
                          error="csat")
    if survey.status != "pending":
        return page
    assert csat is not None
    saved = tickets.change(desk, ticket.id, lambda current: _rate(desk, current, survey.id, csat))
    rated = saved.survey or survey
    return SurveyPage(ticket.id, survey.language, desk.settings.store_name, "open", csat=rated.csat,
                      recovery=rated.recovery)


def submit(desk: Desk, token: str, form: dict[str, str]) -> SurveyPage:
    """POST of the form: the answer, once. Bad input shows the form again and changes nothing."""
    ticket, survey = _find(desk, token)
    _usable(desk, survey)
    text = surveys.comment(form.get("comment"))
    bad = ""
    csat = nps = None
    try:
        csat = surveys.score(form.get("csat"), "rating", surveys.CSAT_RANGE, required=survey.csat is None)
    except surveys.BadScore:
        bad = "csat"
    try:
        nps = surveys.score(form.get("nps"), "recommendation score", surveys.NPS_RANGE)
    except surveys.BadScore:
        bad = bad or "nps"
    if bad:  # nothing is saved: the form comes back with what was typed and what to fix
        return SurveyPage(ticket.id, survey.language, desk.settings.store_name, "open", csat=survey.csat,
                          comment=text, error=bad)
    chosen = csat if csat is not None else survey.csat
    saved = tickets.change(desk, ticket.id, lambda current: _answer(desk, current, survey.id, chosen, nps, text))
    answered = saved.survey or survey
    state = "recovery" if answered.recovery else "thanks"
    return SurveyPage(ticket.id, survey.language, desk.settings.store_name, state, csat=answered.csat,
                      nps=answered.nps, comment=answered.comment)


def _current(desk: Desk, ticket: Ticket, survey_id: str) -> Survey:
    """Checked again on the ticket about to be saved: another answer may have won meanwhile."""
    survey = ticket.survey
    if survey is None or survey.id != survey_id:
        raise SurveyClosed("cancelled")
    _usable(desk, survey)
    return survey


def _rate(desk: Desk, ticket: Ticket, survey_id: str, csat: int) -> tickets.Change:
    survey = _current(desk, ticket, survey_id)
    if survey.status != "pending":
        return tickets.Change(ticket)  # rated meanwhile: the first rating stands
    now = desk.now()
    rated = survey.model_copy(update={"status": "rated", "csat": csat, "rated_at": now})
    event = tickets.audit(desk, ticket, CUSTOMER, "survey.rated", after={"csat": csat})
    change = tickets.Change(ticket.model_copy(update={"survey": rated}), [event])
    if surveys.needs_recovery(csat, None, ""):
        return _recover(desk, change, rated, now)
    return change


def _answer(desk: Desk, ticket: Ticket, survey_id: str, csat: int | None, nps: int | None,
            text: str) -> tickets.Change:
    survey = _current(desk, ticket, survey_id)
    now = desk.now()
    answered = survey.model_copy(update={"status": "answered", "csat": csat, "nps": nps, "comment": text,
                                         "answered_at": now, "rated_at": survey.rated_at or now})
    event = tickets.audit(desk, ticket, CUSTOMER, "survey.answered",
                          after={"csat": csat, "nps": nps}, detail={"comment": text} if text else None)
    change = tickets.Change(ticket.model_copy(update={"survey": answered}), [event])
    if survey.recovery:
        if text:  # recovery is under way: the comment reaches the people working on it
            change.messages.append(_note(ticket, answered, now))
        return change
    if surveys.needs_recovery(csat, nps, text):
        return _recover(desk, change, answered, now)
    return change


def _note(ticket: Ticket, survey: Survey, now: Any) -> Any:
    lines = [f"Satisfaction survey: CSAT {survey.csat if survey.csat is not None else '-'}/5, "
             f"NPS {survey.nps if survey.nps is not None else '-'}/10."]
    if survey.comment:
        lines += ["", "Customer's comment:", survey.comment]
    return messages.message(ticket.id, Said(author=CUSTOMER, body="\n".join(lines), channel=Channel.WEB,
                                            direction=Direction.NOTE), now)


def _recover(desk: Desk, change: tickets.Change, survey: Survey, now: Any) -> tickets.Change:
    """Service recovery: reopen at the next tier, flagged for a personal apology, with the score
    and comment on the ticket and the tier told by mail."""
    ticket = change.ticket
    survey = survey.model_copy(update={"recovery": True})
    updates: dict[str, Any] = {"survey": survey, "apology_requested": True}
    target_tier = min(3, ticket.tier + 1)
    reason = (f"service recovery: CSAT {survey.csat if survey.csat is not None else '-'}, "
              f"NPS {survey.nps if survey.nps is not None else '-'}; contact the customer with a personal apology")
    if ticket.status == Status.RESOLVED:
        updates.update(status=Status.OPEN, resolved_at=None, first_contact_resolution=None,
                       reopened_count=ticket.reopened_count + 1,
                       sla=customer_wrote(desk.settings, ticket, now))
        change.events.append(tickets.audit(desk, ticket, CUSTOMER, "ticket.reopened",
                                           before={"status": ticket.status}, after={"status": Status.OPEN.value},
                                           detail={"why": "service recovery"}))
    if target_tier != ticket.tier:
        updates["tier"] = target_tier
        change.events.append(tickets.audit(desk, ticket, SYSTEM, "ticket.escalated",
                                           before={"tier": ticket.tier}, after={"tier": target_tier},
                                           detail={"reason": reason}))
    change.events.append(tickets.audit(desk, ticket, SYSTEM, "survey.recovery",
                                       after={"apology_requested": True, "tier": target_tier},
                                       detail={"csat": survey.csat, "nps": survey.nps, "comment": survey.comment}))
    updated = ticket.model_copy(update=updates)
    change.ticket = updated
    change.messages.append(_note(ticket, survey, now))
    change.outbox.append(notifications.escalated(desk, updated, ticket.tier, reason))
    return change
