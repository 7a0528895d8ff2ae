"""Thin handlers for the legacy order and logistics endpoints: parse, run `legacy/orders.py`, render."""

from __future__ import annotations

from typing import Any

from mockserver.legacy import errors, gate, label, logistics
from mockserver.legacy import orders as lo
from mockserver.legacy.call import LegacyCall, parse_int
from mockserver.legacy.catalog import warehouse_partner_id
from mockserver.legacy.render_detail import detail
from mockserver.legacy.render_order import line_product_id, list_item
from mockserver.orders import backend
from mockserver.orders import models as m

MAX_PER_PAGE = 100  # "Max Value is 100" (TokoCabang page; GUESS for the seller list: larger is an error)


def _order(call: LegacyCall, raw: str | int | None, invalid: str = "ORD_DLV_005") -> m.Order:
    value = (
        raw if isinstance(raw, int) and not isinstance(raw, bool) else parse_int(raw) if isinstance(raw, str) else None
    )
    if value is None or value <= 0:
        raise errors.error(invalid)
    order = lo.find(call.store, value)
    if order is None:
        raise errors.error("ORD_API_008")
    gate.require_linked(call.auth.app, call.store.shops[order.shop_id])
    return order


# --- orders ----------------------------------------------------------------------------------------------------------
def get_order_list(call: LegacyCall) -> list[dict[str, Any]]:
    from_date = call.int_param("from_date", "ORD_DLV_010", empty="ORD_DLV_009")
    to_date = call.int_param("to_date", "ORD_DLV_012", empty="ORD_DLV_011")
    page = call.int_param("page", "ORD_DLV_015", empty="ORD_DLV_014")
    per_page = call.int_param("per_page", "ORD_DLV_017", empty="ORD_DLV_016")
    shop_id = call.field_int("shop_id")
    warehouse_id = call.field_int("warehouse_id")
    status = call.int_param("status", "ORD_DLV_018")
    assert from_date is not None and to_date is not None and page is not None and per_page is not None
    if from_date < 0:
        raise errors.error("ORD_DLV_010")
    if to_date < from_date:
        raise errors.error("ORD_DLV_012")
    if page < 1:
        raise errors.error("ORD_DLV_015")
    if not 1 <= per_page <= MAX_PER_PAGE:
        raise errors.error("ORD_DLV_017")
    if status is not None and status not in lo.STATUS_CODES:
        raise errors.error("ORD_DLV_023")
    if shop_id is not None and warehouse_id is not None:
        raise errors.error("ORD_DLV_008")
    max_days = call.mock.settings.legacy_order_max_days
    if to_date - from_date > max_days * lo.DAY:
        raise errors.error("ORD_DLV_013", max_days)
    store, app = call.store, call.auth.app
    wid = None
    if shop_id is not None:
        shops = [gate.require_shop(store, app, shop_id)]
    elif warehouse_id is not None:
        wid = warehouse_partner_id(store, warehouse_id)
        if wid is None:
            raise errors.error("RBAC_MDLW_001")
        shops = [gate.require_linked(app, store.shops[store.warehouses[wid].shop_id])]
    else:
        shops = gate.linked_shops(store, app)
    query = lo.ListQuery(tuple(s.id for s in shops), from_date, to_date, wid, status)
    return [list_item(store, o, call.auth.fs_id) for o in lo.list_orders(store, query, page, per_page)]


def get_single_order(call: LegacyCall) -> dict[str, Any]:
    raw_id, invoice = call.get("order_id"), call.get("invoice_num")
    if raw_id is None and invoice is None:
        raise errors.error("ORD_DLV_003")
    if raw_id is not None and invoice is not None:
        raise errors.error("ORD_DLV_004")
    if invoice is not None:
        found = lo.find_by_invoice(call.store, invoice)
        if found is None:
            raise errors.error("ORD_API_008")
        order = _order(call, lo.legacy_id(found))
    else:
        order = _order(call, raw_id)
    return detail(call.store, order)


def accept_order(call: LegacyCall) -> str:
    order = _order(call, call.path_params["order_id"])
    call.json(required=False)  # the optional legacy partial-accept body: parsed, then ignored (GUESS)
    lo.accept(call.store, order, call.now)
    return "success"


def reject_order(call: LegacyCall) -> str:
    order = _order(call, call.path_params["order_id"])
    body = call.json()
    rejection = lo.parse_rejection(body)
    products = {line_product_id(call.store, li): li.sku_id for li in order.line_items}
    lo.reject(call.store, order, rejection, call.now, products)
    return "success"


def update_order_status(call: LegacyCall) -> str:
    order = _order(call, call.path_params["order_id"])
    body = call.json()
    status = body.get("order_status")
    if status not in (lo.SHIPPED, lo.DELIVERED):
        raise errors.error("ORD_DLV_023")
    if status == lo.SHIPPED:
        awb = str(body.get("shipping_ref_num") or "").strip()
        if not awb:
            raise errors.error("ORD_DLV_021")
        lo.confirm_shipping(call.store, order, awb, call.now, call.mock.ids.rng)
        return "Success"
    shop_id = body.get("shop_id")
    if not shop_id:
        raise errors.error("ORD_DLV_022")
    if call.store.shops[order.shop_id].tokopedia_shop_id != shop_id:
        raise errors.error("ORD_USC_005")
    lo.set_delivered(call.store, order, call.now)
    return "Success"


def get_shipping_label(call: LegacyCall) -> str:
    order = _order(call, call.path_params["order_id"])
    printed = call.int_param("printed", "ORD_DLV_020")
    if printed not in (None, 0, 1):
        raise errors.error("ORD_DLV_020")
    if lo.status_code(order) < lo.ACCEPTED:
        raise errors.error("ORD_API_008")
    if printed != 0:
        backend.note(call.store, order.id, call.now, label_printed=True)
    return label.render(call.store, order)


# --- logistics -------------------------------------------------------------------------------------------------------
def _shops(call: LegacyCall) -> list[Any]:
    shop_id = call.field_int("shop_id")
    if shop_id is not None:
        return [gate.require_shop(call.store, call.auth.app, shop_id)]
    return gate.linked_shops(call.store, call.auth.app)


def get_shipper_info(call: LegacyCall) -> list[dict[str, Any]]:
    _shops(call)
    return logistics.shipper_info(call.store)


def get_active_courier(call: LegacyCall) -> dict[str, Any]:
    return logistics.active_info(call.store, _shops(call))


def request_pickup(call: LegacyCall) -> dict[str, Any]:
    body = call.json()
    if not body.get("order_id"):
        raise errors.error("LGS_DLV_005")
    if not body.get("shop_id"):
        raise errors.error("LGS_DLV_004")
    shop = gate.require_shop(call.store, call.auth.app, body["shop_id"])
    order = _order(call, body["order_id"], invalid="LGS_DLV_005")
    if order.shop_id != shop.id:
        raise errors.error("ORD_USC_005")
    requested = lo.request_pickup(call.store, order, call.now, call.mock.ids.rng)
    return {
        "order_id": lo.legacy_id(order),
        "shop_id": shop.tokopedia_shop_id,
        "request_time": lo.local_time(requested),
        "result": lo.PICKUP_RESULT,
    }


HANDLERS: dict[str, Any] = {
    "legacy_get_order_list": get_order_list,
    "legacy_get_single_order": get_single_order,
    "legacy_accept_order": accept_order,
    "legacy_reject_order": reject_order,
    "legacy_update_order_status": update_order_status,
    "legacy_get_shipping_label": get_shipping_label,
    "legacy_get_shipper_info": get_shipper_info,
    "legacy_get_active_courier": get_active_courier,
    "legacy_request_pickup": request_pickup,
}
