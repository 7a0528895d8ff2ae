"""The legacy buyer-cancellation request: `POST /v1/order/{order_id}/fs/{fs_id}/reject-cancel?shop_id=` rejects the
same cancellation the Partner API shows (mockserver/returns/cancellations.py).

Allowed "when the order has been accepted (400) and before [it is delivered] (600)" (the endpoint's page), so from
legacy status 400 up to 500; the request must be pending (ORD_USC_019 otherwise). The shop must be the order's and
linked to the app's fs_id (ORD_USC_024, the endpoint's documented error). The legacy call carries no reason: the
Partner-side record says `seller_reject_apply_product_has_been_packed` (GUESS). Accepting a buyer's request is a
nack with reason_code 8 ("Buyer's request", legacy/orders.py `reject`).
"""

from __future__ import annotations

from typing import Any

from mockserver.legacy import errors, gate
from mockserver.legacy import orders as lo
from mockserver.legacy.call import LegacyCall, parse_int
from mockserver.returns import cancellations
from mockserver.returns.models import AftersaleError, Rejection

#: The rejection reason the Partner API shows for a legacy rejection (GUESS).
LEGACY_REJECT_REASON = "seller_reject_apply_product_has_been_packed"


def reject_cancel_request(call: LegacyCall) -> dict[str, Any]:
    raw_id = parse_int(call.path_params["order_id"])
    shop_id = call.field_int("shop_id")
    if shop_id is None:
        raise errors.error("ORD_DLV_006")
    order = lo.find(call.store, raw_id) if raw_id is not None and raw_id > 0 else None
    if order is None:
        raise errors.error("ORD_API_008")
    gate.require_linked(call.auth.app, call.store.shops[order.shop_id])
    shop = gate.shop_by_legacy_id(call.store, shop_id)
    if shop is None or not gate.linked(call.auth.app, shop):
        raise errors.error("ORD_USC_024")
    if shop.id != order.shop_id:
        raise errors.error("ORD_USC_005")
    cancellations.refresh(call.store, order, call.now)
    pending = cancellations.pending_of(call.store, order.id)
    if pending is None:
        raise errors.error("ORD_USC_019")
    if not lo.ACCEPTED <= lo.status_code(order) < lo.DELIVERED:
        raise errors.error("ORD_USC_020")
    try:
        cancellations.reject(call.store, pending.id, call.now, Rejection(LEGACY_REJECT_REASON))
    except AftersaleError:
        raise errors.error("ORD_USC_020") from None
    return {"success": True}


HANDLERS: dict[str, Any] = {"legacy_reject_cancel_request": reject_cancel_request}
