"""Issue 15: the cues that make a ticket critical, in each of the seven languages, and the
everyday phrases with the same words that must not ("hot deal", "smoke grey", "is this a
scam?"). Phrasings written for these tests; none is in the training data or the blind sets."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from chalicelib.domain.triage import triage
from chalicelib.domain.triage_text import normalise


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


# Paraphrases that avoid the obvious keyword, by concept, in several languages (issue 15:
# critical messages worded outside the cue lists were missed on a blind set).
@pytest.mark.parametrize(
    "body",
    [
        # money taken without consent, phishing in the shop's name, disputes
        "My bank shows a payment to you I never made.",
        "who is using my visa?? 3 orders in one night",
        "En mi extracto aparece un cobro vuestro que yo no hice.",
        "Er staat een afschrijving van jullie op mijn rekening die ik niet heb gedaan.",
        "Got a text saying my parcel is held and I must pay a fee through a link, is that you? I paid it.",
        "J'ai reçu un faux mail à votre nom qui demandait mon code de carte.",
        "I have opened a case with PayPal for this order.",
        "Ich habe die Lastschrift bei meiner Bank zurückgehen lassen.",
        # account control lost
        "Someone got into my profile and changed the email.",
        "sumone hackd my acount n bought stuf",
        "Qualcuno è entrato nel mio profilo e ha cambiato la mail.",
        "Entraram na minha conta e mudaram a password.",
        # heat, fire, electricity
        "The charger got so hot it melted the plug.",
        "The power bank puffed up like a pillow overnight and the case split open.",
        "The kettle trips the fuse and sparks.",
        "Got a zap from the metal base of the lamp when I touched it.",
        "Me dio calambre la lámpara al tocarla.",
        "Ich hab an der Lampe einen gewischt bekommen.",
        # injury, health, food, children
        "The blade flew off the blender and sliced my hand, I needed stitches.",
        "My son got a rash after using the cream.",
        "A mio figlio è venuto uno sfogo dopo la crema.",
        "Found green fuzz all over the bread you delivered.",
        "O iogurte estava estragado e vomitei a noite toda.",
        "The toy's tiny magnets fall out and my toddler put one in his mouth.",
        "Mijn dochter verslikte zich bijna in een los onderdeel.",
        "The brake lever on the ebike does nothing at speed.",
        # money gone for nothing ordered; phishing in the shop's name asked about as a question
        "Three payments to your shop went through overnight while we were asleep.",
        "I keep getting billed 12.99 a month for a plan I never signed up for.",
        "£320 was taken from my card for a laptop I never ordered.",
        "Er is 80 euro afgeschreven zonder dat ik iets heb besteld.",
        "Vedo un addebito di 120 € ma non ho fatto nessun ordine da voi.",
        "Got an email from you saying my parcel is held and I must pay 1.99 through a link. Real or scam?",
        "Recebi uma mensagem em nome de vocês pedindo um pix para liberar a entrega, é golpe?",
        "J'ai reçu un SMS de votre part avec un lien pour payer la livraison, c'est normal ?",
        # someone else inside the account
        "Somebody is in my account and keeps changing the delivery address, please lock it.",
        "Someone knows my password, my profile email changed this morning.",
        # food and appliances
        "There was fuzzy mould on the protein bars and my son already ate two.",
        "La plaque de cuisson reste allumée et devient brûlante même éteinte.",
        "The harness clip on the pushchair pops open by itself when we go over kerbs.",
        "My bank is clawing the money back from you, I gave up on your refund.",
        "There's a 640 euro debit from you on our account and no one at home ordered anything.",
        "My grandad's card paid for six gift cards on your site overnight, he doesn't even use a computer.",
        "Phishing? An email says my account gets closed unless I log in at secure-shop-check.net",
        "A text with your logo says a parcel is waiting and I must pay 2.49 at a link. Legit?",
        "Your app says I paid 310 for a TV last night. I didn't. Stop it please!",
        "Someone is signed into my account as we speak and adding things to the basket, how do I kick them out?",
        "hey somebody bought headphones with my card on your site, wasnt me",
        "My statement lists a parcel sent to Madrid that we have nothing to do with.",
        "Mi hanno rubato il profilo, ci sono ordini non miei.",
        "There are sign-ins from three countries in my login history and my vouchers are gone.",
        "Can't get in, my password no longer works and I get shipping emails for things I never ordered.",
        "I'll get my money back via my card issuer then, the claim is already with them.",
        "FYI I disputed the 89 pounds with Visa, nothing ever arrived.",
    ],
)
def test_critical_paraphrases_without_the_obvious_word(body: str) -> None:
    assert triage("", body).priority == "critical"


@pytest.mark.parametrize(
    "body",
    [
        "The shipping is a fraud-level joke, 3 weeks for a t-shirt.",
        "Killer price on the headphones, ordering two.",
        "I burned the toast lol, do you sell a toaster with a timer?",
        "The candles smell of smoke and cedar, lovely, can I buy more?",
        "Do you sell fire blankets?",
        "I don't recognise the tracking number you sent, is it the right one?",
        "The charger gets a little warm while charging, is that normal?",
        "The coffee machine smells nice and the milk frother is great.",
        "I tried to create an account, it asked for my card details and then showed an error. No money was taken.",
        "Faulty coffee machine: it crackles and cuts out.",
        "The motor has burnt out after a year, can you repair it under warranty?",
        "¿Tenéis el abrigo en gris humo?",
        "Die Versandkosten sind ja Betrug.",
        "Der Schimmelkäse war super lecker, gerne wieder.",
        "Il caricatore non carica più.",
        "Os portes são um roubo.",
        "La stufa non scalda abbastanza.",
        "We haven't ordered anything from you before; can our school pay by purchase order?",
        "I bought the bread maker from you last year; can I return this one for a gift card?",
        "My card was charged for the blue one I ordered, but you sent red.",
        "Is there an email from you when my parcel ships, with a link to track it?",
        "Your driver was smoking on my doorstep and threw my parcel over the gate.",
        "Your fraud check cancelled my order, but it is my own card. How do I get it through?",
        "My order was flagged as suspected fraud, it's really me, please release it.",
        "I forgot my password and the reset link never arrives.",
        "Not hacked or anything, I just can't remember my login.",
        "How do you protect my card details from hackers?",
        "I read reviews saying this power bank overheats, so please cancel my order.",
        "Love the woodsmoke scent, the campfire smoke candle is my favourite.",
        "¿Me ayudáis a pedir el detector de humo de la oferta?",
        "I thought my account got hacked but it was my son on the tablet, can we have two logins?",
    ],
)
def test_near_misses_sharing_words_with_critical_ones_are_not_critical(body: str) -> None:
    assert triage("", body).priority != "critical"


@pytest.mark.parametrize(
    "name",
    ["triage_critical_dev.jsonl", "triage_critical_dev2.jsonl", "triage_critical_dev3.jsonl",
     "triage_critical_dev4.jsonl", "triage_critical_dev5.jsonl", "triage_critical_dev6.jsonl"],
)
def test_critical_development_sets_are_all_caught_with_few_false_alarms(name: str) -> None:
    # Written for issue 15 before (dev) and between (dev2 to dev6) the rounds of cue work.
    lines = (Path(__file__).parent.parent / "data" / name).read_text(encoding="utf-8").splitlines()
    records = [json.loads(line) for line in lines if line.strip()]
    flagged = [(r["critical"], triage(r["subject"], r["body"]).priority == "critical") for r in records]
    missed = sum(truth and not hit for truth, hit in flagged)
    false_alarms = sum(hit and not truth for truth, hit in flagged)
    assert missed == 0
    assert false_alarms <= 0.03 * sum(hit for _, hit in flagged)


def test_the_learned_second_opinion_is_small_loads_once_and_is_sure_only_when_it_should_be() -> None:
    from chalicelib.domain import triage_critical_model as learned

    assert learned.MODEL_PATH.stat().st_size < 1_000_000
    model = learned.get_model()
    assert learned.get_model() is model
    assert model.probability(normalise("thanks, the parcel arrived and the mugs are lovely")) < 0.2
    assert model.probability(normalise("someone used my card on your site, it wasn't me")) > 0.5


def test_a_sure_second_opinion_makes_a_ticket_critical_and_says_so(monkeypatch: pytest.MonkeyPatch) -> None:
    from chalicelib.domain import triage_critical_model as learned

    monkeypatch.setattr(learned, "says_critical", lambda text: "gizmo" in text)
    verdict = triage("", "The gizmo did something I cannot describe.")
    assert (verdict.priority, verdict.reasons[-1]) == ("critical", "model:critical")
