"""A malformed-traffic generator: thousands of broken, hostile or odd requests, over raw sockets, against a running
mock; every answer judged (harness.judge) while /_mock/health is probed.

    python benchmarks/reliability/malformed.py                 # every class, topped up to 5,000 requests
    python benchmarks/reliability/malformed.py --requests 800 --classes json_depth,tokens

Classes (each a list of exact byte-level requests): JSON nested deep, numbers too long or not numbers, non-ASCII
signatures and ids, odd encodings, duplicated parameters and headers, forged/tampered/cross-query page tokens,
values outside enumerations, control-plane poison (clock, bodies), multipart bombs (180,000 parts, huge parts, bad
boundaries), broken HTTP (request lines, headers, lengths, chunking, slow heads and bodies), every method on every
kind of path, path tricks, and seeded random mutations of valid requests to reach the volume. Requests go through
`concurrency` sockets at once. Prints: requests, answers by verdict (app-5xx, non-envelope and unexpected
no-answers must be 0), the answers the HTTP server gave itself (requests the app never saw), RSS before and after,
/_mock/health's worst delay, whether the server is still alive.
"""

from __future__ import annotations

import argparse
import base64
import json
import random
import socket
import sys
import time
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import Any
from urllib.parse import quote as _quote

sys.path.insert(0, str(Path(__file__).resolve().parent))

import harness  # noqa: E402
import httpx  # noqa: E402

from mockserver.partner import signing  # noqa: E402

#: Percent-encoding that takes lone surrogates as the bytes they stand for (surrogateescape).
quote = partial(_quote, errors="surrogateescape")

#: Short timeouts, so that the slow-request classes finish quickly (the server's own 408s).
SERVER_ARGS = ["--header-timeout", "1", "--body-timeout", "1", "--legacy-rate-limit", "100000/100000"]


@dataclass
class Req:
    method: str
    target: str  # path and query, exactly as sent
    headers: list[tuple[str, str]] = field(default_factory=list)
    body: bytes = b""
    label: str = ""
    #: Bytes sent as they are instead of a request built from the fields (broken HTTP).
    raw: bytes | None = None
    #: Seconds to wait before sending the rest (`raw` split at `pause_at`): slow requests.
    pause: float = 0.0
    pause_at: int = 0
    #: A connection closed without an answer is fine for this one (the server refuses what cannot be HTTP).
    may_close: bool = False

    @property
    def path(self) -> str:
        return self.target.split("?", 1)[0]

    def wire(self) -> bytes:
        if self.raw is not None:
            return self.raw
        lines = [f"{self.method} {self.target} HTTP/1.1", "host: mock"]
        names = {k.lower() for k, _ in self.headers}
        lines += [f"{k}: {v}" for k, v in self.headers]
        if "content-length" not in names and "transfer-encoding" not in names:
            lines.append(f"content-length: {len(self.body)}")
        lines.append("connection: close")
        return ("\r\n".join(lines) + "\r\n\r\n").encode("utf-8", "surrogateescape") + self.body


@dataclass
class Answer:
    status: int
    headers: dict[str, str]
    body: bytes


def send(host: str, port: int, req: Req, timeout: float = 30.0) -> Answer | None:
    data = req.wire()
    with socket.create_connection((host, port), timeout=timeout) as sock:
        try:
            if req.pause:
                sock.sendall(data[: req.pause_at])
                time.sleep(req.pause)
                data = data[req.pause_at :]
            sock.sendall(data)
        except OSError:
            pass  # the server may answer (and close) before reading everything: read what it said
        chunks = []
        try:
            while True:
                chunk = sock.recv(65536)
                if not chunk:
                    break
                chunks.append(chunk)
        except OSError:
            pass
    return parse(b"".join(chunks))


def parse(raw: bytes) -> Answer | None:
    head, sep, body = raw.partition(b"\r\n\r\n")
    if not sep or not head.startswith(b"HTTP/"):
        return None
    lines = head.decode("latin-1").split("\r\n")
    status = int(lines[0].split()[1])
    if 100 <= status < 200:  # an interim answer (100 Continue): the final one follows
        return parse(body)
    headers = {}
    for line in lines[1:]:
        name, _, value = line.partition(":")
        headers[name.strip().lower()] = value.strip()
    if headers.get("transfer-encoding", "").lower() == "chunked":
        body = _unchunk(body)
    elif "content-length" in headers:
        body = body[: int(headers["content-length"])]
    return Answer(status, headers, body)


def _unchunk(data: bytes) -> bytes:
    out, rest = [], data
    while rest:
        size_line, _, rest = rest.partition(b"\r\n")
        size = int(size_line.split(b";")[0] or b"0", 16)
        if size == 0:
            break
        out.append(rest[:size])
        rest = rest[size + 2 :]
    return b"".join(out)


# --- credentials --------------------------------------------------------------------------------------------------
@dataclass
class Creds:
    app_key: str
    app_secret: str
    token: str
    cipher: str
    other_cipher: str
    bearer: str
    fs_id: int
    legacy_shop: int
    product_id: str = ""
    control: list[tuple[str, str]] = field(default_factory=list)

    @classmethod
    def of(cls, base_url: str, control_token: str = "") -> Creds:
        control = [("x-mock-control-token", control_token)] if control_token else []
        apps = httpx.get(base_url + "/_mock/apps", headers=dict(control), timeout=30).json()["data"]["apps"]
        app = apps[0]
        shops = [s for s in app["shops"] if s.get("authorized") and s.get("access_token")]
        legacy = app["legacy"]
        basic = base64.b64encode(f"{legacy['client_id']}:{legacy['client_secret']}".encode()).decode()
        token = httpx.post(
            base_url + "/token?grant_type=client_credentials", headers={"authorization": f"Basic {basic}"}, timeout=30
        ).json()["access_token"]
        creds = cls(
            app["app_key"],
            app["app_secret"],
            shops[0]["access_token"],
            shops[0]["cipher"],
            shops[-1]["cipher"],
            token,
            int(legacy["fs_id"]),
            int(legacy["shop_ids"][0]),
            control=control,
        )
        found = creds.partner("POST", "/product/202502/products/search", {"page_size": "1"}, b"{}")
        answer = send(*_hostport(base_url), found)
        if answer is not None and answer.status == 200:
            creds.product_id = json.loads(answer.body)["data"]["products"][0]["id"]
        return creds

    def partner(
        self,
        method: str,
        path: str,
        query: dict[str, str] | list[tuple[str, str]] | None = None,
        body: bytes = b"",
        *,
        cipher: bool = True,
        sign_override: str | None = None,
        extra: list[tuple[str, str]] | None = None,
        headers: list[tuple[str, str]] | None = None,
        label: str = "",
    ) -> Req:
        """A signed Partner API request (signed over exactly what is sent; `extra` pairs are added unsigned)."""
        pairs = list(query.items()) if isinstance(query, dict) else list(query or [])
        pairs += [("app_key", self.app_key), ("timestamp", str(int(time.time())))]
        if cipher:
            pairs.append(("shop_cipher", self.cipher))
        sign = sign_override if sign_override is not None else signing.sign(path, pairs, body, self.app_secret)
        pairs.append(("sign", sign))
        pairs += extra or []
        target = path + "?" + "&".join(f"{quote(k, safe='')}={quote(v, safe='')}" for k, v in pairs)
        h = [("content-type", "application/json"), ("x-tts-access-token", self.token), *(headers or [])]
        return Req(method, target, h, body, label or f"{method} {path}")

    def legacy(
        self, method: str, target: str, body: bytes = b"", headers: list[tuple[str, str]] | None = None, label: str = ""
    ) -> Req:
        h = [("authorization", f"Bearer {self.bearer}"), ("content-type", "application/json"), *(headers or [])]
        return Req(method, target, h, body, label or f"{method} {target.split('?')[0]}")

    def mock(self, method: str, path: str, body: bytes = b"", label: str = "") -> Req:
        h = [("content-type", "application/json"), *self.control]
        return Req(method, path, h, body, label or f"{method} {path}")


def _hostport(base_url: str) -> tuple[str, int]:
    host, port = base_url.split("//", 1)[1].rsplit(":", 1)
    return host, int(port)


# --- the classes --------------------------------------------------------------------------------------------------
SEARCH = "/product/202502/products/search"
CREATE = "/product/202309/products"
ORDERS = "/order/202309/orders/search"
PACKAGES = "/fulfillment/202309/packages/search"
BRANDS = "/product/202309/brands"


def json_depth(c: Creds) -> Iterator[Req]:
    targets: list[Callable[[bytes], Req]] = [
        lambda b: c.partner("POST", SEARCH, {"page_size": "5"}, b),
        lambda b: c.partner("POST", CREATE, None, b),
        lambda b: c.partner("POST", ORDERS, {"page_size": "5"}, b),
        lambda b: c.legacy("POST", f"/inventory/v1/fs/{c.fs_id}/stock/update?shop_id={c.legacy_shop}", b),
        lambda b: c.legacy("POST", f"/v3/products/fs/{c.fs_id}/create?shop_id={c.legacy_shop}", b),
        lambda b: c.mock("POST", "/_mock/orders", b),
        lambda b: c.mock("POST", "/_mock/clock", b),
        lambda b: c.mock("POST", "/_mock/sign", b),
    ]
    for depth in (33, 100, 1000, 1025, 5000, 100_000):
        for shape in ("array", "object", "inside"):
            if shape == "array":
                body = b"[" * depth + b"]" * depth
            elif shape == "object":
                body = b'{"a":' * depth + b"1" + b"}" * depth
            else:
                body = b'{"title":' + b"[" * depth + b"]" * depth + b"}"
            for make in targets:
                req = make(body)
                req.label = f"json depth {depth} {shape}: {req.label}"
                yield req


BAD_NUMBERS = [
    "1" * 20,
    "1" * 100,
    "1" * 4301,
    "9" * 50_000,
    "+5",
    "-0",
    "٣",
    "²",
    "1e3",
    "0x10",
    " 5",
    "5 ",
    "1_000",
    "",
    "-",
    "9223372036854775808",
    "-9223372036854775809",
    "NaN",
    "1.5",
]


def numbers(c: Creds) -> Iterator[Req]:
    for n in BAD_NUMBERS:
        yield c.partner("POST", SEARCH, {"page_size": n}, b"{}", label=f"page_size={n[:12]}")
        yield c.partner("POST", ORDERS, {"page_size": n}, b"{}", label=f"orders page_size={n[:12]}")
        yield c.partner("GET", BRANDS, {"page_size": n}, label=f"brands page_size={n[:12]}")
        q = f"fs_id={c.fs_id}&from_date={quote(n)}&to_date=1780000000&page=1&per_page=10"
        yield c.legacy("GET", "/v2/order/list?" + q, label=f"legacy from_date={n[:12]}")
        q = f"fs_id={c.fs_id}&from_date=1780000000&to_date=1780000100&page={quote(n)}&per_page=10"
        yield c.legacy("GET", "/v2/order/list?" + q, label=f"legacy page={n[:12]}")
        yield c.legacy("GET", f"/v1/shop/fs/{quote(n) or 0}/shop-info", label=f"legacy fs_id={n[:12]}")
        yield c.mock("GET", f"/_mock/events?limit={quote(n)}&since={quote(n)}", label=f"events limit={n[:12]}")
        yield c.partner("GET", f"/order/202309/orders?ids={quote(n)}", label=f"order ids={n[:12]}")
    for literal in (b"1e400", b"-1e400", b"1.0", b"18446744073709551616", b"1" * 5000, b"NaN", b"Infinity", b"-0"):
        yield c.partner(
            "POST",
            SEARCH,
            {"page_size": "5"},
            b'{"create_time_ge":' + literal + b"}",
            label=f"body number {literal[:12]!r}",
        )
        yield c.partner(
            "POST",
            PACKAGES,
            {"page_size": "5"},
            b'{"create_time_lt":' + literal + b"}",
            label=f"packages body number {literal[:12]!r}",
        )
        row = b'[{"product_id":' + literal + b',"new_stock":' + literal + b"}]"
        yield c.legacy("POST", f"/inventory/v1/fs/{c.fs_id}/stock/update?shop_id={c.legacy_shop}", row)
        yield c.mock("POST", "/_mock/clock", b'{"advance":' + literal + b"}", label=f"clock {literal[:12]!r}")


ODD = ["é", "😀", "\x00", "\u202e", "٠" * 18, "²" * 19, "Ａ" * 10, "\udcff", "a" * 70 + "é", "%FF", "\r\n"]


def non_ascii(c: Creds) -> Iterator[Req]:
    for text in ODD:
        q = quote(text, safe="") if "%" not in text else text
        yield c.partner("GET", "/authorization/202309/shops", cipher=False, sign_override=text, label=f"sign={text!r}")
        yield c.partner("POST", SEARCH, {"page_size": "5"}, b"{}", sign_override=text, label=f"search sign={text!r}")
        yield c.partner("GET", f"/product/202309/products/{q}", label=f"product id {text!r}")
        yield c.partner("GET", "/order/202309/orders", {"ids": text}, label=f"order ids {text!r}")
        yield c.partner("GET", f"/fulfillment/202309/packages/{q}", label=f"package id {text!r}")
        yield c.partner("GET", "/authorization/202309/shops", {"x": text}, cipher=False, label=f"query {text!r}")
        yield c.legacy("GET", f"/v2/fs/{c.fs_id}/order?order_id={q}", label=f"legacy order_id {text!r}")
        yield c.legacy("GET", f"/v2/fs/{c.fs_id}/order?invoice_num=INV/20260101/MPL/{q}", label=f"invoice {text!r}")
        yield c.legacy("GET", f"/inventory/v1/fs/{c.fs_id}/product/info?product_id={q}", label=f"legacy pid {text!r}")
        yield Req("GET", f"/img/{q}", label=f"image uri {text!r}")
        yield c.mock("GET", f"/_mock/orders/{q}", label=f"control order {text!r}")
        yield c.mock("GET", f"/_mock/events?type={q}&shop_id={q}&subject={q}", label=f"events {text!r}")
        body = json.dumps({"path": text, "query": {text: text}, "body": text}).encode()
        yield c.mock("POST", "/_mock/sign", body, label=f"sign endpoint {text!r}")
        yield Req(
            "GET",
            f"/api/v2/token/get?app_key={q}&app_secret={q}&auth_code={q}&grant_type=authorized_code",
            label=f"token get {text!r}",
        )


def encodings(c: Creds) -> Iterator[Req]:
    bodies = [
        b"\xff\xfe{\x00}\x00",
        b"\xef\xbb\xbf{}",
        '{"title":"é"}'.encode("latin-1"),
        b'{"a":"\xc0\x80"}',
        b"\x00" * 64,
        b'{"a":"\\ud800"}',
        "{}".encode("utf-16"),
        b"\x1f\x8b\x08\x00garbage",
    ]
    types = [
        "application/json",
        "application/json; charset=utf-16",
        "application/json; charset=latin-1",
        "text/plain",
        "application/x-www-form-urlencoded",
        "",
        "multipart/form-data",
        "application/jsón",
    ]
    for body in bodies:
        for kind in types:
            req = c.partner("POST", SEARCH, {"page_size": "5"}, body, headers=[("content-encoding", "gzip")])
            req.headers = [(k, v) for k, v in req.headers if k != "content-type"] + (
                [("content-type", kind)] if kind else []
            )
            req.label = f"encoding {body[:6]!r} as {kind!r}"
            yield req
        yield c.legacy(
            "POST",
            f"/inventory/v1/fs/{c.fs_id}/stock/update?shop_id={c.legacy_shop}",
            body,
            label=f"legacy body {body[:6]!r}",
        )
        yield c.mock("POST", "/_mock/orders", body, label=f"control body {body[:6]!r}")
    for target in (
        "/product/202309/products/%C0%80",
        "/%00",
        "/v2/fs/%FF/order",
        "/_mock/%0A",
        "/_mock/apps%00",
        "/img/%ZZ",
        "/product/202309/%2e%2e/%2e%2e/etc/passwd",
    ):
        yield Req("GET", target, label=f"path {target}")
    yield Req(
        "GET",
        "/",
        raw=b"GET /caf\xc3\xa9?x=\xff HTTP/1.1\r\nhost: m\r\nconnection: close\r\n\r\n",
        label="raw non-ASCII bytes in the target",
        may_close=True,
    )
    yield Req(
        "GET",
        "/_mock/health",
        raw=b"GET /_mock/health HTTP/1.1\r\nhost: m\r\nx-a: caf\xe9\xff\r\nconnection: close\r\n\r\n",
        label="latin-1 bytes in a header",
    )


def duplicates(c: Creds) -> Iterator[Req]:
    for name in ("app_key", "timestamp", "sign", "shop_cipher", "access_token", "version", "page_size", "page_token"):
        value = {"app_key": c.app_key, "shop_cipher": c.cipher, "page_size": "5"}.get(name, "1")
        yield c.partner("POST", SEARCH, {"page_size": "5"}, b"{}", extra=[(name, value)], label=f"{name} twice")
        signed_twice = c.partner("POST", SEARCH, [("page_size", "5"), (name, value), (name, value)], b"{}")
        signed_twice.label = f"{name} twice, signed"
        yield signed_twice
    yield c.partner("GET", "/order/202309/orders", [("ids", "1"), ("ids", "2"), ("ids", "3")], label="ids repeated")
    for name in ("fs_id", "page", "per_page", "from_date", "status"):
        q = f"fs_id={c.fs_id}&from_date=1780000000&to_date=1780000100&page=1&per_page=10&{name}=2"
        yield c.legacy("GET", "/v2/order/list?" + q, label=f"legacy {name} twice")
    for header in ("x-tts-access-token", "content-type", "authorization", "host", "x-mock-control-token"):
        req = c.partner("POST", SEARCH, {"page_size": "5"}, b"{}", headers=[(header, "other")])
        req.label = f"header {header} twice"
        yield req
    for lengths in (("2", "2"), ("2", "3"), ("2", "-1")):
        yield Req(
            "POST",
            SEARCH,
            raw=f"POST {SEARCH} HTTP/1.1\r\nhost: m\r\ncontent-length: {lengths[0]}\r\n"
            f"content-length: {lengths[1]}\r\nconnection: close\r\n\r\n{{}}".encode(),
            label=f"content-length twice {lengths}",
            may_close=True,
        )


def tokens(c: Creds, base_url: str) -> Iterator[Req]:
    real: dict[str, str] = {}
    for path, query, body in (
        (SEARCH, {"page_size": "1"}, b"{}"),
        (ORDERS, {"page_size": "1"}, b"{}"),
        (PACKAGES, {"page_size": "1"}, b"{}"),
        (BRANDS, {"page_size": "1"}, b""),
    ):
        method = "GET" if path == BRANDS else "POST"
        answer = send(*_hostport(base_url), c.partner(method, path, query, body))
        if answer is not None and answer.status == 200:
            real[path] = json.loads(answer.body)["data"].get("next_page_token", "")
    rng = random.Random(7)
    forged = [base64.b64encode(rng.randbytes(n)).decode() for n in (1, 16, 36, 48, 64, 300)]
    forged += ["eyJvIjozLCJ0IjoxNzgwMDAwMDAwLCJpIjoiMSJ9", "not-a-token", "é" * 10, "A" * 600, "=" * 8, "%00"]
    for path, token in real.items():
        method = "GET" if path == BRANDS else "POST"
        body = b"" if path == BRANDS else b"{}"
        for fake in forged:
            yield c.partner(method, path, {"page_size": "5", "page_token": fake}, body, label=f"{path} forged token")
        for i in range(0, min(len(token), 40), 2):
            tampered = token[:i] + ("B" if token[i] != "B" else "C") + token[i + 1 :]
            yield c.partner(
                method, path, {"page_size": "5", "page_token": tampered}, body, label=f"{path} tampered token @{i}"
            )
        other = {
            SEARCH: b'{"status":"ACTIVATE"}',
            ORDERS: b'{"order_status":"UNPAID"}',
            PACKAGES: b'{"package_status":"PROCESSING"}',
            BRANDS: b"",
        }[path]
        query = {"page_size": "5", "page_token": token}
        if path == BRANDS:
            query["brand_name"] = "a"
        yield c.partner(method, path, query, other, label=f"{path} token of another query")
        if path in (ORDERS, PACKAGES):
            yield c.partner(method, path, {**query, "sort_order": "ASC"}, b"{}", label=f"{path} token, other order")
        req = c.partner(method, path, {"page_size": "5", "page_token": token}, body)
        req.target = req.target.replace(quote(c.cipher, safe=""), quote(c.other_cipher, safe=""))
        req.label = f"{path} token of another shop (unsigned change)"
        yield req


def enums(c: Creds) -> Iterator[Req]:
    for status in ("-1", "12345", "99", "abc", "220 ", "2147483648", "1e2"):
        q = f"fs_id={c.fs_id}&from_date=1780000000&to_date=1780000100&page=1&per_page=10&status={quote(status)}"
        yield c.legacy("GET", "/v2/order/list?" + q, label=f"legacy status={status}")
    for sort in ("0", "11", "-1", "x"):
        q = f"shop_id={c.legacy_shop}&page=1&per_page=10&sort={sort}"
        yield c.legacy("GET", f"/inventory/v1/fs/{c.fs_id}/product/info?{q}", label=f"legacy sort={sort}")
    for field_, value in (("sort_order", "SIDEWAYS"), ("sort_field", "x"), ("sort_order", "asc")):
        yield c.partner("POST", ORDERS, {"page_size": "5", field_: value}, b"{}", label=f"{field_}={value}")
    for body in (
        b'{"order_status":"FOO"}',
        b'{"shipping_type":"BOAT"}',
        b'{"status":"X"}',
        b'{"listing_platforms":["X"]}',
        b'{"package_status":"Y"}',
        b'{"audit_status":["Z"]}',
    ):
        yield c.partner("POST", ORDERS, {"page_size": "5"}, body, label=f"orders {body!r}")
        yield c.partner("POST", SEARCH, {"page_size": "5"}, body, label=f"products {body!r}")
        yield c.partner("POST", PACKAGES, {"page_size": "5"}, body, label=f"packages {body!r}")
    for kind in ("X", "SHIPPING_LABEL ", ""):
        yield c.partner(
            "GET",
            "/fulfillment/202309/packages/1/shipping_documents",
            {"document_type": kind},
            label=f"document_type={kind!r}",
        )


def control(c: Creds) -> Iterator[Req]:
    for body in (
        b'{"advance":1e17}',
        b'{"advance":-1e17}',
        b'{"offset":1e308}',
        b'{"advance":NaN}',
        b'{"advance":Infinity}',
        b'{"advance":"10"}',
        b'{"advance":true}',
        b"null",
        b"[]",
        b"{}",
        b'{"advance":1,"offset":2}',
        b'{"offset":3.2e9}',
        b'{"offset":-3.2e9}',
        b'{"advance":null}',
        b'"advance"',
        b'{"advance":[1]}',
        b'{"offset":1e-320}',
    ):
        yield c.mock("POST", "/_mock/clock", body, label=f"clock {body!r}")
    yield c.mock("POST", "/_mock/clock", b'{"offset":0}', label="clock back to 0")
    for body in (
        b"[]",
        b'{"path":null}',
        b'{"path":"/x","query":[]}',
        b'{"path":"/x","app_key":[]}',
        b'{"path":"/x","query":{"a":{"b":1}}}',
        b'{"path":1,"body":{"x":1}}',
        b"{",
    ):
        yield c.mock("POST", "/_mock/sign", body, label=f"sign {body!r}")
    for query in ("limit=0", "limit=10001", "since=-1", "since=" + "9" * 30, "since_time=x", "type=" + "a," * 5000):
        yield c.mock("GET", "/_mock/events?" + query, label=f"events {query[:20]}")
    for body in (
        b'{"shop":"nope"}',
        b'{"shop":"migrated","items":[{"sku_id":"1","quantity":-1}]}',
        b'{"shop":"migrated","items":[{"sku_id":"1","quantity":1e30}]}',
        b'{"shop":["migrated"]}',
        b'{"shop":"migrated","items":' + b"[" + b'{"sku_id":"x","quantity":1},' * 5000 + b"{}]}",
        b'{"shop":"migrated","shipping_type":"BOAT"}',
        b'{"shop_id":123}',
    ):
        yield c.mock("POST", "/_mock/orders", body, label=f"place {body[:30]!r}")
    for step in ("pay", "cancel", "advance", "collect", "deliver"):
        yield c.mock("POST", f"/_mock/orders/{'9' * 18}/{step}", b'{"to":"NOWHERE","by":1}', label=f"{step} unknown")
        yield c.mock("POST", f"/_mock/packages/{'é' * 3}/{step}", b"{}", label=f"{step} non-ascii package")
    yield c.mock(
        "POST",
        "/_mock/orders",
        b'{"shop":"migrated","x":"' + b"a" * (12 * 1024 * 1024) + b'"}',
        label="12 MB control body",
    )


def multipart(c: Creds) -> Iterator[Req]:
    path = "/product/202309/images/upload"
    boundary = "b0undary"

    def upload(body: bytes, kind: str, label: str) -> Req:
        req = c.partner("POST", path, None, b"", cipher=False)  # a multipart body is not signed
        req.body = body
        req.headers = [(k, v) for k, v in req.headers if k != "content-type"] + [("content-type", kind)]
        req.label = label
        return req

    part = f"--{boundary}\r\ncontent-disposition: form-data; name=x\r\n\r\n\r\n".encode()
    tiny_parts = part * (10 * 1024 * 1024 // len(part) - 1) + f"--{boundary}--\r\n".encode()
    yield upload(
        tiny_parts,
        f"multipart/form-data; boundary={boundary}",
        f"{tiny_parts.count(b'--' + boundary.encode())} tiny parts",
    )
    yield upload(
        part * 1000 + f"--{boundary}--\r\n".encode(), f"multipart/form-data; boundary={boundary}", "1000 parts"
    )
    big = (
        (
            f"--{boundary}\r\ncontent-disposition: form-data; name=data; filename=a.png\r\ncontent-type: image/png"
            f"\r\n\r\n"
        ).encode()
        + b"\x89PNG"
        + b"\x00" * (10 * 1024 * 1024 - 300)
        + f"\r\n--{boundary}--\r\n".encode()
    )
    yield upload(big, f"multipart/form-data; boundary={boundary}", "one 10 MB part")
    for kind in (
        "multipart/form-data",
        "multipart/form-data; boundary=",
        "multipart/form-data; boundary=" + "b" * 100,
        'multipart/form-data; boundary="a"',
        "multipart/mixed; boundary=b0undary",
        "multipart/form-data; boundary=é",
    ):
        yield upload(part * 3, kind, f"content-type {kind[:40]!r}")
    for body in (
        b"",
        b"--b0undary",
        b"--b0undary\r\n\r\n",
        part.replace(b"\r\n", b"\n") * 5,
        b"garbage" * 100,
        f"--{boundary}\r\n".encode() + b"x-h: v\r\n" * 100 + b"\r\nbody\r\n--b0undary--\r\n",
        f"--{boundary}\r\ncontent-disposition: form-data; name=data\r\n\r\nnot an image\r\n--{boundary}--\r\n".encode(),
    ):
        yield upload(body, f"multipart/form-data; boundary={boundary}", f"multipart body {body[:20]!r}")


def broken_http(c: Creds) -> Iterator[Req]:
    raw = [
        (b"GARBAGE\r\n\r\n", "no request line"),
        (b"GET\r\n\r\n", "request line without target"),
        (b"G E T / HTTP/1.1\r\nhost: m\r\n\r\n", "method with spaces"),
        (b"GET / HTTP/9.9\r\nhost: m\r\n\r\n", "HTTP/9.9"),
        (b"GET /\r\n\r\n", "HTTP/0.9"),
        (b"GET http://evil.example/_mock/apps HTTP/1.1\r\nhost: m\r\nconnection: close\r\n\r\n", "absolute form"),
        (b"CONNECT evil.example:443 HTTP/1.1\r\nhost: m\r\nconnection: close\r\n\r\n", "CONNECT"),
        (b"GET / HTTP/1.1\r\nhost m\r\n\r\n", "header without colon"),
        (b"GET / HTTP/1.1\r\nho st: m\r\n\r\n", "header name with a space"),
        (b"GET / HTTP/1.1\r\nhost: m\r\nx: a\r\n folded\r\nconnection: close\r\n\r\n", "obs-fold"),
        (b"GET / HTTP/1.1\r\nhost: m\x00\r\n\r\n", "NUL in a header"),
        (b"GET /" + b"a" * 100_000 + b" HTTP/1.1\r\nhost: m\r\n\r\n", "100 KB target"),
        (b"GET / HTTP/1.1\r\nhost: m\r\nx: " + b"a" * 70_000 + b"\r\n\r\n", "70 KB header"),
        (b"GET / HTTP/1.1\r\nhost: m\r\n" + b"x-h: v\r\n" * 200 + b"\r\n", "200 headers"),
        (b"GET / HTTP/1.1\r\nhost: m\r\n" + b"x-h: v\r\n" * 10_000 + b"\r\n", "10,000 headers"),
        (b"POST /_mock/sign HTTP/1.1\r\nhost: m\r\ncontent-length: -1\r\n\r\n", "content-length -1"),
        (b"POST /_mock/sign HTTP/1.1\r\nhost: m\r\ncontent-length: abc\r\n\r\n", "content-length abc"),
        (b"POST /_mock/sign HTTP/1.1\r\nhost: m\r\ncontent-length: \xc2\xb2\r\n\r\n", "content-length superscript"),
        (
            b"POST /_mock/sign HTTP/1.1\r\nhost: m\r\ntransfer-encoding: chunked\r\ncontent-length: 3\r\n\r\n0\r\n\r\n",
            "TE and CL",
        ),
        (
            b"POST /_mock/sign HTTP/1.1\r\nhost: m\r\ntransfer-encoding: chunked\r\n\r\nzz\r\n{}\r\n0\r\n\r\n",
            "bad chunk",
        ),
        (b"POST /_mock/sign HTTP/1.1\r\nhost: m\r\ntransfer-encoding: gzip\r\n\r\n{}", "TE gzip"),
        (b"PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n", "HTTP/2 preface"),
        (b"\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03", "a TLS hello"),
        (
            b"GET /_mock/health HTTP/1.1\r\nhost: m\r\n\r\nGET /_mock/health HTTP/1.1\r\nhost: m\r\n\r\n"
            b"GET /_mock/health HTTP/1.1\r\nhost: m\r\nconnection: close\r\n\r\n",
            "3 pipelined requests",
        ),
        (
            b"POST /_mock/sign HTTP/1.1\r\nhost: m\r\nexpect: 100-continue\r\ncontent-length: 2\r\nconnection: close"
            b"\r\n\r\n{}",
            "expect 100-continue",
        ),
    ]
    for data, label in raw:
        yield Req("GET", "/", raw=data, label=label, may_close=True)
    head = b"GET /_mock/health HTTP/1.1\r\nhost: m\r\nx-slow: "
    yield Req(
        "GET",
        "/_mock/health",
        raw=head + b"1\r\n\r\n",
        pause=2.5,
        pause_at=len(head),
        label="slow head",
        may_close=True,
    )
    slow = c.mock("POST", "/_mock/clock", b'{"advance": 1}', label="slow control body")
    slow.raw = slow.wire()
    slow.pause, slow.pause_at = 2.5, len(slow.raw) - 5
    yield slow
    partner = c.partner("POST", SEARCH, {"page_size": "5"}, b'{"status":"ALL"}', label="slow partner body")
    partner.raw = partner.wire()
    partner.pause, partner.pause_at = 2.5, len(partner.raw) - 5
    yield partner
    legacy = c.legacy("POST", f"/inventory/v1/fs/{c.fs_id}/stock/update", b"[]", label="slow legacy body")
    legacy.raw = legacy.wire()
    legacy.pause, legacy.pause_at = 2.5, len(legacy.raw) - 1
    yield legacy


METHODS = ["GET", "POST", "PUT", "DELETE", "PATCH", "HEAD", "OPTIONS", "TRACE", "PROPFIND", "FOO"]


def methods(c: Creds) -> Iterator[Req]:
    paths = [
        "/authorization/202309/shops",
        SEARCH,
        f"/product/202309/products/{c.product_id or '1'}",
        "/_mock/health",
        "/_mock/apps",
        "/_mock/clock",
        "/_mock/reset",
        "/token",
        f"/v1/shop/fs/{c.fs_id}/shop-info",
        "/",
        "/docs",
        "/openapi.json",
        "/legacy/openapi.json",
        "/img/x",
        "/api/v2/token/get",
        "/open/authorize",
        "/v2/order/list",
        "/nowhere",
        "/_mock/nowhere",
        "/v9/nowhere",
    ]
    for method in METHODS:
        for path in paths:
            if method in ("POST",) and path == "/_mock/reset":
                continue  # the volume run keeps its state (reset is covered by the control tests)
            req = c.partner(method, path, None, b"{}" if method in ("POST", "PUT", "PATCH") else b"")
            if path.startswith("/_mock/"):
                req.headers += c.control
            req.label = f"{method} {path}"
            yield req


def paths(c: Creds) -> Iterator[Req]:
    for target in (
        "//",
        "///_mock/apps",
        "/_mock/../_mock/apps",
        "/%2e%2e/%2e%2e/etc/passwd",
        "/..;/_mock/apps",
        "/product/202309/products/" + "a" * 5000,
        "/_mock/health%0aINJECTED",
        "/_mock/health%0d%0aX: y",
        "/%E2%80%AE",
        "/legacy/openapi.json/x",
        "/openapi.json/",
        "/docs/assets/../../../etc/passwd",
        "/docs/assets/%2e%2e/static",
        "/img/../../etc/passwd",
        "/v1/../v2/order/list",
        "/inventory/",
        "/product/202309/products/search/",
        "/product/999999/products/search",
        "/product/202309/",
        "/order",
        "/" + "x/" * 2000,
        "/api/v2/token/get/",
        "/token/",
        "/v2",
        "/v2/",
    ):
        yield Req("GET", target, label=f"path {target[:40]}")
        yield c.partner("POST", target.split("?")[0], {"page_size": "5"}, b"{}", label=f"signed path {target[:40]}")


# --- random mutations of valid requests -----------------------------------------------------------------------------
def valid(c: Creds) -> list[Req]:
    sku_row = b'[{"product_id": 1, "stock_value": 1}]'
    return [
        c.partner("POST", SEARCH, {"page_size": "10"}, b'{"status":"ACTIVATE"}'),
        c.partner("POST", ORDERS, {"page_size": "10", "sort_order": "ASC"}, b'{"order_status":"AWAITING_SHIPMENT"}'),
        c.partner("POST", PACKAGES, {"page_size": "10"}, b"{}"),
        c.partner("GET", f"/product/202309/products/{c.product_id or '1'}"),
        c.partner("GET", "/authorization/202309/shops", cipher=False),
        c.partner("GET", BRANDS, {"page_size": "10"}),
        c.legacy("GET", f"/v2/order/list?fs_id={c.fs_id}&from_date=1780000000&to_date=1780100000&page=1&per_page=10"),
        c.legacy("POST", f"/inventory/v1/fs/{c.fs_id}/stock/increment?shop_id={c.legacy_shop}", sku_row),
        c.legacy("GET", f"/v1/shop/fs/{c.fs_id}/shop-info"),
        c.mock("GET", "/_mock/events?limit=5"),
        c.mock("POST", "/_mock/sign", b'{"path":"/x","query":{"a":"1"},"body":"{}"}'),
    ]


def mutate(rng: random.Random, req: Req) -> Req:
    out = Req(req.method, req.target, list(req.headers), req.body, req.label)
    choice = rng.randrange(9)
    if choice == 0 and out.body:
        data = bytearray(out.body)
        for _ in range(rng.randint(1, 4)):
            data[rng.randrange(len(data))] = rng.randrange(256)
        out.body, out.label = bytes(data), f"flipped body bytes: {req.label}"
    elif choice == 1:
        cut = rng.randrange(max(1, len(out.body)))
        out.body, out.label = out.body[:cut], f"truncated body: {req.label}"
    elif choice == 2:
        where = rng.randrange(len(out.target))
        out.target = (
            out.target[:where] + rng.choice(["%", "%FF", "&", "=", "é", "%00", "?", "#", "+"]) + out.target[where:]
        )
        out.label = f"query character inserted: {req.label}"
    elif choice == 3 and out.headers:
        out.headers.pop(rng.randrange(len(out.headers)))
        out.label = f"header dropped: {req.label}"
    elif choice == 4:
        out.method = rng.choice(METHODS)
        out.label = f"method {out.method}: {req.label}"
    elif choice == 5:
        out.headers.append(
            (
                rng.choice(["content-type", "x-tts-access-token", "authorization"]),
                rng.choice(["", "é", "a" * 2000, "Bearer", "application/json; charset=x"]),
            )
        )
        out.label = f"header changed: {req.label}"
    elif choice == 6:
        out.body = out.body + rng.choice([b"}", b"]", b",", b"\x00", b'{"x":' * 50, b"  "])
        out.label = f"body appended: {req.label}"
    elif choice == 7:
        out.target = out.target.replace("page_size=10", f"page_size={rng.choice(BAD_NUMBERS)[:30]}")
        out.label = f"page size changed: {req.label}"
    else:
        out.body = json.dumps(_junk(rng, 3)).encode()
        out.label = f"junk JSON body: {req.label}"
    return out


def _junk(rng: random.Random, depth: int) -> Any:
    kind = rng.randrange(8 if depth else 5)
    if kind == 0:
        return rng.choice([None, True, False])
    if kind == 1:
        return rng.choice([0, -1, 2**63, -(2**63) - 1, 10**30])
    if kind == 2:
        return rng.choice([1.5, -0.0, 1e300])
    if kind == 3:
        return rng.choice(["", "é", "\x00", "a" * 300, "ACTIVATE"])
    if kind == 4:
        return rng.choice(["status", "page_size", "skus"])
    if kind in (5, 6):
        keys = ["status", "skus", "title", "create_time_ge", "order_status", "product_id", "stock_value", "x"]
        return {rng.choice(keys): _junk(rng, depth - 1) for _ in range(rng.randint(0, 4))}
    return [_junk(rng, depth - 1) for _ in range(rng.randint(0, 4))]


# --- running -----------------------------------------------------------------------------------------------------
CLASSES = [
    "json_depth",
    "numbers",
    "non_ascii",
    "encodings",
    "duplicates",
    "tokens",
    "enums",
    "control",
    "multipart",
    "broken_http",
    "methods",
    "paths",
]


def requests(c: Creds, base_url: str, classes: list[str], total: int, seed: int = 1) -> list[Req]:
    made: dict[str, Callable[[], Iterator[Req]]] = {
        "json_depth": lambda: json_depth(c),
        "numbers": lambda: numbers(c),
        "non_ascii": lambda: non_ascii(c),
        "encodings": lambda: encodings(c),
        "duplicates": lambda: duplicates(c),
        "tokens": lambda: tokens(c, base_url),
        "enums": lambda: enums(c),
        "control": lambda: control(c),
        "multipart": lambda: multipart(c),
        "broken_http": lambda: broken_http(c),
        "methods": lambda: methods(c),
        "paths": lambda: paths(c),
    }
    out = [r for name in classes for r in made[name]()]
    rng, seeds = random.Random(seed), valid(c)
    while len(out) < total:
        out.append(mutate(rng, rng.choice(seeds)))
    return out


def run(
    server: harness.Server, classes: list[str], total: int, concurrency: int = 8, control_token: str = ""
) -> tuple[int, harness.Tally]:
    c = Creds.of(server.base_url, control_token)
    batch = requests(c, server.base_url, classes, total)
    tally = harness.Tally()
    host, port = _hostport(server.base_url)

    def one(req: Req) -> None:
        try:
            answer = send(host, port, req)
        except OSError as e:
            answer = None
            tally.add(harness.Verdict("no-answer", 0, type(e).__name__), req.label)
            return
        if answer is None:
            tally.add(harness.Verdict("closed" if req.may_close else "no-answer", 0), req.label)
            return
        tally.add(harness.judge(req.path, answer.status, answer.headers, answer.body, req.method), req.label)

    with ThreadPoolExecutor(concurrency) as pool:
        list(pool.map(one, batch))
    return len(batch), tally


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--requests", type=int, default=5000, help="at least this many requests (default 5000)")
    parser.add_argument("--classes", default=",".join(CLASSES), help="comma-separated classes (default: all)")
    parser.add_argument("--concurrency", type=int, default=8)
    args = parser.parse_args(argv)
    with harness.Server(args=SERVER_ARGS) as server:
        rss = server.rss_mb()
        started = time.perf_counter()
        with harness.HealthProbe(server.base_url) as probe:
            sent, tally = run(server, args.classes.split(","), args.requests, args.concurrency)
        print(f"malformed: {sent} requests in {time.perf_counter() - started:.0f} s")
        for line in tally.lines():
            print("  " + line)
        print(probe.summary())
        print(f"RSS: {rss:.0f} MB before, {server.rss_mb():.0f} MB after (peak {server.peak_rss_mb():.0f} MB)")
        alive = server.alive()
        print(f"server alive: {alive}")
        failures = tally.of("app-5xx") + tally.of("non-envelope") + tally.of("no-answer")
        if failures and "Traceback" in server.output():
            print("server log (tracebacks):\n" + server.output()[-8000:])
        server.stop()
        print(server.loop_summary())
    return 0 if failures == 0 and alive else 1


if __name__ == "__main__":
    sys.exit(main())
