"""A synthetic help centre of any size, for the bench and the search evaluation: articles in
English and Spanish about products, care, setup, stores and shipping destinations, written from
templates that reuse the words real questions use (order, delivery, return, battery…), so the
sample articles must still win on their own questions. Deterministic for a given size."""

from __future__ import annotations

import random

from chalicelib.domain.kb_search import Document

PRODUCTS_EN = ["desk lamp", "coffee grinder", "running shoes", "rain jacket", "wireless earbuds", "backpack",
               "yoga mat", "blender", "smart watch", "winter boots", "sofa cushion", "electric kettle",
               "bike helmet", "phone case", "kitchen scale", "air purifier", "office chair", "tent",
               "hair dryer", "baby stroller"]
PRODUCTS_ES = ["lámpara de escritorio", "molinillo de café", "zapatillas de correr", "chaqueta impermeable",
               "auriculares inalámbricos", "mochila", "esterilla de yoga", "batidora", "reloj inteligente",
               "botas de invierno", "cojín de sofá", "hervidor eléctrico", "casco de bicicleta", "funda de móvil",
               "báscula de cocina", "purificador de aire", "silla de oficina", "tienda de campaña", "secador",
               "cochecito de bebé"]
TOPICS_EN = [
    ("How to clean your {p}", "care", ["Wipe the {p} with a soft damp cloth.", "Do not use bleach or solvents.",
                                        "Let it dry completely before use.", "Store the {p} in a dry place."]),
    ("Setting up your {p}", "pre_sale", ["Unpack the {p} and remove the protective film.",
                                          "Charge the battery fully before the first use.",
                                          "Download the app and pair the {p} over Bluetooth.",
                                          "Follow the quick start guide in the box."]),
    ("{P} battery life", "product_defect", ["The battery of the {p} lasts about 10 hours.",
                                             "Lower the brightness to make it last longer.",
                                             "Batteries wear out over time; a new one can be ordered.",
                                             "Charge it at room temperature."]),
    ("{P} size and dimensions", "pre_sale", ["Check the dimensions of the {p} before you order.",
                                              "The product page lists the weight and size.",
                                              "Measure the space where you will use it.",
                                              "Compare with the size chart."]),
    ("Accessories for the {p}", "pre_sale", ["Spare parts and accessories for the {p} are sold separately.",
                                              "Only original accessories keep the warranty valid.",
                                              "Order them from the product page.",
                                              "Delivery is free with your next order."]),
    ("Troubleshooting the {p}", "product_defect", ["If the {p} does not turn on, check the cable.",
                                                    "Reset it by holding the button for 10 seconds.",
                                                    "Update the firmware in the app.",
                                                    "Still not working? Contact us with your order number."]),
]
TOPICS_ES = [
    ("Cómo limpiar tu {p}", "care", ["Limpia el producto ({p}) con un paño suave y húmedo.",
                                      "No uses lejía ni disolventes.", "Déjalo secar por completo antes de usarlo.",
                                      "Guárdalo en un lugar seco."]),
    ("Primeros pasos con tu {p}", "pre_sale", ["Desembala el producto ({p}) y retira la película protectora.",
                                                "Carga la batería por completo antes del primer uso.",
                                                "Descarga la aplicación y empareja el dispositivo por Bluetooth.",
                                                "Sigue la guía rápida incluida en la caja."]),
    ("Batería: {p}", "product_defect", ["La batería dura unas 10 horas.",
                                         "Baja el brillo para que dure más.",
                                         "Las baterías se desgastan con el tiempo; puedes pedir una nueva.",
                                         "Cárgala a temperatura ambiente."]),
    ("Medidas: {p}", "pre_sale", ["Comprueba las medidas antes de hacer el pedido.",
                                   "La página del producto indica el peso y el tamaño.",
                                   "Mide el espacio donde lo vas a usar.", "Compara con la guía de tallas."]),
    ("Accesorios para {p}", "pre_sale", ["Los recambios y accesorios se venden por separado.",
                                          "Solo los accesorios originales mantienen la garantía.",
                                          "Pídelos desde la página del producto.",
                                          "El envío es gratis con tu próximo pedido."]),
    ("Solución de problemas: {p}", "product_defect", ["Si no se enciende, revisa el cable.",
                                                       "Reinícialo manteniendo pulsado el botón 10 segundos.",
                                                       "Actualiza el firmware desde la aplicación.",
                                                       "¿Sigue sin funcionar? Escríbenos con tu número de pedido."]),
]
FILLER_EN = ["Our team tests every product before it leaves the warehouse.",
             "You can find the manual on the product page.", "Prices include VAT.",
             "Orders placed before 2 pm ship the same day.", "Questions? Our support team answers within a day."]
FILLER_ES = ["Nuestro equipo revisa cada producto antes de que salga del almacén.",
             "Encontrarás el manual en la página del producto.", "Los precios incluyen IVA.",
             "Los pedidos realizados antes de las 14:00 salen el mismo día.",
             "¿Dudas? Nuestro equipo de atención responde en un día."]


def synthetic(count: int, seed: int = 7) -> list[dict[str, object]]:
    """`count` article requests ({title, body, language, category, tags}), 60 % English."""
    rng = random.Random(seed)
    made: list[dict[str, object]] = []
    for n in range(count):
        spanish = n % 5 in (1, 3)
        products, topics, filler = (PRODUCTS_ES, TOPICS_ES, FILLER_ES) if spanish else (PRODUCTS_EN, TOPICS_EN, FILLER_EN)
        product = products[n % len(products)]
        title, category, sentences = topics[(n // len(products)) % len(topics)]
        model = f" {n // (len(products) * len(topics)) + 1}" if n >= len(products) * len(topics) * 1 else ""
        name = f"{product}{model}"
        lines = [s.format(p=name) for s in sentences] + rng.sample(filler, 3)
        rng.shuffle(lines)
        made.append({
            "title": title.format(p=name, P=name[:1].upper() + name[1:]),
            "body": "\n\n".join(lines) + "\n",
            "language": "es" if spanish else "en",
            "category": category if category != "care" else "other",
            "tags": [product.split()[-1]],
            "status": "published",
        })
    return made


def documents(requests: list[dict[str, object]], prefix: str = "S") -> list[Document]:
    """Search documents straight from article requests (ids S-0, S-1, …), for measuring the ranker alone."""
    from chalicelib.domain.kb_markdown import to_text

    return [Document(id=f"{prefix}-{i}", language=str(r["language"]), title=str(r["title"]),
                     body=to_text(str(r["body"])), tags=tuple(str(t) for t in r.get("tags", []) or []),  # type: ignore[attr-defined]
                     category=str(r.get("category") or "") or None) for i, r in enumerate(requests)]
