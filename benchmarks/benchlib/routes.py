"""The routes the harness measures, and how to build each request from what a running mock reports.

Partner API requests are signed like a real client's (app_key, timestamp, sign, x-tts-access-token, shop_cipher);
the timestamp must be inside the gate's 5-minute window, so `Route.build` is called again before every load run.
Everything a route needs (tokens, a product, its SKU and warehouse, the legacy token and product id) is read over
HTTP from the mock, so the harness never looks inside the server process.
"""

from __future__ import annotations

import base64
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

import httpx
import orjson

from mockserver.partner import signing


@dataclass(frozen=True)
class Request:
    """One HTTP request, exactly as every connection of the load generator sends it."""

    method: str
    path: str
    query: tuple[tuple[str, str], ...]
    body: bytes
    headers: tuple[tuple[str, str], ...]

    @property
    def target(self) -> str:
        """The request target (path and query) as sent on the wire."""
        return self.path + ("?" + urlencode(self.query) if self.query else "")

    def send(self, base_url: str, timeout: float = 10.0, http: Any = httpx) -> httpx.Response:
        """Send it with `http` (the httpx module, or a client such as Starlette's TestClient for an app in-process)."""
        return http.request(  # type: ignore[no-any-return]
            self.method, base_url + self.target, content=self.body or None, headers=dict(self.headers), timeout=timeout
        )


@dataclass(frozen=True)
class Context:
    """What the routes need, read from a running mock (`discover`)."""

    app_key: str
    app_secret: str
    access_token: str
    shop_cipher: str
    product_id: str
    sku_id: str
    warehouse_id: str
    legacy_basic: str
    legacy_token: str
    legacy_fs_id: int
    legacy_product_id: int

    def signed(
        self, method: str, path: str, query: dict[str, str], body: bytes = b"", *, cipher: bool = True
    ) -> Request:
        params = [*query.items(), ("app_key", self.app_key), ("timestamp", str(int(time.time())))]
        if cipher:
            params.append(("shop_cipher", self.shop_cipher))
        params.append(("sign", signing.sign(path, params, body, self.app_secret)))
        headers = [("content-type", "application/json"), ("x-tts-access-token", self.access_token)]
        return Request(method, path, tuple(params), body, tuple(headers))


@dataclass(frozen=True)
class Route:
    name: str
    label: str  # what the table shows
    build: Callable[[Context], Request]
    items: tuple[str, int] | None = None  # a list in `data` and how long it must be (a full page)

    @property
    def dialect(self) -> str:
        """Which OpenAPI document describes it: `partner` (/openapi.json) or `legacy` (/legacy/openapi.json)."""
        return "legacy" if self.name.startswith("legacy") else "partner"


def _json(value: object) -> bytes:
    return orjson.dumps(value)


ROUTES: tuple[Route, ...] = (
    Route(
        "product",
        "Get Product Detail (signed GET)",
        lambda c: c.signed("GET", f"/product/202309/products/{c.product_id}", {}),
    ),
    Route(
        "orders20",
        "Search Orders, page of 20",
        lambda c: c.signed("POST", "/order/202309/orders/search", {"page_size": "20"}, b"{}"),
        ("orders", 20),
    ),
    Route(
        "orders100",
        "Search Orders, page of 100",
        lambda c: c.signed("POST", "/order/202309/orders/search", {"page_size": "100"}, b"{}"),
        ("orders", 100),
    ),
    Route(
        "inventory",
        "Update Inventory (signed POST body)",
        lambda c: c.signed(
            "POST",
            f"/product/202309/products/{c.product_id}/inventory/update",
            {},
            _json({"skus": [{"id": c.sku_id, "inventory": [{"warehouse_id": c.warehouse_id, "quantity": 120}]}]}),
        ),
    ),
    Route(
        "shops",
        "Get Authorized Shops",
        lambda c: c.signed("GET", "/authorization/202309/shops", {}, cipher=False),
    ),
    Route(
        "legacy_token",
        "legacy POST /token",
        lambda c: Request(
            "POST", "/token", (("grant_type", "client_credentials"),), b"", (("authorization", c.legacy_basic),)
        ),
    ),
    Route(
        "legacy_product",
        "legacy product info",
        lambda c: Request(
            "GET",
            f"/inventory/v1/fs/{c.legacy_fs_id}/product/info",
            (("product_id", str(c.legacy_product_id)),),
            b"",
            (("authorization", f"Bearer {c.legacy_token}"),),
        ),
    ),
)

BY_NAME = {r.name: r for r in ROUTES}


def problem(route: Route, response: httpx.Response) -> str | None:
    """Why this answer of our mock is not the success the route measures (None when it is)."""
    if response.status_code != 200:
        return f"HTTP {response.status_code}: {response.text[:300]}"
    body = response.json()
    if route.dialect == "partner" and body.get("code") != 0:
        return f"code {body.get('code')}: {response.text[:300]}"
    header = body.get("header") if route.dialect == "legacy" else None
    if isinstance(header, dict) and header.get("error_code"):
        return f"error_code {header['error_code']}: {response.text[:300]}"
    if route.items is not None:
        key, count = route.items
        got = len(body["data"][key])
        if got != count:
            return f"{got} {key} in the answer, not {count} (seed more: --orders-per-shop)"
    return None


def select(names: list[str] | None) -> list[Route]:
    if not names:
        return list(ROUTES)
    unknown = [n for n in names if n not in BY_NAME]
    if unknown:
        raise SystemExit(f"unknown route(s) {', '.join(unknown)}; routes are: {', '.join(BY_NAME)}")
    return [BY_NAME[n] for n in names]


def _data(response: httpx.Response) -> Any:
    body = response.json()
    if response.status_code != 200 or body.get("code") != 0:
        raise RuntimeError(f"{response.request.method} {response.request.url.path}: {response.text[:300]}")
    return body["data"]


def discover(base_url: str, http: Any = httpx) -> Context:
    """Credentials, a live product of the migrated shop with its SKU and warehouse, and the legacy token and id.
    `http`: the httpx module (a running server), or a client with its API (an app in-process)."""
    apps = http.get(f"{base_url}/_mock/apps").json()["data"]["apps"]
    app = apps[0]
    shop = next(s for s in app["shops"] if s["authorized"] and s.get("tokopedia_shop_id"))
    legacy = app["legacy"]
    if not legacy:
        raise RuntimeError("GET /_mock/apps lists no legacy credentials for the default app")
    basic = "Basic " + base64.b64encode(f"{legacy['client_id']}:{legacy['client_secret']}".encode()).decode()
    partial = Context(
        app["app_key"], app["app_secret"], shop["access_token"], shop["cipher"], "", "", "", basic, "", 0, 0
    )
    search = partial.signed("POST", "/product/202309/products/search", {"page_size": "1"}, b'{"status":"ACTIVATE"}')
    product_id = str(_data(search.send(base_url, http=http))["products"][0]["id"])
    detail = _data(partial.signed("GET", f"/product/202309/products/{product_id}", {}).send(base_url, http=http))
    sku = detail["skus"][0]
    token = http.post(
        f"{base_url}/token", params={"grant_type": "client_credentials"}, headers={"authorization": basic}
    ).json()["access_token"]
    fs_id = int(legacy["fs_id"])
    listing = http.get(
        f"{base_url}/inventory/v1/fs/{fs_id}/product/info",
        params={"shop_id": shop["tokopedia_shop_id"], "page": 1, "per_page": 1},
        headers={"authorization": f"Bearer {token}"},
    ).json()
    return Context(
        app_key=app["app_key"],
        app_secret=app["app_secret"],
        access_token=shop["access_token"],
        shop_cipher=shop["cipher"],
        product_id=product_id,
        sku_id=str(sku["id"]),
        warehouse_id=str(sku["inventory"][0]["warehouse_id"]),
        legacy_basic=basic,
        legacy_token=token,
        legacy_fs_id=fs_id,
        legacy_product_id=int(listing["data"][0]["basic"]["productID"]),
    )
