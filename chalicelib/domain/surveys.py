"""Satisfaction surveys: signed single-use links, scores, and when a poor answer calls for
service recovery. Pure: secrets, clocks and ids come in as arguments.

A survey link is `<ticket id>.<survey id>.<signature>`: the signature (HMAC-SHA256 under the
desk's signing secret, in a namespace of its own so no other signed value can stand in for it)
stops anyone from answering for a ticket by guessing its number. Nothing about the link is
stored: agents see the survey's state on the ticket, never a link they could use.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import re
from dataclasses import dataclass
from datetime import datetime

CSAT_RANGE = (1, 5)
NPS_RANGE = (0, 10)
COMMENT_LIMIT = 2000
SATISFIED_FROM = 4  # CSAT 4 and 5 count as satisfied
PROMOTER_FROM = 9
DETRACTOR_UP_TO = 6
RECOVERY_CSAT_UP_TO = 2

_TOKEN = re.compile(r"^(?P<ticket>T-[0-9A-HJKMNP-TV-Z]{10})\.(?P<survey>[0-9A-HJKMNP-TV-Z]{26})\.(?P<sig>[A-Za-z0-9_-]{22})$")


def _signature(ticket_id: str, survey_id: str, secret: str) -> str:
    digest = hmac.new(secret.encode(), f"survey-link\n{ticket_id}\n{survey_id}".encode(), hashlib.sha256).digest()
    return base64.urlsafe_b64encode(digest[:16]).decode().rstrip("=")


def sign(ticket_id: str, survey_id: str, secret: str) -> str:
    return f"{ticket_id}.{survey_id}.{_signature(ticket_id, survey_id, secret)}"


def verify(token: str, secret: str) -> tuple[str, str] | None:
    """(ticket id, survey id) of a link we signed; None for anything else."""
    match = _TOKEN.match(token or "")
    if not match:
        return None
    expected = _signature(match["ticket"], match["survey"], secret)
    if not hmac.compare_digest(expected, match["sig"]):
        return None
    return match["ticket"], match["survey"]


class BadScore(ValueError):
    """A score out of range or not a whole number; the message says which values are allowed."""


def score(raw: object, name: str, allowed: tuple[int, int], required: bool = False) -> int | None:
    """A whole number within `allowed`, or None when absent and not required."""
    low, high = allowed
    text = str(raw).strip() if raw is not None else ""
    if not text:
        if required:
            raise BadScore(f"choose a {name} from {low} to {high}")
        return None
    if not re.fullmatch(r"[0-9]{1,2}", text) or not low <= int(text) <= high:
        raise BadScore(f"{name} must be a whole number from {low} to {high}")
    return int(text)


def comment(raw: object) -> str:
    text = str(raw or "").replace("\r\n", "\n").strip()
    return text[:COMMENT_LIMIT]


def satisfied(csat: int) -> bool:
    return csat >= SATISFIED_FROM


def nps_class(nps: int) -> str:
    if nps >= PROMOTER_FROM:
        return "promoter"
    return "detractor" if nps <= DETRACTOR_UP_TO else "passive"


# Words and phrases that mark a comment as a complaint, in the languages the desk writes.
# Lower-case, matched on word boundaries; multi-word entries match as phrases.
_NEGATIVE = {
    "en": """bad terrible awful horrible worst poor disappointed disappointing disappointment unhappy
        angry useless rude slow broken unacceptable ridiculous waste wasted frustrated
        frustrating annoyed annoying nobody unhelpful incompetent lied lie scam hate hated
        "not happy" "not helpful" "not resolved" "no help" "didn't help" "did not help" "still waiting"
        "still broken" "not fixed" "no one" "never again" "too long" "no response" "never answered" "never arrived" """,
    "es": """malo mala pésimo pésima terrible horrible peor decepcionado decepcionada decepción
        lento lenta inútil grosero grosera nunca inaceptable enfadado enfadada frustrado frustrada
        "no me ayudaron" "no resuelto" "sigo esperando" "nadie" "no funciona" "mal servicio" """,
    "fr": """mauvais mauvaise nul nulle horrible terrible pire déçu déçue déception lent lente inutile
        impoli impolie jamais inacceptable énervé énervée frustré frustrée
        "pas content" "pas contente" "pas résolu" "toujours en attente" "personne" "ne fonctionne pas" """,
    "de": """schlecht schlechter schlechteste furchtbar schrecklich enttäuscht enttäuschend langsam
        nutzlos unhöflich nie niemals inakzeptabel verärgert frustriert ärgerlich katastrophal
        "nicht zufrieden" "nicht gelöst" "warte immer noch" "niemand" "funktioniert nicht" """,
    "it": """cattivo cattiva pessimo pessima terribile orribile peggiore deluso delusa delusione lento
        lenta inutile scortese mai inaccettabile arrabbiato arrabbiata frustrato frustrata
        "non risolto" "ancora in attesa" "nessuno" "non funziona" "non soddisfatto" """,
    "pt": """mau má péssimo péssima terrível horrível pior decepcionado decepcionada decepção lento
        lenta inútil rude nunca inaceitável irritado irritada frustrado frustrada
        "não resolvido" "ainda esperando" "ninguém" "não funciona" "não gostei" """,
    "nl": """slecht slechte slechtste vreselijk verschrikkelijk teleurgesteld teleurstellend traag
        nutteloos onbeleefd nooit onacceptabel boos gefrustreerd waardeloos
        "niet opgelost" "nog steeds wachten" "niemand" "werkt niet" "niet tevreden" """,
}


def _phrases(text: str) -> list[str]:
    """Bare words, and "quoted phrases" kept whole."""
    found = []
    for quoted, word in re.findall(r'"([^"]+)"|(\S+)', text):
        phrase = (quoted or word).strip().lower()
        if phrase:
            found.append(phrase)
    return found


_NEGATIVE_PHRASES = {lang: tuple(_phrases(words)) for lang, words in _NEGATIVE.items()}
_ALL_NEGATIVE = tuple(dict.fromkeys(p for phrases in _NEGATIVE_PHRASES.values() for p in phrases))


def negative_comment(text: str) -> bool:
    """Does the comment complain? A cue word or phrase in any of the desk's languages (customers
    do not always write in the language of their ticket)."""
    lowered = " ".join(text.lower().split())
    if not lowered:
        return False
    return any(re.search(rf"(?<!\w){re.escape(cue)}(?!\w)", lowered) for cue in _ALL_NEGATIVE)


def needs_recovery(csat: int | None, nps: int | None, text: str) -> bool:
    """Service recovery: a CSAT of 2 or less, or a detractor's NPS (6 or less) with a complaint."""
    if csat is not None and csat <= RECOVERY_CSAT_UP_TO:
        return True
    return nps is not None and nps <= DETRACTOR_UP_TO and negative_comment(text)


@dataclass(frozen=True)
class LinkState:
    """What a survey link may still do, from the survey's stored state."""

    usable: bool
    reason: str  # ok | answered | cancelled | expired | unknown


def link_state(status: str | None, expires_at: datetime | None, now: datetime) -> LinkState:
    if status is None:
        return LinkState(False, "unknown")
    if status == "answered":
        return LinkState(False, "answered")
    if status == "cancelled":
        return LinkState(False, "cancelled")
    if expires_at is not None and now >= expires_at:
        return LinkState(False, "expired")
    return LinkState(True, "ok")
