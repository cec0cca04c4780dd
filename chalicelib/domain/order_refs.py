"""Order numbers as customers write them ("order #1001", "Bestellung Nr. 1001", "pedido 1001")."""

from __future__ import annotations

import re

ORDER_ID_PATTERN = r"^[A-Za-z0-9#._:/-]+$"  # what the API accepts as an order id
_MENTION = re.compile(
    r"\b(?:order|bestellung|commande|pedido|auftrag)\s*(?:number|no\.?|nr\.?|n[°º]|num(?:ber|éro|ero)?\.?|#)?"
    r"\s*[:#]?\s*#?([A-Za-z0-9][A-Za-z0-9-]{2,30})\b",
    re.IGNORECASE,
)
_FILLER = frozenset({"number", "status", "confirmation", "has", "was", "is", "not", "still", "the"})


def order_ids_in(*texts: str, limit: int = 5) -> list[str]:
    """Order numbers mentioned in `texts`, first mention first; words that merely follow "order" are
    skipped unless they hold a digit (an order number always does)."""
    found: list[str] = []
    for text in texts:
        for match in _MENTION.finditer(text or ""):
            candidate = match.group(1)
            if candidate.lower() in _FILLER or not any(c.isdigit() for c in candidate):
                continue
            found.append(candidate.lstrip("#"))
    return list(dict.fromkeys(found))[:limit]
