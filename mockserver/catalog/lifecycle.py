"""Product lifecycle: create, edit, partial edit, and the status machine (activate, deactivate, delete, recover).

Statuses (official): a new listing goes PENDING (in review) then ACTIVATE; `save_mode=AS_DRAFT` gives DRAFT.
Deactivate: ACTIVATE -> SELLER_DEACTIVATED. Activate: SELLER_/PLATFORM_DEACTIVATED -> review -> ACTIVATE.
Delete: anything not frozen -> DELETED. Recover: DELETED -> SELLER_DEACTIVATED. Edits of FREEZE/DELETED products
are refused. Review takes `Scope.review_seconds` (0: instant). A "Tokopedia & Shop" product has a status per
listing platform; activate/deactivate act on the platforms the request names (default TIKTOK_SHOP).
"""

from __future__ import annotations

import copy
from typing import Any

from mockserver.catalog import listing
from mockserver.catalog.backend import Scope, find, new_id, settle
from mockserver.catalog.models import (
    ACTIVATE,
    DELETED,
    DRAFT,
    FAILED,
    FREEZE,
    PENDING,
    PLATFORM_DEACTIVATED,
    SELLER_DEACTIVATED,
    TIKTOK_SHOP,
    Product,
    SalesAttribute,
    Sku,
    Stock,
)
from mockserver.catalog.skus import SkuInput
from mockserver.models import Shop
from mockserver.partner.catalog.errors import MAX_BATCH, business, extra, item


def _shop(scope: Scope) -> Shop:
    assert scope.shop is not None, "catalog writes other than Update Inventory require a shop_cipher"
    return scope.shop


def _go_live(scope: Scope, product: Product, platforms: tuple[str, ...]) -> None:
    if scope.review_seconds <= 0:
        product.set_status(ACTIVATE, platforms)
        return
    product.set_status(PENDING, platforms)
    product.review_due = scope.now + scope.review_seconds


# --- create ----------------------------------------------------------------------------------------------------------
def create(scope: Scope, body: dict[str, Any]) -> tuple[Product, list[str]]:
    shop = _shop(scope)
    store = scope.store
    key = body.get("idempotency_key")
    if key and (shop.id, key) in store.product_idempotency:
        return store.products[store.product_idempotency[(shop.id, key)]], []
    parsed = listing.parse(store, shop, body)
    platforms = parsed.listing_platforms or (TIKTOK_SHOP,)
    product = Product(
        id=new_id(scope.rng, store.products),
        shop_id=shop.id,
        title="",
        description="",
        category_id="",
        statuses=dict.fromkeys(platforms, DRAFT),
        skus=[],
        create_time=scope.now,
        update_time=scope.now,
    )
    _apply(scope, product, parsed)
    if parsed.save_mode == "LISTING":
        _go_live(scope, product, platforms)
    store.products[product.id] = product
    store.products_by_shop.setdefault(shop.id, {})[product.id] = None
    if key:
        store.product_idempotency[(shop.id, key)] = product.id
    return product, parsed.warnings


# --- edit ------------------------------------------------------------------------------------------------------------
def edit(scope: Scope, product_id: str, body: dict[str, Any], *, partial: bool = False) -> tuple[Product, list[str]]:
    """Edit Product (full replace: SKUs left out are deleted) or Partial Edit (top-level fields given only)."""
    shop = _shop(scope)
    product = find(scope, product_id)
    statuses = set(product.statuses.values())
    if statuses & {FREEZE, DELETED}:
        raise business(12052901)
    save_mode = body.get("save_mode") or "LISTING"
    if save_mode == "AS_DRAFT" and PENDING in statuses:
        raise business(12052901, "Saving as draft is not supported while the product is PENDING.")
    if partial:
        body = _merge(product, body)
    parsed = listing.parse(
        scope.store,
        shop,
        body,
        existing=product,
        image_error=12052722 if partial else 12052300,
        new_sku_price_error=12052571,
    )
    if parsed.save_mode == "AS_DRAFT" and product.status != DRAFT:
        draft = copy.deepcopy(product)
        draft.draft = None
        _apply(scope, draft, parsed, dry=True)
        product.draft = draft
        product.update_time = scope.now
        return product, parsed.warnings
    _apply(scope, product, parsed)
    product.draft = None
    _after_edit(scope, product, parsed)
    return product, parsed.warnings


def _after_edit(scope: Scope, product: Product, parsed: listing.Listing) -> None:
    if parsed.listing_platforms is not None:
        for platform in product.listing_platforms:
            if platform not in parsed.listing_platforms and product.statuses[platform] in (ACTIVATE, PENDING):
                product.statuses[platform] = SELLER_DEACTIVATED  # "hidden from the omitted platform"
        for platform in parsed.listing_platforms:
            product.statuses.setdefault(platform, DRAFT)
    if parsed.save_mode != "LISTING":
        return
    targets = parsed.listing_platforms or product.listing_platforms
    resubmit = tuple(
        p for p in targets if product.statuses[p] in (DRAFT, FAILED, PLATFORM_DEACTIVATED, PENDING, ACTIVATE)
    )
    live = tuple(p for p in resubmit if product.statuses[p] == ACTIVATE)
    _go_live(scope, product, tuple(p for p in resubmit if p not in live))
    if live and scope.review_seconds > 0:  # a live product stays live while its edit is reviewed
        product.review_due = scope.now + scope.review_seconds


def _merge(product: Product, body: dict[str, Any]) -> dict[str, Any]:
    """Partial edit: the product as a full Edit body, overlaid per top-level field (and per SKU id) by `body`."""
    merged = request_form(product)
    for key, value in body.items():
        if key != "skus":
            merged[key] = value
    if "skus" in body:
        current = {s["id"]: s for s in merged["skus"]}
        merged["skus"] = [{**current.get(s.get("id") or "", {}), **s} for s in body["skus"]]
    return merged


def request_form(product: Product) -> dict[str, Any]:
    """The product as an Edit Product request body (without price and inventory, which Edit keeps)."""
    form: dict[str, Any] = {
        "title": product.title,
        "description": product.description,
        "category_id": product.category_id,
        "main_images": [{"uri": i.uri} for i in product.main_images],
        "product_attributes": [{"id": a.id, "values": a.values} for a in product.product_attributes],
        "package_weight": product.package_weight or {"value": "0", "unit": "KILOGRAM"},
        "external_product_id": product.external_product_id,
        "is_cod_allowed": product.is_cod_allowed,
        "skus": [_sku_form(s) for s in product.skus],
        **product.extra,
    }
    if product.brand_id:
        form["brand_id"] = product.brand_id
    if product.package_dimensions:
        form["package_dimensions"] = product.package_dimensions
    return form


def _sku_form(sku: Sku) -> dict[str, Any]:
    form: dict[str, Any] = {
        "id": sku.id,
        "seller_sku": sku.seller_sku,
        "external_sku_id": sku.external_sku_id,
        "sales_attributes": [
            {"id": a.id, "name": a.name, "value_id": a.value_id, "value_name": a.value_name}
            | ({"sku_img": a.sku_img} if a.sku_img else {})
            for a in sku.sales_attributes
        ],
        **sku.extra,
    }
    if sku.identifier_code:
        form["identifier_code"] = sku.identifier_code
    if sku.list_price:
        form["list_price"] = {"amount": sku.list_price.amount, "currency": sku.list_price.currency}
    return form


# --- applying a validated listing ------------------------------------------------------------------------------------
def _apply(scope: Scope, product: Product, parsed: listing.Listing, *, dry: bool = False) -> None:
    """Write the listing's content and SKUs into `product` (a draft copy when `dry`: the store is not touched).

    The SKUs are built first: that is the last step that can refuse, so a refused edit changes nothing.
    """
    skus = _build_skus(scope, product, parsed.skus)
    product.title = parsed.title
    product.description = parsed.description
    product.category_id = parsed.category_id
    product.brand_id = parsed.brand_id
    product.main_images = parsed.main_images
    product.package_weight = parsed.package_weight
    product.package_dimensions = parsed.package_dimensions
    product.external_product_id = parsed.external_product_id
    product.is_cod_allowed = parsed.is_cod_allowed
    product.extra = parsed.extra
    product.product_attributes = parsed.product_attributes
    for attribute in product.product_attributes:
        for value in attribute.values:
            value["id"] = value["id"] or new_id(scope.rng)
    if not dry:
        for old in product.skus:
            if old not in skus:
                scope.store.skus.pop(old.id, None)
        for sku in skus:
            scope.store.skus[sku.id] = sku
    product.skus = skus
    product.update_time = scope.now


def _build_skus(scope: Scope, product: Product, inputs: list[SkuInput]) -> list[Sku]:
    ids: dict[str, str] = {}  # attribute name (or name + value) -> generated id, so SKUs share them
    for sku in product.skus:
        for a in sku.sales_attributes:
            ids.setdefault(a.name, a.id)
            ids.setdefault(f"{a.name}\x00{a.value_name}", a.value_id)
    out: list[Sku] = []
    for given in inputs:
        current = product.sku(given.id) if given.id else None
        if current is not None:
            sku = copy.deepcopy(current)
        else:
            assert given.price is not None and given.inventory is not None
            sku = Sku(id=new_id(scope.rng, scope.store.skus), product_id=product.id, seller_sku="", price=given.price)
        sku.seller_sku = given.seller_sku or ""
        sku.price = given.price or sku.price
        sku.sales_attributes = [_resolve(scope, a, ids) for a in given.sales_attributes]
        sku.external_sku_id = given.external_sku_id or ""
        sku.identifier_code = given.identifier_code
        sku.list_price = given.list_price
        sku.extra = given.extra
        if given.inventory is not None:
            sku.inventory = _restock(sku, given.inventory)
        out.append(sku)
    return out


def _resolve(scope: Scope, attr: SalesAttribute, ids: dict[str, str]) -> SalesAttribute:
    attr_id = attr.id or ids.setdefault(attr.name, new_id(scope.rng))
    value_key = f"{attr.name}\x00{attr.value_name}"
    value_id = attr.value_id or ids.setdefault(value_key, new_id(scope.rng))
    return SalesAttribute(attr_id, attr.name, value_id, attr.value_name, attr.sku_img)


def _restock(sku: Sku, quantities: dict[str, int]) -> dict[str, Stock]:
    """New available quantities; committed stock stays with its warehouse, which therefore cannot be dropped."""
    for wid, stock in sku.inventory.items():
        if wid not in quantities and stock.committed:
            raise business(12052533, f"Warehouse '{wid}' holds stock committed to orders.")
    kept = {wid: s.committed for wid, s in sku.inventory.items()}
    return {wid: Stock(qty, kept.get(wid, 0)) for wid, qty in quantities.items()}


# --- status machine (batch: per-item failures in data.errors, code 0) ----------------------------------------------
def _batch(ids: list[str]) -> list[str]:
    if len(ids) > MAX_BATCH:
        raise business(12019120, f"Max number of IDs: {MAX_BATCH}.")
    if not ids:
        raise business(12052910, "'product_ids' cannot be empty.")
    return list(dict.fromkeys(ids))


def activate(scope: Scope, ids: list[str], platforms: list[str] | None) -> list[dict[str, Any]]:
    targets = tuple(platforms or (TIKTOK_SHOP,))
    errors: list[dict[str, Any]] = []
    for product_id in _batch(ids):
        product = scope.store.products.get(product_id)
        code = 12052048 if product is None or not scope.owns(product) else _can_activate(scope, product, targets)
        if code is not None:
            errors.append(item(12052990, "product_id", product_id, [extra(code)]))
            continue
        assert product is not None
        _go_live(scope, product, targets)
        product.update_time = scope.now
    return errors


def _can_activate(scope: Scope, product: Product, targets: tuple[str, ...]) -> int | None:
    settle(product, scope.now)
    if any(p not in product.statuses or p not in _shop(scope).platforms for p in targets):
        return 12052330
    if any(product.statuses[p] not in (SELLER_DEACTIVATED, PLATFORM_DEACTIVATED) for p in targets):
        return 12052901
    if not all(s.inventory for s in product.skus):
        return 12019022
    return None


def deactivate(scope: Scope, ids: list[str], platforms: list[str] | None) -> list[dict[str, Any]]:
    targets = tuple(platforms or (TIKTOK_SHOP,))

    def check(product: Product) -> int | None:
        if any(p not in product.statuses for p in targets):
            return 12052330
        return None if all(product.statuses[p] == ACTIVATE for p in targets) else 12052901

    return _each(scope, ids, check, lambda p: p.set_status(SELLER_DEACTIVATED, targets))


def delete(scope: Scope, ids: list[str]) -> list[dict[str, Any]]:
    def check(product: Product) -> int | None:
        return 12052901 if set(product.statuses.values()) & {FREEZE, DELETED} else None

    def apply(product: Product) -> None:
        product.statuses_before_delete = dict(product.statuses)
        product.set_status(DELETED)
        product.review_due = None

    return _each(scope, ids, check, apply)


def recover(scope: Scope, ids: list[str]) -> list[dict[str, Any]]:
    def check(product: Product) -> int | None:
        return None if product.status == DELETED else 12052901

    def apply(product: Product) -> None:
        product.set_status(SELLER_DEACTIVATED)
        product.statuses_before_delete = None

    return _each(scope, ids, check, apply)


def _each(scope: Scope, ids: list[str], check: Any, apply: Any) -> list[dict[str, Any]]:
    """Deactivate/delete/recover: flat per-item errors (`detail.product_id`), as in the official examples."""
    errors: list[dict[str, Any]] = []
    for product_id in _batch(ids):
        product = scope.store.products.get(product_id)
        if product is None:
            errors.append(item(12052032, "product_id", product_id))
            continue
        if not scope.owns(product):
            errors.append(item(12052048, "product_id", product_id))
            continue
        code = check(settle(product, scope.now))
        if code is not None:
            errors.append(item(code, "product_id", product_id))
            continue
        apply(product)
        product.update_time = scope.now
    return errors
