"""Handlers for multi-package fulfillment (issue 14): split and combine, shipping services and labels, the 202610
parcel shapes, invoices and proof-of-delivery uploads. Codes and texts come from each operation's documented
`error_code_list` (partner/documented.py); where an operation documents no fitting code, a sibling fulfillment
operation's is used (GUESS, README)."""

from __future__ import annotations

import hashlib
from typing import Any

from mockserver.catalog import images
from mockserver.catalog.errors import CatalogError
from mockserver.fulfillment import packages
from mockserver.orders import backend as orders
from mockserver.orders import models as m
from mockserver.pagetokens import InvalidPageToken
from mockserver.partner.call import Call, Handler
from mockserver.partner.catalog.upload import parse_form
from mockserver.partner.documented import business, item
from mockserver.partner.errors import PartnerError
from mockserver.partner.fulfillment import errors
from mockserver.partner.fulfillment.handlers import DOC_PATH
from mockserver.partner.orders.errors import invalid_page_token
from mockserver.partner.scope import base_url, shop_of

#: Get Order Split Attributes: most order ids per call (GUESS, like Get Order Detail's 50).
MAX_SPLIT_QUERY = 50
#: Proof-of-delivery limits (official): PDF up to 10 MB; JPG/PNG up to 5 MB, 100-20000 px.
POD_FILE_BYTES = 10 * 1024 * 1024
POD_IMAGE_BYTES = 5 * 1024 * 1024


def _now(call: Call) -> int:
    return call.mock.clock.now_s()


def _code(e: m.OrderError, table: dict[type[m.OrderError], int], default: int) -> int:
    for kind, code in table.items():
        if isinstance(e, kind):
            return code
    return default


# --- split ------------------------------------------------------------------------------------------------------------
def get_order_split_attributes(call: Call) -> dict[str, Any]:
    store, shop = call.mock.store, shop_of(call)
    ids = list(dict.fromkeys(call.query["order_ids"]))
    if len(ids) > MAX_SPLIT_QUERY:
        raise PartnerError(36009004, f"The number of 'order_ids' cannot exceed {MAX_SPLIT_QUERY}.", 400)
    out = []
    for order_id in ids:
        order = orders.get_order(store, order_id)
        if order is None or order.shop_id != shop.id:
            continue  # GUESS: like Get Order Detail, unknown ids are left out
        check = orders.split_check(store, order)
        entry: dict[str, Any] = {"order_id": order.id, "can_split": check.can_split, "must_split": check.must_split}
        if not check.can_split:
            entry["reason"] = check.reason
        if check.must_split:
            entry["must_split_reasons"] = [{"type": "TOTAL_COUNT_LIMITATION", "max_count": str(check.max_count)}]
        out.append(entry)
    return {"split_attributes": out}


SPLIT_CODES: dict[type[m.OrderError], int] = {
    m.OrderNotFound: 10006402,
    m.NotOwned: 10006402,
    m.InvalidLineItems: 21011005,
    m.SplitNotAllowed: 21011035,
}


def split_orders(call: Call) -> dict[str, Any]:
    groups = [(g["id"], g["order_line_item_ids"]) for g in call.body["splittable_groups"]]
    try:
        done = orders.split(call.mock.store, call.path_params["order_id"], groups, _now(call), shop_id=shop_of(call).id)
    except m.OrderError as e:
        raise business(call, _code(e, SPLIT_CODES, 21011035), str(e)) from None
    return {"packages": [{"splittable_group_id": g, "id": p.id} for g, p in done]}


# --- combine ----------------------------------------------------------------------------------------------------------
def _fingerprint(shop_id: str) -> bytes:
    return hashlib.sha256(f"combinable|{shop_id}".encode()).digest()[:8]


def search_combinable_packages(call: Call) -> dict[str, Any]:
    shop_id, q = shop_of(call).id, call.query
    groups = orders.combinable_groups(call.mock.store, shop_id)
    start = 0
    if q.get("page_token"):
        try:
            start = int(
                call.mock.store.page_tokens().read("packages.combinable", _fingerprint(shop_id).hex(), q["page_token"])[
                    0
                ]
            )
        except (InvalidPageToken, ValueError, IndexError):
            raise invalid_page_token() from None
    page = groups[start : start + q["page_size"]]
    end = start + len(page)
    tokens = call.mock.store.page_tokens()
    token = tokens.issue("packages.combinable", _fingerprint(shop_id).hex(), (end,)) if end < len(groups) else ""
    return {
        "combinable_packages": [{"id": pid, "order_ids": ids} for pid, ids in page],
        "next_page_token": token,
        "total_count": len(groups),
    }


def combine_package(call: Call) -> dict[str, Any]:
    store, shop_id, now = call.mock.store, shop_of(call).id, _now(call)
    done, failures = [], []
    for entry in call.body["combinable_packages"]:
        try:
            package = orders.combine(store, shop_id, entry["id"], entry.get("order_ids"), now)
        except m.NotCombinable as e:
            code = 21011031 if e.mismatch else 10007014
            failures.append(_combine_error(call, code, entry["id"], str(e)))
        except m.OrderError as e:  # unknown package id, another shop's order
            failures.append(_combine_error(call, 21011028, entry["id"], str(e)))
        else:
            done.append({"id": package.id, "order_ids": list(package.order_ids)})
    return {"packages": done, "errors": failures}


def _combine_error(call: Call, code: int, package_id: str, why: str) -> dict[str, Any]:
    if code == 10007014:  # the official example's per-package text
        return {"code": code, "message": "fulfillment not allow combine package", "detail": {"package_id": package_id}}
    return item(call, code, package_id=package_id)


UNCOMBINE_CODES: dict[type[m.OrderError], int] = {m.PackageNotFound: 21011028, m.NotCombinable: 21011005}


def uncombine_packages(call: Call) -> dict[str, Any]:
    store, package_id = call.mock.store, call.path_params["package_id"]
    try:
        result = orders.uncombine(store, shop_of(call).id, package_id, call.body.get("order_ids"), _now(call))
    except m.NotOwned as e:
        raise business(call, 21011028 if e.what == "package" else 21011029, str(e)) from None
    except m.OrderError as e:
        raise business(call, _code(e, UNCOMBINE_CODES, 21011005), str(e)) from None
    return {"packages": [{"id": p.id, "order_ids": list(p.order_ids)} for p in result]}


# --- shipping services and labels -----------------------------------------------------------------------------------
LABEL_CODES: dict[type[m.OrderError], int] = {
    m.OrderNotFound: 10006402,
    m.NotOwned: 10006402,
    m.InvalidLineItems: 21001001,
    m.AlreadyShipped: 21011006,
    m.MultiplePackages: 21011048,
    m.PackageCombined: 21011033,
    m.NotCombinable: 21011012,
    m.InvalidTransition: 21011003,
}


def _label_error(call: Call, e: m.OrderError) -> PartnerError:
    if isinstance(e, m.NoShippingService):
        return business(call, 21004008 if e.unknown else 21011037, str(e))
    return business(call, _code(e, LABEL_CODES, 21011003), str(e))


def _service(s: packages.ShippingService) -> dict[str, Any]:
    return {
        "id": s.id,
        "name": s.name,
        "price": str(s.price),
        "currency": s.currency,
        "earliest_delivery_days": s.earliest_days,
        "latest_delivery_days": s.latest_days,
        "shipping_provider_id": s.provider.id,
        "shipping_provider_name": s.provider.name,
    }


def _size(weight: int, sides: tuple[int, int, int]) -> dict[str, Any]:
    return {
        "weight": {"value": str(weight), "unit": "GRAM"},
        "dimension": {"length": str(sides[0]), "width": str(sides[1]), "height": str(sides[2]), "unit": "CM"},
    }


def get_eligible_shipping_service(call: Call) -> dict[str, Any]:
    store = call.mock.store
    try:
        order, items, weight, sides, found = packages.eligible_services(
            store, shop_of(call).id, call.path_params["order_id"], call.body
        )
    except m.OrderError as e:
        raise _label_error(call, e) from None
    return {
        "order_id": order.id,
        "order_line_id": items,
        "shipping_services": [{**_service(s), "is_default": s.is_default} for s in found],
        **_size(weight, sides),
    }


def _label(call: Call, body: dict[str, Any], order_ids: list[str]) -> packages.Label:
    try:
        return packages.create_packages(
            call.mock.store, call.mock.ids.rng, shop_of(call).id, body, _now(call), order_ids=order_ids
        )
    except m.OrderError as e:
        raise _label_error(call, e) from None


def create_packages(call: Call) -> dict[str, Any]:
    label = _label(call, call.body, [])
    p = label.package
    return {
        "order_id": p.order_id,
        "order_line_item_ids": list(p.line_item_ids),
        "package_id": p.id,
        "shipping_service_info": _service(label.service),
        "create_time": p.create_time,
        **_size(label.weight_grams, label.sides_cm),
    }


def create_packages_202512(call: Call) -> dict[str, Any]:
    try:
        body, order_ids = packages.ship_type_202512(call.body)
    except m.OrderError as e:
        raise _label_error(call, e) from None
    label = _label(call, body, order_ids)
    p = label.package
    return {
        "package_id": p.id,
        "shipping_service_info": _service(label.service),
        "create_time": p.create_time,
        **_size(label.weight_grams, label.sides_cm),
    }


# --- several parcels per package (the public client's 202610 shapes) -------------------------------------------------
def _parcel_code(e: m.OrderError) -> int:
    if isinstance(e, m.InvalidTracking) and e.kind == "missing":
        return 21001001
    return errors.mark_shipped_code(e)


def mark_package_as_shipped_202610(call: Call) -> dict[str, Any]:
    store, order_id = call.mock.store, call.path_params["order_id"]
    try:
        package = packages.mark_shipped_202610(
            store, call.mock.ids.rng, shop_of(call).id, order_id, call.body, _now(call)
        )
    except m.OrderError as e:
        raise business(call, _parcel_code(e), str(e)) from None
    return {"order_id": order_id, "package_id": package.id, "order_line_item_ids": list(package.line_item_ids)}


def update_package_shipping_info_202610(call: Call) -> dict[str, Any]:
    try:
        packages.update_parcels_202610(
            call.mock.store, shop_of(call).id, call.path_params["package_id"], call.body, _now(call)
        )
    except m.OrderError as e:
        raise errors.error(errors.update_info_code(e)) from None
    return {}


# --- invoices (Brazil only) ---------------------------------------------------------------------------------------
def upload_invoice(call: Call) -> dict[str, Any]:
    shop = shop_of(call)
    if shop.region not in packages.INVOICE_REGIONS:
        raise business(call, 21008106, "Upload Invoice is available to Brazilian sellers only.")
    failures = packages.upload_invoices(call.mock.store, shop.id, call.body.get("invoices") or [], _now(call))
    out = []
    for e, entry in failures:
        ids = packages.invoice_order_ids(entry)
        if isinstance(e, m.PackageNotFound) or (isinstance(e, m.NotOwned) and e.what == "package"):
            code, message = 21011028, errors.MESSAGES[21011028]
        elif isinstance(e, m.InvalidTransition):
            code, message = 10007014, "The invoice already exists in the upload. Please try again later"
        else:
            code, message = 21001001, errors.MESSAGES[21001001]
        out.append({"code": code, "message": message, "detail": {"package_id": entry["package_id"], "order_ids": ids}})
    return {"errors": out}


# --- proof of delivery ------------------------------------------------------------------------------------------------
def _form_file(call: Call) -> tuple[bytes, dict[str, tuple[bytes, str]]]:
    fields = parse_form(call.raw_body, call.content_type)
    if "data" not in fields:
        raise PartnerError(36009004, "Data is a required field and has not been provided.", 400)
    return fields["data"][0], fields


def fulfillment_upload_delivery_file(call: Call) -> dict[str, Any]:
    data, fields = _form_file(call)
    name = fields.get("name", (b"", ""))[0].decode("utf-8", "replace").strip()
    if not name:
        raise PartnerError(36009004, "Name is a required field and has not been provided.", 400)
    if not data:
        raise business(call, 12038002)
    if len(data) > POD_FILE_BYTES:
        raise business(call, 12038005)
    if not data.startswith(b"%PDF-") or not name.lower().endswith(".pdf"):
        raise business(call, 12038004)
    mock = call.mock
    seller = call.admitted.tokens.seller_id
    key = packages.store_delivery_file(mock.store, mock.ids.rng, seller, name, "application/pdf", data, _now(call))
    return {"url": f"{base_url(call)}{DOC_PATH}/{key}", "name": name}


def fulfillment_upload_delivery_image(call: Call) -> dict[str, Any]:
    data, _ = _form_file(call)
    if not data:
        raise business(call, 12038002)
    if len(data) > POD_IMAGE_BYTES:
        raise business(call, 12038005)
    sniffed = images.sniff(data)
    if sniffed is None or sniffed[0] not in ("image/jpeg", "image/png"):
        raise business(call, 12038004)
    mock = call.mock
    try:
        image = images.store_image(mock.store, mock.ids.rng, data, "PROOF_OF_DELIVERY", _now(call))
    except CatalogError:
        raise business(call, 12019116) from None
    return {"url": images.image_url(base_url(call), image.uri), "height": image.height, "width": image.width}


HANDLERS: dict[str, Handler] = {
    "get_order_split_attributes": get_order_split_attributes,
    "split_orders": split_orders,
    "search_combinable_packages": search_combinable_packages,
    "combine_package": combine_package,
    "uncombine_packages": uncombine_packages,
    "get_eligible_shipping_service": get_eligible_shipping_service,
    "create_packages": create_packages,
    "create_packages_202512": create_packages_202512,
    "mark_package_as_shipped_202610": mark_package_as_shipped_202610,
    "update_package_shipping_info_202610": update_package_shipping_info_202610,
    "upload_invoice": upload_invoice,
    "fulfillment_upload_delivery_file": fulfillment_upload_delivery_file,
    "fulfillment_upload_delivery_image": fulfillment_upload_delivery_image,
}
