"""The concurrency checker: 200 writers at once on the same SKUs; no update may be lost and nothing oversold.

    python benchmarks/reliability/concurrency.py                       # 200 writers x 20 operations
    python benchmarks/reliability/concurrency.py --state-dir /tmp/s    # the same with durable state (writes/s)

Half of each writer's operations increment SKU X's stock by one through the legacy API, half buy one unit of SKU Y
(stock set to `--stock` first) through the control plane's buyer. Prints: operations, acknowledged, refused, lost
updates (X's stock short of start + acknowledged increments), oversold units (payments beyond Y's stock, or stock
that does not add up), writes per second, RSS before/after, /_mock/health's worst delay, server alive.
"""

from __future__ import annotations

import argparse
import sys
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import harness  # noqa: E402
import httpx  # noqa: E402
import writers  # noqa: E402


@dataclass
class Result:
    counts: writers.Counts
    lost_updates: int
    oversold: int
    stock_mismatch: int
    lines: list[str]


def check(server: harness.Server, n_writers: int, each: int, stock: int) -> Result:
    t = writers.connect(server.base_url)
    writers.set_y_stock(t, stock)
    with httpx.Client(timeout=60) as http:
        x_start = t.legacy_stock(http)
        y_start = t.y_inventory(http)
    counts = writers.write(t, n_writers, each)
    with httpx.Client(timeout=60) as http:
        x_end = t.legacy_stock(http)
        y_available, y_committed = t.y_inventory(http)
    lost = (x_start + counts.increments_acked) - x_end
    oversold = max(0, counts.buys_acked - stock)
    mismatch = abs((stock - counts.buys_acked) - y_available) + abs(y_start[1] + counts.buys_acked - y_committed)
    ops = n_writers * each
    lines = [
        f"{n_writers} writers x {each} operations = {ops} in {counts.seconds:.1f} s ({ops / counts.seconds:.0f}/s)",
        f"increments of SKU X: {counts.increments_acked} acknowledged, {counts.increments_failed} failed; stock "
        f"{x_start} -> {x_end}: lost updates {lost}",
        f"buys of SKU Y (stock {stock}): {counts.buys_acked} paid, {counts.buys_refused} refused (out of stock), "
        f"{counts.buys_failed} failed; available {y_available}, committed {y_committed - y_start[1]} more: oversold "
        f"{oversold}, stock mismatch {mismatch}",
        *(f"  error: {e}" for e in counts.errors[:5]),
    ]
    return Result(counts, lost, oversold, mismatch, lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--writers", type=int, default=200)
    parser.add_argument("--each", type=int, default=20, help="operations per writer (default 20)")
    parser.add_argument("--stock", type=int, default=500, help="SKU Y's stock before the buyers come (default 500)")
    parser.add_argument("--state-dir", help="run the mock with durable state in this directory")
    args = parser.parse_args(argv)
    extra = ["--legacy-rate-limit", "1000000/1000000"] + (["--state-dir", args.state_dir] if args.state_dir else [])
    with harness.Server(args=extra) as server:
        rss = server.rss_mb()
        with harness.HealthProbe(server.base_url) as probe:
            result = check(server, args.writers, args.each, args.stock)
        print("\n".join(result.lines))
        print(probe.summary())
        print(f"RSS: {rss:.0f} MB before, {server.rss_mb():.0f} MB after (peak {server.peak_rss_mb():.0f} MB)")
        alive = server.alive()
        print(f"server alive: {alive}")
        server.stop()
        print(server.loop_summary())
    bad = result.lost_updates or result.oversold or result.stock_mismatch or result.counts.increments_failed
    return 0 if not bad and not result.counts.buys_failed and alive else 1


if __name__ == "__main__":
    sys.exit(main())
