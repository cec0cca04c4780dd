"""Header values, addresses, message ids and dates, and the reading of one message's headers.

Tolerant of what real senders do: raw 8-bit bytes, RFC 2231 continuations, forgotten commas
and brackets, comments, group syntax, odd date formats. Every limit hit becomes a defect.
"""

from __future__ import annotations

import email.utils
import re
import urllib.parse
from datetime import UTC, datetime
from email.message import Message

from .charsets import decode_encoded_words, decode_text, resolve_charset
from .mime import first_header, header_items

MAX_HEADER_FIELDS = 1000
MAX_HEADER_SOURCE_CHARS = 32 * 1024
MAX_HEADER_VALUE_CHARS = 16 * 1024
MAX_SUBJECT_CHARS = 1000
MAX_IDS = 100
MAX_ADDRESSES = 500

_FOLD = re.compile(r"\r?\n(?=[ \t])|\r?\n$")
_WHITESPACE = re.compile(r"\s+")
_UTF7_RUN = re.compile(r"\+[A-Za-z0-9+/]{2,}-")


def unfold(value: str) -> str:
    return _FOLD.sub("", value).replace("\r", "").replace("\n", " ")


def raw_header_to_text(value: str, fallback_label: str | None) -> str:
    """Header values come from the parser with undecodable bytes as surrogates; decode them."""
    if value.isascii():
        if "\x1b" in value:  # raw ISO-2022-JP, sent without encoded words by old Japanese MUAs
            return decode_text(value.encode("ascii"), "iso-2022-jp")[0]
        utf7 = fallback_label and resolve_charset(fallback_label) == "utf-7"
        if utf7 and _UTF7_RUN.search(value):
            return decode_text(value.encode("ascii"), "utf-7")[0]
        return value
    # RFC 6532 headers are UTF-8; older senders use the body's charset without saying so.
    return decode_text(value.encode("utf-8", "surrogateescape"), fallback_label)[0]


def fold_whitespace(value: str) -> str:
    return _WHITESPACE.sub(" ", value).strip()


def _split_params(value: str) -> tuple[str, list[tuple[str, str]]]:
    """Split 'main; a=b; c="d;e"' into ('main', [('a', 'b'), ('c', 'd;e')]), quote-aware."""
    segments: list[str] = []
    current: list[str] = []
    quoted = escaped = False
    for index, char in enumerate(value):
        if escaped:
            current.append(char)
            escaped = False
        elif char == "\\" and quoted and value[index + 1 : index + 2] in ('"', "\\"):
            escaped = True  # other backslashes are kept: Windows paths arrive unescaped
        elif char == '"':
            quoted = not quoted
            current.append(char)
        elif char == ";" and not quoted:
            segments.append("".join(current))
            current = []
        else:
            current.append(char)
    segments.append("".join(current))
    main = segments[0].strip()
    params: list[tuple[str, str]] = []
    for segment in segments[1:]:
        name, sep, raw = segment.partition("=")
        if not sep:
            continue
        raw = raw.strip()
        if raw.startswith('"'):
            raw = raw[1:]
            raw = raw[:-1] if raw.endswith('"') else raw
        params.append((name.strip().lower(), raw))
    return main, params


_CONTINUATION = re.compile(r"^(.+?)\*(\d+)?(\*)?$")


def parse_structured_header(value: str, fallback_label: str | None) -> tuple[str, dict[str, str]]:
    """Main value (lower-cased) and decoded parameters of Content-Type / Content-Disposition."""
    main, raw_params = _split_params(unfold(value[:MAX_HEADER_SOURCE_CHARS]))
    plain: dict[str, str] = {}
    sections: dict[str, list[tuple[int, bool, str]]] = {}
    for name, raw in raw_params:
        match = _CONTINUATION.match(name)
        if match:
            index = int(match.group(2)) if match.group(2) else 0
            encoded = bool(match.group(3)) or match.group(2) is None
            sections.setdefault(match.group(1), []).append((index, encoded, raw))
        elif name not in plain:
            plain[name] = raw
    params = {
        name: decode_encoded_words(raw_header_to_text(raw, fallback_label))
        for name, raw in plain.items()
    }
    for name, parts in sections.items():
        params[name] = _join_rfc2231(sorted(parts), fallback_label)
    return fold_whitespace(main).lower(), params


def _join_rfc2231(parts: list[tuple[int, bool, str]], fallback_label: str | None) -> str:
    charset = None
    data = bytearray()
    for position, (_, encoded, raw) in enumerate(parts):
        if encoded and position == 0 and raw.count("'") >= 2:
            charset, _, raw = raw.split("'", 2)
        raw_bytes = raw.encode("utf-8", "surrogateescape")
        data += urllib.parse.unquote_to_bytes(raw_bytes) if encoded else raw_bytes
    return decode_text(bytes(data), charset or fallback_label)[0]


_ANGLE_ID = re.compile(r"<([^<>]{1,998})>")


def normalise_ids(value: str) -> list[str]:
    """Message ids in a Message-ID / In-Reply-To / References value, without angle brackets."""
    found = [_WHITESPACE.sub("", match) for match in _ANGLE_ID.findall(value)]
    if not found:  # some clients omit the brackets
        found = [token.strip("<>,;\"'") for token in value.split() if "@" in token]
    ids: list[str] = []
    seen: set[str] = set()
    for message_id in found:
        if message_id and message_id not in seen:
            seen.add(message_id)
            ids.append(message_id)
    return ids


def parse_address_list(value: str) -> list[tuple[str, str]]:
    """(display name, address) pairs from an address header, without the stdlib's parser.

    ``email.utils.getaddresses`` changed behaviour between 3.11 patch releases (strict mode
    returns nothing for input it distrusts); real headers need a tolerant, stable reading.
    """
    pairs: list[tuple[str, str]] = []
    for chunk in _split_mailboxes(value):
        pairs.extend(_parse_mailbox(chunk))
    return pairs


def _split_mailboxes(value: str) -> list[str]:
    chunks: list[str] = []
    current: list[str] = []
    quoted = in_angle = escaped = has_at = False
    comment_depth = 0
    for char in value:
        if escaped:
            escaped = False
        elif char == "\\" and (quoted or comment_depth):
            escaped = True
        elif quoted:
            quoted = char != '"'
        elif comment_depth:
            comment_depth += {"(": 1, ")": -1}.get(char, 0)
        elif char == '"':
            quoted = True
        elif char == "(":
            comment_depth = 1
        elif char in "<>":
            in_angle = char == "<"
        elif char in ",;" and not in_angle:
            chunks.append("".join(current))
            current = []
            has_at = False
            continue
        elif char == ":" and not in_angle and not has_at:
            current = []  # a group name ("undisclosed-recipients:") is not a mailbox
            continue
        has_at = has_at or char == "@"
        current.append(char)
    chunks.append("".join(current))
    return [chunk for chunk in chunks if chunk.strip()]


_COMMENT = re.compile(r"\(([^()]*)\)")
_ANGLE_ADDRESS = re.compile(r"<([^<>]*)>")


def _parse_mailbox(chunk: str) -> list[tuple[str, str]]:
    comments = [comment.strip() for comment in _COMMENT.findall(chunk) if comment.strip()]
    bare = _COMMENT.sub(" ", chunk)
    angle = _ANGLE_ADDRESS.search(bare)
    if angle:
        address = angle.group(1).strip()
        if address.startswith("@") and ":" in address:  # obsolete source route
            address = address.split(":", 1)[1]
        name = _unquote(bare[: angle.start()] + " " + bare[angle.end() :])
        return [(name or (comments[0] if comments else ""), address)]
    tokens = bare.split()
    addresses = [token for token in tokens if "@" in token]
    if len(addresses) > 1:  # "a@x b@y": commas forgotten
        return [("", address) for address in addresses]
    name = _unquote(" ".join(token for token in tokens if "@" not in token))
    return [(name or (comments[0] if comments else ""), addresses[0] if addresses else bare)]


def _unquote(value: str) -> str:
    text = re.sub(r'\\(.)|"', lambda match: match.group(1) or "", value)
    return fold_whitespace(text)


_ADDRESS = re.compile(r"^[^@\s<>()\[\],;:]+@[^@\s<>()\[\],;:\"']+\.[^@\s<>()\[\],;:\"']+$")


def normalise_address(value: str) -> str | None:
    address = value.strip().strip("<>\"' .").lower()
    return address if _ADDRESS.match(address) else None


def parse_date(value: str) -> datetime | None:
    cleaned = fold_whitespace(re.sub(r"\([^()]*\)", " ", value))
    for candidate in (value, cleaned, re.sub(r"(\d{1,2})\.(\d{2})\.(\d{2})", r"\1:\2:\3", cleaned)):
        try:
            parsed = email.utils.parsedate_to_datetime(candidate)
        except (TypeError, ValueError, IndexError, OverflowError):
            continue
        if parsed.tzinfo is None:
            parsed = parsed.replace(tzinfo=UTC)
        return parsed
    return None


# --------------------------------------------------------------------------------------------


# --------------------------------------------------------------------------------------------
# One message's headers

_ANY_CHARSET = re.compile(rb"""charset\s*=\s*["']?([A-Za-z0-9_.:\-]{1,40})""", re.I)


def _header_charset(root: Message, raw: bytes) -> str | None:
    """The charset to try for raw 8-bit header bytes: the one the body declares."""
    root_type = first_header(root, "content-type") or ""
    charset = parse_structured_header(root_type, None)[1].get("charset")
    if charset is None:
        found = _ANY_CHARSET.search(raw, 0, 65536)
        charset = found.group(1).decode("ascii") if found else None
    return charset if resolve_charset(charset) else None


class HeaderReader:
    """The top-level headers of one message, decoded and within limits; problems go to ``defects``."""

    def __init__(self, root: Message, raw: bytes, defects: list[str]) -> None:
        self.root = root
        self.defects = defects
        self.fallback_charset = _header_charset(root, raw)

    def decode(self, value: str) -> str:
        if len(value) > MAX_HEADER_SOURCE_CHARS:
            # Cut at whitespace so no encoded word is left half there.
            head, _, _ = value[:MAX_HEADER_SOURCE_CHARS].rpartition(" ")
            value = head or value[:MAX_HEADER_SOURCE_CHARS]
        text = decode_encoded_words(unfold(raw_header_to_text(value, self.fallback_charset)))
        return text.strip()

    def headers(self) -> dict[str, list[str]]:
        items = header_items(self.root)
        if len(items) > MAX_HEADER_FIELDS:
            self.defects.append(f"{len(items)} header fields, only {MAX_HEADER_FIELDS} kept")
            items = items[:MAX_HEADER_FIELDS]
        headers: dict[str, list[str]] = {}
        for name, value in items:
            decoded = self.decode(value)
            if len(decoded) > MAX_HEADER_VALUE_CHARS:
                self.defects.append(f"header {name[:40]} truncated")
                decoded = decoded[:MAX_HEADER_VALUE_CHARS]
            key = raw_header_to_text(name, None).strip().lower()
            headers.setdefault(key, []).append(decoded)
        return headers

    def subject(self, headers: dict[str, list[str]]) -> str:
        subject = fold_whitespace(headers.get("subject", [""])[0])
        if len(subject) > MAX_SUBJECT_CHARS:
            self.defects.append(f"subject truncated to {MAX_SUBJECT_CHARS} characters")
            subject = subject[:MAX_SUBJECT_CHARS].rstrip()
        return subject

    def message_id(self, headers: dict[str, list[str]]) -> str | None:
        value = headers.get("message-id", [""])[0]
        ids = normalise_ids(value)
        if ids:
            return ids[0]
        bare = _WHITESPACE.sub("", value).strip("<>")
        return bare or None

    @staticmethod
    def ids(headers: dict[str, list[str]], name: str) -> list[str]:
        return normalise_ids(" ".join(headers.get(name, [])))

    def references(self, headers: dict[str, list[str]]) -> list[str]:
        ids = self.ids(headers, "references")
        if len(ids) > MAX_IDS:
            # Keep the thread root and the most recent ancestors: those are what threading uses.
            self.defects.append(f"{len(ids)} references, {MAX_IDS} kept")
            ids = ids[:1] + ids[-(MAX_IDS - 1) :]
        return ids

    def address_pairs(self, name: str) -> list[tuple[str, str]]:
        values = [
            unfold(raw_header_to_text(value[:MAX_HEADER_SOURCE_CHARS], self.fallback_charset))
            for key, value in header_items(self.root)
            if key.strip().lower() == name
        ]
        if not values:
            return []
        pairs = [pair for value in values for pair in parse_address_list(value)]
        return pairs[:MAX_ADDRESSES]

    def addresses(self, name: str) -> list[str]:
        addresses: list[str] = []
        for _, address in self.address_pairs(name):
            normalised = normalise_address(decode_encoded_words(address))
            if normalised and normalised not in addresses:
                addresses.append(normalised)
        return addresses

    def sender(self) -> tuple[str, str | None]:
        root_pairs = self.sender_pairs()
        for display_name, address in root_pairs:
            normalised = normalise_address(decode_encoded_words(address))
            if normalised:
                name = fold_whitespace(decode_encoded_words(display_name)).strip("\"' ")
                return name, normalised
        if root_pairs:
            self.defects.append("from header has no usable address")
        return "", None

    def sender_pairs(self) -> list[tuple[str, str]]:
        pairs = self.address_pairs("from")
        if not pairs or not any(normalise_address(address) for _, address in pairs):
            sender = self.address_pairs("sender")
            if sender:
                self.defects.append("from header missing or unusable; used sender")
                return sender
        return pairs

    def date(self, headers: dict[str, list[str]]) -> datetime | None:
        value = headers.get("date", [""])[0]
        parsed = parse_date(value) if value else None
        if parsed is None:
            for received in headers.get("received", [])[:1]:
                parsed = parse_date(received.rpartition(";")[2])
            if value:
                self.defects.append("date header unparseable")
            if parsed is not None:
                self.defects.append("date taken from the newest received header")
        return parsed
