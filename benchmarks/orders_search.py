"""Order-search latency and memory at 1k, 100k and 1M orders in one shop (a script, not a test).

    python benchmarks/orders_search.py [--sizes 1000,100000,1000000] [--repeat 20]

For each size: how long seeding the shop takes, the process memory it adds (RSS), and the latency of typical
Get Order List calls, both in the backend (search + rendering the page) and end to end (signed request through the
in-process app). Numbers are medians over --repeat runs.
"""

from __future__ import annotations

import argparse
import gc
import statistics
import time
import warnings
from collections.abc import Callable
from typing import Any

from mockserver import Settings, create_app
from mockserver.orders import backend, search
from mockserver.orders.seed import seed_shop
from mockserver.partner.orders import render
from mockserver.testing import PartnerClient

DAY = 86400


def rss_mb() -> float:
    with open("/proc/self/statm") as f:
        pages = int(f.read().split()[1])
    return pages * 4096 / 2**20


def median_ms(fn: Callable[[], Any], repeat: int) -> float:
    fn()  # warm: materializes the page's orders once, like a client reading the same page again
    times = []
    for _ in range(repeat):
        t = time.perf_counter()
        fn()
        times.append((time.perf_counter() - t) * 1000)
    return statistics.median(times)


def run(size: int, repeat: int) -> None:
    app = create_app(Settings(seed=7, orders_per_shop=0, catalog_size=50))
    mock = app.state.mock
    store = mock.store
    shop = store.shops[mock.refs.shops["migrated"]]
    gc.collect()
    before = rss_mb()
    t = time.perf_counter()
    block = seed_shop(store, shop, 7, size, mock.clock.now_s())
    seed_s = time.perf_counter() - t
    gc.collect()
    grown = rss_mb() - before
    assert block is not None
    now = mock.clock.now_s()
    url = "http://bench"

    def page(q: search.Query, size: int = 100) -> None:
        result = search.search_orders(store, q, size, None)
        [render.order(store, backend.order_at(store, s), url) for s in result.seqs]

    base = (shop.id,)
    queries: dict[str, Callable[[], None]] = {
        "newest 100, no filter": lambda: page(search.Query(base)),
        "status=COMPLETED": lambda: page(search.Query(base, status="COMPLETED")),
        "status=AWAITING_SHIPMENT": lambda: page(search.Query(base, status="AWAITING_SHIPMENT")),
        "created in a 7-day window (days 20-27 ago)": lambda: page(
            search.Query(base, create_ge=now - 27 * DAY, create_lt=now - 20 * DAY)
        ),
        "updated last 24 h, by update_time ASC": lambda: page(
            search.Query(base, sort_field=search.UPDATE, descending=False, update_ge=now - DAY)
        ),
        "shipping_type=SELLER (post-filter, count cached)": lambda: page(search.Query(base, shipping_type="SELLER")),
    }
    print(
        f"\n== {size:,} orders: seeded in {seed_s * 1000:.0f} ms, +{grown:.0f} MB RSS "
        f"({grown * 2**20 / size:.0f} B/order)"
    )
    for name, fn in queries.items():
        print(f"  backend  {name:52s} {median_ms(fn, repeat):8.2f} ms")

    def uncached_filter_count() -> None:
        store.order_book.changed()  # drop the count cache, as any write does
        page(search.Query(base, shipping_type="SELLER"))

    print(
        f"  backend  {'shipping_type=SELLER after a write (count rescan)':52s} "
        f"{median_ms(uncached_filter_count, max(3, repeat // 5)):8.2f} ms"
    )
    client = PartnerClient.in_process(app)

    def http_page() -> None:
        r = client.post("/order/202309/orders/search", query={"page_size": 100}, json={})
        assert r.status_code == 200 and r.json()["code"] == 0

    token_box: dict[str, str] = {}

    def http_next() -> None:
        q = {"page_size": 100, **({"page_token": token_box["t"]} if token_box.get("t") else {})}
        r = client.post("/order/202309/orders/search", query=q, json={"order_status": "COMPLETED"})
        token_box["t"] = r.json()["data"]["next_page_token"]

    print(f"  http     {'POST /order/202309/orders/search page_size=100':52s} {median_ms(http_page, repeat):8.2f} ms")
    print(f"  http     {'next_page_token walk (COMPLETED), per page':52s} {median_ms(http_next, repeat):8.2f} ms")
    mock.reset()


def main() -> None:
    warnings.filterwarnings("ignore", message=".*httpx.*")
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default="1000,100000,1000000")
    parser.add_argument("--repeat", type=int, default=20)
    args = parser.parse_args()
    create_app(Settings(seed=1))  # imports and schema compilation, once
    t = time.perf_counter()
    app = create_app(Settings(seed=1))
    mock = app.state.mock
    print(
        f"default start (Settings(), {mock.settings.orders_per_shop} orders/shop): create_app "
        f"{(time.perf_counter() - t) * 1000:.0f} ms, of which seeding the store {mock.startup_seconds * 1000:.0f} ms"
    )
    for size in (int(s) for s in args.sizes.split(",")):
        run(size, args.repeat)


if __name__ == "__main__":
    main()
