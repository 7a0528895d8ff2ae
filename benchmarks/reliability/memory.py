"""Memory budgets: a full walk of a 100,000-order list, and uploads past the upload budget, against a running mock.

    python benchmarks/reliability/memory.py                      # 100,000 orders per shop, 150 x 1 MB uploads
    python benchmarks/reliability/memory.py --orders 20000 --uploads 40

The walk pages through Search Orders (page_size 100) to the end, then through the legacy order list day by day;
every order is materialized on the way, and only `order_cache_size` unchanged ones may stay. The uploads are
valid 1 MB PNGs; only `upload_store_bytes` of image bytes may stay. Prints RSS before, after each, and the peak.
"""

from __future__ import annotations

import argparse
import struct
import sys
import time
import zlib
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import harness  # noqa: E402
import httpx  # noqa: E402
import writers  # noqa: E402


def png(width: int, height: int, size: int) -> bytes:
    """A valid PNG header of that size, padded to `size` bytes (the mock reads the header, keeps the bytes)."""
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    ihdr = struct.pack(">I", 13) + b"IHDR" + header + struct.pack(">I", zlib.crc32(b"IHDR" + header))
    data = b"\x89PNG\r\n\x1a\n" + ihdr
    return data + b"\x00" * (size - len(data))


def walk_orders(t: writers.Target) -> int:
    seen, token = 0, ""
    with httpx.Client(timeout=120) as http:
        while True:
            query = {"page_size": "100", **({"page_token": token} if token else {})}
            page = t.partner(http, "POST", "/order/202309/orders/search", query, {})["data"]
            seen += len(page["orders"])
            token = page["next_page_token"]
            if not token:
                return seen


def upload(t: writers.Target, count: int, size: int) -> int:
    path = "/product/202309/images/upload"
    ok = 0
    with httpx.Client(timeout=120) as http:
        for _ in range(count):
            url = t.signed(path, {}, b"", cipher=False)  # a multipart body is not signed
            files = {"data": ("a.png", png(1000, 1000, size), "image/png")}
            r = http.post(url, files=files, data={"use_case": "MAIN_IMAGE"}, headers={"x-tts-access-token": t.token})
            ok += r.json().get("code") == 0
    return ok


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--orders", type=int, default=100_000, help="seeded orders per shop (default 100000)")
    parser.add_argument("--uploads", type=int, default=150, help="1 MB uploads (default 150)")
    args = parser.parse_args(argv)
    with harness.Server(args=["--orders-per-shop", str(args.orders)]) as server:
        t = writers.connect(server.base_url)
        rss = server.rss_mb()
        started = time.perf_counter()
        with harness.HealthProbe(server.base_url) as probe:
            seen = walk_orders(t)
            walked = time.perf_counter() - started
            after_walk = server.rss_mb()
            stored = upload(t, args.uploads, 1024 * 1024)
        after = server.rss_mb()
        grown = after_walk - rss
        print(f"orders walk: {seen} orders in {walked:.0f} s; RSS {rss:.0f} MB -> {after_walk:.0f} MB (+{grown:.0f})")
        print(f"uploads: {stored} x 1 MB stored; RSS {after_walk:.0f} MB -> {after:.0f} MB (+{after - after_walk:.0f})")
        print(f"peak RSS {server.peak_rss_mb():.0f} MB")
        print(probe.summary())
        alive = server.alive()
        print(f"server alive: {alive}")
        server.stop()
        print(server.loop_summary())
    return 0 if alive else 1


if __name__ == "__main__":
    sys.exit(main())
