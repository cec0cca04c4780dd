"""Transfer encodings and file names: the ways bytes on the wire differ from the content.

Lenient base64, quoted-printable, uuencode (declared, or pasted into the text itself),
RFC 3676 ``format=flowed`` line breaks, and attachment names made safe to store and show.
"""

from __future__ import annotations

import binascii
import mimetypes
import re
import unicodedata

MAX_FILENAME_CHARS = 120

_WHITESPACE = re.compile(r"\s+")

_NOT_BASE64 = re.compile(rb"[^A-Za-z0-9+/=]")
_BASE64_PADDING = re.compile(rb"=+")


def b64decode_lenient(data: bytes) -> bytes:
    # Senders drop padding, insert junk and concatenate separately padded chunks.
    decoded = bytearray()
    for chunk in _BASE64_PADDING.split(_NOT_BASE64.sub(b"", data)):
        if len(chunk) % 4 == 1:
            chunk = chunk[:-1]
        if chunk:
            try:
                decoded += binascii.a2b_base64(chunk + b"=" * (-len(chunk) % 4))
            except binascii.Error:
                continue
    return bytes(decoded)


_UUENCODE_BEGIN = re.compile(r"^begin [0-7]{3,4} (\S.*)$", re.M)
_UUENCODE_END = re.compile(r"\nend[ \t]*(?:\n|$)")


def uudecode(data: bytes) -> bytes:
    decoded = bytearray()
    started = not re.search(rb"^begin [0-7]{3,4} ", data, re.M)
    for line in data.splitlines():
        if not started:
            started = line.startswith(b"begin ")
            continue
        if line.strip() == b"end":
            break
        if not line.strip():
            continue
        try:
            decoded += binascii.a2b_uu(line)
        except binascii.Error:
            # Broken encoders pad lines; trust the length character like stdlib's uu did.
            length = (((line[0] - 32) & 63) * 4 + 5) // 3
            try:
                decoded += binascii.a2b_uu(line[:length])
            except binascii.Error:
                continue
    return bytes(decoded)


def decode_transfer(data: bytes, encoding: str) -> tuple[bytes, str | None]:
    encoding = encoding.strip().strip("\"'").lower().split(None, 1)[0] if encoding.strip() else ""
    if encoding == "base64":
        junk = len(re.findall(rb"[^A-Za-z0-9+/=\s]", data[:4096]))
        if junk > 40:  # not base64 at all: a mislabelled plain part
            return data, "content labelled base64 is not base64"
        return b64decode_lenient(data), None
    if encoding in ("quoted-printable", "quoted_printable", "qp"):
        return binascii.a2b_qp(data), None
    if encoding in ("x-uuencode", "uuencode", "x-uue", "uue"):
        return uudecode(data), None
    if encoding in ("", "7bit", "8bit", "binary", "7-bit", "8-bit"):
        return data, None
    return data, f"unknown transfer encoding {encoding[:30]!r}"


def extract_uuencoded(text: str) -> tuple[str, list[tuple[str, str, bytes]]]:
    """Uuencoded files pasted into a text body: (the text without them, [(name, type, bytes)])."""
    # Old Outlook Express and scripts paste uuencoded files into the text itself.
    if "begin " not in text:
        return text, []
    files: list[tuple[str, str, bytes]] = []
    kept: list[str] = []
    position = 0
    for match in _UUENCODE_BEGIN.finditer(text):
        if match.start() < position:
            continue
        end = _UUENCODE_END.search(text, match.end())
        if end is None:
            break  # no "end" after this "begin" means none after any later one either
        block_end = end.end()
        block = text[match.start() : block_end].encode("latin-1", "replace")
        content = uudecode(block)
        if not content:
            continue
        filename = sanitise_filename(match.group(1).strip(), "application/octet-stream")
        guessed = mimetypes.guess_type(filename)[0] or "application/octet-stream"
        files.append((filename, guessed, content))
        kept.append(text[position : match.start()])
        position = block_end
    kept.append(text[position:])
    return "".join(kept), files


def unflow(text: str, delete_space: bool) -> str:
    """Undo RFC 3676 format=flowed soft line breaks."""
    lines: list[str] = []
    carry = ""
    for line in text.split("\n"):
        if line.startswith(" "):  # space-stuffing
            line = line[1:]
        if line.endswith(" ") and line != "-- ":
            carry += line[:-1] if delete_space else line
            continue
        lines.append(carry + line)
        carry = ""
    if carry:
        lines.append(carry)
    return "\n".join(lines)


# File names

_FILENAME_KEEP = set(" ._-()[]+,@&'~#!")
_WINDOWS_RESERVED = re.compile(r"^(con|prn|aux|nul|com\d|lpt\d)(\..*)?$", re.I)
_NAMED_TYPES = {
    "message/rfc822": "message.eml",
    "message/global": "message.eml",
    "message/delivery-status": "delivery-status.txt",
    "message/global-delivery-status": "delivery-status.txt",
    "message/feedback-report": "feedback-report.txt",
    "message/disposition-notification": "disposition-notification.txt",
    "text/rfc822-headers": "rfc822-headers.txt",
    "application/ms-tnef": "winmail.dat",
    "application/pkcs7-signature": "smime.p7s",
    "application/x-pkcs7-signature": "smime.p7s",
    "application/pgp-signature": "signature.asc",
}
_EXTENSIONS = {"text/plain": ".txt", "image/jpeg": ".jpg", "application/octet-stream": ".bin"}


def sanitise_filename(name: str | None, content_type: str) -> str:
    """A file name safe to store and show: no path, no control or odd characters, not empty."""
    candidate = ""
    if name:
        base = re.split(r"[\\/]", name.replace("\x00", ""))
        candidate = next((part for part in reversed(base) if part.strip()), "")
    cleaned = []
    for char in unicodedata.normalize("NFC", candidate):
        category = unicodedata.category(char)
        if category[0] in "LNM" or char in _FILENAME_KEEP:
            cleaned.append(char)
        elif category.startswith("Z"):
            cleaned.append(" ")
        elif category[0] != "C":  # controls and bidi overrides vanish; other symbols become "_"
            cleaned.append("_")
    safe = re.sub(r"_{2,}", "_", _WHITESPACE.sub(" ", "".join(cleaned))).strip(" .")
    if _WINDOWS_RESERVED.match(safe):
        safe = "_" + safe
    if not safe.strip("_ "):
        safe = _made_up_filename(content_type)
    return shorten_filename(safe)


def _made_up_filename(content_type: str) -> str:
    if content_type in _NAMED_TYPES:
        return _NAMED_TYPES[content_type]
    extension = _EXTENSIONS.get(content_type) or mimetypes.guess_extension(content_type) or ".bin"
    stem = content_type.split("/", 1)[0]
    return ("attachment" if stem in ("application", "multipart", "message") else stem) + extension


def shorten_filename(name: str) -> str:
    if len(name) <= MAX_FILENAME_CHARS:
        return name
    stem, dot, extension = name.rpartition(".")
    if dot and stem and 0 < len(extension) <= 16:
        return stem[: MAX_FILENAME_CHARS - len(extension) - 1].rstrip(" .") + "." + extension
    return name[:MAX_FILENAME_CHARS].rstrip(" .")
