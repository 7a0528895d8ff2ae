"""The write workload the concurrency and restart checkers share: many writers at once on the same two SKUs.

- "increment": the legacy API's stock increment (+1) on SKU X, each writer many times: the final stock must be the
  starting stock plus every acknowledged increment (a lost update shows as a shortfall);
- "buy": the control plane's buyer places and pays a 1-unit order of SKU Y, whose stock starts at `stock`: at most
  that many payments may succeed, and the stock must account for each (an oversell shows as more).

Each writer has its own connection. Every operation is counted as acknowledged (the mock answered success),
refused (it answered a refusal: out of stock), or in flight (no answer: the server died meanwhile).
"""

from __future__ import annotations

import asyncio
import base64
import time
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlencode

import httpx

from mockserver.partner import signing

SEARCH = "/product/202502/products/search"


@dataclass
class Target:
    base_url: str
    app_key: str
    app_secret: str
    token: str
    cipher: str
    bearer: str
    fs_id: int
    legacy_shop: int
    x_product: str = ""
    x_legacy: int = 0
    y_sku: str = ""
    y_warehouse: str = ""
    control: dict[str, str] = field(default_factory=dict)

    def signed(self, path: str, query: dict[str, str], body: bytes, cipher: bool = True) -> str:
        pairs = [*query.items(), ("app_key", self.app_key), ("timestamp", str(int(time.time())))]
        if cipher:
            pairs.append(("shop_cipher", self.cipher))
        pairs.append(("sign", signing.sign(path, pairs, body, self.app_secret)))
        return f"{self.base_url}{path}?{urlencode(pairs)}"

    def partner(self, http: httpx.Client, method: str, path: str, query: dict[str, str], body: Any) -> Any:
        raw = httpx.Request("POST", "/", json=body).content if body is not None else b""
        headers = {"x-tts-access-token": self.token, "content-type": "application/json"}
        return http.request(method, self.signed(path, query, raw), content=raw, headers=headers).json()

    def legacy_stock(self, http: httpx.Client) -> int:
        r = http.get(
            f"{self.base_url}/inventory/v1/fs/{self.fs_id}/product/info",
            params={"product_id": self.x_legacy},
            headers={"authorization": f"Bearer {self.bearer}"},
        ).json()
        return int(r["data"][0]["stock"]["value"])

    def y_inventory(self, http: httpx.Client) -> tuple[int, int]:
        """SKU Y's (available, committed) in its warehouse."""
        data = self.partner(http, "POST", "/product/202309/inventory/search", {}, {"sku_ids": [self.y_sku]})["data"]
        for w in data["inventory"][0]["skus"][0]["warehouse_inventory"]:
            if w["warehouse_id"] == self.y_warehouse:
                return int(w["available_quantity"]), int(w["committed_quantity"])
        raise LookupError("SKU Y's warehouse is gone")


def connect(base_url: str, control_token: str = "") -> Target:
    control = {"x-mock-control-token": control_token} if control_token else {}
    with httpx.Client(timeout=60) as http:
        app = http.get(base_url + "/_mock/apps", headers=control).json()["data"]["apps"][0]
        shop = next(s for s in app["shops"] if s.get("authorized") and s.get("access_token"))
        legacy = app["legacy"]
        basic = base64.b64encode(f"{legacy['client_id']}:{legacy['client_secret']}".encode()).decode()
        bearer = http.post(
            base_url + "/token?grant_type=client_credentials", headers={"authorization": f"Basic {basic}"}
        )
        t = Target(
            base_url,
            app["app_key"],
            app["app_secret"],
            shop["access_token"],
            shop["cipher"],
            bearer.json()["access_token"],
            int(legacy["fs_id"]),
            int(legacy["shop_ids"][0]),
            control=control,
        )
        body = {"status": "ACTIVATE", "listing_platforms": ["TOKOPEDIA"]}
        found = t.partner(http, "POST", SEARCH, {"page_size": "100"}, body)["data"]["products"]
        single = [p for p in found if len(p["skus"]) == 1 and len(p["skus"][0].get("inventory") or []) == 1]
        x, y = single[0], single[1]
        t.x_product, t.x_legacy = x["id"], int(x["id"][-10:])
        t.y_sku, t.y_warehouse = y["skus"][0]["id"], y["skus"][0]["inventory"][0]["warehouse_id"]
    return t


def set_y_stock(t: Target, quantity: int) -> None:
    with httpx.Client(timeout=60) as http:
        product = t.partner(http, "POST", SEARCH, {"page_size": "100"}, {"status": "ACTIVATE"})["data"]["products"]
        pid = next(p["id"] for p in product if p["skus"][0]["id"] == t.y_sku)
        body = {"skus": [{"id": t.y_sku, "inventory": [{"warehouse_id": t.y_warehouse, "quantity": quantity}]}]}
        r = t.partner(http, "POST", f"/product/202309/products/{pid}/inventory/update", {}, body)
        assert r["code"] == 0, r


@dataclass
class Counts:
    increments_acked: int = 0
    increments_in_flight: int = 0
    increments_failed: int = 0
    buys_acked: int = 0
    buys_refused: int = 0
    buys_in_flight: int = 0
    buys_failed: int = 0
    order_ids: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    seconds: float = 0.0

    @property
    def acked(self) -> int:
        return self.increments_acked + self.buys_acked


async def _writer(t: Target, n: int, counts: Counts, stop: asyncio.Event) -> None:
    inc_url = f"{t.base_url}/inventory/v1/fs/{t.fs_id}/stock/increment?shop_id={t.legacy_shop}"
    inc_headers = {"authorization": f"Bearer {t.bearer}", "content-type": "application/json"}
    row = [{"product_id": t.x_legacy, "stock_value": 1}]
    order = {"shop": "migrated", "items": [{"sku_id": t.y_sku, "quantity": 1}], "paid": True}
    async with httpx.AsyncClient(timeout=120) as http:
        for i in range(n):
            if stop.is_set():
                return
            if i % 2 == 0:
                counts.increments_in_flight += 1
                try:
                    r = await http.post(inc_url, json=row, headers=inc_headers)
                except httpx.HTTPError:
                    return  # stays in flight: the server died before answering
                counts.increments_in_flight -= 1
                body = r.json()
                if r.status_code == 200 and body["data"]["succeed_rows"] == 1:
                    counts.increments_acked += 1
                else:
                    counts.increments_failed += 1
                    counts.errors.append(f"increment {r.status_code} {r.text[:120]}")
            else:
                counts.buys_in_flight += 1
                try:
                    r = await http.post(f"{t.base_url}/_mock/orders", json=order, headers=t.control)
                except httpx.HTTPError:
                    return
                counts.buys_in_flight -= 1
                body = r.json()
                if body.get("code") == 0:
                    counts.buys_acked += 1
                    counts.order_ids.append(body["data"]["order"]["id"])
                elif body.get("code") == 40902:
                    counts.buys_refused += 1
                else:
                    counts.buys_failed += 1
                    counts.errors.append(f"buy {r.status_code} {r.text[:120]}")


async def _run(t: Target, writers: int, each: int, kill_at: int | None, kill: Any) -> Counts:
    counts, stop = Counts(), asyncio.Event()
    started = time.perf_counter()
    tasks = [asyncio.create_task(_writer(t, each, counts, stop)) for _ in range(writers)]
    if kill_at is not None:
        while counts.acked < kill_at and not all(task.done() for task in tasks):
            await asyncio.sleep(0.005)
        kill()
        stop.set()
    await asyncio.gather(*tasks)
    counts.seconds = time.perf_counter() - started
    return counts


def write(t: Target, writers: int, each: int, kill_at: int | None = None, kill: Any = None) -> Counts:
    """`writers` writers at once, `each` operations each (increments and buys alternating); with `kill_at`,
    `kill()` is called, mid-write, once that many writes are acknowledged."""
    return asyncio.run(_run(t, writers, each, kill_at, kill))
