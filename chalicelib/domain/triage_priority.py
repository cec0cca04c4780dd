"""Priority cues in the customer's own words, in the seven languages triage detects: urgency
and deadlines, calm ("no rush", "no need to reply"), chasing, and bulk enquiries from
businesses.

Patterns run on `triage_text.normalise` output (lower case, accents and apostrophes dropped).
The critical cues (fraud, account takeover, danger) are in triage_critical.
"""

from __future__ import annotations

from chalicelib.domain.triage_patterns import any_of as _any

# The customer says it cannot wait, or names the day it is needed by. "Not urgent" is CALM,
# checked first; a negator just before ("no urgency", "nicht dringend") cancels the cue
# through `affirmed`, and NOT_A_DEADLINE phrases ("available to start immediately") do not count.
URGENT = _any(
    [
        r"\burgent(?:ly)?\b|\basap\b|\bas soon as possible\b|\bimmediately\b|\bright away\b"
        r"|\bemergency\b|\btime[- ]sensitive\b|\bcant wait\b|\bcannot wait\b|\bneed (?:it|this|them)"
        r" (?:by|before|for) (?:tomorrow|today|tonight|monday|tuesday|wednesday|thursday|friday|saturday|sunday"
        r"|the weekend|the (?:party|wedding|funeral|trip|flight))\b",
        # goods that spoil while they wait
        r"\bperishable\b|\bchilled (?:food|meat|fish|goods|box)\b|\bperecederos?\b|\bperissables?\b"
        r"|\bverderblich\w*|\bdeperibil\w*|\bperec[ií]ve(?:is|l)\b|\bbederfelijk\w*",
        # es, it, pt share "urgente"
        r"\burgente\w*|\burgencia\b|\bcuanto antes\b|\blo antes posible\b|\binmediatamente\b"
        r"|\bde inmediato\b",
        r"\bau plus vite\b|\bdes que possible\b|\bimmediatement\b|\bau plus tot\b|\bd urgence\b",
        r"\bdringend\w*|\beilig\b|(?<!\bab )\bsofort\b|\bschnellstmoglich\b|\bso schnell wie moglich\b|\beilt\b",
        r"\bal piu presto\b|\bsubito\b|\bimmediatamente\b|\bil prima possibile\b",
        r"\bo mais rapido possivel\b|\bimediatamente\b|\bquanto antes\b|\bcom urgencia\b",
        r"\bspoed\w*|\bzo snel mogelijk\b|\bmeteen\b|\bper direct\b|\bz\.?s\.?m\.?\b",
        # a date the goods or the answer are needed by: "the wedding is this Saturday"
        r"\b(?:need|needs|needed|want|must have|has to (?:arrive|be here)|have to have)\b.{0,25}\b(?:by|before|for"
        r"|until) (?:this |next |the )?(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday|tomorrow|tonight"
        r"|today|(?:the |this )?weekend|christmas|xmas)\b|\b(?:by|before) (?:end of )?today\b|\btoday please\b"
        r"|\b(?:arrive|get here|be here|reach (?:me|us)|be delivered|deliver (?:it|them)) in time for\b"
        r"|\bneed to know today\b",
        r"\b(?:wedding|party|birthday|funeral|flight|trip|holiday|event|exam|interview|christening|anniversary|ceremony)"
        r" (?:\w+ ){0,3}(?:is|its|on) (?:this |next |on )?(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday"
        r"|tomorrow|tonight|today|the weekend|this weekend|in (?:two|three|\d) days)\b",
        r"\b(?:es|son) para (?:el |este |manana)|\bpara el (?:lunes|martes|miercoles|jueves|viernes|sabado|domingo)\b"
        r"|\bantes del (?:lunes|martes|miercoles|jueves|viernes|sabado|domingo|fin de semana)\b|\b(?:lo|la|los|las)"
        r" necesito (?:para|antes)\b|\b(?:boda|fiesta|cumpleanos|viaje|vuelo|evento|funeral)\b (?:\w+ ){0,3}(?:es|sera)"
        r" (?:el |este |manana)|\bhoy mismo\b|\bnecesito saber(?:lo)? hoy\b",
        r"\bpour (?:ce |le )?(?:lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche|demain|ce soir|ce week-?end)\b"
        r"|\bavant (?:lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche|demain|le week-?end)\b|\b(?:mariage|fete"
        r"|anniversaire|voyage|vol|evenement|obseques)\b (?:\w+ ){0,3}(?:est|a lieu) (?:ce |demain|lundi|mardi|mercredi"
        r"|jeudi|vendredi|samedi|dimanche)|\baujourdhui meme\b",
        r"\b(?:bis|fur|vor) (?:diesen |nachsten |kommenden )?(?:montag|dienstag|mittwoch|donnerstag|freitag|samstag"
        r"|sonntag|morgen|heute abend|dem wochenende|wochenende)\b|\b(?:hochzeit|feier|party|geburtstag|reise|flug"
        r"|beerdigung)\b (?:\w+ ){0,3}(?:ist|findet) (?:schon |bereits )?(?:am |diesen |morgen|heute)|\bheute noch\b",
        r"\bper (?:sabato|domenica|lunedi|martedi|mercoledi|giovedi|venerdi|domani|stasera|il weekend)\b|\bentro"
        r" (?:domani|stasera|oggi|lunedi|martedi|mercoledi|giovedi|venerdi|sabato|domenica)\b|\b(?:matrimonio|festa"
        r"|compleanno|viaggio|volo|funerale)\b (?:\w+ ){0,3}(?:e|sara) (?:sabato|domenica|domani|lunedi|martedi"
        r"|mercoledi|giovedi|venerdi|questo)|\boggi stesso\b",
        r"\bpara (?:o |este |esta )?(?:sabado|domingo|segunda|terca|quarta|quinta|sexta|amanha|fim de semana)\b"
        r"|\bate (?:sabado|domingo|segunda|terca|quarta|quinta|sexta|amanha|hoje)\b|\b(?:casamento|festa|aniversario"
        r"|viagem|voo|funeral)\b (?:\w+ ){0,3}(?:e|sera) (?:no |na |este |esta |amanha|sabado|domingo)|\bainda hoje\b",
        # a clock the customer is racing: "before noon", "within the hour", "fix it today"
        r"\b(?:by|before|until) (?:the )?(?:end of (?:the )?day|eod|noon|midday|lunch ?time|close of business|\d{1,2}"
        r" ?(?:am|pm|oclock)|\d{1,2}(?::\d\d)? (?:today|tonight|tomorrow))\b|\b(?:within|in) (?:the next )?(?:an?|one|\d+"
        r"|twenty|thirty|few) (?:hours?|hrs?|mins?|minutes)\b(?! ago)|\b(?:fix|sort|solve|deal with|cancel|delete|refund"
        r"|send|ship|answer|reply|respond|call|talk|speak|reach|pay)\b(?: \w+){0,5} (?:today|tonight)\b"
        r"|\b(?:want|need|have to|must|got to|gotta)\b(?: \w+){0,5} (?:today|tonight|this week)\b|\b(?:agent|human|person"
        r"|someone|manager|supervisor)\b (?:right )?now\b|\b(?:please|pls|plz|so) hurry\b|\bhurry (?:up|please|pls)\b"
        r"|\b(?:birthday|party|wedding|exam|flight|trip|holiday|interview|conference|meeting|surgery|appointment)\b"
        r" (?:\w+ ){0,2}(?:is )?(?:on )?(?:tomorrow|tomorow|tmrw|tonight|monday|tuesday|wednesday|thursday|friday"
        r"|saturday|sunday|this week(?:end)?)\b|\bneed (?:it|this|them|the \w+|my \w+) (?:for|to get to) (?:work|school"
        r"|my exam)\b|\bfor work tomorrow\b",
        r"\bvoor (?:zaterdag|zondag|maandag|dinsdag|woensdag|donderdag|vrijdag|morgen|vanavond|het weekend)\b"
        r"|\buiterlijk (?:morgen|vandaag|maandag|dinsdag|woensdag|donderdag|vrijdag|zaterdag|zondag)\b|\b(?:bruiloft|feest"
        r"|verjaardag|reis|vlucht|uitvaart)\b (?:\w+ ){0,3}(?:is|op) (?:zaterdag|zondag|maandag|dinsdag|woensdag"
        r"|donderdag|vrijdag|morgen|dit weekend)|\bvandaag nog\b",
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
        # nothing to do at all: "no need to reply", "please ignore", "sent to the wrong address"
        r"\bno (?:need|reason) to (?:reply|respond|answer|get back)\b|\bno (?:reply|response|answer) (?:needed|necessary"
        r"|required)\b|\b(?:please |pls |plz )?ignore (?:this|my (?:last|previous))\b|\bpls ignore\b|\bplease ignore\b"
        r"|\bsent (?:this |it )?(?:by mistake|to the wrong)\b|\bwrong (?:email|e-mail|address|recipient|person)\b.{0,30}"
        r"\bignore\b",
        r"\bno (?:hace falta|es necesario) (?:que )?(?:respond|contest)\w*|\bignorad?\b|\bpas besoin de (?:repondre|reponse)\b"
        r"|\bignorez\b|\bkeine antwort (?:notig|erforderlich)\b|\bbitte ignorieren\b|\bnon (?:serve|e necessario)"
        r" rispondere\b|\bignorate\b|\bnao (?:e preciso|precisa) responder\b|\bignorem\b|\bgeen (?:antwoord|reactie)"
        r" nodig\b|\bnegeer (?:dit|deze)\b",
    ]
)

# A customer writing again about the same thing: the desk has already kept them waiting.
CHASING = _any(
    [
        r"\b(?:second|third|fourth|fifth|\d+(?:st|nd|rd|th)?) time (?:i|im|i am|ive|i have) "
        r"(?:writ|contact|email|call|ask)\w*|\bstill (?:no|not had an?|havent had an?) "
        r"(?:answer|reply|response)\b|\bno (?:one|body) (?:has )?(?:replied|answered|got back)\b",
        # "third email", "emailed you four times", "5th contact", "3e relance"
        r"\b(?:second|third|fourth|fifth|\d+(?:st|nd|rd|th)) (?:email|e-mail|message|contact|chase|request)\b"
        r"|\b(?:emailed|written|wrote|called|contacted|asked)(?: you| your team| you guys)? (?:twice|three times"
        r"|four times|five times|\d+ times|several times|multiple times)\b",
        r"\b(?:segunda|tercera|cuarta) vez que (?:escribo|os escribo|llamo|reclamo|pregunto)\b"
        r"|\bya (?:es|van) la (?:segunda|tercera) vez\b|\bsigo sin respuesta\b",
        r"\b(?:\d+e|deuxieme|troisieme) relance\b|\bdeja relance\b",
        r"\bschon (?:zweimal|dreimal|mehrfach|\d+ ?mal) (?:nachgefragt|geschrieben|angerufen)\b",
        r"\b(?:deuxieme|troisieme) fois que\b|\btoujours (?:pas de|aucune) reponse\b",
        r"\b(?:zweite|dritte)n? mal\b|\bimmer noch keine antwort\b",
        r"\b(?:seconda|terza) volta che\b|\bancora nessuna risposta\b",
        r"\b(?:segunda|terceira) vez que\b|\bainda sem resposta\b",
        r"\b(?:tweede|derde) keer dat\b|\bnog steeds geen (?:antwoord|reactie)\b",
        # "2nd time asking", "for the third time", "three emails and still nothing"
        r"\b(?:second|third|fourth|fifth|\d+(?:st|nd|rd|th)) time (?:asking|writing|emailing|contacting|chasing|calling"
        r"|requesting)\b|\bfor the (?:second|third|fourth|fifth|\d+(?:st|nd|rd|th)) time\b|\b(?:two|three|four|five|several"
        r"|multiple|\d+) (?:emails|e-mails|messages|calls|chats|requests|tickets)\b (?:\w+ ){0,4}(?:and|but|yet)\b"
        r"|\b(?:still|again) (?:ignored|no answer|no reply|no response)\b|\b(?:keeps?|kept) (?:getting )?ignored\b"
        r"|\bpour la (?:deuxieme|troisieme|\d+e) fois\b|\bpor (?:segunda|tercera|terceira) vez\b|\bzum (?:zweiten|dritten)"
        r" mal\b|\bper la (?:seconda|terza) volta\b|\bvoor de (?:tweede|derde) keer\b",
    ]
)


# Urgent words that are not about this ticket's clock: a job applicant "available to start
# immediately", Germany's "Sofort" bank transfer, a payment made "right away".
NOT_A_DEADLINE = _any(
    [
        r"\b(?:start|begin|join|available)\w* (?:\w+ ){0,2}(?:immediately|right away|straight away|asap|at once)\b",
        r"\b(?:paypal|klarna|per|mit|via|uber) sofort\b|\bsofort ?uberweisung\b|\b(?:paid|pay|charged|debited|refunded"
        r"|bezahlt|gezahlt|abgebucht)\b (?:\w+ ){0,3}(?:immediately|right away|sofort|subito|meteen|inmediatamente)\b",
    ]
)

# A business asking for a quote on quantity: a sale worth answering in the normal queue.
BULK = _any(
    [
        r"\b(?:wholesale|bulk|volume (?:pricing|discount)|trade (?:price|account)|quote for \d+|\d{2,} (?:units|pieces"
        r"|pcs|of (?:the|your|these))|corporate|for (?:our|my) (?:company|business|team|staff|employees|office|studio"
        r"|shop))\b",
        r"\b(?:al por mayor|mayorista|\d{2,} unidades|para (?:nuestra|mi) empresa|precio por cantidad)\b",
        r"\b(?:en gros|grossiste|\d{2,} (?:unites|pieces|exemplaires)|pour (?:notre|mon) entreprise|prix de gros)\b",
        r"\b(?:gro(?:ss)?handel\w*|mengenrabatt|\d{2,} stuck|fur (?:unser|unsere) (?:firma|unternehmen|buro|team))\b",
        r"\b(?:all ingrosso|\d{2,} (?:pezzi|unita)|per la nostra (?:azienda|ditta))\b",
        r"\b(?:por grosso|\d{2,} unidades|para a nossa empresa|preco por quantidade)\b",
        r"\b(?:groothandel|\d{2,} stuks|voor ons bedrijf|staffelkorting)\b",
    ]
)


# Praise, thanks and star ratings: feedback that asks nothing of the desk waits behind every
# customer with a problem. Complaints and suggestions (COMPLAINT) stay in the normal queue.
PRAISE = _any(
    [
        r"\b(?:love[ds]?|loving|lovely|great|amazing|excellent|fantastic|brilliant|wonderful|perfect|perfectly|gorgeous"
        r"|awesome|impressed|superb|outstanding|beautiful(?:ly)?|spot on|well done|kudos|thank(?:s| you)|thx|cheers"
        r"|delighted|pleased|happy with|recommend\w*|the goat|top notch|above and beyond|compliments?)\b"
        r"|\b(?:5|five|10) stars?\b|\b\d ?/ ?(?:5|10)\b|\bwould (?:def\w* )?buy again\b",
        r"\b(?:gracias|encant\w*|perfect[oa]s?|content[oa]s?|genial|excelente|maravill\w*|amables?|da gusto)\b",
        r"\b(?:merci|top|genial|parfait\w*|ravie?s?|bravo|excellent\w*|super|trop bien|felicitations)\b",
        r"\b(?:danke|lob|super|toll\w*|klasse|wunderbar\w*|zufrieden|gerne wieder|spitze|prima)\b",
        r"\b(?:grazie|complimenti|ottim[oa]|perfett[oa]|bravi|gentili|fantastic[oi])\b",
        r"\b(?:obrigad[oa]|amei|parabens|perfeit[oa]|nota (?:10|dez)|demais|excelente|adorei)\b",
        r"\b(?:tevreden|bedankt|dank (?:je|u)|top|geweldig|compliment\w*|prima|fantastisch)\b",
    ]
)
COMPLAINT = _any(
    [
        r"\b(?:not happy|unhappy|disappoint\w*|worst|terrible|awful|appalling|horrible|rude|never again|unacceptable"
        r"|joke|disgrace\w*|disgust\w*|fed up|annoying|complain\w*|complant|slow|confusing|mess|spammy|impossible"
        r"|ignored|nobody|no one|waste|useless|scam|poor|bad|worse|angry|furious|frustrat\w*|should|shouldnt|suggest\w*"
        r"|idea|would be (?:great|nice|good|cool)|it ?d be (?:great|nice|good)|(?:please|pls|plz) (?:add|use|make|stop)"
        r"|any chance (?:of|you)|wish)\b",
        r"\b(?:queja|reclam\w*|pesim\w*|fatal|lio|lento|decepcion\w*|nunca|deberiais|sugerencia|estaria bien)\b",
        r"\b(?:plainte|nul(?:le)?|jamais|inacceptable|decu\w*|lent|ce serait bien|suggestion)\b",
        r"\b(?:beschwerde|schlecht\w*|kritik|anregung|enttauscht|langsam|unverschamt|war cool wenn)\b",
        r"\b(?:reclamo|pessim\w*|lent[oa]|delus\w*|suggerimento|mettete|sempre tardi)\b",
        r"\b(?:reclamacao|pessim\w*|demora|decepcion\w*|sugestao)\b",
        r"\b(?:klacht|slecht\w*|nooit|jammer|teleurgesteld|graag een optie)\b",
    ]
)

# Weeks of waiting for a parcel, a refund or a repair: the customer is already badly let down.
WAITING_LONG = _any(
    [
        r"\b(?:waiting|waited|still|its been|it s been|been|for over|more than|over|already)\b (?:\w+ ){0,3}(?:[3-9]|\d\d"
        r"|three|four|five|six|seven|eight|several|many) (?:weeks?|wks?|months?)\b"
        r"|\b(?:[3-9]|three|four|five|six|several) (?:weeks?|wks?)\b(?: \w+){0,3} (?:and|but|yet) (?:still|no|nothing|not)\b"
        r"|\b(?:[3-9]|three|four|five|six) weeks (?:ago|now|later)?\W+(?:\w+ ){0,6}(?:still|no (?:emails?|updates?|news"
        r"|refund|parcel|sign)|nothing|not (?:arrived|received|here)|hasnt|havent|has not|have not)\b"
        r"|\b(?:[2-9]\d) days\W+(?:\w+ ){0,6}(?:this is|still|nothing|no (?:emails?|updates?|news|refund))\b",
        r"\b(?:hace|desde hace|llevo) (?:\w+ )?(?:tres|cuatro|cinco|seis|varias|[3-9]) semanas\b|\bdepuis (?:plus de )?"
        r"(?:trois|quatre|cinq|six|plusieurs|[3-9]) semaines\b|\bseit (?:uber )?(?:drei|vier|funf|sechs|mehreren|[3-9])"
        r" wochen\b|\bda (?:oltre )?(?:tre|quattro|cinque|sei|diverse|[3-9]) settimane\b|\b(?:ha|faz|ja (?:la )?vao)"
        r" (?:mais de )?(?:tres|quatro|cinco|seis|varias|[3-9]) semanas\b|\b(?:al|sinds|ruim) (?:drie|vier|vijf|zes"
        r"|[3-9]) weken\b",
    ]
)
