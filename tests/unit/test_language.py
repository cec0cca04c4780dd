from chalicelib.domain.language import detect_language


def test_english_mail_is_english():
    assert detect_language("Hi, my order still hasn't arrived. Can you check where it is?") == "en"


def test_spanish_mail_is_spanish():
    text = "Hola, hice un pedido hace dos semanas y todavía no ha llegado. ¿Dónde está?"
    assert detect_language(text) == "es"


def test_spanish_without_accents_is_still_spanish():
    assert detect_language("hola, el pedido no ha llegado todavia, gracias") == "es"


def test_french_mail_is_french():
    text = "Bonjour, je n'ai toujours pas reçu ma commande. Pouvez-vous vérifier ? Merci"
    assert detect_language(text) == "fr"


def test_german_mail_is_german():
    text = "Guten Tag, meine Bestellung ist noch nicht angekommen. Können Sie das prüfen?"
    assert detect_language(text) == "de"


def test_italian_portuguese_and_dutch_are_told_apart():
    assert detect_language("Buongiorno, vorrei sapere dove è il mio ordine, grazie") == "it"
    assert detect_language("Olá, ainda não recebi a minha encomenda, obrigado") == "pt"
    assert detect_language("Hallo, ik heb mijn bestelling nog niet ontvangen") == "nl"


def test_too_short_or_empty_text_falls_back_to_english():
    assert detect_language("") == "en"
    assert detect_language("ok") == "en"
    assert detect_language("Hola") == "en"
    assert detect_language("#48213 100-5562") == "en"


def test_german_signature_does_not_outvote_an_english_body():
    text = (
        "Hello, the blender I bought does not work, it makes a loud noise and stops. "
        "Can you send a replacement please?\nThanks, Jürgen Müller"
    )
    assert detect_language(text) == "en"


def test_very_long_text_is_handled():
    assert detect_language("Bonjour, où est ma commande ? " * 2000) == "fr"
