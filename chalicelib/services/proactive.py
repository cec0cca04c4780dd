"""A customer who writes after we told them their parcel is late is answered on that case.

"Where is my order?" after a delay notice joins the proactive ticket instead of opening another:
matched by an order number of theirs with a proactive ticket (given by the API, or mentioned in
the mail), or else, for a shipping question, by their most recent proactive ticket still open.
"""

from __future__ import annotations

from ..domain.models import Channel, Status, Ticket
from ..domain.order_refs import order_ids_in
from ..domain.triage import triage
from .context import Desk
from .delays import policy_for

_RECENT_TICKETS = 10


def folding_ticket(desk: Desk, email: str, order_id: str | None, subject: str, body: str) -> Ticket | None:
    """The proactive ticket this message belongs on, if any."""
    owner = email.strip().lower()
    orders = [order_id] if order_id else order_ids_in(subject, body)
    shipping = triage(subject, body).category == "shipping_problem"
    if not orders and not shipping:
        return None  # no order of theirs named, not about shipping: no lookup at all
    for candidate in orders:
        for shipment in desk.store.shipments.for_order(candidate):
            if shipment.customer_email == owner and shipment.proactive_ticket_id:
                ticket = desk.store.tickets.get(shipment.proactive_ticket_id)
                if ticket is not None and ticket.status != Status.CLOSED:
                    return ticket
    if order_id or not shipping:
        return None  # an order named outright that has no notice: a case of its own
    since = desk.now() - policy_for(desk).recent
    mine, _ = desk.store.tickets.for_customer(owner, _RECENT_TICKETS)
    proactive = [t for t in mine if t.channel == Channel.PROACTIVE and t.status != Status.CLOSED
                 and t.created_at >= since]
    return proactive[0] if proactive else None
