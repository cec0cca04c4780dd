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

from collections.abc import Sequence

from chalicelib.domain import triage_rules as rules
from chalicelib.domain.triage_hazard_pairs import GATE, PAIRS
from chalicelib.domain.triage_patterns import Cues
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
        r"\bburn(?:t|ed|ing|s)?\b(?!-? ?(?:in|out)\b)|\bscorch\w*|\bsinge[ds]?\b|\bsingeing\b|\bcharr(?:ed|ing)\b",
        r"\bmelt(?:ed|ing|s)?\b|\bblacken\w*|\bscald(?:ed|ing|s)?\b|\barc(?:ed|ing)\b",
        r"\b(?:blistering|red|scorching|burning|dangerously|insanely|ridiculously|extremely) hot\b"
        r"|\btoo hot to (?:touch|hold|handle)\b|\boverheat\w*|\bover heat\w*",
        # smoke and fumes
        r"\bsmok(?:e|ed|es|ing|in)\b(?! (?:detector|alarm|machine|a |cigarettes?|weed|in front|outside))|\bsmok(?:y|ey) (?:smell|odou?r)\b|\bfumes?\b(?! (?:hood|extractor))",
        # electricity
        r"\belectric(?:al|ity)? shock|\belectrocut\w*|\bzap(?:ped|s)?\b|\bshort(?:ed)? (?:circuit\w*|out)\b",
        r"\b(?:got|get|gets|gave|give|gives|giving|received) (?:me |him |her |us |my \w+ )?"
        r"(?:a |an )?(?:\w+ )?shock\b|\bshocked (?:me|him|her|us|my)\b",
        r"\bspark(?:s|ed|ing|y)?\b(?!ling)|\barcing\b",
        r"\b(?:current|electricity|voltage|power) (?:is |was )?(?:leak\w*|going through|running through|coming through)\b"
        r"|\blive (?:wires?|casing|metal)\b|\bexposed (?:wires?|metal)\b",
        r"\bwater\b.{0,40}\b(?:socket|plug|outlet|fuse ?box)\b",
        # explosions, parts flying off, things giving way under someone
        r"\bexplo(?:de|ded|des|ding|sion|sive)\b|\bblew (?:up|off|apart)\b|\bblown (?:off|apart)\b",
        r"\b(?:blade|lid|glass|disc|disk|wheel|handle|cap|top|part|piece)s? (?:\w+ )?(?:flew|blew|shot) (?:off|out)\b",
        r"\bshatter\w*|\bglass (?:everywhere|all over)\b|\bshards?\b",
        r"\bestall(?:o|ado|ada|aron|ido)\b|\b(?:hecho|hizo) anicos\b|\beclat(?:e|ee|es|ees)\b|\ben mille morceaux\b"
        r"|\bvole en eclats\b|\bzersprungen\b|\bzerborsten\b|\bsplitter\w*|\bfrantumat\w*|\bin mille pezzi\b"
        r"|\bestilhac\w*|\bversplinterd\b|\bin duizend stukken\b",
        # breathing, pets, gas, scalds, heat that stays when switched off
        r"\bwheez\w*|\basthma (?:attack|is|got|flared)\w*|\b(?:short(?:ness)? of|out of) breath\b|\bbreathing (?:problems"
        r"|difficult\w*|trouble)\b|\b(?:trouble|difficulty|struggling) breathing\b|\batemnot\b|\batembeschwerden\b"
        r"|\bademhalingsproblem\w*|\bbenauwd\b|\bfalta de ar\b|\bdificuldade (?:em|para|a) respirar\b|\bdificultad"
        r" (?:para|al) respirar\b|\bdifficulte a respirer\b|\bdifficolta (?:a|nel) respirare\b|\bcrise d ?asthme\b",
        r"\b(?:dog|cat|pet|puppy|kitten|horse|rabbit|perro|gato|chien|chat|hund|katze|cane|gatto|cao|hond|kat)\b.{0,40}"
        r"\b(?:got hit|was hit|injured|hurt|died|dead|killed|poisoned|choked|vomit\w*|collapsed|vet)\b",
        r"\bgas\b.{0,40}\b(?:leak\w*|hiss\w*|escap\w*|fuga|fuite|leck\w*|perde|vaza\w*|lek\w*)\b",
        r"\bverbruh\w*|\bescald\w*|\bebouillant\w*",
        r"\b(?:hot|burning|brulant\w*|heiss|caldo|calda|bollente|quente|heet|caliente|ardiendo)\b (?:\w+ ){0,3}(?:even )?"
        r"(?:when |while )?(?:switched off|turned off|unplugged|eteinte?|ausgeschaltet|spento|spenta|desligad[oa]|uit"
        r"|apagad[oa])\b",
        r"\b(?:element|blade|wires?|coil|heating element)s? (?:is |are )?exposed\b|\bexposed (?:element|blade|coil)\b"
        r"|\bguard (?:fell|came|has come|comes) off\b|\blatigazo\w*|\b(?:se (?:le|me) )?cerro la garganta\b|\bthroat"
        r" (?:closed|closing|closing up|tightened)\b|\bgorge serree\b|\bhat mich geschockt\b|\b(?:beim|zum) arzt\b"
        r"|\b(?:chez le|au) medecin\b|\b(?:naar de|bij de) (?:dokter|huisarts)\b|\bherzrasen\b|\btaquicardia\b"
        r"|\btachycardie\b|\btachicardia\b|\bhartkloppingen\b|\bpalpitac\w*|\b(?:parti|partiu|rompi|rompio|broke|casse"
        r"|brak|rotto|gebrochen) (?:o |a |el |la |le |il |mi |me |my |his |her |den |das |die |mijn )?(?:perna|braco|pulso"
        r"|tornozelo|pierna|brazo|muneca|tobillo|jambe|bras|poignet|cheville|gamba|braccio|polso|caviglia|been|arm|pols"
        r"|enkel|bein|handgelenk|knochel|leg|wrist|ankle)\b|\bblack and blue\b|\bconvuls\w*|\bidentity (?:has been |was |got )?stolen\b|\bloch\b.{0,30}\bgebrannt\b"
        r"|\beingebrannt\b|\bangesengt\b|\bversengt\b|\baufgeschnitten\b|\baufgeschlitzt\b|\bcalambr\w*"
        r"|\b(?:preso|prende|presa) (?:la )?(?:corrente|scossa)\b|\bem brasa\b|\brovente\b|\bincandescente\b"
        r"|\bcoup de jus\b|\bse calento\b.{0,20}\b(?:mucho|muchisimo)\b|\been schok\b|\bbruci\w*",
        r"\b(?:collapsed|collapses|gave way|gives way|tipped over|fell apart|folded) (?:while|when|as|under|with"
        r" (?:me|him|her|us))\b|\b(?:snapped|cracked|broke|came apart|came loose|came off) (?:while|when|as) (?:i was |he"
        r" was |she was |we were |they were )?(?:riding|cycling|driving|sitting|standing|climbing|going (?:down|fast)"
        r"|on (?:it|them|top))\b|\b(?:wheel|leg|strap|buckle|brake|side|bar|rail|tray)s? (?:\w+ )?(?:came off|fell off"
        r"|broke|snapped|collapsed|gave way)\b.{0,30}\b(?:pram|car seat|buggy|stroller|pushchair|high ?chair|cot|crib)\b",
        r"\bse (?:desplom\w*|vino abajo)\b|\bs ?est effondre\w*|\bzusammengebrochen\b|\bzusammengeklappt\b"
        r"|\bunter (?:mir|ihm|ihr) (?:nachgegeben|zusammen\w*|gebrochen|weggebrochen)\b|\bcrollat\w*|\bdesabou\b"
        r"|\bingestort\b|\bbezweken\b",
        r"\bbrake failure\b",
        # injuries
        r"\binjur(?:y|ies|ed|ing)\b|\bbleed\w*|\bblood\b|\bhospital(?:s|ised|ized|isation|ization)?\b|\bemergency room\b|\ba ?(?:&|and) ?e\b"
        r"|\bambulance\b|\bparamedics?\b|\burgent care\b",
        r"\b(?:hurt|cut|burnt|burned|injured) (?:my|his|her|their|our)(?:self|selves)\b",
        r"\b(?:sliced|gashed|slashed|cut|burnt|burned|scalded) (?:open )?(?:my|his|her|their|our) (?:\w+ )?" + _BODY,
        r"\b(?:cuts?|gash|wound|burns?|blisters) (?:on|to|in|across) (?:my|his|her|their|our|both) (?:\w+ )?" + _BODY,
        r"\b(?:into|through) (?:my|his|her|their) " + _BODY + r"\b",
        r"\b(?:needed|need|got|getting|had|have|requiring|required) (?:\d+ |a few |several |some )?stitches\b",
        r"\bboiling (?:water|oil|liquid|soup)\b.{0,30}\b(?:over|on|onto) (?:my|his|her|their|our)\b",
        r"\b(?:threw|thrown|flung|knocked) (?:me|him|her|us|my (?!parcels?|packages?|box|boxes|deliver\w*|orders?)\w+) (?:off|over|down)\b|\bhit (?:my|his|her) head\b",
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
        r"\bnose ?bleeds?\b|\b(?:heart|pulse) (?:was |is |started )?(?:racing|race|pounding)\b|\bended up (?:in|at) (?:the )?"
        r"(?:er|a ?& ?e|hospital|casualty|urgent care)\b|\b(?:dentist|doctor|gp|vet|nurse)s? (?:had to|has to|needed to)\b"
        r"|\b(?:sick|unwell|vomit\w*|nause\w*|headaches?|dizz\w*)\b.{0,40}\b(?:after|since|from) (?:eating|using|drinking"
        r"|taking|wearing|applying|smelling|breathing)\b|\b(?:after|since) (?:eating|using|drinking|taking|applying|wearing)\b"
        r".{0,60}\b(?:sick|(?:fell|got|became|felt|feel|was|were) ill|unwell|vomit\w*|nause\w*|headaches?|dizz\w*)\b",
        r"\b(?:best before|use by|sell by|expiry date|fecha de caducidad|date de peremption|dlc|mindesthaltbarkeit\w*|mhd"
        r"|data di scadenza|prazo de validade|houdbaarheidsdatum|tht)\b.{0,30}\b(?:ago|passed|expired|last (?:week|month"
        r"|year)|vencid\w*|pasad\w*|depasse\w*|abgelaufen|scadut\w*|ultrapassad\w*|verlopen|verstreken)\b",
        r"\b(?:arm|brazo|bras|braccio|braco|bein|pierna|jambe|gamba|perna|leg|hand|mano|main|mao|nose|nariz|nez|naso"
        r"|neus|nase|collarbone|ribs?|hip|jaw|elbow|shoulder)s? (?:is |are |esta |est |e |ist )?(?:broken|roto|rota|casse|cassee"
        r"|rotto|rotta|partido|partida|gebrochen|gebroken|fractured|fracturad[oa]|fracture|fratturat[oa]|fraturad[oa])\b"
        r"|\bbroken (?:collarbone|ribs?|hip|jaw|elbow|shoulder|nose|arm|leg)\b",
        r"\bconcussion\b|\bseizures?\b|\bhad a fit\b|\bunconscious\b|\b(?:call\w*|rang|ring|phoned|dialled|dialed)"
        r" (?:999|911|112|an ambulance)\b|\bbloodshot\b|\bblurr(?:y|ed) vision\b|\bspoedeisende hulp\b|\bhuisartsenpost\b",
        r"\bhit (?:me|him|her|us|my \w+) in the (?:face|eye|head|chest|mouth)\b|\b(?:wrapped|tangled|caught|twisted)"
        r" (?:a)?round (?:his|her|their|the baby\w*|my \w+\w*) neck\b",
        r"\b(?:red (?:blotches|welts|bumps)|red spots all over)\b|\b(?:rote|roten) (?:flecken|pusteln|quaddeln)\b"
        r"|\bmanchas rojas\b|\bmacchie rosse\b|\brode (?:vlekken|plekken|bultjes)\b",
        # people hurting themselves, reflexively, in each language
        r"\b(?:se|me|te|nos) (?:corto|corte|quemo|queme|hizo dano|hice dano|lastimo|lastime)\b"
        r"|\b(?:s|m|t) ?(?:est|e suis|es) (?:coupe|brule|blesse|fait mal|casse|ouvert)\w*"
        r"|\b(?:sich|mir|ihm|ihr)\b.{0,25}\b(?:geschnitten|verbrannt|verletzt|weh getan|gebrochen|gequetscht)\b"
        r"|\b(?:mi|si|ti|ci) (?:sono|e|siamo|ha) (?:tagliat|ferit|bruciat|scottat|fatt[oa] male)\w*"
        r"|\b(?:se|me) (?:cortou|queimou|magoou|feriu)\b|\b(?:cortou|queimou|magoou|feriu)-(?:se|me)\b"
        r"|\b(?:zich|mij|me)\b.{0,15}\b(?:gesneden|gebrand|verwond|bezeerd)\b",
        # spoiled or contaminated food
        r"\bmou?ldy\b|\b(?:covered in|full of|with|has|had|spots of|growing|grew|green|white|black|blue) mou?ld\b"
        r"|\bmou?ld (?:on|all over|growing|spots)\b|\b(?:green|white|blue|grey|gray) fuzz\b",
        r"\brott(?:en|ing)\b|\bmaggots?\b|\bweevils?\b|\blarva[es]?\b|\bfood poison\w*",
        # hazards by name, gas, recalls
        r"\b(?:hazard|hazardous|dangerous|unsafe)\b|\bdeath ?trap\b|\bfire risk\b|\brecall (?:it|this|them|these|the"
        r" product|this product)\b",
        r"\bgas (?:leak\w*|smell\w*|odou?r|escap\w*)|\bcarbon monoxide\b|\bsmell(?:s|ed|ing)? (?:of |like )?(?:gas|burning"
        r"|smoke|melting|(?:hot|burning|burnt|melted|melting) (?:plastic|rubber))\b|\b(?:hot|burning|burnt|melted"
        r"|melting) (?:plastic|rubber) smell\b",
        r"\b(?:sharp|exposed) (?:edge|edges|wire|wires|metal)\b|\bchoking hazard\b|\bgag(?:ged|ging)\b",
        r"\b(?:car seat|child seat|helmet|crib|cot|stroller|pushchair|buggy|pram|high ?chair|baby gate|harness)\b.{0,40}"
        r"\b(?:broke|snapped|collapsed|failed|came (?:off|apart|loose|undone)|gave way|pops? open|popped open"
        r"|opens? (?:by itself|on its own)|unlatch\w*)\b",
        r"\b(?:flooded|flooding|water (?:all over|everywhere) the (?:floor|kitchen))\b",
        r"\b(?:stopped|not|isnt|doesnt) (?:cooling|freezing)\b.{0,60}\b(?:insulin|medicine|medication)\b",
        # es
        r"\bfuego\b|\bincendi\w*|\bllamas\b|\bhumo\b|\bolor a (?:quemado|chamuscado|gas)\b|\bchamusc\w*|\bcalcinad\w*",
        r"\bquem(?:o|ado|ada|adura|aduras|e)\b|\bderreti\w*|\bderriti\w*|\bse derrit\w*",
        r"\b(?:da|dar|dava|deu|daba|dio|fa|prende) (?:la |um |uma |una )?(?:choques?|corriente|calambres?|scossa)\b|\bdescarga electrica\b|\b(?:dio|da|pego|recibi|senti|lleve) (?:una )?descarga\b|\bcalambre\w*|\bchispa\w*|\bexplot\w*|\bexplosion\b|\bcortocircuito\b"
        r"|\b(?:me|le) (?:dio|da) (?:la )?corriente\b",
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
        r"|\betincelles?\b|\bexplos\w*|\bcourt ?circuit\b",
        r"\bsurchauff\w*|\bchauffe (?:enormement|beaucoup trop|anormalement)\b",
        r"\bblesse\w*|\bblessure\w*|\betouff\w*|\bdangereu\w*|\burgences\b|\bpoints de suture\b|\bhopital\b"
        r"|\bje me suis (?:coupe|brule|blesse|ouvert)\w*|\bsaign\w*",
        r"\breaction allergique\b|\bplaques rouges\b|\burticaire\b|\beczema\b|\bintoxication\b|\bvomi\w*"
        r"|\bmoisi\w*|\bpourri(?:e|es|s|r|ture)?\b|\bavarie\w*|\basticots?\b|\bfuite de gaz\b",
        r"\b(?:failli|presque|a moitie) (?:avaler|avale|s ?etouffer|mourir|electrocute)\b|\bavale\w*",
        # de
        r"\bfeuer\b|\bbrand(?:geruch|gefahr|stelle|flecken)\b|\bin brand\b|\bbrennt\b|\bflamme\w*",
        r"\b(?:rauch|raucht|rauchte|qualm\w*)\b|\bverbrannt\w*|\bverbrennung\w*|\bangekokelt\b|\bverkohlt\b",
        r"\bverschmort\w*|\b\w*geschmolzen\b|\bschmilzt\b|\bstromschlag\w*|\bfunken\w*|\b(?:es|und|er|sie) funkt\b"
        r"|\bexplodiert\w*|\bkurzschluss\b|\bunter strom\b|\b(?:elektrischen )?schlag (?:verpasst|bekommen|gekriegt|gegeben)\b|\beine?n? gewischt\b",
        r"\buberhitz\w*|\bwird (?:extrem|sehr|viel zu|gluhend) heiss\b|\bgluhend heiss\b|\baufgeblah\w*|\bgeblaht\b",
        r"\bverletz\w*|\berstick\w*|\bverschluck\w*|\bgefahrlich\w*|\bnotaufnahme\b|\bkrankenhaus\b"
        r"|\bgeschnitten\b|\bschnittwunde\w*|\bgenaht\b|\bblute\w*|\bbrandblase\w*",
        r"\ballergische reaktion\b|\bausschlag\b|\bquaddeln\b|\bvergiftung\b|\berbrochen\b|\bdurchfall\b"
        r"|\bverschimmelt\b|\bschimm?lig\b|\bschimmel\b|\bverdorben\b|\bmaden\b|\bgasgeruch\b|\briecht nach gas\b",
        # it
        r"\bfuoco\b|\bfiamm\w*|\bfumo\b|\bbruciat\w*|\bscintill\w*|\besplo\w*|\bsurriscald\w*"
        r"|\bscossa\b|\bferit[oa]\b|\bpericolos\w*|\bustion\w*|\bsciolt[aoie]\b|\bsi e fus[ao]\b",
        r"\breazione allergica\b|\bsoffoc\w*|\bscottat\w*|\bscotta (?:tantissimo|troppo)\b|\bha preso fuoco\b"
        r"|\bcortocircuito\b",
        r"\bmi sono (?:tagliat|ferit|bruciat|scottat)\w*|\bpronto soccorso\b|\bospedale\b|\bpunti di sutura\b|\bsangu\w*",
        r"\bsfogo\b|\borticaria\b|\bintossica\w*|\bmuffa\b|\bammuffit\w*|\bavariat\w*|\bmarci[ot]?\b|\bvermi\b"
        r"|\bandat[oa] a male\b|\bfuga di gas\b|\bodore di gas\b|\bingoiat\w*|\binghiott\w*",
        # pt
        r"\bfogo\b|\bchamas?\b|\bfumo\b|\bfumaca\b|\bqueimad\w*|\bqueimou\b|\bqueimei\b|\bfaisca\w*"
        r"|\bexplodi\w*|\bsobreaquec\w*|\bchoque eletrico\b|\bferid[oa]s?\b|\bperigos\w*|\bderret\w*",
        r"\breacao alergica\b|\bcurto ?circuito\b|\bengasg\w*|\bsufoc\w*|\bsuperaquec\w*"
        r"|\b(?:levei|leva|deu|dava|apanhei) (?:um )?choque\b|\baquece (?:muito|demais)\b",
        r"\bcortei\b|\bme cortei\b|\burgencias\b|\bpontos\b.{0,20}\b(?:mao|dedo|braco|perna|cabeca)\b|\bsangr\w*",
        r"\bmanchas vermelhas\b|\burticaria\b|\bintoxica\w*|\bdiarreia\b|\bbolor\w*|\bmofo\b|\bmofad\w*|\bpodre\b"
        r"|\bfuga de gas\b|\bcheiro a gas\b|\bengoli\w*",
        # nl
        r"\bvlam\w*|\brook\b|\brookt\b|\bverbrand\w*|\bvonk\w*|\bontplof\w*|\boververhit\w*|\bgesmolten\b"
        r"|\bverschroeid\b|\bverkoold\b|\bschroeiplek\w*|\bbrandlucht\b|\bschroeilucht\b",
        r"\bstroomstoot\b|\bstroomschok\w*|\belektrische schok\b|\bschok gekregen\b|\bkreeg (?:een )?schok\b|\bonder stroom\b|\bkortsluiting\b"
        r"\bgewond\b|\bgevaarlijk\w*|\bbrandwond\w*|\bin brand\b|\bwordt (?:heel |erg |veel te )?heet\b|\bgloeiend heet\b"
        r"|\bletsel\b|\bopengehaald\b|\bsnijwond\w*|\bgehecht\b|\bhechtingen\b|\bziekenhuis\b|\beerste hulp\b|\bbloed(?:de|t|en|ing)?\b",
        r"\ballergische reactie\b|\bverstik\w*|\buitslag\b|\bgalbulten\b|\bvergiftig\w*|\bovergegeven\b|\bdiarree\b"
        r"|\bbeschimmeld\b|\bschimmel\b|\bbedorven\b|\bmaden\b|\bgaslucht\b|\bgaslek\w*|\bverslik\w*|\bingeslikt\b",
    ]
)

def _near(first: Cues, second: Cues, text: str, window: int,
          harmless: Sequence[tuple[int, int]]) -> bool:
    """A reported cue of `second` within `window` characters of a cue of `first`."""
    # The second, the harm, is the rarer: most messages stop after one scan.
    starts = list(rules.reported_nearby(second, text, harmless))
    if not starts:
        return False
    return any(abs(start - match.start()) <= window for match in first.finditer(text) for start in starts)


def danger_reported(text: str, harmless: Sequence[tuple[int, int]] = ()) -> bool:
    """True when the text reports danger to people, not merely mentions a hazard word."""
    if next(rules.reported_nearby(DANGER, text, harmless), None) is not None:
        return True
    if GATE.search(text) is None:
        return False
    return any(_near(first, second, text, window, harmless) for first, second, window in PAIRS)
