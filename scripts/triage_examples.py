"""Seeded generator of email-like training messages for the triage model.

Bitext gives short chatbot utterances ("how do I track my order") and has nothing for
product defects, warranty claims, damage in transit or wrong/missing items. Real mail is
longer: greetings, order numbers, a sentence of context, a sign-off. These templates fill
the missing categories and show the model every category in that email shape, in English
and (fewer) in Spanish, French and German. Same seed, same examples.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

PRODUCTS_EN = {
    "device": """blender|kettle|coffee machine|espresso machine|toaster|air fryer|hair dryer|
        electric toothbrush|vacuum cleaner|robot vacuum|headphones|earbuds|bluetooth speaker|
        smartwatch|fitness tracker|power bank|phone charger|laptop|tablet|monitor|keyboard|
        wireless mouse|printer|router|e-reader|camera|drone|baby monitor|electric scooter|
        food processor|microwave|fan heater|desk lamp|LED strip|projector|games controller|
        shaver|hair straightener|smart plug|dehumidifier""",
    "item": """jacket|hoodie|pair of jeans|dress|pair of trainers|pair of boots|backpack|
        suitcase|sofa|office chair|desk|bookshelf|mattress|duvet cover|rug|curtains|frying pan|
        saucepan set|knife set|vase|mirror|table lamp|bike helmet|yoga mat|tent|sleeping bag|
        watch|handbag|wallet|umbrella|pram|high chair|toy kitchen|puzzle|board game|
        dinner set|glass jug|picture frame|garden hose|plant pot""",
}
PRODUCTS = {
    "es": """la batidora|el hervidor|la cafetera|los auriculares|el aspirador|la chaqueta|
        las zapatillas|el portátil|la tablet|el monitor|la lámpara|el colchón|la mochila|
        el reloj|la freidora de aire|el secador|el altavoz|la silla de oficina|el móvil""",
    "fr": """le mixeur|la bouilloire|la machine à café|le casque|l'aspirateur|la veste|
        les baskets|l'ordinateur portable|la tablette|l'écran|la lampe|le matelas|le sac à dos|
        la montre|la friteuse|le sèche-cheveux|l'enceinte|la chaise de bureau|le téléphone""",
    "de": """der Mixer|der Wasserkocher|die Kaffeemaschine|die Kopfhörer|der Staubsauger|
        die Jacke|die Schuhe|der Laptop|das Tablet|der Monitor|die Lampe|die Matratze|
        der Rucksack|die Uhr|die Heißluftfritteuse|der Föhn|der Lautsprecher|der Bürostuhl""",
}
CARRIERS = "DHL|UPS|DPD|FedEx|Royal Mail|Evri|GLS|USPS|the courier|Correos|Colissimo|Hermes"
NAMES = """Anna|Ben|Carla|David|Emma|Farid|Grace|Hugo|Ines|Jack|Kate|Liam|Maria|Noah|Olga|
    Paul|Rita|Sam|Tara|Victor|Wei|Yusuf|Zoe|Chloe|Omar|Priya|Lukas|Sofia|Mateo|Julie"""
SURNAMES = "Smith|Garcia|Martin|Müller|Nowak|Rossi|Khan|Brown|Dubois|Schmidt|Lopez|Kim|Walsh"


def _split(text: str) -> list[str]:
    """A "|"-separated list that may wrap over several source lines."""
    return [" ".join(part.split()) for part in text.split("|") if part.strip()]


def _lines(text: str) -> list[str]:
    """One template per line."""
    return [line.strip() for line in text.splitlines() if line.strip()]


# {device}/{item}/{product} products, {order} order number, {recent} a recent moment,
# {months} an age in months (over a year for warranty), {days} a small number of days.
TEMPLATES: dict[str, dict[str, list[str]]] = {
    "product_defect": {
        "en": _lines("""
            The {device} I received {recent} doesn't turn on at all.
            My new {device} stopped working after only three days.
            The {device} won't charge, the light never comes on.
            I just unboxed the {device} and it makes a loud grinding noise.
            The {device} keeps switching itself off after a few minutes.
            The {device} is faulty, the buttons don't respond.
            The screen on the {device} has dead pixels and flickers.
            There is no sound coming from the left side of the {device}.
            The {device} overheats and shuts down every time I use it.
            The battery of the {device} drains in less than an hour, it's brand new.
            The {device} arrived on time but it's defective, it won't power on.
            The {item} fell apart the first time I used it.
            The stitching on the {item} is coming undone after one wear.
            The zip on the {item} broke the first day.
            The {item} has a manufacturing fault, one side is uneven.
            The handle of the {item} came off while I was using it.
            The {item} has a flaw in the material, there is a hole in the seam.
            The {device} leaks water from the bottom whenever I use it.
            The {device} gives an error code E4 and won't start.
            The app can't connect to the {device}, I've reset it several times.
            The {device} charges but then dies as soon as I unplug it.
            Half of the LEDs on the {device} don't light up.
            The {device} is making a burning smell and there was smoke coming out of it.
            The {device} sparked when I plugged it in and tripped the fuse.
            The battery in the {device} swelled up and the case is bulging.
            My son got a small electric shock from the {device}.
            The {device} got so hot it melted the plastic around the plug.
            A small part came loose from the {item}, it's a choking hazard for my toddler.
            The {device} is completely dead, nothing happens when I press the power button.
            The {item} is defective: the wheels don't turn properly.
            The paint on the {item} is peeling off already, poor quality.
            It's not working properly, the {device} only runs on the lowest setting.
            I've had the {device} for a week and it already stopped working.
            The {device} is not working out of the box.
            The {device} doesn't hold a charge anymore after two weeks.
            The {device} turns on but the motor does not spin.
            Water gets inside the {item} even though it says it's waterproof, the seal is faulty.
            The {device} disconnects from bluetooth every few seconds.
            One of the legs of the {item} is a different length so it wobbles, clearly a defect.
            The {device} makes a buzzing noise and the display is blank.
            The {device} I bought is broken, it just doesn't work.
            The {device} isn't working, I think it's a faulty unit.
            The {item} tore at the seam the first time I wore it.
            The {device} trips the electricity every time I switch it on.
            The {device} won't heat up, it stays cold.
            The {device} charges very slowly and gets extremely hot.
            I received a faulty {device}, could you replace it?
            The {device} doesn't work, can I get a replacement or repair?
            Is this a known fault? My {device} keeps restarting.
            The {item} arrived fine but the mechanism is stiff and jams constantly.
            """),
        "es": _lines("""
            {product} que recibí {recent_es} no funciona, no enciende.
            {product} dejó de funcionar a los pocos días.
            {product} es defectuoso, hace un ruido muy fuerte.
            {product} no carga y la luz no se enciende.
            {product} se apaga sola cada pocos minutos, creo que viene con un defecto de fábrica.
            {product} se calienta muchísimo y huele a quemado.
            {product} tiene un fallo: la pantalla parpadea todo el rato.
            """),
        "fr": _lines("""
            {product} reçu {recent_fr} ne fonctionne pas, il ne s'allume pas.
            {product} est tombé en panne au bout de trois jours.
            {product} est défectueux, il fait un bruit anormal.
            {product} ne charge plus et le voyant reste éteint.
            {product} s'éteint tout seul, c'est un défaut de fabrication.
            {product} chauffe énormément et il y a une odeur de brûlé.
            La couture de {product} s'est déchirée dès la première utilisation.
            """),
        "de": _lines("""
            {product}, den ich {recent_de} erhalten habe, funktioniert nicht.
            {product} lässt sich nicht einschalten.
            {product} ist defekt, es kommt ein lautes Geräusch.
            {product} lädt nicht mehr und die Anzeige bleibt dunkel.
            {product} geht nach ein paar Minuten von selbst aus, ein Herstellungsfehler.
            {product} wird extrem heiß und es riecht verbrannt.
            Die Naht an {product} ist schon nach dem ersten Tragen aufgegangen.
            """),
    },
    "warranty_claim": {
        "en": _lines("""
            My {device} stopped working after {months} months, is it covered by the warranty?
            I bought the {device} {months} months ago and it no longer turns on. I'd like to make a warranty claim.
            The {device} is still under warranty but has developed a fault. How do I get it repaired?
            I'd like to claim on the 2-year guarantee, the {device} broke after {months} months.
            The {item} is {months} months old and the frame has cracked. It has a 5 year warranty.
            Can you repair my {device} under warranty? It's about a year old.
            What is the process for a warranty repair? My {device} has stopped charging.
            I have the extended warranty on my {device} and it has now failed.
            The {device} I bought last year has stopped working. I still have the receipt and it's within the warranty period.
            I want to send my {device} in for repair under the manufacturer's warranty.
            My {device} broke down just before the warranty expired, can you still replace it?
            Is a replacement possible under the guarantee? The {item} has worn out after {months} months.
            I registered my {device} for the extended warranty. It now won't power on, please advise on the claim.
            After {months} months the {device} makes a rattling noise. It should be covered by your warranty.
            Please arrange a warranty replacement for my {device}, the motor has burnt out after a year.
            The {item} came with a lifetime guarantee and the strap has snapped.
            Do I send the {device} to you or to the manufacturer for a warranty repair?
            My {device} is {months} months old and the battery has died, will the warranty cover it?
            I'd like to open a warranty case for my {device} please. Serial number is {order}.
            The guarantee card says 24 months, the {device} has failed at month {months}.
            My {device} has a recurring fault since last winter. Can this be repaired under warranty?
            I was told the {device} has a two year warranty. It's broken now, what do I need to send you?
            I purchased a protection plan with my {device}. The screen has stopped working, how do I claim?
            Can you confirm if my {device}, bought {months} months ago, is still within warranty? It has stopped heating.
            The {item} has a 10 year guarantee and the seams have split, I would like a replacement.
            """),
        "es": _lines("""
            {product} dejó de funcionar después de {months} meses, sigue en garantía.
            Quiero hacer uso de la garantía, {product} tiene un año y ya no enciende.
            ¿Pueden reparar {product} en garantía? Lo compré hace {months} meses.
            {product} se ha estropeado y todavía está en el periodo de garantía.
            """),
        "fr": _lines("""
            {product} ne fonctionne plus après {months} mois, il est encore sous garantie.
            Je souhaite faire jouer la garantie, {product} est tombé en panne au bout d'un an.
            Pouvez-vous réparer {product} sous garantie ? Je l'ai acheté il y a {months} mois.
            {product} est en panne et toujours couvert par la garantie.
            """),
        "de": _lines("""
            {product} funktioniert nach {months} Monaten nicht mehr, es ist noch Garantie drauf.
            Ich möchte einen Garantiefall melden, {product} ist nach einem Jahr kaputt gegangen.
            Können Sie {product} im Rahmen der Garantie reparieren? Gekauft vor {months} Monaten.
            {product} ist defekt und noch in der Gewährleistung.
            """),
    },
    "order_issue": {
        "en": _lines("""
            I received the wrong item, I ordered a {item} but got a {item2}.
            The parcel contained someone else's order.
            You sent the wrong size, I ordered a medium and got an extra large.
            The colour is wrong, I ordered black and received white.
            One item is missing from my order, the box only had the {item}.
            My order arrived but the {device} was not in the box.
            The package was missing the charger and the manual.
            I ordered three items and only two were in the parcel.
            This is not what I ordered, it's a completely different model.
            I got two of the same {item} instead of one {item} and one {item2}.
            The accessories listed on the page were missing from the box.
            I'd like to cancel my order {order}, I ordered it by mistake.
            Please cancel my order before it ships.
            Can I change the size on my order? I chose the wrong one.
            I need to add another item to my order {order}, is that still possible?
            Can I change the colour of the {item} I ordered this morning?
            I accidentally ordered two, can you remove one from the order?
            I want to change my order, can you swap the {item} for the {item2}?
            How do I cancel an order I placed yesterday?
            The invoice lists four items but the parcel had three.
            Part of my order never made it into the box, the {item2} is missing.
            The {item} in the box is the wrong model, please send the one I ordered.
            I ordered a pack of 6 and received a single one.
            My order was only partially delivered and there's no sign of the rest of the items.
            I'd like to cancel order {order}, I found it cheaper elsewhere.
            Is it too late to change the delivery option on my order to express?
            I placed the order twice by accident, please cancel the duplicate order.
            The item I received doesn't match the product photo or description at all.
            """),
        "es": _lines("""
            Me llegó un producto equivocado, pedí {product} y recibí otra cosa.
            Falta un artículo en mi pedido {order}.
            Quiero cancelar mi pedido {order}, me equivoqué de talla.
            Me enviaron la talla incorrecta, pedí una M y llegó una XL.
            ¿Puedo modificar mi pedido antes de que lo envíen?
            """),
        "fr": _lines("""
            J'ai reçu le mauvais article, j'avais commandé {product}.
            Il manque un article dans ma commande {order}.
            Je voudrais annuler ma commande {order}, je me suis trompé.
            Vous m'avez envoyé la mauvaise taille.
            Est-il possible de modifier ma commande avant l'expédition ?
            """),
        "de": _lines("""
            Ich habe den falschen Artikel erhalten, bestellt hatte ich {product}.
            In meinem Paket fehlt ein Artikel, Bestellung {order}.
            Ich möchte meine Bestellung {order} stornieren.
            Sie haben mir die falsche Größe geschickt.
            Kann ich meine Bestellung noch ändern, bevor sie versendet wird?
            """),
    },
    "shipping_problem": {
        "en": _lines("""
            Where is my parcel? I ordered {days} days ago and nothing has arrived.
            My order {order} still hasn't arrived and the tracking hasn't moved.
            The tracking says delivered but I never received the package.
            My parcel seems to be lost, {carrier} has no update for a week.
            The delivery is late, it was due on Monday.
            Can you tell me when my order will be delivered?
            The tracking number you gave me doesn't work on the {carrier} website.
            The {item} arrived damaged, the box was crushed.
            The {device} was broken in transit, the packaging was soaked and torn.
            The parcel arrived ripped open and the {item} inside was scratched.
            The glass {item} arrived smashed, the courier clearly dropped it.
            The box was dented and the {device} inside is cracked.
            {carrier} left my parcel outside in the rain and it is ruined.
            I need to change the delivery address for my order {order}.
            Can you redirect my parcel to my work address?
            The courier says they attempted delivery but nobody knocked.
            My package is stuck in customs, what should I do?
            The parcel was delivered to the wrong address.
            My order has been 'out for delivery' for three days.
            How long does delivery usually take? My order {order} is taking ages.
            It has been two weeks and my order still isn't here.
            The driver left the parcel with a neighbour I don't know.
            The tracking shows the parcel was returned to sender, why?
            The outer box was damaged on arrival and the {item} is bent.
            Your courier threw the parcel over the fence and the {device} is broken.
            Can you chase {carrier}? My parcel hasn't been updated since it left the depot.
            I was not home for the delivery, can it be re-delivered tomorrow?
            The shipping is taking much longer than the 3-5 days stated.
            My order was supposed to arrive {recent} but there is still no sign of it.
            """),
        "es": _lines("""
            ¿Dónde está mi paquete? Hice el pedido hace {days} días y no ha llegado.
            El seguimiento dice entregado pero no he recibido nada.
            {product} llegó dañado, la caja estaba aplastada.
            Mi pedido {order} está retrasado, ¿cuándo llegará?
            Quiero cambiar la dirección de entrega de mi pedido.
            """),
        "fr": _lines("""
            Où est mon colis ? J'ai commandé il y a {days} jours et rien n'est arrivé.
            Le suivi indique livré mais je n'ai rien reçu.
            {product} est arrivé endommagé, le carton était écrasé.
            Ma commande {order} est en retard, quand sera-t-elle livrée ?
            Je voudrais changer l'adresse de livraison de ma commande.
            """),
        "de": _lines("""
            Wo ist mein Paket? Ich habe vor {days} Tagen bestellt und es ist nicht angekommen.
            Laut Sendungsverfolgung zugestellt, aber ich habe nichts erhalten.
            {product} ist beschädigt angekommen, der Karton war eingedrückt.
            Meine Bestellung {order} ist verspätet, wann wird sie geliefert?
            Ich möchte die Lieferadresse meiner Bestellung ändern.
            """),
    },
    "return_refund": {
        "en": _lines("""
            I'd like to return the {item}, it doesn't fit.
            How do I send back the {item}? It's too small.
            Can I get a refund for the {item}? I changed my mind.
            I returned my order {order} {days} days ago and haven't had my refund yet.
            When will I get my money back for the return?
            Please send me a return label for the {item}.
            What is your returns policy for sale items?
            Can I exchange the {item} for a bigger size?
            I sent the {device} back, can you confirm you received it and process the refund?
            The refund I received is less than what I paid.
            How long do refunds take to show on my card?
            I want to return the {item}, it looks different from the photos.
            Is return shipping free or do I have to pay for it?
            I posted the return last week, the tracking shows you have it, where is my refund?
            I'd like a refund instead of store credit please.
            Do I need the original packaging to return the {device}?
            I'm within the 30 day return window and would like to send this back.
            The {item} isn't what I expected, how can I return it for a full refund?
            You said my refund was approved but the money hasn't arrived.
            Can I return the {item} in store instead of posting it?
            I want to return the {device} unopened, how do I get a refund?
            """),
        "es": _lines("""
            Quiero devolver {product}, no me queda bien.
            Devolví el pedido {order} hace {days} días y no he recibido el reembolso.
            ¿Cómo solicito una devolución?
            ¿Cuándo me devolverán el dinero?
            """),
        "fr": _lines("""
            Je souhaite retourner {product}, la taille ne convient pas.
            J'ai renvoyé la commande {order} il y a {days} jours et je n'ai pas été remboursé.
            Comment faire un retour ?
            Quand vais-je recevoir mon remboursement ?
            """),
        "de": _lines("""
            Ich möchte {product} zurückschicken, es passt nicht.
            Ich habe die Bestellung {order} vor {days} Tagen zurückgeschickt und noch kein Geld erhalten.
            Wie funktioniert die Rücksendung?
            Wann bekomme ich meine Erstattung?
            """),
    },
    "billing": {
        "en": _lines("""
            I was charged twice for order {order}.
            There are two identical payments on my card for one order.
            Can you send me an invoice for order {order}?
            I need a VAT invoice with my company name on it.
            My payment keeps getting declined at checkout.
            The payment went through on my bank but the order shows as unpaid.
            I was charged more than the price shown at checkout.
            The discount code wasn't applied and I paid full price.
            There is a charge from your company on my statement that I don't recognise.
            Someone used my card to buy something on your site, this is fraud.
            I've raised a chargeback with my bank for order {order}.
            Why was I charged a cancellation fee?
            Could you correct the billing address on my invoice?
            My card was debited but I got an error message and no order confirmation.
            I see an unauthorised transaction from your store.
            Can I pay the outstanding balance by bank transfer?
            My invoice shows the wrong amount of tax.
            I was billed for shipping even though it should have been free.
            I'd like a copy of all my invoices from last year.
            I was charged for a subscription I cancelled.
            Klarna says my payment is overdue but I paid already.
            The payment was taken from my account twice, please refund one.
            Please explain the extra fee on my bill.
            """),
        "es": _lines("""
            Me han cobrado dos veces el pedido {order}.
            Necesito la factura del pedido {order}.
            Hay un cargo de su tienda que no reconozco.
            Mi pago fue rechazado pero el dinero salió de mi cuenta.
            """),
        "fr": _lines("""
            J'ai été débité deux fois pour la commande {order}.
            Pouvez-vous m'envoyer la facture de la commande {order} ?
            Il y a un prélèvement de votre boutique que je ne reconnais pas.
            Mon paiement a été refusé mais mon compte a été débité.
            """),
        "de": _lines("""
            Mir wurde die Bestellung {order} doppelt abgebucht.
            Bitte senden Sie mir die Rechnung zur Bestellung {order}.
            Auf meiner Kreditkarte ist eine Abbuchung, die ich nicht kenne.
            Meine Zahlung wurde abgelehnt, aber das Geld wurde abgebucht.
            """),
    },
    "account": {
        "en": _lines("""
            I can't log in to my account, it says my password is wrong.
            I forgot my password and the reset email never arrives.
            Please delete my account and my personal data.
            How do I change the email address on my account?
            I want to update my phone number in my profile.
            My account has been locked after too many attempts.
            Someone hacked my account and changed my password.
            I think my account has been compromised, there are orders I didn't place.
            I can't create an account, the sign up page shows an error.
            Can you merge my two accounts?
            How do I change the default delivery address saved in my account?
            I want to switch my account from personal to business.
            The verification code for my account never comes through.
            Please close my customer account.
            I'd like a copy of the personal data you hold about me.
            How do I add a second address to my address book?
            I changed my name, can you update my account details?
            My login doesn't work since you updated the website.
            """),
        "es": _lines("""
            No puedo entrar en mi cuenta, dice que la contraseña es incorrecta.
            Quiero eliminar mi cuenta y mis datos personales.
            ¿Cómo cambio el correo electrónico de mi cuenta?
            Alguien ha entrado en mi cuenta y ha cambiado la contraseña.
            """),
        "fr": _lines("""
            Je n'arrive pas à me connecter à mon compte.
            Je voudrais supprimer mon compte client.
            Comment modifier l'adresse e-mail de mon compte ?
            Mon compte a été piraté, quelqu'un a changé le mot de passe.
            """),
        "de": _lines("""
            Ich kann mich nicht in mein Kundenkonto einloggen.
            Bitte löschen Sie mein Konto und meine Daten.
            Wie ändere ich das Passwort für mein Konto?
            Mein Konto wurde gehackt, jemand hat die E-Mail-Adresse geändert.
            """),
    },
    "pre_sale": {
        "en": _lines("""
            Is the {item} available in a larger size?
            Does the {device} come with a UK plug?
            When will the {item} be back in stock?
            Do you ship to Canada and how much does it cost?
            Is the {device} compatible with an iPhone?
            What's the difference between the two models of the {device}?
            Do you offer a student discount?
            Can I pay with PayPal or Apple Pay?
            How long is the warranty on the {device} if I buy it?
            Do you deliver on Saturdays?
            I'm thinking of buying the {item}, what material is it made of?
            Can I order now and collect in store?
            Is there any discount if I buy more than ten?
            What are the dimensions of the {item}?
            Is the {item} suitable for outdoor use?
            Will the {item} go on sale soon?
            Do you have a size guide for the {item}?
            Can I pay in instalments?
            Before I order, does the {device} include batteries?
            Which {device} would you recommend for a small kitchen?
            Does the {item} come assembled?
            Do you do gift cards?
            Can you deliver to a PO box?
            Is express delivery available for my area?
            """),
        "es": _lines("""
            ¿Tienen {product} en otra talla?
            ¿Hacen envíos a México?
            ¿Puedo pagar con PayPal?
            ¿Cuándo volverá a estar disponible {product}?
            """),
        "fr": _lines("""
            Est-ce que {product} existe dans une autre couleur ?
            Livrez-vous en Belgique ?
            Puis-je payer avec PayPal ?
            Quand {product} sera-t-il de nouveau en stock ?
            """),
        "de": _lines("""
            Gibt es {product} auch in einer anderen Farbe?
            Liefern Sie auch in die Schweiz?
            Kann ich mit PayPal bezahlen?
            Wann ist {product} wieder verfügbar?
            """),
    },
    "feedback": {
        "en": _lines("""
            Just wanted to say thank you, the {item} is perfect.
            Great service, the delivery was quick and the {device} works brilliantly.
            I'm very happy with my purchase and will recommend you to friends.
            Your customer service was terrible, nobody answered my emails.
            I want to make a complaint about the agent I spoke to yesterday.
            The website is really hard to use, please improve the search.
            I'd like to leave a review for the {item}.
            Your staff member Sarah was so helpful, please pass on my thanks.
            I'm disappointed with the service I received, it was unacceptable.
            Suggestion: it would be nice to have more colour options.
            Really pleased with the quality, five stars.
            I'm not happy with the way my complaint was handled.
            Love your shop, keep up the good work!
            The packaging was excessive, please consider using less plastic.
            Where can I write a review of my experience?
            """),
        "es": _lines("""
            Muchas gracias, estoy muy contento con la compra.
            Quiero poner una queja sobre la atención recibida.
            Excelente servicio, lo recomiendo.
            """),
        "fr": _lines("""
            Merci beaucoup, je suis très satisfait de mon achat.
            Je souhaite déposer une réclamation sur le service client.
            Service excellent, je recommande.
            """),
        "de": _lines("""
            Vielen Dank, ich bin sehr zufrieden mit meinem Einkauf.
            Ich möchte mich über den Kundenservice beschweren.
            Toller Service, sehr empfehlenswert.
            """),
    },
    "other": {
        "en": _lines("""
            How can I speak to a real person?
            What is your customer service phone number?
            Please unsubscribe me from your newsletter.
            I'd like to sign up for your newsletter.
            What are your opening hours?
            I'm interested in a partnership with your brand.
            Are you hiring at the moment? I'd like to apply.
            Can I talk to a manager please?
            Is there a live chat I can use?
            I'm a journalist writing about online retail, could I ask a few questions?
            Stop sending me marketing emails.
            Where is your head office located?
            Can someone call me back?
            Do you have a physical shop I can visit?
            """),
        "es": _lines("""
            ¿Cómo puedo hablar con una persona?
            Quiero darme de baja del boletín.
            ¿Cuál es el teléfono de atención al cliente?
            """),
        "fr": _lines("""
            Comment puis-je parler à un conseiller ?
            Je souhaite me désabonner de la newsletter.
            Quel est le numéro du service client ?
            """),
        "de": _lines("""
            Wie kann ich mit einem Mitarbeiter sprechen?
            Bitte melden Sie mich vom Newsletter ab.
            Wie lautet die Telefonnummer des Kundenservice?
            """),
    },
}

# Building blocks for the composed templates below; "|"-separated, picked at random.
SLOT_LISTS: dict[str, str] = {
    "bought": """I bought {a_device} from you {recent}|I ordered {a_device} {recent}|
        My {device} arrived {recent}|I received my {device} {recent}|I got the {device} {recent}|
        We bought {a_device} for our kitchen {recent}|I purchased {a_device} (order {order})|
        I just got the {device}|My new {device} was delivered {recent}""",
    "a_device": """a {device}|the {device}|a new {device}|one of your {device}s""",
    "symptom": """won't turn on|keeps switching itself off|won't charge|doesn't hold a charge|
        only heats on one side|makes a loud rattling noise|flickers all the time|keeps
        disconnecting|shows an error message and stops|has a blank display|has unresponsive
        buttons|is very weak and barely works|leaks water underneath|won't pair with my phone|
        crackles and cuts out|has no sound on one side|is extremely noisy|stops after a few
        seconds|randomly restarts|has a touchscreen that doesn't respond|just blinks red|
        won't connect to the app|drains its battery within an hour|doesn't spin|doesn't heat up|
        doesn't get cold|isn't recognised by my laptop|has a timer that doesn't work|buzzes
        loudly|has dead pixels|keeps beeping for no reason|smells of hot plastic and cuts out|
        vibrates violently|won't start at all|has stopped responding|trips the fuse|
        only works when I hold the cable at an angle|has a stuck button|won't boot|
        turns on but nothing happens|has a faulty thermostat|won't stay connected to wifi""",
    "item_symptom": """the seams are coming apart|the zip broke|the sole is coming off|the colour
        ran in the first wash|the fabric started pilling after one wear|one leg is loose|the
        handle snapped off|the coating is peeling|there's a hole in the fabric|the strap broke|
        the buckle won't close|it wobbles and won't stand straight|the glue has come unstuck|
        the drawer won't close|the stitching unravelled|the clasp broke|one wheel fell off|
        it has already sagged badly|it has a slow leak|the hinge is loose|the lid doesn't fit|
        the non-stick coating flaked off|the screws don't line up with the holes|the print
        has faded|it cracked when I tightened it|the elastic has gone""",
    "when_defect": """after two days|straight out of the box|on the first use|within a week|
        since it arrived|after a couple of uses|from day one|after three days|the first time I
        used it|after one week|right away|after a few hours""",
    "tried": """I've tried resetting it.|I tried a different socket and cable.|I followed the
        manual step by step.|I've charged it overnight.|I checked the troubleshooting page.|
        I reinstalled the app.|It's been handled carefully.|""",
    "ask_defect": """Can you send a replacement?|What are my options?|I'd like a replacement or a
        repair.|Please advise.|Is this a known issue?|I'd like it replaced.|How do we sort this
        out?|Can I get a new one?|I'd like a working one please.|Do I need to send it back?|
        I expect a replacement.|""",
    "long_ago": """14 months ago|a year and a half ago|two years ago|last spring|in 2023|over a
        year ago|about 18 months ago|13 months ago|20 months ago|nearly two years ago|last
        summer|back in January last year""",
    "warranty_word": """warranty|guarantee|2-year warranty|manufacturer's warranty|extended
        warranty|3 year guarantee|warranty period|protection plan""",
    "ask_warranty": """Can it be repaired under the {warranty_word}?|How do I make a warranty
        claim?|Is it still covered by the {warranty_word}?|Please let me know how to claim on
        the {warranty_word}.|I'd like a repair or replacement under the {warranty_word}.|
        Where do I send it for a warranty repair?|What do you need from me to start the
        claim?|Is this covered?|Can you arrange a warranty repair?""",
    "wrong_got": """I ordered {a_thing} but received {a_thing2}|the box contained {a_thing2}
        instead of {a_thing}|you sent me {a_thing2} instead of {a_thing}|I got the wrong
        size, a {size} instead of a {size2}|the colour is wrong, I ordered {colour} and got
        {colour2}|the parcel had someone else's order in it|I received the wrong model|the
        item inside isn't what I ordered|I was sent {a_thing2}, which I never ordered""",
    "a_thing": """a {item}|a {device}|the {item}|the {device}|two {item}s""",
    "a_thing2": """a {item2}|the {item2}|a different {item}|a cheaper {device}""",
    "size": "small|medium|large|XL|size 8|size 12|UK 7|EU 40|king size|double",
    "size2": "medium|large|small|XS|size 10|size 14|UK 8|EU 42|single|super king",
    "colour": "black|navy|white|red|green|grey|beige|pink|oak|silver",
    "colour2": "blue|brown|cream|orange|olive|charcoal|gold|purple|walnut|black",
    "missing": """the {item2} was missing from the parcel|only {n} of the items were in the
        box|the {accessory} wasn't included|the box was missing the {accessory}|half of my
        order wasn't in the parcel|one of the {item}s I paid for isn't there|the parcel only
        had the {item} and not the {item2}|the {accessory} and the manual were missing|
        there were no screws in the box|the second box of my order never came with the rest""",
    "accessory": """charger|power cable|remote control|lid|instruction manual|stand|
        charging case|fixing kit|battery|filter|hose attachment|second cushion|mounting bracket""",
    "change_order": """cancel order {order}|cancel my order before it ships|change the size on
        my order to {size2}|change the colour of my order to {colour2}|add a {item} to my order
        {order}|remove the {item} from my order|change the quantity on my order|swap the {item}
        for the {item2} in my order|update my order, I picked the wrong option|cancel the
        duplicate order I placed by mistake|cancel it, I ordered the wrong thing""",
    "where_parcel": """my order {order} still hasn't arrived|my parcel hasn't turned up|the
        tracking hasn't updated since {day}|tracking says it's been in transit for {days} days|
        the parcel is stuck at the {carrier} depot|the status has said 'out for delivery' for
        days|my delivery was due {day} and never came|{carrier} says it was delivered but it
        wasn't|the tracking shows delivered but there's nothing here|the parcel seems to be
        lost|my package is held at customs|the parcel was returned to sender for no reason|
        {carrier} left a card but I was home all day|the tracking link doesn't work|my order
        is over a week late|it's been {days} days and still nothing|my parcel went to the
        wrong address|the courier says the address couldn't be found""",
    "day": "on Monday|on Tuesday|last Friday|yesterday|on the 3rd|last week|on Saturday",
    "transit_damage": """the box arrived crushed and the {item} inside is broken|the parcel was
        soaking wet and the {item} is ruined|the {device} arrived with a cracked screen and
        the box was dented|the package was torn open and the {item} is scratched|the {item}
        arrived smashed to pieces|the {carrier} driver clearly dropped it, the {device} is
        dented|the outer packaging was crushed and the {item} is bent|it arrived broken, the
        box looked like it had been thrown around|the glass top was shattered when I opened
        the parcel|the parcel was left in the rain and the {item} is water damaged|the corner
        of the {item} is smashed, the box was badly damaged in transit""",
    "ask_shipping": """Can you look into it?|Where is it?|Can you chase the courier?|When will
        it arrive?|Can you send a replacement?|What happens now?|Please investigate.|Can you
        resend it?|I need it urgently.|""",
    "return_reason": """it doesn't fit|it's too small|it's too big|I changed my mind|it doesn't
        look like the photos|the colour isn't what I expected|I ordered two sizes and am
        keeping one|it's not suitable for what I need|I found it cheaper elsewhere|it was an
        unwanted gift|the quality isn't what I expected for the price""",
    "return_ask": """How do I return it?|Can I get a refund?|Could you send me a return
        label?|Can I exchange it for a {size2}?|What's the returns process?|Is return postage
        free?|Can I return it in store?|How long do I have to send it back?|I'd like my money
        back.|Can I get store credit instead?""",
    "refund_status": """I returned order {order} {days} days ago and still have no refund|you
        received my return on {day} but the refund hasn't come through|my refund still isn't
        on my card|the refund I got was less than I paid|I was told the refund was processed
        but there's no money in my account|the return tracking shows you got it, where is my
        refund|I sent the {item} back two weeks ago and haven't heard anything about my
        refund""",
    "invoice_ask": """send me an invoice for order {order}|send a VAT invoice with my company
        name|resend the receipt for my last purchase|correct the address on my invoice|give me
        a copy of all my invoices this year|add our VAT number to the invoice|send the invoice
        as a PDF|issue a corrected invoice, the tax is wrong""",
    "charge_problem": """I was charged twice for order {order}|I was charged {money} but the
        price was lower|the discount code wasn't applied and I paid full price|my card keeps
        being declined at checkout|the payment failed but money left my account|I paid but
        the order still shows unpaid|there's an extra fee on my bill I don't understand|I was
        charged for delivery that should have been free|I was charged in dollars instead of
        pounds|my instalment payment was taken twice|I paid by bank transfer but it isn't
        showing|the amount on my statement doesn't match the order total""",
    "job": "warehouse operative|customer service advisor|delivery driver|marketing assistant",
    "supplier": "small furniture maker|packaging supplier|candle brand|logistics company",
    "money": "£84.99|$120|€59|£12.50|$249|€300|£19",
    "fraud_claim": """there's a charge of {money} from your store I don't recognise|someone
        used my card on your website|I see unauthorised transactions from you on my statement|
        I never placed this order but my card was charged|I'm reporting this charge to my bank
        as fraud|I have filed a chargeback for order {order}""",
    "account_problem": """I can't log in to my account|the password reset email never
        arrives|my account is locked|I don't get the verification code|I can't create an
        account, the sign-up form errors|the site says my email is already registered but I
        can't get in|my login stopped working after the website update|the two-factor code
        never arrives|I keep getting 'invalid password' even after resetting it""",
    "account_change": """change the email address on my account|update my phone number in my
        profile|delete my account and all my data|close my customer account|merge my two
        accounts|change my name on the account|update the saved address in my address book|
        switch my account to a business account|send me the personal data you hold about me|
        unlink my old social login|change my account password""",
    "takeover": """someone has got into my account and changed the password|my account has
        been hacked|there are orders in my account that I didn't place and my email was
        changed|I think my account was compromised, I got a login alert from another
        country""",
    "product_question": """does the {item} come in a {size2}|is the {device} compatible with
        an iPhone|what material is the {item} made of|what are the dimensions of the {item}|
        is the {item} waterproof|how long does the battery of the {device} last|what's
        included in the box with the {device}|what's the difference between the two {device}
        models|does the {device} come with a UK plug|is the {item} machine washable|does the
        {item} need assembly|will the {item} fit a small flat|how heavy is the {item}|is the
        {device} suitable for a beginner|can the {item} be used outdoors|does the {device}
        work with Alexa""",
    "buying_question": """when will the {item} be back in stock|will the {item} be restocked
        in {colour}|do you offer a student discount|can I pay with PayPal|do you take Apple
        Pay|can I pay in instalments|do you deliver to Ireland|how much is delivery to
        France|do you price match|is there a discount for bulk orders|can I collect in store|
        do you do gift wrapping|can I pre-order the new {device}|how long is the warranty on
        the {device}|do you ship internationally|how quickly could you deliver if I order
        today|is the sale price still valid tomorrow|do you have gift vouchers""",
    "praise": """the courier was lovely|the {item} is gorgeous|the staff in your
        shop were so kind|everything arrived beautifully wrapped|the {item} is perfect|delivery was super quick|your team was really
        helpful|the quality is excellent|I'm really happy with my {device}|the whole
        experience was smooth|the packaging was lovely|the driver was very friendly""",
    "complaint": """your customer service has been terrible|nobody replies to my emails|the
        agent I spoke to was rude|I've been passed around for weeks|I'm very disappointed
        with how I was treated|the way your team dealt with my order was shocking|I expected
        much better after years as a loyal customer|there was no apology and no follow up|
        your chat bot is useless|I've had to call four times about the
        same thing|your service has gone downhill""",
    "suggestion": """please add a dark mode to the app|it would be great to filter by size|the
        checkout page is confusing|please use less plastic packaging|you should offer more
        colours|the website search needs improving|a wishlist feature would be nice""",
    "other_request": """give me a phone number to call|let me speak to a real person|unsubscribe
        me from your emails|sign me up to the newsletter|tell me your opening hours|put me in
        touch with your partnerships team|tell me if you're hiring|pass this to a manager|
        have someone call me back|tell me where your head office is|tell me whether there's a
        live chat|stop sending me marketing texts|forward my CV to HR|connect me with your
        press office|tell me if you stock your products in shops|tell me if you run an
        affiliate programme|pass my collaboration proposal to marketing|tell me who handles
        supplier enquiries|let me know if you'd stock our products|tell me about sponsorship
        for our charity event""",
}

COMPOSED: dict[str, dict[str, list[str]]] = {
    "product_defect": {
        "en": _lines("""
            {bought} and it {symptom}. {tried} {ask_defect}
            {bought} and it {symptom} {when_defect}. {ask_defect}
            The {device} {symptom} {when_defect}. {tried} {ask_defect}
            It {symptom}, {when_defect}. {ask_defect}
            The {item} I ordered {recent}: {item_symptom} {when_defect}. {ask_defect}
            {item_symptom} on my new {item} {when_defect}. {ask_defect}
            Really disappointed, the {item} is poor quality, {item_symptom}. {ask_defect}
            Faulty {device}: it {symptom}. {ask_defect}
            {bought}. Unfortunately it {symptom} and {symptom}. {ask_defect}
            """),
    },
    "warranty_claim": {
        "en": _lines("""
            I bought {a_device} {long_ago} and it now {symptom}. {ask_warranty}
            My {device} {symptom}. I bought it {long_ago} and it has a {warranty_word}. {ask_warranty}
            The {item} I bought {long_ago}: {item_symptom}. {ask_warranty}
            {ask_warranty} My {device}, bought {long_ago}, {symptom}.
            My {device} is still under {warranty_word} and it {symptom}. {ask_warranty}
            After {months} months of normal use the {device} {symptom}. {ask_warranty}
            """),
    },
    "order_issue": {
        "en": _lines("""
            My order {order} arrived {recent} but {wrong_got}. Please send the right one.
            {wrong_got}. Can you sort out the correct item?
            My parcel came {recent} but {missing}. Can you send it?
            {missing}. Order {order}.
            Could you {change_order}? It hasn't shipped yet.
            I forgot to add the {accessory} to my order {order}, can you add it to the same shipment?
            Is there any way I can still switch the {item} to the {colour2} one? I only ordered a few minutes ago.
            Just placed an order and realised I picked the wrong option, can it be swapped before it ships?
            Can you combine my two orders into one delivery?
            Please {change_order}.
            I need to {change_order}, is that still possible?
            Opened my order today and {wrong_got}. What should I do with it?
            """),
    },
    "shipping_problem": {
        "en": _lines("""
            {where_parcel}. {ask_shipping}
            I ordered {recent} and {where_parcel}. {ask_shipping}
            Order {order}: {where_parcel}. {ask_shipping}
            My order arrived {recent} but {transit_damage}. {ask_shipping}
            {transit_damage}. Photos attached. {ask_shipping}
            Could you change the delivery address on order {order}? I've moved.
            Can my parcel be redirected to a pickup point instead?
            """),
    },
    "return_refund": {
        "en": _lines("""
            I'd like to return the {item} because {return_reason}. {return_ask}
            The {item} I bought {recent} - {return_reason}. {return_ask}
            {return_ask} The {item} {return_reason}.
            {refund_status}. Can you check?
            {refund_status}. When will I get my money back?
            What is your return policy for {item}s? {return_ask}
            """),
    },
    "billing": {
        "en": _lines("""
            Could you {invoice_ask}?
            Please {invoice_ask}. Thanks.
            {charge_problem}. Can you look into it?
            {charge_problem}. Please refund the difference.
            {charge_problem}.
            {fraud_claim}. Please investigate urgently.
            """),
    },
    "account": {
        "en": _lines("""
            {account_problem}. Can you help?
            {account_problem}, what can I do?
            How do I {account_change}?
            Please {account_change}.
            {takeover}. Please secure it.
            """),
    },
    "pre_sale": {
        "en": _lines("""
            Quick question before I order: {product_question}?
            {product_question}? I'm thinking of buying one.
            Hi, {buying_question}?
            {buying_question}? I'd like to order soon.
            {product_question}? And {buying_question}?
            """),
    },
    "feedback": {
        "en": _lines("""
            Just a note to say {praise}. Thank you!
            I wanted to say {praise} and {praise}.
            I want to complain: {complaint}.
            Honestly {complaint}. This is unacceptable.
            A suggestion: {suggestion}.
            Some feedback - {suggestion}.
            I'd like to leave a review: {praise}.
            """),
    },
    "other": {
        "en": _lines("""
            Could you {other_request}?
            Please {other_request}.
            Can you {other_request}, please?
            Please find attached my CV for the {job} position advertised on your website.
            I'm an influencer with {n}0k followers and would love to work with your brand.
            We're a {supplier} and would like to talk to your buying team.
            """),
    },
}


# More Spanish, French and German, in the same spirit as the English composed templates.
SLOT_LISTS.update(
    {
        "sintoma": """no enciende|se apaga sola|no carga|hace un ruido muy raro|pierde agua|la
            pantalla parpadea|no se conecta al móvil|se calienta y se apaga|no calienta|el
            botón no responde|no suena por un lado|se reinicia todo el rato|no arranca""",
        "symptome": """ne s'allume pas|s'éteint tout seul|ne charge pas|fait un bruit bizarre|
            fuit|l'écran clignote|ne se connecte pas au téléphone|chauffe puis s'arrête|ne
            chauffe pas|le bouton ne répond plus|n'a pas de son d'un côté|redémarre sans arrêt|
            ne démarre pas""",
        "symptom_de": """lässt sich nicht einschalten|schaltet sich von selbst aus|lädt nicht|
            macht ein lautes Geräusch|ist undicht|das Display flackert|verbindet sich nicht
            mit dem Handy|wird heiß und geht aus|heizt nicht|die Taste reagiert nicht|hat auf
            einer Seite keinen Ton|startet ständig neu|funktioniert nicht richtig""",
    }
)

MORE_TEMPLATES: dict[str, dict[str, list[str]]] = {
    "product_defect": {
        "es": _lines("""
            {product} {sintoma} desde el primer día. ¿Me pueden enviar otro?
            Recibí {product} {recent_es} y {sintoma}. ¿Qué puedo hacer?
            {product} que compré {recent_es} {sintoma}, está defectuoso.
            Tengo un problema con {product}: {sintoma}. Quiero un cambio.
            La cremallera de la mochila se rompió el primer día, la calidad es muy mala.
            """),
        "fr": _lines("""
            {product} {symptome} depuis le premier jour. Pouvez-vous en envoyer un autre ?
            J'ai reçu {product} {recent_fr} et il {symptome}. Que faire ?
            {product} acheté {recent_fr} {symptome}, il est défectueux.
            J'ai un problème avec {product} : il {symptome}. Je souhaite un échange.
            La fermeture éclair de la veste a cassé dès le premier jour, très mauvaise qualité.
            """),
        "de": _lines("""
            {product} knistert und rauscht, und lädt nicht mehr. Was nun?
            Die Kopfhörer laden nicht mehr und ein Ohr bleibt stumm.
            {product} {symptom_de}, schon seit dem ersten Tag. Können Sie Ersatz schicken?
            Ich habe {product} {recent_de} bekommen und das Gerät {symptom_de}.
            {product} {symptom_de}. Das Gerät ist defekt, was nun?
            Ich habe ein Problem mit {product}: {symptom_de}. Bitte um Austausch.
            Der Reißverschluss der Jacke ist gleich am ersten Tag kaputt gegangen.
            """),
    },
    "warranty_claim": {
        "es": _lines("""
            Compré {product} hace {months} meses y {sintoma}. ¿Lo cubre la garantía?
            {product} tiene algo más de un año y {sintoma}. Quiero tramitar la garantía.
            ¿Cómo envío {product} a reparar en garantía? {sintoma} desde la semana pasada.
            """),
        "fr": _lines("""
            J'ai acheté {product} il y a {months} mois et il {symptome}. Est-ce couvert par la garantie ?
            {product} a un peu plus d'un an et {symptome}. Je voudrais faire jouer la garantie.
            Comment envoyer {product} en réparation sous garantie ? Il {symptome}.
            """),
        "de": _lines("""
            Ich habe {product} vor {months} Monaten gekauft und es {symptom_de}. Ist das ein Garantiefall?
            {product} ist etwas über ein Jahr alt und {symptom_de}. Ich möchte die Garantie nutzen.
            Wie schicke ich {product} zur Garantiereparatur ein? Es {symptom_de}.
            """),
    },
    "order_issue": {
        "es": _lines("""
            He recibido el pedido {order} pero falta {product}.
            En la caja venía {product} en lugar de lo que pedí.
            ¿Puedo añadir un artículo a mi pedido {order} antes del envío?
            Por favor, anulen mi pedido {order}, lo hice por error.
            Me ha llegado el color equivocado, pedí negro y es azul.
            """),
        "fr": _lines("""
            J'ai reçu la commande {order} mais {product} n'était pas dans le colis.
            Le colis contenait {product} au lieu de ce que j'avais commandé.
            Puis-je ajouter un article à ma commande {order} avant l'expédition ?
            Merci d'annuler ma commande {order}, je l'ai passée par erreur.
            J'ai reçu la mauvaise couleur, j'avais commandé du noir.
            """),
        "de": _lines("""
            Ich habe die Bestellung {order} erhalten, aber {product} fehlt.
            Im Paket war {product} statt des bestellten Artikels.
            Kann ich zu meiner Bestellung {order} noch einen Artikel hinzufügen?
            Bitte stornieren Sie meine Bestellung {order}, ich habe mich vertan.
            Ich habe die falsche Farbe bekommen, bestellt war schwarz.
            """),
    },
    "shipping_problem": {
        "es": _lines("""
            Mi pedido {order} debía llegar {recent_es} y todavía no ha llegado.
            El seguimiento de {carrier} no se actualiza desde hace {days} días.
            El paquete llegó roto, la caja estaba mojada y {product} está dañado.
            Dice entregado pero no he recibido nada, ¿pueden comprobarlo?
            Creo que mi paquete se ha perdido.
            """),
        "fr": _lines("""
            Ma commande {order} devait arriver {recent_fr} et je n'ai toujours rien.
            Le suivi {carrier} n'a pas bougé depuis {days} jours.
            Le colis est arrivé abîmé, le carton était déchiré et {product} est cassé.
            Il est indiqué livré mais je n'ai rien reçu, pouvez-vous vérifier ?
            Je pense que mon colis est perdu.
            """),
        "de": _lines("""
            Meine Bestellung {order} sollte {recent_de} kommen und ist immer noch nicht da.
            Die Sendungsverfolgung von {carrier} zeigt seit {days} Tagen nichts Neues.
            Das Paket kam beschädigt an, der Karton war nass und {product} ist kaputt.
            Laut Tracking zugestellt, aber ich habe nichts bekommen. Bitte prüfen.
            Ich glaube, mein Paket ist verloren gegangen.
            """),
    },
    "return_refund": {
        "es": _lines("""
            ¿Puedo cambiar {product} por una talla más pequeña? Está sin usar.
            Quiero devolver {product}, no es lo que esperaba. ¿Me envían la etiqueta?
            Envié la devolución hace {days} días y aún no tengo el reembolso.
            ¿Cuál es el plazo para devolver un artículo?
            """),
        "fr": _lines("""
            Puis-je échanger {product} contre une taille en dessous ? Il n'a pas été porté.
            Je voudrais renvoyer {product}, il ne me convient pas. Pouvez-vous m'envoyer l'étiquette ?
            J'ai renvoyé le colis il y a {days} jours et toujours pas de remboursement.
            Quel est le délai pour retourner un article ?
            """),
        "de": _lines("""
            Kann ich {product} gegen eine Nummer kleiner umtauschen? Ungetragen.
            Ich möchte {product} umtauschen, die Größe passt nicht.
            Ich möchte {product} zurückgeben, es gefällt mir nicht. Bitte senden Sie mir ein Etikett.
            Meine Rücksendung ist seit {days} Tagen bei Ihnen, aber keine Erstattung.
            Wie lange habe ich Zeit für eine Rückgabe?
            """),
    },
    "billing": {
        "es": _lines("""
            ¿Me pueden enviar una factura con el NIF de mi empresa?
            Me cobraron más de lo que indicaba la web.
            El pago fue rechazado varias veces con mi tarjeta.
            """),
        "fr": _lines("""
            Pourriez-vous m'envoyer une facture au nom de ma société ?
            J'ai été débité d'un montant supérieur au prix affiché.
            Mon paiement par carte est refusé à chaque fois.
            """),
        "de": _lines("""
            Können Sie mir eine Rechnung mit unserer USt-IdNr. ausstellen?
            Mir wurde mehr berechnet als im Shop angezeigt.
            Meine Kartenzahlung wird jedes Mal abgelehnt.
            """),
    },
    "account": {
        "es": _lines("""
            No me llega el correo para restablecer la contraseña.
            Mi cuenta está bloqueada, ¿pueden desbloquearla?
            ¿Cómo cambio la dirección guardada en mi perfil?
            """),
        "fr": _lines("""
            Je ne reçois pas l'e-mail de réinitialisation du mot de passe.
            Mon compte est bloqué, pouvez-vous le débloquer ?
            Comment modifier l'adresse enregistrée dans mon profil ?
            """),
        "de": _lines("""
            Ich bekomme keine E-Mail zum Zurücksetzen des Passworts.
            Mein Konto ist gesperrt, können Sie es entsperren?
            Wie ändere ich die gespeicherte Adresse in meinem Profil?
            """),
    },
    "pre_sale": {
        "es": _lines("""
            Si pido {product} hoy, ¿cuándo llegaría más o menos?
            ¿Cuánto cuesta el envío a Portugal antes de hacer el pedido?
            ¿{product} es compatible con un iPhone?
            ¿Hacen envíos a Canarias y cuánto tarda?
            ¿De qué material es {product}? Estoy pensando en comprarlo.
            ¿Tienen descuento si compro varias unidades?
            """),
        "fr": _lines("""
            Si je commande {product} aujourd'hui, quand serait-il livré environ ?
            Quels sont les frais de livraison pour la Belgique avant de commander ?
            Est-ce que {product} est compatible avec un iPhone ?
            Livrez-vous en Suisse et en combien de temps ?
            En quelle matière est {product} ? J'hésite à l'acheter.
            Faites-vous une remise pour plusieurs unités ?
            """),
        "de": _lines("""
            Wenn ich {product} heute bestelle, wann käme die Lieferung ungefähr?
            Was kostet der Versand nach Österreich, bevor ich bestelle?
            Ist {product} mit einem iPhone kompatibel?
            Liefern Sie nach Österreich und wie lange dauert das?
            Aus welchem Material ist {product}? Ich überlege, es zu kaufen.
            Gibt es einen Mengenrabatt?
            """),
    },
    "feedback": {
        "es": _lines("""
            Solo quería dar las gracias, el pedido llegó perfecto.
            Estoy harto, nadie responde a mis correos, qué mal servicio.
            Una sugerencia: la web es muy lenta en el móvil.
            """),
        "fr": _lines("""
            Je voulais juste vous remercier, tout était parfait.
            Je suis très mécontent, personne ne répond à mes messages.
            Une suggestion : le site est très lent sur mobile.
            """),
        "de": _lines("""
            Ich wollte mich nur bedanken, alles war perfekt.
            Ich bin sehr unzufrieden, niemand antwortet auf meine E-Mails.
            Ein Vorschlag: die Webseite ist auf dem Handy sehr langsam.
            """),
    },
    "other": {
        "es": _lines("""
            Por favor, quiten mi correo de su lista de publicidad.
            No quiero recibir más correos promocionales.
            ¿Tienen un programa de afiliados? Tengo un blog de viajes.
            Adjunto mi currículum para la oferta de empleo en el almacén.
            Somos fabricantes de muebles y nos gustaría hablar con su departamento de compras.
            """),
        "fr": _lines("""
            Merci de retirer mon adresse de votre liste de diffusion.
            Je ne veux plus recevoir vos e-mails publicitaires.
            Avez-vous un programme d'affiliation ? Je tiens un blog de cuisine.
            Veuillez trouver ci-joint mon CV pour le poste de préparateur de commandes.
            Nous sommes fabricants et aimerions parler à votre service achats.
            """),
        "de": _lines("""
            Bitte entfernen Sie meine Adresse aus Ihrem Werbeverteiler.
            Ich möchte keine Werbe-E-Mails mehr erhalten.
            Haben Sie ein Partnerprogramm? Ich betreibe einen Reiseblog.
            Anbei meine Bewerbung für die Stelle im Lager.
            Wir sind Hersteller und würden gern mit Ihrem Einkauf sprechen.
            """),
    },
}
for _category, _by_language in MORE_TEMPLATES.items():
    for _language, _extra in _by_language.items():
        TEMPLATES[_category][_language] = TEMPLATES[_category][_language] + _extra


# A second batch of hand-written English lines, phrased the way people write mail rather
# than the way they talk to a chatbot.
MORE_ENGLISH: dict[str, list[str]] = {
    "product_defect": _lines("""
        Plugged the {device} in, the power light comes on for a second and then nothing. It's a dud.
        The {device} worked for a day and now it's dead. I haven't dropped it or got it wet.
        Still waiting on a solution: the {device} still doesn't work and I sent the video you asked for.
        The {item}'s handle wobbles and the screw keeps falling out, clearly a manufacturing issue.
        The {item} I bought three weeks ago has already fallen apart at the seams.
        The pole on the {item} snapped the first time we used it, with no force at all.
        There's a sharp metal edge sticking out of the {item} that cut my finger.
        The {device} trips our electrics whenever it's switched on.
        The lid of the {device} doesn't seal so it leaks everywhere.
        The {device} only works if I keep the button held down.
        Colour came off the {item} onto my sofa after one day.
        The {device} beeps constantly and shows E1, the manual says contact the retailer.
        I've only used the {device} twice and the motor already smells and struggles.
        The {device} is really noisy, much louder than it should be, something is loose inside.
        The {device} runs for ten minutes and then cuts out completely.
        The {item} has a crack in the base that wasn't caused by us, it appeared after a few days.
        Very poor quality {item}, the fabric ripped on the first wear.
        The new {device} keeps freezing and I have to unplug it to get it going again.
        """),
    "warranty_claim": _lines("""
        I've had the {device} for about two years and it's now stopped working. I believe it's still under warranty.
        The {device} I bought in 2023 has a fault with the heating element. How do I book a warranty repair?
        Please can you confirm whether my {device} is within its warranty, it's developed a fault.
        My {device} was repaired under warranty last year and now the same fault is back.
        How do I book an engineer under the warranty? The {device} stopped draining water.
        I'm chasing my warranty repair, I sent the {device} to you three weeks ago and heard nothing.
        The {device} failed after {months} months. I'd like to use the guarantee that came with it.
        Does the warranty cover a battery that no longer holds charge after a year?
        I still have the receipt from {long_ago}. The {device} has broken and should be under guarantee.
        """),
    "order_issue": _lines("""
        The bedding set I received is a double, but my order confirmation says king size.
        I've been sent a set of 4 glasses but I paid for a set of 6.
        You've sent me two left shoes!
        The order came with the {item} but not the matching {item2} I paid for.
        I got my confirmation and noticed I picked the wrong size, please change it to a {size2}.
        Please cancel my subscription order from next month.
        Can you cancel the {item} from my order and keep the rest?
        I need to change the quantity from two to one before it's dispatched.
        Can I still amend my order? I want to add gift wrap.
        The label on the box is right but the {item} inside is for someone else.
        """),
    "shipping_problem": _lines("""
        My order says 'processing' for a week, when will it be dispatched?
        When will my order actually be sent? It's been {days} days.
        The delivery driver didn't ring the bell, just left a card and took it back to the depot.
        The courier's tracking page just says delayed with no new date.
        One of the tiles was cracked when it arrived, the box was dented in the corner.
        The box had a hole in it and the {item} was scratched and chipped.
        The parcel was left on the doorstep in full view and has been stolen.
        The tracking number doesn't show anything at all.
        Your delivery company keeps rescheduling my delivery.
        Can you give me a delivery slot for my {item}? Nobody has contacted me.
        The shipping label has my old address on it, can you correct it before it's delivered?
        """),
    "return_refund": _lines("""
        The courier collected the {item} on Friday, when will the refund go through?
        I've dropped the parcel at the post office, here is the proof of postage.
        I'd like to send back the {item}, the shade is quite different from the website.
        Do I need to include anything in the parcel when I return the {item}?
        Will the refund go back to my original card or as a voucher?
        The return label you sent doesn't work at the drop-off point.
        My refund has been 'pending' for ten days now.
        I was refunded for one item but I returned two.
        Can I return part of my order and keep the rest?
        """),
    "billing": _lines("""
        I placed an order and paid but didn't get a confirmation email and it isn't in my account, did the payment go through?
        Money was taken from my account but I never received an order confirmation.
        PayPal says the payment failed but the order was created anyway, what should I do?
        Klarna is asking me to pay for an order I returned.
        Can you add my company's name and VAT number to the invoice for order {order}?
        My card was charged three times for the same order.
        I was charged the full price even though the item was on sale.
        Why has a pending payment been on my card for two weeks?
        I need a receipt for my expenses claim.
        The invoice total doesn't match what I paid.
        """),
    "account": _lines("""
        I've forgotten which email I used to register, can you tell me which address my account is under?
        It says my new email address is already in use when I try to change it.
        Every time I try to sign in it sends me back to the homepage.
        I keep getting logged out of my account.
        Please remove my card details from my account.
        How do I turn off the saved payment method on my profile?
        I can't see my order history in my account anymore.
        My loyalty points have disappeared from my account.
        """),
    "pre_sale": _lines("""
        Does the {item} come with everything needed or do I need to buy extras separately?
        Is the {item} dishwasher safe?
        Can I buy gift cards and have them emailed?
        Do you do next day delivery to Northern Ireland? I haven't ordered yet.
        If I order the {item} today, when would it arrive?
        Do you have the {item} in a wider fit?
        Is the {device} the latest model?
        How does the {item} size up? I'm between sizes.
        Are your prices including VAT?
        """),
    "feedback": _lines("""
        Thanks for the goodwill gesture, it's much appreciated.
        Happy to give feedback: the checkout was slow on my phone, otherwise all good.
        Your driver damaged my fence and drove off, I'm absolutely furious.
        The delivery man was really rude to my elderly mother.
        I'd just like to compliment your packaging, everything arrived safely.
        I've been shopping with you for years and this is the worst service I've had.
        Five stars for the customer service team, they went above and beyond.
        """),
    "other": _lines("""
        I'm writing an article about sustainable brands, would someone be available for an interview?
        Do you have a press contact?
        Please forward this to your marketing department.
        Is there a way to contact you other than email?
        I'd like to speak to someone about a business proposal.
        What are your opening hours on bank holidays?
        Can you remove me from your text message list?
        """),
}
for _category, _extra_lines in MORE_ENGLISH.items():
    TEMPLATES[_category]["en"] = TEMPLATES[_category]["en"] + _extra_lines

MORE_TEMPLATES_2 = {
    (
        "pre_sale",
        "de",
    ): "Kann ich bei Ihnen Geschenkgutscheine kaufen?|Ist der Preis inklusive Versand?",
    ("pre_sale", "es"): "¿Venden tarjetas regalo?|¿El precio incluye el envío?",
    ("pre_sale", "fr"): "Vendez-vous des cartes cadeaux ?|Le prix inclut-il la livraison ?",
    (
        "billing",
        "de",
    ): "Meine Zahlung mit PayPal ist fehlgeschlagen, aber die Bestellung wurde angelegt.",
    ("billing", "es"): "El pago con PayPal falló pero el pedido aparece como realizado.",
    ("billing", "fr"): "Le paiement PayPal a échoué mais la commande a quand même été créée.",
}
for (_category, _language), _joined in MORE_TEMPLATES_2.items():
    TEMPLATES[_category][_language] = TEMPLATES[_category][_language] + _split(_joined)


SUBJECTS: dict[str, list[str]] = {
    "product_defect": _split("""Faulty {device}|{device} not working|Defective item|Problem with
        my {device}|{device} broken|Fault|Doesn't work|Item defective|Producto defectuoso|
        Produit défectueux|Gerät defekt|Quality issue"""),
    "warranty_claim": _split("""Warranty claim|Warranty|Guarantee claim|Repair under warranty|
        {device} warranty|Warranty repair request|Garantía|Garantie|Garantiefall|Claim"""),
    "order_issue": _split("""Wrong item|Wrong item received|Missing item|Item missing from order|
        Cancel order|Cancel my order|Change my order|Order {order}|Wrong size|Incomplete order|
        Pedido incorrecto|Article manquant|Falscher Artikel|Stornierung"""),
    "shipping_problem": _split("""Where is my order?|Parcel not arrived|Delivery|Late delivery|
        Lost parcel|Damaged parcel|Tracking|Order {order} not received|Damaged in transit|
        Change delivery address|Envío|Livraison|Lieferung|Paket"""),
    "return_refund": _split("""Return|Return request|Refund|Refund status|Returns|Exchange|
        Where is my refund?|Devolución|Remboursement|Rücksendung|Erstattung"""),
    "billing": _split("""Invoice|Invoice request|Payment problem|Charged twice|Double charge|
        Billing|Payment|Unknown charge|Factura|Facture|Rechnung|Zahlung"""),
    "account": _split("""Account|Login problem|Password|Can't log in|Delete account|
        Account access|Cuenta|Compte|Konto"""),
    "pre_sale": _split("""Question|Product question|Before I order|Stock|Sizing|Availability|
        Question about the {item}|Pregunta|Question produit|Frage"""),
    "feedback": _split("""Feedback|Thank you|Complaint|Review|Suggestion|Thanks!|Queja|Avis|
        Lob|Beschwerde"""),
    "other": _split("""Contact|Hello|Enquiry|Newsletter|Unsubscribe|Partnership|Contacto|
        Contact|Kontakt"""),
}
GENERIC_SUBJECTS = _split("""Help|Question|Order {order}|Re: Order {order}|Hello|Urgent|Issue|
    Hi|Re: Your order|My order|Ihre Bestellung {order}|Re: Ihre Bestellung|Meine Bestellung|
    Mi pedido {order}|Re: Su pedido|Pedido {order}|Ma commande {order}|Re: Votre commande|
    Commande {order}|Bestellung {order}|Fwd: Order confirmation|New message from your store
    contact form|Contact form: Order enquiry|Website enquiry|New customer message|Contact us""")

GREETINGS = {
    "en": _split(
        "Hi,|Hello,|Hi there,|Dear Sir or Madam,|Hello team,|Good morning,|Hey,|Dear {shop},"
    ),
    "es": _split("Hola,|Buenos días,|Buenas tardes,|Estimados señores:"),
    "fr": _split("Bonjour,|Bonsoir,|Madame, Monsieur,"),
    "de": _split("Hallo,|Guten Tag,|Sehr geehrte Damen und Herren,|Moin,"),
}
CONTEXT = {
    "en": _split("""My order number is {order}.|I ordered it {recent}.|Order ref: {order}.|
        I've attached a photo.|This is quite urgent.|I've been a customer for years.|
        I bought it from your website.|It was a present for my daughter.|Order: {order}."""),
    "es": _split("Mi número de pedido es {order}.|Adjunto una foto.|Lo compré en su web."),
    "fr": _split("Mon numéro de commande est {order}.|Je joins une photo.|Acheté sur votre site."),
    "de": _split("Meine Bestellnummer ist {order}.|Foto anbei.|Auf Ihrer Webseite gekauft."),
}
CLOSINGS = {
    "en": _split("""Thanks in advance.|Please let me know what to do.|Could you help?|
        Looking forward to hearing from you.|Please advise.|Can you sort this out?"""),
    "es": _split("Gracias de antemano.|Espero su respuesta.|¿Me pueden ayudar?"),
    "fr": _split("Merci d'avance.|Dans l'attente de votre réponse.|Pouvez-vous m'aider ?"),
    "de": _split("Vielen Dank im Voraus.|Ich freue mich auf Ihre Antwort.|Können Sie helfen?"),
}
SIGNOFFS = {
    "en": _split("Thanks,|Kind regards,|Best,|Regards,|Cheers,|Many thanks,|Best regards,"),
    "es": _split("Saludos,|Un saludo,|Gracias,|Atentamente,"),
    "fr": _split("Cordialement,|Merci,|Bien à vous,"),
    "de": _split("Viele Grüße|Mit freundlichen Grüßen|Danke,|Gruß"),
}
RECENT = {
    "en": _split("yesterday|on Monday|last week|two days ago|this morning|on Friday"),
    "es": _split("ayer|el lunes|la semana pasada|hace dos días"),
    "fr": _split("hier|lundi|la semaine dernière|il y a deux jours"),
    "de": _split("gestern|am Montag|letzte Woche|vor zwei Tagen"),
}

COMPOSED_SHARE = 0.65  # composed templates vary more; hand-written ones read more naturally
LANGUAGE_SHARE = (("en", 0.76), ("es", 0.08), ("fr", 0.08), ("de", 0.08))
# How many email-like messages to write per category: the four categories Bitext lacks
# entirely, or lacks the key cases of, get the most.
EXAMPLES_PER_CATEGORY = {
    "product_defect": 900,
    "warranty_claim": 700,
    "order_issue": 700,
    "shipping_problem": 700,
    "return_refund": 400,
    "billing": 400,
    "account": 350,
    "pre_sale": 450,
    "feedback": 350,
    "other": 300,
}


@dataclass(frozen=True)
class Example:
    subject: str
    body: str
    category: str
    language: str


def _order_number(rng: random.Random) -> str:
    digits = str(rng.randint(10000, 9999999))
    return rng.choice([digits, "#" + digits, "A-" + digits[:5], f"{digits[:3]}-{digits[3:]}"])


class _Slots(dict[str, str]):
    """Template slots; each one a fresh random pick, so one template yields many messages."""

    def __init__(self, language: str, rng: random.Random) -> None:
        super().__init__()
        self.language = language
        self.rng = rng

    def __missing__(self, key: str) -> str:
        rng = self.rng
        if key == "order":
            return _order_number(rng)
        if key in ("months", "days", "n"):
            low, high = {"months": (7, 30), "days": (3, 21), "n": (2, 5)}[key]
            return str(rng.randint(low, high))
        if key == "product":
            return rng.choice(_split(PRODUCTS.get(self.language, PRODUCTS_EN["device"])))
        if key in ("device", "item"):
            return rng.choice(_split(PRODUCTS_EN[key]))
        if key == "item2":
            return rng.choice(_split(PRODUCTS_EN["item"]) + _split(PRODUCTS_EN["device"]))
        if key.startswith("recent_"):
            return rng.choice(RECENT[key[len("recent_") :]])
        if key == "recent":
            return rng.choice(RECENT["en"])
        if key == "carrier":
            return rng.choice(_split(CARRIERS))
        if key == "shop":
            return rng.choice(["ShopCo", "team", "Support", "Customer Service"])
        value = rng.choice(_split(SLOT_LISTS[key]))
        # Slot values may hold slots themselves ("{device} from order {order}").
        return value.format_map(self) if "{" in value else value


def _fill(template: str, language: str, rng: random.Random) -> str:
    text = template.format_map(_Slots(language, rng))
    return text[0].upper() + text[1:]


def _typo(word: str, rng: random.Random) -> str:
    if len(word) < 4:
        return word
    position = rng.randrange(1, len(word) - 1)
    if rng.random() < 0.5:
        return word[:position] + word[position + 1 :]
    return word[:position] + word[position + 1] + word[position] + word[position + 2 :]


def _roughen(text: str, rng: random.Random) -> str:
    """Chat-style noise: lower case, dropped punctuation, the odd typo."""
    if rng.random() < 0.3:
        text = text.lower()
    if rng.random() < 0.2:
        text = text.replace("?", "").replace("'", "")
    words = [_typo(word, rng) if rng.random() < 0.03 else word for word in text.split(" ")]
    return " ".join(words)


def _pick_language(rng: random.Random, available: dict[str, list[str]]) -> str:
    roll = rng.random()
    for language, share in LANGUAGE_SHARE:
        roll -= share
        if roll <= 0 and language in available:
            return language
    return "en"


def _core_sentence(category: str, language: str, rng: random.Random) -> str:
    composed = COMPOSED[category].get(language)
    pool = composed if composed and rng.random() < COMPOSED_SHARE else TEMPLATES[category][language]
    text = _fill(rng.choice(pool), language, rng)
    return " ".join(text.split())


def make_example(category: str, rng: random.Random) -> Example:
    templates = TEMPLATES[category]
    language = _pick_language(rng, templates)
    core = [_core_sentence(category, language, rng)]
    if rng.random() < 0.25:
        core.append(_core_sentence(category, language, rng))
    body_lines: list[str] = []
    chat_style = rng.random() < 0.3
    if not chat_style and rng.random() < 0.75:
        body_lines += [_fill(rng.choice(GREETINGS[language]), language, rng), ""]
    sentences = core
    if not chat_style and rng.random() < 0.5:
        sentences.insert(
            rng.randrange(len(sentences) + 1), _fill(rng.choice(CONTEXT[language]), language, rng)
        )
    if not chat_style and rng.random() < 0.5:
        sentences.append(rng.choice(CLOSINGS[language]))
    body_lines.append(" ".join(sentences))
    if not chat_style and rng.random() < 0.7:
        name = rng.choice(_split(NAMES))
        if rng.random() < 0.4:
            name += " " + rng.choice(_split(SURNAMES))
        body_lines += ["", rng.choice(SIGNOFFS[language]), name]
    body = "\n".join(body_lines)
    if chat_style:
        body = _roughen(body, rng)
    elif rng.random() < 0.1:
        name = rng.choice(_split(NAMES))
        body = (
            f"Name: {name}\nEmail: {name.lower()}@example.com\n"
            f"Order number: {_order_number(rng)}\nMessage: {body}"
        )
    roll = rng.random()
    if roll < 0.55:
        subject = _fill(rng.choice(SUBJECTS[category]), language, rng)
    elif roll < 0.7:
        subject = _fill(rng.choice(GENERIC_SUBJECTS), language, rng)
    else:
        subject = ""
    return Example(subject=subject, body=body, category=category, language=language)


def generate(seed: int = 7) -> list[Example]:
    rng = random.Random(seed)
    return [
        make_example(category, rng)
        for category, count in EXAMPLES_PER_CATEGORY.items()
        for _ in range(count)
    ]
