"""How each triage category is named to a customer, per template language."""

from __future__ import annotations

_LABELS: dict[str, dict[str, str]] = {
    "en": {
        "pre_sale": "question before buying", "order_issue": "order",
        "shipping_problem": "delivery", "product_defect": "faulty product",
        "return_refund": "return or refund", "warranty_claim": "warranty claim",
        "billing": "billing question", "account": "account", "feedback": "feedback",
        "other": "request",
    },
    "es": {
        "pre_sale": "consulta previa a la compra", "order_issue": "pedido",
        "shipping_problem": "entrega", "product_defect": "producto defectuoso",
        "return_refund": "devolución o reembolso", "warranty_claim": "reclamación de garantía",
        "billing": "consulta de facturación", "account": "cuenta", "feedback": "opinión",
        "other": "solicitud",
    },
    "fr": {
        "pre_sale": "question avant achat", "order_issue": "commande",
        "shipping_problem": "livraison", "product_defect": "produit défectueux",
        "return_refund": "retour ou remboursement", "warranty_claim": "demande de garantie",
        "billing": "question de facturation", "account": "compte", "feedback": "avis",
        "other": "demande",
    },
    "de": {
        "pre_sale": "Frage vor dem Kauf", "order_issue": "Bestellung",
        "shipping_problem": "Lieferung", "product_defect": "defektes Produkt",
        "return_refund": "Rücksendung oder Erstattung", "warranty_claim": "Garantiefall",
        "billing": "Rechnungsfrage", "account": "Kundenkonto", "feedback": "Rückmeldung",
        "other": "Anfrage",
    },
    "it": {
        "pre_sale": "domanda prima dell'acquisto", "order_issue": "ordine",
        "shipping_problem": "consegna", "product_defect": "prodotto difettoso",
        "return_refund": "reso o rimborso", "warranty_claim": "richiesta in garanzia",
        "billing": "domanda di fatturazione", "account": "account", "feedback": "opinione",
        "other": "richiesta",
    },
    "pt": {
        "pre_sale": "pergunta antes da compra", "order_issue": "encomenda",
        "shipping_problem": "entrega", "product_defect": "produto com defeito",
        "return_refund": "devolução ou reembolso", "warranty_claim": "pedido de garantia",
        "billing": "questão de faturação", "account": "conta", "feedback": "opinião",
        "other": "pedido",
    },
    "nl": {
        "pre_sale": "vraag vóór aankoop", "order_issue": "bestelling",
        "shipping_problem": "levering", "product_defect": "defect product",
        "return_refund": "retour of terugbetaling", "warranty_claim": "garantieclaim",
        "billing": "factuurvraag", "account": "account", "feedback": "feedback",
        "other": "verzoek",
    },
}


def category_label(category: str, language: str) -> str:
    labels = _LABELS.get(language, _LABELS["en"])
    return labels.get(category, labels["other"])
