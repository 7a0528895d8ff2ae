"""The restart checker: `kill -9` the mock in the middle of 200 concurrent writers, start it again on the same
`--state-dir`, and check that every acknowledged write is there — then restart it cleanly (SIGTERM) and check that
nothing at all changed.

    python benchmarks/reliability/restart.py                  # 200 writers, killed after 500 acknowledged writes
    python benchmarks/reliability/restart.py --writers 50 --kill-at 100

Prints: writes acknowledged before the kill and found after it (lost must be 0), writes in flight at the kill (each
may or may not have happened, never half), orders acknowledged and found, SKU stock accounted for, the state digest
before and after a clean restart (must be equal), recovery time, records replayed.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import shutil
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

import harness  # noqa: E402
import httpx  # noqa: E402
import writers  # noqa: E402

SERVER_ARGS = ["--legacy-rate-limit", "1000000/1000000"]


def digest(t: writers.Target) -> dict[str, Any]:
    """What the state looks like from outside: the event log's end, both SKUs' stock, every order's status."""
    with httpx.Client(timeout=60) as http:
        events = http.get(t.base_url + "/_mock/events", params={"limit": 1}, headers=t.control).json()["data"]
        orders = []
        token = ""
        while True:
            query = {"page_size": "100", **({"page_token": token} if token else {})}
            page = t.partner(http, "POST", "/order/202309/orders/search", query, {})["data"]
            orders += [(o["id"], o["status"], o["update_time"]) for o in page["orders"]]
            token = page["next_page_token"]
            if not token:
                break
        state = {
            "last_seq": events["last_seq"],
            "x_stock": t.legacy_stock(http),
            "y": t.y_inventory(http),
            "orders": len(orders),
            "orders_hash": hashlib.sha256(json.dumps(sorted(orders)).encode()).hexdigest()[:16],
            "clock": http.get(t.base_url + "/_mock/clock", headers=t.control).json()["data"]["offset_seconds"],
        }
    return state


@dataclass
class Report:
    lines: list[str]
    lost: int
    digest_equal: bool
    alive: bool


def check(n_writers: int, each: int, kill_at: int, stock: int, state_dir: Path) -> Report:
    args = [*SERVER_ARGS, "--state-dir", str(state_dir)]
    first = harness.Server(args=args).start()
    try:
        t = writers.connect(first.base_url)
        writers.set_y_stock(t, stock)
        with httpx.Client(timeout=60) as http:
            x_start = t.legacy_stock(http)
            y_start = t.y_inventory(http)
        counts = writers.write(t, n_writers, each, kill_at=kill_at, kill=first.kill)
    finally:
        first.kill()
    started = time.perf_counter()
    second = harness.Server(args=args).start()
    recovery = time.perf_counter() - started
    lines: list[str] = []
    try:
        t.base_url = second.base_url
        with httpx.Client(timeout=60) as http:
            x_after = t.legacy_stock(http)
            y_available, y_committed = t.y_inventory(http)
            found = 0
            for order_id in counts.order_ids:
                r = http.get(f"{t.base_url}/_mock/orders/{order_id}", headers=t.control).json()
                found += r.get("code") == 0 and r["data"]["order"]["status"] not in ("UNPAID", "CANCELLED")
        applied_increments = x_after - x_start
        buys = y_committed - y_start[1]
        lost_increments = max(0, counts.increments_acked - applied_increments)
        lost_orders = len(counts.order_ids) - found
        extra_increments = applied_increments - counts.increments_acked
        extra_buys = buys - counts.buys_acked
        lines += [
            f"{n_writers} writers, killed (SIGKILL) mid-write after {kill_at} acknowledged: {counts.acked} writes "
            f"acknowledged, {counts.increments_in_flight + counts.buys_in_flight} in flight",
            f"restart on the same --state-dir: ready in {recovery:.1f} s ({_replayed(second)})",
            f"increments of SKU X: {counts.increments_acked} acknowledged, {applied_increments} found: lost "
            f"{lost_increments}; of {counts.increments_in_flight} in flight, {extra_increments} had happened",
            f"paid orders of SKU Y: {counts.buys_acked} acknowledged, {found} of their ids found paid: lost "
            f"{lost_orders}; of {counts.buys_in_flight} in flight, {extra_buys} had happened; available "
            f"{y_available} + committed {buys} = {y_available + buys} of {stock}",
        ]
        consistent = (
            0 <= extra_increments <= counts.increments_in_flight
            and 0 <= extra_buys <= counts.buys_in_flight
            and y_available + buys == stock
        )
        before = digest(t)
    finally:
        second.stop()  # SIGTERM: a last snapshot
    third = harness.Server(args=args).start()
    try:
        t.base_url = third.base_url
        after = digest(t)
        alive = third.alive()
        lines += [
            f"clean restart (SIGTERM, then start): state digest {'unchanged' if before == after else 'CHANGED'} "
            f"({_replayed(third)}): {after}",
            f"state consistent (in-flight writes all or nothing, stock adds up): {consistent}",
            f"server alive: {alive}",
        ]
    finally:
        third.stop()
    lost = lost_increments + lost_orders + (0 if consistent else 1)
    return Report(lines, lost, before == after, alive)


def _replayed(server: harness.Server) -> str:
    for line in server.output().splitlines():
        if "records replayed" in line:
            return line.split("state:", 1)[-1].strip() if "state:" in line else line.strip()
    return "journal replay: see the server log"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--writers", type=int, default=200)
    parser.add_argument("--each", type=int, default=1000, help="operations per writer, if it is not killed first")
    parser.add_argument("--kill-at", type=int, default=500, help="acknowledged writes before the SIGKILL (default 500)")
    parser.add_argument("--stock", type=int, default=300)
    args = parser.parse_args(argv)
    state_dir = Path(tempfile.mkdtemp(prefix="tokopedia-mock-state-"))
    try:
        report = check(args.writers, args.each, args.kill_at, args.stock, state_dir)
    finally:
        shutil.rmtree(state_dir, ignore_errors=True)
    print("\n".join(report.lines))
    return 0 if report.lost == 0 and report.digest_equal and report.alive else 1


if __name__ == "__main__":
    sys.exit(main())
