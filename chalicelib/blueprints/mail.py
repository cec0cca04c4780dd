"""Email: the SES inbound Lambda, agent replies and notes, and the quarantine."""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

from chalice import Blueprint, Response

from ..domain.access import Caller
from ..mail.ses_event import deliveries
from ..mail.ses_feedback import feedback
from ..services import replies, reply_files
from ..services.context import desk
from ..services.schemas import ListQuery, Note, Reply
from .http import endpoint
from .observability import count, entry_point, logger
from .views import ticket_view

routes = Blueprint(__name__)
INBOUND_PREFIX = "inbound/"


def _ses_message_id(event: dict[str, Any]) -> str | None:
    records = event.get("Records") or [{}]
    return ((records[0].get("ses") or {}).get("mail") or {}).get("messageId")


@routes.lambda_function(name="inbound_email")
@entry_point(correlation=_ses_message_id)
def inbound_email(event: dict[str, Any], context: Any) -> dict[str, Any]:
    """SES receipt rule: the S3 action stored the raw message, then this runs (Event invocation).
    An exception makes Lambda retry and, at the end, the dead-letter queue keep the event."""
    from ..services import inbound  # the MIME stack is loaded only where mail is parsed

    current = desk()
    outcomes = []
    for delivery in deliveries(event, current.settings.raw_mail_bucket, INBOUND_PREFIX):
        outcome = inbound.process(current, delivery)
        logger.info("inbound mail", extra={"ses_message_id": delivery.ses_message_id, **asdict(outcome)})
        count("InboundMail", kind=outcome.kind)
        if outcome.kind == "ticket":
            count("TicketsOpened", channel="email")
        count("AcknowledgementsSent", 1 if outcome.acknowledged else 0)
        outcomes.append(asdict(outcome))
    return {"outcomes": outcomes}


@endpoint(routes, "/tickets/{ticket_id}/replies", ["POST"], "ticket.reply", status=201, body=Reply,
          other_statuses=(200,))
def send_reply(caller: Caller, ticket_id: str, body: Reply) -> Any:
    """Email the customer, threaded; the ticket then waits on the customer unless keep_open.
    An `Idempotency-Key` header (or the same text again within minutes) returns the reply already
    sent (200) and mails nothing."""
    key = routes.current_request.headers.get("idempotency-key")
    files = reply_files.decoded([(f.filename, f.content_type, f.content_base64) for f in body.attachments])
    done = replies.reply(desk(), ticket_id, body.body, caller, body.keep_open, key, files)
    headers: dict[str, str | list[str]] = {"Content-Type": "application/json"}
    if done.replayed:
        headers["Idempotent-Replayed"] = "true"
    return Response(body={"ticket": ticket_view(done.ticket), "message": done.message.model_dump(mode="json")},
                    status_code=200 if done.replayed else 201, headers=headers)


@endpoint(routes, "/tickets/{ticket_id}/notes", ["POST"], "ticket.note", status=201, body=Note)
def add_note(caller: Caller, ticket_id: str, body: Note) -> Any:
    """An internal note: never emailed, never shown to storefronts."""
    ticket, message = replies.note(desk(), ticket_id, body.body, caller)
    return {"ticket": ticket_view(ticket), "message": message.model_dump(mode="json")}


@endpoint(routes, "/quarantine", ["GET"], "quarantine.read", query=ListQuery,
          gives={"quarantine_id": "/items/0/id"})
def list_quarantine(caller: Caller, query: ListQuery) -> Any:
    """Mail kept aside, with its reason."""
    from ..services import quarantine

    return {"items": [q.model_dump(mode="json") for q in quarantine.listing(desk(), query.limit)]}


@endpoint(routes, "/quarantine/{quarantine_id}/release", ["POST"], "quarantine.release")
def release_quarantined(caller: Caller, quarantine_id: str) -> Any:
    """Process a quarantined message as if it had just arrived."""
    from ..services import quarantine

    held, outcome = quarantine.release(desk(), quarantine_id, caller)
    return {"item": held.model_dump(mode="json"), "outcome": asdict(outcome)}


# The SES configuration set publishes bounces and complaints to this topic; `make package` points
# the subscription at the stack's own topic (MailFeedbackTopic), whatever name is given here.
MAIL_FEEDBACK_TOPIC = "resolution-center-mail-feedback"


@routes.on_sns_message(topic=MAIL_FEEDBACK_TOPIC, name="ses_feedback")
def ses_feedback(event: Any) -> dict[str, Any]:
    """SNS (from the configuration set): a bounce or complaint about mail we sent marks the address."""
    return _feedback(event.to_dict(), getattr(event, "context", None))


@entry_point(correlation=lambda event: str(((event.get("Records") or [{}])[0].get("Sns") or {}).get("MessageId") or "")
             or None)
def _feedback(event: dict[str, Any], context: Any) -> dict[str, Any]:
    from ..services import mail_feedback

    current = desk()
    outcomes = []
    for record in event.get("Records") or []:
        report = feedback((record.get("Sns") or {}).get("Message") or "")
        if report is None:
            continue
        outcome = mail_feedback.apply(current, report)
        logger.info("mail feedback", extra={"ses_message_id": report.ses_message_id, **asdict(outcome)})
        count("MailFeedback", kind=report.kind, permanent=str(report.permanent).lower())
        outcomes.append(asdict(outcome))
    return {"outcomes": outcomes}
