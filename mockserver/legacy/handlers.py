"""Thin handlers for the legacy Seller API: parse the call, run the backend, return `data`.

Orders and their logistics live in `order_handlers.py`.
"""

from __future__ import annotations

from functools import partial
from typing import Any
from urllib.parse import parse_qsl

from mockserver.auth import backend
from mockserver.catalog.backend import Scope
from mockserver.legacy import auth, errors, gate, listing, product_query, shop, stock, webhooks
from mockserver.legacy.call import LegacyCall, parse_int
from mockserver.legacy.catalog import Item, warehouse_partner_id
from mockserver.legacy.render_product import render

PRODUCTS_PER_PAGE = (10, 50)  # default, max (documented max 50)
SHOPS_PER_PAGE = 10  # GUESS


# --- accounts host ---------------------------------------------------------------------------------------------------
def get_token(call: LegacyCall) -> dict[str, Any]:
    app = auth.authenticate(call.store, auth.basic_credentials(call.headers))
    # In the query (official example) or the form body (2017 docs); when both are sent, both must be right.
    given = [v for k, v in call.query if k == "grant_type" and v]
    if "application/x-www-form-urlencoded" in call.content_type:
        given += [v for k, v in parse_qsl(call.body.decode("utf-8", "replace")) if k == "grant_type" and v]
    auth.check_grant_type(next((v for v in given if v != auth.GRANT_TYPE), given[0] if given else None))
    token = backend.issue_legacy_token(call.store, app, call.now, call.mock.settings.legacy_token_ttl)
    return auth.token_body(token, call.now)


# --- shop ------------------------------------------------------------------------------------------------------------
def get_shop_info(call: LegacyCall) -> list[dict[str, Any]]:
    app = call.auth.app
    shop_id = call.field_int("shop_id")
    page = _positive(call, "page", 1)
    per_page = _positive(call, "per_page", SHOPS_PER_PAGE)
    if shop_id is not None:
        shops = [gate.require_shop(call.store, app, shop_id)]
    else:
        shops = gate.linked_shops(call.store, app)
        if not shops:
            raise errors.error("SHP_USC_004")
    window = shops[(page - 1) * per_page : page * per_page]
    return [shop.shop_info(call.store, s, call.now) for s in window]


def _positive(call: LegacyCall, name: str, default: int) -> int:
    value = call.field_int(name)
    if value is None:
        return default
    if value < 1:
        raise errors.field_error(call.domain, f"{name}:invalid")
    return value


# --- products: reads -------------------------------------------------------------------------------------------------
def get_product_info(call: LegacyCall) -> list[Any]:
    store, app = call.store, call.auth.app
    shop_id = call.field_int("shop_id")
    ids = [_product_id(v) for v in call.all("product_id") + call.all("product")]
    urls, code = call.all("product_url"), call.get("sku")
    # Parsed whatever the mode, as the Go handler binds every query parameter: an invalid one answers its code.
    page = _at_least(call, "page", 1)
    per_page = min(_at_least(call, "per_page", PRODUCTS_PER_PAGE[0]), PRODUCTS_PER_PAGE[1])
    sort = _at_least(call, "sort", 1)
    if sort not in product_query.SORTS:
        raise errors.error("PRD_DLV_042", "sort")
    if ids or urls or code:
        shops = [gate.require_shop(store, app, shop_id)] if shop_id is not None else gate.linked_shops(store, app)
        items = product_query.lookup(store, app, shops, ids, urls, code, call.now)
        if not items:
            raise errors.error("PRD_GRPC_003")
        return [_product(call, i) for i in items]
    if shop_id is None:
        raise errors.error("PRD_DLV_045", "product_id, product_url, sku or shop_id")
    target = gate.require_shop(store, app, shop_id)
    items = product_query.shop_page(store, target, page, per_page, sort, call.now)
    return [_product(call, i) for i in items]


def _product(call: LegacyCall, item: Item) -> Any:
    """One product (or variant) as Get Product Info shows it, kept while the store is unchanged."""
    key = ("product", item.product.id, item.sku.id if item.sku is not None else None, item.legacy_id, call.base_url)
    return call.rendered(key, partial(render, call.store, item, call.base_url))


def _product_id(raw: str) -> int:
    value = parse_int(raw)
    if value is None or value < 0:
        raise errors.error("PRD_DLV_042", "product_id")
    return value


def _at_least(call: LegacyCall, name: str, default: int) -> int:
    value = call.int_param(name, "PRD_DLV_042")
    if value is None:
        return default
    if value < 1:
        raise errors.error("PRD_DLV_042", name)
    return value


# --- products: writes ------------------------------------------------------------------------------------------------
def _writer(call: LegacyCall) -> Scope:
    """Who writes: the linked shop named by `shop_id`, as the catalog's `Scope`."""
    shop_id = call.field_int("shop_id", required=True)
    assert shop_id is not None
    target = gate.require_shop(call.store, call.auth.app, shop_id)
    mock = call.mock
    return Scope(
        store=call.store,
        shop=target,
        seller_id=target.seller_id,
        now=call.now,
        rng=mock.ids.rng,
        review_seconds=mock.settings.catalog_review_seconds,
        authorized_shops=frozenset({target.id}),
    )


def _warehouse(call: LegacyCall, w: Scope) -> str | None:
    legacy_id = call.field_int("warehouse_id")
    if legacy_id is None:
        return None
    wid = warehouse_partner_id(call.store, legacy_id)
    if wid is None or w.shop is None or call.store.warehouses[wid].shop_id != w.shop.id:
        raise errors.error("RBAC_MDLW_001")
    return wid


def create_products(call: LegacyCall) -> dict[str, Any]:
    body = call.json()
    w = _writer(call)
    return listing.create(w, body.get("products") or [])


def edit_products(call: LegacyCall) -> dict[str, Any]:
    body = call.json()
    w = _writer(call)
    return listing.edit(w, body.get("products") or [])


def _status(action: str) -> Any:
    def handler(call: LegacyCall) -> dict[str, Any]:
        body = call.json()
        w = _writer(call)
        return listing.set_status(w, body.get("product_id") or [], action)

    return handler


def update_stock(call: LegacyCall) -> dict[str, Any]:
    rows = call.json()
    w = _writer(call)
    return stock.update_stock(w, rows, _warehouse(call, w))


def update_price(call: LegacyCall) -> dict[str, Any]:
    rows = call.json()
    w = _writer(call)
    _warehouse(call, w)  # checked, not used: prices are per SKU in the shared catalog
    return stock.update_price(w, rows)


def _adjust(sign: int) -> Any:
    def handler(call: LegacyCall) -> dict[str, Any]:
        rows = call.json()
        w = _writer(call)
        request_id = stock.check_request_id(call.get("request_id"))
        return stock.adjust(w, call.auth.fs_id, rows, _warehouse(call, w), request_id, sign)

    return handler


# --- webhook registration --------------------------------------------------------------------------------------------
def register_webhook(call: LegacyCall) -> str:
    body = call.json()
    webhooks.register(call.store, call.auth.fs_id, body, call.now)
    return "success"


def list_webhooks(call: LegacyCall) -> dict[str, Any]:
    return webhooks.describe(call.store, call.auth.fs_id)


HANDLERS: dict[str, Any] = {
    "legacy_get_token": get_token,
    "legacy_get_shop_info": get_shop_info,
    "legacy_get_product_info": get_product_info,
    "legacy_create_products_v3": create_products,
    "legacy_edit_products_v3": edit_products,
    "legacy_delete_products": _status("delete"),
    "legacy_set_active_products": _status("active"),
    "legacy_set_inactive_products": _status("inactive"),
    "legacy_update_stock": update_stock,
    "legacy_update_price": update_price,
    "legacy_increment_stock": _adjust(1),
    "legacy_decrement_stock": _adjust(-1),
    "legacy_register_webhook": register_webhook,
    "legacy_list_registered_webhooks": list_webhooks,
}
