"""A shop's seeded videos and LIVE sessions, and which of them sold each unit of an order.

Content is drawn from the seed and the shop (built on first use, the same whenever): over the `CONTENT_DAYS` before
the seeding day, a shoppable video every few days and an evening LIVE (19:00 WIB) every few days, each featuring a
few of the shop's first products (the ones its seeded orders sell).

Attribution (the same for a unit every time it is counted): a unit of product P in an order created at t was sold
by a LIVE running at t that features P (with probability LIVE_SHARE), else by a video featuring P posted in the
fortnight before t (VIDEO_SHARE), else from the product card. Channel figures are sums over attributed units, so
LIVE + VIDEO + PRODUCT_CARD = the total, and a video's GMV is part of its products' VIDEO breakdown.
"""

from __future__ import annotations

import random
from bisect import bisect_right

from mockserver.analytics import dates
from mockserver.analytics.models import (
    AFFILIATE,
    LIVE,
    MARKETING,
    OFFICIAL,
    PRODUCT_CARD,
    VIDEO,
    Content,
    LiveSession,
    Video,
)
from mockserver.finance.naming import ident, unit
from mockserver.store import Store

DAY = 86400
CONTENT_DAYS = 120
VIDEO_WINDOW = 14 * DAY
LIVE_SHARE = 0.6
VIDEO_SHARE = 0.35
FEATURED_FROM = 40  # a content features products among the shop's first FEATURED_FROM
CREATORS = ("kak.nadia.review", "rianunboxing", "dapurbunda_id", "sobat.hemat", "tia.beauty", "gadget.jujur")
VIDEO_TITLES = (
    "Review jujur {p}",
    "Unboxing {p} — worth it?",
    "3 alasan wajib punya {p}",
    "Cara pakai {p} biar awet",
    "{p} lagi diskon, cek keranjang kuning!",
)
LIVE_TITLES = ("Live Promo Gajian", "Flash Sale Malam Ini", "Serba Hemat Live", "Live Spesial Pelanggan Setia")


def content_of(store: Store, shop_id: str) -> Content:
    state = store.analytics
    found = state.content.get(shop_id)
    if found is None:
        found = state.content[shop_id] = _seed(store, shop_id)
    return found


def _seed(store: Store, shop_id: str) -> Content:
    state = store.analytics
    rng = random.Random(f"analytics-content:{state.seed}:{shop_id}")
    products = list(store.products_by_shop.get(shop_id, {}))[:FEATURED_FROM]
    if not products:
        return Content((), ())
    shop = store.shops.get(shop_id)
    handle = "".join(ch for ch in (shop.name if shop else "toko").lower() if ch.isalnum())[:20] or "toko"
    region = shop.region if shop else "ID"
    first_day = dates.day_of(state.seed_now, region) - CONTENT_DAYS
    videos: list[Video] = []
    lives: list[LiveSession] = []
    for day in range(first_day, first_day + CONTENT_DAYS + 1):
        start = dates.day_start(day, region)  # 00:00 in the shop's zone
        if rng.random() < 0.4:
            picks = tuple(rng.sample(products, min(len(products), rng.randint(1, 3))))
            account, name = _account(rng, handle)
            title = rng.choice(VIDEO_TITLES).format(p=store.products[picks[0]].title[:40])
            post = start + rng.randrange(8 * 3600, 22 * 3600)
            if post <= state.seed_now:
                n = len(videos)
                vid = ident(state.seed, "video", shop_id, n, first="72")
                videos.append(Video(vid, title, name, account, post, picks, rng.randrange(300, 20_000)))
        if rng.random() < 0.3:
            picks = tuple(rng.sample(products, min(len(products), rng.randint(3, 8))))
            account, name = _account(rng, handle)
            begin = start + 19 * 3600 + rng.choice((0, 1800, 3600))
            end = begin + rng.randrange(5400, 3 * 3600 + 1, 300)
            if end <= state.seed_now:
                lid = ident(state.seed, "live", shop_id, len(lives), first="75")
                title = rng.choice(LIVE_TITLES)
                lives.append(LiveSession(lid, title, name, account, begin, end, picks, rng.randrange(200, 8_000)))
    return Content(tuple(videos), tuple(lives), tuple(lv.start_time for lv in lives))


def _account(rng: random.Random, handle: str) -> tuple[str, str]:
    draw = rng.random()
    if draw < 0.5:
        return OFFICIAL, handle
    if draw < 0.7:
        return MARKETING, f"{handle}.promo"
    return AFFILIATE, rng.choice(CREATORS)


def attribute(store: Store, content: Content, order_id: str, t: int, product_id: str) -> tuple[str, str | None]:
    """(channel, content id) of a unit of `product_id` in the order created at `t`."""
    seed = store.analytics.seed
    lives = content.lives
    i = bisect_right(content.live_starts, t) - 1
    if i >= 0 and lives[i].start_time <= t < lives[i].end_time and product_id in lives[i].product_ids:
        if unit(seed, "live", order_id, product_id) < LIVE_SHARE:
            return LIVE, lives[i].id
    recent = [v for v in content.videos if t - VIDEO_WINDOW <= v.post_time <= t and product_id in v.product_ids]
    if recent and unit(seed, "video", order_id, product_id) < VIDEO_SHARE:
        pick = recent[int(unit(seed, "which", order_id, product_id) * len(recent))]
        return VIDEO, pick.id
    return PRODUCT_CARD, None
