"""Cancellations, returns, records and amounts as the Partner API shows them (Search Cancellations / Returns, Get
Return Records, Calculate Refund, Get Aftersale Eligibility). Only documented fields; optional ones whose moment
has not come (tracking before shipping, a partial refund nobody offered) are left out."""

from __future__ import annotations

from typing import Any

from mockserver.catalog.images import image_url
from mockserver.orders import lookup as orders
from mockserver.orders import models as om
from mockserver.returns import models as r
from mockserver.returns import reasons
from mockserver.store import Store

NEWER = "202602"  # the client's version adds a few fields (tiktok-shop-api models)


def amount(money: r.Money, *, with_fees: bool = True) -> dict[str, str]:
    out = {
        "currency": money.currency,
        "refund_total": str(money.total),
        "refund_subtotal": str(money.subtotal),
        "refund_shipping_fee": str(money.shipping),
        "refund_tax": str(money.tax),
        "retail_delivery_fee": "0",
    }
    if with_fees:
        out["buyer_service_fee"] = "0"
    return out


def _line_amount(currency: str, line: r.Line) -> dict[str, str]:
    return amount(r.Money(currency=currency, subtotal=line.subtotal, shipping=line.shipping))


def _item(store: Store, order: om.Order, line: r.Line, currency: str, base: str) -> dict[str, Any]:
    li = order.line_item(line.order_line_item_id)
    out: dict[str, Any] = {"order_line_item_id": line.order_line_item_id, "sku_id": line.sku_id}
    if li is not None:
        out.update(sku_name=li.sku_name, product_name=li.product_name, seller_sku=li.seller_sku)
        if li.sku_image_uri:
            out["product_image"] = {"url": image_url(base, li.sku_image_uri), "width": 200, "height": 200}
    out["refund_amount"] = _line_amount(currency, line)
    return out


def _next_action(request: r.Aftersale) -> list[dict[str, Any]]:
    if request.deadline is None or request.deadline_action not in r.SELLER_ACTIONS:
        return []
    return [{"action": request.deadline_action, "deadline": request.deadline}]


def cancellation(store: Store, c: r.Cancellation, base: str, locale: str | None, version: str) -> dict[str, Any]:
    order = orders.require_order(store, c.order_id)
    out: dict[str, Any] = {
        "cancel_id": c.id,
        "order_id": c.order_id,
        "cancel_type": c.type,
        "cancel_status": c.status,
        "role": c.role,
        "cancel_reason": c.reason,
        "cancel_reason_text": reasons.label(c.reason, locale),
        "create_time": c.create_time,
        "update_time": c.update_time,
        "refund_amount": amount(c.money),
        "cancel_line_items": [
            {"cancel_line_item_id": line.id, **_item(store, order, line, c.money.currency, base)} for line in c.lines
        ],
    }
    action = _next_action(c)
    if action:
        out["seller_next_action_response"] = action
    if version >= NEWER:
        cancelled = c.status in (r.CANCEL_SUCCESS, r.CANCEL_COMPLETE)
        out["should_replenish_stock"] = cancelled and order.paid_time is not None
    return out


def return_order(store: Store, ret: r.Return, base: str, locale: str | None, version: str) -> dict[str, Any]:
    order = orders.require_order(store, ret.order_id)
    m = ret.money
    out: dict[str, Any] = {
        "return_id": ret.id,
        "order_id": ret.order_id,
        "return_type": ret.type,
        "return_status": ret.status,
        "role": ret.role,
        "return_reason": ret.reason,
        "return_reason_text": reasons.label(ret.reason, locale),
        "can_buyer_keep_item": ret.can_buyer_keep_item,
        "create_time": ret.create_time,
        "update_time": ret.update_time,
        "refund_amount": amount(m),
        "discount_amount": [
            {
                "currency": m.currency,
                "product_seller_discount": str(m.seller_discount),
                "product_platform_discount": str(m.platform_discount),
                "shipping_fee_seller_discount": str(m.shipping_seller_discount),
                "shipping_fee_platform_discount": str(m.shipping_platform_discount),
            }
        ],
        "shipping_fee_amount": [_return_shipping(ret)],
        "is_combined_return": False,
        "return_line_items": [
            {"return_line_item_id": line.id, **_item(store, order, line, m.currency, base)} for line in ret.lines
        ],
    }
    action = _next_action(ret)
    if action:
        out["seller_next_action_response"] = action
    if ret.arbitration_status:
        out["arbitration_status"] = ret.arbitration_status
    if ret.type == r.RETURN_AND_REFUND:
        out.update(shipment_type=ret.shipment_type, return_warehouse_address=_warehouse(store, ret))
        out["return_method"] = "PLATFORM_SHIPPED" if ret.shipment_type == r.PLATFORM else "BUYER_SHIPPED"
        if ret.shipment_type == r.PLATFORM:
            out.update(handover_method=ret.handover_method, return_shipping_document_type="SHIPPING_LABEL")
        if ret.tracking_number:
            out.update(return_tracking_number=ret.tracking_number, return_provider_id=ret.provider_id,
                       return_provider_name=ret.provider_name)  # fmt: skip
    if ret.seller_proposed_return_type:
        out["seller_proposed_return_type"] = ret.seller_proposed_return_type
        out["partial_refund"] = {"currency": m.currency, "amount": str(ret.partial_refund)}
        out["buyer_rejected_partial_refund"] = bool(ret.buyer_rejected_partial_refund)
    if version >= NEWER:
        out["is_quick_refund"] = False
    return out


def _return_shipping(ret: r.Return) -> dict[str, str]:
    fee = ret.shipping_fee
    return {
        "currency": ret.money.currency,
        "seller_paid_return_shipping_fee": str(fee if ret.shipping_fee_payer == r.SELLER else 0),
        "buyer_paid_return_shipping_fee": str(fee if ret.shipping_fee_payer == r.BUYER else 0),
        "platform_paid_return_shipping_fee": "0",
    }


def _warehouse(store: Store, ret: r.Return) -> dict[str, str]:
    warehouse = store.warehouses.get(ret.return_warehouse_id)
    return {"full_address": warehouse.address.full_address if warehouse is not None else ""}


# --- Get Return Records -----------------------------------------------------------------------------------------------
def records(request: r.Aftersale, base: str, locale: str | None) -> list[dict[str, Any]]:
    event = "ORDER_CANCEL" if isinstance(request, r.Cancellation) else "ORDER_RETURN"
    out = []
    for rec in request.records:
        item: dict[str, Any] = {
            "event": event,
            "role": rec.role,
            "description": rec.description,
            "create_time": rec.time,
        }
        if rec.reason:
            item["reason_text"] = reasons.label(rec.reason, locale)
        if rec.note:
            item["note"] = rec.note
        if rec.images:
            item["images"] = [_image(i, base) for i in rec.images]
        if rec.videos:
            item["videos"] = [_video(v) for v in rec.videos]
        out.append(item)
    return out


def _image(i: dict[str, Any], base: str) -> dict[str, Any]:
    url = i.get("url") or image_url(base, str(i.get("uri", "")))
    return {"url": str(url), "width": int(i.get("width") or 200), "height": int(i.get("height") or 200)}


def _video(v: dict[str, Any]) -> dict[str, Any]:
    url = str(v.get("url", ""))
    return {
        "url": url,
        "cover": str(v.get("cover") or url),
        "width": int(v.get("width") or 200),
        "height": int(v.get("height") or 200),
        "duration_millis": int(v.get("duration_millis") or 3000),
    }
