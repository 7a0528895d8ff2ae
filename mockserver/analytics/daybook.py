"""Per-day tallies of a shop's order book, cached, and forgotten when an order of that day changes.

`day(store, shop_id, d)` counts the orders created on day `d` (shop time zone) — read as views (orders/peek.py), one
at a time, never materialized — into a `Day` (analytics/models.py says which orders count). The cache holds one
`Day` per (shop, day) asked for; the days a request can ask for are bounded by `analytics_max_days`, so memory is
bounded by what was asked, not by the order book. Seeded orders do not change by themselves; an order that does
(placed, paid, cancelled, refunded...) emits an event, the listener notes (shop, order), and the next analytics
request drops that order's day. Past `MAX_NOTED` noted orders the whole cache is dropped instead.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from decimal import Decimal
from typing import TypeVar

from mockserver import events
from mockserver.analytics import content, dates, traffic
from mockserver.analytics.models import Content, Day, Tally
from mockserver.finance.models import REFUND_COMPLETED, Refund
from mockserver.orders import backend, search
from mockserver.orders import models as m
from mockserver.orders.index import MAX_SEQ
from mockserver.orders.models import LineItem
from mockserver.orders.peek import OrderView
from mockserver.store import Store

K = TypeVar("K")
MAX_NOTED = 10_000
WATCHED = frozenset({events.ORDER_CREATED, events.ORDER_STATUS_CHANGED, REFUND_COMPLETED})


def attach(store: Store, *, seed: int, seed_now: int, usd_rate: Decimal, max_days: int) -> None:
    state = store.analytics
    state.seed, state.seed_now, state.usd_rate, state.max_days = seed, seed_now, usd_rate, max_days

    def note(event: events.Event) -> None:
        state = store.analytics  # read through the store: durable state may put a restored one in its place
        if event.type in WATCHED and event.shop_id is not None and state.changed is not None:
            if len(state.changed) >= MAX_NOTED:
                state.changed = None
            else:
                state.changed.append((event.shop_id, str(event.data.get("order_id") or event.subject)))

    store.events.listeners.append(note)


def refresh(store: Store) -> None:
    """Drop the cached days of the orders that changed."""
    state = store.analytics
    if state.changed is None:
        state.days.clear()
        state.changed = []
        return
    for shop_id, order_id in state.changed:
        view = backend.view(store, order_id)
        if view is not None:
            state.days.pop((shop_id, dates.day_of(view.create_time, region(store, shop_id))), None)
    state.changed.clear()


def region(store: Store, shop_id: str) -> str:
    shop = store.shops.get(shop_id)
    return shop.region if shop is not None else "ID"


def day(store: Store, shop_id: str, d: int) -> Day:
    found = store.analytics.days.get((shop_id, d))
    if found is None:
        store.lazy.shop(shop_id)  # its seeded world first, caught up (lazyshops.py): not in the middle of a count
        found = store.analytics.days[(shop_id, d)] = _count(store, shop_id, d)
    return found


def days(store: Store, shop_id: str, start: int, end: int) -> list[Day]:
    return [day(store, shop_id, d) for d in range(start, end)]


def _count(store: Store, shop_id: str, d: int) -> Day:
    r = region(store, shop_id)
    query = search.Query(
        shop_ids=(shop_id,),
        sort_field=search.CREATE,
        descending=False,
        create_ge=dates.day_start(d, r),
        create_lt=dates.day_start(d + 1, r),
    )
    out = Day()
    shop_content = content.content_of(store, shop_id)
    refunds = store.finance.refunds
    for seq in search.search_orders(store, query, MAX_SEQ, None).seqs:
        view = backend.view_at(store, seq)
        _order(store, shop_content, out, view, refunds.get(view.id, ()))
    seed = store.analytics.seed
    for pid in out.products:
        units = {ch: t.units for (p, ch), t in out.product_channels.items() if p == pid}
        for ch, figures in traffic.product_day(seed, pid, d, units).items():
            out.traffic[(pid, ch)] = figures
    return out


def _order(store: Store, shop_content: Content, out: Day, v: OrderView, refunds: Sequence[Refund]) -> None:
    out.refunds += sum((r.total for r in refunds), Decimal(0))
    if v.status == m.CANCELLED:
        out.cancelled_items += len(v.line_items)
        return
    out.refunded_items += sum(len(r.lines) for r in refunds)
    attributed = {
        p: content.attribute(store, shop_content, v.id, v.create_time, p)
        for p in dict.fromkeys(li.product_id for li in v.line_items)
    }
    for cid in {c for _, c in attributed.values() if c is not None}:
        skus = {li.sku_id for li in v.line_items if attributed[li.product_id][1] == cid}
        out.content_created[cid] = out.content_created.get(cid, 0) + len(skus)
    if v.status == m.UNPAID:
        return
    items = list(v.line_items)
    _tally(out.shop, v, items)
    for li in items:
        out.sku_product[li.sku_id] = li.product_id
        out.product_names[li.product_id] = li.product_name
    for key, group in _groups(items, lambda li: attributed[li.product_id][0]).items():
        _tally(out.channels.setdefault(key, Tally()), v, group)
    for key, group in _groups(items, lambda li: li.product_id).items():
        _tally(out.products.setdefault(key, Tally()), v, group)
    for key, group in _groups(items, lambda li: li.sku_id).items():
        _tally(out.skus.setdefault(key, Tally()), v, group)
    for pair, group in _groups(items, lambda li: (li.product_id, attributed[li.product_id][0])).items():
        _tally(out.product_channels.setdefault(pair, Tally()), v, group)
    for pair, group in _groups(items, lambda li: (li.sku_id, attributed[li.product_id][0])).items():
        _tally(out.sku_channels.setdefault(pair, Tally()), v, group)
    sold = [li for li in items if attributed[li.product_id][1] is not None]
    for cid, group in _groups(sold, lambda li: str(attributed[li.product_id][1])).items():
        _tally(out.content.setdefault(cid, Tally()), v, group)
    for cpair, group in _groups(sold, lambda li: (str(attributed[li.product_id][1]), li.product_id)).items():
        _tally(out.content_products.setdefault(cpair, Tally()), v, group)


def _groups(items: list[LineItem], by: Callable[[LineItem], K]) -> dict[K, list[LineItem]]:
    out: dict[K, list[LineItem]] = {}
    for li in items:
        out.setdefault(by(li), []).append(li)
    return out


def _tally(t: Tally, v: OrderView, items: list[LineItem]) -> None:
    t.orders += 1
    t.units += len(items)
    t.sku_orders += len({li.sku_id for li in items})
    t.gmv += sum((Decimal(li.original_price) - Decimal(li.seller_discount) for li in items), Decimal(0))
    t.buyers.add(v.buyer_user_id)
