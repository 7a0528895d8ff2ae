"""Each shop's seeded promotions: a few coupons of every status and display type, and past activities (an expired
flash sale, a deactivated discount) so searches have history. Nothing seeded is ongoing on products, so no seeded
price is locked and no new order is discounted until a test creates an activity. Deterministic per seed and shop,
from a stream of its own; a few records per shop (no startup cost to speak of)."""

from __future__ import annotations

import random

from mockserver.catalog.models import ACTIVATE
from mockserver.promotion import models as pm
from mockserver.store import Store

DAY = 86400
#: (title, display type, offset of the claim start from now in days, length in days, deactivated)
COUPONS = (
    ("Diskon Pengguna Baru", "REGULAR", -10, 40, False),
    ("Potongan Live Malam Minggu", "LIVE", -3, 7, False),
    ("Voucher Chat Pelanggan Setia", "CHAT", 5, 14, False),
    ("Promo Gajian Bulan Lalu", "REGULAR", -45, 10, False),
    ("Voucher Kreator Eksklusif", "CREATOR_EXCLUSIVE", -20, 30, True),
)


def seed_shop_promotions(store: Store, seed: int, shop_id: str, now: int) -> None:
    rng = random.Random(f"promotions:{seed}:{shop_id}")
    _coupons(store, rng, shop_id, now)
    _activities(store, rng, shop_id, now)


def _coupons(store: Store, rng: random.Random, shop_id: str, now: int) -> None:
    products = _live_products(store, shop_id)
    for n, (title, display, start_days, days, off) in enumerate(COUPONS):
        start = now + start_days * DAY
        end = start + days * DAY
        percent = n % 2 == 1
        discount: dict[str, object] = (
            {"type": "PERCENT_OFF", "percentage": str(5 + 5 * n), "max_discount": _idr(25_000 + 5_000 * n)}
            if percent
            else {"type": "AMOUNT_OFF", "reduction_amount": _idr(10_000 * (n + 1))}
        )
        specific = n == 2 and bool(products)
        coupon = pm.Coupon(
            id=f"7{rng.randrange(10**18):018d}",
            shop_id=shop_id,
            title=title,
            display_type=display,
            create_time=start - DAY,
            update_time=start - DAY,
            claim_start=start,
            claim_end=end,
            redemption={"type": "ABSOLUTE", "start_time": start, "end_time": end + 3 * DAY}
            if n % 3
            else {"type": "RELATIVE", "relative_time": 7},
            display_channels=["LIVE"] if display == "LIVE" else (["CHAT"] if display == "CHAT" else ["ALL"]),
            target_buyer_segment="NEW" if n == 0 else "ALL",
            usage_limits={"single_buyer_claim_limit": 1, "total_claim_limit": 500 * (n + 1), "redemption_limit": 400},
            usage_stats={"claimed_count": rng.randrange(0, 200), "redeemed_count": rng.randrange(0, 100)},
            discount=discount,
            threshold={"type": "MIN_SPEND", "min_spend": _idr(50_000 * (n + 1))} if n != 1 else {"type": "NONE"},
            product_scope="SPECIFIC_PRODUCTS" if specific else "FULL_SHOP",
            product_ids=products[:3] if specific else [],
            creation_source="SELLER_CENTER" if n % 2 == 0 else "SELLER_APP",
            promo_code=f"TKPD{rng.randrange(10**6):06d}" if display == "CHAT" else "",
            seller_tnc="Berlaku untuk semua produk toko." if not specific else "Berlaku untuk produk pilihan.",
            deactivated_time=start + DAY if off else None,
        )
        store.promotions.coupons[coupon.id] = coupon


def _activities(store: Store, rng: random.Random, shop_id: str, now: int) -> None:
    products = _live_products(store, shop_id)
    if len(products) < 4:
        return
    past = [
        ("Flash Sale 12.12", pm.FLASHSALE, now - 40 * DAY, now - 39 * DAY, None, products[:2]),
        ("Diskon Akhir Pekan", pm.DIRECT_DISCOUNT, now - 20 * DAY, now + 10 * DAY, now - 15 * DAY, products[2:4]),
    ]
    for title, kind, begin, end, off, ids in past:
        activity = pm.Activity(
            id=f"7{rng.randrange(10**18):018d}",
            shop_id=shop_id,
            title=title,
            activity_type=kind,
            product_level=pm.PRODUCT,
            duration_type=pm.NORMAL,
            begin_time=begin,
            end_time=end,
            participation_limit=[{"type": "BUYER_NO_LIMIT"}],
            discount=None,
            create_time=begin - 2 * DAY,
            update_time=off or begin - 2 * DAY,
            deactivated_time=off,
        )
        for product_id in ids:
            price = min(int(s.price.amount) for s in store.products[product_id].skus)
            deal_price = str(max(100, price * 7 // 10 // 100 * 100)) if kind == pm.FLASHSALE else None
            discount = "15" if kind == pm.DIRECT_DISCOUNT else None
            activity.products[product_id] = pm.Deal(product_id, product_id, deal_price, discount, -1, 2)
        activity.announced = activity.status(now)
        store.promotions.activities[activity.id] = activity
        store.promotions.index(activity)


def _live_products(store: Store, shop_id: str) -> list[str]:
    out = []
    for product_id in store.products_by_shop.get(shop_id, {}):
        product = store.products[product_id]
        if product.status == ACTIVATE and all(s.price.amount.isdigit() for s in product.skus) and product.skus:
            out.append(product_id)
            if len(out) >= 8:
                break
    return out


def _idr(amount: int) -> dict[str, str]:
    return {"amount": str(amount), "currency": "IDR"}
