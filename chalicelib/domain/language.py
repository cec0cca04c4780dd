"""Guess the language of a customer message from its function words and letters.

Function words ("the", "und", "que"...) are frequent, short and nearly exclusive to one
language, so counting them beats a trained model for support mail and costs microseconds.
Words shared by several languages split their vote, and a few letters (ñ, ß, ç, ã) that belong
to one language only add a small bonus. Anything we cannot tell apart falls back to English,
which is what the desk's agents read by default.
"""

from __future__ import annotations

import re
from collections import defaultdict

DEFAULT_LANGUAGE = "en"

# Too few words to vote: "ok", "thanks!", an order number.
_MIN_FUNCTION_WORDS = 1
_MIN_SCORE = 1.2  # one function word alone ("Hola") is not enough; one and an ending is
_MAX_CHARS = 2000  # the first couple of paragraphs say as much as the whole mail

_FUNCTION_WORDS: dict[str, str] = {
    "en": """want need help would like know where why problem can't isn't didn't wasn't got get please thanks my me we they
        the and you your for with this that have has not was are but from what
        when where how can could would should please thanks thank my our there their
        which will been did does is it of to in on hi hello dear regards be an any just
        i'm don't can't it's i've still order received yet""",
    "es": """ha era
        quiero quisiera necesito quería podéis podría podrían puede ayuda ayudarme hola gracias saber cómo cuándo mío mía aún nada ningún ninguna llegado recibido sigo esperando vuestro vuestra vuestros ustedes usted
        el la los las del que por para con una uno pero como muy mi mis su sus hola
        gracias pedido está esta este estoy tengo es son fue ya todavía cuando donde
        dónde qué cómo hace quiero puedo pueden favor saludos buenos buenas días también
        sin sobre hasta nos les le lo al se""",
    "fr": """je j'ai voudrais veux aimerais souhaite pouvez puis-je n'ai pas toujours reçu merci est-il possible depuis votre vos chez aussi
        le la les des du une un est et pas que qui pour avec dans sur mais je vous
        nous mon ma mes votre vos bonjour merci commande cordialement reçu été ai avez
        suis sont c'est j'ai n'est ne plus il elle ce cette au aux ou où très bien""",
    "de": """ich möchte will muss können könnten würde gerne wie wann warum nicht noch schon leider mir mich ihnen ihr euch bitte danke hallo guten tag gibt
        der die das und ist nicht ich sie wir mein meine ihr ihre ihnen mit für auf
        ein eine einen dem den des zu von bei aus noch hallo danke bitte bestellung
        habe hat haben wurde war aber oder auch wie wo was grüße freundlichen gruß
        sehr geehrte damen herren heute kann können""",
    "it": """ha era mentre dopo prima molto nel al del questa stato stata sono dal
        voglio vorrei devo posso potete potreste aiutarmi sapere è ciao grazie salve buongiorno mi ho non ancora il mio mia dell nell sul sulla degli alla ordine anche però già perché
        il lo gli della delle che per con una sono non mio mia ciao grazie ordine
        buongiorno salve cordiali saluti ho hai abbiamo come dove quando anche perché
        questo questa ancora vorrei""",
    "pt": """ficou foi ao muito depois pelo pela estão era
        quero gostaria preciso posso podem podiam ajudar-me saber é olá obrigado obrigada ainda não recebi minha meu nao estou está encomenda morada vocês ao às pela pelo também
        o os da das do dos que para com uma um não meu minha olá obrigado obrigada
        pedido encomenda estou tenho foi já ainda quando onde como também você vocês
        são muito bom dia boa tarde cumprimentos""",
    "nl": """ik wil zou graag moet kan kunnen jullie mijn niet nog geen heb heeft hoe wanneer waarom bedankt alvast hoi groeten ontvangen bestelling mij me het een
        de het een en is niet ik wij mijn jullie u met voor op van dat die er nog
        hallo bedankt dank bestelling heb hebben werd maar ook hoe waar wat groeten
        vriendelijke graag alstublieft""",
}

# Letters that appear in one candidate language only; worth about one function word.
_DISTINCT_LETTERS: dict[str, str] = {"ñ¿¡": "es", "ß": "de", "ãõ": "pt", "œ": "fr"}
# Word endings typical of one language ("-zione", "-ção", "-ijk"): half a vote each, so short
# requests with few function words ("Voglio acquistare diversi articoli") still get a language.
_ENDINGS: dict[str, tuple[str, ...]] = {
    "en": ("ing", "tion", "ould", "ed"),
    "es": ("ción", "cion", "mos", "ado", "ada", "aría", "dad"),
    "fr": ("eau", "eaux", "ez", "ais", "ait", "ique", "ée", "ées", "ère"),
    "de": ("ung", "lich", "keit", "heit", "chen", "sch", "en"),
    "it": ("zione", "zioni", "are", "ere", "ire", "tti", "ggi", "cchi", "ato", "ata", "ità"),
    "pt": ("ção", "ções", "cao", "ões", "ão", "ar", "ado", "ada", "nha", "lho", "dade", "ou"),
    "nl": ("ijk", "lijk", "heid", "ij", "aan", "oor", "eer", "gen", "en"),
}
_ENDING_VOTE = 0.35

_WORD = re.compile(r"[a-zà-ÿœß']+")


def _build_votes() -> dict[str, dict[str, float]]:
    owners: dict[str, list[str]] = defaultdict(list)
    for language, words in _FUNCTION_WORDS.items():
        for word in set(words.split()):
            owners[word].append(language)
    return {word: {lang: 1.0 / len(langs) for lang in langs} for word, langs in owners.items()}


_VOTES = _build_votes()


def _ending_votes(word: str) -> dict[str, float]:
    owners = [language for language, endings in _ENDINGS.items() if word.endswith(endings)]
    return {language: _ENDING_VOTE / len(owners) for language in owners}


def detect_language(text: str) -> str:
    """ISO 639-1 code of the message's language; "en" when unsure or too short."""
    sample = text[:_MAX_CHARS].lower()
    scores: dict[str, float] = defaultdict(float)
    matched = 0
    for word in _WORD.findall(sample):
        word = word.strip("'")
        votes = _VOTES.get(word)
        if votes:
            matched += 1
            for language, weight in votes.items():
                scores[language] += weight
        elif len(word) > 4:
            for language, weight in _ending_votes(word).items():
                scores[language] += weight
    if matched < _MIN_FUNCTION_WORDS:
        return DEFAULT_LANGUAGE
    for letters, language in _DISTINCT_LETTERS.items():
        if any(letter in sample for letter in letters):
            scores[language] += 1.0
    ranked = sorted(scores.items(), key=lambda item: item[1], reverse=True)
    best, best_score = ranked[0]
    runner_up = ranked[1][1] if len(ranked) > 1 else 0.0
    # A tie between two languages is no evidence for either.
    if best_score < _MIN_SCORE or best_score == runner_up:
        return DEFAULT_LANGUAGE
    return best
