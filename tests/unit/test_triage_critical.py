"""Issue 15: the cues that make a ticket critical, in each of the seven languages, and the
everyday phrases with the same words that must not ("hot deal", "smoke grey", "is this a
scam?"). Phrasings written for these tests; none is in the training data or the blind sets."""

from __future__ import annotations

import pytest

from chalicelib.domain.triage import triage


@pytest.mark.parametrize(
    "body",
    [
        # fraud and chargebacks
        "A payment of 420 euros to your shop showed up on my card this morning. It wasn't me.",
        "Someone ordered a laptop with my card details, they were stolen last week, I've blocked my card.",
        "My bank flagged a purchase from your site that I never placed.",
        "Alguien ha usado mi tarjeta: yo no he hecho ese pedido de 300 euros.",
        "Ma carte bancaire a été clonée, je n'ai jamais passé cette commande chez vous.",
        "Ich habe das nie bestellt, meine Karte wurde gestohlen. Bitte stornieren!",
        "Ho contestato l'addebito con la banca: non ho mai fatto questo ordine.",
        "Contestei a cobrança junto do meu banco, não fiz esta encomenda.",
        "Er staat een onbekende afschrijving van jullie op mijn rekening, ik heb niets besteld.",
        # account takeover
        "I got an alert: a login to my account from an unknown device in another country.",
        "Han entrado en mi cuenta y cambiaron la contraseña.",
        "Mon compte a été piraté, quelqu'un s'est connecté depuis un appareil inconnu.",
        "Mein Konto wurde gehackt, jemand hat die E-Mail-Adresse geändert.",
        "Il mio account è stato violato stanotte, bloccatelo.",
        "A minha conta foi invadida e mudaram o endereço de entrega.",
        "Mijn account is gehackt, er is besteld vanaf een onbekend apparaat.",
        # danger to people
        "The charger got so hot it melted the plug and there was smoke coming out.",
        "My son had an allergic reaction after wearing the bracelet, his wrist swelled up.",
        "The kettle gave me an electric shock when I touched the handle.",
        "A small part came off the toy and my toddler nearly choked on it.",
        "La plancha hizo cortocircuito y me quemé la mano.",
        "Le radiateur chauffe énormément et sent le brûlé, j'ai peur d'un incendie.",
        "Der Föhn hatte einen Kurzschluss, es kamen Funken raus.",
        "La lampada ha preso fuoco sul comodino.",
        "O carregador sobreaqueceu e levei um choque ao desligá-lo.",
        "De powerbank werd heel heet en begon te roken, mijn dochter heeft een brandwond.",
    ],
)
def test_fraud_takeover_and_danger_are_critical(body: str) -> None:
    assert triage("", body).priority == "critical"


@pytest.mark.parametrize(
    "body",
    [
        "Saw your hot deal on the air fryer, is it still on tomorrow?",
        "This hoodie is fire, do you have it in XL?",
        "Do you have the vase in smoke grey?",
        "I love the burnt orange throw, will it be restocked?",
        "Got a shock when I saw the delivery price to Norway, is there a cheaper option?",
        "Quick burning question: do you ship to Iceland?",
        "What is the jumper made of? I am allergic to wool.",
        "I got an email saying I won a voucher. Is this a scam or is it really you?",
        "Does the heater switch itself off if it overheats?",
        "No smoke, no sparks, it just doesn't turn on any more.",
        "¿Esto es una estafa? Me llegó un SMS con un enlace.",
        "Ich habe ein neues Handy und kann mich nicht mehr anmelden.",
    ],
)
def test_the_same_words_in_everyday_use_are_not_critical(body: str) -> None:
    assert triage("", body).priority != "critical"
