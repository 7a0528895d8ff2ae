"""What the per-request record and the access log cost: GET /_mock/health through the app in-process (plain ASGI
calls, no network), without the Observe middleware, with it, and with the access log (text and JSON) formatted
into a discarded stream. Prints microseconds per request; `python benchmarks/access_log.py [N]`.
"""

from __future__ import annotations

import asyncio
import io
import logging
import statistics
import sys
import time
from typing import Any

from starlette.applications import Starlette

from mockserver.app import create_app
from mockserver.logs import AccessLog, JsonFormatter, TextFormatter
from mockserver.settings import Settings


async def run(asgi: Any, n: int) -> float:
    scope = {
        "type": "http", "asgi": {"version": "3.0"}, "http_version": "1.1", "method": "GET", "scheme": "http",
        "path": "/_mock/health", "raw_path": b"/_mock/health", "query_string": b"", "root_path": "",
        "headers": [(b"host", b"127.0.0.1")], "client": ("127.0.0.1", 5000), "server": ("127.0.0.1", 9400),
    }  # fmt: skip

    async def receive() -> dict[str, Any]:
        return {"type": "http.request", "body": b"", "more_body": False}

    async def send(message: dict[str, Any]) -> None:
        pass

    started = time.perf_counter()
    for _ in range(n):
        await asgi(dict(scope), receive, send)
    return (time.perf_counter() - started) / n * 1e6


def logger(formatter: logging.Formatter) -> logging.Logger:
    handler = logging.StreamHandler(io.StringIO())
    handler.setFormatter(formatter)
    log = logging.getLogger(f"bench.{id(handler)}")
    log.addHandler(handler)
    log.setLevel(logging.INFO)
    log.propagate = False
    return log


def main(n: int) -> None:
    app = create_app(Settings(catalog_size=5, orders_per_shop=0))
    bare = Starlette.build_middleware_stack(app)  # Starlette's own stack: no Observe, no BodyDeadline
    text, json_ = AccessLog(logger(TextFormatter())), AccessLog(logger(JsonFormatter()))
    cases: dict[str, tuple[Any, list[Any]]] = {
        "no Observe (Starlette stack only)": (bare, []),
        "Observe + BodyDeadline, no listener": (app, []),
        "+ access log, text": (app, [text]),
        "+ access log, json": (app, [json_]),
    }
    results: dict[str, list[float]] = {name: [] for name in cases}
    for _ in range(5):  # interleaved rounds, the median of each: the machine is shared
        for name, (asgi, listeners) in cases.items():
            app.listeners[:] = listeners
            results[name].append(asyncio.run(run(asgi, n)))
    base = statistics.median(results["no Observe (Starlette stack only)"])
    for name, values in results.items():
        median = statistics.median(values)
        print(f"{name:40s} {median:7.1f} µs/request  (+{median - base:5.1f})")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 5000)
