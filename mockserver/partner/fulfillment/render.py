"""Packages as the Partner API shows them (Get Package Detail, Search Package)."""

from __future__ import annotations

from typing import Any

from mockserver.catalog.images import image_url
from mockserver.orders import models as m
from mockserver.partner.orders import render as order_render
from mockserver.store import Store


def skus(order: m.Order, package: m.Package, base_url: str) -> list[dict[str, Any]]:
    """The package's units grouped by SKU (the deprecated-but-present `orders[].skus`)."""
    grouped: dict[str, dict[str, Any]] = {}
    for li in order.line_items:
        if li.id not in package.line_item_ids:
            continue
        entry = grouped.setdefault(
            li.sku_id,
            {
                "id": li.sku_id,
                "name": li.sku_name,
                "image_url": image_url(base_url, li.sku_image_uri) if li.sku_image_uri else "",
                "quantity": 0,
            },
        )
        entry["quantity"] += 1
    return list(grouped.values())


def _orders(store: Store, package: m.Package, base_url: str) -> list[dict[str, Any]]:
    """`orders[]`: each order with units in the package (several for a combined package)."""
    return [{"id": o, "skus": skus(store.orders[o], package, base_url)} for o in package.order_ids]


def tag(store: Store, package: m.Package) -> str:
    """`split_and_combine_tag`: COMBINE for a package of several orders, SPLIT when its order has several."""
    if package.combined_order_ids:
        return "COMBINE"
    return "SPLIT" if len(store.orders[package.order_id].packages) > 1 else "DEFAULT"


def summary(store: Store, package: m.Package, base_url: str) -> dict[str, Any]:
    out: dict[str, Any] = {
        "id": package.id,
        "status": package.status,
        "orders": _orders(store, package, base_url),
        "order_line_item_ids": list(package.line_item_ids),
        "shipping_provider_id": package.shipping_provider_id,
        "shipping_provider_name": package.shipping_provider_name,
        "create_time": package.create_time,
        "update_time": package.update_time,
    }
    if package.tracking_number:
        out["tracking_number"] = package.tracking_number
    return out


def detail(store: Store, package: m.Package, base_url: str) -> dict[str, Any]:
    order = store.orders[package.order_id]
    orders = _orders(store, package, base_url)
    items = [sku for o in orders for sku in o["skus"]]
    recipient = order_render.recipient(order)
    out: dict[str, Any] = {
        "package_id": package.id,
        "package_status": package.status,
        "orders": orders,
        "order_line_item_ids": list(package.line_item_ids),
        "shipping_type": package.shipping_type,
        "shipping_provider_id": package.shipping_provider_id,
        "shipping_provider_name": package.shipping_provider_name,
        "delivery_option_id": package.delivery_option_id,
        "delivery_option_name": package.delivery_option_name,
        "split_and_combine_tag": tag(store, package),
        "has_multi_skus": len(items) > 1,
        "note_tag": "BUYER_NOTED" if order.buyer_message else "BUYER_UNNOTED",
        "recipient_address": {k: v for k, v in recipient.items() if k not in _NOT_IN_PACKAGE_ADDRESS},
        "weight": {"value": str(package.weight_grams), "unit": "GRAM"},
        "dimension": dict(zip(("length", "width", "height"), map(str, package.dimension_cm), strict=True))
        | {"unit": "CM"},
        "create_time": package.create_time,
        "update_time": package.update_time,
    }
    warehouse = store.warehouses.get(order.warehouse_id)
    if warehouse is not None:
        a = warehouse.address
        out["sender_address"] = {
            "name": a.contact_person,
            "phone_number": a.phone_number,
            "full_address": a.full_address,
            "address_detail": a.full_address.split(",")[0],
            "address_line1": a.full_address.split(",")[0],
            "postal_code": a.postal_code,
            "region_code": a.region_code,
        }
    if package.tracking_number:
        out["tracking_number"] = package.tracking_number
    if package.handover_method:
        out["handover_method"] = package.handover_method
    if package.pickup_slot:
        out["pickup_slot"] = {"start_time": package.pickup_slot[0], "end_time": package.pickup_slot[1]}
    return out


_NOT_IN_PACKAGE_ADDRESS = frozenset({"first_name", "last_name", "district_info"})
