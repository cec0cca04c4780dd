"""Separate what a sender wrote now from the earlier messages and signature they carry along.

Works on plain text (HTML bodies are converted first, with blockquotes as "> " lines). The rules
are the ones mail clients themselves produce: attribution lines ("On ... wrote:") in several
languages, "> " quoting, Outlook's "-----Original Message-----" and "From: ... Sent: ..." blocks,
the "-- " signature delimiter and "Sent from my iPhone"-style footers.
"""

from __future__ import annotations

import re

# An attribution line is at most a few hundred characters; longer lines are body text.
_MAX_ATTRIBUTION_CHARS = 400
# Clients wrap a long attribution ("On <date>, <name> <address> wrote:") over up to 3 lines.
_MAX_ATTRIBUTION_LINES = 3

_ATTRIBUTIONS = [
    re.compile(pattern, re.IGNORECASE)
    for pattern in (
        r"^On\b.{1,350}\bwrote\s*:?$",  # en
        r"^Le\b.{1,350}\ba\s+écrit\s*:?$",  # fr
        r"^Am\b.{1,350}\bschrieb\b.{0,200}:$",  # de
        r"^El\b.{1,350}\bescribió\s*:?$",  # es
        r"^Il\b.{1,350}\bha\s+scritto\s*:?$",  # it ("Il giorno ... ha scritto:")
        r"^Op\b.{1,350}\bschreef\b.{0,200}:$",  # nl
        r"^(Em|No dia)\b.{1,350}\bescreveu\s*:?$",  # pt
        r"^(Den|På)\b.{1,350}\bskrev\b.{0,200}:$",  # sv, da, no
        r"^W dniu\b.{1,350}\bnapisał(a|\(a\))?\s*:?$",  # pl
        r"^.{1,350}\bпишет\s*:$",  # ru ("02.05.2017, 10:00, "Иван" <x@y> пишет:")
        r"^.{1,350}(写道|のメッセージ|님이 작성)\s*[:：]$",  # zh, ja, ko
    )
]
# "Jane Doe wrote:" with no date: only trusted when a "> " quote follows it.
_SHORT_ATTRIBUTION = re.compile(
    r"^.{1,200}\b(wrote|schrieb|a écrit|escribió|ha scritto|schreef|escreveu|skrev)\s*:$",
    re.IGNORECASE,
)
_SEPARATORS = re.compile(
    r"^\s*(-{2,}|_{2,}|={2,})?\s*("
    r"original message|original-nachricht|ursprüngliche nachricht|message d'origine"
    r"|mensaje original|messaggio originale|oorspronkelijk bericht|originalmeddelande"
    r"|alkuperäinen viesti|wiadomość oryginalna|исходное сообщение|mensagem original"
    r"|forwarded message|weitergeleitete nachricht|message transféré|mensaje reenviado"
    r"|messaggio inoltrato|doorgestuurd bericht|mensagem encaminhada|begin forwarded message:"
    r")\s*(-{2,}|_{2,}|={2,})?\s*$",
    re.IGNORECASE,
)
_RULE = re.compile(r"^\s*_{10,}\s*$")
_HEADER_FROM = re.compile(
    r"^\s*\*?(from|von|de|da|van|från|fra|od|от|lähettäjä)\s*\*?\s*:\s*\*?\s*\S", re.IGNORECASE
)
_HEADER_FIELD = re.compile(
    r"^\s*\*?(sent|date|to|cc|subject|gesendet|datum|an|betreff|envoyé|à|objet|enviado"
    r"|fecha|para|asunto|inviato|data|a|oggetto|verzonden|aan|onderwerp|skickat|till|ämne"
    r"|sendt|til|emne|wysłano|do|temat|отправлено|кому|тема|lähetetty|vastaanottaja|aihe)"
    r"\s*\*?\s*:",
    re.IGNORECASE,
)
_SIGNATURE_DELIMITER = re.compile(r"^(-- ?|--\s*)$")
# Footers that mobile and web clients append; only looked for near the end of the new text.
_CLIENT_FOOTERS = re.compile(
    r"^[-—\s]*("
    r"sent (from|via|with|using) (my|the|mail|yahoo|outlook|samsung|android|iphone|ipad|aol"
    r"|blackberry|proton|gmail|huawei|xiaomi)\b"
    r"|get outlook for (ios|android)"
    r"|envoyé (de|depuis) (mon|ma|l'application|yahoo|outlook)\b"
    r"|enviado (desde|de|do) (mi|meu|o meu|yahoo|outlook|correo|my)\b"
    r"|von meinem .{1,40} gesendet"
    r"|gesendet (von|mit) (meinem|meiner|der|outlook|yahoo|iphone)\b"
    r"|inviato (da|dal|dal mio) (iphone|il mio|yahoo|outlook|posta|mio)\b"
    r"|verzonden (vanaf|met|van) (mijn|outlook|iphone)\b"
    r"|skickat från (min|outlook|yahoo)\b"
    r"|sendt fra (min|outlook)\b"
    r"|wysłane z (mojego|iphone|telefonu|outlook)\b"
    r"|отправлено с (iphone|моего|мобильного)"
    r").{0,80}$",
    re.IGNORECASE,
)
# A signature is short; a "--" line followed by pages of text is something else.
_MAX_SIGNATURE_LINES = 30
_MAX_BOTTOM_POSTED_QUOTES = 20
_FOOTER_WINDOW = 3


def split_reply(text: str) -> tuple[str, str]:
    """Return (new_text, quoted_and_signature); either may be empty."""
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    new_lines, old_lines = _split_lines(lines)
    return "\n".join(new_lines).strip("\n"), "\n".join(old_lines).strip("\n")


def _split_lines(lines: list[str]) -> tuple[list[str], list[str]]:
    skipped: list[str] = []
    start = _earlier_message_start(lines)
    for _ in range(_MAX_BOTTOM_POSTED_QUOTES):
        if start is None or _has_content(lines[:start]):
            break
        # Bottom-posting: the new text follows the quote it answers.
        quote_end = _end_of_quote(lines, start)
        if quote_end >= len(lines) or not _has_content(lines[quote_end:]):
            break
        skipped, lines = skipped + lines[:quote_end], lines[quote_end:]
        start = _earlier_message_start(lines)
    head = lines if start is None else lines[:start]
    tail: list[str] = [] if start is None else lines[start:]

    # The quote may sit above the signature or below it (mobile clients put it last).
    for cut in (_trailing_quote_start, _signature_start, _trailing_quote_start):
        start_of_old = cut(head)
        if start_of_old is not None:
            head, tail = head[:start_of_old], head[start_of_old:] + tail
    return head, skipped + tail


def _has_content(lines: list[str]) -> bool:
    return any(line.strip() for line in lines)


def _is_quoted(line: str) -> bool:
    return line.lstrip().startswith(">")


def _earlier_message_start(lines: list[str]) -> int | None:
    """Index of the first line that introduces an earlier message, if any."""
    for index, line in enumerate(lines):
        stripped = line.strip()
        if not stripped or _is_quoted(line):
            continue
        if _SEPARATORS.match(stripped):
            return index
        if _RULE.match(stripped) and _is_header_block(lines, index + 1):
            return index
        if _HEADER_FROM.match(stripped) and _is_header_block(lines, index):
            return index
        attribution = _attribution_at(lines, index)
        if attribution is not None:
            return attribution
    return None


def _attribution_at(lines: list[str], end: int) -> int | None:
    """Start index of an attribution that ends on line ``end`` (possibly wrapped)."""
    last = lines[end].strip()
    if not (last.endswith((":", "：")) or last.lower().endswith("wrote")):
        return None
    for start in range(end, max(-1, end - _MAX_ATTRIBUTION_LINES), -1):
        if start < end and (not lines[start].strip() or _is_quoted(lines[start])):
            break
        joined = " ".join(line.strip() for line in lines[start : end + 1])
        if len(joined) > _MAX_ATTRIBUTION_CHARS:
            break
        if any(pattern.match(joined) for pattern in _ATTRIBUTIONS):
            return start
    if _SHORT_ATTRIBUTION.match(last) and _quote_follows(lines, end):
        return end
    return None


def _quote_follows(lines: list[str], index: int) -> bool:
    for line in lines[index + 1 : index + 3]:
        if line.strip():
            return _is_quoted(line)
    return False


def _is_header_block(lines: list[str], start: int) -> bool:
    """An Outlook-style header block: 'From:' then at least two of 'Sent:', 'To:', 'Subject:'."""
    window = [line for line in lines[start : start + 7] if line.strip()]
    if not window or not _HEADER_FROM.match(window[0]):
        return False
    return sum(1 for line in window[1:6] if _HEADER_FIELD.match(line)) >= 2


def _end_of_quote(lines: list[str], start: int) -> int:
    """First line after the attribution/separator at ``start`` and the quote it introduces."""
    index = start + 1
    while index < len(lines) and not _is_quoted(lines[index]) and lines[index].strip():
        if index - start >= _MAX_ATTRIBUTION_LINES:
            return len(lines)  # not a "> " quote: the earlier message runs to the end
        index += 1
    while index < len(lines) and (_is_quoted(lines[index]) or not lines[index].strip()):
        index += 1
    return index


def _trailing_quote_start(lines: list[str]) -> int | None:
    """Start of the '> ' block that ends the text; inline answers above it are kept."""
    index = len(lines)
    while index > 0 and (_is_quoted(lines[index - 1]) or not lines[index - 1].strip()):
        index -= 1
    if not any(_is_quoted(line) for line in lines[index:]):
        return None
    return index


def _signature_start(lines: list[str]) -> int | None:
    non_blank = [index for index, line in enumerate(lines) if line.strip()]
    for index in non_blank[-_FOOTER_WINDOW:]:
        if _CLIENT_FOOTERS.match(lines[index].strip()):
            footer = index
            break
    else:
        footer = None
    delimiter = None
    content_after = sum(1 for line in lines if line.strip())
    for index, line in enumerate(lines):
        content_after -= 1 if line.strip() else 0
        if content_after <= _MAX_SIGNATURE_LINES and _SIGNATURE_DELIMITER.match(line):
            delimiter = index
            break
    candidates = [index for index in (footer, delimiter) if index is not None]
    return min(candidates) if candidates else None
