"""Legacy product writes: create v3, edit v3, set active/inactive, delete — translated onto the catalog. No HTTP here.

A legacy product row becomes a listing document (catalog/listing.py) and goes through the same catalog rules and
writes as a Partner API listing, under the legacy policy (legacy/catalog_policy.py: the limits and status rules
that differ). Each row succeeds or fails on its own and failures are reported in `failed_rows_data` with HTTP 200
(confirmed); a row lists every problem found (catalog/errors.py `Problems`). A product created here is listed on
every platform of its shop (for a "Tokopedia & Shop" shop: TOKOPEDIA and TIKTOK_SHOP, GUESS) and goes live at
once, or after `Settings.catalog_review_seconds` like a Partner listing. Active/inactive act on the TOKOPEDIA
listing only; delete deletes the product (as the Partner API does). Row texts: legacy/row_errors.py.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from mockserver.catalog import lifecycle, taxonomy
from mockserver.catalog.backend import Scope, default_warehouse
from mockserver.catalog.errors import CatalogError, Problems
from mockserver.catalog.models import LISTING_PLATFORMS, TOKOPEDIA, Product
from mockserver.legacy import errors, row_errors
from mockserver.legacy.catalog import Item, product_legacy_id, resolve
from mockserver.legacy.catalog_policy import LEGACY
from mockserver.store import Store

MAX_CREATE = 25  # per request (create v2 documented; v3 GUESS the same)
MAX_STATUS = 25  # set active / inactive / delete (documented)
#: Legacy-only row fields kept on the product's Tokopedia listing (`Product.tokopedia`), shown by Get Product.
META_FIELDS = ("condition", "is_free_return", "is_must_insurance", "wholesale")


# --- rows -> listing documents ---------------------------------------------------------------------------------------
def name_of(row: dict[str, Any]) -> str:
    return str(row.get("Name") or row.get("name") or "")


def _description(row: dict[str, Any]) -> str:
    return str(row.get("Description") or row.get("description") or "")


def _weight(row: dict[str, Any]) -> dict[str, str]:
    grams = Decimal(str(row["weight"])) * (1000 if str(row.get("weight_unit", "GR")).upper() == "KG" else 1)
    text = f"{grams / 1000:f}"
    return {"value": text.rstrip("0").rstrip(".") if "." in text else text, "unit": "KILOGRAM"}


def _meta(row: dict[str, Any]) -> dict[str, Any]:
    meta = {k: row[k] for k in META_FIELDS if k in row}
    if row.get("pictures"):
        meta["pictures"] = [str(p.get("file_path") or "") for p in row["pictures"]]
    if isinstance(row.get("etalase"), dict) and "id" in row["etalase"]:
        meta["etalase_id"] = row["etalase"]["id"]
    return meta


def _content(row: dict[str, Any]) -> dict[str, Any]:
    """The product-level fields the row sends, as a listing document's."""
    doc: dict[str, Any] = {}
    if name_of(row) or "Name" in row or "name" in row:
        doc["title"] = name_of(row)
    if "Description" in row or "description" in row:
        doc["description"] = _description(row)
    if "category_id" in row:
        doc["category_id"] = str(row["category_id"])
    if row.get("pictures"):
        doc["main_images"] = [{"url": str(p.get("file_path") or "")} for p in row["pictures"]]
    if row.get("weight") is not None:
        doc["package_weight"] = _weight(row)
    dim = row.get("dimension")
    if isinstance(dim, dict) and dim:
        doc["package_dimensions"] = {k: str(dim.get(k) or 0) for k in ("length", "width", "height")} | {
            "unit": "CENTIMETER"
        }
    if row.get("min_order") is not None:
        doc["minimum_order_quantity"] = row["min_order"]
    meta = _meta(row)
    if meta:
        doc["tokopedia"] = meta
    return doc


def _sku(entry: dict[str, Any], warehouse_id: str | None, attributes: list[dict[str, Any]]) -> dict[str, Any]:
    sku: dict[str, Any] = {"seller_sku": str(entry.get("sku") or ""), "sales_attributes": attributes}
    if entry.get("price") is not None:
        sku["price"] = {"amount": _amount(entry["price"]), "currency": "IDR"}
    stock = 0 if str(entry.get("status", "")).upper() == "EMPTY" else int(entry.get("stock") or 0)
    if warehouse_id is not None:
        sku["inventory"] = [{"warehouse_id": warehouse_id, "quantity": stock}]
    return sku


def _amount(price: Any) -> str:
    """A row's price as a decimal string; a fraction stays visible so the price rules can refuse it."""
    value = Decimal(str(price))
    return str(int(value)) if value == value.to_integral_value() else str(value)


def _create_doc(store: Store, scope: Scope, row: dict[str, Any]) -> dict[str, Any]:
    shop = scope.shop
    assert shop is not None
    doc = _content(row)
    doc.setdefault("title", "")
    doc.setdefault("description", "")
    doc.setdefault("category_id", "")
    warehouse = default_warehouse(store, shop.id)
    wid = warehouse.id if warehouse is not None else None
    variant = row.get("variant") or {}
    if variant.get("products"):
        selection = variant.get("selection") or []
        doc["skus"] = [
            _sku(p, wid, _sales_attributes(store, doc["category_id"], selection, p.get("combination") or []))
            for p in variant["products"]
        ]
    else:
        doc["skus"] = [_sku(row, wid, [])]
    doc["listing_platforms"] = [p for p in shop.platforms if p in LISTING_PLATFORMS] or [TOKOPEDIA]
    return doc


def _sales_attributes(
    store: Store, category_id: str, selection: list[dict[str, Any]], combo: list[int]
) -> list[dict[str, Any]]:
    """Variant dimensions: the category's sales attribute with the selection's id, else its n-th one (GUESS), else a
    custom "Varian n"."""
    attrs = [a for a in store.attributes.get(category_id, []) if a.type == taxonomy.SALES_PROPERTY]
    out: list[dict[str, Any]] = []
    for i, index in enumerate(combo):
        sel = selection[i]
        option = (sel.get("options") or [])[index]
        value = str(option.get("value") or option.get("Value") or "")
        attr = next((a for a in attrs if a.id == str(sel.get("id"))), attrs[i] if i < len(attrs) else None)
        if attr is None:
            out.append(
                {
                    "id": f"legacy-{sel.get('id')}",
                    "name": f"Varian {i + 1}",
                    "value_id": f"{sel.get('id')}-{index}",
                    "value_name": value,
                }
            )
            continue
        known = next((v.id for v in attr.values if v.name.lower() == value.lower()), None)
        out.append(
            {"id": attr.id, "name": attr.name, "value_id": known or f"{attr.id}{index:03d}", "value_name": value}
        )
    return out


def _variant_problems(variant: dict[str, Any]) -> list[str]:
    """The row's own shape: each variant's combination must index its selection."""
    selection = variant.get("selection") or []
    for p in variant.get("products") or ():
        combo = p.get("combination") or []
        if len(combo) != len(selection) or any(
            not 0 <= c < len(selection[i].get("options") or []) for i, c in enumerate(combo)
        ):
            return ["variant combination does not match the selection"]
    return []


# --- create ----------------------------------------------------------------------------------------------------------
def create(scope: Scope, rows: list[dict[str, Any]]) -> dict[str, Any]:
    _limit(rows, MAX_CREATE)
    success: list[dict[str, Any]] = []
    failed: list[dict[str, Any]] = []
    for row in rows:
        variant = bool((row.get("variant") or {}).get("products"))
        shape = _variant_problems(row.get("variant") or {})
        if shape:
            failed.append(_failed_row(row, shape))
            continue
        problems = Problems(first_only=False)
        product, _ = lifecycle.create(scope, _create_doc(scope.store, scope, row), LEGACY, problems)
        if product is None:
            failed.append(_failed_row(row, _messages(problems, variant)))
            continue
        success.append({"product_id": product_legacy_id(scope.store, product)})
    return _result(rows, success, failed)


def _messages(problems: Problems, variant: bool) -> list[str]:
    return list(dict.fromkeys(row_errors.listing_message(e, variant=variant) for e in problems.found))


def _limit(rows: list[Any], most: int) -> None:
    if not rows:
        raise errors.error("PRD_DLV_045", "products")
    if len(rows) > most:
        raise errors.error("PRD_DLV_018", most)


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


# --- edit ------------------------------------------------------------------------------------------------------------
def edit(scope: Scope, rows: list[dict[str, Any]]) -> dict[str, Any]:
    _limit(rows, MAX_CREATE)
    success: list[dict[str, Any]] = []
    failed: list[dict[str, Any]] = []
    for row in rows:
        item = _owned(scope, row.get("id") or 0)
        if item is None or item.is_child:
            failed.append(_failed_row(row, ["Invalid Product ID."]))
            continue
        problems = Problems(first_only=False)
        try:
            product, _ = lifecycle.edit(
                scope, item.product.id, _edit_doc(item, row), LEGACY, partial=True, problems=problems
            )
        except CatalogError as e:
            problems.found.append(e)
            product = None
        if product is None:
            failed.append(_failed_row(row, _messages(problems, variant=False)))
            continue
        success.append({"product_id": item.legacy_id})
    return _result(rows, success, failed)


def _edit_doc(item: Item, row: dict[str, Any]) -> dict[str, Any]:
    """A partial edit of the fields the row sends; price, SKU code and stock go to the product's only SKU (a parent
    of variants takes none: its children do)."""
    doc = _content(row)
    only = item.only_sku
    if only is None or not any(row.get(k) is not None for k in ("price", "sku", "stock")):
        return doc
    sku: dict[str, Any] = {"id": only.id}
    if row.get("price") is not None:
        sku["price"] = {"amount": _amount(row["price"]), "currency": only.price.currency}
    if row.get("sku") is not None:
        sku["seller_sku"] = str(row["sku"])
    if row.get("stock") is not None and only.inventory:
        first, *rest = only.inventory
        sku["inventory"] = [{"warehouse_id": first, "quantity": int(row["stock"])}] + [
            {"warehouse_id": w, "quantity": only.inventory[w].available} for w in rest
        ]
    doc["skus"] = [sku]
    return doc


def _owned(scope: Scope, legacy_id: int) -> Item | None:
    item = resolve(scope.store, legacy_id, scope.now) if legacy_id else None
    shop = scope.shop
    return item if item is not None and shop is not None and item.product.shop_id == shop.id else None


# --- set active / inactive / delete ----------------------------------------------------------------------------------
def set_status(scope: Scope, legacy_ids: list[int], action: str) -> dict[str, Any]:
    """`action`: active, inactive or delete. Row failures are strings in `failed_rows_data` (confirmed)."""
    _limit(legacy_ids, MAX_STATUS)
    failed: list[str] = []
    for legacy_id in legacy_ids:
        item = _owned(scope, legacy_id)
        if item is None or item.is_child:
            failed.append(errors.product_row_error(legacy_id, errors.RETRIEVE_PROBLEM))
            continue
        try:
            _change(scope, item.product, action)
        except CatalogError as e:
            failed.append(errors.product_row_error(legacy_id, row_errors.status_message(e, action)))
    return {
        "total_data": len(legacy_ids),
        "succeed_rows": len(legacy_ids) - len(failed),
        "failed_rows": len(failed),
        "failed_rows_data": failed or None,
    }


def _change(scope: Scope, product: Product, action: str) -> None:
    if action == "active":
        lifecycle.activate(scope, product, (TOKOPEDIA,), LEGACY)
    elif action == "inactive":
        lifecycle.deactivate(scope, product, (TOKOPEDIA,), LEGACY)
    else:
        lifecycle.delete(scope, product)
