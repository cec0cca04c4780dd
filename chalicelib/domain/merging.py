"""What the customer reads when two of their requests become one, in their language."""

from __future__ import annotations

MERGE_NOTICE = {
    "en": "You wrote to us about the same matter twice, so we have joined request {duplicate} to request "
          "{target}. We will answer everything there: no need to write again.",
    "es": "Nos escribió dos veces sobre el mismo asunto, así que hemos unido la solicitud {duplicate} a la "
          "solicitud {target}. Le responderemos allí a todo: no hace falta que vuelva a escribir.",
    "fr": "Vous nous avez écrit deux fois au sujet de la même demande : nous avons réuni la demande {duplicate} "
          "et la demande {target}. Nous vous répondrons là sur tous les points, inutile de nous réécrire.",
    "de": "Sie haben uns zweimal zum selben Anliegen geschrieben, daher haben wir Anfrage {duplicate} mit "
          "Anfrage {target} zusammengeführt. Wir antworten Ihnen dort auf alles: Sie müssen nicht erneut schreiben.",
}


def merge_notice(language: str, duplicate: str, target: str) -> str:
    text = MERGE_NOTICE.get(language.split("-")[0], MERGE_NOTICE["en"])
    return text.format(duplicate=duplicate, target=target)
