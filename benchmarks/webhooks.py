"""Webhook numbers: API latency with no receiver vs. a receiver that never answers, delivery latency to a quick
receiver, and the delivery queue's bound.

Each run starts `tokopedia-mock serve` in another process and sends, one after another, N rounds of two requests:
the buyer places and pays a Tokopedia order (control plane: ORDER_STATUS_CHANGE twice, the legacy order
notification, stock rows...) and a signed Get Order Detail. Runs:

- `none`: nothing subscribed;
- `hanging`: every Partner topic of the shop and every legacy URL point at a TCP server (in this process) that
  accepts and never answers, so every delivery waits its full 3 s timeout and the queue fills to its bound;
- `quick`: the same subscriptions to a receiver that answers 200 at once (keep-alive), timing each order's first
  notification from the moment its request was sent to its arrival, one round every 50 ms.

The two latency runs alternate (none, hanging, none, hanging, ...) to spread the machine's noise over both. Prints
numbers; asserts nothing. Usage: python benchmarks/webhooks.py [--rounds 600] [--repeats 3] [--queue-size 1000]
"""

from __future__ import annotations

import argparse
import asyncio
import base64
import os
import socket
import statistics
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import httpx

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

from mockserver.legacy.webhooks import URL_FIELDS  # noqa: E402
from mockserver.settings import (  # noqa: E402
    DEFAULT_APP_KEY,
    DEFAULT_APP_SECRET,
    DEFAULT_LEGACY_CLIENT_ID,
    DEFAULT_LEGACY_CLIENT_SECRET,
    DEFAULT_LEGACY_FS_ID,
)
from mockserver.testkit.client import PartnerClient  # noqa: E402
from mockserver.webhooks.subscriptions import EVENT_API_TOPICS, PARTNER_CENTER_TOPICS  # noqa: E402


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


@contextmanager
def mock_server(queue_size: int) -> Iterator[str]:
    port = free_port()
    env = {**os.environ, "TOKOPEDIA_MOCK_WEBHOOK_QUEUE_SIZE": str(queue_size)}
    cmd = [sys.executable, "-m", "mockserver", "serve", "--port", str(port), "--log-level", "warning"]
    proc = subprocess.Popen([*cmd, "--no-access-log"], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                if httpx.get(f"{base}/_mock/health").status_code == 200:
                    break
            except httpx.TransportError:
                pass
            if time.monotonic() > deadline:
                raise RuntimeError("the mock did not start")
            time.sleep(0.05)
        yield base
    finally:
        proc.terminate()
        proc.wait(10)


@contextmanager
def hanging_receiver() -> Iterator[str]:
    """Accepts connections, reads what comes, never answers."""
    loop = asyncio.new_event_loop()
    started = threading.Event()
    holder: dict[str, Any] = {}

    async def hold(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        while await reader.read(65536):
            pass
        writer.close()

    async def main() -> None:
        server = await asyncio.start_server(hold, "127.0.0.1", 0)
        holder["port"] = server.sockets[0].getsockname()[1]
        holder["server"] = server
        started.set()
        async with server:
            await server.serve_forever()

    thread = threading.Thread(target=lambda: loop.run_until_complete(main()), daemon=True)
    thread.start()
    started.wait(5)
    try:
        yield f"http://127.0.0.1:{holder['port']}/hook"
    finally:
        loop.call_soon_threadsafe(holder["server"].close)


@contextmanager
def quick_receiver(arrivals: dict[str, float]) -> Iterator[str]:
    """Answers 200 at once; notes when each order's first Partner notification arrives."""

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"  # keep-alive, as a real receiver would

        def do_POST(self) -> None:  # noqa: N802 - the stdlib's name
            body = self.rfile.read(int(self.headers.get("content-length") or 0))
            now = time.perf_counter()
            if b'"type":1,' in body:
                order_id = body.split(b'"order_id":"')[1].split(b'"')[0].decode()
                arrivals.setdefault(order_id, now)
            self.send_response(200)
            self.send_header("Content-Length", "0")
            self.end_headers()

        def log_message(self, *args: Any) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/hook"
    finally:
        server.shutdown()


def subscribe(http: httpx.Client, client: PartnerClient, url: str) -> None:
    for topic in EVENT_API_TOPICS:
        assert client.put("/event/202309/webhooks", json={"address": url, "event_type": topic}).json()["code"] == 0
    http.put("/_mock/webhooks/partner_center", json={"address": url, "event_types": list(PARTNER_CENTER_TOPICS)})
    basic = base64.b64encode(f"{DEFAULT_LEGACY_CLIENT_ID}:{DEFAULT_LEGACY_CLIENT_SECRET}".encode()).decode()
    token = http.post(
        "/token", params={"grant_type": "client_credentials"}, headers={"Authorization": f"Basic {basic}"}
    )
    body: dict[str, str] = dict.fromkeys(URL_FIELDS, url)
    body["webhook_secret"] = "benchmark-secret"
    bearer = {"Authorization": f"Bearer {token.json()['access_token']}"}
    assert http.post(f"/v1/fs/{DEFAULT_LEGACY_FS_ID}/register", json=body, headers=bearer).status_code == 200


def signed_client(http: httpx.Client) -> PartnerClient:
    shop = http.get("/_mock/apps").json()["data"]["apps"][0]["shops"][0]
    return PartnerClient(http, DEFAULT_APP_KEY, DEFAULT_APP_SECRET, shop["access_token"], shop["cipher"])


def rounds(
    base: str, url: str | None, n: int, arrivals: dict[str, float] | None = None, pause: float = 0.0
) -> dict[str, Any]:
    """Latencies (ms) of every request, and (with `arrivals`) request-to-arrival times of each order's notice."""
    latencies: list[float] = []
    answered: dict[str, float] = {}
    with httpx.Client(base_url=base, timeout=30) as http:
        client = signed_client(http)
        if url:
            subscribe(http, client, url)
        while len(answered) < n:
            started = time.perf_counter()
            r = http.post("/_mock/orders", json={"shop": "migrated", "commerce_platform": "TOKOPEDIA", "paid": True})
            latencies.append((time.perf_counter() - started) * 1000)
            if r.json()["code"] != 0:  # the random items were not all on Tokopedia: another try
                continue
            order_id = r.json()["data"]["order"]["id"]
            answered[order_id] = started
            started = time.perf_counter()
            assert client.get("/order/202309/orders", query={"ids": order_id}).json()["code"] == 0
            latencies.append((time.perf_counter() - started) * 1000)
            time.sleep(pause)
        stats = http.get("/_mock/webhooks/deliveries", params={"limit": 1}).json()["data"]["stats"]
    out: dict[str, Any] = {"latencies": latencies, "stats": stats}
    if arrivals is not None:
        time.sleep(1)
        out["delivery_ms"] = [(arrivals[o] - t) * 1000 for o, t in answered.items() if o in arrivals]
    return out


def p(values: list[float], q: float) -> float:
    return statistics.quantiles(values, n=1000)[int(q * 1000) - 1]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=600)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--queue-size", type=int, default=1000)
    args = parser.parse_args()
    results: dict[str, list[dict[str, Any]]] = {"none": [], "hanging": []}
    with hanging_receiver() as hang:
        for _ in range(args.repeats):
            for name, url in (("none", None), ("hanging", hang)):
                with mock_server(args.queue_size) as base:
                    results[name].append(rounds(base, url, args.rounds))
    print(f"API latency, {args.rounds} rounds x 2 requests, {args.repeats} runs each (ms, per run):")
    for name, runs in results.items():
        p50 = [p(r["latencies"], 0.5) for r in runs]
        p99 = [p(r["latencies"], 0.99) for r in runs]
        print(f"  {name:>8}: p50 {' '.join(f'{x:6.2f}' for x in p50)}   p99 {' '.join(f'{x:6.2f}' for x in p99)}")
    none99 = statistics.median(p(r["latencies"], 0.99) for r in results["none"])
    hang99 = statistics.median(p(r["latencies"], 0.99) for r in results["hanging"])
    print(f"  median p99: none {none99:.2f} ms, hanging {hang99:.2f} ms ({(hang99 / none99 - 1) * 100:+.1f}%)")
    stats = results["hanging"][-1]["stats"]
    print(
        f"  hanging receiver, end of a run: {stats['waiting']} waiting (bound {stats['queue_size']}), "
        f"{stats['in_flight']} in flight (bound {stats['concurrency']}), {stats['dropped']} dropped"
    )
    arrivals: dict[str, float] = {}
    with quick_receiver(arrivals) as quick, mock_server(args.queue_size) as base:
        delivery = rounds(base, quick, args.rounds // 2, arrivals, pause=0.05)["delivery_ms"]
    print(
        f"Delivery latency to a quick receiver (request sent -> its ORDER_STATUS_CHANGE arrives), {len(delivery)} "
        f"orders: p50 {p(delivery, 0.5):.2f} ms, p99 {p(delivery, 0.99):.2f} ms"
    )


if __name__ == "__main__":
    main()
