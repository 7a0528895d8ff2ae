"""Handlers for the external order reference operations: Add / Get External Order References, Search Order By
External Order Reference (/order/202406/orders/external_orders, .../{order_id}/external_orders,
.../external_order_search)."""

from __future__ import annotations

from typing import Any

from mockserver.orders import backend, references
from mockserver.orders import models as m
from mockserver.partner.call import Call, Handler
from mockserver.partner.orders import errors
from mockserver.partner.scope import shop_of

#: The per-entry code of the official example ("Invalid order_id"); the docs list no other.
INVALID_ORDER = "36020001"


def _reference(ref: m.ExternalOrder) -> dict[str, Any]:
    return {
        "id": ref.id,
        "platform": ref.platform,
        "line_items": [{"id": ext, "origin_id": origin} for ext, origin in ref.line_items],
    }


def add_external_order_references(call: Call) -> dict[str, Any]:
    refused = references.add(call.mock.store, shop_of(call).id, call.body["orders"], call.mock.clock.now_s())
    return {
        "errors": [
            {
                # GUESS: a line item that is not the order's answers the same code, with its own message.
                "code": INVALID_ORDER,
                "message": "Invalid order_id" if r.what == "order" else f"Invalid line item origin_id: {r.detail}",
                "detail": {"order_id": r.order_id, "external_order": {"id": r.external_id, "platform": r.platform}},
            }
            for r in refused
        ]
    }


def get_external_order_references(call: Call) -> dict[str, Any]:
    store = call.mock.store
    try:
        order = backend.require_order(store, call.path_params["order_id"], shop_of(call).id)
    except m.OrderError:
        raise errors.not_yours() from None
    return {"external_orders": [_reference(r) for r in references.of_order(store, order, call.query["platform"])]}


def search_order_by_external_order_reference(call: Call) -> dict[str, Any]:
    q = call.query
    found = references.search(call.mock.store, shop_of(call).id, q["platform"], q["external_order_id"])
    return {"orders": [{"id": order.id, "external_order": _reference(ref)} for order, ref in found]}


HANDLERS: dict[str, Handler] = {
    "add_external_order_references": add_external_order_references,
    "get_external_order_references": get_external_order_references,
    "search_order_by_external_order_reference": search_order_by_external_order_reference,
}
