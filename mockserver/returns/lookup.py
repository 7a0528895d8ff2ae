"""Finding requests and their orders, with the caller's shop checked."""

from __future__ import annotations

from mockserver.orders import lookup as orders
from mockserver.orders import models as om
from mockserver.returns import models as r
from mockserver.returns.models import AftersaleError, Reason
from mockserver.store import Store


def _owned(request: r.Aftersale | None, ident: str, shop_id: str | None) -> r.Aftersale:
    if request is None:
        raise AftersaleError(Reason.NOT_FOUND, f"no cancellation or return {ident}")
    if shop_id is not None and request.shop_id != shop_id:
        raise AftersaleError(Reason.NOT_OWNED, f"{ident} belongs to another shop")
    return request


def any_request(store: Store, ident: str, shop_id: str | None = None) -> r.Aftersale:
    return _owned(store.aftersales.get(ident), ident, shop_id)


def cancellation(store: Store, cancel_id: str, shop_id: str | None = None) -> r.Cancellation:
    found = _owned(store.aftersales.cancellations.get(cancel_id), cancel_id, shop_id)
    assert isinstance(found, r.Cancellation)
    return found


def return_(store: Store, return_id: str, shop_id: str | None = None) -> r.Return:
    found = _owned(store.aftersales.returns.get(return_id), return_id, shop_id)
    assert isinstance(found, r.Return)
    return found


def order(store: Store, order_id: str, shop_id: str | None = None) -> om.Order:
    found = orders.get_order(store, order_id)
    if found is None:
        raise AftersaleError(Reason.ORDER_NOT_FOUND, f"order {order_id} does not exist")
    if shop_id is not None and found.shop_id != shop_id:
        raise AftersaleError(Reason.ORDER_NOT_OWNED, f"order {order_id} belongs to another shop")
    return found


def order_of(store: Store, request: r.Aftersale) -> om.Order:
    return orders.require_order(store, request.order_id)
