"""The inspector page (/_mock/ui), in process: what it shows, what it hides off-loopback, escaping, bounded lists,
and that its buttons call control-plane steps that work."""

from __future__ import annotations

import json
from collections.abc import Iterator
from html.parser import HTMLParser

import httpx
import pytest
from starlette.testclient import TestClient

from mockserver.app import MockApp
from mockserver.control.inspector import reads
from mockserver.control.inspector.page import is_loopback
from mockserver.runtime import Mock

LOCAL = ("127.0.0.1", 50000)
REMOTE = ("203.0.113.7", 50000)
HOSTILE = "<script>alert('x')</script>\"><img src=x onerror=alert(1)>"


class Page(HTMLParser):
    """Rows by their data-* key, with their buttons and cell texts; section ids; every script's source."""

    def __init__(self) -> None:
        super().__init__()
        self.rows: dict[str, list[dict[str, str]]] = {}  # "order", "product", "seq", "shop" -> rows in page order
        self.sections: list[str] = []
        self.scripts: list[dict[str, str | None]] = []
        self._row: dict[str, str] | None = None
        self._cell: list[str] | None = None
        self.inline_handlers: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        self.inline_handlers += [k for k in a if k.startswith("on")]
        if tag == "section" and a.get("id"):
            self.sections.append(str(a["id"]))
        elif tag == "script":
            self.scripts.append(a)
        elif tag == "tr":
            key = next((k[5:] for k in a if k.startswith("data-")), None)
            self._row = {"key": key or "", "id": str(a.get(f"data-{key}", "")), "cells": "", "buttons": ""}
            if key:
                self.rows.setdefault(key, []).append(self._row)
        elif tag == "td" and self._row is not None:
            self._cell = [str(a.get("class") or "")]
        elif tag == "button" and self._row is not None and a.get("data-path"):
            buttons = json.loads(self._row["buttons"] or "[]")
            buttons.append({"path": a["data-path"], "method": a["data-method"], "body": a["data-body"]})
            self._row["buttons"] = json.dumps(buttons)

    def handle_data(self, data: str) -> None:
        if self._cell is not None and self._row is not None:
            if self._cell[0] == "status":
                self._row["status"] = self._row.get("status", "") + data
            self._row["cells"] += data

    def handle_endtag(self, tag: str) -> None:
        if tag == "td":
            self._cell = None
        elif tag == "tr":
            self._row = None


def parse(text: str) -> Page:
    page = Page()
    page.feed(text)
    return page


@pytest.fixture
def local(app: MockApp) -> Iterator[TestClient]:
    with TestClient(app, client=LOCAL) as c:
        yield c


def secrets_of(mock: Mock) -> list[str]:
    store = mock.store
    out = [a.app_secret for a in store.apps.values()] + [a.client_secret for a in store.legacy_apps.values()]
    out += [p.access_token for p in store.access_tokens.values()] + [
        p.refresh_token for p in store.access_tokens.values()
    ]
    return out


def test_the_page_renders_every_section_from_shipped_assets(local: TestClient) -> None:
    r = local.get("/_mock/ui")
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/html")
    page = parse(r.text)
    assert page.sections == ["clock", "shops", "orders", "journal", "products", "webhooks", "events", "faults"]
    assert [s.get("src") for s in page.scripts] == ["/docs/assets/inspector.js"]  # no inline script, no CDN
    assert page.inline_handlers == []
    assert "script-src 'self'" in r.headers["content-security-policy"]
    for asset in ("/docs/assets/inspector.js", "/docs/assets/inspector.css"):
        assert local.get(asset).status_code == 200


def test_a_local_browser_sees_tokens_and_secrets(local: TestClient, mock: Mock) -> None:
    text = local.get("/_mock/ui").text
    for value in secrets_of(mock)[:2]:
        assert value in text


def test_off_loopback_every_secret_and_token_is_masked(app: MockApp, mock: Mock) -> None:
    with TestClient(app, client=REMOTE) as remote:
        text = remote.get("/_mock/ui").text
    leaked = [v for v in secrets_of(mock) if v in text]
    assert leaked == []
    assert "hidden" in text
    shop = next(iter(mock.store.shops.values()))
    assert shop.cipher in text  # not a secret: still there to copy


@pytest.mark.parametrize(
    ("host", "loopback"),
    [
        ("127.0.0.1", True),
        ("127.8.9.1", True),
        ("::1", True),
        ("::ffff:127.0.0.1", True),
        ("10.0.0.2", False),
        ("203.0.113.7", False),
        ("testclient", False),
        ("localhost", False),
        ("", False),
        (None, False),
    ],
)
def test_loopback_is_decided_by_the_address(host: str | None, loopback: bool) -> None:
    assert is_loopback(host) is loopback


def test_hostile_names_are_escaped(app: MockApp, mock: Mock) -> None:
    store = mock.store
    shop = next(iter(store.shops.values()))
    with store.lock:
        shop.name = HOSTILE
        first = next(iter(store.products_by_shop[shop.id]))
        store.products[first].title = HOSTILE
    with TestClient(app, client=LOCAL) as c:
        c.get("/api/<b>" + "x" * 3, params={"q": HOSTILE})  # a hostile path and query in the journal
        text = c.get("/_mock/ui", params={"shop": shop.id}).text
    assert "<script>alert" not in text and "<img src=x" not in text and "<b>x" not in text
    assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;&quot;&gt;&lt;img" in text
    assert parse(text).scripts == [{"src": "/docs/assets/inspector.js", "defer": None}]


def test_lists_are_bounded_pages(local: TestClient, mock: Mock) -> None:
    for _ in range(reads.JOURNAL + 5):
        local.get("/_mock/health")
    first = parse(local.get("/_mock/ui").text)
    assert len(first.rows["seq"]) == reads.JOURNAL
    assert len(first.rows["product"]) == reads.PRODUCTS < mock.settings.catalog_size
    assert len(first.rows["order"]) == reads.ORDERS < mock.settings.orders_per_shop
    second = parse(local.get("/_mock/ui", params={"products": "1"}).text)
    assert {r["id"] for r in second.rows["product"]}.isdisjoint(r["id"] for r in first.rows["product"])
    past = parse(local.get("/_mock/ui", params={"products": "999999"}).text)
    assert "product" not in past.rows  # past the end: an empty page, not an error


def test_the_older_orders_link_pages_on(local: TestClient) -> None:
    text = local.get("/_mock/ui").text
    first = parse(text)
    token = text.split("orders=", 1)[1].split('"', 1)[0]
    older = parse(local.get("/_mock/ui?orders=" + token.replace("&amp;", "&")).text)
    assert {r["id"] for r in older.rows["order"]}.isdisjoint(r["id"] for r in first.rows["order"])
    stale = parse(local.get("/_mock/ui", params={"orders": "bm90IGEgdG9rZW4="}).text)
    assert [r["id"] for r in stale.rows["order"]] == [r["id"] for r in first.rows["order"]]


def test_viewing_the_page_is_not_journaled(local: TestClient, mock: Mock) -> None:
    local.get("/_mock/ui")
    assert [e for e in mock.journal.query(reads.Filter()) if e["path"] == "/_mock/ui"] == []


def test_an_order_rows_buttons_take_its_steps(local: TestClient) -> None:
    placed = local.post("/_mock/orders", json={}).json()["data"]["order"]
    for expected in ("AWAITING_SHIPMENT", "AWAITING_COLLECTION", "IN_TRANSIT", "DELIVERED", "COMPLETED"):
        row = next(r for r in parse(local.get("/_mock/ui").text).rows["order"] if r["id"] == placed["id"])
        step = json.loads(row["buttons"])[0]  # the next step along the happy path comes first
        r = local.request(step["method"], step["path"], json=json.loads(step["body"]))
        assert r.json()["code"] == 0, r.json()
        row = next(r for r in parse(local.get("/_mock/ui").text).rows["order"] if r["id"] == placed["id"])
        assert row["status"] == expected
    assert [b["path"].rsplit("/", 1)[1] for b in json.loads(row["buttons"])] == ["returns"]


def test_a_gate_refusal_shows_its_verdict_and_signature_diagnosis(local: TestClient, mock: Mock) -> None:
    now = str(int(mock.clock.now()))
    local.get("/authorization/202309/shops", params={"app_key": mock.settings.app_key, "timestamp": now, "sign": "x"})
    local.get("/_mock/health")
    rows = parse(local.get("/_mock/ui").text).rows["seq"]
    refused = next(r for r in rows if "/authorization/202309/shops" in r["cells"])
    assert "106001" in refused["cells"] and "sign Invalid credentials" in refused["cells"]
    assert "string to sign<app_secret>/authorization/202309/shops" in refused["cells"]  # the diagnosis, masked
    assert mock.store.apps[mock.settings.app_key].app_secret not in refused["cells"]


def test_a_local_proxy_forwarding_a_remote_client_gets_the_masked_page() -> None:
    from mockserver import Settings
    from mockserver.testing import LiveServer

    with LiveServer(Settings(seed=1)) as live:
        secret = live.mock.store.apps[live.settings.app_key].app_secret
        url = f"{live.base_url}/_mock/ui"
        assert secret in httpx.get(url).text  # straight from 127.0.0.1
        assert secret not in httpx.get(url, headers={"x-forwarded-for": "203.0.113.7"}).text
