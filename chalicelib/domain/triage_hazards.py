"""Danger to people, for triage_critical: fire, smoke, heat, electricity, injury, illness,
spoiled food, dangers to children, and products failing where failure hurts. In the seven
languages triage detects (en, es, fr, de, it, pt, nl).

Patterns run on `triage_text.normalise` output (lower case, accents and apostrophes dropped).
Two kinds of cue, by concept rather than by phrase:

- DANGER: words that report harm on their own ("sparks", "a rash", "mouldy", "gas smell"),
  written as stems so inflections, slang spellings and common typos still match;
- PAIRS: words that are harmless alone but not together within a sentence or two: a charger
  and "so hot", a battery and "puffed up", bread and "green fuzz", a toddler and "in his
  mouth", a heater and "never cuts out". Each side is a concept in every language.

`rules.affirmed` drops a cue with a negator just before it ("no smoke") or a condition ("if it
overheats"); `triage_critical.HARMLESS` spans ("smoke grey", "hot deal") do not count.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from chalicelib.domain import triage_rules as rules
from chalicelib.domain.triage_rules import any_of as _any

_BODY = (
    r"(?:hand|hands|finger|fingers|thumb|arm|arms|leg|legs|foot|feet|face|palm|skin|lip|lips|head|eye|eyes"
    r"|wrist|knee|back|neck|throat|tongue|mouth|scalp|chest)"
)

DANGER = _any(
    [
        # fire, flames, heat damage
        r"\b(?:caught|catch|catches|catching|on) fire\b|\balight\b|\bablaze\b|\bblaze\b",
        r"\bfire\b(?! ?(?:tv|stick|tablet|hd|pit|place|starter|wood|alarm|extinguisher|door|off|away))",
        r"\bflames?\b|\bsmou?lder\w*|\bsmolder\w*",
        r"\bburn(?:t|ed|ing|s)?\b(?!-? ?in\b)|\bscorch\w*|\bsinge[ds]?\b|\bsingeing\b|\bcharr(?:ed|ing)\b",
        r"\bmelt(?:ed|ing|s)?\b|\bblacken\w*|\bscald\w*",
        r"\b(?:blistering|red|scorching|burning|dangerously|insanely|ridiculously|extremely) hot\b"
        r"|\btoo hot to (?:touch|hold|handle)\b|\boverheat\w*|\bover heat\w*",
        # smoke and fumes
        r"\bsmok(?:e|ed|es|ing|in|y|ey)\b(?! (?:detector|alarm|machine))|\bfumes?\b(?! (?:hood|extractor))",
        # electricity
        r"\belectric(?:al|ity)? shock|\belectrocut\w*|\bzap(?:ped|s)?\b|\bshort(?:ed)? (?:circuit\w*|out)\b",
        r"\b(?:got|get|gets|gave|give|gives|giving|received) (?:me |him |her |us |my \w+ )?"
        r"(?:a |an )?(?:\w+ )?shock\b|\bshocked (?:me|him|her|us|my)\b",
        r"\bspark(?:s|ed|ing|y)?\b(?!ling)|\barcing\b",
        r"\b(?:trips?|tripped|tripping|blows?|blew|blown|blowing) (?:the |a |my |our |all the )?(?:fuses?|breakers?"
        r"|circuit breaker|rcd|trip switch|electrics|power)\b|\bbreaker (?:trips|tripped|wont reset)\b",
        r"\b(?:current|electricity|voltage|power) (?:is |was )?(?:leak\w*|going through|running through|coming through)\b"
        r"|\blive (?:wires?|casing|metal)\b|\bexposed (?:wires?|metal)\b",
        r"\bwater\b.{0,40}\b(?:socket|plug|outlet|electrics|wiring|fuse ?box)\b",
        # explosions, parts flying off, things giving way under someone
        r"\bexplo(?:de|ded|des|ding|sion|sive)\b|\bblew (?:up|off|apart)\b|\bblown (?:off|apart)\b",
        r"\b(?:blade|lid|glass|disc|disk|wheel|handle|cap|top|part|piece)s? (?:\w+ )?(?:flew|blew|shot) (?:off|out)\b",
        r"\bshatter\w*|\bglass (?:everywhere|all over)\b|\bshards?\b",
        r"\b(?:collapsed|collapses|gave way|gives way|tipped over|fell apart|folded) (?:while|when|as|under|with"
        r" (?:me|him|her|us))\b|\b(?:snapped|cracked|broke|came apart|came loose|came off) (?:while|when|as) (?:i was |he"
        r" was |she was |we were |they were )?(?:riding|cycling|driving|sitting|standing|climbing|going (?:down|fast))\b",
        r"\bbrakes? (?:failed|fail|fails|gave out|do nothing|did nothing|dont work|do not work|didnt work|stopped"
        r" working|not working)\b|\bbrake failure\b|\bfrenos? (?:fallan|fallaron|fallo|no (?:funcionan|van|frenan))\b"
        r"|\bfreins? (?:ne (?:marchent|fonctionnent)|lache)\w*|\bbremsen? (?:versag|funktionier\w* nicht)\w*"
        r"|\bfreni (?:non funzionano|hanno ceduto)\b|\btravoes? (?:falharam|nao funcionam)\b|\bremmen (?:werken niet|faalden)\b",
        # injuries
        r"\binjur(?:y|ies|ed|ing)\b|\bbleed\w*|\bblood\b|\bhospital(?:s|ised|ized|isation|ization)?\b|\bemergency room\b|\ba ?(?:&|and) ?e\b"
        r"|\bambulance\b|\bparamedics?\b|\burgent care\b",
        r"\b(?:hurt|cut|burnt|burned|injured) (?:my|his|her|their|our)(?:self|selves)?\b",
        r"\b(?:sliced|gashed|slashed|cut|burnt|burned|scalded) (?:open )?(?:my|his|her|their|our) (?:\w+ )?" + _BODY,
        r"\b(?:cuts?|gash|wound|burns?|blisters) (?:on|to|in|across) (?:my|his|her|their|our|both) (?:\w+ )?" + _BODY,
        r"\b(?:into|through) (?:my|his|her|their) " + _BODY + r"\b",
        r"\b(?:needed|need|got|getting|had|have|requiring|required) (?:\d+ |a few |several |some )?stitches\b",
        r"\bboiling (?:water|oil|liquid|soup)\b.{0,30}\b(?:over|on|onto) (?:my|his|her|their|our)\b",
        r"\b(?:threw|thrown|flung|knocked) (?:me|him|her|us|my \w+) (?:off|over|down)\b|\bhit (?:my|his|her) head\b",
        r"\b(?:i|he|she|we|they) fell (?:off|backwards|over|down|through|hard|onto|on my|and)\b",
        r"\bbruis(?:ed|es|ing) (?:my |his |her |all over |on )?(?:ribs?|arms?|legs?|knees?|hands?|face|head|back"
        r"|shoulders?|hips?|wrists?)\b",
        r"\b(?:broke|broken|fractured|sprained|dislocated) (?:my|his|her|their) (?:arm|leg|wrist|ankle|finger|toe|nose"
        r"|ribs?|hand|foot|tooth|teeth|collarbone)\b",
        r"\b(?:could|can|might|will) (?:really |seriously |badly |easily )?(?:hurt|injure|harm|kill)\b",
        r"\b(?:hurt|injure|harm)(?:s|ed)? (?:a |my |the |your )?(?:child|kid|baby|toddler|son|daughter|someone|somebody)\b",
        r"\b(?:nearly|almost) (?:got |been |get )?(?:killed|died|electrocuted|run over|hit by|went under|crashed|fell|choked"
        r"|set (?:the|my|our))\b|\b(?:nearly|almost)\b.{0,25}\b(?:under|into) a (?:bus|car|lorry|truck|van)\b",
        # health: reactions, poisoning, illness after use
        r"\bchok(?:e|ed|es|ing)\b|\bswallow(?:ed|ing)?\b|\bstrangl\w*",
        r"\ballergic reaction\b|\b(?:bad|severe|serious|chemical|skin|awful|nasty|terrible) reaction\b|\banaphyla\w*"
        r"|\bepi ?pen\b",
        r"\brash\b|\bhives\b|\bwelts?\b|\btoxic\b|\bpoison\w*|\bfood poisoning\b",
        r"\b(?:rash|hives|blisters) (?:after|from|where)\b",
        r"\b" + _BODY + r"s? (?:\w+ )?(?:swelled|swollen|swelling|puffed|went red|is raw|was raw|left raw|raw and|burning"
        r"|blistered|weeping)\b",
        r"\b(?:swelled|swollen|puffed) (?:up )?(?:after|from|when)\b|\bleft (?:my|his|her) \w+ raw\b",
        r"\bvomit\w*|\bthrew up\b|\bthrowing up\b|\bthrow up\b|\bdiarr?hoea\b|\bdiarrhea\b|\bpalpitation\w*"
        r"|\bchest pains?\b|\bfainted\b|\bpassed out\b|\b(?:couldnt|could not|cant|cannot|struggl\w* to) breathe\b",
        r"\b(?:violently|seriously|very|really|so) (?:ill|sick)\b|\bmade (?:me|him|her|us|them|my \w+) (?:\w+ )?"
        r"(?:ill|sick)\b|\bsick (?:all night|for days)\b",
        r"\b(?:see|saw|seen|seeing|visit\w*|call\w*|went to|go to|taken to|take (?:him|her|them) to|rushed to|ended"
        r" up (?:in|at)) (?:a |the |my |our )?(?:doctor|gp|vet|clinic|emergency)\b",
        r"\b(?:doctor|gp|vet|pharmacist|paediatrician|pediatrician)s? (?:said|says|thinks|think|confirmed|diagnosed|told)\b",
        # spoiled or contaminated food
        r"\bmou?ldy\b|\b(?:covered in|full of|with|has|had|spots of|growing|grew|green|white|black|blue) mou?ld\b"
        r"|\bmou?ld (?:on|all over|growing|spots)\b|\b(?:green|white|blue|grey|gray) fuzz\b",
        r"\brott(?:en|ing)\b|\bmaggots?\b|\bweevils?\b|\blarva[es]?\b|\bfood poison\w*",
        # hazards by name, gas, recalls
        r"\b(?:hazard|hazardous|dangerous|unsafe)\b|\bdeath ?trap\b|\bfire risk\b|\brecall (?:it|this|them|these|the"
        r" product|this product)\b",
        r"\bgas (?:leak\w*|smell\w*|odou?r|escap\w*)|\bcarbon monoxide\b|\bsmell(?:s|ed|ing)? (?:of |like )?(?:gas|burning"
        r"|smoke|melting)\b",
        r"\b(?:sharp|exposed) (?:edge|edges|wire|wires|metal)\b|\bchoking hazard\b|\bbutton batter(?:y|ies)\b",
        r"\b(?:car seat|child seat|helmet|crib|cot|stroller|pushchair|buggy|pram|high ?chair|baby gate|harness)\b.{0,40}"
        r"\b(?:broke|snapped|collapsed|failed|came (?:off|apart|loose|undone)|gave way|pops? open|popped open"
        r"|opens? (?:by itself|on its own)|unlatch\w*)\b",
        r"\b(?:flooded|flooding|water (?:all over|everywhere) the (?:floor|kitchen))\b",
        r"\b(?:stopped|not|isnt|doesnt) (?:cooling|freezing)\b.{0,60}\b(?:insulin|medicine|medication)\b",
        # es
        r"\bfuego\b|\bincendi\w*|\bllamas\b|\bhumo\b|\bolor a (?:quemado|chamuscado|gas)\b|\bchamusc\w*|\bcalcinad\w*",
        r"\bquem(?:o|ado|ada|adura|aduras|e)\b|\bderreti\w*|\bderriti\w*|\bse derrit\w*",
        r"\bdescarga electrica\b|\b(?:dio|da|pego|recibi|senti|lleve) (?:una )?descarga\b|\bcalambre\w*|\bchispa\w*|\bexplot\w*|\bexplosion\b|\bcortocircuito\b"
        r"|\b(?:me|le) (?:dio|da) (?:la )?corriente\b|\bsalt(?:a|an|o|aron|ar) (?:los plomos|el diferencial|la luz)\b",
        r"\bsobrecalent\w*|\bse calienta (?:muchisimo|demasiado)\b",
        r"\bherid[oa]s?\b|\blesion\w*|\basfixi\w*|\batragant\w*|\bpeligros\w*|\burgencias\b|\bpuntos de sutura\b"
        r"|\bme (?:corte|corto|quema|queme|he cortado|he quemado)\b|\bsangr\w*|\bsalio disparad\w*",
        r"\bcasi me (?:atropell|mat|electrocut|ahog|quem|cai|ca)\w*",
        r"\breaccion alergica\b|\bronchas\b|\bsarpullido\b|\burticaria\b|\bintoxica\w*|\bdiarrea\b|\bmoho\b"
        r"|\bpodrid[oa]s?\b|\bgusanos\b|\bfugas? de gas\b",
        r"\b(?:se )?(?:lo |la )?(?:trago|ha tragado|metio en la boca)\b",
        # fr
        r"\bfeu\b|\bincendie\b|\bflammes?\b|\bfumee\b|\bodeur de (?:brule|gaz)\b|\bcrame[es]?\b|\bcarbonis\w*",
        r"\bbrul(?:e|ee|es|ure|ures|er|ant)\b|\bfondu\b|\ba fondu\b",
        r"\bdecharge electrique\b|\b(?:pris|prend|recu|eu|prendre) (?:une |le )?(?:decharge|chataigne|jus)\b"
        r"|\betincelles?\b|\bexplos\w*|\bdisjonct\w*|\bcourt ?circuit\b",
        r"\bsurchauff\w*|\bchauffe (?:enormement|beaucoup trop|anormalement)\b",
        r"\bblesse\w*|\bblessure\w*|\betouff\w*|\bdangereu\w*|\burgences\b|\bpoints de suture\b|\bhopital\b"
        r"|\bje me suis (?:coupe|brule|blesse|ouvert)\w*|\bsaign\w*",
        r"\breaction allergique\b|\bplaques rouges\b|\burticaire\b|\beczema\b|\bintoxication\b|\bvomi\w*"
        r"|\bmoisi\w*|\bpourri(?:e|es|s|r|ture)?\b|\bavarie\w*|\basticots?\b|\bfuite de gaz\b",
        r"\b(?:failli|presque|a moitie) (?:avaler|avale|s ?etouffer|mourir|electrocute)\b|\bavale\w*",
        # de
        r"\bfeuer\b|\bbrand(?:geruch|gefahr|stelle|flecken)\b|\bin brand\b|\bbrennt\b|\bflamme\w*",
        r"\b(?:rauch|raucht|rauchte|qualm\w*)\b|\bverbrannt\w*|\bverbrennung\w*|\bangekokelt\b|\bverkohlt\b",
        r"\bverschmort\w*|\bgeschmolzen\b|\bschmilzt\b|\bstromschlag\w*|\bfunken\w*|\bfunkt (?:und|aus|heraus|raus)\b"
        r"|\bexplodiert\w*|\bkurzschluss\b|\bunter strom\b|\beine?n? gewischt\b",
        r"\b(?:lost|loste|haut|haute|wirft|warf)\b.{0,20}\b(?:sicherung|fi[- ]?schalter)\b"
        r"|\bsicherung\b.{0,20}\b(?:raus|fliegt|flog|springt|sprang|ausgelost)\b|\bfi[- ]schalter\b",
        r"\buberhitz\w*|\bwird (?:extrem|sehr|viel zu|gluhend) heiss\b|\bgluhend heiss\b|\baufgeblah\w*|\bgeblaht\b",
        r"\bverletz\w*|\berstick\w*|\bverschluck\w*|\bgefahrlich\w*|\bnotaufnahme\b|\bkrankenhaus\b"
        r"|\bgeschnitten\b|\bschnittwunde\w*|\bgenaht\b|\bblute\w*|\bbrandblase\w*",
        r"\ballergische reaktion\b|\bausschlag\b|\bquaddeln\b|\bvergiftung\b|\berbrochen\b|\bdurchfall\b"
        r"|\bverschimmelt\b|\bschimm?lig\b|\bschimmel\b|\bverdorben\b|\bmaden\b|\bgasgeruch\b|\briecht nach gas\b",
        # it
        r"\bfuoco\b|\bfiamm\w*|\bfumo\b|\bbruciat\w*|\bscintill\w*|\besplo\w*|\bsurriscald\w*"
        r"|\bscossa\b|\bferit[oa]\b|\bpericolos\w*|\bustion\w*|\bsciolt[aoie]\b|\bsi e fus[ao]\b",
        r"\breazione allergica\b|\bsoffoc\w*|\bscottat\w*|\bscotta (?:tantissimo|troppo)\b|\bha preso fuoco\b"
        r"|\bcortocircuito\b|\bsalvavita\b|\bfa saltare (?:la corrente|i fusibili|la luce)\b",
        r"\bmi sono (?:tagliat|ferit|bruciat|scottat)\w*|\bpronto soccorso\b|\bospedale\b|\bpunti di sutura\b|\bsangu\w*",
        r"\bsfogo\b|\borticaria\b|\bintossica\w*|\bmuffa\b|\bammuffit\w*|\bavariat\w*|\bmarci[ot]?\b|\bvermi\b"
        r"|\bandat[oa] a male\b|\bfuga di gas\b|\bodore di gas\b|\bingoiat\w*|\binghiott\w*",
        # pt
        r"\bfogo\b|\bchamas?\b|\bfumo\b|\bfumaca\b|\bqueimad\w*|\bqueimou\b|\bqueimei\b|\bfaisca\w*"
        r"|\bexplodi\w*|\bsobreaquec\w*|\bchoque eletrico\b|\bferid[oa]s?\b|\bperigos\w*|\bderret\w*",
        r"\breacao alergica\b|\bcurto ?circuito\b|\bengasg\w*|\bsufoc\w*|\bsuperaquec\w*|\bdisjuntor\b"
        r"|\b(?:levei|leva|deu|dava|apanhei) (?:um )?choque\b|\baquece (?:muito|demais)\b",
        r"\bcortei\b|\bme cortei\b|\burgencias\b|\bpontos\b.{0,20}\b(?:mao|dedo|braco|perna|cabeca)\b|\bsangr\w*",
        r"\bmanchas vermelhas\b|\burticaria\b|\bintoxica\w*|\bdiarreia\b|\bbolor\w*|\bmofo\b|\bmofad\w*|\bpodre\b"
        r"|\bfuga de gas\b|\bcheiro a gas\b|\bengoli\w*",
        # nl
        r"\bvlam\w*|\brook\b|\brookt\b|\bverbrand\w*|\bvonk\w*|\bontplof\w*|\boververhit\w*|\bgesmolten\b"
        r"|\bverschroeid\b|\bverkoold\b|\bschroeiplek\w*|\bbrandlucht\b|\bschroeilucht\b",
        r"\bstroomstoot\b|\bschok gekregen\b|\bkreeg (?:een )?schok\b|\bonder stroom\b|\bkortsluiting\b"
        r"|\bstoppen (?:springen|sprongen|slaan door|sloegen door)\b|\baardlek\w*",
        r"\bgewond\b|\bgevaarlijk\w*|\bbrandwond\w*|\bin brand\b|\bwordt (?:heel |erg |veel te )?heet\b|\bgloeiend heet\b"
        r"|\bletsel\b|\bopengehaald\b|\bsnijwond\w*|\bgehecht\b|\bhechtingen\b|\bziekenhuis\b|\beerste hulp\b|\bbloed(?:de|t|en|ing)?\b",
        r"\ballergische reactie\b|\bverstik\w*|\buitslag\b|\bgalbulten\b|\bvergiftig\w*|\bovergegeven\b|\bdiarree\b"
        r"|\bbeschimmeld\b|\bschimmel\b|\bbedorven\b|\bmaden\b|\bgaslucht\b|\bgaslek\w*|\bverslik\w*|\bingeslikt\b",
    ]
)

# Concepts that report danger only in company: each pair below names two of them.
_APPLIANCE = _any(
    [
        r"\b(?:charg(?:er|ing)|adapt[eo]r|plug|socket|outlet|cable|cord|lead|wire|batter(?:y|ies)|power ?bank|laptop"
        r"|phone|tablet|heater|kettle|toaster|iron|(?:hair ?)?dryer|hairdryer|straightener|curler|blanket|lamp|bulb"
        r"|fan|motor|device|appliance|machine|controller|console|e-?bike|scooter|hob|oven|microwave|fryer|cooker"
        r"|radiator|monitor|speaker|extension|drill|vacuum|hoover|toothbrush|shaver|razor|base|unit|fridge)s?\b",
        r"\b(?:cargador|enchufe|cable|bateria|movil|portatil|estufa|calefactor|hervidor|tostadora|plancha|secador"
        r"|lampara|aparato|maquina|patinete|freidora|horno|microondas|radiador|ventilador|adaptador)(?:es|s)?\b",
        r"\b(?:chargeur|prise|cable|fil|batterie|telephone|portable|ordinateur|radiateur|chauffage|bouilloire"
        r"|grille-pain|fer|seche-cheveux|lampe|appareil|machine|trottinette|friteuse|four|micro-ondes|ventilateur"
        r"|adaptateur)s?\b",
        r"\b(?:ladegerat|ladekabel|netzteil|stecker|steckdose|kabel|akku|batterie|handy|laptop|heizlufter|heizung"
        r"|heizkorper|wasserkocher|toaster|bugeleisen|fohn|lampe|gerat|maschine|roller|fritteuse|ofen|mikrowelle"
        r"|ventilator|adapter)(?:s|n|en|e)?\b",
        r"\b(?:caricatore|caricabatterie|spina|presa|cavo|batteria|telefono|cellulare|portatile|stufa|termosifone"
        r"|bollitore|tostapane|ferro|phon|asciugacapelli|lampada|apparecchio|macchina|monopattino|friggitrice|forno"
        r"|microonde|ventilatore|adattatore)\b",
        r"\b(?:carregador|ficha|tomada|cabo|fio|bateria|telemovel|celular|portatil|aquecedor|chaleira|torradeira"
        r"|ferro|secador|candeeiro|lampada|aparelho|maquina|trotinete|fritadeira|forno|micro-ondas|ventoinha)(?:es|s)?\b",
        r"\b(?:oplader|stekker|stopcontact|snoer|kabel|accu|batterij|telefoon|laptop|kachel|verwarming|waterkoker"
        r"|broodrooster|strijkijzer|fohn|lamp|apparaat|machine|step|airfryer|oven|magnetron|ventilator|adapter)s?\b",
    ]
)
_VERY_HOT = _any(
    [
        r"\b(?:so|very|really|super|extremely|too|way too|insanely|crazy|incredibly|seriously|unbearably|boiling|stupidly)"
        r" hot\b|\bhot to (?:the )?touch\b|\bheats? up (?:a lot|like crazy|massively)\b|\b(?:too|so) hot (?:it|that|i|you)\b",
        r"\b(?:tan|muy|super|demasiado|hiper) caliente\b|\bcalentisim\w*|\bardiendo\b|\bquema al tocar\w*",
        r"\b(?:tres|trop|tellement|super) chaud\b|\bbrulant\w*|\bchauffe (?:tellement|trop|beaucoup)\b"
        r"|\b(?:tellement|trop|beaucoup) chauffe\b",
        r"\b(?:sehr|so|zu|extrem|kochend|richtig) heiss\b|\bgluhend\b",
        r"\bcaldissim\w*|\bbollente\b|\bscald\w* (?:cosi tanto|tantissimo|troppo|molto)\b|\btroppo cald[oa]\b",
        r"\b(?:muito|tao|demasiado) quente\b|\bquentissim\w*|\baqueceu (?:tanto|muito|demais)\b|\ba ferver\b",
        r"\b(?:zo|erg|te|heel|super|bloed) heet\b|\bbloedheet\b|\bgloeiend\b",
    ]
)
_BATTERY = _any([r"\b(?:batter(?:y|ies|ij|ijen|ia|ie|ien)|baterias?|akkus?|accus?|power ?banks?|powerbanks?|cells?)\b"])
_SWELLING = _any(
    [
        r"\b(?:swell\w*|swollen|bulg\w*|puff\w*|bloat\w*|balloon\w*|expand\w*|hinch\w*|gonfl\w*|gonfi\w*|aufgebla\w*"
        r"|gebla\w*|dick geworden|inch(?:ou|ada|ado|ar)\b|opgezwol\w*|opgeblazen|bol (?:staat|gaan|komen))",
    ]
)
_CONNECTOR = _any(
    [
        r"\b(?:plug|socket|outlet|cord|cable|wire|lead|pins?|contacts?|enchufe|cable|prise|fiche|stecker|steckdose|kabel"
        r"|spina|presa|cavo|ficha|tomada|fio|cabo|stekker|stopcontact|snoer)s?\b",
    ]
)
_BLACKENED = _any(
    [
        r"\b(?:turned|gone|went|go|goes|going|became|has gone|have gone) (?:all )?(?:black|brown)\b"
        r"|\bdiscolou?r\w*|\b(?:esta|se ha puesto|quedo|quedaron) negr[oa]s?\b|\bnoirci\w*|\bschwarz (?:geworden|verfarbt)\b"
        r"|\bverfarbt\b|\bannerit\w*|\bficou pret[oa]\b|\benegrecid\w*|\bzwart (?:geworden|verkleurd|uitgeslagen)\b",
    ]
)
_HEATING_DEVICE = _any(
    [
        r"\b(?:heater|iron|hob|oven|kettle|thermostat|heating|radiator|blanket|toaster|fryer|cooker|estufa|calefactor"
        r"|radiateur|chauffage|heizung|heizlufter|stufa|aquecedor|kachel)s?\b",
    ]
)
_NO_CUTOFF = _any(
    [
        r"\b(?:never|doesnt|does not|wont|will not|dont|do not|didnt) (?:cut|switch|turn|shut|click) (?:out|off)\b"
        r"|\bkeeps? (?:heating|boiling|getting hotter)\b|\bplastic (?:\w+ )?(?:warp\w*|deform\w*|bubbl\w*)\b",
    ]
)
_CRACKLE = _any([r"\b(?:crackl\w*|bang|banged|pop(?:ped|ping)?\b(?![ -]up)|buzz\w*|hiss\w*|knall\w*|chisporrote\w*|gresill\w*)"])
_FLASH = _any([r"\b(?:flash(?:es|ed|ing)?|flames?|destello\w*|fogonazo|eclairs?|blitz(?:e|te|en)?|lampo|lampi|clarao|flits\w*)\b"])
_TINGLE = _any([r"\b(?:tingl\w*|hormigue\w*|picote\w*|fourmill\w*|kribbel\w*|formicol\w*|formigueiro|tinteling)"])
_FOOD = _any(
    [
        r"\b(?:food|meat|chicken|beef|pork|lamb|mince|fish|salmon|prawns?|milk|cheese|yog(?:h)?urt|bread|loaf|fruit"
        r"|veg\w*|salad|eggs?|ham|sausages?|juice|cereal|snacks?|biscuits?|cookies|cake|chocolates?|nuts|baby food"
        r"|formula|meal|sandwich|soup|sauce|coffee|tea|pet food|dog food|cat food|crisps|chips)\b",
        r"\b(?:comida|carne|pollo|pescado|leche|queso|yogur|pan|fruta|verdura|huevos?|jamon|zumo|galletas|pienso)\b",
        r"\b(?:nourriture|viande|poulet|poisson|lait|fromage|yaourt|pain|fruits?|legumes|oeufs?|jambon|jus|biscuits)\b",
        r"\b(?:essen|lebensmittel|fleisch|hahnchen|fisch|milch|kase|joghurt|brot|obst|gemuse|eier|wurst|schinken|saft"
        r"|kekse|futter)\b",
        r"\b(?:cibo|carne|pollo|pesce|latte|formaggio|yogurt|pane|frutta|verdura|uova|prosciutto|succo|biscotti)\b",
        r"\b(?:comida|carne|frango|peixe|leite|queijo|iogurte|pao|fruta|legumes|ovos|fiambre|sumo|bolachas|racao)\b",
        r"\b(?:eten|voedsel|vlees|kip|vis|melk|kaas|yoghurt|brood|fruit|groente|eieren|ham|worst|sap|koekjes|voer)\b",
    ]
)
_SPOILED = _any(
    [
        r"\b(?:spoil(?:ed|t)|gone (?:off|bad)|went (?:off|bad)|lumpy|curdled|slimy|bloated|mushy and"
        r"|stank|stinks?|stunk|reek\w*|insects?|worms?|cockroach\w*|flies|mites)\b"
        r"|\bsour\b(?! (?:cream|candy|candies|sweets|dough|patch|apple))|\bfizzy\b(?! (?:drinks?|water|pop))"
        r"|\b(?:already|was|were|is|are|had|has|it) (?:\w+ )?(?:expired|out of date|past (?:its|the) (?:date|best before"
        r"|use by))\b|\b(?:was|were|is|gone|went|smelled|smells|smelt|tasted|tastes|and) off\b"
        r"|\bsmell\w* (?:bad|awful|off|rotten|disgusting|vile|funny|strange|horrible)\b",
        r"\b(?:pasad[oa]s?|estropead[oa]s?|caducad[oa]s?|agri[oa]s?|huele mal|olia mal|en mal estado|cortada|bichos)\b",
        r"\b(?:perime\w*|tourne|aigre|sentait mauvais|sent mauvais|vers|insectes)\b",
        r"\b(?:abgelaufen|sauer|ranzig|stank|stinkt|faul\w*|schlecht geworden|kafer|insekten|wurmer)\b",
        r"\b(?:scadut\w*|rancid\w*|puzzava|puzza|acid[oa]|insetti)\b",
        r"\b(?:estragad[oa]s?|fora (?:de|do prazo de) validade|vencid[oa]s?|azed\w*|cheira(?:va)? mal|bichos|insetos"
        r"|larvas)\b",
        r"\b(?:verlopen|zuur|stonk|stinkt|over de datum|beestjes|insecten)\b",
    ]
)
_FOREIGN_BODY = _any(
    [
        r"\b(?:piece|bit|shard|chunk|fragment|sliver)s? of (?:metal|glass|plastic|wire)\b|\b(?:glass|metal|plastic"
        r"|hair|stone|screw|nail)s? in (?:the|my|it)\b|\bfound (?:a |some )?(?:glass|metal|plastic|hair|insect|bug)\b",
    ]
)
_ILL = _any(
    [
        r"\b(?:ill|sick(?! of| and tired)|stomach (?:ache|pains?|cramps?)|cramps|nause\w*|enferm\w*|malade|krank|ubel"
        r"|stat[oa] male|sentit[oa] male|doente"
        r"|mal disposto|misselijk|ziek)\b",
    ]
)
_CHILD = _any(
    [
        r"\b(?:child|children|kids?|baby|babies|toddler|(?:my|our|his|her) son|daughter|infant|newborn|little one"
        r"|\d+ ?(?:year|yr|month)s? old|ninos?|ninas?|hijos?|hijas?|bebes?|peques?|enfants?|(?:mon|notre|son) fils"
        r"|fille|bambins?|(?:mein|meine|unser|unsere|das|ons|mijn|het) kind|kinder|sohn|tochter"
        r"|kleinkind|bambin[oa]|bimb[oa]|figli[oa]|neonat[oa]|crianca|filho|filha|menin[oa]|zoon|dochter|peuter|kleuter)\b",
    ]
)
_CHILD_HAZARD = _any(
    [
        r"\b(?:in|into) (?:his|her|their|its|the|my) mouth\b"
        r"|\bgot (?:the|a) (?:\w+ )?batter(?:y|ies) out\b|\btrapped\b|\bstuck (?:his|her|its|their)\b"
        r"|\bcaught (?:his|her|their) (?:finger|head|arm|leg|hand|foot)\b|\bmagnets? (?:came|come|fell|fall|pop\w*)"
        r" (?:off|out|loose)\b|\bsmall (?:parts?|pieces?|bits?) (?:came|come|fell|fall|break|broke) (?:off|out|loose)\b",
        r"\ben la boca\b|\bdans (?:sa|la) bouche\b|\bin den mund\b|\bin bocca\b|\bna boca\b|\bin (?:zijn|haar|de) mond\b"
        r"|\batrapad\w*|\bcoince\w*|\beingeklemmt\b|\bincastrat\w*|\bentalad\w*|\bbekneld\b|\bklem (?:gezeten|zat)\b",
    ]
)

_PAIRS: tuple[tuple[re.Pattern[str], re.Pattern[str], int], ...] = (
    # (what, what happened to it, how far apart in characters)
    (_APPLIANCE, _VERY_HOT, 120),
    (_BATTERY, _SWELLING, 60),
    (_CONNECTOR, _BLACKENED, 60),
    (_HEATING_DEVICE, _NO_CUTOFF, 100),
    (_CRACKLE, _FLASH, 80),
    (_APPLIANCE, _TINGLE, 80),
    (_FOOD, _SPOILED, 80),
    (_FOOD, _FOREIGN_BODY, 80),
    (_FOOD, _ILL, 80),
    (_CHILD, _CHILD_HAZARD, 120),
)


def _near(first: re.Pattern[str], second: re.Pattern[str], text: str, window: int,
          harmless: Sequence[tuple[int, int]]) -> bool:
    """A reported cue of `second` within `window` characters of a cue of `first`."""
    anchors = [match.start() for match in first.finditer(text)]
    if not anchors:
        return False
    return any(
        any(abs(start - anchor) <= window for anchor in anchors)
        for start in rules.reported_nearby(second, text, harmless)
    )


def danger_reported(text: str, harmless: Sequence[tuple[int, int]] = ()) -> bool:
    """True when the text reports danger to people, not merely mentions a hazard word."""
    if next(rules.reported_nearby(DANGER, text, harmless), None) is not None:
        return True
    return any(_near(first, second, text, window, harmless) for first, second, window in _PAIRS)
