"""Hand-written rules the triage model cannot be trusted with: urgency and sharp signals.

Patterns run on `triage_text.normalise` output (lower case, accents folded: "brûlé" ->
"brule", "überhitzt" -> "uberhitzt"). The cues that make a ticket critical (fraud,
account takeover, danger to people) live in triage_critical; these are the weaker ones:
defects, damage, parcels that never came, double charges, urgency and calm.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence

from chalicelib.domain.triage_patterns import Cues, any_of

__all__ = ["any_of"]


_any = any_of


DEFECT = _any(
    [
        r"\b(?:defective|faulty|malfunction\w*|defect)\b",
        r"\b(?:doesnt|does not|dont|do not|isnt|is not|not|no longer|stopped|stops) "
        r"(?:work|working|turn on|switch on|power on|charge|charging|heat|heating|spin)\b",
        r"\b(?:wont|will not|cant|cannot) (?:turn on|switch on|power on|charge|start|boot)\b",
        r"\bdead pixels?\b|\bno sound\b",
        r"\bdefectuos\w*|\bno funciona\b|\bdejo de funcionar\b|\bno enciende\b|\bno carga\b"
        r"|\baveriad\w*",
        r"\bdefectueu\w*|\bne (?:fonctionne|marche|s ?allume|charge) (?:pas|plus)\b|\ben panne\b",
        r"\bdefekt\w*|\bfunktioniert\w* (?:nicht|kaum)\b|\blasst sich nicht\b|\bstartet nicht\b"
        r"|\bladt nicht\b|\bladen nicht\b",
    ]
)

DAMAGE = _any(
    [
        r"\b(?:damaged|broken|cracked|smashed|shattered|dented|crushed|snapped|leaking|leaks)\b",
        r"\barrived in pieces\b",
        r"\bdanad[oa]s?\b|\brot[oa]s?\b|\brajad[oa]\b|\babollad[oa]\b|\baplastad[oa]\b",
        r"\bendommag\w*|\babime\w*|\bcasse\w*|\bbrise\w*|\bfissure\w*|\becrase\w*",
        r"\bbeschadigt\w*|\bkaputt\w*|\bzerbrochen\b|\bgebrochen\b|\bzerdruckt\b|\bundicht\b",
    ]
)

NOT_ARRIVED = _any(
    [
        r"\bnever (?:arrived|came|showed up|turned up|received|got (?:it|them|my))\b",
        r"\b(?:hasnt|has not|havent|have not|didnt|did not|still not|not yet) "
        r"(?:arrived|been delivered|received|come|turned up|shown up)\b",
        r"\b(?:parcel|package|order|shipment|delivery|item)s?\b.{0,40}\b(?:lost|gone missing)\b",
        r"\blost (?:in (?:the )?(?:post|mail|transit)|my (?:parcel|package|order))\b",
        r"\b(?:order|parcel|package|item|delivery|shipment)s? (?:not|never) (?:received|arrived"
        r"|delivered)\b",
        r"\bdelivered,? but (?:nothing|its not|it is not|it isnt|there is nothing|theres nothing"
        r"|no parcel|i (?:dont|do not|never))\b|\bnothing (?:here|has arrived|arrived|came)\b",
        r"\bdelivered to (?:the )?wrong (?:address|house|door|flat|person)\b"
        r"|\b(?:dont|do not|didnt|did not|never) (?:have|get|got|receive|received) (?:it|them)\b",
        r"\bno he recibido nada\b|\b(?:toujours )?rien recu\b|\bn ?ai toujours rien\b"
        r"|\b(?:noch )?nichts (?:erhalten|angekommen|bekommen)\b",
        r"\b(?:no|nunca|todavia no|aun no) (?:ha |me ha )?llegad[oa]\b|\bnunca llego\b"
        r"|\bperdid[oa]\b|\bextraviad[oa]\b",
        r"\bjamais (?:recu|arrive)\b|\b(?:pas|toujours pas) (?:encore )?(?:recu|arrive)\b"
        r"|\bperdu\b|\begare\b",
        r"\b(?:nie|nicht|noch nicht) (?:angekommen|erhalten|geliefert|zugestellt)\b"
        r"|\bverloren\b|\bverschwunden\b",
        r"\b(?:still|and) nothing\b|\bweeks? (?:later )?(?:and|but) (?:still )?(?:nothing|no (?:parcel|package|sign))\b",
        r"\bstill (?:waiting|have not (?:got|received)|havent (?:got|received))\b.{0,30}\b(?:order|parcel"
        r"|package|delivery)\b",
        r"\b(?:no|nunca|non) (?:recibid[oa]|recu)\b|\bnon livre\b|\bnicht bekommen\b",
    ]
)

DOUBLE_CHARGE = _any(
    [
        r"\b(?:charged|billed|debited|paid|taken) (?:me )?(?:twice|two times|double|\d+ times"
        r"|three times)\b",
        r"\b(?:payment|charge|transaction|amount)s? (?:twice|two times)\b"
        r"|\btwice (?:on|in) my (?:card|statement|account|bank|banking)\b",
        r"\bdouble (?:charged|charge|billed|payment|debit)\b|\bduplicate (?:charge|payment|"
        r"transaction|debit)\b|\btwo (?:identical )?(?:charges|payments)\b",
        r"\b(?:cobr|carg)\w* dos veces\b|\bdoble (?:cargo|cobro)\b|\bcobro duplicado\b",
        r"\b(?:debit|prelev|factur|pay)\w* deux fois\b|\bdouble (?:prelevement|debit|paiement)\b",
        r"\b(?:doppelt|zweimal) (?:abgebucht|belastet|berechnet|bezahlt)\b"
        r"|\bdoppelte (?:abbuchung|zahlung)\b",
    ]
)

WRONG_OR_MISSING_ITEM = _any(
    [
        # "I ordered the wrong colour" is the customer's slip, not ours.
        r"\bwrong(?<!ordered the wrong)(?<!chose the wrong)(?<!picked the wrong)"
        r"(?<!selected the wrong) (?:item|product|size|colou?r|model|order|one|thing|parcel"
        r"|package|book)s?\b",
        r"\b(?:wasnt|was not|werent|were not|not) (?:included|in there|inside|in (?:it|the box"
        r"|the parcel|the package))\b",
        # "I ordered the sage set and got mustard yellow"
        r"\b(?:ordered|bought|paid for) (?:the |a |an )?[\w -]{1,40}? (?:and|but) (?:got|received"
        r"|was sent|they sent)\b(?! (?:it|them|my|the order|an? (?:email|confirmation|refund"
        r"|message|text))\b)",
        r"\bnot what i ordered\b|\bsomeone elses? order\b|\binstead of (?:the|my)\b",
        r"\b(?:item|items|part|parts|piece|pieces|accessor\w*)\b.{0,30}\bmissing\b"
        r"|\bmissing (?:item|items|part|parts|piece|pieces)\b|\bwas(?:nt| not) in the (?:box|parcel"
        r"|package)\b",
        r"\bonly (?:\d+|one|two|three|four|half) (?:of|out of) (?:the|my|\d+)\b",
        r"\b(?:producto|articulo|talla|color|pedido) (?:equivocad|incorrect)\w*|\bfalta(?:n)?\b",
        r"\bsolo (?:venia|venian|llego|llegaron|habia|traia) (?:\d+|un|una|dos|tres)\b",
        r"\bmauvais (?:article|produit|colis|modele|taille|couleur)\b|\bau lieu d\b"
        r"|\bil manque\b|\bmanquant\w*",
        r"\bfalsche[nrs]? (?:artikel|produkt|grosse|farbe|ware|paket)\b|\bstatt (?:der|des|dem"
        r"|den|die|das|einer?)\b|\bfehl(?:t|en|end\w*)\b",
    ]
)

# Where damage happened on the way rather than in the factory.
TRANSIT = _any(
    [
        r"\b(?:arrived|delivered|delivery|box|packaging|parcel|package|courier|driver|transit"
        r"|carton|on arrival|when it came)\b",
        r"\b(?:llego|caja|paquete|transporte|mensajero|repartidor)\b",
        r"\b(?:arrive|colis|carton|livreur|transport|livraison)\b",
        r"\b(?:angekommen|paket|karton|transport|lieferung|zusteller|geliefert)\b",
    ]
)

WARRANTY = _any(
    [
        r"\bwarrant(?:y|ies)\b|\bguarantee[ed]?\b|\bprotection plan\b|\bcare plan\b",
        r"\bgarantia\b|\bgarantie\b|\bgewahrleistung\b|\bgarantiefall\b",
    ]
)

OWNED_FOR_A_WHILE = _any(
    [
        r"\b(?:\d+|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|a|an|over a)"
        r" (?:months?|years?) (?:ago|old|of (?:use|using|normal use))\b|\blast year\b"
        r"|\bafter (?:\d+|a|one|two|three|six|eight|ten|twelve)(?: \w+)? (?:months?|years?)\b",
        r"\bhace (?:un|\d+|dos|tres|seis) (?:mes|meses|ano|anos)\b",
        r"\bil y a (?:un|\d+|deux|trois|six) (?:mois|ans?)\b"
        r"|\bau bout d ?(?:un|\d+) (?:mois|ans?)\b",
        r"\b(?:vor|nach) (?:einem|\d+|zwei|drei|sechs) (?:monat|monaten|jahr|jahren)\b",
    ]
)

REPAIR = _any(
    [
        r"\brepair\w*|\bfix(?:ed)?\b|\bstopped\b|\bbroke\b|\bfailed\b|\bclaim\b",
        r"\brepar\w*|\breparation\b|\breparieren\b|\breparatur\w*|\bersetzen\b",
    ]
)

# A negator shortly before a hazard word, inside the same clause, cancels it:
# "no injuries", "nobody was hurt", "ni humo ni fuego", "keine Verletzten".
_NEGATOR = re.compile(
    r"\b(?:no(?! (?:idea|clue|matter|longer|reason|warning))"
    r"|not(?! (?:even|only|sure|long|just))|never|without(?! (?:warning|reason|any))"
    r"|nobody|no one|none|neither|nor|wasnt|isnt|didnt|doesnt|dont|werent|hasnt|havent|sin|ningun\w*|nadie|ni|pas|aucun\w*|sans|personne|kein\w*|ohne|nicht"
    r"|niemand)\b"
)
_CLAUSE_BREAK = re.compile(r"[.!?;\n]|\b(?:but|pero|mais|aber|however|sino)\b")
_NEGATION_WINDOW = 40


def _clause_before(text: str, start: int, breaks: re.Pattern[str] = _CLAUSE_BREAK) -> str:
    """The few words before `start`, back to the start of their clause."""
    before = text[max(0, start - _NEGATION_WINDOW) : start]
    found = list(breaks.finditer(before))
    return before[found[-1].end() :] if found else before


def _negated(text: str, start: int) -> bool:
    return _NEGATOR.search(_clause_before(text, start)) is not None


# "If it overheats", "in case of fire": a question before buying, not a report of a hazard.
_HYPOTHETICAL = re.compile(
    r"\b(?:if|in case|whether|en caso de|au cas ou|falls|im falle|nel caso|em caso de|in geval)\b"
)


def _hypothetical(text: str, start: int) -> bool:
    return _HYPOTHETICAL.search(_clause_before(text, start)) is not None


def affirmed(
    pattern: Cues, text: str, reported: bool = False, harmless: Sequence[tuple[int, int]] = ()
) -> bool:
    """True when the pattern occurs at least once without a negation just before it; with
    `reported`, also not as a condition ("if it overheats"); never inside a `harmless` span."""
    return any(
        not any(low <= match.start() < high for low, high in harmless)
        and not _negated(text, match.start())
        and not (reported and _hypothetical(text, match.start()))
        for match in pattern.finditer(text)
    )


# A danger report's own negation sits a few words before the hazard, in the same clause: "no
# smoke", "nobody was hurt", "didn't catch fire or spark". A comma or "and I" starts a new
# clause, so "the brakes don't work, I nearly went under a bus" still reports the near miss.
_SHORT_CLAUSE_BREAK = re.compile(
    r"[.!?;,\n]|\b(?:but|pero|mais|aber|however|sino|ma|mas|maar)\b|\b(?:and|y|et|und|e|en) (?:i|we|he|she|they"
    r"|my|then|me|mi|yo|je|j|mon|ma|il|elle|ich|mein|meine|er|dann|io|poi|eu|ik|mijn|toen)\b"
)
_NEGATION_WORDS = 5


def _negated_nearby(text: str, start: int) -> bool:
    words = _clause_before(text, start, _SHORT_CLAUSE_BREAK).split()[-_NEGATION_WORDS:]
    return _NEGATOR.search(" ".join(words)) is not None


def reported_nearby(pattern: Cues, text: str, harmless: Sequence[tuple[int, int]] = ()) -> Iterator[int]:
    """Start of each match neither negated within its clause's last few words, nor a condition
    ("if it overheats"), nor inside a `harmless` span."""
    for match in pattern.finditer(text):
        start = match.start()
        if not any(low <= start < high for low, high in harmless) and not _negated_nearby(text, start) \
                and not _hypothetical(text, start):
            yield start
