"""The app's own cost per request, in-process: compare.py's routes called as ASGI, no sockets, no server.

    python benchmarks/inprocess.py [--routes product,shops] [--requests 5000] [--reps 3] [--profile product]

What compare.py measures through uvicorn is this plus the server's and the kernel's share (which this leaves out,
and which a slower app makes larger: every answer then wakes a sleeping load generator). Use it to see what a
change to the request path saves, before and after, on the same machine; `--profile ROUTE` prints cProfile's
top functions for one route. Each route's request is built once (signed, with a fresh timestamp) and sent
`--requests` times in a row on one event loop (uvloop where installed); the figure is CPU time per request, the
median of `--reps`. Asserts nothing about speed.
"""

from __future__ import annotations

import argparse
import asyncio
import cProfile
import gc
import pstats
import statistics
import sys
import time
import warnings
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchlib import routes  # noqa: E402

with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    from starlette.testclient import TestClient  # noqa: E402

from mockserver import Settings, create_app  # noqa: E402

BASE = "http://127.0.0.1:9000"


def scope_of(request: routes.Request) -> dict[str, Any]:
    headers = [(b"host", b"127.0.0.1:9000"), (b"user-agent", b"bench")]
    headers += [(k.lower().encode(), v.encode()) for k, v in request.headers]
    if request.body:
        headers.append((b"content-length", str(len(request.body)).encode()))
    return {
        "type": "http",
        "asgi": {"version": "3.0", "spec_version": "2.3"},
        "http_version": "1.1",
        "method": request.method,
        "scheme": "http",
        "path": request.path,
        "raw_path": request.path.encode(),
        "query_string": urlencode(request.query).encode(),
        "root_path": "",
        "headers": headers,
        "client": ("127.0.0.1", 50000),
        "server": ("127.0.0.1", 9000),
        "state": {},
    }


async def drive(app: Any, request: routes.Request, n: int) -> httpx.Response:
    """Send the request `n` times, one after another, each with its own scope (as a server builds one); the last
    answer."""
    template = scope_of(request)
    body = request.body
    last: list[Any] = []
    status = [0]

    async def receive() -> dict[str, Any]:
        return {"type": "http.request", "body": body, "more_body": False}

    async def send(message: dict[str, Any]) -> None:
        if message["type"] == "http.response.start":
            status[0] = message["status"]
        elif message["type"] == "http.response.body":
            last.append(message.get("body", b""))

    for _ in range(n):
        scope = dict(template, headers=list(template["headers"]), state={})
        last.clear()
        await app(scope, receive, send)
    return httpx.Response(status[0], content=b"".join(last))


def new_loop() -> asyncio.AbstractEventLoop:
    try:
        import uvloop

        return uvloop.new_event_loop()
    except ImportError:
        return asyncio.new_event_loop()


def main(argv: list[str] | None = None) -> None:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--routes", help=f"comma-separated, from: {','.join(routes.BY_NAME)} (default: all)")
    p.add_argument("--requests", type=int, default=5000)
    p.add_argument("--reps", type=int, default=3)
    p.add_argument("--profile", help="one route to profile with cProfile (after the timed reps)")
    p.add_argument("--orders-per-shop", type=int, default=200)
    args = p.parse_args(argv)
    settings = Settings(orders_per_shop=args.orders_per_shop, legacy_rate_limit="1000000000/1000000000")
    app = create_app(settings)
    with warnings.catch_warnings():  # Starlette's TestClient warns that it would rather have httpx2
        warnings.simplefilter("ignore")
        ctx = routes.discover(BASE, http=TestClient(app, base_url=BASE))
    loop = new_loop()
    print(f"{'route':16} {'us/request':>10}  (CPU time, median of {args.reps} x {args.requests} requests)")
    for route in routes.select(args.routes.split(",") if args.routes else None):
        request = route.build(ctx)
        answer = loop.run_until_complete(drive(app, request, 200))  # warm: the shop built, renderings cached
        problem = routes.problem(route, answer)
        if problem is not None:
            raise SystemExit(f"{route.name}: {problem}")
        figures = []
        for _ in range(args.reps):
            gc.collect()
            started = time.process_time()
            loop.run_until_complete(drive(app, request, args.requests))
            figures.append((time.process_time() - started) / args.requests * 1e6)
        print(f"{route.name:16} {statistics.median(figures):10.1f}  ({', '.join(f'{f:.1f}' for f in figures)})")
        if args.profile == route.name:
            profiler = cProfile.Profile()
            profiler.enable()
            loop.run_until_complete(drive(app, request, args.requests))
            profiler.disable()
            pstats.Stats(profiler).sort_stats("tottime").print_stats(30)


if __name__ == "__main__":
    main()
