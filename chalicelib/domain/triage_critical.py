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

from collections.abc import Sequence

from chalicelib.domain import triage_fraud_pairs as pairs
from chalicelib.domain import triage_hazards as hazards
from chalicelib.domain import triage_rules as rules
from chalicelib.domain.triage_patterns import Cues
from chalicelib.domain.triage_rules import any_of as _any

FRAUD = _any(
    [
        r"\bfraud\w*",
        r"\bscam(?:med|mer|mers)?\b",
        r"\bunauthori[sz]ed\b",
        r"\b(?:unrecogni[sz]ed|unknown|unfamiliar) (?:charge|payment|transaction|debit|purchase|order)s?\b",
        r"\b(?:charge|payment|transaction|purchase)s? (?:that |which )?i (?:did not|didnt|never) "
        r"(?:make|authori[sz]e|place)",
        r"\bi (?:did not|didnt|never) (?:make|authori[sz]e) (?:this|these|that|the|those) "
        r"(?:charge|payment|transaction|purchase)",
        r"\bcharge ?back\w*",
        r"\bsuspicious (?:payments?|charges?|transactions?|debits?|purchases?)\b|\b(?:bank|card issuer|card company)\b (?:\w+ ){0,3}"
        r"(?:notified|alerted|warned|called) (?:me )?(?:of|about) (?:suspicious|unusual|fraudulent)\b"
        r"|\b(?:jemand|someone|somebody|alguien|quelqu ?un|qualcuno|alguem|iemand)\b.{0,30}\b(?:mit meinen daten|with my"
        r" (?:details|data|name)|con mis datos|avec mes (?:coordonnees|donnees)|con i miei dati|com os meus dados|met mijn"
        r" gegevens)\b",
        r"\b(?:opened|created|made|set up) an account (?:with you |on your (?:site|website|shop) )?in my name\b|\bidentity"
        r" (?:has been |was |got )?stolen\b|\bstole my identity\b|\busurpation d ?identite\b|\bsuplantacion de identidad\b"
        r"|\bfurto d ?identita\b|\broubo de identidade\b|\bidentiteits(?:fraude|diefstal)\b|\bidentitatsdiebstahl\b",
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
        # phishing in the shop's name, in every language
        r"\b(?:pretend\w*|claim\w*|posing|pose|passing (?:themselves )?off) (?:to be |as )?(?:from |with )?(?:you|your)\b"
        r"|\blooks? like (?:its |it is |it was |it came )?from (?:you|your)\b|\bcopycat\b|\bsmishing\b|\bimpersonat\w*"
        r"|\bfake (?:version|copy|account|profile|page|clone) of (?:your|the) (?:shop|store|site|website|brand|company)\b"
        r"|\b(?:said|saying|says|claimed|claiming) (?:they|he|she|it) (?:was|were|are|is) (?:from |with )?(?:you|your)\b"
        r"|\bcard (?:details |number |info\w* )?(?:were|was|got|have been|has been) (?:nicked|stolen|hacked|compromised"
        r"|leaked|skimmed|cloned)\b|\bpaypal\b.{0,30}\bkonflikt|\bkonflikt\w* (?:bei|mit|uber) paypal\b"
        r"|\bcontestazione (?:con|su|a|presso|alla|tramite) (?:la |il )?(?:banca|paypal)\b|\baperto (?:una )?(?:contestazione"
        r"|controversia|disputa)\b"
        r"|\bfake (?:website|site|shop|store|email|e-mail|invoice|text|sms|message|page|call|support)s?\b"
        r"|\b(?:e-?mail|mail|sms|text|message|call|site|website|page|letter)s? (?:\w+ ){0,3}in your name\b",
        r"\bhaciendo(?:se)? pasar por\b|\bhaciendose pasar\b|\b(?:a|en) (?:vuestro|su) nombre\b|\b(?:correo|sms|web|pagina)"
        r" fals[oa]\b|\bse faisant passer\b|\b(?:a|en) votre nom\b|\bfaux (?:mail|e-?mail|sms|site|message)\b"
        r"|\bgefalscht\w* (?:e-?mail|mail|sms|nachricht|webseite|website|seite|rechnung)\b|\bin (?:ihrem|eurem) namen\b"
        r"|\b(?:e-?mail|mail|sms|messaggio|sito) fals[oa]\b|\bfals[oa] (?:e-?mail|mail|sms|messaggio|sito)\b"
        r"|\ba (?:vostro nome|nome vostro)\b|\bspacciando\w*|\b(?:e-?mail|sms|site|mensagem) fals[oa]\b|\bem (?:vosso|seu) nome\b|\bem nome (?:de|da|do) (?:voces|vcs|vos|loja|empresa)\b"
        r"|\bfaz(?:endo|er)-?se passar\b|\bnep ?(?:mail|e-?mail|sms|site|website|bericht)\b|\bvalse (?:mail|e-?mail|sms"
        r"|site|website)\b|\buit (?:jullie|uw) naam\b|\bnamens jullie\b",
        # the customer has gone to the bank, the card issuer or PayPal to get the money back
        r"\b(?:asked|asking|ask|told|contacted|called|going to|will|have|ve|had|getting) (?:my |the )?(?:bank|card issuer"
        r"|credit card company|card company|card provider|paypal|amex|visa)\b.{0,30}\b(?:revers\w*|disput\w*"
        r"|investigat\w*|chargeback|charge back|refund\w*|recover|get (?:my|the) money back|block|cancel)",
        r"\b(?:open\w*|fil\w*|rais\w*|start\w*|submit\w*|made|make) (?:a |an )?(?:case|claim|dispute|complaint) (?:with|through"
        r"|via|on|at|to) (?:my |the )?(?:bank|paypal|card|credit card|amex|american express|visa|mastercard|klarna"
        r"|card issuer)\b|\bdisput\w* (?:this |it |the (?:charge|payment|transaction) )?(?:with|through|via) (?:my |the )?"
        r"(?:bank|paypal|card|credit card|amex|american express|visa|mastercard|card issuer)\b"
        r"|\breported (?:this|it) to my bank\b|\breclam\w* (?:el |este )?(?:cargo|cobro|pago)? ?(?:a|al|con|ante) (?:mi |el )?banco\b"
        r"|\b(?:bank|credit card company|card issuer|card company|paypal) (?:is|are) (?:now )?(?:investigat\w*|disput\w*"
        r"|revers\w*|looking into)|\bsection 75\b|\b(?:bank|card issuer|paypal|credit card company|card company) (?:has|have"
        r"|is|will) (?:\w+ ){0,3}(?:refund\w*|claim\w*|recover\w*|reclaim\w*|opened|filed|raised|started) (?:a |an |the )?"
        r"(?:claim|case|dispute|money|me|it)\b",
        r"\b(?:bank|card issuer|card company|credit card company|paypal|visa|mastercard|amex)\b (?:is |are |has |have |will"
        r" be |s )?(?:pulling|clawing|taking|getting|claiming) (?:the |my |our )?(?:money|payment|funds|it) back\b",
        r"\b(?:money|refund|it|payment) back (?:through|via|from|with) (?:my |the )?(?:bank|credit card company|card company"
        r"|card issuer|card provider|paypal|amex|american express|visa|mastercard|klarna)\b|\bdisput\w* (?:\S+ ){0,3}(?:with"
        r"|through|via) (?:my |the )?(?:bank|paypal|card|credit card|amex|american express|visa|mastercard|card issuer"
        r"|klarna)\b|\bfiled (?:the |a )?(?:paperwork|claim|dispute|form) with (?:them|my bank|the bank|paypal|amex|visa"
        r"|my card)\b",
        r"\bretroces\w*|\bbanco\b.{0,40}\b(?:devolucion|anulacion) del (?:cargo|cobro|pago)\b",
        r"\b(?:pedido|pedi|dicho|dije|avisado|reclamado) (?:a|al) (?:mi )?banco\b.{0,30}\b(?:devuelva|devolver|retroceda"
        r"|anule|anular|bloque|reclam|disput)\w*|\b(?:reclamacion|disputa|caso) (?:en|con|a|ante) (?:paypal|el banco|mi banco)\b",
        r"\b(?:demande|dit|signale|contacte) a (?:ma|la) banque\b.{0,40}\b(?:rembours|contest|annul|oppos|bloqu)\w*"
        r"|\bcontestation (?:en cours|aupres|bancaire|de paiement|du paiement|du prelevement)\b"
        r"|\b(?:litige|reclamation) (?:sur|aupres de|avec) (?:paypal|ma banque)\b",
        r"\blastschrift\b.{0,40}\b(?:zuruck\w*|widerspr\w*|widerruf\w*|storn\w*)|\bbank\b.{0,40}\b(?:zuruckbuch\w*"
        r"|zuruckhol\w*|zuruckgeh\w*|storn\w*|reklam\w*|widerspr\w*)|\bkauferschutz\b",
        r"\bbanca\b.{0,40}\b(?:storn\w*|contest\w*|disconosc\w*)|\bdisconoscimento\b",
        r"\bbanco\b.{0,40}\b(?:estorn\w*|contest\w*|reclam\w*)|\bestorn\w*\b.{0,30}\bbanco\b|\bdisputa (?:no|com o) paypal\b",
        r"\bbank\b.{0,40}\b(?:terugboek\w*|terugdraai\w*|storneer\w*|betwist\w*)|\b(?:laten|laat) terugboeken\b"
        r"|\bterugboeken via\b",
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
        r"changed\b.{0,60}\b(?:wasnt me|was not me|not me|i didnt|i did not|without|(?:wasnt|was not|not) by me)\b",
        r"\b(?:login|log-in|sign-in|sign in) (?:alert|attempt|notification)s? from\b|\b(?:logins?|log-ins?|sign-ins?"
        r"|sessions?) (?:\w+ ){0,4}in my (?:activity|account activity|login history|security|history)\b|\b(?:logins?|log-ins?"
        r"|sign-ins?) from (?:abroad|overseas|another country|other countries|countries)\b",
        r"\b(?:stole|stolen|rubato|rubata|robado|robada|vole|volee|geklaut|gestohlen|roubaram|roubada|roubado|gestolen)"
        r" (?:my |mi |il mio |mon |mein |a minha |mijn |la |l |o |het )?(?:account|profile|cuenta|compte|konto|profilo|conta)\b"
        r"|\b(?:ordini|pedidos|commandes|bestellungen|encomendas|bestellingen) (?:non miei|que no son mios|qui ne sont pas"
        r" (?:a )?moi|die nicht von mir sind|que nao sao meus|die niet van mij zijn)\b",
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
        r"\bnew (?:device|phone|computer|login)\b.{0,30}\b(?:signed|logged|login|log in|sign in)\b(?! on a new)|\b(?:reset"
        r"|changed) by (?:someone|somebody) else\b|\bbroken into\b|\baccount (?:is )?(?:gehackt|overgenomen)\b|\bonbekend apparaat\b|\bwas ik niet\b|\bwas niet ik\b"
        r"|\bcompte (?:a ete )?usurpe\b|\bkonto (?:wurde )?geknackt\b|\baccounts? (?:has |have |s )?(?:been |was |got |is )?"
        r"compromised\b",
        r"\b(?:codes?|emails?|texts?|alerts?|notifications?|password resets?)\b.{0,25}\b(?:i|we) (?:didnt|did not|never"
        r"|havent|have not) (?:ask|request|trigger)\w*",
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
        r"\bfraud (?:protection|prevention|checks?|team|department|dept|screening|filter|system)\b|\bagainst fraud\b",
        r"\bhackers? (?:news|space|conference)\b|\blife ?hack\w*",
        r"\bmelt(?:s|ing)? in (?:your|the|my) mouth\b|\bfeuer und flamme\b",
        r"\b(?:gris|grigio|cinzento|cinza) (?:humo|fumee|fumo)\b|\brauchgrau\b|\b(?:smells? (?:of |like )?)?smoke (?:and|&) \w+|\bnotes? of smoke\b"
        r"|\bsmoked (?:salmon|ham|cheese|paprika|glass|oak)\b|\bsmoke machine\b",
        r"\bburn\w* (?:a )?hole in (?:my|your|the) (?:wallet|pocket)\b|\bfire (?:off|away)\b|\bflash (?:sale|deal)s?\b"
        r"|\bburn(?:t|ed|s|ing)? (?:the |my |a )?(?:toast|crust|bread|rice|cake|dinner|sugar|pizza)\b"
        r"|\b(?:toast|crust|bread|cake)s? (?:\w+ ){0,3}burnt\b|\bbrul\w* (?:un peu )?(?:trop )?(?:le |les )?(?:pain|toasts?|tartines?)\b",
        r"\b(?:shipping|delivery|postage|prices?|fees?|versandkosten|porto|preise?|frais|spese|portes|envio"
        r"|verzendkosten)\b.{0,25}\b(?:fraud\w*|betrug|arnaque|truffa|estafa|robo|vol|furto|roubo|diefstal|scam)"
        r"|\bfraud-?(?:level|like|tier)\b",
        r"\bflame[- ]?effect(?: \w+)?|\b(?:electric|gas|fake|faux|artificial) (?:fire|flames?)\b|\bfire ?(?:blankets?|pits?|guards?"
        r"|resistant|proof|retardant|safe|bowls?|bricks?)\b|\bflame ?(?:resistant|retardant|proof)\b",
        r"\bburn\w* (?:a |the |his |her |my |some )?(?:cds?|dvds?|discs?|disks?|cd collection|music|files?)\b|"
        r"\brash (?:decision|purchase|choice)\b|\bblood (?:pressure|sugar|glucose|orange|type)\b|\brotten (?:luck|service)\b",
        r"\b(?:suspected|possible|potential|flagged (?:as|for)|(?:fraud|security) (?:check|filter|alert)s?)\W+(?:\w+ ){0,2}fraud\w*"
        r"|\bfraud (?:check|filter|alert|screening)s? (?:\w+ ){0,3}(?:cancel\w*|block\w*|flag\w*|declin\w*|held|stopp\w*)\b"
        r"|\b(?:not|never|wasnt|wasn t|was not|isnt|is not) (?:been )?hack(?:ed|er)\w*|\b(?:from|against|protect\w* \w+ from)"
        r" (?:hackers?|hacking|fraud\w*)\b|\b(?:read|heard|seen|reviews?|people)\b (?:\w+ ){0,5}(?:say|saying|that|about)"
        r" (?:\w+ ){0,4}(?:overheat\w*|catch\w* fire|explod\w*|burn\w*|smok\w*)",
        r"\b(?:campfire|wood|bonfire|fireside) smoke\b|\bsmoke (?:candle|scent|fragrance|incense)s?\b|\b(?:detector|detecteur"
        r"|rilevatore|detetor) de (?:humo|fumee|fumo)\b|\brauchmelder\b|\brilevatore di fumo\b|\brookmelder\b|\bsmoke"
        r" (?:alarm|detector)s?\b|\b(?:fraud|security) (?:block|hold|flag|freeze)s? on (?:my|our) (?:own )?card\b"
        r"|\bthought (?:my )?(?:\w+ ){0,2}(?:was|had been|got|been) hack\w*",
        # a person smoking is rude, not a fire
        r"\b(?:he|she|they|someone|somebody|guy|man|woman|driver|courier|staff|people|employees?|workers?|delivery \w+)\b"
        r" (?:\w+ ){0,2}(?:was|were|is|are|been|kept|keeps|started|sat|stood) smoking\b",
        # a new customer, not a disowned order: "we haven't ordered from you before"
        r"\b(?:i|we) (?:havent|have not|never) (?:\w+ ){0,2}(?:ordered|placed|bought|purchased|shopped)\b(?: \w+){0,5}"
        r" (?:before|yet|previously|in the past)\b",
    ]
)


def harmless_spans(text: str) -> list[tuple[int, int]]:
    return [match.span() for match in HARMLESS.finditer(text)]


def reported(pattern: Cues, text: str) -> bool:
    """True when the pattern occurs outside every HARMLESS phrase."""
    matches = list(pattern.finditer(text))
    if not matches:
        return False
    spans = harmless_spans(text)
    return any(not any(low <= match.start() < high for low, high in spans) for match in matches)


def _near(first: Cues, second: Cues, text: str, window: int,
          harmless: Sequence[tuple[int, int]]) -> bool:
    """A cue of `second` outside `harmless` within `window` characters of one of `first`."""
    starts = [match.start() for match in second.finditer(text)
              if not any(low <= match.start() < high for low, high in harmless)]
    if not starts:
        return False
    return any(abs(start - match.start()) <= window for match in first.finditer(text) for start in starts)


def _outside(pattern: Cues, text: str, harmless: Sequence[tuple[int, int]]) -> bool:
    return any(not any(low <= match.start() < high for low, high in harmless) for match in pattern.finditer(text))


def fraud_reported(text: str, harmless: Sequence[tuple[int, int]] | None = None) -> bool:
    """Money taken without consent, a phishing message in the shop's name, or a bank dispute."""
    spans = harmless_spans(text) if harmless is None else harmless
    if _outside(FRAUD, text, spans):
        return True
    return pairs.GATE.search(text) is not None and (
        _near(pairs.MONEY, pairs.DISOWNED, text, 80, spans)
        or _near(pairs.TAKEN, pairs.NOT_BOUGHT, text, 100, spans)
        or _near(pairs.FROM_SHOP, pairs.CREDENTIALS_ASKED, text, 120, ())
        or (
            _near(pairs.LURE, pairs.CREDENTIALS_ASKED, text, 80, spans)
            and (next(rules.reported_nearby(pairs.PHISHING_SIGN, text, spans), None) is not None
                 or pairs.SCAM_QUESTION.search(text) is not None)
        )
    )


def takeover_reported(text: str, harmless: Sequence[tuple[int, int]] | None = None) -> bool:
    """Someone else has control of the customer's account."""
    spans = harmless_spans(text) if harmless is None else harmless
    if _outside(ACCOUNT_TAKEOVER, text, spans):
        return True
    return pairs.GATE.search(text) is not None and _near(pairs.ACCOUNT, pairs.INTRUSION, text, 80, spans)


def danger_reported(text: str, harmless: Sequence[tuple[int, int]] | None = None) -> bool:
    """Danger to people (triage_hazards), outside the HARMLESS phrases."""
    return hazards.danger_reported(text, harmless_spans(text) if harmless is None else harmless)
