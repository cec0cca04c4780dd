"""The customer's status page: signed links, the form's CSRF token, and what a photo upload may be.
Pure: secrets, clocks and ids come in as arguments.

A link is `<ticket id>.<generation>.<expires>.<signature>`. The signature (HMAC-SHA256 under the
status-link secret, in a namespace of its own) covers all three, so knowing a ticket number gives
nothing: a link is made only by the desk. `generation` is the ticket's link generation when the
link was made; an agent revokes every link given so far by moving the ticket to the next
generation, and new mail carries links of the new one. `expires` (epoch seconds, base 36) ends a
link that was forwarded or leaked long ago even when nobody revoked it.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import re
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

_TICKET = r"T-[0-9A-HJKMNP-TV-Z]{10}"
_TOKEN = re.compile(rf"^(?P<ticket>{_TICKET})\.(?P<generation>[0-9]{{1,6}})\.(?P<expires>[0-9a-z]{{1,10}})"
                    r"\.(?P<sig>[A-Za-z0-9_-]{22})$")
MAX_TOKEN_LENGTH = 80
DEFAULT_VALID_FOR = timedelta(days=90)

# Photos customers add to a reply: the presigned POST's policy and the check on submit agree.
PHOTO_MAX_BYTES = 10 * 1024 * 1024
PHOTO_MAX_COUNT = 3
PHOTO_CONTENT_TYPE_PREFIX = "image/"
UPLOAD_SECONDS = 3600  # how long the upload form on a page may be used
_UPLOAD_ID = r"[0-9A-HJKMNP-TV-Z]{26}"  # domain.ids.new_item_id
_EXTENSIONS = {"image/jpeg": "jpg", "image/png": "png", "image/gif": "gif", "image/webp": "webp",
               "image/heic": "heic", "image/heif": "heif"}
PHOTO_TYPES = tuple(_EXTENSIONS)


def _mac(secret: str, purpose: str, *parts: str) -> str:
    digest = hmac.new(secret.encode(), "\n".join((purpose, *parts)).encode(), hashlib.sha256).digest()
    return base64.urlsafe_b64encode(digest[:16]).decode().rstrip("=")


def derived_secret(reply_signing_secret: str) -> str:
    """The status-link secret of a deployment that set none: a key of its own derived from the
    desk's signing secret, so a reply address or survey link can never stand in for a status link."""
    return hmac.new(reply_signing_secret.encode(), b"status-link-key", hashlib.sha256).hexdigest()


def _base36(number: int) -> str:
    digits = "0123456789abcdefghijklmnopqrstuvwxyz"
    text = ""
    while True:
        number, rest = divmod(number, 36)
        text = digits[rest] + text
        if not number:
            return text


def sign(ticket_id: str, generation: int, expires_at: datetime, secret: str) -> str:
    expires = _base36(int(expires_at.timestamp()))
    return f"{ticket_id}.{generation}.{expires}.{_mac(secret, 'status-link', ticket_id, str(generation), expires)}"


@dataclass(frozen=True)
class Link:
    ticket_id: str
    generation: int
    expires_at: datetime


@dataclass(frozen=True)
class Verdict:
    """What a link may do: `reason` is ok, unknown (not a link we made), expired or revoked."""

    link: Link | None
    reason: str

    @property
    def usable(self) -> bool:
        return self.reason == "ok"


def verify(token: str, secret: str, now: datetime) -> Verdict:
    """The link's ticket when we signed it and it has not expired. Whether it was revoked depends
    on the ticket's current generation: see `check`."""
    match = _TOKEN.match(token or "") if len(token or "") <= MAX_TOKEN_LENGTH else None
    if not match:
        return Verdict(None, "unknown")
    expected = _mac(secret, "status-link", match["ticket"], match["generation"], match["expires"])
    if not hmac.compare_digest(expected, match["sig"]):
        return Verdict(None, "unknown")
    link = Link(match["ticket"], int(match["generation"]),
                datetime.fromtimestamp(int(match["expires"], 36), tz=UTC))
    if now >= link.expires_at:
        return Verdict(link, "expired")
    return Verdict(link, "ok")


def check(verdict: Verdict, current_generation: int) -> Verdict:
    """A verified link against its ticket: one of an earlier generation was revoked."""
    if verdict.link is not None and verdict.usable and verdict.link.generation != current_generation:
        return Verdict(verdict.link, "revoked")
    return verdict


def form_token(token: str, secret: str) -> str:
    """The reply form's CSRF token: bound to the link it was served on, useless on any other."""
    return _mac(secret, "status-form", token)


def form_token_valid(token: str, sent: str, secret: str) -> bool:
    return bool(sent) and hmac.compare_digest(form_token(token, secret), sent)


# -- photos ------------------------------------------------------------------------------------

def upload_prefix(ticket_id: str) -> str:
    """Where a page's uploads land: under the ticket's attachments, apart from mail attachments."""
    return f"tickets/{ticket_id}/attachments/web/"


def upload_key(ticket_id: str, upload_id: str) -> str:
    return f"{upload_prefix(ticket_id)}{upload_id}"


def is_upload_of(key: str, ticket_id: str) -> bool:
    """An upload key this ticket's page could have handed out (never another ticket's, never a
    mail attachment of the same ticket)."""
    return bool(re.fullmatch(re.escape(upload_prefix(ticket_id)) + _UPLOAD_ID, key or ""))


def sniff_image(head: bytes) -> str | None:
    """The image type the bytes really are (the uploader chose the Content-Type); None when they
    are not a photo we accept."""
    if head.startswith(b"\xff\xd8\xff"):
        return "image/jpeg"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "image/png"
    if head[:6] in (b"GIF87a", b"GIF89a"):
        return "image/gif"
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "image/webp"
    if head[4:8] == b"ftyp" and head[8:12] in (b"heic", b"heix", b"mif1", b"msf1", b"heim", b"heis"):
        return "image/heic" if head[8:12] != b"mif1" else "image/heif"
    return None


def photo_filename(content_type: str, number: int) -> str:
    return f"photo-{number}.{_EXTENSIONS.get(content_type, 'bin')}"


# -- what the customer reads ------------------------------------------------------------------

def plain_status(status: str, first_response_given: bool) -> str:
    """The page's key for the ticket's state in plain words (the page's texts translate it)."""
    if status in ("new", "open"):
        return "working" if first_response_given else "received"
    return {"pending": "waiting_for_you", "resolved": "resolved", "closed": "closed"}.get(status, "working")


def next_response_due(status: str, first_response_due: datetime, next_due: datetime | None,
                      first_response_given: bool) -> datetime | None:
    """When the customer hears from us next: nothing is promised while we wait on them or once
    the case is resolved."""
    if status not in ("new", "open"):
        return None
    return first_response_due if not first_response_given else next_due
