"""Handlers for /fulfillment/{v}/...: packages, shipping, shipping documents, tracking, delivery."""

from __future__ import annotations

from typing import Any

from mockserver.fulfillment import backend
from mockserver.fulfillment import models as fm
from mockserver.orders import backend as orders
from mockserver.orders import models as m
from mockserver.orders import search
from mockserver.partner.call import Call, Handler
from mockserver.partner.fulfillment import errors, render
from mockserver.partner.orders.errors import invalid_page_token
from mockserver.partner.scope import base_url, shop_of, shops_of

DOC_PATH = "/wsos_v2/oec_fulfillment_doc_tts/object"


def _now(call: Call) -> int:
    return call.mock.clock.now_s()


def search_package(call: Call) -> dict[str, Any]:
    q, b = call.query, call.body
    query = search.Query(
        shop_ids=tuple(s.id for s in shops_of(call)),
        sort_field=search.UPDATE if q.get("sort_field") == "update_time" else search.CREATE,
        descending=q.get("sort_order", "DESC") == "DESC",
        status=b.get("package_status"),
        create_ge=b.get("create_time_ge"),
        create_lt=b.get("create_time_lt"),
        update_ge=b.get("update_time_ge"),
        update_lt=b.get("update_time_lt"),
    )
    store = call.mock.store
    try:
        page = search.search_packages(store, query, q["page_size"], q.get("page_token") or None)
    except search.InvalidPageToken:
        raise invalid_page_token() from None
    url = base_url(call)
    packages = [render.summary(store, orders.package_at(store, seq), url) for seq in page.seqs]
    return {"packages": packages, "total_count": page.total_count, "next_page_token": page.next_page_token}


def get_package_detail(call: Call) -> dict[str, Any]:
    store = call.mock.store
    package = orders.get_package(store, call.path_params["package_id"])
    if package is None or package.shop_id not in {s.id for s in shops_of(call)}:
        raise errors.error(10006402)
    return render.detail(store, package, base_url(call))


def get_package_handover_time_slots(call: Call) -> dict[str, Any]:
    try:
        return backend.handover_slots(call.mock.store, shop_of(call).id, call.path_params["package_id"], _now(call))
    except m.OrderError:
        raise errors.error(21001001) from None


def ship_package(call: Call) -> dict[str, Any]:
    store, package_id = call.mock.store, call.path_params["package_id"]
    try:
        backend.ship_package(store, call.mock.ids.rng, shop_of(call).id, package_id, call.body, _now(call))
    except m.OrderError as e:
        raise errors.error(errors.ship_code(e)) from None
    return {}


def batch_ship_packages(call: Call) -> dict[str, Any]:
    store, shop_id, now = call.mock.store, shop_of(call).id, _now(call)
    failures = []
    for item in call.body["packages"]:
        try:
            backend.ship_package(store, call.mock.ids.rng, shop_id, item["id"], item, now)
        except m.OrderError as e:
            failures.append(errors.item_error(errors.ship_code(e, batch=True), item["id"]))
    return {"errors": failures}


def mark_package_as_shipped(call: Call) -> dict[str, Any]:
    store, order_id = call.mock.store, call.path_params["order_id"]
    try:
        package = backend.mark_shipped(store, call.mock.ids.rng, shop_of(call).id, order_id, call.body, _now(call))
    except m.OrderError as e:
        raise errors.error(errors.mark_shipped_code(e)) from None
    return {"order_id": order_id, "package_id": package.id, "order_line_item_ids": list(package.line_item_ids)}


def update_package_shipping_info(call: Call) -> dict[str, Any]:
    try:
        backend.update_package_info(
            call.mock.store, shop_of(call).id, call.path_params["package_id"], call.body, _now(call)
        )
    except m.OrderError as e:
        raise errors.error(errors.update_info_code(e)) from None
    return {}


def update_shipping_info(call: Call) -> dict[str, Any]:
    try:
        backend.update_order_info(
            call.mock.store, shop_of(call).id, call.path_params["order_id"], call.body, _now(call)
        )
    except m.OrderError as e:
        raise errors.error(errors.update_info_code(e, order_level=True)) from None
    return {}


def update_package_delivery_status(call: Call) -> dict[str, Any]:
    failures = backend.deliver(call.mock.store, shop_of(call).id, call.body["packages"], _now(call))
    return {"errors": [errors.item_error(errors.deliver_code(e), package_id) for e, package_id in failures]}


def get_package_shipping_document(call: Call) -> dict[str, Any]:
    q, shop = call.query, shop_of(call)
    kind = q["document_type"]
    if kind == fm.INVOICE_LABEL and shop.region != "BR" or q.get("document_format") == "ZPL" and shop.region != "BR":
        raise errors.error(21008106)  # Brazil only (official)
    if kind == fm.HAZMAT_LABEL:
        raise errors.error(21001001)  # the mock's catalog has no hazmat items
    store = call.mock.store
    try:
        doc = backend.create_document(
            store,
            call.mock.ids.rng,
            shop.id,
            call.path_params["package_id"],
            kind,
            q.get("document_size", "A6"),
            _now(call),
        )
    except m.WrongShippingType:
        raise errors.error(21008017) from None
    except m.InvalidTransition as e:
        code = {m.PKG_TO_FULFILL: 21023035, m.PKG_CANCELLED: 21023059}.get(e.status, 21042102)
        raise errors.error(code) from None
    except m.OrderError:
        raise errors.error(21011028) from None
    package = store.packages[doc.package_id]
    return {"doc_url": f"{base_url(call)}{DOC_PATH}/{doc.id}", "tracking_number": package.tracking_number}


def get_tracking(call: Call) -> dict[str, Any]:
    try:
        events = backend.order_tracking(call.mock.store, shop_of(call).id, call.path_params["order_id"])
    except m.OrderError:
        raise errors.error(10006402) from None
    return {"tracking": events}


HANDLERS: dict[str, Handler] = {
    "search_package": search_package,
    "get_package_detail": get_package_detail,
    "get_package_handover_time_slots": get_package_handover_time_slots,
    "ship_package": ship_package,
    "batch_ship_packages": batch_ship_packages,
    "mark_package_as_shipped": mark_package_as_shipped,
    "update_package_shipping_info": update_package_shipping_info,
    "update_shipping_info": update_shipping_info,
    "update_package_delivery_status": update_package_delivery_status,
    "get_package_shipping_document": get_package_shipping_document,
    "get_tracking": get_tracking,
}
