"""The help centre's HTML: Jinja2 templates (chalicelib/help_templates/, every value escaped), the
words of the page in the visitor's language, and the headers every page carries."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape

from ..domain.kb_text import base_language

TEMPLATES = Path(__file__).resolve().parent.parent / "help_templates"
DEFAULT_LANGUAGE = "en"

LANGUAGE_NAMES = {"en": "English", "es": "Español", "fr": "Français", "de": "Deutsch", "it": "Italiano",
                  "pt": "Português", "nl": "Nederlands"}

STRINGS: dict[str, dict[str, str]] = {
    "en": {
        "help_centre": "Help centre", "language": "Language", "search_label": "How can we help?",
        "search_placeholder": "e.g. return an item", "search_button": "Search", "results_for": "Results for",
        "no_results": "No article matches. Try other words, or reply to our email and we will help you.",
        "fallback": "No article in your language matches; these are in English.",
        "nothing_yet": "No articles here yet.", "all_articles": "All articles", "also_in": "Also in:",
        "helpful_question": "Did this answer your question?", "yes": "Yes", "no": "No",
        "thanks_vote": "Thank you for your feedback.",
        "solved_question": "Did this solve your problem?",
        "solved_explain": "If it did, we will close your request",
        "solved_button": "This solved it: close my request",
        "solved_heading": "Glad it helped!",
        "solved_done": "Your request {ticket} is now resolved. If you still need us, just reply to our email.",
        "solved_already": "Your request {ticket} was already resolved. If you still need us, just reply to our email.",
        "bad_link": "This link does not work any more",
        "bad_link_explain": "Open the article again from the email we sent you, or reply to that email.",
        "not_found": "Article not found", "not_found_explain": "It may have been moved or retired.",
        "back_home": "Back to the help centre", "footer": "Still stuck? Reply to any email from us.",
    },
    "es": {
        "help_centre": "Centro de ayuda", "language": "Idioma", "search_label": "¿En qué podemos ayudarte?",
        "search_placeholder": "p. ej. devolver un artículo", "search_button": "Buscar",
        "results_for": "Resultados para",
        "no_results": "Ningún artículo coincide. Prueba con otras palabras o responde a nuestro correo y te ayudamos.",
        "fallback": "Ningún artículo en tu idioma coincide; estos están en inglés.",
        "nothing_yet": "Todavía no hay artículos aquí.", "all_articles": "Todos los artículos",
        "also_in": "También en:", "helpful_question": "¿Ha respondido esto a tu pregunta?", "yes": "Sí", "no": "No",
        "thanks_vote": "Gracias por tu opinión.",
        "solved_question": "¿Ha resuelto esto tu problema?",
        "solved_explain": "Si es así, cerraremos tu solicitud",
        "solved_button": "Esto lo resolvió: cerrar mi solicitud",
        "solved_heading": "¡Nos alegra haberte ayudado!",
        "solved_done": "Tu solicitud {ticket} está resuelta. Si aún nos necesitas, responde a nuestro correo.",
        "solved_already": "Tu solicitud {ticket} ya estaba resuelta. Si aún nos necesitas, responde a nuestro correo.",
        "bad_link": "Este enlace ya no funciona",
        "bad_link_explain": "Abre de nuevo el artículo desde el correo que te enviamos, o responde a ese correo.",
        "not_found": "Artículo no encontrado", "not_found_explain": "Puede que se haya movido o retirado.",
        "back_home": "Volver al centro de ayuda", "footer": "¿Sigues con dudas? Responde a cualquiera de nuestros correos.",
    },
    "fr": {
        "help_centre": "Centre d’aide", "language": "Langue", "search_label": "Comment pouvons-nous vous aider ?",
        "search_placeholder": "p. ex. retourner un article", "search_button": "Rechercher",
        "results_for": "Résultats pour",
        "no_results": "Aucun article ne correspond. Essayez d’autres mots, ou répondez à notre e-mail.",
        "fallback": "Aucun article dans votre langue ne correspond ; voici ceux en anglais.",
        "nothing_yet": "Pas encore d’articles ici.", "all_articles": "Tous les articles", "also_in": "Aussi en :",
        "helpful_question": "Cet article a-t-il répondu à votre question ?", "yes": "Oui", "no": "Non",
        "thanks_vote": "Merci pour votre avis.",
        "solved_question": "Cela a-t-il résolu votre problème ?",
        "solved_explain": "Si oui, nous fermerons votre demande",
        "solved_button": "Cela a résolu mon problème : fermer ma demande",
        "solved_heading": "Ravis d’avoir pu aider !",
        "solved_done": "Votre demande {ticket} est résolue. Si besoin, répondez simplement à notre e-mail.",
        "solved_already": "Votre demande {ticket} était déjà résolue. Si besoin, répondez simplement à notre e-mail.",
        "bad_link": "Ce lien ne fonctionne plus",
        "bad_link_explain": "Rouvrez l’article depuis notre e-mail, ou répondez à cet e-mail.",
        "not_found": "Article introuvable", "not_found_explain": "Il a peut-être été déplacé ou retiré.",
        "back_home": "Retour au centre d’aide", "footer": "Toujours bloqué ? Répondez à l’un de nos e-mails.",
    },
    "de": {
        "help_centre": "Hilfe-Center", "language": "Sprache", "search_label": "Wie können wir helfen?",
        "search_placeholder": "z. B. Artikel zurücksenden", "search_button": "Suchen",
        "results_for": "Ergebnisse für",
        "no_results": "Kein Artikel passt. Versuchen Sie andere Wörter oder antworten Sie auf unsere E-Mail.",
        "fallback": "Kein Artikel in Ihrer Sprache passt; diese sind auf Englisch.",
        "nothing_yet": "Hier gibt es noch keine Artikel.", "all_articles": "Alle Artikel", "also_in": "Auch auf:",
        "helpful_question": "Hat das Ihre Frage beantwortet?", "yes": "Ja", "no": "Nein",
        "thanks_vote": "Danke für Ihre Rückmeldung.",
        "solved_question": "Hat das Ihr Problem gelöst?",
        "solved_explain": "Dann schließen wir Ihre Anfrage",
        "solved_button": "Das hat mein Problem gelöst: Anfrage schließen",
        "solved_heading": "Schön, dass es geholfen hat!",
        "solved_done": "Ihre Anfrage {ticket} ist gelöst. Falls Sie uns noch brauchen, antworten Sie auf unsere E-Mail.",
        "solved_already": "Ihre Anfrage {ticket} war bereits gelöst. Falls Sie uns noch brauchen, antworten Sie "
                          "auf unsere E-Mail.",
        "bad_link": "Dieser Link funktioniert nicht mehr",
        "bad_link_explain": "Öffnen Sie den Artikel erneut aus unserer E-Mail oder antworten Sie darauf.",
        "not_found": "Artikel nicht gefunden", "not_found_explain": "Er wurde vielleicht verschoben oder zurückgezogen.",
        "back_home": "Zurück zum Hilfe-Center", "footer": "Noch Fragen? Antworten Sie auf eine unserer E-Mails.",
    },
    "it": {
        "help_centre": "Centro assistenza", "language": "Lingua", "search_label": "Come possiamo aiutarla?",
        "search_placeholder": "ad es. restituire un articolo", "search_button": "Cerca",
        "results_for": "Risultati per",
        "no_results": "Nessun articolo corrisponde. Provi con altre parole o risponda alla nostra e-mail.",
        "fallback": "Nessun articolo nella sua lingua corrisponde; questi sono in inglese.",
        "nothing_yet": "Qui non ci sono ancora articoli.", "all_articles": "Tutti gli articoli",
        "also_in": "Anche in:", "helpful_question": "Questo articolo ha risposto alla sua domanda?", "yes": "Sì",
        "no": "No", "thanks_vote": "Grazie per il suo riscontro.",
        "solved_question": "Questo ha risolto il suo problema?",
        "solved_explain": "Se sì, chiuderemo la sua richiesta",
        "solved_button": "Problema risolto: chiudi la mia richiesta",
        "solved_heading": "Siamo lieti di esserle stati utili!",
        "solved_done": "La sua richiesta {ticket} è risolta. Se ha ancora bisogno di noi, risponda alla nostra e-mail.",
        "solved_already": "La sua richiesta {ticket} era già risolta. Se ha ancora bisogno di noi, risponda alla "
                          "nostra e-mail.",
        "bad_link": "Questo link non funziona più",
        "bad_link_explain": "Riapra l’articolo dall’e-mail che le abbiamo inviato, oppure risponda a quell’e-mail.",
        "not_found": "Articolo non trovato", "not_found_explain": "Potrebbe essere stato spostato o ritirato.",
        "back_home": "Torna al centro assistenza", "footer": "Ancora dubbi? Risponda a una qualsiasi delle nostre e-mail.",
    },
    "pt": {
        "help_centre": "Centro de ajuda", "language": "Idioma", "search_label": "Como podemos ajudar?",
        "search_placeholder": "p. ex. devolver um artigo", "search_button": "Pesquisar",
        "results_for": "Resultados para",
        "no_results": "Nenhum artigo corresponde. Experimente outras palavras ou responda ao nosso e-mail.",
        "fallback": "Nenhum artigo no seu idioma corresponde; estes estão em inglês.",
        "nothing_yet": "Ainda não há artigos aqui.", "all_articles": "Todos os artigos", "also_in": "Também em:",
        "helpful_question": "Este artigo respondeu à sua pergunta?", "yes": "Sim", "no": "Não",
        "thanks_vote": "Obrigado pela sua opinião.",
        "solved_question": "Isto resolveu o seu problema?",
        "solved_explain": "Se sim, encerraremos o seu pedido",
        "solved_button": "Resolveu o meu problema: encerrar o meu pedido",
        "solved_heading": "Ainda bem que ajudou!",
        "solved_done": "O seu pedido {ticket} está resolvido. Se ainda precisar de nós, responda ao nosso e-mail.",
        "solved_already": "O seu pedido {ticket} já estava resolvido. Se ainda precisar de nós, responda ao nosso "
                          "e-mail.",
        "bad_link": "Esta ligação já não funciona",
        "bad_link_explain": "Abra novamente o artigo a partir do e-mail que lhe enviámos, ou responda a esse e-mail.",
        "not_found": "Artigo não encontrado", "not_found_explain": "Pode ter sido movido ou retirado.",
        "back_home": "Voltar ao centro de ajuda", "footer": "Ainda com dúvidas? Responda a qualquer e-mail nosso.",
    },
    "nl": {
        "help_centre": "Helpcentrum", "language": "Taal", "search_label": "Waarmee kunnen we u helpen?",
        "search_placeholder": "bijv. een artikel retourneren", "search_button": "Zoeken",
        "results_for": "Resultaten voor",
        "no_results": "Geen enkel artikel komt overeen. Probeer andere woorden of beantwoord onze e-mail.",
        "fallback": "Geen artikel in uw taal komt overeen; deze zijn in het Engels.",
        "nothing_yet": "Hier staan nog geen artikelen.", "all_articles": "Alle artikelen", "also_in": "Ook in:",
        "helpful_question": "Heeft dit uw vraag beantwoord?", "yes": "Ja", "no": "Nee",
        "thanks_vote": "Bedankt voor uw feedback.",
        "solved_question": "Heeft dit uw probleem opgelost?",
        "solved_explain": "Zo ja, dan sluiten we uw verzoek",
        "solved_button": "Dit heeft mijn probleem opgelost: sluit mijn verzoek",
        "solved_heading": "Fijn dat het heeft geholpen!",
        "solved_done": "Uw verzoek {ticket} is opgelost. Heeft u ons nog nodig? Beantwoord dan onze e-mail.",
        "solved_already": "Uw verzoek {ticket} was al opgelost. Heeft u ons nog nodig? Beantwoord dan onze e-mail.",
        "bad_link": "Deze link werkt niet meer",
        "bad_link_explain": "Open het artikel opnieuw vanuit de e-mail die we u stuurden, of beantwoord die e-mail.",
        "not_found": "Artikel niet gevonden", "not_found_explain": "Het is mogelijk verplaatst of ingetrokken.",
        "back_home": "Terug naar het helpcentrum", "footer": "Nog vragen? Beantwoord een van onze e-mails.",
    },
}

# Strict: nothing from another origin, no scripts at all, forms only back to us, never framed.
SECURITY_HEADERS = {
    "Content-Security-Policy": "default-src 'none'; style-src 'self'; img-src 'self' https:; form-action 'self'; "
                               "base-uri 'none'; frame-ancestors 'none'",
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "no-referrer",  # suggestion links carry a token: never pass it on
    "Strict-Transport-Security": "max-age=31536000",
    "Cross-Origin-Opener-Policy": "same-origin",
    "Permissions-Policy": "camera=(), microphone=(), geolocation=()",
}


@lru_cache(maxsize=1)
def _environment() -> Environment:
    return Environment(loader=FileSystemLoader(str(TEMPLATES)), autoescape=select_autoescape(["j2", "html"]),
                       undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True)


def render(template: str, language: str, values: dict[str, Any]) -> str:
    strings = STRINGS.get(language, STRINGS[DEFAULT_LANGUAGE])
    return _environment().get_template(template).render(t=strings, language=language,
                                                         language_names=LANGUAGE_NAMES, **values)


@lru_cache(maxsize=4)
def asset(name: str) -> str:
    """A static file of the help centre (stylesheet, icon), served by the app itself."""
    return (TEMPLATES / name).read_text(encoding="utf-8")


def strings(language: str) -> dict[str, str]:
    return STRINGS.get(language, STRINGS[DEFAULT_LANGUAGE])


def visitor_language(override: str | None, accept_language: str | None, available: set[str]) -> str:
    """`?lang=` when given, else the best of Accept-Language we have articles or pages in, else English."""
    chosen = base_language(override)
    if chosen and (chosen in available or chosen in STRINGS):
        return chosen
    wanted: list[tuple[float, int, str]] = []
    for position, part in enumerate((accept_language or "")[:500].split(",")):
        pieces = part.strip().split(";")
        code = base_language(pieces[0])
        quality = 1.0
        for parameter in pieces[1:]:
            name, _, value = parameter.strip().partition("=")
            if name == "q":
                try:
                    quality = float(value)
                except ValueError:
                    quality = 0.0
        if code and quality > 0:
            wanted.append((-quality, position, code))
    for _, _, code in sorted(wanted):
        if code in available or code in STRINGS:
            return code
    return DEFAULT_LANGUAGE
