"""Catalog numbers: app start-up time by catalog size, and Search Products / Get Product requests per second.

Start-up is measured in-process (`create_app`). Throughput starts a uvicorn server in another process (uvloop +
httptools, like `tokopedia-mock serve`) and drives it with wrk (Debian package `wrk`): signed requests, full
gate, 32 connections. Prints numbers; asserts nothing.
Usage: python benchmarks/catalog_search.py [--seconds 5] [--catalog-size 300]
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time

import httpx

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

from mockserver import Settings, create_app  # noqa: E402
from mockserver.partner import signing  # noqa: E402
from mockserver.settings import DEFAULT_APP_KEY, DEFAULT_APP_SECRET  # noqa: E402

SERVER = """
import sys, uvicorn
from mockserver import Settings, create_app
port, size = int(sys.argv[1]), int(sys.argv[2])
app = create_app(Settings(port=port, catalog_size=size))
uvicorn.run(app, host="127.0.0.1", port=port, log_level="warning", access_log=False, lifespan="off",
            loop="uvloop", http="httptools")
"""


def startup(sizes: list[int]) -> None:
    create_app(Settings())  # warm imports and the schema cache
    for size in sizes:
        runs = []
        for _ in range(3):
            started = time.perf_counter()
            create_app(Settings(catalog_size=size))
            runs.append(time.perf_counter() - started)
        print(f"create_app() with catalog_size={size:>5} per shop: {min(runs) * 1000:7.1f} ms")


def wrk(url: str, seconds: int, script: str) -> str:
    cmd = ["wrk", "-t2", "-c32", f"-d{seconds}s", "-s", script, url]
    out = subprocess.run(cmd, capture_output=True, text=True, check=True).stdout
    rps = re.search(r"Requests/sec:\s+([\d.]+)", out)
    lat = re.search(r"Latency\s+(\S+)", out)
    return f"{float(rps.group(1)) if rps else 0:>9.0f} req/s   mean latency {lat.group(1) if lat else '?'}"


def lua(method: str, token: str, body: str) -> str:
    path = tempfile.mktemp(suffix=".lua")
    with open(path, "w") as f:
        f.write(
            f'wrk.method = "{method}"\n'
            f"wrk.body = {json.dumps(body)}\n"
            'wrk.headers["content-type"] = "application/json"\n'
            f'wrk.headers["x-tts-access-token"] = "{token}"\n'
        )
    return path


def signed(base: str, path: str, cipher: str, body: str, **query: str) -> str:
    params = [*query.items(), ("app_key", DEFAULT_APP_KEY), ("timestamp", str(int(time.time())))]
    params.append(("shop_cipher", cipher))
    params.append(("sign", signing.sign(path, params, body.encode(), DEFAULT_APP_SECRET)))
    return base + path + "?" + "&".join(f"{k}={v}" for k, v in params)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--seconds", type=int, default=5)
    parser.add_argument("--port", type=int, default=9472)
    parser.add_argument("--catalog-size", type=int, default=300)
    args = parser.parse_args()
    startup([0, 300, 1000, 3000])
    if shutil.which("wrk") is None:
        sys.exit("wrk not found: apt-get install wrk")
    base = f"http://127.0.0.1:{args.port}"
    proc = subprocess.Popen([sys.executable, "-c", SERVER, str(args.port), str(args.catalog_size)])
    try:
        for _ in range(500):
            try:
                httpx.get(f"{base}/_mock/health")
                break
            except httpx.TransportError:
                time.sleep(0.02)
        shop = httpx.get(f"{base}/_mock/apps").json()["data"]["apps"][0]["shops"][0]
        token, cipher = shop["access_token"], shop["cipher"]
        search = "/product/202309/products/search"
        for label, body, size in (("page of 20", "{}", "20"), ("page of 100", "{}", "100")):
            url = signed(base, search, cipher, body, page_size=size)
            headers = {"x-tts-access-token": token, "content-type": "application/json"}
            check = httpx.post(url, content=body, headers=headers)
            assert check.json()["code"] == 0, check.text
            print(f"POST {search} ({label}) {wrk(url, args.seconds, lua('POST', token, body))}")
        pid = check.json()["data"]["products"][0]["id"]
        url = signed(base, f"/product/202309/products/{pid}", cipher, "")
        print(f"GET /product/202309/products/{{id}}          {wrk(url, args.seconds, lua('GET', token, ''))}")
    finally:
        proc.terminate()
        proc.wait(timeout=10)


if __name__ == "__main__":
    main()
