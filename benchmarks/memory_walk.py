"""Memory of a walk over every order of a large shop: idle RSS, then every page of Search Orders and Get Order Detail.

    python benchmarks/memory_walk.py [--orders-per-shop 100000] [--page-size 100] [--every 50] [--json out.json]
                                     [-- extra serve flags, e.g. --order-cache-size 500]

Starts `tokopedia-mock serve` (a fresh process, seeded with --orders-per-shop in every shop), reads the resident set
once it is idle (after GET /_mock/apps, which the walk needs anyway), then walks one shop from its newest order to
its oldest: each page of POST /order/202309/orders/search (page_size 100, following next_page_token) and, for the
page's ids, GET /order/202309/orders (50 ids a call), every request signed like a real client's. Prints the RSS every
--every pages, the peak, the growth over idle and the time taken; asserts nothing (README "Performance" states the
budget this is held to).
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path
from typing import Any

import httpx
from benchlib import routes, servers

DETAIL_IDS = 50  # Get Order Detail takes at most 50 ids


def walk(server: servers.Server, ctx: routes.Context, page_size: int, every: int) -> dict[str, Any]:
    samples: list[tuple[int, int, float]] = []  # (pages, orders, RSS MB)
    pages = orders = details = 0
    token = ""
    started = time.perf_counter()
    with httpx.Client(base_url=server.base_url, timeout=60) as http:

        def call(request: routes.Request) -> dict[str, Any]:
            r = http.request(request.method, request.target, content=request.body or None, headers=request.headers)
            body = r.json()
            if body.get("code") != 0:
                raise RuntimeError(f"{request.method} {request.path}: {body.get('code')} {body.get('message')}")
            data: dict[str, Any] = body["data"]
            return data

        while True:
            query = {"page_size": str(page_size), **({"page_token": token} if token else {})}
            data = call(ctx.signed("POST", "/order/202309/orders/search", query, b"{}"))
            ids = [o["id"] for o in data.get("orders", [])]
            for i in range(0, len(ids), DETAIL_IDS):
                chunk = ids[i : i + DETAIL_IDS]
                got = call(ctx.signed("GET", "/order/202309/orders", {"ids": ",".join(chunk)}))
                details += len(got["orders"])
            pages, orders = pages + 1, orders + len(ids)
            token = data.get("next_page_token") or ""
            if pages % every == 0 or not token:
                samples.append((pages, orders, server.rss_mb()))
                print(f"  {pages:5d} pages, {orders:7d} orders: RSS {samples[-1][2]:6.1f} MB", flush=True)
            if not token:
                break
    return {
        "pages": pages,
        "orders": orders,
        "details": details,
        "seconds": time.perf_counter() - started,
        "samples": samples,
    }


def main(argv: list[str] | None = None) -> None:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--orders-per-shop", type=int, default=100_000)
    p.add_argument("--page-size", type=int, default=100)
    p.add_argument("--every", type=int, default=50, help="print the RSS every this many pages")
    p.add_argument("--json", type=Path, help="write the figures to this file")
    p.add_argument("serve", nargs="*", help="more flags for `tokopedia-mock serve` (after --)")
    args = p.parse_args(argv)
    extra = ["--orders-per-shop", str(args.orders_per_shop), *args.serve]
    started = time.perf_counter()
    server = servers.ours(servers.Pinning(None, None), extra)
    try:
        ready = time.perf_counter() - started
        ctx = routes.discover(server.base_url)
        idle = server.rss_mb()
        print(f"ready in {ready:.1f} s; idle RSS {idle:.1f} MB (serve {' '.join(extra)})", flush=True)
        figures = walk(server, ctx, args.page_size, args.every)
    finally:
        server.stop()
    peak = max(rss for _, _, rss in figures["samples"])
    final = figures["samples"][-1][2]
    figures.update(idle_mb=idle, peak_mb=peak, final_mb=final, growth_mb=peak - idle, serve=extra, ready_s=ready)
    print(
        f"walked {figures['pages']} pages ({figures['orders']} orders, {figures['details']} details) in "
        f"{figures['seconds']:.1f} s: idle {idle:.1f} MB, peak {peak:.1f} MB, end {final:.1f} MB, "
        f"growth over idle {peak - idle:+.1f} MB"
    )
    if args.json:
        args.json.write_text(json.dumps(figures, indent=2), encoding="utf-8")


if __name__ == "__main__":
    main(sys.argv[1:])
