"""Legacy stock and price writes over the shared catalog. No HTTP here.

Each row names a product by `sku` (preferred when given) or `product_id`; rows that name nothing of the shop fail
with the confirmed "Invalid SKU." / "Invalid Product ID." and the rest still apply (HTTP 200). A parent of
variants takes no stock or price: its children (one per Partner SKU) do. Stock is the SKU's `available`
quantity in one warehouse (`warehouse_id`, else the SKU's first): the same number the Partner API's inventory
shows, at once. Increment/decrement with a `request_id` answer a retry with the first answer and change nothing.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from mockserver.catalog.models import DELETED, Price, Sku, Stock
from mockserver.legacy import errors
from mockserver.legacy.catalog import (
    Item,
    find_by_seller_sku,
    resolve,
    stock_warehouse,
    warehouse_legacy_id,
)
from mockserver.legacy.listing import PRICE, STOCK, Writer
from mockserver.legacy.render_product import money, product_url

MAX_ROWS = 100  # stock / price / increment / decrement (documented)
REQUEST_ID = re.compile(r"^[A-Za-z0-9_-]{1,20}$")


@dataclass(frozen=True)
class Row:
    raw: dict[str, Any]
    item: Item
    sku: Sku


def _check_rows(rows: list[Any]) -> None:
    if not rows:
        raise errors.error("PRD_DLV_045", "request body")
    if len(rows) > MAX_ROWS:
        raise errors.error("PRD_DLV_018", MAX_ROWS)


def _find(w: Writer, raw: dict[str, Any]) -> Row | str:
    """The row's SKU in this shop, or the confirmed row message."""
    code = str(raw.get("sku") or "")
    if code:
        item = find_by_seller_sku(w.store, [w.shop], code, w.now)
        if item is None or item.only_sku is None:
            return errors.INVALID_SKU
    else:
        pid = raw.get("product_id") or 0
        item = resolve(w.store, pid, w.now) if pid else None
        if item is None or item.product.shop_id != w.shop.id or item.only_sku is None or item.status == DELETED:
            return errors.INVALID_PRODUCT_ID
    sku = item.only_sku
    assert sku is not None
    return Row(raw, item, sku)


def _row_id(raw: dict[str, Any], row: Row | str) -> int:
    return row.item.legacy_id if isinstance(row, Row) else int(raw.get("product_id") or 0)


# --- stock update (overwrite) ----------------------------------------------------------------------------------------
def update_stock(w: Writer, rows: list[dict[str, Any]], warehouse_id: str | None) -> dict[str, Any]:
    _check_rows(rows)
    failed: list[dict[str, Any]] = []
    for raw in rows:
        found = _find(w, raw)
        new_stock = raw.get("new_stock")
        message = found if isinstance(found, str) else _stock_problem(new_stock)
        wid = stock_warehouse(w.store, found.sku, w.shop.id, warehouse_id) if isinstance(found, Row) else None
        if message is None and wid is None:
            message = "Invalid Warehouse ID."
        if message is not None or not isinstance(found, Row) or wid is None:
            failed.append(_failed(w, raw, found, message or errors.INVALID_PRODUCT_ID, new_stock=new_stock or 0))
            continue
        found.sku.inventory.setdefault(wid, Stock()).available = int(new_stock or 0)
        found.item.product.update_time = w.now
    return {"failed_rows": len(failed), "failed_rows_data": failed, "succeed_rows": len(rows) - len(failed)}


def _stock_problem(value: Any) -> str | None:
    if value is None or not STOCK[0] <= value <= STOCK[1]:
        return f"Invalid stock value: must be between {STOCK[0]} and {STOCK[1]}."
    return None


def _failed(w: Writer, raw: dict[str, Any], found: Row | str, message: str, **value: Any) -> dict[str, Any]:
    url = product_url(w.shop, found.item) if isinstance(found, Row) else ""
    return {
        "product_id": _row_id(raw, found),
        "sku": str(raw.get("sku") or ""),
        "product_url": url,
        **value,
        "message": message,
    }


# --- price update ----------------------------------------------------------------------------------------------------
def update_price(w: Writer, rows: list[dict[str, Any]]) -> dict[str, Any]:
    _check_rows(rows)
    failed: list[dict[str, Any]] = []
    for raw in rows:
        found = _find(w, raw)
        new_price = raw.get("new_price")
        message = found if isinstance(found, str) else None
        if message is None and (new_price is None or not PRICE[0] <= new_price <= PRICE[1]):
            message = f"Invalid price: must be between {PRICE[0]} and {PRICE[1]}."
        if message is not None or not isinstance(found, Row) or new_price is None:
            failed.append(_failed(w, raw, found, message or errors.INVALID_PRODUCT_ID, new_price=new_price or 0))
            continue
        found.sku.price = Price(str(int(new_price)), found.sku.price.currency)
        found.item.product.update_time = w.now
    return {"failed_rows": len(failed), "failed_rows_data": failed, "succeed_rows": len(rows) - len(failed)}


# --- increment / decrement -------------------------------------------------------------------------------------------
def check_request_id(raw: str | None) -> str | None:
    if raw is None:
        return None
    if not REQUEST_ID.match(raw):
        raise errors.error("PRD_DLV_042", "request_id")
    return raw


def adjust(
    w: Writer, fs_id: int, rows: list[dict[str, Any]], warehouse_id: str | None, request_id: str | None, sign: int
) -> dict[str, Any]:
    """Increment (`sign` 1) or decrement (-1) stock; a known `request_id` replays the first answer."""
    key = (fs_id, "increment" if sign > 0 else "decrement", request_id or "")
    if request_id is not None and key in w.store.legacy.idempotency:
        replay: dict[str, Any] = w.store.legacy.idempotency[key]
        return replay
    _check_rows(rows)
    failed: list[dict[str, Any]] = []
    done: list[dict[str, Any]] = []
    for raw in rows:
        found = _find(w, raw)
        amount = raw.get("stock_value", raw.get("new_stock"))
        message = found if isinstance(found, str) else None
        if message is None and (amount is None or amount <= 0):
            message = "Invalid stock value: must be greater than 0."
        wid = stock_warehouse(w.store, found.sku, w.shop.id, warehouse_id) if isinstance(found, Row) else None
        if message is None and wid is None:
            message = "Invalid Warehouse ID."
        if message is None and isinstance(found, Row) and wid is not None:
            message = _move(w, found, wid, sign * int(amount or 0))
        if message is not None or not isinstance(found, Row) or wid is None:
            failed.append({"product_id": _row_id(raw, found), "new_stock": amount or 0, "message": message})
            continue
        done.append(
            {
                "productID": found.item.legacy_id,
                "warehouseID": warehouse_legacy_id(w.store, wid),
                "shopID": w.shop.tokopedia_shop_id,
                "stock": found.sku.inventory[wid].available,
                "price": money(found.sku.price.amount),
            }
        )
    result = {
        "failed_rows": len(failed),
        "failed_rows_data": failed,
        "succeed_rows": len(done),
        "succeed_rows_data": done,
    }
    if request_id is not None:
        w.store.legacy.idempotency[key] = result
    return result


def _move(w: Writer, row: Row, warehouse_id: str, delta: int) -> str | None:
    stock = row.sku.inventory.get(warehouse_id, Stock())
    if stock.available + delta < 0:
        return f"Insufficient stock: {stock.available} available, cannot decrement by {-delta}."
    if stock.available + delta > STOCK[1]:
        return f"Invalid stock value: the result exceeds {STOCK[1]}."
    row.sku.inventory.setdefault(warehouse_id, stock).available += delta
    row.item.product.update_time = w.now
    return None
