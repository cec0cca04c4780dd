"""Issue 15: triage on phrasings it was not trained on, priority from the customer's words,
unsure calls flagged, and the seven languages. The phrasings here are written for these tests
and appear nowhere in the training data (scripts/data)."""

from __future__ import annotations

import pytest

from chalicelib.domain.triage import REVIEW_BELOW, triage


@pytest.mark.parametrize(
    ("subject", "body", "category"),
    [
        ("", "Your sign-up form rejects my email every single time, so I still have no login.", "account"),
        ("", "Looking to pick up a couple of your lamps and a rug together, how does that work?", "pre_sale"),
        ("", "Can you find parcel 00917 for me? No idea where it went.", "shipping_problem"),
        ("", "Please switch the address my parcels go to, I moved house.", "shipping_problem"),
        ("", "It has been a month since you said the money would be paid back to me.", "return_refund"),
        ("", "I wish to lodge a formal grievance about how your staff treated me.", "feedback"),
        ("", "I was told to send it back and get my money, how do I do that for the toaster?", "return_refund"),
    ],
)
def test_kinds_the_old_model_got_wrong(subject: str, body: str, category: str) -> None:
    assert triage(subject, body).category == category


def test_a_refund_request_is_not_a_defect_or_warranty_claim() -> None:
    verdict = triage("Refund", "I don't want the blender anymore, please refund me, it's unopened.")
    assert verdict.category == "return_refund"


@pytest.mark.parametrize(
    "body",
    [
        "Not urgent, but could you send me the invoice for order 5521 when you get a chance?",
        "No rush at all: I'd like to change the email on my account.",
        "No es urgente, pero quisiera la factura del pedido 5521.",
        "Rien d'urgent, je voudrais juste la facture de ma commande.",
        "Nicht dringend: bitte schicken Sie mir die Rechnung.",
        "Nessuna fretta, vorrei solo la fattura dell'ordine.",
        "Sem pressa, gostaria de receber a fatura da encomenda.",
        "Geen haast, ik wil graag de factuur van mijn bestelling.",
    ],
)
def test_a_customer_who_says_it_can_wait_gets_low_priority(body: str) -> None:
    assert triage("Invoice", body).priority == "low"


@pytest.mark.parametrize(
    "body",
    [
        "I need the invoice for order 5521 urgently, my accountant closes the books today.",
        "Es urgente: necesito la factura del pedido 5521 cuanto antes.",
        "C'est urgent, j'ai besoin de la facture au plus vite.",
        "Ich brauche die Rechnung dringend.",
        "Mi serve la fattura al più presto, è urgente.",
        "Preciso da fatura com urgência, o mais rápido possível.",
        "Ik heb de factuur dringend nodig, zo snel mogelijk graag.",
    ],
)
def test_explicit_urgency_raises_priority_to_high(body: str) -> None:
    assert triage("Invoice", body).priority == "high"


def test_a_plain_defect_is_normal_not_high() -> None:
    # Issue 15: nearly every ticket came out high; high now needs a reason in the message.
    verdict = triage("Blender", "The blender's lid doesn't lock properly any more, can you help?")
    assert verdict.priority == "normal"


def test_a_hazard_word_in_a_question_before_buying_is_not_critical() -> None:
    verdict = triage("Question", "Before I buy: does the kettle switch itself off if it overheats?")
    assert (verdict.category, verdict.priority) == ("pre_sale", "low")


def test_a_hazard_is_critical_even_when_the_model_reads_the_category_wrong() -> None:
    # The category may be unsure or wrong in a language with little training data; the
    # priority of a fire does not depend on it.
    verdict = triage("", "Il caricabatterie ha preso fuoco mentre era collegato.")
    assert verdict.priority == "critical"


def test_calm_never_hides_a_safety_hazard() -> None:
    verdict = triage("Charger", "Not urgent, but the charger sparked and smelled of burning last night.")
    assert verdict.priority == "critical"


@pytest.mark.parametrize(
    "body",
    [
        "Il caricabatterie ha preso fuoco mentre era collegato.",
        "O carregador deitou fumo e ficou queimado.",
        "De oplader is oververhit en er kwam rook uit.",
        "Someone used my card on your site, I never ordered this.",
        "Ik herken deze afschrijving niet, dit is fraude.",
        "Someone placed orders on my account from another country.",
    ],
)
def test_critical_cues_in_more_languages(body: str) -> None:
    assert triage("", body).priority == "critical"


def test_an_unclear_message_is_flagged_for_review_and_a_clear_one_is_not() -> None:
    unclear = triage("", "hmm")
    clear = triage("Invoice", "Please send me the invoice for order 5521.")
    assert unclear.needs_review and unclear.confidence < REVIEW_BELOW
    assert not clear.needs_review and clear.confidence >= REVIEW_BELOW


def test_weak_cues_do_not_overrule_a_confident_model() -> None:
    # "doesn't work" is a defect cue, but the customer asks about a refund they are owed.
    verdict = triage("Refund", "The refund link in your email doesn't work, when will I get my money back?")
    assert verdict.category == "return_refund"


@pytest.mark.parametrize(
    ("body", "language"),
    [
        ("Voglio restituire le scarpe, sono troppo piccole.", "it"),
        ("Quero devolver os sapatos, são pequenos demais.", "pt"),
        ("Ik wil de schoenen terugsturen, ze zijn te klein.", "nl"),
    ],
)
def test_italian_portuguese_and_dutch_are_triaged_in_their_language(body: str, language: str) -> None:
    verdict = triage("", body)
    assert (verdict.language, verdict.category) == (language, "return_refund")


@pytest.mark.parametrize(
    ("body", "category"),
    [
        # a question about a product before buying, not a defect or an order problem
        ("Does the rain jacket have taped seams? Thinking of ordering one for hiking.", "pre_sale"),
        ("¿El sofá cabe por una puerta de 70 cm? Lo quiero comprar.", "pre_sale"),
        # an order stuck before it ships
        ("I paid an hour ago and there's still no order in my account, did it go through?", "order_issue"),
        ("La mia ordinazione è ferma su 'in attesa' da quattro giorni, cosa succede?", "order_issue"),
        # waiting for money or a promised goodwill gesture
        ("You said I'd get 20 pounds credit for the delay and I'm still waiting.", "return_refund"),
        ("Ainda não recebi o dinheiro da devolução que enviei há um mês.", "return_refund"),
        # a complaint about service, not a product fault
        ("Ich möchte eine Beschwerde über Ihre Hotline einreichen, man hat einfach aufgelegt.", "feedback"),
        # not a support request at all
        ("Bonjour, je postule pour le poste de magasinier, vous trouverez mon CV en pièce jointe.", "other"),
        ("Wij organiseren een hardloopwedstrijd voor een goed doel. Willen jullie sponsor worden?", "other"),
    ],
)
def test_kinds_confused_on_unseen_mail_in_several_languages(body: str, category: str) -> None:
    assert triage("", body).category == category


@pytest.mark.parametrize(
    "body",
    [
        "The party is Saturday, will my order arrive in time?",
        "Es para el sábado, ¿llegará a tiempo?",
        "J'en ai besoin pour samedi, c'est un cadeau.",
        "Ich brauche die Lieferung bis Freitag.",
        "Mi serve per sabato, è un regalo.",
        "Preciso da encomenda para sexta-feira.",
        "Ik heb het pakket nodig voor zaterdag.",
        "This is the third time I ask about my refund.",
    ],
)
def test_a_deadline_or_a_third_request_makes_it_high(body: str) -> None:
    assert triage("Order 5521", body).priority == "high"


@pytest.mark.parametrize(
    "body",
    [
        "Sorry, wrong email, please ignore. No need to reply.",
        "No rush, whenever you can: could you resend the invoice?",
        "No hace falta que respondáis, solo quería la factura cuando podáis.",
        "Pas besoin de répondre, c'est juste pour info.",
        "Keine Antwort nötig, bitte ignorieren.",
        "Nessuna fretta, quando potete.",
        "Sem pressa, não é preciso responder.",
        "Geen antwoord nodig, negeer deze mail maar.",
        "No rush, but asap would be nice for the invoice.",
    ],
)
def test_a_calm_message_is_never_high(body: str) -> None:
    assert triage("Invoice", body).priority == "low"


@pytest.mark.parametrize(
    "body",
    [
        "I'd like to apply for the warehouse job, I'm available to start immediately.",
        "Ich habe per PayPal Sofort bezahlt, wann wird die Bestellung verschickt?",
        "We don't need everything immediately, the studio opens in autumn.",
    ],
)
def test_urgent_words_about_something_else_do_not_raise_priority(body: str) -> None:
    assert triage("", body).priority != "high"


def test_a_business_asking_for_a_bulk_quote_is_normal_not_low() -> None:
    verdict = triage("Quote", "We'd like a quote for 60 engraved water bottles for our company offsite.")
    assert (verdict.category, verdict.priority) == ("pre_sale", "normal")


@pytest.mark.parametrize(
    ("body", "category"),
    [
        # Bitext's intents as ../shared/data/README.md maps them: saving an address in the
        # profile is the account, changing where an order goes is shipping
        ("hey where in my profile do i put a default address for parcels?", "account"),
        ("i typed the wrong house number for the parcels, how do i fix the address?", "shipping_problem"),
        # the same verb, different things: what is located or reported decides
        ("could u dig up bill number 00123 for me", "billing"),
        ("pls look for purchase 00123, no idea where its got to", "shipping_problem"),
        ("Something went wrong each time I tried to make my login on your site.", "account"),
        ("my card payment bounced twice this morning, what's up with that", "billing"),
        # buying, when it will come, money promised back, a complaint filed
        ("Hiya, I'm after a few bits from your shop, how do I get them ordered?", "pre_sale"),
        ("roughly what day will my stuff turn up? bought it sunday", "shipping_problem"),
        ("The 30 euros you owe me back hasn't appeared, what's the hold-up?", "return_refund"),
        ("I am going to put in an official complaint about this company.", "feedback"),
    ],
)
def test_bitext_intents_in_words_training_never_used(body: str, category: str) -> None:
    assert triage("", body).category == category
