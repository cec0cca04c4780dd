"""The standard library's parser, kept safe and its broken trees repaired.

The feed parser with the lenient ``compat32`` policy splits the structure; this module bounds
what it is given (size, nesting), reads raw payloads and headers without its decoding, and
finds the parts that a wrong or reused boundary hid.
"""

from __future__ import annotations

import re
from email.message import Message
from email.parser import BytesParser
from email.policy import compat32

# SES refuses anything over 40 MB, so nothing legitimate is larger.
MAX_MESSAGE_BYTES = 40 * 1024 * 1024
# The feed parser re-checks every open boundary on every line and recurses per level, so deep
# nesting costs quadratic time and finally a RecursionError; real mail nests a handful deep.
MAX_NESTED_DECLARATIONS = 300

_BOUNDARY_DECLARATION = re.compile(rb"boundary\s*=", re.I)
_MESSAGE_DECLARATION = re.compile(rb"content-type:\s*message/(?:rfc822|global)\b", re.I)


def bounded(raw: bytes, defects: list[str]) -> bytes:
    if len(raw) > MAX_MESSAGE_BYTES:
        defects.append(f"message larger than {MAX_MESSAGE_BYTES} bytes, truncated")
        raw = raw[:MAX_MESSAGE_BYTES]
    for pattern, replacement, what in (
        (_BOUNDARY_DECLARATION, b"x-nested-too-deep=", "multipart boundaries"),
        (_MESSAGE_DECLARATION, b"Content-Type: application/x-nested-too-deep", "nested messages"),
    ):
        matches = pattern.findall(raw, 0, len(raw))
        if len(matches) > MAX_NESTED_DECLARATIONS:
            defects.append(f"more than {MAX_NESTED_DECLARATIONS} {what}; the rest left unsplit")
            raw = _neutralise_after(raw, pattern, replacement)
    return raw


def _neutralise_after(raw: bytes, pattern: re.Pattern[bytes], replacement: bytes) -> bytes:
    seen = 0

    def replace(match: re.Match[bytes]) -> bytes:
        nonlocal seen
        seen += 1
        return match.group(0) if seen <= MAX_NESTED_DECLARATIONS else replacement

    return pattern.sub(replace, raw)


def parse_bytes(raw: bytes) -> Message:
    return BytesParser(policy=compat32).parsebytes(raw)


def payload_bytes(part: Message) -> bytes:
    # The raw payload, not get_payload(): for 8-bit bodies that decodes with the declared
    # charset and replaces errors, losing exactly the bytes we need to sniff.
    payload = getattr(part, "_payload", None)
    if payload is None:
        payload = part.get_payload()
    if isinstance(payload, str):
        return payload.encode("utf-8", "surrogateescape")
    if isinstance(payload, list):
        return b"\n".join(serialise(sub) for sub in payload if isinstance(sub, Message))
    return b""


def serialise(message: Message) -> bytes:
    try:
        return message.as_bytes()
    except Exception:  # the generator chokes on some broken trees
        try:
            return message.as_string().encode("utf-8", "surrogateescape")
        except Exception:
            return b""


def header_items(message: Message) -> list[tuple[str, str]]:
    try:
        return [(str(name), str(value)) for name, value in message.raw_items()]
    except Exception:  # raw_items is the lowest-level accessor there is
        return []


def first_header(message: Message, name: str) -> str | None:
    wanted = name.lower()
    for key, value in header_items(message):
        if key.strip().lower() == wanted:
            return value
    return None


def strip_glued_close_boundary(last_part: Message, boundary: str) -> None:
    """Drop a closing boundary glued to the last line ("text--b--"), which the parser keeps."""
    payload = getattr(last_part, "_payload", None)
    if not isinstance(payload, str):
        return
    closing = f"--{boundary}--"
    trimmed = payload.rstrip()
    if trimmed.endswith(closing) and not trimmed.endswith("\n" + closing):
        last_part.set_payload(trimmed[: -len(closing)])


_HEADER_LINE = re.compile(rb"^[A-Za-z0-9-]+:")


def guess_boundary(body: bytes) -> bytes | None:
    """The boundary a multipart really uses when its declared one never appears."""
    lines = body.split(b"\n")
    seen: dict[bytes, int] = {}
    followed_by_header: set[bytes] = set()
    for index, line in enumerate(lines):
        line = line.rstrip(b"\r \t")
        if not line.startswith(b"--") or not 3 <= len(line) <= 200 or line.endswith(b"--"):
            continue
        boundary = line[2:]
        if b'"' in boundary or b"\\" in boundary:
            continue
        seen[boundary] = seen.get(boundary, 0) + 1
        if index + 1 < len(lines) and _HEADER_LINE.match(lines[index + 1]):
            followed_by_header.add(boundary)
    # dicts keep insertion order: the first plausible delimiter in the body wins
    for boundary, count in seen.items():
        if count >= 2 or boundary in followed_by_header:
            return boundary
    return None


def recover_children(part: Message) -> list[Message] | None:
    """The parts of a multipart whose declared boundary never appears, split on the one used."""
    body = payload_bytes(part)
    boundary = guess_boundary(body)
    if boundary is None:
        return None
    header = b'Content-Type: multipart/mixed; boundary="' + boundary + b'"\r\n\r\n'
    try:
        reparsed = parse_bytes(header + body)
    except RecursionError:
        return None
    children = reparsed.get_payload()
    if not isinstance(children, list) or not children:
        return None
    return [child for child in children if isinstance(child, Message)]


def recover_epilogue(part: Message, boundary: str | None) -> list[Message] | None:
    """Parts after a premature closing boundary, or None when the epilogue holds none."""
    # Parts after a premature closing boundary (e.g. a nested multipart reusing the outer
    # boundary) land in the epilogue; they are usually the attachments.
    epilogue = part.epilogue
    if not boundary or not isinstance(epilogue, str) or f"--{boundary}" not in epilogue:
        return None
    raw = epilogue.encode("utf-8", "surrogateescape")
    header = f'Content-Type: multipart/mixed; boundary="{boundary}"\r\n\r\n'.encode(
        "utf-8", "surrogateescape"
    )
    try:
        children = parse_bytes(header + raw).get_payload()
    except RecursionError:
        return None
    if not isinstance(children, list):
        return None
    return [child for child in children if isinstance(child, Message)]
