"""Legacy order objects: an order-list item (reference §6.3) and the single-order detail (§6.4).

Money is a number (IDR integers), list times are Unix seconds, detail times RFC 3339 strings with the zero time
"0001-01-01T00:00:00Z" for "never". Buyer PII is plain and `encryption` empty (the reference's accepted GUESS).
"""

from __future__ import annotations

import time
from decimal import Decimal
from typing import Any

from mockserver.catalog.models import Product
from mockserver.legacy import ids
from mockserver.legacy import orders as lo
from mockserver.legacy.catalog import product_legacy_id, warehouse_legacy_id
from mockserver.legacy.logistics import service_id, shipper_id
from mockserver.legacy.render_product import grams
from mockserver.legacy.shop import area_id
from mockserver.legacy.state import state_of
from mockserver.orders import models as m
from mockserver.store import Store

ZERO_TIME = "0001-01-01T00:00:00Z"


def phone(number: str) -> str:
    """Legacy phones carry no "+": 628119916444 (the shared model keeps E.164)."""
    return number.lstrip("+")


def money(amount: str) -> int:
    return int(Decimal(amount or "0"))


def rfc3339(ts: int | None) -> str:
    return time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(ts)) if ts else ZERO_TIME


def line_product_id(store: Store, li: m.LineItem) -> int:
    product = store.products.get(li.product_id)
    if product is not None and len(product.skus) == 1 and product.skus[0].id == li.sku_id:
        return product_legacy_id(store, product)
    if product is not None and len(product.skus) > 1:
        return ids.to_legacy(state_of(store).ids, ids.SKU, li.sku_id)
    return ids.to_legacy(state_of(store).ids, ids.PRODUCT, li.product_id)


def _weight_kg(product: Product | None) -> float:
    return grams(product.package_weight) / 1000 if product is not None else 0.0


def order_products(store: Store, order: m.Order) -> list[dict[str, Any]]:
    """One entry per SKU with its quantity (the shared model has one line item per unit)."""
    out: dict[str, dict[str, Any]] = {}
    for li in order.line_items:
        entry = out.get(li.sku_id)
        if entry is None:
            product = store.products.get(li.product_id)
            name = li.product_name if li.sku_name in ("", "Default") else f"{li.product_name} - {li.sku_name}"
            entry = out[li.sku_id] = {
                "id": line_product_id(store, li),
                "name": name,
                "quantity": 0,
                "notes": "",
                "weight": _weight_kg(product),
                "total_weight": 0.0,
                "price": money(li.sale_price),
                "total_price": 0,
                "currency": "Rp",
                "sku": li.seller_sku,
                "is_wholesale": False,
            }
        entry["quantity"] += 1
        entry["total_weight"] = round(entry["weight"] * entry["quantity"], 6)
        entry["total_price"] += money(li.sale_price)
    return list(out.values())


def _address(order: m.Order) -> dict[str, Any]:
    names = {d.level: d.name for d in order.recipient.districts}
    return {
        "address_full": order.recipient.full_address,
        "district": names.get("L3", ""),
        "city": names.get("L2", ""),
        "province": names.get("L1", ""),
        "country": "Indonesia",
        "postal_code": order.recipient.postal_code,
        "district_id": area_id(names.get("L3", "")),
        "city_id": area_id(names.get("L2", "")),
        "province_id": area_id(names.get("L1", "")),
        "geo": "",
    }


def amounts(order: m.Order) -> dict[str, int]:
    p = order.payment
    return {
        "ttl_product_price": money(p.original_total_product_price),
        "shipping_cost": money(p.original_shipping_fee),
        "insurance_cost": 0,
        "ttl_amount": money(p.total_amount),
        "voucher_amount": money(p.seller_discount) + money(p.platform_discount),
        "toppoints_amount": 0,
    }


def promo(order: m.Order, legacy_order_id: int) -> dict[str, Any]:
    p = order.payment
    product = money(p.seller_discount) + money(p.platform_discount)
    shipping = money(p.shipping_fee_seller_discount) + money(p.shipping_fee_platform_discount)
    return {
        "order_id": legacy_order_id,
        "total_cashback": 0,
        "total_discount": product + shipping,
        "total_discount_product": product,
        "total_discount_shipping": shipping,
        "total_discount_details": [],
        "summary_promo": [],
    }


def courier(store: Store, order: m.Order) -> tuple[int, int]:
    provider = store.logistics.providers.get(order.shipping_provider_id)
    option = store.logistics.options.get(order.delivery_option_id)
    if provider is None:
        return 0, 0
    return shipper_id(provider), service_id(store, provider, option) if option is not None else 0


def list_item(store: Store, order: m.Order, fs_id: int) -> dict[str, Any]:
    shop = store.shops[order.shop_id]
    oid = lo.legacy_id(order)
    products = order_products(store, order)
    shipping, _service = courier(store, order)
    return {
        "fs_id": str(fs_id),
        "order_id": oid,
        "is_cod_mitra": False,
        "accept_partial": False,
        "invoice_ref_num": lo.invoice(order),
        "have_product_bundle": False,
        "products": products,
        "products_fulfilled": [
            {"product_id": p["id"], "quantity_deliver": p["quantity"], "quantity_reject": 0} for p in products
        ],
        "bundle_detail": {"bundle": [], "non_bundle": [], "total_product": sum(p["quantity"] for p in products)},
        "device_type": "",
        "buyer": {
            "id": ids.to_legacy(state_of(store).ids, ids.USER, order.buyer.user_id),
            "name": order.recipient.name,
            "phone": phone(order.recipient.phone_number),
            "email": order.buyer.email,
        },
        "shop_id": shop.tokopedia_shop_id,
        "payment_id": ids.natural(order.id),
        "recipient": {
            "name": order.recipient.name,
            "phone": phone(order.recipient.phone_number),
            "address": _address(order),
        },
        "logistics": {
            "shipping_id": shipping,
            "district_id": 0,
            "city_id": 0,
            "province_id": 0,
            "geo": "",
            "shipping_agency": order.shipping_provider_name,
            "service_type": order.delivery_option_name,
        },
        "amt": amounts(order),
        "dropshipper_info": {},
        "voucher_info": {"voucher_code": "", "voucher_type": 0},
        "order_status": lo.status_code(order),
        "warehouse_id": warehouse_legacy_id(store, order.warehouse_id) if order.warehouse_id else 0,
        "fulfill_by": 0,
        "create_time": order.create_time,
        "custom_fields": {"awb": lo.awb_of(store, order)},
        "promo_order_detail": promo(order, oid),
        "encryption": {"secret": "", "content": ""},
        "shipment_fulfillment": {
            "accept_deadline": rfc3339(lo.accept_deadline(order)),
            "confirm_shipping_deadline": rfc3339(lo.accept_deadline(order) + 2 * lo.DAY),
        },
        "is_plus": False,
    }
