"""Turn raw inbound MIME (as SES stores it in S3) into the fields the help desk works with.

The standard library's feed parser, with the lenient ``compat32`` policy, splits the structure.
Headers, charsets, transfer encodings and body selection are handled here, because that is where
real mail is most broken and where ``email.policy.default`` raises or mis-decodes.
``parse_message`` never raises: whatever goes wrong becomes an entry in ``ParsedMail.defects``.

This module builds the ``ParsedMail``: it walks the parts, picks the body text and collects the
attachments. The pieces it uses live beside it: ``charsets`` (charsets and encoded words),
``headers`` (header values, addresses, ids, dates), ``html_text`` (HTML to text), ``transfer``
(transfer encodings and file names) and ``mime`` (the stdlib parser, bounded and repaired).
Their public names are importable from here as before.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime
from email.message import Message
from email.parser import BytesParser
from email.policy import compat32

from chalicelib.mail.quotes import split_reply

from .charsets import decode_encoded_words, decode_text, resolve_charset
from .headers import (
    MAX_ADDRESSES,
    MAX_HEADER_FIELDS,
    MAX_HEADER_SOURCE_CHARS,
    MAX_HEADER_VALUE_CHARS,
    MAX_IDS,
    MAX_SUBJECT_CHARS,
    HeaderReader,
    fold_whitespace,
    normalise_address,
    normalise_ids,
    parse_address_list,
    parse_structured_header,
    unfold,
)
from .html_text import MAX_HTML_CHARS, declared_charset, html_to_text
from .mime import (
    MAX_MESSAGE_BYTES,
    MAX_NESTED_DECLARATIONS,
    bounded,
    first_header,
    parse_bytes,
    payload_bytes,
    recover_children,
    recover_epilogue,
    serialise,
    strip_glued_close_boundary,
)
from .transfer import (
    MAX_FILENAME_CHARS,
    decode_transfer,
    extract_uuencoded,
    sanitise_filename,
    shorten_filename,
    unflow,
)

__all__ = [
    "MAX_ADDRESSES",
    "MAX_DEPTH",
    "MAX_FILENAME_CHARS",
    "MAX_HEADER_FIELDS",
    "MAX_HEADER_SOURCE_CHARS",
    "MAX_HEADER_VALUE_CHARS",
    "MAX_HTML_CHARS",
    "MAX_IDS",
    "MAX_MESSAGE_BYTES",
    "MAX_NESTED_DECLARATIONS",
    "MAX_PARTS",
    "MAX_REPLY_SPLIT_CHARS",
    "MAX_SUBJECT_CHARS",
    "Attachment",
    "ParsedMail",
    "decode_encoded_words",
    "decode_text",
    "html_to_text",
    "normalise_address",
    "normalise_ids",
    "parse_address_list",
    "parse_message",
    "parse_structured_header",
    "resolve_charset",
    "sanitise_filename",
]

MAX_DEPTH = 30
MAX_PARTS = 1000
MAX_REPLY_SPLIT_CHARS = 512 * 1024


@dataclass(frozen=True)
class Attachment:
    filename: str
    content_type: str
    size: int
    content: bytes = field(repr=False)
    content_id: str | None
    inline: bool


@dataclass(frozen=True)
class ParsedMail:
    message_id: str | None
    in_reply_to: list[str]
    references: list[str]
    subject: str
    from_address: str | None
    from_name: str
    reply_to: list[str]
    to: list[str]
    cc: list[str]
    date: datetime | None
    headers: dict[str, list[str]]
    text: str
    new_text: str
    html: str | None
    attachments: list[Attachment]
    defects: list[str]
    is_multipart_report: bool
    report_type: str | None


def parse_message(raw: bytes) -> ParsedMail:
    """Parse one raw RFC 5322 message. Never raises; see ``ParsedMail.defects``."""
    try:
        return _MailBuilder(raw).build()
    except Exception as exc:  # the contract is "never raise"; keep what we can
        return _last_resort(raw, exc)


# --------------------------------------------------------------------------------------------
# The walk


@dataclass
class _Body:
    plain: list[str] = field(default_factory=list)
    html: list[str] = field(default_factory=list)

    def extend(self, other: _Body) -> None:
        self.plain.extend(other.plain)
        self.html.extend(other.html)


_BODY_TEXT_TYPES = {"text/plain", "text/html", "text/enriched", "text/richtext"}
_STDLIB_DEFECT_NAMES = re.compile(r"(?<!^)(?=[A-Z])")


class _MailBuilder:
    def __init__(self, raw: bytes) -> None:
        self.defects: list[str] = []
        self.raw = bounded(raw if isinstance(raw, bytes) else bytes(raw), self.defects)
        self.attachments: list[Attachment] = []
        self.parts_seen = 0
        self.report_type: str | None = None
        self.is_report = False
        self.fallback_charset: str | None = None
        self.header_reader: HeaderReader | None = None

    def build(self) -> ParsedMail:
        try:
            root = parse_bytes(self.raw)
        except RecursionError:
            self.defects.append("structure too deep to parse; body kept unsplit")
            root = BytesParser(policy=compat32).parsebytes(self.raw, headersonly=True)
        reader = self.header_reader = HeaderReader(root, self.raw, self.defects)
        self.fallback_charset = reader.fallback_charset
        headers = reader.headers()
        body = self._walk(root, depth=0, path="1", whole_body=True)
        plain = "\n\n".join(text.strip("\n") for text in body.plain if text.strip())
        html = "\n".join(body.html) if any(part.strip() for part in body.html) else None
        text = plain if plain.strip() else (html_to_text(html) if html else "")
        new_text = self._new_text(text)
        from_name, from_address = reader.sender()
        return ParsedMail(
            message_id=reader.message_id(headers),
            in_reply_to=reader.ids(headers, "in-reply-to")[:MAX_IDS],
            references=reader.references(headers),
            subject=reader.subject(headers),
            from_address=from_address,
            from_name=from_name,
            reply_to=reader.addresses("reply-to"),
            to=reader.addresses("to"),
            cc=reader.addresses("cc"),
            date=reader.date(headers),
            headers=headers,
            text=text,
            new_text=new_text,
            html=html,
            attachments=self.attachments,
            defects=self.defects,
            is_multipart_report=self.is_report,
            report_type=self.report_type,
        )

    def _new_text(self, text: str) -> str:
        try:
            # What someone writes now is at the top; the rest of a huge text is history anyway.
            new_text = split_reply(text[:MAX_REPLY_SPLIT_CHARS])[0]
        except Exception:  # quote stripping is a nicety; the text is what counts
            self.defects.append("quoted text could not be separated")
            return text
        return new_text if new_text.strip() else text

    def _decode_header(self, value: str) -> str:
        assert self.header_reader is not None  # built before the walk starts
        return self.header_reader.decode(value)

    # -- structure -----------------------------------------------------------------------

    def _walk(self, part: Message, depth: int, path: str, whole_body: bool) -> _Body:
        self.parts_seen += 1
        if self.parts_seen == MAX_PARTS + 1:
            self.defects.append(f"more than {MAX_PARTS} MIME parts; the rest skipped")
        if self.parts_seen > MAX_PARTS:
            return _Body()
        if depth > MAX_DEPTH:
            self.defects.append(f"part {path}: nested deeper than {MAX_DEPTH}; skipped")
            return _Body()
        for defect in getattr(part, "defects", []):
            name = _STDLIB_DEFECT_NAMES.sub(" ", type(defect).__name__).lower()
            self.defects.append(f"part {path}: {name.removesuffix(' defect')}")
        content_type, params = self._content_type(part, path)
        if content_type.startswith("multipart/"):
            return self._walk_multipart(part, content_type, params, depth, path)
        disposition, disposition_params = parse_structured_header(
            first_header(part, "content-disposition") or "", self.fallback_charset
        )
        payload = part.get_payload()
        encapsulated = content_type in ("message/rfc822", "message/global") and whole_body
        inner = payload[0] if encapsulated and isinstance(payload, list) and payload else None
        if isinstance(inner, Message) and disposition != "attachment":
            # The whole body is one encapsulated message (digests, some forwards): read it.
            self.defects.append(f"part {path}: body is an encapsulated message")
            return self._walk(inner, depth + 1, path + ".1", whole_body=True)
        filename = disposition_params.get("filename") or params.get("name")
        is_body_text = (
            content_type in _BODY_TEXT_TYPES
            and disposition != "attachment"
            and (filename is None or whole_body)
            and not isinstance(payload, list)
        )
        if is_body_text:
            return self._body_text(part, content_type, params, path)
        self._attach(part, content_type, params, disposition, filename, path)
        return _Body()

    def _content_type(self, part: Message, path: str) -> tuple[str, dict[str, str]]:
        value = first_header(part, "content-type")
        default = "message/rfc822" if part.get_default_type() == "message/rfc822" else "text/plain"
        if value is None:
            return default, {}
        content_type, params = parse_structured_header(value, self.fallback_charset)
        if not re.match(r"^[a-z0-9!#$&.+^_-]+/[a-z0-9!#$&.+^_-]+$", content_type):
            self.defects.append(f"part {path}: content type {content_type[:40]!r} invalid")
            return default, params
        return content_type, params

    def _walk_multipart(
        self, part: Message, content_type: str, params: dict[str, str], depth: int, path: str
    ) -> _Body:
        if content_type == "multipart/report" and not self.is_report:
            self.is_report = True
            self.report_type = (params.get("report-type") or "").strip().lower() or None
        payload = part.get_payload()
        children = (
            [sub for sub in payload if isinstance(sub, Message)]
            if isinstance(payload, list)
            else self._recover_children(part, path)
        )
        if children is None:
            leftover = payload_bytes(part)
            text = decode_text(leftover, None)[0].replace("\r\n", "\n")
            boundary = params.get("boundary")
            if boundary:
                delimiters = {f"--{boundary}", f"--{boundary}--"}
                text = "\n".join(
                    line for line in text.split("\n") if line.strip() not in delimiters
                )
            if text.strip():
                self.defects.append(f"part {path}: multipart without parts; kept as text")
                return _Body(plain=[text])
            return _Body()
        boundary = params.get("boundary")
        if children and boundary:
            strip_glued_close_boundary(children[-1], boundary)
        after_close = recover_epilogue(part, boundary)
        if after_close is not None:
            self.defects.append(f"part {path}: parts found after the closing boundary")
            children = children + after_close
        bodies = [
            self._walk(child, depth + 1, f"{path}.{index}", whole_body=False)
            for index, child in enumerate(children, start=1)
        ]
        if content_type == "multipart/alternative":
            # Readers show the last alternative they understand; keep the richest of each kind.
            plain = next((body.plain for body in reversed(bodies) if _has_text(body.plain)), [])
            html = next((body.html for body in reversed(bodies) if _has_text(body.html)), [])
            return _Body(plain=list(plain), html=list(html))
        combined = _Body()
        for body in bodies:
            combined.extend(body)
        return combined

    def _content(self, part: Message, path: str) -> bytes:
        payload = part.get_payload()
        if isinstance(payload, list):
            return payload_bytes(part)
        encoding = first_header(part, "content-transfer-encoding") or ""
        data, note = decode_transfer(payload_bytes(part), unfold(encoding))
        if note:
            self.defects.append(f"part {path}: {note}")
        return data

    def _body_text(
        self, part: Message, content_type: str, params: dict[str, str], path: str
    ) -> _Body:
        data = self._content(part, path)
        charset = params.get("charset")
        if content_type == "text/html" and not charset:
            charset = declared_charset(data)
        text, note = decode_text(data, charset)
        if note:
            self.defects.append(f"part {path}: {note}")
        text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\x00", "")
        if content_type == "text/html":
            return _Body(html=[text])
        if content_type in ("text/enriched", "text/richtext"):
            text = re.sub(r"<[^<>]{0,40}>", "", text).replace("<<", "<")
        elif params.get("format", "").lower() == "flowed":
            text = unflow(text, params.get("delsp", "").lower() == "yes")
        text, files = extract_uuencoded(text)
        for filename, content_type, content in files:
            self.attachments.append(
                Attachment(filename, content_type, len(content), content, None, inline=False)
            )
            self.defects.append(f"part {path}: uuencoded file {filename!r} taken from text")
        return _Body(plain=[text])

    def _recover_children(self, part: Message, path: str) -> list[Message] | None:
        children = recover_children(part)
        if children is not None:
            self.defects.append(f"part {path}: declared boundary not found; used one found in body")
        return children

    def _attach(
        self,
        part: Message,
        content_type: str,
        params: dict[str, str],
        disposition: str,
        filename: str | None,
        path: str,
    ) -> None:
        payload = part.get_payload()
        if content_type in ("message/rfc822", "message/global") and isinstance(payload, list):
            inner = payload[0] if payload and isinstance(payload[0], Message) else None
            content = serialise(inner) if inner is not None else payload_bytes(part)
            if not filename and inner is not None:
                subject = first_header(inner, "subject")
                filename = self._decode_header(subject) if subject else None
            name = sanitise_filename(filename, content_type)
            if not name.lower().endswith(".eml"):
                name = shorten_filename(name + ".eml")
        else:
            content = self._content(part, path)
            if content_type == "message/external-body":
                # The body lives elsewhere; its address is in the Content-Type parameters.
                where = unfold(first_header(part, "content-type") or "")
                content = f"Content-Type: {where}\n".encode("utf-8", "surrogateescape") + content
            name = sanitise_filename(filename, content_type)
        content_ids = normalise_ids(first_header(part, "content-id") or "")
        content_id = content_ids[0] if content_ids else None
        inline = disposition == "inline" or (not disposition and content_id is not None)
        self.attachments.append(
            Attachment(name, content_type, len(content), content, content_id, inline)
        )


def _has_text(segments: list[str]) -> bool:
    return any(segment.strip() for segment in segments)


# --------------------------------------------------------------------------------------------
# When everything else failed


def _last_resort(raw: object, exc: Exception) -> ParsedMail:
    data = raw if isinstance(raw, bytes) else b""
    head, _, body = data.replace(b"\r\n", b"\n").partition(b"\n\n")
    subject_match = re.search(rb"(?im)^subject:[ \t]*(.*)$", head)
    subject = ""
    text = ""
    try:
        if subject_match:
            subject = decode_encoded_words(decode_text(subject_match.group(1), None)[0])
            subject = fold_whitespace(subject)
        text = decode_text(body, None)[0]
    except Exception:  # nothing left to try
        pass
    return ParsedMail(
        message_id=None,
        in_reply_to=[],
        references=[],
        subject=subject[:MAX_SUBJECT_CHARS],
        from_address=None,
        from_name="",
        reply_to=[],
        to=[],
        cc=[],
        date=None,
        headers={},
        text=text,
        new_text=text,
        html=None,
        attachments=[],
        defects=[f"parser failed ({type(exc).__name__}); only subject and raw body kept"],
        is_multipart_report=False,
        report_type=None,
    )
