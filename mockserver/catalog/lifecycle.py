"""Product lifecycle, for both APIs: create, edit, partial edit, and the status machine (activate, deactivate,
delete, recover). No HTTP here.

Statuses (official): a new listing goes PENDING (in review) then ACTIVATE; `save_mode=AS_DRAFT` gives DRAFT.
Deactivate: ACTIVATE -> SELLER_DEACTIVATED. Activate: SELLER_/PLATFORM_DEACTIVATED -> review -> ACTIVATE.
Delete: anything not frozen -> DELETED. Recover: DELETED -> SELLER_DEACTIVATED. Edits of FREEZE/DELETED products
are refused. Review takes `Scope.review_seconds` (0: instant); a timer finishes it (world.py). A "Tokopedia & Shop"
product has a status per listing platform; activate/deactivate act on the platforms the caller names. Where the
legacy API's rules differ (which platform it sees, idempotent status changes, which statuses it may edit), the
`CatalogPolicy` says so. Every change goes through state.py, which emits its event.
"""

from __future__ import annotations

import copy
from typing import Any

from mockserver.catalog import images, listing, state
from mockserver.catalog.backend import Scope, find, new_id, schedule_review, settle
from mockserver.catalog.errors import CatalogError, Problems, Reason
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
from mockserver.catalog.policy import CatalogPolicy
from mockserver.catalog.skus import SkuInput
from mockserver.catalog.stock import check_price_lock
from mockserver.models import Shop

#: The content fields an edit can change (PRODUCT_CHANGED's `changed_fields`).
CONTENT_FIELDS = (
    "title",
    "description",
    "category_id",
    "brand_id",
    "main_images",
    "product_attributes",
    "package_weight",
    "package_dimensions",
    "external_product_id",
    "is_cod_allowed",
    "extra",
    "tokopedia",
)


def _shop(scope: Scope) -> Shop:
    assert scope.shop is not None, "catalog writes other than Update Inventory require a shop"
    return scope.shop


def _go_live(scope: Scope, product: Product, platforms: tuple[str, ...], cause: str) -> None:
    if scope.review_seconds <= 0:
        state.set_statuses(scope.store, product, ACTIVATE, platforms, scope.now, cause)
        return
    state.set_statuses(scope.store, product, PENDING, platforms, scope.now, cause)
    schedule_review(scope.store, product, scope.now + scope.review_seconds)


# --- create ----------------------------------------------------------------------------------------------------------
def create(
    scope: Scope, doc: dict[str, Any], policy: CatalogPolicy, problems: Problems | None = None
) -> tuple[Product | None, list[str]]:
    """A new product from a listing document; (None, []) when `problems` collected any (and nothing changed)."""
    shop = _shop(scope)
    store = scope.store
    key = doc.get("idempotency_key")
    if key and (shop.id, key) in store.product_idempotency:
        return store.products[store.product_idempotency[(shop.id, key)]], []
    parsed = listing.parse(store, shop, doc, policy, problems, now=scope.now)
    if parsed is None:
        return None, []
    _import_pictures(scope, doc)
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
    _apply(scope, product, parsed, dry=True)
    state.add_product(store, product, scope.now)
    if parsed.save_mode == "LISTING":
        _go_live(scope, product, platforms, "listed")
    if key:
        store.product_idempotency[(shop.id, key)] = product.id
    return product, parsed.warnings


# --- edit ------------------------------------------------------------------------------------------------------------
def edit(
    scope: Scope,
    product_id: str,
    doc: dict[str, Any],
    policy: CatalogPolicy,
    *,
    partial: bool = False,
    problems: Problems | None = None,
) -> tuple[Product | None, list[str]]:
    """Edit Product (full replace: SKUs left out are deleted) or Partial Edit (top-level fields given only)."""
    shop = _shop(scope)
    product = find(scope, product_id)
    statuses = set(product.statuses.values())
    if statuses & {FREEZE, DELETED}:
        raise CatalogError(Reason.STATUS_NOT_ALLOWED, status=product.status)
    if policy.editable_statuses is not None:
        seen = product.statuses.get(policy.platform, product.status) if policy.platform else product.status
        if seen not in policy.editable_statuses:
            raise CatalogError(Reason.STATUS_NOT_ALLOWED, status=seen)
    save_mode = doc.get("save_mode") or "LISTING"
    if save_mode == "AS_DRAFT" and PENDING in statuses:
        detail = "Saving as draft is not supported while the product is PENDING."
        raise CatalogError(Reason.STATUS_NOT_ALLOWED, detail, status=PENDING)
    sent = set(doc) if partial and policy.edit_checks_sent_fields_only else None
    if partial:
        doc = _merge(product, doc)
    parsed = listing.parse(scope.store, shop, doc, policy, problems, existing=product, sent=sent, now=scope.now)
    if parsed is None:
        return None, []
    for given in parsed.skus:
        current = product.sku(given.id) if given.id else None
        if current is not None and given.price is not None:
            check_price_lock(scope, product, current, given.price)
    _import_pictures(scope, doc)
    if parsed.save_mode == "AS_DRAFT" and product.status != DRAFT:
        draft = copy.deepcopy(product)
        draft.draft = None
        _apply(scope, draft, parsed, dry=True)
        product.draft = draft
        state.changed(scope.store, product, scope.now, ["draft"])
        return product, parsed.warnings
    before = _content(product)
    prices = {s.id: copy.copy(s.price) for s in product.skus}
    stocks = {s.id: {w: (st.available, st.committed) for w, st in s.inventory.items()} for s in product.skus}
    skus_before = [s.id for s in product.skus]
    _apply(scope, product, parsed)
    product.draft = None
    _emit_edit(scope, product, before, skus_before, prices, stocks)
    _after_edit(scope, product, parsed)
    return product, parsed.warnings


def _import_pictures(scope: Scope, doc: dict[str, Any]) -> None:
    for entry in doc.get("main_images") or ():
        if "url" in entry:
            images.import_url(scope.store, str(entry["url"]))


def _content(product: Product) -> dict[str, Any]:
    return {f: copy.deepcopy(getattr(product, f)) for f in CONTENT_FIELDS}


def _emit_edit(
    scope: Scope,
    product: Product,
    before: dict[str, Any],
    skus_before: list[str],
    prices: dict[str, Any],
    stocks: dict[str, dict[str, tuple[int, int]]],
) -> None:
    """The edit's events: what content changed, and each SKU's new price and stock (through state.py's writers, which
    emit only real changes)."""
    after = _content(product)
    fields = [f for f in CONTENT_FIELDS if before[f] != after[f]]
    if [s.id for s in product.skus] != skus_before:
        fields.append("skus")
    state.changed(scope.store, product, scope.now, fields)
    store = scope.store
    for sku in product.skus:
        old_price = prices.get(sku.id)
        if old_price is not None:
            new_price, sku.price = sku.price, old_price
            state.set_price(store, product, sku, new_price, scope.now)
        old_stock = stocks.get(sku.id)
        if old_stock is None:
            continue
        for wid, stock in list(sku.inventory.items()):
            was = old_stock.get(wid)
            if was is not None and was != (stock.available, stock.committed):
                new = (stock.available, stock.committed)
                stock.available, stock.committed = was
                state.set_stock(store, product, sku, wid, scope.now, "seller_edit", available=new[0], committed=new[1])


def _after_edit(scope: Scope, product: Product, parsed: listing.Listing) -> None:
    store, now = scope.store, scope.now
    if parsed.listing_platforms is not None:
        for platform in product.listing_platforms:
            if platform not in parsed.listing_platforms and product.statuses[platform] in (ACTIVATE, PENDING):
                # "hidden from the omitted platform"
                state.set_statuses(store, product, SELLER_DEACTIVATED, (platform,), now, "platform_omitted")
        for platform in parsed.listing_platforms:
            if platform not in product.statuses:
                state.set_statuses(store, product, DRAFT, (platform,), now, "platform_added")
    if parsed.save_mode != "LISTING":
        return
    targets = parsed.listing_platforms or product.listing_platforms
    resubmit = tuple(
        p for p in targets if product.statuses[p] in (DRAFT, FAILED, PLATFORM_DEACTIVATED, PENDING, ACTIVATE)
    )
    live = tuple(p for p in resubmit if product.statuses[p] == ACTIVATE)
    _go_live(scope, product, tuple(p for p in resubmit if p not in live), "edited")
    if live and scope.review_seconds > 0:  # a live product stays live while its edit is reviewed
        schedule_review(store, product, now + scope.review_seconds)


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
    product.tokopedia = {**product.tokopedia, **parsed.tokopedia}
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
            detail = f"Warehouse '{wid}' holds stock committed to orders."
            raise CatalogError(Reason.WAREHOUSE_HOLDS_COMMITTED, detail, warehouse_id=wid)
    kept = {wid: s.committed for wid, s in sku.inventory.items()}
    return {wid: Stock(qty, kept.get(wid, 0)) for wid, qty in quantities.items()}


# --- status machine (one product at a time; the dialects batch) ----------------------------------------------------
def _seen(product: Product, policy: CatalogPolicy, platform: str) -> str:
    return product.statuses.get(platform, DELETED)


def activate(scope: Scope, product: Product, platforms: tuple[str, ...], policy: CatalogPolicy) -> None:
    settle(scope.store, product, scope.now)
    if any(p not in product.statuses or p not in _shop(scope).platforms for p in platforms):
        raise CatalogError(Reason.PLATFORM_NOT_AVAILABLE)
    current = [_seen(product, policy, p) for p in platforms]
    if policy.idempotent_status_changes and all(s == ACTIVATE for s in current):
        return
    allowed = policy.activatable_from | ({ACTIVATE} if policy.idempotent_status_changes else frozenset())
    blocked = next((s for s in current if s not in allowed), None)
    if blocked is not None:
        raise CatalogError(Reason.STATUS_NOT_ALLOWED, status=_blocking(product, blocked))
    if not all(s.inventory for s in product.skus):
        raise CatalogError(Reason.NO_INVENTORY)
    targets = tuple(p for p, s in zip(platforms, current, strict=True) if s != ACTIVATE)
    _go_live(scope, product, targets, "seller_activated")
    product.update_time = scope.now


def deactivate(scope: Scope, product: Product, platforms: tuple[str, ...], policy: CatalogPolicy) -> None:
    settle(scope.store, product, scope.now)
    if any(p not in product.statuses for p in platforms):
        raise CatalogError(Reason.PLATFORM_NOT_AVAILABLE)
    current = [_seen(product, policy, p) for p in platforms]
    allowed = {ACTIVATE, SELLER_DEACTIVATED} if policy.idempotent_status_changes else {ACTIVATE}
    blocked = next((s for s in current if s not in allowed), None)
    if blocked is not None:
        raise CatalogError(Reason.STATUS_NOT_ALLOWED, status=_blocking(product, blocked))
    state.set_statuses(scope.store, product, SELLER_DEACTIVATED, platforms, scope.now, "seller_deactivated")
    product.update_time = scope.now


def delete(scope: Scope, product: Product) -> None:
    settle(scope.store, product, scope.now)
    frozen_or_gone = set(product.statuses.values()) & {FREEZE, DELETED}
    if frozen_or_gone:
        raise CatalogError(Reason.STATUS_NOT_ALLOWED, status=DELETED if DELETED in frozen_or_gone else FREEZE)
    product.statuses_before_delete = dict(product.statuses)
    state.set_statuses(scope.store, product, DELETED, None, scope.now, "seller_deleted")
    product.review_due = None
    product.update_time = scope.now


def recover(scope: Scope, product: Product) -> None:
    settle(scope.store, product, scope.now)
    if product.status != DELETED:
        raise CatalogError(Reason.STATUS_NOT_ALLOWED, status=product.status)
    state.set_statuses(scope.store, product, SELLER_DEACTIVATED, None, scope.now, "seller_recovered")
    product.statuses_before_delete = None
    product.update_time = scope.now


def _blocking(product: Product, status: str) -> str:
    """The status to report: a frozen product is frozen whatever platform was asked about."""
    return FREEZE if FREEZE in product.statuses.values() and status != DELETED else status
