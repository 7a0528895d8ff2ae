"""What the inspector shows, gathered under the store lock from the areas' own read functions. No HTTP here.

Every list is a bounded page: the newest `JOURNAL` requests (of the last `SCANNED`, page assets left out), `EVENTS`
events and `DELIVERIES` deliveries, `PRODUCTS` products and `ORDERS` orders of one page (orders come from the same
time-index search the Order API uses, read through `orders/peek.py` views, so a lazy seeded order is never
materialized by looking at it).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from itertools import islice
from typing import Any

from mockserver.control.backend import describe_apps, describe_clock
from mockserver.control.journal import Reader
from mockserver.delivery.engine import DeliveryEngine
from mockserver.journal import Filter
from mockserver.orders import peek
from mockserver.orders.search import UPDATE, InvalidPageToken, Query, search_orders
from mockserver.runtime import Mock

#: Page sizes: the most rows each section renders.
PRODUCTS = 20
ORDERS = 20
JOURNAL = 50
EVENTS = 50
#: The journal section skips the pages' asset loads (stylesheets, scripts): it looks at most this many entries back.
SCANNED = 4 * JOURNAL
DELIVERIES = 30
#: The highest product page a query may ask for (a page past the end is empty, never an error).
MAX_PAGE = 100_000


@dataclass(frozen=True)
class Wanted:
    """The page's query: which shop, which page of its products, which page of orders (a search page token)."""

    shop_id: str = ""
    products_page: int = 0
    orders_token: str = ""


@dataclass
class Gathered:
    apps: list[dict[str, Any]]
    shop_id: str
    products: list[dict[str, Any]]
    products_total: int
    orders: list[dict[str, Any]]
    orders_total: int
    orders_next: str
    journal: list[dict[str, Any]]
    journal_last: int
    events: list[dict[str, Any]]
    deliveries: list[dict[str, Any]]
    clock: dict[str, Any]
    faults: list[dict[str, Any]]
    stats: dict[str, Any] = field(default_factory=dict)


def gather(mock: Mock, engine: DeliveryEngine, reader: Reader, wanted: Wanted) -> Gathered:
    store = mock.store
    with store.lock:
        mock.catch_up()
        apps = describe_apps(mock)["apps"]
        shop_id = wanted.shop_id if wanted.shop_id in store.shops else next(iter(store.shops), "")
        products, products_total = _products(mock, shop_id, wanted.products_page)
        orders, orders_total, orders_next = _orders(mock, shop_id, wanted.orders_token)
        events = [e.as_dict() for e in store.events.query(since=max(0, store.events.last_seq - EVENTS), limit=EVENTS)]
        clock = describe_clock(mock)
    journal = mock.journal
    recent = journal.query(Filter(since=max(0, journal.last_seq - SCANNED)))
    entries = reader.reveal([e for e in recent if e["operation"] != "asset"][-JOURNAL:])
    deliveries = [d.as_dict(with_request=False) for d in engine.deliveries()[-DELIVERIES:]]
    return Gathered(
        apps=apps,
        shop_id=shop_id,
        products=products,
        products_total=products_total,
        orders=orders,
        orders_total=orders_total,
        orders_next=orders_next,
        journal=entries[::-1],
        journal_last=journal.last_seq,
        events=events[::-1],
        deliveries=deliveries[::-1],
        clock=clock,
        faults=[r.describe() for r in mock.faults.rules],
        stats=engine.stats(),
    )


def _products(mock: Mock, shop_id: str, page: int) -> tuple[list[dict[str, Any]], int]:
    store = mock.store
    ids = store.products_by_shop.get(shop_id, {})
    start = min(page, MAX_PAGE) * PRODUCTS
    rows = []
    for product_id in islice(ids, start, start + PRODUCTS):
        p = store.products[product_id]
        skus = [
            {
                "id": s.id,
                "seller_sku": s.seller_sku,
                "price": f"{s.price.amount} {s.price.currency}",
                "available": sum(st.available for st in s.inventory.values()),
                "committed": sum(st.committed for st in s.inventory.values()),
            }
            for s in p.skus
        ]
        rows.append({"id": p.id, "title": p.title, "statuses": dict(p.statuses), "skus": skus})
    return rows, len(ids)


def _orders(mock: Mock, shop_id: str, token: str) -> tuple[list[dict[str, Any]], int, str]:
    store = mock.store
    query = Query(shop_ids=(shop_id,), sort_field=UPDATE, descending=True)
    try:
        page = search_orders(store, query, ORDERS, token or None)
    except InvalidPageToken:  # a stale or edited link: start from the newest
        page = search_orders(store, query, ORDERS, None)
    rows = []
    for seq in page.seqs:
        v = peek.view_at(store, seq)
        rows.append(
            {
                "id": v.id,
                "status": v.status,
                "create_time": v.create_time,
                "items": len(v.line_items),  # one line item per unit
                "product": v.line_items[0].product_name if v.line_items else "",
                "total": f"{v.payment.total_amount} {v.payment.currency}",
            }
        )
    return rows, page.total_count, page.next_page_token
