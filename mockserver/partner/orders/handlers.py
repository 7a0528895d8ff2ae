"""Handlers for /order/{v}/orders/search, /order/{v}/orders and /order/{v}/orders/{order_id}/price_detail."""

from __future__ import annotations

from functools import partial
from typing import Any

from mockserver.orders import backend, search
from mockserver.orders.models import OrderError
from mockserver.partner.call import Call, Handler
from mockserver.partner.orders import errors, render
from mockserver.partner.scope import base_url, shop_of
from mockserver.store import Store


def get_order_list(call: Call) -> dict[str, Any]:
    q, b = call.query, call.body
    warehouse_ids = b.get("warehouse_ids")
    query = search.Query(
        shop_ids=(shop_of(call).id,),
        sort_field=search.UPDATE if q.get("sort_field") == "update_time" else search.CREATE,
        descending=q.get("sort_order", "DESC") == "DESC",
        status=b.get("order_status"),
        create_ge=b.get("create_time_ge"),
        create_lt=b.get("create_time_lt"),
        update_ge=b.get("update_time_ge"),
        update_lt=b.get("update_time_lt"),
        shipping_type=b.get("shipping_type"),
        buyer_user_id=b.get("buyer_user_id"),
        is_buyer_request_cancel=b.get("is_buyer_request_cancel"),
        warehouse_ids=frozenset(warehouse_ids) if warehouse_ids is not None else None,
    )
    store = call.mock.store
    try:
        page = search.search_orders(store, query, q["page_size"], q.get("page_token") or None)
    except search.InvalidPageToken:
        raise errors.invalid_page_token() from None
    url = base_url(call)
    orders = call.rendered_each([("order", seq, url) for seq in page.seqs], partial(_order_at, store))
    return {"orders": orders, "total_count": page.total_count, "next_page_token": page.next_page_token}


def get_order_detail(call: Call) -> dict[str, Any]:
    store, shop = call.mock.store, shop_of(call)
    found = []
    for order_id in dict.fromkeys(call.query["ids"]):
        order = backend.get_order(store, order_id)
        if order is None:
            continue  # GUESS: unknown ids are left out
        if order.shop_id != shop.id:
            raise errors.not_yours()
        found.append(order)
    url = base_url(call)
    return {"orders": [call.rendered(("order", o.id, url), partial(render.order, store, o, url)) for o in found]}


def _order_at(store: Store, key: tuple[str, int, str]) -> dict[str, Any]:
    """The order at `seq`, rendered (a seeded order is materialized only here: a cached rendering needs none)."""
    _, seq, url = key
    return render.order(store, backend.order_at(store, seq), url)


def get_price_detail(call: Call) -> dict[str, Any]:
    try:
        order = backend.require_order(call.mock.store, call.path_params["order_id"], shop_of(call).id)
    except OrderError:
        raise errors.not_yours() from None
    return render.price_detail(order)


HANDLERS: dict[str, Handler] = {
    "get_order_list": get_order_list,
    "get_order_detail": get_order_detail,
    "get_price_detail": get_price_detail,
}
