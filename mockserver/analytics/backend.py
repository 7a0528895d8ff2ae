"""The analytics queries both the Partner API and tests call: figures for a shop, its products, SKUs, videos and
LIVE sessions over a date range, summed from the per-day tallies of the order book (daybook.py).

Amounts come back as `Money` in the requested currency: LOCAL (the shop's, IDR) or USD at the fixed
`analytics_usd_rate` (GUESS). Lists page by page number (`page_token` is base64 of "page_number=N", the form of
the official examples). Errors are neutral (`InvalidDates`, `InvalidParameter`, `NotFound`).
"""

from __future__ import annotations

import base64
import binascii
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from mockserver.analytics import content, dates, daybook, traffic
from mockserver.analytics.dates import Range
from mockserver.analytics.models import (
    AFFILIATE,
    CHANNELS,
    MARKETING,
    OFFICIAL,
    Day,
    InvalidParameter,
    LiveSession,
    NotFound,
    Tally,
    Video,
)
from mockserver.catalog.skus import CURRENCY
from mockserver.finance import feed
from mockserver.store import Store

CURRENCIES = ("LOCAL", "USD")
VIDEO_ACCOUNTS = {"ALL": None, "LINKED_ACCOUNTS": (OFFICIAL, MARKETING), "AFFILIATES": (AFFILIATE,)}
LIVE_ACCOUNTS = {
    "ALL": None,
    "OFFICIAL_ACCOUNTS": (OFFICIAL,),
    "MARKETING_ACCOUNTS": (MARKETING,),
    "AFFILIATE_ACCOUNTS": (AFFILIATE,),
}


@dataclass(frozen=True)
class Money:
    amount: Decimal
    currency: str


@dataclass
class Figures:
    """One interval of a shop's, product's or SKU's figures; `*_by` are the LIVE / VIDEO / PRODUCT_CARD parts."""

    start: int
    end: int
    gmv: Money
    gmv_by: dict[str, Money]
    orders: int
    units: int
    units_by: dict[str, int]
    sku_orders: int
    buyers: int
    buyers_by: dict[str, int]
    impressions: int
    impressions_by: dict[str, int]
    page_views: int
    page_views_by: dict[str, int]
    avg_visitors: int
    avg_visitors_by: dict[str, int]
    ctr: Decimal
    ctr_by: dict[str, Decimal]
    refunds: Money
    cancellations_and_returns: int
    avg_order_value: Money


@dataclass
class Page:
    rows: list[Any]
    total: int
    next_token: str


@dataclass
class Ask:
    """What a request asks for: the shop, the range, the currency (and for lists a page)."""

    shop_id: str
    range: Range
    currency: str
    today: int
    local: str = "IDR"
    usd_rate: Decimal = field(default_factory=lambda: Decimal(16000))

    def money(self, amount: Decimal) -> Money:
        if self.currency == "USD":
            return Money((amount / self.usd_rate).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP), "USD")
        return Money(amount, self.local)

    @property
    def latest(self) -> str:
        """`latest_available_date`: the mock's figures are live, so today (shop time zone)."""
        return dates.iso(self.today)


def ask(
    store: Store, shop_id: str, now: int, start: str, end: str, currency: str | None, granularity: str | None = None
) -> Ask:
    """Validate the common parameters and bring the tallies up to date (finance's refunds included)."""
    state = store.analytics
    rng = dates.parse_range(start, end, state.max_days, granularity)
    cur = currency or "LOCAL"
    if cur not in CURRENCIES:
        raise InvalidParameter("currency is invalid.", name="currency")
    feed.sync(store, now)
    daybook.refresh(store)
    region = daybook.region(store, shop_id)
    return Ask(shop_id, rng, cur, dates.day_of(now, region), CURRENCY.get(region, "IDR"), state.usd_rate)


def choice(value: str | None, allowed: Iterable[str], default: str, name: str) -> str:
    got = value or default
    if got not in allowed:
        raise InvalidParameter(f"{name} is invalid.", name=name)
    return got


# --- shop, product, SKU ---------------------------------------------------------------------------------------
Pick = Callable[[Day], tuple[Tally | None, dict[str, Tally], list[tuple[str, str]]]]


def shop_pick(day: Day) -> tuple[Tally | None, dict[str, Tally], list[tuple[str, str]]]:
    return day.shop, day.channels, list(day.traffic)


def product_pick(product_id: str) -> Pick:
    def pick(day: Day) -> tuple[Tally | None, dict[str, Tally], list[tuple[str, str]]]:
        by = {ch: t for (p, ch), t in day.product_channels.items() if p == product_id}
        return day.products.get(product_id), by, [k for k in day.traffic if k[0] == product_id]

    return pick


def sku_pick(sku_id: str) -> Pick:
    def pick(day: Day) -> tuple[Tally | None, dict[str, Tally], list[tuple[str, str]]]:
        by = {ch: t for (s, ch), t in day.sku_channels.items() if s == sku_id}
        return day.skus.get(sku_id), by, []

    return pick


def figures(store: Store, a: Ask, pick: Pick, start: int, end: int) -> Figures:
    total, by = Tally(), {ch: Tally() for ch in CHANNELS}
    traffic_sum: dict[str, list[int]] = {ch: [0, 0, 0] for ch in CHANNELS}
    refunds, cancelled = Decimal(0), 0
    for day in daybook.days(store, a.shop_id, start, end):
        t, channels, keys = pick(day)
        if t is not None:
            total.add(t)
        for ch, ct in channels.items():
            by[ch].add(ct)
        for k in keys:
            imp, views, visitors = day.traffic[k]
            acc = traffic_sum[k[1]]
            acc[0], acc[1], acc[2] = acc[0] + imp, acc[1] + views, acc[2] + visitors
        if pick is shop_pick:
            refunds += day.refunds
            cancelled += day.cancelled_items + day.refunded_items
    n = max(1, end - start)
    imp_by = {ch: traffic_sum[ch][0] for ch in CHANNELS}
    views_by = {ch: traffic_sum[ch][1] for ch in CHANNELS}
    aov = total.gmv / total.orders if total.orders else Decimal(0)
    return Figures(
        start=start,
        end=end,
        gmv=a.money(total.gmv),
        gmv_by={ch: a.money(by[ch].gmv) for ch in CHANNELS},
        orders=total.orders,
        units=total.units,
        units_by={ch: by[ch].units for ch in CHANNELS},
        sku_orders=total.sku_orders,
        buyers=len(total.buyers),
        buyers_by={ch: len(by[ch].buyers) for ch in CHANNELS},
        impressions=sum(imp_by.values()),
        impressions_by=imp_by,
        page_views=sum(views_by.values()),
        page_views_by=views_by,
        avg_visitors=sum(traffic_sum[ch][2] for ch in CHANNELS) // n,
        avg_visitors_by={ch: traffic_sum[ch][2] // n for ch in CHANNELS},
        ctr=traffic.ratio(sum(views_by.values()), sum(imp_by.values())),
        ctr_by={ch: traffic.ratio(views_by[ch], imp_by[ch]) for ch in CHANNELS},
        refunds=a.money(refunds),
        cancellations_and_returns=cancelled,
        avg_order_value=a.money(aov.quantize(Decimal(1), rounding=ROUND_HALF_UP) if a.local == "IDR" else aov),
    )


def performance(store: Store, a: Ask, pick: Pick, with_comparison: bool) -> tuple[list[Figures], list[Figures]]:
    """Intervals of the range (and of the period before it, when asked)."""
    now = [figures(store, a, pick, s, e) for s, e in a.range.intervals()]
    before = [figures(store, a, pick, s, e) for s, e in a.range.previous().intervals()] if with_comparison else []
    return now, before


def require_product(store: Store, shop_id: str, product_id: str) -> None:
    if product_id not in store.products_by_shop.get(shop_id, {}):
        raise NotFound("product", what="product")


def require_sku(store: Store, shop_id: str, sku_id: str) -> str:
    """The SKU's product id."""
    sku = store.skus.get(sku_id)
    if sku is None or sku.product_id not in store.products_by_shop.get(shop_id, {}):
        raise NotFound("sku", what="sku")
    return sku.product_id


@dataclass
class Row:
    id: str
    gmv: Money
    orders: int = 0
    units: int = 0
    sku_orders: int = 0
    ctr: Decimal = field(default_factory=Decimal)
    product_id: str = ""
    name: str = ""
    daily_avg_buyers: Decimal = field(default_factory=Decimal)
    extra: dict[str, Any] = field(default_factory=dict)


def _sum(days: Sequence[Day], table: Callable[[Day], dict[Any, Tally]]) -> dict[Any, Tally]:
    out: dict[Any, Tally] = {}
    for day in days:
        for k, t in table(day).items():
            out.setdefault(k, Tally()).add(t)
    return out


def product_rows(store: Store, a: Ask) -> list[Row]:
    days = daybook.days(store, a.shop_id, a.range.start, a.range.end)
    views: dict[str, list[int]] = {}
    for day in days:
        for (pid, _), (imp, pv, _v) in day.traffic.items():
            acc = views.setdefault(pid, [0, 0])
            acc[0], acc[1] = acc[0] + imp, acc[1] + pv
    rows = []
    for pid, t in _sum(days, lambda d: d.products).items():
        imp, pv = views.get(pid, [0, 0])
        rows.append(Row(pid, a.money(t.gmv), orders=t.orders, units=t.units, ctr=traffic.ratio(pv, imp)))
    return rows


def sku_rows(store: Store, a: Ask, product_id: str | None) -> list[Row]:
    days = daybook.days(store, a.shop_id, a.range.start, a.range.end)
    owner = {s: p for d in days for s, p in d.sku_product.items()}
    rows = []
    for sid, t in _sum(days, lambda d: d.skus).items():
        if product_id is None or owner.get(sid) == product_id:
            rows.append(Row(sid, a.money(t.gmv), sku_orders=t.orders, units=t.units, product_id=owner.get(sid, "")))
    return rows


# --- videos and LIVE sessions -------------------------------------------------------------------------------
def videos(store: Store, shop_id: str, account: str | None) -> list[Video]:
    kinds = VIDEO_ACCOUNTS[choice(account, VIDEO_ACCOUNTS, "ALL", "account_type")]
    return [v for v in content.content_of(store, shop_id).videos if kinds is None or v.account_type in kinds]


def require_video(store: Store, shop_id: str, video_id: str) -> Video:
    found = next((v for v in content.content_of(store, shop_id).videos if v.id == video_id), None)
    if found is None:
        raise NotFound("video", what="video")
    return found


def video_figures(store: Store, a: Ask, video: Video, start: int, end: int) -> dict[str, Any]:
    region = daybook.region(store, a.shop_id)
    post_day = dates.day_of(video.post_time, region)
    sold, views, clicks, buyers_daily = Tally(), 0, 0, 0
    seed = store.analytics.seed
    for d in range(start, end):
        day = daybook.day(store, a.shop_id, d) if d >= post_day else None
        t = day.content.get(video.id) if day is not None else None
        v = traffic.video_views(video, d, post_day)
        views += v
        clicks += traffic.video_clicks(seed, video, d, v, t)
        if t is not None:
            sold.add(t)
            buyers_daily += len(t.buyers)
    return {
        "gmv": a.money(sold.gmv),
        "sku_orders": sold.sku_orders,
        "units": sold.units,
        "views": views,
        "clicks": clicks,
        "ctr": traffic.ratio(clicks, views),
        "daily_avg_buyers": traffic.ratio(buyers_daily, max(1, end - start), 2),
    }


def video_rows(store: Store, a: Ask, account: str | None) -> list[Row]:
    """The videos posted before the range ends, with their figures over it (Row.extra: figures and the video)."""
    end = dates.day_start(a.range.end, daybook.region(store, a.shop_id))
    rows = []
    for v in videos(store, a.shop_id, account):
        if v.post_time < end:
            f = video_figures(store, a, v, a.range.start, a.range.end)
            rows.append(Row(v.id, f["gmv"], extra=f | {"video": v}))
    return rows


def video_overview(store: Store, a: Ask, account: str | None, start: int, end: int) -> dict[str, Any]:
    total, sku_orders, units, clicks, views = Decimal(0), 0, 0, 0, 0
    for v in videos(store, a.shop_id, account):
        f = video_figures(store, a, v, start, end)
        total += f["gmv"].amount
        sku_orders += f["sku_orders"]
        units += f["units"]
        clicks += f["clicks"]
        views += f["views"]
    gmv = Money(total, a.money(Decimal(0)).currency)
    return {"gmv": gmv, "sku_orders": sku_orders, "units": units, "ctr": traffic.ratio(clicks, views)}


def video_engagement(store: Store, a: Ask, video: Video) -> dict[str, int]:
    """Totals since the video was posted, through today."""
    return traffic.engagement(store.analytics.seed, video, video_total_views(store, a.shop_id, video, a.today))


def live_rows(store: Store, a: Ask, account: str | None) -> list[Row]:
    rows = []
    for s in lives(store, a, account):
        f = live_figures(store, a, s)
        rows.append(Row(s.id, f["gmv"], extra=f | {"live": s}))
    return rows


def video_total_views(store: Store, shop_id: str, video: Video, today: int) -> int:
    post_day = dates.day_of(video.post_time, daybook.region(store, shop_id))
    return sum(traffic.video_views(video, d, post_day) for d in range(post_day, today + 1))


def video_product_rows(store: Store, a: Ask, video: Video) -> list[Row]:
    days = daybook.days(store, a.shop_id, a.range.start, a.range.end)
    names: dict[str, str] = {}
    for d in days:
        names.update(d.product_names)
    rows = []
    n = max(1, a.range.days)
    for pid in video.product_ids:
        t = Tally()
        daily = 0
        for d in days:
            got = d.content_products.get((video.id, pid))
            if got is not None:
                t.add(got)
                daily += len(got.buyers)
        name = names.get(pid) or (store.products[pid].title if pid in store.products else "")
        rows.append(Row(pid, a.money(t.gmv), units=t.units, name=name, daily_avg_buyers=traffic.ratio(daily, n, 2)))
    return rows


def lives(store: Store, a: Ask, account: str | None) -> list[LiveSession]:
    kinds = LIVE_ACCOUNTS[choice(account, LIVE_ACCOUNTS, "ALL", "account_type")]
    region = daybook.region(store, a.shop_id)
    lo, hi = dates.day_start(a.range.start, region), dates.day_start(a.range.end, region)
    return [
        s
        for s in content.content_of(store, a.shop_id).lives
        if lo <= s.start_time < hi and (kinds is None or s.account_type in kinds)
    ]


def live_figures(store: Store, a: Ask, live: LiveSession) -> dict[str, Any]:
    region = daybook.region(store, a.shop_id)
    sold, created, products = Tally(), 0, set()
    for d in range(dates.day_of(live.start_time, region), dates.day_of(live.end_time, region) + 1):
        day = daybook.day(store, a.shop_id, d)
        t = day.content.get(live.id)
        if t is not None:
            sold.add(t)
        created += day.content_created.get(live.id, 0)
        products |= {p for (cid, p) in day.content_products if cid == live.id}
    inter = traffic.live_interaction(store.analytics.seed, live, sold)
    avg = sold.gmv / sold.units if sold.units else Decimal(0)
    return {
        "gmv": a.money(sold.gmv),
        "products_added": len(live.product_ids),
        "different_products_sold": len(products),
        "created_sku_orders": max(created, sold.sku_orders),
        "sku_orders": sold.sku_orders,
        "units": sold.units,
        "customers": len(sold.buyers),
        "buyers": sold.buyers,
        "avg_price": a.money(avg.quantize(Decimal(1), rounding=ROUND_HALF_UP) if a.local == "IDR" else avg),
        "click_to_order_rate": traffic.percent(sold.sku_orders, inter["product_clicks"]),
        "24h_live_gmv": a.money(sold.gmv),
        "interaction": inter,
        "with_interaction": live.account_type in (OFFICIAL, MARKETING),
    }


def live_overview(store: Store, a: Ask, account: str | None, start: int, end: int) -> dict[str, Any]:
    sub = Ask(a.shop_id, Range(start, end), a.currency, a.today, a.local, a.usd_rate)
    gmv, sku_orders, units, clicks, views = Decimal(0), 0, 0, 0, 0
    buyers: set[str] = set()
    for s in lives(store, sub, account):
        f = live_figures(store, sub, s)
        gmv += f["gmv"].amount
        sku_orders += f["sku_orders"]
        units += f["units"]
        buyers |= f["buyers"]
        clicks += f["interaction"]["product_clicks"]
        views += f["interaction"]["views"]
    return {
        "gmv": Money(gmv, a.money(Decimal(0)).currency),
        "sku_orders": sku_orders,
        "customers": len(buyers),
        "units": units,
        "click_to_order_rate": traffic.percent(sku_orders, clicks),
        "click_through_rate": traffic.percent(clicks, views),
    }


# --- paging -----------------------------------------------------------------------------------------------------
def page(rows: list[Row], key: Callable[[Row], Any], descending: bool, size: int, token: str | None) -> Page:
    """Sorted rows (ties by id), one page; tokens are base64 "page_number=N" (official example form)."""
    number = _page_number(token) if token else 1
    ordered = sorted(rows, key=lambda r: r.id)
    ordered.sort(key=key, reverse=descending)
    chunk = ordered[(number - 1) * size : number * size]
    more = number * size < len(ordered)
    next_token = base64.b64encode(f"page_number={number + 1}".encode()).decode() if more else ""
    return Page(chunk, len(ordered), next_token)


def _page_number(token: str) -> int:
    try:
        text = base64.b64decode(token.encode(), validate=True).decode()
    except (binascii.Error, UnicodeError, ValueError):
        raise InvalidParameter("page_token is invalid.", name="page_token") from None
    name, _, value = text.partition("=")
    if name != "page_number" or not value.isdigit() or int(value) < 1 or len(value) > 9:
        raise InvalidParameter("page_token is invalid.", name="page_token")
    return int(value)
