"""Activities and coupons as the Partner API shows them (Get/Search Activities, Get/Search Coupons)."""

from __future__ import annotations

from typing import Any

from mockserver.promotion import models as pm

CURRENCY = "IDR"


def _money(amount: str) -> dict[str, str]:
    return {"amount": amount, "currency": CURRENCY}


def _deal(deal: pm.Deal, with_discount: bool) -> dict[str, Any]:
    out: dict[str, Any] = {
        "id": deal.id,
        "quantity_limit": deal.quantity_limit,
        "quantity_per_user": deal.quantity_per_user,
    }
    if deal.activity_price is not None:
        out["activity_price"] = _money(deal.activity_price)
    if deal.discount is not None and with_discount:
        out["discount"] = deal.discount
    return out


def products(activity: pm.Activity) -> list[dict[str, Any]]:
    if activity.product_level == pm.VARIATION:
        return [
            {
                "id": product_id,
                "quantity_limit": -1,
                "quantity_per_user": -1,
                "skus": [_deal(d, True) for d in skus.values()],
            }  # fmt: skip
            for product_id, skus in activity.skus.items()
        ]
    return [{**_deal(d, True), "skus": []} for d in activity.products.values()]


def summary(activity: pm.Activity, now: int) -> dict[str, Any]:
    out: dict[str, Any] = {
        "id": activity.id,
        "title": activity.title,
        "activity_type": activity.activity_type,
        "duration_type": activity.duration_type,
        "begin_time": activity.begin_time,
        "end_time": activity.end_time,
        "status": activity.status(now),
        "create_time": activity.create_time,
        "update_time": activity.update_time,
        "product_level": activity.product_level,
        "participation_limit": activity.participation_limit,
    }
    if activity.discount:
        out["discount"] = activity.discount
    return out


def detail(activity: pm.Activity, now: int) -> dict[str, Any]:
    out = summary(activity, now)
    out["activity_id"] = out.pop("id")
    out["products"] = products(activity)
    return out


def coupon(c: pm.Coupon, now: int, *, full: bool) -> dict[str, Any]:
    out: dict[str, Any] = {
        "id": c.id,
        "title": c.title,
        "display_type": c.display_type,
        "status": c.status(now),
        "create_time": c.create_time,
        "update_time": c.update_time,
        "claim_duration": {"start_time": c.claim_start, "end_time": c.claim_end},
        "redemption_duration": c.redemption,
        "target_buyer_segment": c.target_buyer_segment,
        "usage_limits": c.usage_limits,
        "discount": c.discount,
        "threshold": c.threshold,
        "product_scope": c.product_scope,
        "creation_source": c.creation_source,
    }
    if c.promo_code:
        out["promo_code"] = c.promo_code
    if full:
        out.update(
            display_channels=c.display_channels,
            usage_stats=c.usage_stats,
            product_ids=c.product_ids,
            seller_tnc=c.seller_tnc,
        )
    return out
