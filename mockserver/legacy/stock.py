"""Legacy stock and price writes over the catalog's rules (catalog/stock.py, legacy policy). No HTTP here.

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

from mockserver.catalog import stock
from mockserver.catalog.backend import Scope
from mockserver.catalog.errors import CatalogError
from mockserver.catalog.models import DELETED, Sku
from mockserver.legacy import errors, row_errors
from mockserver.legacy.catalog import Item, find_by_seller_sku, resolve, stock_warehouse, warehouse_legacy_id
from mockserver.legacy.catalog_policy import LEGACY
from mockserver.legacy.render_product import money, product_url
from mockserver.legacy.state import state_of

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


def _find(scope: Scope, raw: dict[str, Any]) -> Row | str:
    """The row's SKU in this shop, or the confirmed row message."""
    assert scope.shop is not None
    code = str(raw.get("sku") or "")
    if code:
        item = find_by_seller_sku(scope.store, [scope.shop], code, scope.now)
        if item is None or item.only_sku is None:
            return errors.INVALID_SKU
    else:
        pid = raw.get("product_id") or 0
        item = resolve(scope.store, pid, scope.now) if pid else None
        if item is None or item.product.shop_id != scope.shop.id or item.only_sku is None or item.status == DELETED:
            return errors.INVALID_PRODUCT_ID
    sku = item.only_sku
    assert sku is not None
    return Row(raw, item, sku)


def _row_id(raw: dict[str, Any], row: Row | str) -> int:
    return row.item.legacy_id if isinstance(row, Row) else int(raw.get("product_id") or 0)


def _failed(scope: Scope, raw: dict[str, Any], found: Row | str, message: str, **value: Any) -> dict[str, Any]:
    assert scope.shop is not None
    url = product_url(scope.shop, found.item) if isinstance(found, Row) else ""
    return {
        "product_id": _row_id(raw, found),
        "sku": str(raw.get("sku") or ""),
        "product_url": url,
        **value,
        "message": message,
    }


def _warehouse_of(scope: Scope, row: Row, warehouse_id: str | None) -> str | None:
    assert scope.shop is not None
    return stock_warehouse(scope.store, row.sku, scope.shop.id, warehouse_id)


# --- stock update (overwrite) ----------------------------------------------------------------------------------------
def update_stock(scope: Scope, rows: list[dict[str, Any]], warehouse_id: str | None) -> dict[str, Any]:
    def write(row: Row) -> str | None:
        return _set(scope, row, _warehouse_of(scope, row, warehouse_id), row.raw.get("new_stock"))

    return _each_row(scope, rows, write, "new_stock")


def _each_row(scope: Scope, rows: list[dict[str, Any]], write: Any, value_key: str) -> dict[str, Any]:
    """Stock and price updates: each row found and written on its own; the failures, with their messages."""
    _check_rows(rows)
    failed: list[dict[str, Any]] = []
    for raw in rows:
        found = _find(scope, raw)
        message = found if isinstance(found, str) else write(found)
        if message is not None:
            failed.append(_failed(scope, raw, found, message, **{value_key: raw.get(value_key) or 0}))
    return {"failed_rows": len(failed), "failed_rows_data": failed, "succeed_rows": len(rows) - len(failed)}


def _set(scope: Scope, row: Row, warehouse_id: str | None, quantity: Any) -> str | None:
    if not isinstance(quantity, int):
        lo, hi = LEGACY.quantity_range
        return f"Invalid stock value: must be between {lo} and {hi}."
    if warehouse_id is None:
        return row_errors.INVALID_WAREHOUSE
    try:
        stock.set_quantity(scope, row.item.product, row.sku, warehouse_id, quantity, LEGACY)
    except CatalogError as e:
        return row_errors.stock_message(e)
    return None


# --- price update ----------------------------------------------------------------------------------------------------
def update_price(scope: Scope, rows: list[dict[str, Any]]) -> dict[str, Any]:
    def write(row: Row) -> str | None:
        new_price = row.raw.get("new_price")
        try:
            stock.set_price(scope, row.item.product, row.sku, "" if new_price is None else str(new_price), LEGACY)
        except CatalogError as e:
            return row_errors.stock_message(e)
        return None

    return _each_row(scope, rows, write, "new_price")


# --- increment / decrement -------------------------------------------------------------------------------------------
#: Increment/decrement answers kept for request-id replays. GUESS: how long the real API remembers one is not
#: documented.
MAX_REPLAYS = 10_000


def check_request_id(raw: str | None) -> str | None:
    if raw is None:
        return None
    if not REQUEST_ID.match(raw):
        raise errors.error("PRD_DLV_042", "request_id")
    return raw


def adjust(
    scope: Scope, fs_id: int, rows: list[dict[str, Any]], warehouse_id: str | None, request_id: str | None, sign: int
) -> dict[str, Any]:
    """Increment (`sign` 1) or decrement (-1) stock; a known `request_id` replays the first answer."""
    replays = state_of(scope.store).idempotency
    key = (fs_id, "increment" if sign > 0 else "decrement", request_id or "")
    if request_id is not None and key in replays:
        replay: dict[str, Any] = replays[key]
        return replay
    _check_rows(rows)
    failed: list[dict[str, Any]] = []
    done: list[dict[str, Any]] = []
    for raw in rows:
        found = _find(scope, raw)
        amount = raw.get("stock_value", raw.get("new_stock"))
        message = found if isinstance(found, str) else None
        if message is None and (not isinstance(amount, int) or amount <= 0):
            message = "Invalid stock value: must be greater than 0."
        wid = _warehouse_of(scope, found, warehouse_id) if isinstance(found, Row) else None
        if message is None and wid is None:
            message = row_errors.INVALID_WAREHOUSE
        if message is None and isinstance(found, Row) and wid is not None:
            try:
                stock.adjust_quantity(scope, found.item.product, found.sku, wid, sign * int(amount or 0), LEGACY)
            except CatalogError as e:
                message = row_errors.stock_message(e)
        if message is not None or not isinstance(found, Row) or wid is None:
            failed.append({"product_id": _row_id(raw, found), "new_stock": amount or 0, "message": message})
            continue
        done.append(
            {
                "productID": found.item.legacy_id,
                "warehouseID": warehouse_legacy_id(scope.store, wid),
                "shopID": scope.shop.tokopedia_shop_id if scope.shop is not None else None,
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
        replays[key] = result
        while len(replays) > MAX_REPLAYS:  # the oldest request ids are forgotten (a retry comes within minutes)
            del replays[next(iter(replays))]
    return result
