"""Separate what a sender wrote now from the earlier messages and signature they carry along.

The one quote and signature stripper of the desk: mail intake stores ``split_reply``'s new text
on the message, and triage reads ``request_text`` (the same split, then only the request itself).
Pure text rules, so they live in the domain where both the mail package and triage may use them.

Works on plain text (HTML bodies are converted first, with blockquotes as "> " lines). The rules
are the ones mail clients themselves produce: attribution lines ("On ... wrote:") in several
languages, "> " quoting, Outlook's "-----Original Message-----" and "From: ... Sent: ..." blocks,
the "-- " signature delimiter and "Sent from my iPhone"-style footers; for triage also greetings,
sign-offs ("Kind regards, Anna") and the "Name: / Email:" fields of storefront contact forms.
Languages: en, es, fr, de, it, nl, pt, sv, da, no, pl, ru, fi, zh, ja, ko (not every rule has
every language).
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
        # Any of those openings with any of those verbs: clients mix a localised date with an
        # English verb and the other way round ("On 8 janv. 2024 ... a écrit :", accents lost).
        r"^(on|am|el|le|il|op|em)\s.{0,300}(wrote|schrieb|escribi[oó]|a\s+[ée]crit|ha\s+scritto"
        r"|schreef|escreveu)\b.{0,200}:$",
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
    r"|messaggio inoltrato|doorgestuurd bericht|mensagem encaminhada|begin forwarded message:?"
    r")\s*(-{2,}|_{2,}|={2,})?\s*$",
    re.IGNORECASE,
)
_RULE = re.compile(r"^\s*_{10,}\s*$")
_HEADER_FROM = re.compile(
    r"^\s*\*?(from|von|de|da|van|från|fra|od|от|lähettäjä)\s*\*?\s*:\s*\*?\s*\S", re.IGNORECASE
)
# A lone "From: someone@example.com" line: the shortest header clients put above a quote.
_FROM_ADDRESS_LINE = re.compile(r"^\s*(from|von|de|da|van)\s?:\s.*@.*$", re.IGNORECASE)
_HEADER_FIELD = re.compile(
    r"^\s*\*?(sent|date|to|cc|subject|gesendet|datum|an|betreff|envoyé|à|objet|enviado"
    r"|fecha|para|asunto|inviato|data|a|oggetto|verzonden|aan|onderwerp|skickat|till|ämne"
    r"|sendt|til|emne|wysłano|do|temat|отправлено|кому|тема|lähetetty|vastaanottaja|aihe)"
    r"\s*\*?\s*:",
    re.IGNORECASE,
)
_SIGNATURE_DELIMITER = re.compile(r"^(-- ?|--\s*)$")
# Footers that mobile and web clients append.
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
# The same footers in their loosest form: anything after "Sent from my", and the Dutch
# "verstuurd vanaf". Only read by `request_text`, which drops everything below them.
_LOOSE_FOOTERS = re.compile(
    r"^\s*(?:sent from my .*|get outlook for .*|enviado desde mi .*|envoy[ée] de mon .*|"
    r"von meinem .* gesendet|inviato da .*|verstuurd vanaf .*)$",
    re.IGNORECASE,
)
# A signature is short; a "--" line followed by pages of text is something else.
_MAX_SIGNATURE_LINES = 30
_MAX_BOTTOM_POSTED_QUOTES = 20
# Client footers are only looked for among the last lines of the new text.
_FOOTER_WINDOW = 3

# Sign-offs ("Kind regards," and a name): the request is above them.
_VALEDICTION = re.compile(
    r"^\s*(?:thanks|thank you|many thanks|thanks again|thx|cheers|best|best wishes|regards|"
    r"kind regards|best regards|warm regards|sincerely|yours sincerely|yours faithfully|"
    r"all the best|take care|saludos|un saludo|atentamente|gracias|muchas gracias|"
    r"cordialement|bien à vous|bien cordialement|merci|merci d'avance|salutations|"
    r"mit freundlichen grüßen|mit freundlichen grüssen|viele grüße|viele grüsse|"
    r"liebe grüße|beste grüße|gruß|grüße|danke|vielen dank|cordiali saluti|grazie|"
    r"met vriendelijke groet|groeten|obrigado|obrigada|atenciosamente|cumprimentos)"
    r"\s*(?:[,.!:;-]+\s*[\w .,&'-]{0,40})?\s*$",
    re.IGNORECASE,
)
_GREETING_LINE = re.compile(
    r"^\s*(?:hi|hello|hey|hiya|dear|good (?:morning|afternoon|evening)|greetings|hola|"
    r"buen[oa]s(?: días| dias| tardes| noches)?|estimad[oa]s?|bonjour|bonsoir|salut|"
    r"madame|monsieur|hallo|guten (?:tag|morgen|abend)|sehr geehrte|liebe|lieber|moin|"
    r"servus|ciao|salve|buongiorno|gentile|olá|ola|bom dia|boa tarde|beste|geachte)"
    r"\b[^.?!\n]{0,40}[,!:]?\s*$",
    re.IGNORECASE,
)
# Storefront contact forms put "Name: ...", "Email: ..." lines before the message itself.
_FORM_FIELD = re.compile(
    r"^\s*(?:name|full name|first name|last name|e-?mail(?: address)?|phone(?: number)?|tel|"
    r"telephone|mobile|country|postcode|zip|order(?: number| no\.?| #| id| ref)?|subject|topic|"
    r"nombre|correo|tel[ée]fono|pedido|nom|pr[ée]nom|t[ée]l[ée]phone|commande|vorname|"
    r"nachname|telefon|bestellnummer|betreff)\s*:.{0,80}$",
    re.IGNORECASE,
)
_FORM_MESSAGE_LABEL = re.compile(
    r"^\s*(?:message|comments?|enquiry|inquiry|mensaje|nachricht|your message)\s*:\s*",
    re.IGNORECASE,
)


def split_reply(text: str) -> tuple[str, str]:
    """Return (new_text, quoted_and_signature); either may be empty."""
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    new_lines, old_lines = _split_lines(lines)
    return "\n".join(new_lines).strip("\n"), "\n".join(old_lines).strip("\n")


def request_text(body: str, cap: int) -> str:
    """What the customer asks in this message, for triage: at most ``cap`` characters.

    ``split_reply``'s new text, less the greeting, contact-form fields, inline "> " quotes,
    and the sign-off, signature or earlier message with everything below it. A message that
    is nothing but an earlier one (a bare forward) is read from the first line after its header.
    """
    new, old = split_reply(body)
    forwarded = not new.strip()
    kept: list[str] = []
    size = 0
    for line in (old if forwarded else new).split("\n"):
        if _introduces_earlier_message(line.strip()):
            if kept:
                break
            continue
        if forwarded and not kept and _HEADER_FIELD.match(line):
            continue  # the forwarded message's "Date:", "To:", "Subject:" lines
        if _is_quoted(line):
            continue
        if kept and _ends_the_request(line):
            break
        if _FORM_FIELD.match(line):
            continue
        line = _FORM_MESSAGE_LABEL.sub("", line)
        if not kept and (not line.strip() or _GREETING_LINE.match(line)):
            continue
        kept.append(line)
        size += len(line) + 1
        if size >= cap:
            break
    return "\n".join(kept).strip()[:cap]


def _ends_the_request(line: str) -> bool:
    """A sign-off, signature delimiter or client footer: what follows is no longer the request."""
    return bool(
        _SIGNATURE_DELIMITER.match(line.strip())
        or _VALEDICTION.match(line)
        or _LOOSE_FOOTERS.match(line)
        or _CLIENT_FOOTERS.match(line.strip())
    )


def _introduces_earlier_message(stripped: str) -> bool:
    """A line that alone says an earlier message follows (no look at the lines around it)."""
    return bool(
        _SEPARATORS.match(stripped)
        or _RULE.match(stripped)
        or _FROM_ADDRESS_LINE.match(stripped)
        or (_may_end_attribution(stripped) and any(p.match(stripped) for p in _ATTRIBUTIONS))
    )


def _may_end_attribution(stripped: str) -> bool:
    """Every attribution ends so; the test spares the patterns on all other lines."""
    return stripped.endswith((":", "：")) or stripped.lower().endswith("wrote")


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
    if not _may_end_attribution(last):
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
