"""Hand-written rules the triage model cannot be trusted with: urgency and sharp signals.

Patterns run on `triage_text.normalise` output (lower case, accents folded: "brûlé" ->
"brule", "überhitzt" -> "uberhitzt"), in English, Spanish, French and German. A model
trained on a few thousand examples may miss a rare "the charger sparked", and missing it
costs far more than a false alarm, hence rules rather than features.
"""

from __future__ import annotations

import re
from collections.abc import Iterable


def _any(patterns: Iterable[str]) -> re.Pattern[str]:
    # Every alternative starts at a word boundary; saying so up front, with a letter
    # lookahead, lets the regex engine skip most positions cheaply (about 1.6x faster).
    return re.compile(r"\b(?=[a-z0-9])(?:" + "|".join(f"(?:{p})" for p in patterns) + ")")


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
        r"\b(?:stopped|not|isnt|doesnt) (?:cooling|freezing)\b.{0,60}\b(?:food|insulin|medicine|medication)\b",
        r"\bfrenos? (?:fallan|fallaron|no funcionan)\b|\bfreins? (?:ne marchent|lache)\w*|\bbremsen? versag\w*",
        r"\b(?:hazard|hazardous|dangerous|unsafe)\b",
        r"\b(?:completely|totally|entirely|utterly) (?:dead|unusable)\b|\bdead on arrival\b",
        r"\bstopped working (?:completely|entirely|altogether)\b",
        # es
        r"\bfuego\b|\bincendi\w*|\bllamas\b|\bhumo\b|\bolor a quemado\b",
        r"\bquem(?:o|ado|ada|adura|aduras|e)\b|\bderreti\w*",
        r"\bdescarga electrica\b|\bcalambre\b|\bchispa\w*|\bexplot\w*|\bexplosion\b",
        r"\bsobrecalent\w*|\bse calienta (?:muchisimo|demasiado)\b",
        r"\bherid[oa]s?\b|\blesion\w*|\basfixi\w*|\batragant\w*|\bpeligros\w*",
        r"\b(?:completamente|totalmente) (?:muert[oa]|inservible)\b",
        # fr
        r"\bfeu\b|\bincendie\b|\bflammes?\b|\bfumee\b|\bodeur de brule\b",
        r"\bbrul(?:e|ee|es|ure|ures|er|ant)\b|\bfondu\b",
        r"\bdecharge electrique\b|\betincelles?\b|\bexplos\w*",
        r"\bsurchauff\w*|\bblesse\w*|\bblessure\w*|\betouff\w*|\bdangereu\w*",
        r"\b(?:completement|totalement) (?:mort|hs|inutilisable)\b",
        # de
        r"\bfeuer\b|\bbrand(?:geruch|gefahr|stelle|flecken)\b|\bin brand\b|\bbrennt\b|\bflamme\w*",
        r"\b(?:rauch|raucht|rauchte|qualmt?)\b|\bverbrannt\w*|\bverbrennung\w*",
        r"\bverschmort\w*|\bgeschmolzen\b|\bstromschlag\w*|\bfunken\w*|\bexplodiert\w*",
        r"\buberhitz\w*|\bverletz\w*|\berstick\w*|\bverschluck\w*|\bgefahrlich\w*",
        r"\b(?:komplett|vollig|total) tot\b",
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
    ]
)

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

ANGRY = _any(
    [
        r"\b(?:angry|furious|disgust\w*|unacceptable|ridiculous|appalling|terrible|awful|horrible"
        r"|worst|outrage\w*|disgrace\w*|rude|pathetic|fed up|never again|formal complaint"
        r"|unhappy|livid|shameful|incompetent\w*|shocking|let down|no apology"
        r"|expected (?:much )?better)\b",
        r"\b(?:molest[oa]|enfadad[oa]|indignad[oa]|verguenza|inaceptable|pesim\w*|harto|harta)\b",
        r"\b(?:furieux|furieuse|inadmissible|inacceptable|honteux|scandaleu\w*|lamentable"
        r"|mecontent\w*|plainte)\b",
        r"\b(?:verargert|wutend|unverschamt\w*|inakzeptabel|frechheit|katastroph\w*|beschwerde"
        r"|unzufrieden|skandal\w*)\b",
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
    r"|nobody|no one|none|neither|nor|wasnt|isnt|didnt|doesnt|werent|hasnt|havent|sin|ningun\w*|nadie|ni|pas|aucun\w*|sans|personne|kein\w*|ohne|nicht"
    r"|niemand)\b"
)
_CLAUSE_BREAK = re.compile(r"[.!?;\n]|\b(?:but|pero|mais|aber|however|sino)\b")
_NEGATION_WINDOW = 40


def _negated(text: str, start: int) -> bool:
    before = text[max(0, start - _NEGATION_WINDOW) : start]
    breaks = list(_CLAUSE_BREAK.finditer(before))
    if breaks:
        before = before[breaks[-1].end() :]
    return _NEGATOR.search(before) is not None


# "If it overheats", "in case of fire": a question before buying, not a report of a hazard.
_HYPOTHETICAL = re.compile(
    r"\b(?:if|in case|whether|en caso de|au cas ou|falls|im falle|nel caso|em caso de|in geval)\b"
)


def _hypothetical(text: str, start: int) -> bool:
    before = text[max(0, start - _NEGATION_WINDOW) : start]
    breaks = list(_CLAUSE_BREAK.finditer(before))
    if breaks:
        before = before[breaks[-1].end() :]
    return _HYPOTHETICAL.search(before) is not None


def affirmed(pattern: re.Pattern[str], text: str, reported: bool = False) -> bool:
    """True when the pattern occurs at least once without a negation just before it; with
    `reported`, also not as a condition ("if it overheats")."""
    return any(
        not _negated(text, match.start()) and not (reported and _hypothetical(text, match.start()))
        for match in pattern.finditer(text)
    )


# The customer says it cannot wait. "Not urgent" is CALM, checked first; a negator just
# before ("no urgency", "nicht dringend") cancels the cue through `affirmed`.
URGENT = _any(
    [
        r"\burgent(?:ly)?\b|\basap\b|\bas soon as possible\b|\bimmediately\b|\bright away\b"
        r"|\bemergency\b|\btime[- ]sensitive\b|\bcant wait\b|\bcannot wait\b|\bneed (?:it|this|them)"
        r" (?:by|before) (?:tomorrow|today|tonight|friday|monday|the weekend)\b|\bdeadline\b",
        # es, it, pt share "urgente"
        r"\burgente\w*|\burgencia\b|\bcuanto antes\b|\blo antes posible\b|\binmediatamente\b"
        r"|\bde inmediato\b",
        r"\bau plus vite\b|\bdes que possible\b|\bimmediatement\b|\bau plus tot\b|\bd urgence\b",
        r"\bdringend\w*|\beilig\b|\bsofort\b|\bschnellstmoglich\b|\bso schnell wie moglich\b|\beilt\b",
        r"\bal piu presto\b|\bsubito\b|\bimmediatamente\b|\bil prima possibile\b",
        r"\bo mais rapido possivel\b|\bimediatamente\b|\bquanto antes\b|\bcom urgencia\b",
        r"\bspoed\w*|\bzo snel mogelijk\b|\bmeteen\b|\bper direct\b|\bz\.?s\.?m\.?\b",
    ]
)

CALM = _any(
    [
        r"\b(?:not|isnt|nothing|no) (?:very |too |that |so |at all )?urgent\b|\bno (?:rush|hurry)\b"
        r"|\bnot in a (?:rush|hurry)\b|\bin your own time\b|\bwhenever (?:you|its|it is) "
        r"(?:can|get|have|convenient|a chance)\b|\blow priority\b|\bno big deal\b"
        r"|\bwhen you (?:get|have) (?:a )?(?:chance|moment|minute|time)\b|\bno pressure\b",
        r"\bno es urgente\b|\bsin prisa\b|\bno (?:hay|tengo) prisa\b|\bnada urgente\b"
        r"|\bcuando (?:podais|puedan|pueda|tengais tiempo)\b",
        r"\b(?:pas|rien d ?) ?urgent\b|\bsans urgence\b|\bpas presse\b|\brien ne presse\b"
        r"|\bquand vous (?:aurez|avez) (?:le )?temps\b",
        r"\bnicht (?:so |sehr )?dringend\b|\bkeine eile\b|\beilt nicht\b|\bwenn sie zeit haben\b"
        r"|\bin ruhe\b",
        r"\bnon (?:e |ce )?urgente\b|\bnessuna fretta\b|\bcon calma\b|\bquando potete\b",
        r"\bnao (?:e )?urgente\b|\bsem pressa\b|\bquando (?:puderem|possivel|tiverem tempo)\b",
        r"\bniet (?:zo |heel )?dringend\b|\bgeen (?:haast|spoed)\b|\bals jullie tijd hebben\b",
    ]
)

# A customer writing again about the same thing: the desk has already kept them waiting.
CHASING = _any(
    [
        r"\b(?:second|third|fourth|fifth|\d+(?:st|nd|rd|th)?) time (?:i|im|i am|ive|i have) "
        r"(?:writ|contact|email|call|ask)\w*|\bstill (?:no|not had an?|havent had an?) "
        r"(?:answer|reply|response)\b|\bno (?:one|body) (?:has )?(?:replied|answered|got back)\b",
        r"\bya (?:es|van) la (?:segunda|tercera) vez\b|\bsigo sin respuesta\b",
        r"\b(?:deuxieme|troisieme) fois que\b|\btoujours (?:pas de|aucune) reponse\b",
        r"\b(?:zweite|dritte)n? mal\b|\bimmer noch keine antwort\b",
        r"\b(?:seconda|terza) volta che\b|\bancora nessuna risposta\b",
        r"\b(?:segunda|terceira) vez que\b|\bainda sem resposta\b",
        r"\b(?:tweede|derde) keer dat\b|\bnog steeds geen (?:antwoord|reactie)\b",
    ]
)
