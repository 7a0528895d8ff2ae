"""The legacy Seller API's webhook payloads (reference §7), built from the shared order and catalog. No HTTP here.

The same builders serve the deliveries, `GET /v1/order/{order_id}/fs/{fs_id}/webhook?type=` (the payload as it is
now) and the manual trigger. Name keys are capitalised as the payloads spell them (`Name`, confirmed by the docs'
example and the Java SDK's models); `product_changes_data` values are strings (Java SDK model, GUESS on the wire).
"""

from __future__ import annotations

from typing import Any

from mockserver.catalog.models import Product, Sku
from mockserver.legacy import orders as lo
from mockserver.legacy.catalog import PENDING_CODE, STATUS_CODES, product_legacy_id, sku_legacy_id
from mockserver.legacy.catalog import warehouse_legacy_id as legacy_warehouse
from mockserver.legacy.render_order import list_item
from mockserver.legacy.shop import user_id
from mockserver.orders import models as m
from mockserver.store import Store

#: The order payloads `GET .../webhook?type=` and the manual trigger know (documented values).
ORDER_TOPICS = ("order_notification", "order_status")


def _named(entry: dict[str, Any]) -> dict[str, Any]:
    """`name` spelt `Name`, as the webhook payloads spell it, in the same place."""
    return {("Name" if k == "name" else k): v for k, v in entry.items()}


def order_notification(store: Store, order: m.Order, fs_id: int) -> dict[str, Any]:
    """A new paid order (status 220), `order_notification_url`."""
    item = list_item(store, order, fs_id)
    shop = store.shops[order.shop_id]
    products = [
        {**{k: v for k, v in _named(p).items() if k != "is_wholesale"}, "is_eligible_pof": False}
        for p in item["products"]
    ]
    return {
        "fs_id": fs_id,
        "order_id": item["order_id"],
        "accept_partial": False,
        "invoice_ref_num": item["invoice_ref_num"],
        "products": products,
        "customer": _named(item["buyer"]),
        "recipient": _named(item["recipient"]),
        "shop_id": item["shop_id"],
        "warehouse_id": item["warehouse_id"],
        "shop_name": shop.name,
        "payment_id": item["payment_id"],
        "payment_date": order.paid_time or 0,
        "logistics": item["logistics"],
        "amt": item["amt"],
        "dropshipper_info": {"Name": "", "phone": ""},
        "voucher_info": {"voucher_type": 0, "voucher_code": ""},
        "device_type": "",
        "create_time": order.create_time,
        "order_status": item["order_status"],
        "custom_fields": {},
        "encryption": {"secret": "", "content": ""},
        "bundle_detail": item["bundle_detail"],
        "is_plus": False,
    }


def order_status(store: Store, order: m.Order, fs_id: int, code: int | None = None) -> dict[str, Any]:
    """A status change (`order_status_url`) or a cancellation (`order_cancellation_url`): the same shape."""
    item = list_item(store, order, fs_id)
    return {
        "order_status": lo.status_code(order) if code is None else code,
        "fs_id": fs_id,
        "shop_id": item["shop_id"],
        "order_id": item["order_id"],
        "warehouse_id": item["warehouse_id"],
        "product_details": [
            {k: v for k, v in _named(p).items() if k not in ("is_wholesale",)} for p in item["products"]
        ],
    }


def order_payload(store: Store, order: m.Order, fs_id: int, topic: str) -> dict[str, Any]:
    return (
        order_notification(store, order, fs_id) if topic == "order_notification" else order_status(store, order, fs_id)
    )


def request_cancellation(order: m.Order) -> dict[str, Any]:
    """The buyer asks to cancel (`order_request_cancellation_url`)."""
    return {"order_id": lo.legacy_id(order)}


def product_change(
    store: Store,
    product: Product,
    sku: Sku | None,
    action: str,
    value: object,
    previous: object,
    at: int,
    warehouse_id: str | None = None,
) -> dict[str, Any]:
    """One `product_changes_data` row: `action` is stock_overwrite / stock_decrement / stock_increment /
    price_changes / status_changes."""
    shop = store.shops[product.shop_id]
    default = warehouse_id is not None and store.warehouses[warehouse_id].is_default
    return {
        "action": action,
        "product_id": sku_legacy_id(store, sku) if sku is not None else product_legacy_id(store, product),
        "shop_id": shop.tokopedia_shop_id,
        "warehouse_id": legacy_warehouse(store, warehouse_id) if warehouse_id else 0,
        "value": str(value),
        "previous_value": str(previous),
        "update_time": at,
        "is_default_warehouse": default,
    }


def product_changes(fs_id: int, rows: list[dict[str, Any]]) -> dict[str, Any]:
    return {"fs_id": fs_id, "product_changes_data": rows}


def status_code(status: str | None) -> int:
    """A TOKOPEDIA product status as the legacy `basic.status` code."""
    return STATUS_CODES.get(status or "", PENDING_CODE)


def product_creation(store: Store, product: Product, fs_id: int, upload_id: int) -> dict[str, Any]:
    """A product created in a linked shop and listed on Tokopedia (`product_creation_url`): one per product, as an
    upload of one row (GUESS: `upload_id` is the domain event's number, `status` "success")."""
    shop = store.shops[product.shop_id]
    return {
        "upload_id": upload_id,
        "shop_id": shop.tokopedia_shop_id,
        "user_id": user_id(store, shop),
        "fs_id": fs_id,
        "status": "success",
        "total_data": 1,
        "success_rows_data": [{"product_id": product_legacy_id(store, product)}],
    }
