"""The customer's status page: where their case stands, the conversation so far, a reply box with
photos, and the survey once resolved. No account: the signed link in every acknowledgement and
reply is the credential (`domain.status_links`), an agent can revoke the links given so far, and a
reply through the page is the same change as a reply by email (`tickets.customer_message_change`:
it reopens a resolved ticket, resumes a pending one and restarts the clock).

Photos go from the browser straight to S3 through a presigned POST whose policy fixes the key
(under the ticket's attachments), the size, the type and the ticket's name in the metadata; the
reply then names the uploaded keys, and each is checked again here before it is attached.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import timedelta
from urllib.parse import urlencode

from ..adapters.ports import AlreadyExists, Claim, UploadForm, UploadPolicy
from ..domain import status_links, surveys
from ..domain.access import Caller
from ..domain.ids import new_item_id
from ..domain.models import Attachment, Channel, Direction, Message, Status, Ticket
from ..errors import DeskError
from ..mail.render import local_time, template_language
from . import messages, tickets
from .context import Desk
from .messages import Said
from .sla_terms import store_timezone

BODY_LIMIT = 20_000
SHOWN_MESSAGES = 50
_SAME_REPLY_WINDOW = timedelta(minutes=10)
VIA = "status_page"


class LinkClosed(DeskError):
    """The link cannot be used: `reason` is unknown, expired or revoked."""

    status = 410

    def __init__(self, reason: str, language: str = "en") -> None:
        super().__init__(f"this status link is {reason}", code=f"status_link_{reason}")
        self.reason = reason
        self.language = language
        if reason == "unknown":
            self.status = 404


# -- links ---------------------------------------------------------------------------------------

def token_for(desk: Desk, ticket: Ticket) -> str:
    expires = desk.now() + timedelta(days=desk.settings.status_link_days)
    return status_links.sign(ticket.id, ticket.status_link_generation, expires, desk.settings.status_secret)


def link_for(desk: Desk, ticket: Ticket) -> str:
    """The link mail carries ("" when the desk has no public address to point at)."""
    base = desk.settings.public_base_url.rstrip("/")
    return f"{base}/status/{token_for(desk, ticket)}" if base else ""


def _open(desk: Desk, token: str) -> Ticket:
    verdict = status_links.verify(token, desk.settings.status_secret, desk.now())
    ticket = desk.store.tickets.get(verdict.link.ticket_id) if verdict.link else None
    if ticket is None:
        raise LinkClosed("unknown")
    verdict = status_links.check(verdict, ticket.status_link_generation)
    if not verdict.usable:
        raise LinkClosed(verdict.reason, template_language(ticket.language))
    return ticket


def revoke(desk: Desk, raw_id: str, caller: Caller, reason: str = "") -> Ticket:
    """Every status link given for this ticket so far stops working; mail sent from now on
    carries links of the next generation. The audit trail names who did it."""
    def mutate(current: Ticket) -> tickets.Change:
        generation = current.status_link_generation + 1
        event = tickets.audit(desk, current, caller.principal, "status_link.revoked",
                              before={"status_link_generation": current.status_link_generation},
                              after={"status_link_generation": generation},
                              detail={"by": caller.name or caller.email or caller.label or caller.principal,
                                      **({"reason": reason} if reason else {})})
        return tickets.Change(current.model_copy(update={"status_link_generation": generation}), [event])

    return tickets.change(desk, raw_id, mutate)


# -- the page --------------------------------------------------------------------------------------

@dataclass(frozen=True)
class ShownMessage:
    from_customer: bool
    body: str
    at: str
    photos: tuple[str, ...] = ()


@dataclass(frozen=True)
class Photo:
    key: str
    filename: str
    content_type: str
    size: int


@dataclass
class StatusPage:
    """What the page shows; `notice` is sent after a reply, `error` names what to fix."""

    ticket_id: str
    language: str
    store_name: str
    subject: str
    state: str  # domain.status_links.plain_status
    next_response: str  # "" when nothing is promised
    messages: list[ShownMessage]
    form_token: str
    can_reply: bool
    photos: list[Photo] = field(default_factory=list)
    upload: UploadForm | None = None
    survey_path: str = ""  # relative to the page
    notice: str = ""
    error: str = ""
    body: str = ""


def show(desk: Desk, token: str, photo_keys: list[str], notice: str = "", error: str = "",
         body: str = "") -> StatusPage:
    """The page for a valid link. `photo_keys`: photos uploaded for the reply being written (the
    upload form comes back with them); one that fails its check is left out and said so."""
    ticket = _open(desk, token)
    photos, refused = _photos(desk, ticket, photo_keys)
    return _page(desk, token, ticket, photos, notice, error or ("photo" if refused else ""), body)


def _page(desk: Desk, token: str, ticket: Ticket, photos: list[Photo], notice: str, error: str,
          body: str) -> StatusPage:
    language = template_language(ticket.language)
    given = ticket.first_response_at is not None
    due = status_links.next_response_due(str(ticket.status), ticket.sla.first_response_due,
                                         ticket.sla.next_response_due, given)
    can_reply = ticket.status != Status.CLOSED
    return StatusPage(
        ticket_id=ticket.id, language=language, store_name=desk.settings.store_name, subject=ticket.subject,
        state=status_links.plain_status(str(ticket.status), given),
        next_response=local_time(due, store_timezone(desk.settings), language) if due else "",
        messages=_conversation(desk, ticket, language), form_token=status_links.form_token(token, desk.settings.status_secret),
        can_reply=can_reply, photos=photos,
        upload=_upload_form(desk, ticket, token, photos) if can_reply else None,
        survey_path=_survey_path(desk, ticket), notice=notice, error=error, body=body)


def _conversation(desk: Desk, ticket: Ticket, language: str) -> list[ShownMessage]:
    """The public messages, oldest first: what the customer wrote and what we answered; never
    internal notes, automatic mail, or the audit trail."""
    def public(message: Message) -> bool:
        return message.direction in (Direction.INBOUND, Direction.OUTBOUND) and not message.automatic

    found, _ = desk.store.tickets.messages(ticket.id, SHOWN_MESSAGES, None, keep=public)
    zone = store_timezone(desk.settings)
    return [ShownMessage(from_customer=m.direction == Direction.INBOUND, body=m.body,
                         at=local_time(m.created_at, zone, language),
                         photos=tuple(a.filename for a in m.attachments))
            for m in sorted(found, key=lambda m: (m.created_at, m.id))]


def _survey_path(desk: Desk, ticket: Ticket) -> str:
    survey = ticket.survey
    if ticket.status != Status.RESOLVED or survey is None:
        return ""
    if not surveys.link_state(survey.status, survey.expires_at, desk.now()).usable:
        return ""
    return f"../survey/{surveys.sign(ticket.id, survey.id, desk.settings.reply_signing_secret)}"


def _upload_form(desk: Desk, ticket: Ticket, token: str, photos: list[Photo]) -> UploadForm | None:
    """A presigned POST for one more photo; S3 sends the browser back to this page with the new key
    beside the ones already uploaded."""
    base = desk.settings.public_base_url.rstrip("/")
    if not base or len(photos) >= status_links.PHOTO_MAX_COUNT:
        return None
    kept = urlencode([("photo", p.key) for p in photos])
    policy = UploadPolicy(max_bytes=status_links.PHOTO_MAX_BYTES,
                          content_type_prefix=status_links.PHOTO_CONTENT_TYPE_PREFIX,
                          seconds=status_links.UPLOAD_SECONDS,
                          redirect=f"{base}/status/{token}" + (f"?{kept}" if kept else ""),
                          metadata={"ticket": ticket.id})
    key = status_links.upload_key(ticket.id, new_item_id(desk.now()))
    return desk.blobs.upload_form(desk.settings.attachments_bucket, key, policy)


def _photos(desk: Desk, ticket: Ticket, keys: list[str]) -> tuple[list[Photo], list[str]]:
    """The uploads that really are this ticket's photos, and the keys refused: stored under this
    ticket's upload prefix, named for this ticket by the upload policy, within the size limit, and
    an image by their bytes (the browser chose the Content-Type)."""
    kept: list[Photo] = []
    refused: list[str] = []
    for key in list(dict.fromkeys(k for k in keys if k))[:status_links.PHOTO_MAX_COUNT]:
        photo = _photo(desk, ticket, key, len(kept) + 1)
        if photo is None:
            refused.append(key)
        else:
            kept.append(photo)
    return kept, refused


def _photo(desk: Desk, ticket: Ticket, key: str, number: int) -> Photo | None:
    if not status_links.is_upload_of(key, ticket.id):
        return None
    stored = desk.blobs.describe(desk.settings.attachments_bucket, key, first_bytes=32)
    if stored is None or stored.metadata.get("ticket") != ticket.id:
        return None
    kind = status_links.sniff_image(stored.head)
    if kind is None or not 0 < stored.size <= status_links.PHOTO_MAX_BYTES:
        return None
    return Photo(key, status_links.photo_filename(kind, number), kind, stored.size)


# -- replying --------------------------------------------------------------------------------------

class FormRefused(DeskError):
    """The form did not come from this link's page (CSRF token missing or wrong)."""

    status = 403
    code = "status_form_refused"


class _ClosedMeanwhile(Exception):
    pass


def reply(desk: Desk, token: str, form: dict[str, list[str]]) -> StatusPage:
    """The customer's reply from the page: recorded as a customer message on the ticket (web
    channel, photos attached), once however often the form is sent again."""
    ticket = _open(desk, token)
    if not status_links.form_token_valid(token, _first(form, "csrf"), desk.settings.status_secret):
        raise FormRefused("this form has expired; open the link from your email again and resend")
    body = _first(form, "body").replace("\r\n", "\n").strip()
    photos, refused = _photos(desk, ticket, form.get("photo", []))
    if refused:
        return _page(desk, token, ticket, photos, "", "photo", body)
    if ticket.status == Status.CLOSED:
        return _page(desk, token, ticket, photos, "", "closed", body)
    if not body and not photos:
        return _page(desk, token, ticket, photos, "", "empty", body)
    if len(body) > BODY_LIMIT:
        return _page(desk, token, ticket, photos, "", "too_long", body)
    claims = _claims(desk, ticket, body, photos)

    def mutate(current: Ticket) -> tickets.Change:
        if current.status_link_generation != ticket.status_link_generation:
            raise LinkClosed("revoked", template_language(current.language))  # revoked while writing
        if current.status == Status.CLOSED:
            raise _ClosedMeanwhile
        now = desk.now()
        attachments = tuple(Attachment(filename=p.filename, content_type=p.content_type, size=p.size, key=p.key)
                            for p in photos)
        message = messages.message(current.id, Said(author=current.customer_email, body=body,
                                                     channel=Channel.WEB, attachments=attachments), now, via=VIA)
        change = tickets.customer_message_change(desk, current, message, f"customer:{current.customer_email}")
        change.claims = [*change.claims, *claims]
        return change

    try:
        applied = tickets.apply(desk, ticket.id, mutate)
    except AlreadyExists as taken:
        if claims[0].label in taken.reasons:
            return show(desk, token, [], notice="sent")  # sent twice (a double click, a retry)
        return _page(desk, token, ticket, [], "", "photo_used", body)
    except _ClosedMeanwhile:
        return _page(desk, token, ticket, photos, "", "closed", body)
    return _page(desk, token, applied.ticket, [], "sent", "", "")


def _claims(desk: Desk, ticket: Ticket, body: str, photos: list[Photo]) -> list[Claim]:
    """The same reply again within minutes is one reply; a photo is attached to one reply only."""
    now = int(desk.now().timestamp())
    same = hashlib.sha256("\n".join(("status-page", ticket.id, body, *(p.key for p in photos))).encode())
    found = [Claim("reply", same.hexdigest(), {}, ttl=now + int(_SAME_REPLY_WINDOW.total_seconds()))]
    found += [Claim("reply", hashlib.sha256(f"status-photo\n{p.key}".encode()).hexdigest(), {}) for p in photos]
    return found


def _first(form: dict[str, list[str]], name: str) -> str:
    values = form.get(name) or [""]
    return values[0]



def language_of(desk: Desk, token: str) -> str:
    """The language to answer in about a link whose form was refused."""
    verdict = status_links.verify(token, desk.settings.status_secret, desk.now())
    ticket = desk.store.tickets.get(verdict.link.ticket_id) if verdict.link else None
    return template_language(ticket.language) if ticket else "en"
