"""Cues that make a ticket critical whatever its category: fraud and chargebacks, account
takeover, and danger to people (fire, smoke, burns, electric shock, injury, choking, allergic
reactions, overheating). In the seven languages triage detects (en, es, fr, de, it, pt, nl).

Patterns run on `triage_text.normalise` output (lower case, accents and apostrophes dropped:
"brûlé" -> "brule", "n'est" -> "nest"). A model trained on a few thousand examples may miss a
rare "the charger sparked", and missing it costs far more than a false alarm, hence rules. The
same words also appear harmlessly ("hot deal", "this hoodie is fire", "smoke grey", "is this a
scam?"): a cue inside a HARMLESS match does not count (see `reported`).
"""

from __future__ import annotations

import re

from chalicelib.domain.triage_rules import any_of as _any

FRAUD = _any(
    [
        r"\bfraud\w*",
        r"\bscam(?:med|mer|mers)?\b",
        r"\bunauthori[sz]ed\b",
        r"\b(?:do ?n ?t|dont|do not|does not|doesnt|cannot|cant|can not) recogni[sz]e\b",
        r"\bunrecogni[sz]ed\b|\bnot recogni[sz]ed\b",
        r"\b(?:charge|payment|transaction|purchase)s? (?:that |which )?i (?:did not|didnt|never) "
        r"(?:make|authori[sz]e|place)",
        r"\bi (?:did not|didnt|never) (?:make|authori[sz]e) (?:this|these|that|the|those) "
        r"(?:charge|payment|transaction|purchase)",
        r"\bcharge ?backs?\b",
        r"\b(?:open|opened|opening|file|filed|filing|raise|raised) (?:a |an )?(?:\w+ )?disputes?\b",
        r"\bdisput(?:e|ed|ing) (?:the|this|a|these) (?:charge|payment|transaction)",
        r"\bstolen (?:credit |debit )?card\b|\bcard (?:was |has been )?(?:stolen|cloned)\b",
        r"\bidentity theft\b",
        r"\b(?:someone|somebody|a stranger) (?:has )?(?:used|is using|charged|stole|took) (?:my|our)"
        r" (?:credit |debit |bank )?(?:card|paypal|payment|details|money)\b",
        r"\b(?:order|orders|purchase|purchases) (?:that )?i (?:never|did not|didnt) (?:place|placed|make|made)\b"
        r"|\bi (?:never|did not|didnt) (?:order|ordered|buy|bought) anything\b"
        r"|\bi never (?:ordered|bought|placed|made) (?:this|these|that|those|it|them)\b",
        r"\bphishing\b|\bfake (?:website|site|shop|email|invoice)\b",
        r"\b(?:my )?bank (?:to )?(?:reverse|dispute|block|cancel(?:led)?) (?:the|this|a) (?:charge|payment"
        r"|transaction)\b|\b(?:reverse|reversing|reversed) (?:the|this) (?:charge|payment|transaction)\b",
        r"\b(?:paypal|credit card|card) (?:claim|dispute)\b",
        # es
        r"\bestafa\w*|\bno (?:lo |la )?reconozco\b|\bno autorizad[oa]s?\b|\bcontracargo\w*",
        r"\bno (?:he|hemos|habia) autorizado\b|\bsin (?:mi )?autorizacion\b",
        # fr
        r"\barnaque\w*|\bne (?:le |la |les )?reconnais pas\b|\bnon autorise\w*|\blitige\b",
        r"\bprelevement (?:inconnu|non autorise)|\bfaire opposition\b",
        r"\bn ?ai (?:pas|jamais) autorise\b|\bsans mon (?:accord|autorisation)\b",
        # de
        r"\bbetrug\w*|\bbetruger\w*|\bunberechtigt\w*|\bnicht autorisiert\w*",
        r"\berkenne (?:ich )?(?:diese|den|die|das)? ?\w* ?nicht\b|\bruckbuchung\w*",
        r"\bnicht (?:von mir )?(?:getatigt|veranlasst|autorisiert)\b",
        r"\bohne meine (?:zustimmung|erlaubnis|genehmigung|autorisierung)\b",
        # it, pt, nl
        r"\btruffa\w*|\bnon (?:ho )?autorizzat\w*|\bnon riconosco\b|\bfrode\b",
        r"\bfraude\b|\bburla\b|\bnao (?:autorizad|reconhec)\w*|\bsem (?:a )?minha autorizacao\b",
        r"\boplichting\b|\boplichter\w*|\bniet (?:door mij )?(?:geautoriseerd|gemachtigd)\b"
        r"|\bherken (?:ik )?(?:deze|die|het) \w* ?niet\b|\bterugboeking\b|\bfraude\b",
        # a payment or order the customer disowns, or a card they had to stop
        r"\b(?:it|that|this) (?:wasnt|was not|wasn t) me\b|\bnot (?:made|placed|authori[sz]ed) by me\b",
        r"\b(?:froze|frozen|freeze|blocked|block) (?:my|the) (?:credit |debit |bank )?card\b",
        r"\bcard (?:details|number|info\w*) (?:was |were |have been |has been |got )?(?:stolen|compromised|leaked)\b",
        r"\b(?:bank|banking app) (?:flagged|blocked|declined as suspicious)\b",
        r"\bi (?:have |ve )?(?:never|not) (?:placed|made|ordered) (?:this|that|these|any) (?:order|purchase)s?\b",
        # es
        r"\btarjeta (?:robada|clonada)\b|\b(?:me )?(?:han )?robado (?:la tarjeta|los datos|mis datos)\b",
        r"\b(?:yo )?no (?:he|hice|realice|he realizado|he hecho) (?:ese|este|esa|esta|ningun|ninguna) (?:pedido|compra|cargo)\b"
        r"|\bno he (?:pedido|comprado) nada\b",
        r"\b(?:reclam\w*|disputa\w*|devolucion del cargo) (?:con|en|al|ante) (?:el |mi )?banco\b|\bbloquear la tarjeta\b",
        # fr
        r"\bcarte (?:bancaire )?(?:volee|clonee|piratee)\b|\bce nest pas moi\b",
        r"\b(?:jai|je nai) (?:jamais|pas|rien) (?:passe|fait) (?:cette|de|aucune)? ?commande\b|\bje nai rien commande\b",
        r"\bcontest\w* (?:le|ce|un) (?:paiement|prelevement|debit)\b|\bfait opposition\b",
        # de
        r"\bkarte (?:wurde |ist )?(?:gestohlen|geklaut|kopiert)\b|\bkartendaten\b.{0,30}\b(?:gestohlen|missbraucht)\b",
        r"\b(?:habe|hab|habs) (?:\w+ )?(?:nie|niemals|nichts) bestellt\b|\bnicht von mir bestellt\b",
        r"\b(?:lastschrift|zahlung|abbuchung) (?:zuruckgebucht|zuruckgeholt|widersprochen|zuruckgegeben)\b"
        r"|\b(?:zahlung|abbuchung|lastschrift) (?:bei (?:meiner|der) bank )?(?:widerrufen|reklamiert)\b|\bkarte sperren\b",
        # it
        r"\bcarta (?:rubata|clonata)\b|\bnon (?:ho )?(?:mai )?(?:fatto|effettuato) (?:questo|quest|nessun) ?(?:ordine|acquisto)\b",
        r"\bcontestat\w* (?:l ?addebito|il pagamento|la transazione)\b|\bstorno\b|\bbloccat\w* la carta\b",
        # pt
        r"\bcartao (?:foi )?(?:roubado|clonado)\b|\bnao fiz (?:esta|essa|nenhuma) (?:encomenda|compra)\b",
        r"\bcontest\w* (?:junto d[oa] |com o |no |ao )?(?:meu )?banco\b|\bcontest\w* (?:a|o) (?:cobranca|pagamento|debito)\b"
        r"|\bbloque\w* o cartao\b",
        # nl
        r"\b(?:niets|niks|dit niet|dat niet|nooit iets) besteld\b|\b(?:kaart|kaartgegevens|creditcard) (?:zijn |is )?gestolen\b",
        r"\bonbekende (?:afschrijving|betaling|transactie)\b|\bkaart (?:laten )?blokkeren\b|\bbetaling (?:laten )?terugdraaien\b",
    ]
)

ACCOUNT_TAKEOVER = _any(
    [
        r"\bhack(?:ed|er|ers|ing)?\b",
        r"\b(?:account|password|login) (?:was |has been |got |is )?compromised\b",
        r"\bsomeone (?:else )?(?:has )?(?:logged|log|got|gotten|broke|accessed|changed|is using|"
        r"used|took)\b.{0,40}\b(?:account|password|e-?mail|login)\b",
        r"\baccount takeover\b|\btook over my account\b",
        r"\b(?:password|e-?mail|email address|login|details) (?:was|were|has been|have been|got) "
        r"changed\b.{0,60}\b(?:wasnt me|was not me|not me|i didnt|i did not|without)\b",
        r"\b(?:login|log-in|sign-in|sign in) (?:alert|attempt|notification)s? from\b",
        r"\bhacke(?:ado|aron|o)\b|\bpirate(?:ado|aron)\b|\balguien (?:ha )?(?:entrado|entro|"
        r"accedido|accedio|cambiado|cambio)\b.{0,40}\bcuenta\b",
        r"\bpirat(?:e|ee|age)\b|\bquelqu ?un a (?:accede|change|utilise|modifie)\b.{0,40}\bcompte\b",
        r"\bgehackt\b|\bjemand hat\b.{0,40}\b(?:konto|passwort|e-?mail)\b",
        r"\bkonto (?:wurde )?(?:ubernommen|kompromittiert)\b",
        # a login or change the customer disowns: "new login from Lagos. That wasn't me."
        r"\bsuspicious (?:login|log-in|sign-in|sign in|activity|access)\b",
        r"\b(?:someone|somebody) (?:else )?(?:has )?(?:placed|made|is placing) (?:orders?|purchases?) "
        r"(?:on|from|with|using) my account\b",
        r"\b(?:my )?(?:password|e-?mail|email address|phone number) (?:was|has been|got) changed without\b",
        r"\b(?:login|log-in|logged in|sign-in|signed in|sign in)\b.{0,80}\b(?:that )?(?:wasnt|was not|"
        r"wasn t|it wasnt|not) me\b",
        r"\b(?:inicio de sesion|acceso) sospechos\w*|\bno (?:fui|he sido) yo\b",
        r"\bconnexion suspecte\b|\bce n ?etait pas moi\b",
        r"\bverdachtige (?:anmeldung|aktivitat)\b|\bdas war(?:en)? nicht ich\b",
        r"\bhackerat\w*|\bqualcuno (?:e|ha) (?:entrato|acceduto|cambiato)\b.{0,40}\baccount\b"
        r"|\bnon (?:ero|sono stato) io\b",
        r"\bhackead\w*|\balguem (?:entrou|acedeu|acessou|mudou)\b.{0,40}\bconta\b|\bnao fui eu\b",
        r"\bgehackt\b|\biemand (?:heeft|is)\b.{0,40}\b(?:account|wachtwoord)\b|\bdat was ik niet\b",
        # a login from a device or place the customer does not know
        r"\b(?:unknown|unrecogni[sz]ed) (?:device|location|country)\b.{0,60}\b(?:login|log in|logged"
        r"|sign in|signed in|access)\b|\b(?:login|logged in|sign in|signed in)\b.{0,40}\b(?:unknown|unrecogni[sz]ed)"
        r" (?:device|location)\b",
        r"\b(?:account|password) (?:was |has been |got )?(?:stolen|taken over)\b",
        r"\bcuenta (?:ha sido |fue )?(?:hackeada|vulnerada|robada|comprometida)\b|\bhan entrado en mi cuenta\b",
        r"\bcompte (?:a ete )?pirate\b|\bappareil inconnu\b|\bquelqu ?un sest connecte\b",
        r"\bunbekannte[nms]? (?:gerat|standort)\b|\bkonto (?:wurde |ist )?gehackt\b|\bwar nicht ich\b",
        r"\b(?:account|profilo) (?:e )?stat[oa] (?:violat[oa]|hackerat[oa]|rubat[oa])\b|\bviolat[oa] il (?:mio )?account\b"
        r"|\bdispositivo sconosciuto\b",
        r"\bconta (?:foi )?(?:invadida|hackeada|roubada)\b|\binvadiram a (?:minha )?conta\b|\bdispositivo desconhecido\b",
        r"\baccount (?:is )?(?:gehackt|overgenomen)\b|\bonbekend apparaat\b|\bwas ik niet\b",
    ]
)

SAFETY = _any(
    [
        # en
        r"\b(?:caught|catch|catches|catching|on) fire\b",
        r"\bfire\b(?! ?(?:tv|stick|tablet|hd|pit|place|starter|wood|alarm|extinguisher|door))",
        r"\bflames?\b",
        r"\bsmok(?:e|ed|es|ing|y)\b(?! (?:detector|alarm))",
        r"\bburn(?:t|ed|ing|s)?\b(?!-? ?in\b)",
        r"\bmelt(?:ed|ing|s)?\b|\bscorch\w*",
        r"\belectric(?:al|ity)? shock|\belectrocut\w*",
        r"\b(?:got|get|gets|gave|give|gives|giving|received) (?:me |him |her |us |my \w+ )?"
        r"(?:a |an )?(?:\w+ )?shock\b|\bshocked (?:me|him|her|us|my)\b",
        r"\bspark(?:s|ed|ing)\b",
        r"\bexplo(?:de|ded|des|ding|sion|sive)\b|\bblew up\b",
        r"\b(?:swollen|swelling|bulging|puffed up) battery|\bbattery (?:is |has )?"
        r"(?:swollen|swelling|bulging|puffed)",
        r"\boverheat\w*|\btoo hot to (?:touch|hold)\b",
        r"\binjur(?:y|ies|ed|ing)\b|\bbleed\w*|\b(?:hospital|emergency room)\b",
        r"\b(?:hurt|cut) (?:my|his|her|their|our)(?:self|selves)?\b",
        r"\b(?:could|can|might|will) (?:really |seriously |badly |easily )?(?:hurt|injure|harm)\b",
        r"\b(?:hurt|injure|harm)(?:s|ed)? (?:a |my |the |your )?(?:child|kid|baby|toddler|son"
        r"|daughter|someone|somebody)\b",
        r"\bchok(?:e|ed|es|ing)\b|\bswallow(?:ed)?\b",
        r"\ballergic reaction\b|\b(?:rash|hives|blisters) (?:after|from|where)\b|\btoxic\b|\bpoison\w*",
        r"\bgas leak\w*|\bcarbon monoxide\b|\bsmell(?:s|ed)? (?:of )?(?:gas|burning|smoke)\b",
        r"\b(?:collapsed|gave way|tipped over|fell apart) (?:while|when|under|with)\b",
        r"\b(?:sharp|exposed) (?:edge|edges|wire|wires|metal)\b|\blive wires?\b",
        # a product failing where failure hurts: brakes, child gear, flooding, spoiled food
        r"\bbrakes? (?:failed|fail|gave out|dont work|do not work|stopped working|not working)\b",
        r"\b(?:car seat|child seat|helmet|crib|cot|stroller|pram|high chair|baby gate|harness)\b.{0,40}"
        r"\b(?:broke|snapped|collapsed|failed|came (?:off|apart|loose)|gave way)\b",
        r"\b(?:flooded|flooding|water (?:all over|everywhere) the (?:floor|kitchen))\b",
        r"\b(?:stopped|not|isnt|doesnt) (?:cooling|freezing)\b.{0,60}\b(?:insulin|medicine|medication)\b",
        r"\bfrenos? (?:fallan|fallaron|no funcionan)\b|\bfreins? (?:ne marchent|lache)\w*|\bbremsen? versag\w*",
        r"\b(?:hazard|hazardous|dangerous|unsafe)\b",
        # es
        r"\bfuego\b|\bincendi\w*|\bllamas\b|\bhumo\b|\bolor a quemado\b",
        r"\bquem(?:o|ado|ada|adura|aduras|e)\b|\bderreti\w*",
        r"\bdescarga electrica\b|\bcalambre\b|\bchispa\w*|\bexplot\w*|\bexplosion\b",
        r"\bsobrecalent\w*|\bse calienta (?:muchisimo|demasiado)\b",
        r"\bherid[oa]s?\b|\blesion\w*|\basfixi\w*|\batragant\w*|\bpeligros\w*",
        # fr
        r"\bfeu\b|\bincendie\b|\bflammes?\b|\bfumee\b|\bodeur de brule\b",
        r"\bbrul(?:e|ee|es|ure|ures|er|ant)\b|\bfondu\b",
        r"\bdecharge electrique\b|\betincelles?\b|\bexplos\w*",
        r"\bsurchauff\w*|\bblesse\w*|\bblessure\w*|\betouff\w*|\bdangereu\w*",
        # de
        r"\bfeuer\b|\bbrand(?:geruch|gefahr|stelle|flecken)\b|\bin brand\b|\bbrennt\b|\bflamme\w*",
        r"\b(?:rauch|raucht|rauchte|qualmt?)\b|\bverbrannt\w*|\bverbrennung\w*",
        r"\bverschmort\w*|\bgeschmolzen\b|\bstromschlag\w*|\bfunken\w*|\bexplodiert\w*",
        r"\buberhitz\w*|\bverletz\w*|\berstick\w*|\bverschluck\w*|\bgefahrlich\w*",
        # it
        r"\bfuoco\b|\bfiamm\w*|\bfumo\b|\bbruciat\w*|\bscintill\w*|\besplo\w*|\bsurriscald\w*"
        r"|\bscossa\b|\bferit[oa]\b|\bpericolos\w*|\bustion\w*",
        # pt
        r"\bfogo\b|\bchamas?\b|\bfumo\b|\bfumaca\b|\bqueimad\w*|\bqueimou\b|\bfaisca\w*"
        r"|\bexplodi\w*|\bsobreaquec\w*|\bchoque eletrico\b|\bferid[oa]s?\b|\bperigos\w*",
        # nl
        r"\bvlam\w*|\brook\b|\brookt\b|\bverbrand\w*|\bvonk\w*|\bontplof\w*|\boververhit\w*"
        r"|\bstroomstoot\b|\bschok gekregen\b|\bgewond\b|\bgevaarlijk\w*",
        # glass and ceramics that break apart in use cut people
        r"\bshatter\w*|\bglass (?:everywhere|all over)\b|\bshards?\b",
        r"\bestall(?:o|ado|ada|aron)\b|\bhecho anicos\b|\beclat(?:e|ee|es|ees)\b|\ben mille morceaux\b",
        r"\bzersprungen\b|\bzerborsten\b|\bsplitter\w*|\bgeplatzt\b",
        # allergic reactions, short circuits and shocks, in every language
        r"\banaphyla\w*|\bshort circuit\w*|\bshorted out\b|\bchoking hazard\b",
        r"\breaccion alergica\b|\bcortocircuito\b|\b(?:me|le) (?:dio|da) (?:la )?corriente\b|\bse calento\b.{0,20}\b(?:mucho|muchisimo)\b",
        r"\breaction allergique\b|\bcourt ?circuit\b|\bchauffe (?:enormement|beaucoup trop|anormalement)\b|\bbrulure\w*",
        r"\ballergische reaktion\b|\bkurzschluss\b|\bwird (?:extrem|sehr|viel zu|gluhend) heiss\b|\bbrandblase\w*",
        r"\breazione allergica\b|\bsoffoc\w*|\bscottat\w*|\bscotta (?:tantissimo|troppo)\b|\bha preso fuoco\b",
        r"\breacao alergica\b|\bcurto ?circuito\b|\bengasg\w*|\bsufoc\w*|\bsuperaquec\w*"
        r"|\b(?:levei|leva|deu|dava|apanhei) (?:um )?choque\b|\baquece (?:muito|demais)\b",
        r"\ballergische reactie\b|\bkortsluiting\b|\bverstik\w*|\bbrandwond\w*|\bin brand\b|\been schok\b"
        r"|\bwordt (?:heel |erg |veel te )?heet\b|\bletsel\b",
    ]
)


# Where a cue word is harmless: slang, colours, sales talk, a question about a scam.
HARMLESS = _any(
    [
        r"\bhot (?:deal|deals|offer|price|sale|item|seller|pick)s?\b|\b(?:deal|price|offer)s? (?:is|are) hot\b",
        r"\b(?:is|are|was|looks|look|so|straight|pure|lowkey) (?:straight |so |lowkey |absolutely )?fire\b"
        r"|\bfire (?:sale|deal|price|fit|drop)s?\b|\bon fire (?:sale|deal)s?\b",
        r"\bsmoke[ds]? (?:grey|gray|glass|blue|tint\w*|colou?r\w*|finish|effect)\b|\bsmoky (?:grey|gray|quartz|eye)\b",
        r"\bburnt (?:orange|sienna|umber|sugar|caramel)\b|\bburning (?:question|desire)\b",
        r"\bexplosive (?:sale|offer|deal|discount|price|growth)s?\b|\bprices? (?:exploded|explosion)\b",
        r"\b(?:killer|insane|crazy|toxic) (?:deal|price|offer)s?\b|\bdeal (?:is )?(?:killer|insane)\b",
        r"\b(?:got|get|gave|give) (?:me )?(?:a |quite a )?(?:\w+ )?shock (?:when|at|to see|seeing)\b",
        r"\bis (?:this|it|that) (?:really )?(?:a )?(?:scam|fraud|phishing|fake)\b|\bes (?:esto )?una estafa\b"
        r"|\best ?ce (?:une )?arnaque\b|\bist das (?:ein )?betrug\b|\be una truffa\b|\be (?:uma )?burla\b"
        r"|\bis dit oplichting\b",
        r"\bfraud (?:protection|prevention|check)\b|\bagainst fraud\b",
        r"\bhackers? (?:news|space|conference)\b|\blife ?hack\w*",
        r"\bmelt(?:s|ing)? in (?:your|the|my) mouth\b|\bfeuer und flamme\b",
    ]
)


def harmless_spans(text: str) -> list[tuple[int, int]]:
    return [match.span() for match in HARMLESS.finditer(text)]


def reported(pattern: re.Pattern[str], text: str) -> bool:
    """True when the pattern occurs outside every HARMLESS phrase."""
    matches = list(pattern.finditer(text))
    if not matches:
        return False
    spans = harmless_spans(text)
    return any(not any(low <= match.start() < high for low, high in spans) for match in matches)
