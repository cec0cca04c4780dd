"""Charsets and RFC 2047 encoded words: text out of bytes whatever their label claims.

Mislabelled, unknown and double-encoded text is read as well as it can be, and every guess
comes back as a note for the message's defects.
"""

from __future__ import annotations

import binascii
import codecs
import re

from .transfer import b64decode_lenient

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


_ENCODED_WORD = re.compile(r"=\?([^?\s]{1,60})\?([BbQq])\?([^?]*)\?=")


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
    return b64decode_lenient(data)
