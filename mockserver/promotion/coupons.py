"""Coupons over the store: the seeded coupons of each shop (sellers create them in Seller Center; the API only reads
them), found by id or searched. No HTTP here."""

from __future__ import annotations

from collections.abc import Collection

from mockserver import lazyshops
from mockserver.promotion import models as pm
from mockserver.promotion.errors import PromotionError, Reason
from mockserver.store import Store


def find(store: Store, shop_id: str, coupon_id: str) -> pm.Coupon:
    coupon = store.promotions.coupons.get(coupon_id)
    if coupon is None or coupon.shop_id != shop_id:
        raise PromotionError(Reason.COUPON_NOT_FOUND, f"coupon {coupon_id} does not exist in this shop")
    return coupon


def search(
    store: Store,
    shop_id: str,
    *,
    statuses: Collection[str] | None,
    title_keyword: str | None,
    display_types: Collection[str] | None,
    now: int,
) -> list[pm.Coupon]:
    """The shop's coupons matching every filter given, newest first (`title_keyword`: a substring, case as given:
    "fuzzy matching not supported")."""
    store.lazy.shop(shop_id)
    found = [
        c
        for c in lazyshops.built(store.promotions.coupons)
        if c.shop_id == shop_id
        and (not statuses or c.status(now) in statuses)
        and (not title_keyword or title_keyword in c.title)
        and (not display_types or c.display_type in display_types)
    ]
    return sorted(reversed(found), key=lambda c: c.create_time, reverse=True)  # ties: newest first
