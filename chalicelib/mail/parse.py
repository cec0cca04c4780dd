"""Turn raw inbound MIME (as SES stores it in S3) into the fields the help desk works with.

The standard library's feed parser, with the lenient ``compat32`` policy, splits the structure.
Headers, charsets, transfer encodings and body selection are handled here, because that is where
real mail is most broken and where ``email.policy.default`` raises or mis-decodes.
``parse_message`` never raises: whatever goes wrong becomes an entry in ``ParsedMail.defects``.
"""

from __future__ import annotations

import binascii
import codecs
import email.utils
import mimetypes
import re
import unicodedata
import urllib.parse
from dataclasses import dataclass, field
from datetime import UTC, datetime
from email.message import Message
from email.parser import BytesParser
from email.policy import compat32
from html.parser import HTMLParser
from typing import ClassVar

from chalicelib.mail.quotes import split_reply

# SES refuses anything over 40 MB, so nothing legitimate is larger.
MAX_MESSAGE_BYTES = 40 * 1024 * 1024
# The feed parser re-checks every open boundary on every line and recurses per level, so deep
# nesting costs quadratic time and finally a RecursionError; real mail nests a handful deep.
MAX_NESTED_DECLARATIONS = 300
MAX_DEPTH = 30
MAX_PARTS = 1000
MAX_HEADER_FIELDS = 1000
MAX_HEADER_SOURCE_CHARS = 32 * 1024
MAX_HEADER_VALUE_CHARS = 16 * 1024
MAX_SUBJECT_CHARS = 1000
MAX_IDS = 100
MAX_ADDRESSES = 500
MAX_HTML_CHARS = 2 * 1024 * 1024
MAX_REPLY_SPLIT_CHARS = 512 * 1024
MAX_FILENAME_CHARS = 120


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
# Charsets

# Labels that mail clients use but Python does not know, or knows as a narrower charset than
# the one senders actually use (WHATWG encoding rules: "latin1" on the wire means cp1252).
_CHARSET_ALIASES = {
    "ks_c_5601-1987": "cp949",
    "ks_c_5601": "cp949",
    "ksc5601": "cp949",
    "ksc_5601": "cp949",
    "euc-kr": "cp949",
    "korean": "cp949",
    "gb2312": "gb18030",
    "gb_2312-80": "gb18030",
    "csgb2312": "gb18030",
    "gbk": "gb18030",
    "x-gbk": "gb18030",
    "cp936": "gb18030",
    "euc-cn": "gb18030",
    "chinese": "gb18030",
    "big5": "big5hkscs",
    "x-big5": "big5hkscs",
    "shift_jis": "cp932",
    "shift-jis": "cp932",
    "sjis": "cp932",
    "x-sjis": "cp932",
    "ms_kanji": "cp932",
    "windows-31j": "cp932",
    "iso-8859-1": "cp1252",
    "iso8859-1": "cp1252",
    "iso_8859-1": "cp1252",
    "latin1": "cp1252",
    "latin-1": "cp1252",
    "l1": "cp1252",
    "us-ascii": "cp1252",
    "ascii": "cp1252",
    "ansi_x3.4-1968": "cp1252",
    "iso-8859-9": "cp1254",
    "iso-8859-11": "cp874",
    "tis-620": "cp874",
    "windows-874": "cp874",
    "iso-8859-8-i": "iso8859-8",
    "iso-8859-6-i": "iso8859-6",
    "x-mac-roman": "mac-roman",
    "x-mac-cyrillic": "mac-cyrillic",
    "unicode-1-1-utf-7": "utf-7",
    "x-unicode20utf7": "utf-7",
}
# Labels that carry no information about the bytes.
_MEANINGLESS_CHARSETS = {"", "x-unknown", "unknown", "unknown-8bit", "x-user-defined", "default"}
# Python text codecs that are not charsets: decoding mail bytes with them is wrong or unsafe.
_NOT_MAIL_CHARSETS = {
    "undefined",
    "unicode-escape",
    "raw-unicode-escape",
    "idna",
    "punycode",
    "charmap",
    "utf-8-sig",
}
_ISO2022_JP_FALLBACKS = ("iso2022_jp_ext", "iso2022_jp_2", "iso2022_jp_3")
_LATIN1_FALLBACK = "resolution_center_latin1"


def _latin1_for_undefined(error: UnicodeError) -> tuple[str, int]:
    # cp1252 leaves five bytes undefined; show them as their latin-1 characters, not as U+FFFD.
    if not isinstance(error, UnicodeDecodeError):
        raise error
    return error.object[error.start : error.end].decode("latin-1"), error.end


codecs.register_error(_LATIN1_FALLBACK, _latin1_for_undefined)


def resolve_charset(label: str | None) -> str | None:
    """Python codec name for a MIME charset label, or None when unknown or unusable."""
    if not label:
        return None
    name = label.strip().strip("\"'").split("*", 1)[0].strip().lower()
    if name in _MEANINGLESS_CHARSETS:
        return None
    name = _CHARSET_ALIASES.get(name, name)
    try:
        info = codecs.lookup(name)
    except (LookupError, ValueError, TypeError):
        return None
    # bytes-to-bytes codecs (zlib, base64, ...) would let a label trigger decompression.
    if not getattr(info, "_is_text_encoding", True) or info.name in _NOT_MAIL_CHARSETS:
        return None
    return info.name


def _is_ascii_compatible(codec: str) -> bool:
    return not codec.startswith(("utf-16", "utf-32", "utf-7", "iso2022", "hz"))


def decode_text(data: bytes, label: str | None) -> tuple[str, str | None]:
    """Decode bytes labelled with ``label``; returns (text, a note when we had to guess)."""
    if not data:
        return "", None
    codec = resolve_charset(label)
    if (codec is None or _is_ascii_compatible(codec)) and data.isascii():
        return data.decode("ascii"), None
    note = None
    if label and codec is None and label.strip().lower() not in _MEANINGLESS_CHARSETS:
        note = f"unknown charset {label.strip()[:40]!r}"
    if codec is None or (codec != "utf-8" and _is_ascii_compatible(codec)):
        # (Nearly) valid multi-byte UTF-8 almost never arises by chance from a legacy charset,
        # while UTF-8 under a legacy label is common (webmail forms, scripts, gateways).
        as_utf8 = data.decode("utf-8", errors="replace")
        if _mostly_decoded(as_utf8, data.count(_UTF8_REPLACEMENT)):
            repaired = _undo_double_encoding(as_utf8, codec)
            if repaired is not None:
                return repaired, f"{label!r} text arrived double-encoded as utf-8"
            if codec is None:
                return as_utf8, note
            return as_utf8, f"charset {label!r} mislabelled, content is utf-8"
    for candidate in _candidates(codec):
        try:
            return data.decode(candidate), note
        except (UnicodeDecodeError, LookupError):
            continue
    if codec is not None:
        text = data.decode(codec, errors="replace")
        genuine = data.count(_UTF8_REPLACEMENT) if codec == "utf-8" else 0
        if _mostly_decoded(text, genuine):
            return text, f"invalid {codec} bytes replaced"
    described = repr(label) if label else "undeclared charset"
    return data.decode("cp1252", errors=_LATIN1_FALLBACK), f"{described} guessed as cp1252"


def _candidates(codec: str | None) -> tuple[str, ...]:
    if codec is None:
        return ()
    if codec == "iso2022_jp":
        return (codec, *_ISO2022_JP_FALLBACKS)
    return (codec,)


_UTF8_REPLACEMENT = "\ufffd".encode()


def _mostly_decoded(text: str, genuine_replacements: int = 0) -> bool:
    """True when a lenient decode is right apart from a few broken bytes."""
    # U+FFFD already in the data (an earlier system's damage) is content, not a decode error.
    replaced = text.count("\ufffd") - genuine_replacements
    non_ascii = len(text) - len(text.encode("ascii", errors="ignore"))
    decoded = non_ascii - replaced
    return decoded > 0 and replaced * 10 <= decoded


# Strict decoding with these rejects most random byte strings, so success is real evidence.
_MULTIBYTE_CODECS = {"big5hkscs", "cp950", "gb18030", "gbk", "cp932", "shift_jis", "euc_jp"}
_MULTIBYTE_CODECS |= {"cp949", "euc_kr", "euc_jis_2004", "shift_jis_2004"}


def _undo_double_encoding(text: str, codec: str | None) -> str | None:
    """CJK text that a gateway read as latin-1 and re-encoded as UTF-8, put back together."""
    if codec not in _MULTIBYTE_CODECS or max(map(ord, text)) > 0xFF:
        return None
    original = text.encode("latin-1")
    if len(original) - len(text.encode("ascii", errors="ignore")) < 4:
        return None  # a lone accented letter ("Müller") is real latin-1 text
    try:
        repaired = original.decode(codec)
    except UnicodeDecodeError:
        return None
    # Only accept the repair when it really is CJK text, not a few stray ideographs.
    cjk = sum(1 for char in repaired if _is_cjk(char))
    return repaired if cjk >= 2 and cjk * 2 >= sum(1 for c in repaired if ord(c) > 127) else None


def _is_cjk(char: str) -> bool:
    code = ord(char)
    return 0x3000 <= code <= 0x9FFF or 0xAC00 <= code <= 0xD7AF or 0xFF00 <= code <= 0xFFEF


# --------------------------------------------------------------------------------------------
# Header values

_ENCODED_WORD = re.compile(r"=\?([^?\s]{1,60})\?([BbQq])\?([^?]*)\?=")
_FOLD = re.compile(r"\r?\n(?=[ \t])|\r?\n$")
_WHITESPACE = re.compile(r"\s+")
_UTF7_RUN = re.compile(r"\+[A-Za-z0-9+/]{2,}-")


def _unfold(value: str) -> str:
    return _FOLD.sub("", value).replace("\r", "").replace("\n", " ")


def _raw_header_to_text(value: str, fallback_label: str | None) -> str:
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


def decode_encoded_words(value: str) -> str:
    """Decode RFC 2047 encoded words, joining adjacent ones before decoding their bytes."""
    if "=?" not in value:
        return value
    pieces: list[str] = []
    pending: list[bytes] = []
    pending_charset: str | None = None
    position = 0

    def flush() -> None:
        nonlocal pending_charset
        if pending:
            pieces.append(decode_text(b"".join(pending), pending_charset)[0])
            pending.clear()
        pending_charset = None

    previous_was_word = False
    for match in _ENCODED_WORD.finditer(value):
        between = value[position : match.start()]
        charset = match.group(1).split("*", 1)[0].lower()
        if previous_was_word and not between.strip():
            # Whitespace between encoded words is folding, not content (RFC 2047 6.2); words in
            # one charset are joined as bytes because senders split multi-byte characters.
            if charset != pending_charset:
                flush()
        else:
            flush()
            pieces.append(between)
        pending_charset = charset
        pending.append(_decode_word_bytes(match.group(2), match.group(3)))
        previous_was_word = True
        position = match.end()
    flush()
    pieces.append(value[position:])
    return "".join(pieces)


def _decode_word_bytes(encoding: str, payload: str) -> bytes:
    data = payload.encode("ascii", "ignore")
    if encoding in "Qq":
        return binascii.a2b_qp(data, header=True)
    return _b64decode_lenient(data)


_NOT_BASE64 = re.compile(rb"[^A-Za-z0-9+/=]")
_BASE64_PADDING = re.compile(rb"=+")


def _b64decode_lenient(data: bytes) -> bytes:
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


def _fold_whitespace(value: str) -> str:
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
    main, raw_params = _split_params(_unfold(value[:MAX_HEADER_SOURCE_CHARS]))
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
        name: decode_encoded_words(_raw_header_to_text(raw, fallback_label))
        for name, raw in plain.items()
    }
    for name, parts in sections.items():
        params[name] = _join_rfc2231(sorted(parts), fallback_label)
    return _fold_whitespace(main).lower(), params


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
    return _fold_whitespace(text)


_ADDRESS = re.compile(r"^[^@\s<>()\[\],;:]+@[^@\s<>()\[\],;:\"']+\.[^@\s<>()\[\],;:\"']+$")


def normalise_address(value: str) -> str | None:
    address = value.strip().strip("<>\"' .").lower()
    return address if _ADDRESS.match(address) else None


def _parse_date(value: str) -> datetime | None:
    cleaned = _fold_whitespace(re.sub(r"\([^()]*\)", " ", value))
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
# Bodies

_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?([A-Za-z0-9_.:\-]{1,40})""", re.I)


def _unflow(text: str, delete_space: bool) -> str:
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


class _HtmlToText(HTMLParser):
    """Readable text from HTML; blockquotes become '> ' lines so quoted replies can be split."""

    _SKIP: ClassVar[frozenset[str]] = frozenset(
        {"script", "style", "title", "noscript", "template", "svg", "object"}
    )
    _BLOCK: ClassVar[frozenset[str]] = frozenset({
        "p", "div", "section", "article", "header", "footer", "table", "tr", "ul", "ol", "dl",
        "h1", "h2", "h3", "h4", "h5", "h6", "pre", "address", "form", "fieldset", "hr", "center",
        "dt", "dd", "figure", "main", "nav", "aside",
    })  # fmt: skip

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.lines: list[str] = []
        self.current: list[str] = []
        self.skip_depth = 0
        self.in_head = False
        self.quote_depth = 0
        self.pre_depth = 0

    def _break(self, blank_line: bool = False) -> None:
        line = "".join(self.current).strip()
        if line:
            self.lines.append(("> " * self.quote_depth) + line)
        if blank_line and self.lines and self.lines[-1] != "":
            self.lines.append("")
        self.current = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("head", "body"):
            # Tracked apart from the skip counter: an unclosed <head> must not hide the body.
            self.in_head = tag == "head"
        elif tag in self._SKIP:
            self.skip_depth += 1
        elif tag == "br":
            self._break()
        elif tag == "li":
            self._break()
            self.current.append("- ")
        elif tag == "blockquote":
            self._break(blank_line=True)
            self.quote_depth += 1
        elif tag in ("td", "th"):
            self.current.append(" ")
        elif tag == "pre":
            self._break()
            self.pre_depth += 1
        elif tag in self._BLOCK:
            self._break(blank_line=tag == "p")

    def handle_endtag(self, tag: str) -> None:
        if tag == "head":
            self.in_head = False
        elif tag in self._SKIP:
            self.skip_depth = max(0, self.skip_depth - 1)
        elif tag == "blockquote":
            self._break(blank_line=True)
            self.quote_depth = max(0, self.quote_depth - 1)
        elif tag == "pre":
            self._break()
            self.pre_depth = max(0, self.pre_depth - 1)
        elif tag in self._BLOCK or tag == "li":
            self._break(blank_line=tag == "p")

    def handle_data(self, data: str) -> None:
        if self.skip_depth or self.in_head:
            return
        if self.pre_depth:
            first, *rest = data.split("\n")
            self.current.append(first)
            for line in rest:
                self._break()
                self.current.append(line)
            return
        self.current.append(_WHITESPACE.sub(" ", data.replace("\xa0", " ")))

    def text(self) -> str:
        self._break()
        return "\n".join(self.lines).strip()


def html_to_text(html: str) -> str:
    converter = _HtmlToText()
    try:
        converter.feed(html[:MAX_HTML_CHARS])
        converter.close()
    except Exception:  # HTMLParser can trip on hostile markup; keep what we have
        pass
    return converter.text()


_UUENCODE_BEGIN = re.compile(r"^begin [0-7]{3,4} (\S.*)$", re.M)
_UUENCODE_END = re.compile(r"\nend[ \t]*(?:\n|$)")


def _uudecode(data: bytes) -> bytes:
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


def _decode_transfer(data: bytes, encoding: str) -> tuple[bytes, str | None]:
    encoding = encoding.strip().strip("\"'").lower().split(None, 1)[0] if encoding.strip() else ""
    if encoding == "base64":
        junk = len(re.findall(rb"[^A-Za-z0-9+/=\s]", data[:4096]))
        if junk > 40:  # not base64 at all: a mislabelled plain part
            return data, "content labelled base64 is not base64"
        return _b64decode_lenient(data), None
    if encoding in ("quoted-printable", "quoted_printable", "qp"):
        return binascii.a2b_qp(data), None
    if encoding in ("x-uuencode", "uuencode", "x-uue", "uue"):
        return _uudecode(data), None
    if encoding in ("", "7bit", "8bit", "binary", "7-bit", "8-bit"):
        return data, None
    return data, f"unknown transfer encoding {encoding[:30]!r}"


# --------------------------------------------------------------------------------------------
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
    return _shorten(safe)


def _made_up_filename(content_type: str) -> str:
    if content_type in _NAMED_TYPES:
        return _NAMED_TYPES[content_type]
    extension = _EXTENSIONS.get(content_type) or mimetypes.guess_extension(content_type) or ".bin"
    stem = content_type.split("/", 1)[0]
    return ("attachment" if stem in ("application", "multipart", "message") else stem) + extension


def _shorten(name: str) -> str:
    if len(name) <= MAX_FILENAME_CHARS:
        return name
    stem, dot, extension = name.rpartition(".")
    if dot and stem and 0 < len(extension) <= 16:
        return stem[: MAX_FILENAME_CHARS - len(extension) - 1].rstrip(" .") + "." + extension
    return name[:MAX_FILENAME_CHARS].rstrip(" .")


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
_BOUNDARY_DECLARATION = re.compile(rb"boundary\s*=", re.I)
_MESSAGE_DECLARATION = re.compile(rb"content-type:\s*message/(?:rfc822|global)\b", re.I)
_ANY_CHARSET = re.compile(rb"""charset\s*=\s*["']?([A-Za-z0-9_.:\-]{1,40})""", re.I)
_STDLIB_DEFECT_NAMES = re.compile(r"(?<!^)(?=[A-Z])")


def _bounded(raw: bytes, defects: list[str]) -> bytes:
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


def _parse_bytes(raw: bytes) -> Message:
    return BytesParser(policy=compat32).parsebytes(raw)


def _payload_bytes(part: Message) -> bytes:
    # The raw payload, not get_payload(): for 8-bit bodies that decodes with the declared
    # charset and replaces errors, losing exactly the bytes we need to sniff.
    payload = getattr(part, "_payload", None)
    if payload is None:
        payload = part.get_payload()
    if isinstance(payload, str):
        return payload.encode("utf-8", "surrogateescape")
    if isinstance(payload, list):
        return b"\n".join(_serialise(sub) for sub in payload if isinstance(sub, Message))
    return b""


def _serialise(message: Message) -> bytes:
    try:
        return message.as_bytes()
    except Exception:  # the generator chokes on some broken trees
        try:
            return message.as_string().encode("utf-8", "surrogateescape")
        except Exception:
            return b""


def _header_items(message: Message) -> list[tuple[str, str]]:
    try:
        return [(str(name), str(value)) for name, value in message.raw_items()]
    except Exception:  # raw_items is the lowest-level accessor there is
        return []


def _first_header(message: Message, name: str) -> str | None:
    wanted = name.lower()
    for key, value in _header_items(message):
        if key.strip().lower() == wanted:
            return value
    return None


def _strip_glued_close_boundary(last_part: Message, boundary: str) -> None:
    """Drop a closing boundary glued to the last line ("text--b--"), which the parser keeps."""
    payload = getattr(last_part, "_payload", None)
    if not isinstance(payload, str):
        return
    closing = f"--{boundary}--"
    trimmed = payload.rstrip()
    if trimmed.endswith(closing) and not trimmed.endswith("\n" + closing):
        last_part.set_payload(trimmed[: -len(closing)])


_HEADER_LINE = re.compile(rb"^[A-Za-z0-9-]+:")


def _guess_boundary(body: bytes) -> bytes | None:
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


class _MailBuilder:
    def __init__(self, raw: bytes) -> None:
        self.defects: list[str] = []
        self.raw = _bounded(raw if isinstance(raw, bytes) else bytes(raw), self.defects)
        self.attachments: list[Attachment] = []
        self.parts_seen = 0
        self.report_type: str | None = None
        self.is_report = False
        self.fallback_charset: str | None = None

    def build(self) -> ParsedMail:
        try:
            root = _parse_bytes(self.raw)
        except RecursionError:
            self.defects.append("structure too deep to parse; body kept unsplit")
            root = BytesParser(policy=compat32).parsebytes(self.raw, headersonly=True)
        self.fallback_charset = self._header_charset(root)
        headers = self._headers(root)
        body = self._walk(root, depth=0, path="1", whole_body=True)
        plain = "\n\n".join(text.strip("\n") for text in body.plain if text.strip())
        html = "\n".join(body.html) if any(part.strip() for part in body.html) else None
        text = plain if plain.strip() else (html_to_text(html) if html else "")
        new_text = self._new_text(text)
        from_name, from_address = self._sender(root)
        return ParsedMail(
            message_id=self._message_id(headers),
            in_reply_to=self._ids(headers, "in-reply-to")[:MAX_IDS],
            references=self._references(headers),
            subject=self._subject(headers),
            from_address=from_address,
            from_name=from_name,
            reply_to=self._addresses(root, "reply-to"),
            to=self._addresses(root, "to"),
            cc=self._addresses(root, "cc"),
            date=self._date(headers),
            headers=headers,
            text=text,
            new_text=new_text,
            html=html,
            attachments=self.attachments,
            defects=self.defects,
            is_multipart_report=self.is_report,
            report_type=self.report_type,
        )

    # -- headers -------------------------------------------------------------------------

    def _header_charset(self, root: Message) -> str | None:
        """The charset to try for raw 8-bit header bytes: the one the body declares."""
        root_type = _first_header(root, "content-type") or ""
        charset = parse_structured_header(root_type, None)[1].get("charset")
        if charset is None:
            found = _ANY_CHARSET.search(self.raw, 0, 65536)
            charset = found.group(1).decode("ascii") if found else None
        return charset if resolve_charset(charset) else None

    def _decode_header(self, value: str) -> str:
        if len(value) > MAX_HEADER_SOURCE_CHARS:
            # Cut at whitespace so no encoded word is left half there.
            head, _, _ = value[:MAX_HEADER_SOURCE_CHARS].rpartition(" ")
            value = head or value[:MAX_HEADER_SOURCE_CHARS]
        text = decode_encoded_words(_unfold(_raw_header_to_text(value, self.fallback_charset)))
        return text.strip()

    def _headers(self, root: Message) -> dict[str, list[str]]:
        items = _header_items(root)
        if len(items) > MAX_HEADER_FIELDS:
            self.defects.append(f"{len(items)} header fields, only {MAX_HEADER_FIELDS} kept")
            items = items[:MAX_HEADER_FIELDS]
        headers: dict[str, list[str]] = {}
        for name, value in items:
            decoded = self._decode_header(value)
            if len(decoded) > MAX_HEADER_VALUE_CHARS:
                self.defects.append(f"header {name[:40]} truncated")
                decoded = decoded[:MAX_HEADER_VALUE_CHARS]
            key = _raw_header_to_text(name, None).strip().lower()
            headers.setdefault(key, []).append(decoded)
        return headers

    def _subject(self, headers: dict[str, list[str]]) -> str:
        subject = _fold_whitespace(headers.get("subject", [""])[0])
        if len(subject) > MAX_SUBJECT_CHARS:
            self.defects.append(f"subject truncated to {MAX_SUBJECT_CHARS} characters")
            subject = subject[:MAX_SUBJECT_CHARS].rstrip()
        return subject

    def _message_id(self, headers: dict[str, list[str]]) -> str | None:
        value = headers.get("message-id", [""])[0]
        ids = normalise_ids(value)
        if ids:
            return ids[0]
        bare = _WHITESPACE.sub("", value).strip("<>")
        return bare or None

    @staticmethod
    def _ids(headers: dict[str, list[str]], name: str) -> list[str]:
        return normalise_ids(" ".join(headers.get(name, [])))

    def _references(self, headers: dict[str, list[str]]) -> list[str]:
        ids = self._ids(headers, "references")
        if len(ids) > MAX_IDS:
            # Keep the thread root and the most recent ancestors: those are what threading uses.
            self.defects.append(f"{len(ids)} references, {MAX_IDS} kept")
            ids = ids[:1] + ids[-(MAX_IDS - 1) :]
        return ids

    def _address_pairs(self, root: Message, name: str) -> list[tuple[str, str]]:
        values = [
            _unfold(_raw_header_to_text(value[:MAX_HEADER_SOURCE_CHARS], self.fallback_charset))
            for key, value in _header_items(root)
            if key.strip().lower() == name
        ]
        if not values:
            return []
        pairs = [pair for value in values for pair in parse_address_list(value)]
        return pairs[:MAX_ADDRESSES]

    def _addresses(self, root: Message, name: str) -> list[str]:
        addresses: list[str] = []
        for _, address in self._address_pairs(root, name):
            normalised = normalise_address(decode_encoded_words(address))
            if normalised and normalised not in addresses:
                addresses.append(normalised)
        return addresses

    def _sender(self, root: Message) -> tuple[str, str | None]:
        root_pairs = self._sender_pairs(root)
        for display_name, address in root_pairs:
            normalised = normalise_address(decode_encoded_words(address))
            if normalised:
                name = _fold_whitespace(decode_encoded_words(display_name)).strip("\"' ")
                return name, normalised
        if root_pairs:
            self.defects.append("from header has no usable address")
        return "", None

    def _sender_pairs(self, root: Message) -> list[tuple[str, str]]:
        pairs = self._address_pairs(root, "from")
        if not pairs or not any(normalise_address(address) for _, address in pairs):
            sender = self._address_pairs(root, "sender")
            if sender:
                self.defects.append("from header missing or unusable; used sender")
                return sender
        return pairs

    def _date(self, headers: dict[str, list[str]]) -> datetime | None:
        value = headers.get("date", [""])[0]
        parsed = _parse_date(value) if value else None
        if parsed is None:
            for received in headers.get("received", [])[:1]:
                parsed = _parse_date(received.rpartition(";")[2])
            if value:
                self.defects.append("date header unparseable")
            if parsed is not None:
                self.defects.append("date taken from the newest received header")
        return parsed

    def _new_text(self, text: str) -> str:
        try:
            # What someone writes now is at the top; the rest of a huge text is history anyway.
            new_text = split_reply(text[:MAX_REPLY_SPLIT_CHARS])[0]
        except Exception:  # quote stripping is a nicety; the text is what counts
            self.defects.append("quoted text could not be separated")
            return text
        return new_text if new_text.strip() else text

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
            _first_header(part, "content-disposition") or "", self.fallback_charset
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
        value = _first_header(part, "content-type")
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
            leftover = _payload_bytes(part)
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
            _strip_glued_close_boundary(children[-1], boundary)
        children = children + self._recover_epilogue(part, boundary, path)
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

    def _recover_children(self, part: Message, path: str) -> list[Message] | None:
        body = _payload_bytes(part)
        boundary = _guess_boundary(body)
        if boundary is None:
            return None
        header = b'Content-Type: multipart/mixed; boundary="' + boundary + b'"\r\n\r\n'
        try:
            reparsed = _parse_bytes(header + body)
        except RecursionError:
            return None
        children = reparsed.get_payload()
        if not isinstance(children, list) or not children:
            return None
        self.defects.append(f"part {path}: declared boundary not found; used one found in body")
        return [child for child in children if isinstance(child, Message)]

    def _recover_epilogue(self, part: Message, boundary: str | None, path: str) -> list[Message]:
        # Parts after a premature closing boundary (e.g. a nested multipart reusing the outer
        # boundary) land in the epilogue; they are usually the attachments.
        epilogue = part.epilogue
        if not boundary or not isinstance(epilogue, str) or f"--{boundary}" not in epilogue:
            return []
        raw = epilogue.encode("utf-8", "surrogateescape")
        header = f'Content-Type: multipart/mixed; boundary="{boundary}"\r\n\r\n'.encode(
            "utf-8", "surrogateescape"
        )
        try:
            children = _parse_bytes(header + raw).get_payload()
        except RecursionError:
            return []
        if not isinstance(children, list):
            return []
        self.defects.append(f"part {path}: parts found after the closing boundary")
        return [child for child in children if isinstance(child, Message)]

    def _content(self, part: Message, path: str) -> bytes:
        payload = part.get_payload()
        if isinstance(payload, list):
            return _payload_bytes(part)
        encoding = _first_header(part, "content-transfer-encoding") or ""
        data, note = _decode_transfer(_payload_bytes(part), _unfold(encoding))
        if note:
            self.defects.append(f"part {path}: {note}")
        return data

    def _body_text(
        self, part: Message, content_type: str, params: dict[str, str], path: str
    ) -> _Body:
        data = self._content(part, path)
        charset = params.get("charset")
        if content_type == "text/html" and not charset:
            sniffed = _META_CHARSET.search(data[:4096])
            charset = sniffed.group(1).decode("ascii") if sniffed else None
        text, note = decode_text(data, charset)
        if note:
            self.defects.append(f"part {path}: {note}")
        text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\x00", "")
        if content_type == "text/html":
            return _Body(html=[text])
        if content_type in ("text/enriched", "text/richtext"):
            text = re.sub(r"<[^<>]{0,40}>", "", text).replace("<<", "<")
        elif params.get("format", "").lower() == "flowed":
            text = _unflow(text, params.get("delsp", "").lower() == "yes")
        return _Body(plain=[self._extract_uuencoded(text, path)])

    def _extract_uuencoded(self, text: str, path: str) -> str:
        # Old Outlook Express and scripts paste uuencoded files into the text itself.
        if "begin " not in text:
            return text
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
            content = _uudecode(block)
            if not content:
                continue
            filename = sanitise_filename(match.group(1).strip(), "application/octet-stream")
            guessed = mimetypes.guess_type(filename)[0] or "application/octet-stream"
            self.attachments.append(
                Attachment(filename, guessed, len(content), content, None, inline=False)
            )
            self.defects.append(f"part {path}: uuencoded file {filename!r} taken from text")
            kept.append(text[position : match.start()])
            position = block_end
        kept.append(text[position:])
        return "".join(kept)

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
            content = _serialise(inner) if inner is not None else _payload_bytes(part)
            if not filename and inner is not None:
                subject = _first_header(inner, "subject")
                filename = self._decode_header(subject) if subject else None
            name = sanitise_filename(filename, content_type)
            if not name.lower().endswith(".eml"):
                name = _shorten(name + ".eml")
        else:
            content = self._content(part, path)
            if content_type == "message/external-body":
                # The body lives elsewhere; its address is in the Content-Type parameters.
                where = _unfold(_first_header(part, "content-type") or "")
                content = f"Content-Type: {where}\n".encode("utf-8", "surrogateescape") + content
            name = sanitise_filename(filename, content_type)
        content_ids = normalise_ids(_first_header(part, "content-id") or "")
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
            subject = _fold_whitespace(subject)
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
