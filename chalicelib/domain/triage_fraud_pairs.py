"""Fraud, phishing and account takeover told in the customer's own words, for triage_critical:
pairs of concepts that are harmless alone but not close together. A money word and a disowning
phrase ("a payment to you I never made"), an account word and an intrusion ("someone changed my
email"), a message in the shop's name and a request for money or a login. In the seven
languages triage detects; patterns run on `triage_text.normalise` output.
"""

from __future__ import annotations

from chalicelib.domain.triage_patterns import gate
from chalicelib.domain.triage_rules import any_of as _any

# Money taken without consent, told without the words triage_critical.FRAUD knows: a money word and a disowning
# phrase close together ("my bank shows a payment to you I never made").
MONEY = _any(
    [
        r"\b(?:payments?|charges?|charged|billed|paid|spent|deducted|withdrawn|debit\w*|transactions?|purchases?|orders?|withdrawals?|statement|money|amount"
        r"|card|visa|mastercard|amex|paypal|bank|\d+(?:[.,]\d+)? ?(?:eur|euros?|usd|dollars?|pounds?|gbp|quid|bucks))\b",
        r"\b(?:cobros?|cargos?|pagos?|compras?|pedidos?|extracto|tarjeta|adeudo|transaccion|dinero|cobrado|cargado)\b",
        r"\b(?:prelevements?|paiements?|debits?|achats?|commandes?|releve|carte|operation|transaction|argent|debite|preleve)\b",
        r"\b(?:abbuchung\w*|zahlung\w*|lastschrift|belastung|kauf|bestellung\w*|kontoauszug|karte|kreditkarte"
        r"|transaktion|geld|abgebucht|betrag)\b",
        r"\b(?:pagament\w*|addebit\w*|acquist\w*|ordin[ei]|estratto conto|carta|transazion\w*|soldi|importo)\b",
        r"\b(?:cobrancas?|pagamentos?|debitos?|encomendas?|cartao|extrato|transac\w*|dinheiro|valor)\b",
        r"\b(?:afschrijving\w*|betaling\w*|aankoop|bestelling\w*|rekening|kaart|creditcard|transactie\w*|geld"
        r"|afgeschreven|bedrag)\b",
    ]
)
DISOWNED = _any(
    [
        r"\b(?:i|we) (?:never|did not|didnt|have not|havent|never ever) (?:made|make|placed|place|authori[sz]ed?|agreed"
        r"|agree|approved|approve|signed up|gave permission)\b|\bnot (?:me|mine|ours)\b|\b(?:wasnt|was not) (?:me|us)\b"
        r"|\b(?:isnt|is not|arent|are not) (?:mine|ours)\b|\b(?:dont|do not|didnt|did not|cant|cannot|can not)"
        r" recogni[sz]e\b|\bwho (?:is|was|has been) using my\b|\busing my (?:card|name|details|identity|paypal|bank)\b"
        r"|\b(?:someone|somebody|some one|sum ?one|a stranger) (?:else )?(?:has |have )?(?:bought|ordered|used|purchased"
        r"|paid|charged|is using|made|placed)\b|\b(?:someone|somebody|sum ?one|a stranger|strangers)\b (?:\w+ ){0,4}(?:has been"
        r"|have been|is|are|keeps?) (?:ordering|buying|using|spending|shopping)\b|\bclon(?:ed|ing)\b|\bwithout my (?:consent|permission|knowledge"
        r"|authori[sz]ation|approval|say)\b|\bwithout (?:his|her|their|our) (?:knowing|knowledge|consent|permission)\b"
        r"|\bno idea what (?:it|this|that|these|they) (?:is|are|was|were)\b|\bknow nothing about\b|\bnothing to do with me\b|\b(?:i|we) (?:have|had|ve) nothing to do with\b"
        r"|\bnever (?:been to|visited|used|shopped (?:at|with)) (?:your|you)\b|\b(?:sem|sin|sans|senza|ohne|zonder|without)"
        r" (?:my |mi |mon |il mio |o meu |mijn |meine )?(?:autorizacao|autorizacion|autorisation|autorizzazione|autorisierung"
        r"|toestemming|permission|authori[sz]ation|consent)\b|\b(?:have|ve|has|havent|have not) (?:not )?(?:bought|ordered|purchased) anything\b|\bnever heard of (?:you|your)\b"
        r"|\b(?:havent|have not|didnt|did not|never) (?:\w+ ){0,2}(?:ordered|bought|purchased) (?:a thing|anything|nothing)\b|\b(?:i|we) (?:dont|do not"
        r"|never|didnt|did not) (?:even )?(?:have|had|hold|own) an account with (?:you|your)\b|\bnot a customer\b"
        r"|\b(?:i|we) (?:\w+ )?(?:didnt|did not|never) do (?:it|this|that|them)\b|\b(?:i|we) definitely (?:didnt|did not"
        r"|never)\b|\b(?:wasnt|was not|not) (?:done |made )?by (?:me|us)\b",
        r"\b(?:yo )?no (?:hice|he hecho|realice|he realizado|reconozco|autorice|he autorizado)\b|\bno (?:he sido|fui) yo\b"
        r"|\bno es mio\b|\bque no he (?:pedido|comprado|hecho)\b|\bni siquiera tengo cuenta\b|\bsin mi (?:permiso|consentimiento|autorizacion)\b|\balguien (?:ha )?(?:usado|uso|utilizado"
        r"|comprado|pagado)\b|\bclonad\w*",
        r"\bje nai (?:jamais|pas|rien) (?:fait|effectue|passe|autorise|commande|achete)\b|\bque je nai (?:jamais|pas)\b"
        r"|\b(?:cest |c )?pas moi\b|\bce nest pas moi\b|\bsans mon (?:accord|consentement|autorisation)\b"
        r"|\b(?:quelqu ?un|qqn|quelquun) a (?:utilise|pris|commande|achete|paye)\b|\bclonee?\b",
        r"\b(?:die|das|den) ich (?:nie|nicht|niemals) (?:\w+ )?(?:getatigt|gemacht|veranlasst|autorisiert|bestellt"
        r"|gekauft)\b|\bnicht von mir\b|\bnicht ich\b|\bohne mein\w* (?:wissen|zustimmung|erlaubnis)\b"
        r"|\bjemand (?:hat|anderes)\b.{0,30}\b(?:bestellt|gekauft|bezahlt|benutzt|eingekauft|verwendet)\b"
        r"|\bkenne ich nicht\b|\bdie ich nicht kenne\b|\bnichts (?:davon )?weiss\b|\bweiss ich nichts\b|\bist nicht (?:meine?|von mir)\b",
        r"\bche non ho (?:mai )?(?:fatto|effettuato|autorizzato|ordinato|acquistato)\b|\bnon (?:sono stat[oa]|ero) io\b"
        r"|\bsenza (?:il )?mio (?:consenso|permesso)\b|\bqualcuno ha (?:usato|utilizzato|fatto|comprato|pagato)\b"
        r"|\bmai (?:fatto|effettuato|autorizzato|ordinato) da me\b|\bnon (?:fatto|effettuato) da me\b|\bnon e (?:mio|mia)\b",
        r"\bque (?:eu )?nao (?:fiz|efetuei|efectuei|autorizei|reconheco|encomendei|comprei)\b|\bnao fui eu\b"
        r"|\bsem (?:o )?meu (?:consentimento|autorizacao)\b|\balguem (?:usou|utilizou|fez|comprou|pagou)\b"
        r"|\bnao e (?:minha|meu)\b|\bno es (?:mio|mia)\b|\bn ?est pas (?:a )?moi\b|\bsans que je (?:le )?(?:sache|demande)\b",
        r"\bdie ik niet (?:heb )?(?:gedaan|gemaakt|besteld|geautoriseerd|goedgekeurd)\b|\bniet (?:door|van) mij\b"
        r"|\bzonder mijn toestemming\b|\biemand heeft (?:met )?mijn\b|\bherken (?:ik )?niet\b|\bniet herken\w*"
        r"|\bdie ik nooit (?:heb )?(?:gedaan|gemaakt|besteld)\b",
        # "never bought from you" in the other languages: a negation, then buying, a few words apart
        r"\b(?:nobody|no one|noone|none of us)\b(?: \w+){0,4} (?:bought|ordered|purchased|made|placed|used|authori[sz]ed)\b"
        r"|\b(?:she|he|they|my (?:elderly )?(?:mother|mum|mom|father|dad|wife|husband|son|daughter|grandma|grandmother"
        r"|grandfather|grandad|granny|parents))\b (?:\w+ ){0,2}(?:doesnt|does not|dont|do not|never|didnt|did not|cannot|cant)"
        r" (?:even )?(?:use|uses|order|ordered|buy|bought|shop|shopped|go online|know how)\b",
        r"\b(?:someone|somebody|alguien|quelqu ?un|jemand|qualcuno|alguem|iemand)\b (?:\w+ ){0,3}(?:with|con|avec|mit|com|met)"
        r" (?:my|mi|ma|mon|meiner|meine|la mia|il mio|o meu|meu|minha|mijn) (?:card|credit card|debit card|paypal|bank|tarjeta"
        r"|carte|karte|carta|cartao|kaart)\b|\b(?:i|we) (?:didnt|did not|never did)\W*(?:[.!]|$)|\bwhile (?:i|we) (?:was|were) (?:asleep|sleeping|in bed)\b|\bzonder dat ik (?:\w+ ){0,3}(?:besteld|gekocht"
        r"|toestemming)\w*|\bsin (?:haber|que yo haya) (?:\w+ )?(?:pedido|comprado|hecho)\b|\bsans (?:avoir|que jaie)"
        r" (?:rien |quoi que ce soit )?(?:commande|achete)\b|\bohne (?:etwas |was )?(?:bestellt|gekauft) zu haben\b"
        r"|\bsenza (?:aver|avere) (?:\w+ )?(?:ordinato|comprato|acquistato)\b|\bnon ho (?:mai )?(?:fatto|effettuato"
        r"|ordinato|comprato) (?:nessun\w*|niente|nulla)\b|\bsem (?:ter|eu ter) (?:\w+ )?(?:encomendado|comprado|feito)\b",
        r"\b(?:nunca|jamais|nie|niemals|mai|nooit)\b (?:\w+ ){0,3}(?:compr\w*|pedido|achete|commande|bestellt|gekauft"
        r"|comprato|ordinato|encomendei|besteld|gekocht)\b|\bno he comprado nada\b|\bje nai rien achete\b"
        r"|\bnon ho (?:mai )?comprato\b|\bnao comprei nada\b|\bniets (?:bij jullie )?(?:gekocht|besteld)\b",
    ]
)
# Control of the account lost: an account word and an intrusion close together.
ACCOUNT = _any(
    [
        r"\b(?:account|acount|acct|accnt|profile|login|log-?in|password|passwort|e-?mail|email address|phone number|address"
        r"|cuenta|perfil|contrasena|correo|compte|profil|mot de passe|konto|kundenkonto|profilo|conta|wachtwoord)s?\b",
    ]
)
INTRUSION = _any(
    [
        r"\b(?:someones?|somebodys?|some one|sum ?one|some1|a stranger|hackers?) (?:else )?(?:has |have )?(?:got|gotten|get|broke"
        r"|broken|logged|log|is logging|signed|accessed|entered|changed|is using|using|used|been using|took|taken)\b"
        r"|\b(?:i|we) (?:didnt|did not|never) (?:do|did|make|made|change|changed|update|updated|request|requested)"
        r" (?:that|this|it|these|them|any)\b|\b(?:wasnt|was not|not) (?:done )?by me\b"
        r"|\b(?:entraram|mudaram|alteraram|acederam|acessaram|entraron|cambiaron|accedieron|sono entrati|hanno (?:cambiato"
        r"|modificato|usato|fatto accesso)|ont (?:change|modifie|pirate|utilise)|hebben (?:ingelogd|veranderd|gewijzigd))\b"
        r"|\b(?:changed|switched|updated) to (?:someone|somebody) elses\b|\b(?:took|taken|take|preso|pris|tomou|ubernommen) (?:il |le |a |die )?(?:control"
        r"|controllo|controle|kontrolle)\b|\b(?:unbekannte|fremde|jemand)\b (?:\w+ ){0,5}(?:eingeloggt|angemeldet"
        r"|zugegriffen|bestellt)\b|\b(?:utilise|usa|usando|utilizza|gebruikt|benutzt) (?:mon|mi|il mio|a minha|mijn"
        r"|mein)\w* (?:compte|cuenta|account|conta|konto)\b|\bhaked\b|\b(?:and|but) (?:i )?(?:didnt|did not|never) (?:change|changed|update|updated|request|requested) (?:it|that|this)\b|\bcompromised\b|\busurp\w*|\bgeknackt\b|\bgekaapt\b|\bstrangers?\b|\bunknown (?:name|number"
        r"|address|card|device)\b|\bhack\w*|\bhakd\b|\bhijack\w*|\btaken over\b|\btook over\b|\b(?:someone|somebody) (?:has )?reset\b|\b(?:isnt|is not|not) mine any ?more\b|\bno longer mine\b"
        r"|\b(?:changed|reset) (?:my|the) (?:password|email|e-mail|phone|number|details)\b.{0,40}\b(?:not me|wasnt me"
        r"|without|i didnt|i did not|never(?! (?:arriv|came|come|work|sent|receiv|show|got|get|load)))\b|\bi (?:didnt|did not|never) (?:change|request|ask for) (?:it|this|that|the|a)\b",
        r"\b(?:someone|somebody|some one|sum ?one|a stranger|hackers?)(?: else)? (?:is|was|s|has been|have been|got|are)"
        r" (?:(?:logged|signed|getting|got) )?(?:in|into|inside|on)\b|\bkick (?:them|him|her|someone|somebody|the (?:person"
        r"|hacker|intruder|stranger)) (?:out|off)\b|\b(?:knows|has|got|stole|guessed|found out|figured out|cracked|leaked) (?:my|our)"
        r" (?:password|pin|login|log-?in details)\b|\b(?:stuff|things|items|orders?|purchases?|parcels?) (?:that )?(?:i|we) (?:never|didnt|did not) (?:order|ordered"
        r"|buy|bought|place|placed)\b|\bchanged (?:to something|by itself|on its own|to (?:a |an )?(?:random"
        r"|unknown|strange|weird))\b",
        r"\balguien (?:ha )?(?:entrado|entro|accedido|accedio|cambiado|cambio|usado|uso|esta usando)\b"
        r"|\bme han (?:robado|hackeado|jaqueado)\b|\bhan (?:entrado|accedido|cambiado)\b|\bjaque\w*",
        r"\b(?:quelqu ?un|qqn|quelquun) (?:sest |a )?(?:introduit|connecte|entre|accede|change|modifie|utilise|pris)\b"
        r"|\bpirat\w*|\bon a (?:change|modifie|utilise|pirate)\b|\bsans que je (?:le )?(?:sache|demande)\b",
        r"\bjemand (?:hat )?(?:sich )?(?:eingeloggt|angemeldet|zugegriffen|geandert|benutzt|verwendet|reingekommen)\b"
        r"|\bfremde[rn]? (?:zugriff|anmeldung|login)\b|\bjemand (?:anderes |fremdes |fremder )?(?:hat )?zugriff\b",
        r"\bqualcuno (?:e |ha )?(?:entrato|acceduto|cambiato|usato|modificato)\b|\bviolat\w*",
        r"\balguem (?:entrou|acedeu|acessou|mudou|alterou|usou)\b|\binvadi\w*",
        r"\biemand (?:is |heeft )?(?:in|ingelogd|toegang|veranderd|gewijzigd|gebruikt)\b|\bovergenomen\b",
    ]
)
# A message sent in the shop's name that asks for what only the customer should know.
LURE = _any([r"\b(?:e-?mail|mail|text|texted|emailed|messaged|sms|message|call|rang|phoned|called|link|facebook"
              r"|instagram|agent|telegram|dm|dmd|website|site|page|whatsapp|correo|llamada"
              r"|appel|anruf|nachricht|messaggio|chiamata|mensagem|chamada|bericht|telefoontje)s?\b"])
CREDENTIALS_ASKED = _any(
    [
        r"\b(?:ask|request|want|confirm|enter|verify|update|give|type|pidi|pedi|demand|frag|verlang|chied|vroeg|vraag)\w*\b"
        r".{0,40}\b(?:card|details|code|password|pin|datos|tarjeta|carte|kartendaten|carta|cartao|pincode|wachtwoord"
        r"|contrasena|mot de passe|codigo|codice|iban|passwort|login|online banking|security code)\b"
        r"|\b(?:put|entered|typed|gave|sent|shared) (?:in )?(?:him |her |them )?(?:my |our )?(?:bank |card |login )?(?:details"
        r"|code|password|pin|login)\b|\b(?:pay|paid)\b.{0,30}\b(?:through|via|using|on|by)"
        r" (?:a|the|this) link\b|\bto pay (?:a |the |an )?(?:\w+ )?(?:fee|charge|amount|customs|duty|\d)|\b(?:link|lien|enlace|collegamento|ligacao)\b.{0,30}\b(?:pay|bezahl\w*|pagar|payer|pagare|betalen)\b"
        r"|\b(?:to )?pay\b.{0,12}\d|\blog ?in (?:at|on|via|through|here)\b|\bunless (?:i|you|we) (?:log ?in|sign ?in|verify|confirm"
        r"|update)\b|\b(?:pix|bizum|crypto|bitcoin)\b",
    ]
)

# ...and shows it is not the shop's: the customer found it odd or was taken in (paid, typed a
# code). Asking whether it is real counts too (SCAM_QUESTION below), with a lure asking for money
# or a login.
PHISHING_SIGN = _any(
    [
        r"\b(?:weird|strange|suspicious|dodgy|odd|sketchy|fake|bogus|raro|extrano|sospechos\w*|bizarre|suspect\w*"
        r"|seltsam\w*|verdachtig\w*|strano|sospett\w*|estranho|suspeit\w*|vreemd\w*|raar)\b|\bi (?:paid|gave|entered"
        r"|typed|clicked|sent|rebook\w*)\b|\b(?:bank login|online banking|security code|cvv|one.?time (?:code|password)|otp"
        r"|pin)\b|\b(?:money|it) (?:is |was |has )?(?:gone|taken|stolen|missing)\b|\bhabe bezahlt\b"
        r"|\bpaguei\b|\bpague\b|\bho pagato\b|\bjai paye\b|\bheb betaald\b|\bangeblich\b",
    ]
)


# A message that says it comes from the shop: asking for money or details in its name is a
# phishing campaign against its customers, critical even when the customer only asks whether
# it is real ("a text from you with a link to pay customs, is this a scam?").
FROM_SHOP = _any(
    [
        r"\b(?:e-?mails?|mails?|texts?|sms|messages?|calls?|whatsapps?|dms?|letters?|links?|correos?|mensajes?|llamadas?"
        r"|appels?|nachrichten?|anrufe?|messaggi[oa]?|chiamat[ae]|mensage(?:m|ns)|chamadas?|berichten?|telefoontjes?)\b"
        r"(?: \S+){0,6} (?:from \W?(?:you|u)\b|from your (?:shop|store|company|team|site|brand|support)\b|de votre part\b"
        r"|de (?:vous|votre (?:boutique|magasin|societe))\b|von (?:ihnen|euch)\b|von (?:ihrem|eurem) (?:shop|laden|team)\b"
        r"|da (?:voi|parte vostra|parte di voi)\b|de (?:voces|vcs|vosotros|ustedes)\b|de vuestra (?:parte|tienda)\b"
        r"|van (?:jullie|u)\b)|\bin your name\b|\bwith your (?:logo|name|branding)\b|\byour logo\b",
    ]
)
# The customer asks whether it is real: with a lure asking for money or a login, it is not.
SCAM_QUESTION = _any([r"\bis (?:this|it|that) (?:a |an )?(?:real|legit\w*|genuine|phishing|scam|fake|from you)\b|\blegit\W*(?:\?|$)"
                       r"|\best ?ce (?:une )?arnaque\b|\bes (?:esto |una )?(?:estafa|timo)\b|\be golpe\b|\bist das (?:echt|betrug)\b"
                       r"|\be una truffa\b|\bis dit (?:echt|oplichting)\b"])

# Money gone from the customer's card or account for something they never ordered.
TAKEN = _any([r"\b(?:taken|debited|withdrawn|deducted|removed|gone|charged|billed) (?:out )?(?:of|from|to|on) (?:my|our)"
               r" (?:card|account|bank|credit card|debit card|paypal|balance|current account)\b"])
NOT_BOUGHT = _any([r"\b(?:i|we) (?:never|didnt|did not|havent|have not) (?:even )?(?:order|ordered|buy|bought|purchase"
                    r"|purchased)\b"])

# The rarer side of each pair below, in one pattern (see triage_hazard_pairs.GATE).
GATE = gate(DISOWNED, INTRUSION, CREDENTIALS_ASKED, NOT_BOUGHT)
