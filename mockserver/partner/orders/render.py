"""Orders as the Partner API shows them (Get Order Detail / Get Order List / Get Price Detail).

Only documented fields; a field whose moment has not come (rts_time before shipping, cancel_* before a cancel) is
left out rather than sent as 0. Recipient name and phone are masked for platform-logistics orders, and the
address is left out while the order is UNPAID or ON_HOLD, as the docs say.
"""

from __future__ import annotations

from typing import Any

from mockserver.catalog.images import image_url
from mockserver.orders import models as m
from mockserver.orders.privacy import mask_name, phone
from mockserver.orders.windows import OrderWindows
from mockserver.store import Store

LINE_STATUS = {
    m.PKG_TO_FULFILL: m.AWAITING_SHIPMENT,
    m.PKG_PROCESSING: m.AWAITING_COLLECTION,
    m.PKG_FULFILLING: m.IN_TRANSIT,
    m.PKG_COMPLETED: m.DELIVERED,
    m.PKG_CANCELLED: m.CANCELLED,
}


def order(store: Store, o: m.Order, base_url: str) -> dict[str, Any]:
    packages = {p: store.packages[p] for p in o.packages}
    shipped = [p for p in packages.values() if p.shipped]
    out: dict[str, Any] = {
        "id": o.id,
        "status": o.status,
        "create_time": o.create_time,
        "update_time": o.update_time,
        "user_id": o.buyer.user_id,
        "buyer_email": o.buyer.email,
        "buyer_message": o.buyer_message,
        "seller_note": o.seller_note,
        "fulfillment_type": o.fulfillment_type,
        "shipping_type": o.shipping_type,
        "delivery_type": o.delivery_type,
        "delivery_option_id": o.delivery_option_id,
        "delivery_option_name": o.delivery_option_name,
        "shipping_provider": o.shipping_provider_name,
        "shipping_provider_id": o.shipping_provider_id,
        "warehouse_id": o.warehouse_id,
        "order_type": o.order_type,
        "is_cod": o.is_cod,
        "is_sample_order": o.is_sample_order,
        "is_replacement_order": o.is_replacement_order,
        "is_exchange_order": False,
        "is_on_hold_order": o.is_on_hold_order,
        "is_buyer_request_cancel": o.is_buyer_request_cancel,
        "has_updated_recipient_address": False,
        "payment_method_name": o.payment.method_name,
        "payment": payment(o.payment),
        "packages": [{"id": p} for p in o.packages],
        "line_items": [line_item(o, li, packages, base_url) for li in o.line_items],
    }
    if o.commerce_platform is not None:
        out["commerce_platform"] = o.commerce_platform
    if o.replaced_order_id:
        out["replaced_order_id"] = o.replaced_order_id
    if o.release_date is not None:
        out["release_date"] = o.release_date
    if o.status not in (m.UNPAID, m.ON_HOLD):
        out["recipient_address"] = recipient(o)
    if any(p.combined_order_ids for p in packages.values() if p.status != m.PKG_CANCELLED):
        out["split_or_combine_tag"] = "COMBINED"
    elif len(packages) > 1:
        out["split_or_combine_tag"] = "SPLIT"
    if shipped:
        out["tracking_number"] = shipped[0].tracking_number
    _times(o, out, store.order_book.windows)
    return out


def _times(o: m.Order, out: dict[str, Any], w: OrderWindows) -> None:
    """The moments so far, and the platform's deadlines (Settings; the timers in orders/deadlines.py act on them)."""
    optional = {
        "paid_time": o.paid_time,
        "rts_time": o.rts_time,
        "collection_time": o.collection_time,
        "delivery_time": o.delivery_time,
        "cancel_time": o.cancel_time,
        "request_cancel_time": o.request_cancel_time,
    }
    out.update({k: v for k, v in optional.items() if v is not None})
    if o.cancel_time is not None:
        out["cancel_reason"] = o.cancel_reason
        out["cancellation_initiator"] = o.cancellation_initiator
    if o.status == m.UNPAID:
        out["cancel_order_sla_time"] = o.create_time + w.unpaid
    if o.paid_time is not None:
        ready = w.ready(o.paid_time, o.is_on_hold_order)
        out.update({name: t for t, name in w.sla_points(ready)}, delivery_due_time=ready + w.delivery_due)


def payment(p: m.Payment) -> dict[str, str]:
    return {
        "currency": p.currency,
        "sub_total": p.sub_total,
        "shipping_fee": p.shipping_fee,
        "seller_discount": p.seller_discount,
        "platform_discount": p.platform_discount,
        "total_amount": p.total_amount,
        "original_total_product_price": p.original_total_product_price,
        "original_shipping_fee": p.original_shipping_fee,
        "shipping_fee_seller_discount": p.shipping_fee_seller_discount,
        "shipping_fee_platform_discount": p.shipping_fee_platform_discount,
        "shipping_fee_cofunded_discount": "0",
        "tax": p.tax,
        "product_tax": "0",
        "shipping_fee_tax": "0",
        "buyer_service_fee": "0",
        "handling_fee": "0",
        "shipping_insurance_fee": "0",
        "item_insurance_fee": "0",
    }


def recipient(o: m.Order) -> dict[str, Any]:
    r = o.recipient
    masked = o.shipping_type == m.SHIPPING_TIKTOK
    return {
        "name": mask_name(r.name) if masked else r.name,
        "first_name": mask_name(r.first_name) if masked else r.first_name,
        "last_name": mask_name(r.last_name) if masked else r.last_name,
        "phone_number": phone(r.phone_number, masked),
        "full_address": r.full_address,
        "address_detail": r.address_detail,
        "address_line1": r.address_detail,
        "address_line2": "",
        "postal_code": r.postal_code,
        "region_code": r.region_code,
        "district_info": [
            {"address_level": d.level, "address_level_name": d.level_name, "address_name": d.name} for d in r.districts
        ],
    }


def line_item(o: m.Order, li: m.LineItem, packages: dict[str, m.Package], base_url: str) -> dict[str, Any]:
    package = packages.get(li.package_id or "")
    out: dict[str, Any] = {
        "id": li.id,
        "sku_id": li.sku_id,
        "product_id": li.product_id,
        "product_name": li.product_name,
        "sku_name": li.sku_name,
        "sku_image": image_url(base_url, li.sku_image_uri) if li.sku_image_uri else "",
        "seller_sku": li.seller_sku,
        "currency": li.currency,
        "original_price": li.original_price,
        "sale_price": li.sale_price,
        "seller_discount": li.seller_discount,
        "platform_discount": li.platform_discount,
        "display_status": display_status(o, package),
        "shipping_provider_id": o.shipping_provider_id,
        "shipping_provider_name": o.shipping_provider_name,
        "is_gift": li.is_gift,
        "sku_type": o.order_type,
        "is_dangerous_good": False,
        "needs_prescription": False,
        "gift_retail_price": li.gift_retail_price,
    }
    if package is not None:
        out["package_id"] = package.id
        out["package_status"] = package.status
        out["shipping_provider_id"] = package.shipping_provider_id
        out["shipping_provider_name"] = package.shipping_provider_name
        if package.shipped:
            out["tracking_number"] = package.tracking_number
        if package.rts_time is not None:
            out["rts_time"] = package.rts_time
    if li.cancel_user:
        out["cancel_user"] = li.cancel_user
        out["cancel_reason"] = li.cancel_reason
    return out


def display_status(o: m.Order, package: m.Package | None) -> str:
    if o.status in (m.UNPAID, m.CANCELLED, m.COMPLETED):
        return o.status
    if package is None:  # ON_HOLD: paid, not yet in a package
        return m.AWAITING_SHIPMENT
    return LINE_STATUS[package.status]


# --- Get Price Detail -------------------------------------------------------------------------------------------------
def price_detail(o: m.Order) -> dict[str, Any]:
    p = o.payment
    shipping = _split(int(p.original_shipping_fee), len(o.line_items))
    ship_platform = _split(int(p.shipping_fee_platform_discount), len(o.line_items))
    out = _prices(
        p.currency,
        int(p.original_total_product_price),
        int(p.seller_discount),
        int(p.platform_discount),
        int(p.original_shipping_fee),
        int(p.shipping_fee_platform_discount),
    )
    out["cod_fee_net_amount"] = "0.00"
    items = []
    for n, li in enumerate(o.line_items):
        item = _prices(
            li.currency,
            int(li.original_price),
            int(li.seller_discount),
            int(li.platform_discount),
            shipping[n],
            ship_platform[n],
        )
        items.append({"id": li.id, **item, "cod_fee_amount": "0.00"})
    out["line_items"] = items
    return out


def _prices(
    currency: str, listed: int, seller: int, platform: int, ship_list: int, ship_platform: int
) -> dict[str, Any]:
    sale = listed - seller - platform
    ship_sale = ship_list - ship_platform
    return {
        "currency": currency,
        "total": str(listed + ship_list),
        "payment": str(sale + ship_sale),
        "sku_list_price": str(listed),
        "sku_sale_price": str(sale),
        "subtotal": str(sale),
        "subtotal_deduction_seller": str(seller),
        "subtotal_deduction_platform": str(platform),
        "subtotal_tax_amount": "0",
        "voucher_deduction_seller": "0",
        "voucher_deduction_platform": "0",
        "shipping_list_price": str(ship_list),
        "shipping_sale_price": str(ship_sale),
        "shipping_fee_deduction_seller": "0",
        "shipping_fee_deduction_platform": str(ship_platform),
        "shipping_fee_deduction_platform_voucher": "0",
        "tax_amount": "0",
        "tax_rate": "0",
        "net_price_amount": str(sale + ship_sale),
        "cod_fee": "0.00",
        "sku_gift_original_price": "0",
        "sku_gift_net_price": "0",
    }


def _split(amount: int, parts: int) -> list[int]:
    """`amount` over `parts` line items, the remainder on the first, so the items add up to the order."""
    if parts == 0:
        return []
    share = amount // parts
    return [amount - share * (parts - 1)] + [share] * (parts - 1)
