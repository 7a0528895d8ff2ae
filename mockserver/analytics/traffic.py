"""Traffic figures — impressions, page views, visitors, video views, LIVE audiences — that the order book cannot
know, drawn deterministically (seed, what, day) and tied to the sales they led to: a product with sales has page
views in proportion to its units, impressions in proportion to its page views; a video's views decay from its post
day; a LIVE's interaction figures follow its audience. Same seed, same numbers."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

from mockserver.analytics.models import CHANNELS, LiveSession, Tally, Video
from mockserver.finance.naming import number

DAY = 86400


def split(total: int, weights: dict[str, int]) -> dict[str, int]:
    """`total` over the channels in proportion to `weights`, in whole numbers that add up (largest remainder)."""
    whole = sum(weights.get(c, 0) for c in CHANNELS)
    if whole == 0:
        return {c: 0 for c in CHANNELS} | ({CHANNELS[-1]: total} if total else {})
    exact = {c: total * weights.get(c, 0) / whole for c in CHANNELS}
    out = {c: int(v) for c, v in exact.items()}
    for c in sorted(CHANNELS, key=lambda c: -(exact[c] - out[c]))[: total - sum(out.values())]:
        out[c] += 1
    return out


def product_day(seed: int, product_id: str, day: int, units: dict[str, int]) -> dict[str, tuple[int, int, int]]:
    """(impressions, page views, visitors) per channel of a product on a day it sold `units` (by channel)."""
    n = number(seed, "traffic", product_id, day, modulo=1 << 40)
    sold = sum(units.values())
    views = sold * (5 + n % 8) + (n >> 3) % 3
    impressions = views * (15 + (n >> 5) % 25)
    visitors = (views * 3 + 3) // 4
    v, i, u = split(views, units), split(impressions, units), split(visitors, units)
    return {c: (i[c], v[c], u[c]) for c in CHANNELS}


def ratio(part: int, whole: int, places: int = 4) -> Decimal:
    if whole <= 0:
        return Decimal(0).quantize(Decimal(1).scaleb(-places))
    return (Decimal(part) / Decimal(whole)).quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)


def percent(part: int, whole: int) -> str:
    """ "13.99%" (the LIVE operations' form)."""
    return f"{ratio(part * 100, whole, 2).normalize():f}%" if whole > 0 else "0%"


def video_views(video: Video, day: int, post_day: int) -> int:
    """Views on `day`: the video's reach, decaying by 30 % a day from its post day."""
    if day < post_day:
        return 0
    return int(video.reach * 0.7 ** (day - post_day))


def video_clicks(seed: int, video: Video, day: int, views: int, sold: Tally | None) -> int:
    units = sold.units if sold is not None else 0
    base = units * 3 + number(seed, "video-clicks", video.id, day, modulo=1 + views // 40)
    return min(views, base)


def engagement(seed: int, video: Video, total_views: int) -> dict[str, int]:
    n = number(seed, "engagement", video.id, modulo=1 << 40)
    return {
        "likes": total_views * (3 + n % 6) // 100,
        "shares": total_views // (60 + (n >> 4) % 40),
        "comments": total_views // (30 + (n >> 10) % 30),
        "views": total_views,
    }


def live_interaction(seed: int, live: LiveSession, sold: Tally) -> dict[str, int]:
    n = number(seed, "live", live.id, modulo=1 << 48)
    viewers = live.audience
    views = viewers * (12 + n % 14) // 10
    pcu = max(1, viewers // (3 + (n >> 4) % 4))
    impressions = views * (40 + (n >> 8) % 30) // 100
    clicks = max(sold.sku_orders * 2, impressions * (6 + (n >> 14) % 10) // 100)
    return {
        "acu": max(1, pcu // 2),
        "pcu": pcu,
        "viewers": viewers,
        "views": views,
        "avg_viewing_duration": 30 + (n >> 18) % 150,
        "comments": views // (8 + (n >> 26) % 10),
        "shares": views // (40 + (n >> 30) % 30),
        "likes": views * (2 + (n >> 35) % 5),
        "new_followers": viewers // (25 + (n >> 38) % 25),
        "product_impressions": impressions,
        "product_clicks": clicks,
    }
