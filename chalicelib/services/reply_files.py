"""Files an agent attaches to a reply: checked, kept in S3 under the ticket, listed on the reply's
message, and attached to the mail when it is sent (the outbox item names them, it does not hold them)."""

from __future__ import annotations

import base64
import binascii
import hashlib
import re
from dataclasses import dataclass

from ..domain.models import Attachment
from ..errors import BadRequest
from .context import Desk

MAX_FILES = 5
MAX_TOTAL_BYTES = 7 * 1024 * 1024  # API Gateway takes 10 MB of request, base64 makes it 4/3
_SAFE_NAME = re.compile(r"[^\w .()+-]")


@dataclass(frozen=True)
class OutgoingFile:
    filename: str
    content_type: str
    content: bytes


def decoded(files: list[tuple[str, str, str]]) -> tuple[OutgoingFile, ...]:
    """(filename, content type, base64) → files; BadRequest naming the file that is wrong."""
    if len(files) > MAX_FILES:
        raise BadRequest(f"attach at most {MAX_FILES} files to a reply")
    out: list[OutgoingFile] = []
    for index, (filename, content_type, encoded) in enumerate(files):
        try:
            content = base64.b64decode(encoded, validate=True)
        except (binascii.Error, ValueError):
            raise BadRequest(f"attachments.{index}.content_base64 is not base64") from None
        if not content:
            raise BadRequest(f"attachments.{index} is empty")
        safe = _SAFE_NAME.sub("_", filename).strip("._ ")[:100] or f"attachment-{index}"
        out.append(OutgoingFile(safe, content_type, content))
    if sum(len(f.content) for f in out) > MAX_TOTAL_BYTES:
        raise BadRequest(f"attachments add up to more than {MAX_TOTAL_BYTES // (1024 * 1024)} MB")
    return tuple(out)


def store(desk: Desk, ticket_id: str, files: tuple[OutgoingFile, ...]) -> list[Attachment]:
    """Kept under a name derived from the content: a retried reply stores the same objects again."""
    kept = []
    for index, file in enumerate(files):
        digest = hashlib.sha256(file.content).hexdigest()[:16]
        key = f"tickets/{ticket_id}/attachments/out-{digest}/{index:02d}-{file.filename}"
        desk.blobs.put(desk.settings.attachments_bucket, key, file.content, file.content_type)
        kept.append(Attachment(filename=file.filename, content_type=file.content_type, size=len(file.content), key=key))
    return kept
