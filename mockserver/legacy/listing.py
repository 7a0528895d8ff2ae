"""Legacy product writes over the shared catalog: create v3, edit v3, set active/inactive, delete. No HTTP here.

Each row succeeds or fails on its own and failures are reported in `failed_rows_data` with HTTP 200 (confirmed).
A product created here is listed on every platform of its shop (for a "Tokopedia & Shop" shop: TOKOPEDIA and
TIKTOK_SHOP, GUESS) and goes live at once, or after `Settings.catalog_review_seconds` like a Partner listing.
Active/inactive act on the TOKOPEDIA listing only; delete deletes the product (as the Partner API does).
Row error texts other than the confirmed "Error Product ID [..] : .." format are GUESSes.
"""

from __future__ import annotations

import hashlib
import random
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from mockserver.catalog.backend import default_warehouse, new_id
from mockserver.catalog.models import (
    ACTIVATE,
    DELETED,
    FREEZE,
    LISTING_PLATFORMS,
    PENDING,
    SELLER_DEACTIVATED,
    TOKOPEDIA,
    Image,
    Price,
    Product,
    SalesAttribute,
    Sku,
    Stock,
    UploadedImage,
)
from mockserver.legacy import errors
from mockserver.legacy.catalog import Item, product_legacy_id, resolve
from mockserver.models import Shop
from mockserver.store import Store

MAX_CREATE = 25  # per request (create v2 documented; v3 GUESS the same)
MAX_STATUS = 25  # set active / inactive / delete (documented)
NAME_MAX = 70
DESCRIPTION_MAX = 2000
PRICE = (100, 100_000_000)
STOCK = (0, 99_999)  # the shared catalog's limit (the create docs text says 1..1000; GUESS)
LEGACY_IMAGES = "tkpd-legacy-img"


@dataclass(frozen=True)
class Writer:
    """Who writes and when (like the catalog's `Scope`)."""

    store: Store
    shop: Shop
    now: int
    rng: random.Random
    review_seconds: int = 0


# --- create ----------------------------------------------------------------------------------------------------------
def create(w: Writer, rows: list[dict[str, Any]]) -> dict[str, Any]:
    _limit(rows, MAX_CREATE)
    success: list[dict[str, Any]] = []
    failed: list[dict[str, Any]] = []
    for row in rows:
        problems = _check_new(w, row)
        if problems:
            failed.append(_failed_row(row, problems))
            continue
        product = _build(w, row)
        success.append({"product_id": product_legacy_id(w.store, product)})
    return _result(rows, success, failed)


def _limit(rows: list[Any], most: int) -> None:
    if not rows:
        raise errors.error("PRD_DLV_045", "products")
    if len(rows) > most:
        raise errors.error("PRD_DLV_018", most)


def name_of(row: dict[str, Any]) -> str:
    return str(row.get("Name") or row.get("name") or "")


def _failed_row(row: dict[str, Any], problems: list[str]) -> dict[str, Any]:
    out: dict[str, Any] = {
        "product_name": name_of(row),
        "product_price": row.get("price") or 0,
        "sku": row.get("sku") or "",
        "error": problems,
    }
    if row.get("id"):
        out = {"product_id": row["id"], **out}
    return out


def _result(rows: list[Any], success: list[dict[str, Any]], failed: list[dict[str, Any]]) -> dict[str, Any]:
    return {
        "total_data": len(rows),
        "success_data": len(success),
        "fail_data": len(failed),
        "success_rows_data": success,
        "failed_rows_data": failed,
    }


def _check_new(w: Writer, row: dict[str, Any]) -> list[str]:
    problems = _check_fields(w, row)
    if not name_of(row).strip():
        problems.append("Name is required")
    if "category_id" not in row:
        problems.append("category_id is required")
    if not row.get("pictures"):
        problems.append("pictures is required")
    variant = row.get("variant") or {}
    if variant.get("products"):
        problems += _check_variant(variant)
    elif row.get("price") is None:
        problems.append("price is required")
    return problems


def _check_fields(w: Writer, row: dict[str, Any]) -> list[str]:
    """Checks of the fields present; shared by create and edit."""
    problems: list[str] = []
    name = name_of(row)
    if len(name) > NAME_MAX:
        problems.append(f"Name cannot exceed {NAME_MAX} characters")
    if len(str(row.get("Description") or row.get("description") or "")) > DESCRIPTION_MAX:
        problems.append(f"Description cannot exceed {DESCRIPTION_MAX} characters")
    if row.get("price") is not None and not PRICE[0] <= row["price"] <= PRICE[1]:
        problems.append(f"price must be between {PRICE[0]} and {PRICE[1]}")
    if row.get("stock") is not None and not STOCK[0] <= row["stock"] <= STOCK[1]:
        problems.append(f"stock must be between {STOCK[0]} and {STOCK[1]}")
    if "category_id" in row:
        category = w.store.categories.get(str(row["category_id"]))
        if category is None or not category.is_leaf:
            problems.append("Invalid category id")
    if row.get("weight") is not None and row["weight"] <= 0:
        problems.append("weight must be greater than 0")
    if len(str(row.get("sku") or "")) > 50:
        problems.append("sku cannot exceed 50 characters")
    if row.get("min_order") is not None and row["min_order"] < 1:
        problems.append("min_order must be at least 1")
    return problems


def _check_variant(variant: dict[str, Any]) -> list[str]:
    selection = variant.get("selection") or []
    problems: list[str] = []
    for p in variant["products"]:
        combo = p.get("combination") or []
        if len(combo) != len(selection) or any(
            not 0 <= c < len(selection[i].get("options") or []) for i, c in enumerate(combo)
        ):
            problems.append("variant combination does not match the selection")
            break
        if p.get("price") is None or not PRICE[0] <= p["price"] <= PRICE[1]:
            problems.append(f"variant price must be between {PRICE[0]} and {PRICE[1]}")
            break
        if p.get("stock") is not None and not STOCK[0] <= p["stock"] <= STOCK[1]:
            problems.append(f"variant stock must be between {STOCK[0]} and {STOCK[1]}")
            break
    return problems


def _build(w: Writer, row: dict[str, Any]) -> Product:
    store = w.store
    platforms = tuple(p for p in w.shop.platforms if p in LISTING_PLATFORMS) or (TOKOPEDIA,)
    product = Product(
        id=new_id(w.rng, store.products),
        shop_id=w.shop.id,
        title=name_of(row),
        description=str(row.get("Description") or row.get("description") or ""),
        category_id=str(row["category_id"]),
        statuses=dict.fromkeys(platforms, ACTIVATE),
        skus=[],
        create_time=w.now,
        update_time=w.now,
    )
    _apply_content(w, product, row)
    product.skus = _skus(w, product, row)
    if w.review_seconds > 0:
        product.set_status(PENDING)
        product.review_due = w.now + w.review_seconds
    store.products[product.id] = product
    store.products_by_shop.setdefault(w.shop.id, {})[product.id] = None
    for sku in product.skus:
        store.skus[sku.id] = sku
    return product


def _apply_content(w: Writer, product: Product, row: dict[str, Any]) -> None:
    meta = w.store.legacy.product_meta.setdefault(product.id, {})
    if "weight" in row:
        grams = Decimal(str(row["weight"])) * (1000 if str(row.get("weight_unit", "GR")).upper() == "KG" else 1)
        product.package_weight = {"value": f"{grams / 1000:f}".rstrip("0").rstrip("."), "unit": "KILOGRAM"}
    dim = row.get("dimension")
    if isinstance(dim, dict) and dim:
        product.package_dimensions = {k: str(dim.get(k) or 0) for k in ("length", "width", "height")} | {
            "unit": "CENTIMETER"
        }
    if row.get("pictures"):
        product.main_images = [_image(w.store, str(p.get("file_path") or "")) for p in row["pictures"]]
        meta["pictures"] = [str(p.get("file_path") or "") for p in row["pictures"]]
    for key in ("condition", "min_order", "is_free_return", "is_must_insurance"):
        if key in row:
            meta[key] = row[key]
    if isinstance(row.get("etalase"), dict) and "id" in row["etalase"]:
        meta["etalase_id"] = row["etalase"]["id"]


def _image(store: Store, url: str) -> Image:
    """A picture URL becomes an image the mock serves at /img/{uri} (a placeholder of the right size)."""
    uri = f"{LEGACY_IMAGES}/{hashlib.sha1(url.encode()).hexdigest()[:32]}"
    if uri not in store.images:
        store.images[uri] = UploadedImage(uri, "image/png", b"", 700, 700, "MAIN_IMAGE")
    return Image(uri, 700, 700)


def _skus(w: Writer, product: Product, row: dict[str, Any]) -> list[Sku]:
    warehouse = default_warehouse(w.store, w.shop.id)
    variant = row.get("variant") or {}
    entries = variant.get("products") or [row]
    selection = variant.get("selection") or []
    skus: list[Sku] = []
    for entry in entries:
        stock = 0 if str(entry.get("status", "")).upper() == "EMPTY" else int(entry.get("stock") or 0)
        skus.append(
            Sku(
                id=new_id(w.rng, w.store.skus),
                product_id=product.id,
                seller_sku=str(entry.get("sku") or ""),
                price=Price(str(int(entry["price"])), "IDR"),
                sales_attributes=_sales_attributes(w, product, selection, entry.get("combination") or []),
                inventory={warehouse.id: Stock(available=stock)} if warehouse is not None else {},
            )
        )
    return skus


def _sales_attributes(w: Writer, product: Product, selection: list[dict[str, Any]], combo: list[int]) -> list[Any]:
    """Variant dimensions: the category's sales attribute with the selection's id, else its n-th one (GUESS)."""
    attrs = [a for a in w.store.attributes.get(product.category_id, []) if a.type == "SALES_PROPERTY"]
    out: list[SalesAttribute] = []
    for i, index in enumerate(combo):
        sel = selection[i]
        option = (sel.get("options") or [])[index]
        value = str(option.get("value") or option.get("Value") or "")
        attr = next((a for a in attrs if a.id == str(sel.get("id"))), attrs[i] if i < len(attrs) else None)
        if attr is None:
            out.append(SalesAttribute(f"legacy-{sel.get('id')}", f"Varian {i + 1}", f"{sel.get('id')}-{index}", value))
            continue
        known = next((v.id for v in attr.values if v.name.lower() == value.lower()), None)
        out.append(SalesAttribute(attr.id, attr.name, known or f"{attr.id}{index:03d}", value))
    return out


# --- edit ------------------------------------------------------------------------------------------------------------
def edit(w: Writer, rows: list[dict[str, Any]]) -> dict[str, Any]:
    _limit(rows, MAX_CREATE)
    success: list[dict[str, Any]] = []
    failed: list[dict[str, Any]] = []
    for row in rows:
        item = _owned(w, row.get("id") or 0)
        problems = ["Invalid Product ID."] if item is None or item.is_child else _check_fields(w, row)
        if item is not None and not problems and item.status_code not in (1, 3):
            problems = [errors.CODES["PRD_USC_028"].reason]
        if problems or item is None:
            failed.append(_failed_row(row, problems))
            continue
        _edit(w, item, row)
        success.append({"product_id": item.legacy_id})
    return _result(rows, success, failed)


def _owned(w: Writer, legacy_id: int) -> Item | None:
    item = resolve(w.store, legacy_id, w.now) if legacy_id else None
    return item if item is not None and item.product.shop_id == w.shop.id else None


def _edit(w: Writer, item: Item, row: dict[str, Any]) -> None:
    product = item.product
    if name_of(row):
        product.title = name_of(row)
    if "Description" in row or "description" in row:
        product.description = str(row.get("Description") or row.get("description") or "")
    if "category_id" in row:
        product.category_id = str(row["category_id"])
    _apply_content(w, product, row)
    only = item.only_sku
    if only is not None:
        if row.get("price") is not None:
            only.price = Price(str(int(row["price"])), only.price.currency)
        if row.get("sku") is not None:
            only.seller_sku = str(row["sku"])
        if row.get("stock") is not None and only.inventory:
            next(iter(only.inventory.values())).available = int(row["stock"])
    product.update_time = w.now


# --- set active / inactive / delete ----------------------------------------------------------------------------------
def set_status(w: Writer, legacy_ids: list[int], action: str) -> dict[str, Any]:
    """`action`: active, inactive or delete. Row failures are strings in `failed_rows_data` (confirmed)."""
    _limit(legacy_ids, MAX_STATUS)
    failed: list[str] = []
    for legacy_id in legacy_ids:
        item = _owned(w, legacy_id)
        problem = errors.RETRIEVE_PROBLEM if item is None or item.is_child else _status_problem(item, action)
        if problem is not None or item is None:
            failed.append(errors.product_row_error(legacy_id, problem or errors.RETRIEVE_PROBLEM))
            continue
        _apply_status(item.product, action)
        item.product.update_time = w.now
    return {
        "total_data": len(legacy_ids),
        "succeed_rows": len(legacy_ids) - len(failed),
        "failed_rows": len(failed),
        "failed_rows_data": failed or None,
    }


def _status_problem(item: Item, action: str) -> str | None:
    status = item.status
    if status == DELETED or FREEZE in item.product.statuses.values():
        return "Product is deleted or banned" if status == DELETED else "Product is banned"
    if action == "active" and status not in (ACTIVATE, SELLER_DEACTIVATED):
        return "Product status cannot be set to active"
    if action == "inactive" and status not in (ACTIVATE, SELLER_DEACTIVATED):
        return "Product status cannot be set to inactive"
    return None


def _apply_status(product: Product, action: str) -> None:
    if action == "active":
        product.statuses[TOKOPEDIA] = ACTIVATE
    elif action == "inactive":
        product.statuses[TOKOPEDIA] = SELLER_DEACTIVATED
    else:
        product.statuses_before_delete = dict(product.statuses)
        product.set_status(DELETED)
        product.review_due = None
