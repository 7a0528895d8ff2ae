"""Requests per second through the full Partner API gate (signature, token, shop checks, envelope).

Starts `tokopedia-mock serve` (uvloop + httptools), then drives it with wrk (Debian package `wrk`) from another
process. Prints numbers; asserts nothing. Usage: python benchmarks/gate_throughput.py [--seconds 5]
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import signal
import subprocess
import sys
import time

import httpx

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

from mockserver.partner import signing  # noqa: E402
from mockserver.settings import DEFAULT_APP_KEY, DEFAULT_APP_SECRET  # noqa: E402


def wrk(url: str, seconds: int, header: str | None = None) -> str:
    cmd = ["wrk", "-t2", "-c32", f"-d{seconds}s", url]
    if header:
        cmd[1:1] = ["-H", header]
    out = subprocess.run(cmd, capture_output=True, text=True, check=True).stdout
    rps = re.search(r"Requests/sec:\s+([\d.]+)", out)
    lat = re.search(r"Latency\s+(\S+)", out)
    return f"{float(rps.group(1)) if rps else 0:>9.0f} req/s   mean latency {lat.group(1) if lat else '?'}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--seconds", type=int, default=5)
    parser.add_argument("--port", type=int, default=9471)
    args = parser.parse_args()
    if shutil.which("wrk") is None:
        sys.exit("wrk not found: apt-get install wrk")
    base = f"http://127.0.0.1:{args.port}"
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "mockserver",
            "serve",
            "--port",
            str(args.port),
            "--no-access-log",
            "--log-level",
            "warning",
        ],
        stdout=subprocess.DEVNULL,
    )
    try:
        for _ in range(200):
            try:
                httpx.get(f"{base}/_mock/health")
                break
            except httpx.TransportError:
                time.sleep(0.02)
        apps = httpx.get(f"{base}/_mock/apps").json()["data"]["apps"]
        token = apps[0]["shops"][0]["access_token"]
        path = "/authorization/202309/shops"
        query = [("app_key", DEFAULT_APP_KEY), ("timestamp", str(int(time.time())))]
        sign = signing.sign(path, query, b"", DEFAULT_APP_SECRET)
        signed = f"{base}{path}?app_key={DEFAULT_APP_KEY}&timestamp={query[1][1]}&sign={sign}"
        assert httpx.get(signed, headers={"x-tts-access-token": token}).json()["code"] == 0
        print(f"GET /_mock/health (no gate)              {wrk(base + '/_mock/health', args.seconds)}")
        print(f"GET {path} (signed, full gate) {wrk(signed, args.seconds, f'x-tts-access-token: {token}')}")
        print(
            f"GET {path} (bad sign -> 401)   {wrk(signed[:-4] + 'beef', args.seconds, f'x-tts-access-token: {token}')}"
        )
    finally:
        proc.send_signal(signal.SIGINT)
        proc.wait(timeout=10)


if __name__ == "__main__":
    main()
