"""What the finance and analytics areas cost (a script, not a test).

    python benchmarks/finance_books.py [--sizes 50,2000,30000]

For each orders-per-shop size: the cost seeding adds (the areas' listeners and first timer), the first finance
read of a shop (its books built from the order book), a second read, Get Unsettled Transactions' sums, and 30 days
of shop analytics counted the first time and from the day cache; with the process memory the books add (RSS).
"""

from __future__ import annotations

import argparse
import time

from mockserver import Settings
from mockserver.analytics import backend as analytics
from mockserver.analytics.seed import seed_analytics
from mockserver.clock import FrozenClock
from mockserver.finance import backend as finance
from mockserver.finance.seed import seed_finance
from mockserver.runtime import Mock

T0 = 1780272000  # 2026-06-01T00:00:00Z
WINDOW = finance.Window(size=100)


def rss_mb() -> float:
    with open("/proc/self/statm") as f:
        return int(f.read().split()[1]) * 4096 / 1e6


def timed(fn: object) -> float:
    started = time.perf_counter()
    fn()  # type: ignore[operator]
    return time.perf_counter() - started


def run(size: int) -> None:
    settings = Settings(orders_per_shop=size, clock=FrozenClock(T0))
    mock = Mock(settings)
    store, shop = mock.store, mock.refs.shops["migrated"]
    attach = timed(lambda: (seed_finance(store, settings, T0), seed_analytics(store, settings, T0))) / 2
    before = rss_mb()
    with store.lock:
        first = timed(lambda: finance.statements(store, shop, T0, WINDOW, sort_field="statement_time"))
        grown = rss_mb() - before
        again = timed(lambda: finance.statements(store, shop, T0, WINDOW, sort_field="statement_time"))
        unsettled = timed(lambda: finance.unsettled(store, shop, T0, WINDOW, sort_field="order_create_time"))

        def month() -> None:
            a = analytics.ask(store, shop, T0, "2026-05-02", "2026-06-01", None)
            analytics.figures(store, a, analytics.shop_pick, a.range.start, a.range.end)

        counted, cached = timed(month), timed(month)
    books = store.finance.shops[shop]
    print(
        f"{size:>7} orders/shop: seeding +{attach * 1e3:.2f} ms; books {first:.3f} s ({len(books.statement_ids)} "
        f"statements, {len(books.transactions)} transactions, +{grown:.1f} MB RSS), again {again * 1e3:.1f} ms; "
        f"unsettled {unsettled:.3f} s; analytics 30 days {counted:.3f} s, cached {cached * 1e3:.1f} ms"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default="50,2000,30000")
    for size in (int(s) for s in parser.parse_args().sizes.split(",")):
        run(size)


if __name__ == "__main__":
    main()
