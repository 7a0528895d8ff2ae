"""The single-order detail (`GET /v2/fs/{fs_id}/order`, reference §6.4): the documented top-level keys.

Times are RFC 3339 strings, "0001-01-01T00:00:00Z" for "never"; the history is rebuilt from the order's times and
the legacy-only steps (accept, pick-up request).
"""

from __future__ import annotations

import time
from typing import Any

from mockserver.legacy import ids
from mockserver.legacy import orders as lo
from mockserver.legacy.catalog import warehouse_legacy_id
from mockserver.legacy.render_order import amounts, courier, money, order_products, phone, promo, rfc3339
from mockserver.legacy.shop import area_id, domain_of, user_id
from mockserver.legacy.state import state_of
from mockserver.orders import models as m
from mockserver.returns import reasons
from mockserver.store import Store


def _history(store: Store, order: m.Order) -> list[dict[str, Any]]:
    steps: list[tuple[int | None, int, str, str]] = [
        (order.create_time, 100, "buyer", "Order Created"),
        (order.paid_time, 220, "system", "Payment verified, order ready to process"),
        (order.accepted_time, 400, "seller", "Seller accept order"),
        (order.pickup_requested_time, 450, "seller", "Waiting for pickup"),
        (order.collection_time, 500, "seller", "Order shipment"),
        (order.delivery_time, 600, "system", "Order delivered"),
        (order.completed_time, 700, "system", "Order finished"),
    ]
    if order.cancel_time is not None:
        steps.append((order.cancel_time, lo.status_code(order), "seller", order.cancel_reason or "Cancelled"))
    entries = [s for s in steps if s[0] is not None]
    entries.sort(key=lambda s: (s[0] or 0, s[1]))
    return [
        {
            "action_by": who,
            "hist_status_code": code,
            "message": message,
            "timestamp": rfc3339(at),
            "comment": "",
            "create_by": 0,
            "update_by": "system" if who == "system" else who,
        }
        for at, code, who, message in reversed(entries)
    ]


def detail(store: Store, order: m.Order) -> dict[str, Any]:
    """The single-order object (GET /v2/fs/{fs_id}/order): the documented top-level keys."""
    shop = store.shops[order.shop_id]
    seller = store.sellers[shop.seller_id]
    oid = lo.legacy_id(order)
    code = lo.status_code(order)
    products = order_products(store, order)
    shipping, service = courier(store, order)
    awb = lo.awb_of(store, order)
    names = {d.level: d.name for d in order.recipient.districts}
    warehouse = store.warehouses.get(order.warehouse_id)
    wid = warehouse_legacy_id(store, order.warehouse_id) if order.warehouse_id else 0
    totals = amounts(order)
    invoice = lo.invoice(order)
    buyer_id = ids.to_legacy(state_of(store).ids, ids.USER, order.buyer.user_id)
    deadline = lo.accept_deadline(order)
    return {
        "order_id": oid,
        "buyer_id": buyer_id,
        "seller_id": shop.tokopedia_shop_id,
        "payment_id": ids.natural(order.id),
        "is_affiliate": False,
        "is_fulfillment": False,
        "order_warehouse": {
            "warehouse_id": wid,
            "fulfill_by": 0,
            "meta_data": {
                "warehouse_id": wid,
                "warehouse_name": warehouse.name if warehouse else "",
                "district_name": warehouse.address.district if warehouse else "",
                "city_name": warehouse.address.city if warehouse else "",
                "province_name": warehouse.address.state if warehouse else "",
                "postal_code": warehouse.address.postal_code if warehouse else "",
            },
        },
        "order_status": code,
        "invoice_number": invoice,
        "invoice_pdf": f"Invoice-{oid}.pdf",
        "invoice_url": f"https://www.tokopedia.com/invoice.pl?id={oid}",
        "open_amt": totals["ttl_amount"],
        "lp_amt": 0,
        "cashback_amt": 0,
        "info": "",
        "comment": order.buyer_message,
        "item_price": totals["ttl_product_price"],
        "buyer_info": {
            "buyer_id": buyer_id,
            "buyer_fullname": order.recipient.name,
            "buyer_email": order.buyer.email,
            "buyer_phone": phone(order.recipient.phone_number),
        },
        "shop_info": {
            "shop_owner_id": user_id(store, shop),
            "shop_owner_email": f"owner@{domain_of(shop)}.example",
            "shop_owner_phone": "",
            "shop_name": shop.name,
            "shop_domain": domain_of(shop),
            "shop_id": shop.tokopedia_shop_id,
            "seller_name": seller.name,
        },
        "shipment_fulfillment": {
            "id": oid,
            "order_id": oid,
            "payment_date_time": rfc3339(order.paid_time),
            "is_same_day": order.delivery_option_name in ("Instan", "Same Day"),
            "accept_deadline": rfc3339(deadline),
            "confirm_shipping_deadline": rfc3339(deadline + 2 * lo.DAY),
            "item_delivered_deadline": {"Time": rfc3339(deadline + 9 * lo.DAY), "Valid": True},
            "is_accepted": code >= lo.ACCEPTED,
            "is_confirm_shipping": code >= lo.SHIPPED,
            "is_item_delivered": code >= lo.DELIVERED,
            "fulfillment_status": 1 if code >= lo.ACCEPTED else 0,
        },
        "preorder": {},
        "order_info": {
            "order_detail": [_detail_item(store, order, p, n) for n, p in enumerate(products)],
            "order_history": _history(store, order),
            "order_age_day": 0,
            "shipping_age_day": 0,
            "delivered_age_day": 0,
            "partial_process": 0,
            "shipping_info": {
                "sp_id": service,
                "shipping_id": shipping,
                "logistic_name": order.shipping_provider_name,
                "logistic_service": order.delivery_option_name,
                "shipping_price": money(order.payment.shipping_fee),
                "shipping_price_rate": money(order.payment.original_shipping_fee),
                "shipping_fee": money(order.payment.shipping_fee),
                "insurance_price": 0,
                "fee": 0,
                "is_change_courier": False,
                "awb": awb,
                "autoresi_cashless_status": 0,
                "autoresi_awb": awb if order.shipping_type == m.SHIPPING_TIKTOK else "",
                "autoresi_shipping_price": 0,
                "count_awb": 1 if awb else 0,
                "isCashless": order.shipping_type == m.SHIPPING_TIKTOK,
                "is_fake_delivery": False,
                "recommended_courier_info": [],
            },
            "destination": {
                "receiver_name": order.recipient.name,
                "receiver_phone": phone(order.recipient.phone_number),
                "address_street": order.recipient.address_detail,
                "address_district": names.get("L3", ""),
                "address_city": names.get("L2", ""),
                "address_province": names.get("L1", ""),
                "address_postal": order.recipient.postal_code,
                "customer_address_id": 0,
                "district_id": area_id(names.get("L3", "")),
                "city_id": area_id(names.get("L2", "")),
                "province_id": area_id(names.get("L1", "")),
            },
            "is_replacement": False,
            "replacement_multiplier": 0,
        },
        "origin_info": _origin(store, order),
        "payment_info": {
            "payment_id": ids.natural(order.id),
            "payment_ref_num": f"PYM/{time.strftime('%Y%m%d', time.gmtime(order.create_time))}/{oid}",
            "payment_date": rfc3339(order.paid_time),
            "payment_method": 0,
            "payment_status": "Verified" if order.paid_time else "Pending",
            "payment_status_id": 2 if order.paid_time else 1,
            "create_time": rfc3339(order.create_time),
            "pg_id": 0,
            "gateway_name": order.payment.method_name,
            "discount_amount": totals["voucher_amount"],
            "voucher_code": "",
            "voucher_id": 0,
        },
        "insurance_info": {"insurance_type": 0},
        "hold_info": None,
        "cancel_request_info": _cancel_request(order),
        "create_time": rfc3339(order.create_time),
        "shipping_date": rfc3339(order.rts_time),
        "update_time": rfc3339(order.update_time),
        "payment_date": rfc3339(order.paid_time),
        "delivered_date": rfc3339(order.delivery_time),
        "est_shipping_date": rfc3339(deadline + 2 * lo.DAY),
        "est_delivery_date": rfc3339(deadline + 6 * lo.DAY),
        "related_invoices": None,
        "custom_fields": {"awb": awb},
        "promo_order_detail": promo(order, oid),
        "pof_info": None,
    }


def _detail_item(store: Store, order: m.Order, p: dict[str, Any], n: int) -> dict[str, Any]:
    product = next((store.products.get(li.product_id) for li in order.line_items if li.seller_sku == p["sku"]), None)
    image = product.main_images[0].uri if product is not None and product.main_images else ""
    return {
        "order_detail_id": lo.legacy_id(order) * 10 + n,
        "product_id": p["id"],
        "product_name": p["name"],
        "product_desc_pdp": "",
        "product_desc_atc": "",
        "product_price": p["price"],
        "subtotal_price": p["total_price"],
        "weight": p["weight"],
        "total_weight": p["total_weight"],
        "quantity": p["quantity"],
        "quantity_deliver": p["quantity"],
        "quantity_reject": 0,
        "is_free_returns": False,
        "insurance_price": 0,
        "normal_price": p["price"],
        "currency_id": 1,
        "currency_rate": 1,
        "min_order": 1,
        "child_cat_id": int(product.category_id) if product is not None and product.category_id.isdigit() else 0,
        "campaign_id": "",
        "product_picture": image,
        "snapshot_url": f"https://www.tokopedia.com/snapshot_product?order_id={lo.legacy_id(order)}&dtl_id={n}",
        "sku": p["sku"],
    }


def _origin(store: Store, order: m.Order) -> dict[str, Any]:
    warehouse = store.warehouses.get(order.warehouse_id)
    shop = store.shops[order.shop_id]
    names = {d.level: d.name for d in order.recipient.districts}
    a = warehouse.address if warehouse is not None else None
    return {
        "sender_name": shop.name,
        "origin_province": area_id(a.state) if a else 0,
        "origin_province_name": a.state if a else "",
        "origin_city": area_id(a.city) if a else 0,
        "origin_city_name": a.city if a else "",
        "origin_address": a.full_address if a else "",
        "origin_district": area_id(a.district) if a else 0,
        "origin_district_name": a.district if a else "",
        "origin_postal_code": a.postal_code if a else "",
        "origin_geo": "",
        "receiver_name": order.recipient.name,
        "destination_address": order.recipient.full_address,
        "destination_province": area_id(names.get("L1", "")),
        "destination_city": area_id(names.get("L2", "")),
        "destination_district": area_id(names.get("L3", "")),
        "destination_postal_code": order.recipient.postal_code,
        "destination_geo": "",
        "destination_loc": {"lat": 0, "lon": 0},
    }


def _cancel_request(order: m.Order) -> dict[str, Any] | None:
    if not order.is_buyer_request_cancel:
        return None
    reason = reasons.label(order.request_cancel_reason, "id") if order.request_cancel_reason else ""
    return {"is_requested": True, "request_time": rfc3339(order.request_cancel_time), "reason": reason, "status": 1}
