"""Concept pairs for triage_hazards: words harmless alone that report danger together within
a sentence or two, in the seven languages triage detects. A charger and "so hot", a battery
and "puffed up", bread and "green fuzz", a toddler and "in his mouth", a heater and "never
cuts out", a lip and "swollen", a shock and touching an appliance.

Patterns run on `triage_text.normalise` output (lower case, accents and apostrophes dropped).
"""

from __future__ import annotations

from chalicelib.domain.triage_patterns import Cues, gate
from chalicelib.domain.triage_rules import any_of as _any

# Concepts that report danger only in company: each pair below names two of them.
_APPLIANCE = _any(
    [
        r"\b(?:charg(?:er|ing)|adapt[eo]r|plug|socket|outlet|cable|cord|lead|wire|batter(?:y|ies)|power ?bank|laptop"
        r"|phone|tablet|heater|kettle|toaster|iron|(?:hair ?)?dryer|hairdryer|straightener|curler|blanket|lamp|bulb"
        r"|fan|motor|device|appliance|machine|controller|console|e-?bike|scooter|hob|oven|microwave|fryer|cooker"
        r"|radiator|monitor|speaker|extension|drill|vacuum|hoover|toothbrush|shaver|razor|base|unit|fridge)s?\b",
        r"\b(?:cargador|enchufe|cable|bateria|movil|portatil|estufa|calefactor|hervidor|tostadora|plancha|secador"
        r"|lampara|aparato|maquina|patinete|freidora|horno|microondas|radiador|ventilador|adaptador)(?:es|s)?\b",
        r"\b(?:chargeur|prise|cable|fil|batterie|telephone|portable|ordinateur|radiateur|chauffage|bouilloire|plaques?(?: de cuisson| induction)?|cuisiniere"
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
        r"\b(?:so|very|really|super|extremely|too|way too|insanely|crazy|incredibly|seriously|unbearably|boiling|stupidly"
        r"|roasting|searing|baking) hot\b|\bgone soft\b|\bsoftened\b|\bhot to (?:the )?touch\b|\bheats? up (?:a lot|like crazy|massively)\b|\b(?:too|so) hot (?:it|that|i|you)\b",
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
# A battery that leaks or splits open is as dangerous as a swollen one; a flour bag that does is not.
_BATTERY_DAMAGE = _any(
    [
        r"\b(?:split open|burst|ruptur\w*|leak\w* (?:\w+ )?(?:acid|liquid|fluid|electrolyte)|smells? chemical|chemical smell"
        r"|hiss\w*)\b",
    ]
)
_DAMAGED_INSULATION = _any(
    [
        r"\b(?:fray\w*|bare wires?|exposed wires?|exposing (?:the )?wires?|copper (?:showing|visible)|down to the (?:copper"
        r"|wires?)|wires? (?:showing|sticking out|exposed)|pelad\w*|denude\w*|blank(?:e|en)? (?:drahte?|kabel)|kabel (?:liegt )?blank"
        r"|filo scoperto|fios? descarnad\w*|draad bloot|blanke draad)\b",
    ]
)
_VEHICLE = _any([r"\b(?:e-?bikes?|bikes?|scooters?|treadmill|mower|hoverboard|patinete|trottinette|roller|monopattino"
                 r"|trotinete|step|fiets|fahrrad|bici\w*|velo)\b"])
_RUNAWAY = _any([r"\b(?:accelerat\w*|speeds? up|sped up|takes? off|surg\w*|goes|moves) (?:\w+ )?(?:on its own|by itself)\b"
                 r"|\b(?:wont|will not|cant|couldnt|could not|wouldnt|didnt) stop\b|\b(?:acelera|accelere|beschleunigt"
                 r"|accelera|acelera|versnelt) (?:sol[oa]|tout seul|von selbst|da sol[oa]|sozinh[oa]|vanzelf)\b"])

_SWELLING = _any(
    [
        r"\b(?:swell\w*|swollen|bulg\w*|puff\w*|bloat\w*|balloon\w*|expand\w*|hinch\w*|abomb\w*|inflad\w*|gonfl\w*|gonfi\w*|aufgebla\w*"
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
_CRACKLE = _any(
    [
        r"\b(?:crackl\w*|bang|banged|pop(?:ped|ping)?\b(?![ -]up)|buzz\w*|hiss\w*|knall\w*|chisporrote\w*|gresill\w*)",
        # a fuse or breaker tripping: a fault to the electrics, dangerous with a flash or sparks
        r"\b(?:trips?|tripped|tripping|blows?|blew|blown|blowing) (?:the |a |my |our |all the )?(?:fuses?|breakers?"
        r"|circuit breaker|rcd|trip switch|electrics|power)\b|\bbreaker (?:trips|tripped|wont reset)\b"
        r"|\bsalt(?:a|an|o|aron|ar) (?:los plomos|el diferencial|la luz)\b|\bdisjonct\w*|\bsicherung\b|\bfi[- ]?schalter\b"
        r"|\bsalvavita\b|\bfa saltare (?:la corrente|i fusibili|la luce)\b|\bdisjuntor\b|\bstoppen (?:springen|sprongen"
        r"|slaan door|sloegen door)\b|\baardlek\w*",
    ]
)
_FLASH = _any([r"\b(?:flash(?:es|ed|ing)?|flames?|destello\w*|fogonazo|eclairs?|blitz(?:e|te|en)?|lampo|lampi|clarao|flits\w*)\b"])
_TINGLE = _any([r"\b(?:tingl\w*|hormigue\w*|picote\w*|fourmill\w*|kribbel\w*|formicol\w*|formigueiro|tinteling)"])
_FOOD = _any(
    [
        r"\b(?:food|meat|chicken|beef|pork|lamb|mince|fish|salmon|prawns?|milk|cheese|yog(?:h)?urt|bread|loaf|fruit"
        r"|veg\w*|salad|eggs?|ham|sausages?|juice|cereal|snacks?|biscuits?|cookies|cake|chocolates?|nuts|baby food|bars|protein\w*"
        r"|formula|meal|sandwich|soup|sauce|coffee|tea|pet food|dog food|cat food|crisps|chips|muesli|granola|oats|sushi"
        r"|cans|tins?|jars?|treats|milk powder|coconut milk|tuna|beans"
        r"|flour|rice|pasta|salad bag|porridge|honey|jam)\b|\b(?:musli|muesli|cereales|cereali|cereais|ontbijtgranen)\b",
        r"\b(?:comida|carne|pollo|pescado|leche|queso|yogur|pan|fruta|verdura|huevos?|jamon|zumo|galletas|pienso)\b",
        r"\b(?:nourriture|viande|poulet|poisson|lait|fromage|yaourt|pain|fruits?|legumes|oeufs?|jambon|jus|biscuits|riz"
        r"|pates|farine|cereales|salade|plat)\b|\b(?:plato|gericht|piatto|prato|gerecht)\b|\b(?:ensalada|salat|insalata|salada|sla|appelmoes|compote|compota|puree|brei"
        r"|pappa|papinha|papilla)\b|\b(?:arroz|harina|reis|mehl|nudeln|riso|farina|farinha|massa|rijst|meel|pasta)\b",
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
        r"|\b(?:fluffy|fuzzy|furry) (?:\w+ )?(?:spots|patches|stuff|mould|mold|growth|white|green|blue)\b|\b(?:green|white"
        r"|blue|black) spots\b|\bsour\b(?! (?:cream|candy|candies|sweets|dough|patch|apple))|\bfizzy\b(?! (?:drinks?|water|pop))"
        r"|\b(?:already|was|were|is|are|had|has|it) (?:\w+ )?(?:expired|out of date|past (?:its|the) (?:date|best before"
        r"|use by))\b|\b(?:was|were|is|gone|went|smelled|smells|smelt|tasted|tastes|and) off\b"
        r"|\bsmell\w* (?:bad|awful|off|rotten|disgusting|vile|funny|strange|horrible)\b",
        r"\b(?:pasad[oa]s?|estropead[oa]s?|caducad[oa]s?|agri[oa]s?|huele mal|olia mal|huele fatal|olia fatal|verdos[oa]"
        r"|en mal estado|cortada|bichos|viscos[oa])\b",
        r"\b(?:perime\w*|tourne|aigre|sentait mauvais|sent mauvais|vers|insectes)\b",
        r"\b(?:abgelaufen|sauer|ranzig|stank|stinkt|faul(?:ig\w*|e|es|en)?|schlecht geworden|kafer|insekten|wurmer"
        r"|schleimig|schmierig|grunlich)\b",
        r"\b(?:scadut\w*|rancid\w*|puzzava|puzza|acid[oa]|insetti)\b",
        r"\b(?:estragad[oa]s?|fora (?:de|do prazo de) validade|vencid[oa]s?|azed\w*|cheira(?:va)? mal|bichos|insetos?"
        r"|larvas)\b",
        r"\b(?:verlopen|zuur|stonk|stinkt|over de datum|beestjes|insecten)\b",
        # creatures that have no business in food
        r"\b(?:slugs?|snails?|beetles?|cockroach\w*|rats?|rodents?|droppings|spiders?|moths?|ants)\b"
        r"|\b(?:babosas?|caracol\w*|cucarachas?|ratas?|escarabajos?|hormigas?|limaces?|escargots?|cafards?"
        r"|fourmis|scarabees?|schnecken?|kafer|kakerlaken?|ratten?|ameisen|motten|lumac\w*|scarafagg\w*"
        r"|formiche|lesmas?|baratas?|formigas?|slakken?|kakkerlak\w*|ratten|mieren)\b",
    ]
)
_FOREIGN_BODY = _any(
    [
        r"\b(?:piece|bit|shard|chunk|fragment|sliver)s? of (?:metal|glass|plastic|wire)\b|\b(?:glass|metal|plastic"
        r"|hair|stone|screw|nail)s? in (?:the|my|it)\b|\b(?:morceau|bout|trozo|stuck|pezzo|pedaco|stuk)s? (?:de |di |van )?"
        r"(?:verre|vidrio|cristal|metal\w*|plasti\w*|glas|vetro|vidro|metaal)\b|\b(?:glas|vidrio|cristal|verre|vetro|vidro|scherven|glassplitter"
        r"|glasscherben)\b|\bfound (?:a |some )?(?:glass|metal|plastic|hair|insect|bug)\b",
    ]
)
_ILL = _any(
    [
        r"\b(?:(?:fell|got|gotten|became|been|was|were|is|are|feel|felt|very|really|so|seriously|violently) ill|sick(?! of| and tired)|stomach (?:ache|pains?|cramps?)|cramps|nause\w*|enferm\w*|malade|krank|ubel"
        r"|stat[oa] male|sentit[oa] male|doente"
        r"|mal disposto|misselijk|ziek)\b",
    ]
)
_CHILD = _any(
    [
        r"\b(?:child|children|kids?|baby|babies|toddler|(?:my|our|his|her) son|daughter|infant|newborn|little one"
        r"|\d+ ?(?:year|yr|month)s? olds?|ninos?|ninas?|hijos?|hijas?|bebes?|peques?|enfants?|(?:mon|notre|son) fils"
        r"|fille|bambins?|(?:mein|meine|unser|unsere|das|ons|mijn|het) kind|kinder|sohn|tochter"
        r"|kleinkind|bambin[oa]|bimb[oa]|figli[oa]|neonat[oa]|crianca|filho|filha|menin[oa]|zoon|dochter|peuter|kleuter)\b",
    ]
)
_CHILD_HAZARD = _any(
    [
        r"\b(?:in|into) (?:his|her|their|its|the|my) mouth\b"
        r"|\bgot (?:the|a) (?:\w+ )?batter(?:y|ies) out\b|\b(?:wedged|jammed|got stuck|stuck in)\b|\b(?:could|might|would) (?:have |easily )?(?:eaten|swallowed|choked|eat"
        r"|swallow|choke)\b|\b(?:drank|drunk|ate|eaten|licked|sucked on) (?:some|a bit|part|one|it)\b.{0,40}\b(?:sick"
        r"|vomit\w*|throwing up|threw up|ill|hospital)\b|\b(?:playpen|play pen|bouncer|baby walker|baby bath|changing"
        r" table|bunk bed)\b.{0,30}\b(?:collapsed|broke|gave way|folded|tipped)\b|\bgot (?:one|it|them"
        r"|the \w+) open\b|\bgot into (?:the|it|them)\b|\btrapped\b|\bstuck (?:his|her|its|their)\b"
        r"|\bcaught (?:his|her|their) (?:finger|head|arm|leg|hand|foot)\b|\bmagnets? (?:came|come|fell|fall|pop\w*)"
        r" (?:off|out|loose)\b|\bsmall (?:parts?|pieces?|bits?) (?:came|come|fell|fall|break|broke) (?:off|out|loose)\b",
        r"\b(?:he|she|they|baby|toddler|son|daughter|kid|child)\b (?:\w+ ){0,2}(?:fell|tumbled|toppled|rolled off)\b(?! in love"
        r"| asleep)|\b(?:crashed|came crashing|toppled|tipped|fell) (?:down|over)\b|\bguard ?rail\b.{0,20}\b(?:came loose"
        r"|came off|broke|snapped|gave way)"
        r"|\b(?:se cayo|se ha caido|tombee?|est tombe\w*|gesturzt|hingefallen|runtergefallen|caduto|caduta|caiu|gevallen"
        r"|viel)\b",
        r"\ben la boca\b|\bdans (?:sa|la) bouche\b|\bin den mund\b|\bin bocca\b|\bna boca\b|\bin (?:zijn|haar|de) mond\b"
        r"|\batrapad\w*|\bcoince\w*|\beingeklemmt\b|\bincastrat\w*|\bentalad\w*|\bbekneld\b|\bklem (?:gezeten|zat)\b"
        r"|\bse (?:pleg\w*|cerro solo|ha cerrado)\b|\bs ?est (?:replie|referme)\w*|\bklappte\w* zusammen\b|\bsi e chius[oa]\b"
        r"|\bfechou-se\b|\bklapte in\w*",
    ]
)

# A brake and its failure; a button cell and a way for a child to reach it; food and swelling.
_BRAKE = _any([r"\b(?:brakes?|braking|brake lever|frenos?|freins?|bremsen?|freni|freio|travoes?|travao|remmen)\b"])
_FAILS = _any(
    [
        r"\b(?:does nothing|do nothing|did nothing|doesnt work|dont work|do not work|didnt work|failed|fail|fails|gave out"
        r"|stopped working|not working|wont stop|wouldnt stop|no (?:stopping|braking) power|(?:does not|doesnt|wont|will not"
        r"|didnt|did not) (?:engage|hold|grip|catch|lock)|fallan|fallaron|fallo"
        r"|no (?:funcionan|funciona|van|frenan|frena)|ne (?:marchent|marche|fonctionnent|fonctionne)|lache\w*|versag\w*"
        r"|funktionier\w* nicht|non funzionano|non funziona|hanno ceduto|falharam|falhou|nao funcionam|nao funciona"
        r"|werken niet|werkt niet|faalden)\b",
    ]
)
# What holds a child or a rider in place, and it letting go: a car seat buckle that opens on a bump.
_RESTRAINT = _any([r"\b(?:(?:car ?seat|seat|harness|safety|child|baby|stroller|pram|buggy|high ?chair|cot|crib) (?:buckle|clip"
                   r"|latch|strap|lock)s?|harness\w*|car ?seats?|booster seats?|seat ?belts?|stair ?gates?|safety gates?|helmet"
                   r" straps?|chin straps?|cot sides?|crib sides?|hebilla|arnes|silla de coche|boucle|harnais|siege auto"
                   r"|gurtschloss|gurt|kindersitz|autositz|fibbia|imbracatura|seggiolino|fivela|cadeirinha|gesp|autostoel"
                   r"|traphek)\b"])
_LETS_GO = _any([r"\b(?:releas\w*|opens?|opened|comes? (?:undone|open|loose)|came (?:undone|open|loose)|pops? open|popped open"
                 r"|unbuckl\w*|unlatch\w*|gives? way|gave way|collaps\w*|snapp\w*|slips?|slipped)\b (?:\w+ ){0,3}(?:by itself"
                 r"|on its own|itself|when|while|during|under|if)\b|\bse (?:abre|suelta|ouvre|detache) solo\b|\bgeht von"
                 r" selbst auf\b|\bsi (?:apre|sgancia) da sol[oa]\b|\babre sozinh[oa]\b|\bgaat vanzelf open\b"])
_BUTTON_CELL = _any([r"\b(?:button (?:cells?|batter(?:y|ies))|coin cells?|knopfzelle\w*|pilas? de boton|piles? bouton"
                     r"|batteri[ae] a bottone|pilhas? de botao|knoopcel\w*)\b"])
_REACHABLE = _any([r"\b(?:falls? off|fell off|came off|comes off|came out|comes out|loose|expos\w*|got (?:\w+ )?out"
                   r"|swallow\w*|easily|open\w*|accessible|child|kid|toddler|baby)\b"])

# A body part and harm to it. Words that also name parts of things ("the arm of the chair", "the
# back cover", "the head of the brush") count only after "my", "his", "her"...
_POSSESSIVE = r"(?:my|his|her|their|our|mon|ma|mes|sa|ses|mein\w*|sein\w*|ihr\w*|mijn|zijn|haar|mio|mia|suo|sua|meu|minha|seu|mi|su|sus)"
_BODY = _any(
    [
        r"\b(?:fingers?|thumbs?|toes?|lips?|tongue|throat|skin|wrists?|ankles?|knees?|scalp|cheeks?|eyes?|eyelids?"
        r"|forehead|nose|ears?|dedos?|labios?|lengua|garganta|piel|tobillos?|rodillas?|ojos?|parpados?|mejillas?|cara"
        r"|doigts?|levres?|langue|gorge|peau|poignets?|chevilles?|genoux|genou|yeux|oeil|paupieres?|joues?|visage|cotes?"
        r"|daumen|lippen?|zunge|haut|handgelenk|knochel|knie|augen?|augenlid\w*|wangen?|gesicht|dit[oa]|labbr[oa]"
        r"|lingua|gola|pelle|polso|caviglia|ginocchi[oa]|occhi[oa]?|palpebr\w*|guance|faccia|viso|labios?|pele|pulso"
        r"|tornozelo|joelhos?|olhos?|palpebras?|bochechas?|rosto|vingers?|duim|lippen|tong|keel|huid|pols|enkel|ogen"
        r"|oog|oogleden|wangen|gezicht)\b",
        r"\b" + _POSSESSIVE + r" (?:\w+ ){0,2}(?:hands?|arms?|legs?|foot|feet|head|face|back|neck|chest|mouth|mano|manos|brazo"
        r"|pierna|pie|cabeza|espalda|cuello|boca|main|bras|jambe|pied|tete|dos|cou|bouche|hand|arm|bein|fuss|kopf|rucken"
        r"|hals|mund|braccio|gamba|piede|testa|schiena|collo|bocca|mao|braco|perna|pe|cabeca|costas|pescoco|boca|been"
        r"|voet|hoofd|rug|nek|mond)\b",
        r"\b(?:mir|ihm|ihr|sich|me|se|te|le|lui|mi|si|gli|lhe)\b (?:\w+ ){0,2}(?:hand|arm|bein|fuss|kopf|mano|brazo|pierna"
        r"|pie|cabeza|main|bras|jambe|pied|tete|braccio|gamba|piede|testa|mao|braco|perna|cabeca)\b",
    ]
)
_BODY_HARM = _any(
    [
        r"\b(?:swell\w*|swollen|puff(?:ed|y)|cut|cuts|sliced|gash\w*|bleed\w*|bloodshot|blister\w*|burn(?:t|ed|s)?|broke|broken"
        r"|fractur\w*|crush\w*|bruis\w*|sprain\w*|raw|blotch\w*|itch\w*|sting\w*|numb|lost the tip|stitches|welts?"
        r"|red (?:spots|patches|marks|bumps)|peeling|hurt|hurts|injured|cortes|fele\w*|flew|shot|struck|cracked|banged|bashed"
        r"|smashed|split|entaill\w*|snee|wond|geflogen|gesprungen|schizzat\w*|vloog|parti|partiu"
        r"|rompi|rompio|brak)\b",
        r"\b(?:hinch\w*|inflam\w*|cort(?:e|o|ado|ada|ada)|sangr\w*|quem\w*|rot[oa]|fractur\w*|aplast\w*|morad\w*|roj[oa]s?"
        r"|manchas|picor|picazon|ronchas|gonfl\w*|enfl\w*|coupe\w*|saign\w*|brul\w*|cass(?:e|ee|es|ees|ure)|ecras\w*|plaques|demange\w*"
        r"|geschwollen|schwell\w*|angeschwollen|dick|dicke|geschnitten|blut\w*|verbrannt|gebrochen|gequetscht|prellung"
        r"|flecken|juck\w*|gonfi\w*|tagliat\w*|sangu\w*|bruciat\w*|rott[oa]|frattur\w*|schiacciat\w*|livid\w*|macchie"
        r"|arross\w*|prurito|inchad\w*|inchou|cortad\w*|queimad\w*|partid[oa]|fratur\w*|esmagad\w*|vermelh\w*|comichao"
        r"|opgezwollen|gezwollen|dikke|gesneden|bloed\w*|verbrand|gebroken|gekneusd|vlekken|rood|rode|jeuk\w*)\b",
    ]
)
# An electric shock, told as touching an appliance and feeling something.
_SHOCK = _any(
    [
        r"\b(?:shocks?|jolts?|zaps?|tingl\w*|buzz|live|current|courant|corrente|corriente|calambres?|descargas?|jus|decharges?|chataigne|schlag|strom"
        r"|scoss[ae]|choques?|schok|schokje|tik|tikje|stroom|kribbel\w*|pizzic\w*|formigueiro|prikkel\w*)\b",
    ]
)
_TOUCH = _any(
    [
        r"\b(?:touch\w*|tocar\w*|toco|toque|toca|tocarla|tocarlo|touche\w*|anfass\w*|beruhr\w*|fasse|tocc\w*|tocando"
        r"|aanraak\w*|aanraken|aanraakte|aankom\w*)\b",
    ]
)

PAIRS: tuple[tuple[Cues, Cues, int], ...] = (
    # (what, what happened to it, how far apart in characters)
    (_APPLIANCE, _VERY_HOT, 120),
    (_BATTERY, _SWELLING, 60),
    (_BATTERY, _BATTERY_DAMAGE, 60),
    (_CONNECTOR, _DAMAGED_INSULATION, 60),
    (_VEHICLE, _RUNAWAY, 60),
    (_CONNECTOR, _BLACKENED, 60),
    (_HEATING_DEVICE, _NO_CUTOFF, 100),
    (_CRACKLE, _FLASH, 80),
    (_APPLIANCE, _TINGLE, 80),
    (_FOOD, _SPOILED, 80),
    (_FOOD, _FOREIGN_BODY, 80),
    (_FOOD, _ILL, 80),
    (_CHILD, _CHILD_HAZARD, 120),
    (_BODY, _BODY_HARM, 40),
    (_BRAKE, _FAILS, 40),
    (_BUTTON_CELL, _REACHABLE, 80),
    (_FOOD, _SWELLING, 60),
    (_SHOCK, _TOUCH, 60),
    (_RESTRAINT, _LETS_GO, 60),
)

# The rarer side of each pair, in one pattern: a message without any of these (most) is
# done after one scan.
GATE = gate(_VERY_HOT, _SWELLING, _BATTERY_DAMAGE, _DAMAGED_INSULATION, _RUNAWAY, _BLACKENED, _NO_CUTOFF, _FLASH, _TINGLE, _SPOILED, _FOREIGN_BODY, _ILL,
            _CHILD_HAZARD, _BODY, _BRAKE, _BUTTON_CELL, _SHOCK, _LETS_GO)
