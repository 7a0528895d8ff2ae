"""The dialects' lane (mockserver/lane.py) answers exactly as the full Starlette stack does, and only what it can."""

from __future__ import annotations

import asyncio
import base64
from typing import Any

import orjson
import pytest
from starlette.testclient import TestClient

from mockserver import Settings, create_app
from mockserver.app import MockApp
from mockserver.clock import FrozenClock
from mockserver.lane import Lane
from mockserver.testing import PartnerClient
from tests.conftest import T0


def _app(*, lane: bool, **overrides: Any) -> MockApp:
    app = create_app(Settings(clock=FrozenClock(T0), **overrides))
    if not lane:
        app.lane = None
    return app


def _legacy_basic(app: MockApp) -> str:
    creds = next(iter(app.state.mock.store.legacy_apps.values()))
    return "Basic " + base64.b64encode(f"{creds.client_id}:{creds.client_secret}".encode()).decode()


def _script(app: MockApp) -> list[tuple[int, dict[str, str], bytes]]:
    """The same calls, in order, of every kind the lane takes: successes, gate refusals, routing errors, both
    dialects, bodies and none; then the journal of them."""
    c = PartnerClient.in_process(app, "migrated")
    http: TestClient = c.http
    out = []

    def keep(r: Any) -> None:
        out.append((r.status_code, dict(r.headers), r.content))

    search = c.post("/product/202309/products/search", query={"page_size": 2}, json={"status": "ACTIVATE"})
    keep(search)
    product = search.json()["data"]["products"][0]
    keep(c.get(f"/product/202309/products/{product['id']}"))
    keep(c.post("/order/202309/orders/search", query={"page_size": 5}, json={}))
    keep(c.get("/authorization/202309/shops", shop_cipher=None))
    keep(c.get("/product/202309/products/1", query={"extra": "x"}, headers={"x-tts-access-token": "nope"}))
    keep(http.get("/product/202309/products/1", params={"app_key": "x", "sign": "y"}))  # refused by the gate
    keep(c.get("/product/209901/products/1"))  # an unknown version
    keep(c.get("/no/such/path"))
    keep(c.request("PATCH", "/authorization/202309/shops", shop_cipher=None))  # a method the path does not have
    keep(c.post("/product/202309/products/search", query={"page_size": 2}, content=b'{"status": '))  # bad JSON
    grant = {"grant_type": "client_credentials"}
    keep(http.post("/token", params=grant, headers={"authorization": _legacy_basic(app)}))
    keep(http.post("/token", params=grant, headers={"authorization": "Basic eDp5"}))
    keep(http.get("/v1/no/such/legacy/path"))
    keep(http.get("/_mock/requests", params={"limit": 100}))
    return out


def _journal_free(answers: list[tuple[int, dict[str, str], bytes]]) -> list[tuple[int, dict[str, str], bytes]]:
    return answers[:-1]


def test_the_lane_answers_exactly_as_the_full_stack() -> None:
    through_lane, through_stack = _script(_app(lane=True)), _script(_app(lane=False))
    assert len(through_lane) == len(through_stack)
    pairs = zip(_journal_free(through_lane), _journal_free(through_stack), strict=True)
    for (status, headers, body), (status2, headers2, body2) in pairs:
        assert (status, body) == (status2, body2)
        assert headers == headers2
    assert {s for s, _, _ in _journal_free(through_lane)} >= {200, 401, 404, 405}  # the script covers refusals


def test_the_journal_records_lane_requests_as_the_stack_does() -> None:
    def entries(app: MockApp) -> list[dict[str, Any]]:
        found: list[dict[str, Any]] = orjson.loads(_script(app)[-1][2])["data"]["requests"]
        for entry in found:  # what the wall clock and the machine's speed decide
            del entry["wall"], entry["latency_ms"]
        return found

    through_lane, through_stack = entries(_app(lane=True)), entries(_app(lane=False))
    assert through_lane == through_stack
    assert len(through_lane) == 13  # every call of the script before the journal read
    first = through_lane[0]
    assert first["status"] == 200 and first["operation"] == "search_products"
    assert b"ACTIVATE" in orjson.dumps(first)  # the request body was captured


class Spy:
    def __init__(self, lane: Lane) -> None:
        self.lane, self.calls = lane, 0

    async def __call__(self, *args: Any) -> None:
        self.calls += 1
        await self.lane(*args)


def _spied(app: MockApp) -> Spy:
    assert app.lane is not None
    spy = Spy(app.lane)
    app.lane = spy  # type: ignore[assignment]
    return spy


def test_the_lane_takes_the_dialects_requests_only() -> None:
    app = _app(lane=True)
    spy = _spied(app)
    c = PartnerClient.in_process(app, "migrated")
    c.get("/authorization/202309/shops", shop_cipher=None)
    c.http.post("/token", params={"grant_type": "client_credentials"})
    assert spy.calls == 2
    for path in ("/_mock/health", "/_mock/apps", "/openapi.json", "/docs", "/", "/api/v2/token/get"):
        c.http.get(path)
    assert spy.calls == 2  # pages, the control plane, the auth host: the full stack


def test_faults_and_prefer_take_the_full_stack() -> None:
    app = _app(lane=True)
    spy = _spied(app)
    c = PartnerClient.in_process(app, "migrated")
    forced = c.get("/authorization/202309/shops", shop_cipher=None, headers={"prefer": "code=36009004"})
    assert forced.json()["code"] == 36009004 and spy.calls == 0
    added = c.http.post("/_mock/faults", json={"operation": "get_authorized_shops", "error": 36009004})
    assert added.status_code == 200, added.text
    faulted = c.get("/authorization/202309/shops", shop_cipher=None)
    assert faulted.json()["code"] == 36009004 and spy.calls == 0
    c.http.delete("/_mock/faults")
    assert c.get("/authorization/202309/shops", shop_cipher=None).json()["code"] == 0
    assert spy.calls == 1


def test_an_unexpected_error_is_a_500_in_the_envelope_and_reaches_the_server() -> None:
    app = _app(lane=True)
    partner = app._lane_apps[1]

    def boom(call: Any) -> Any:
        raise ZeroDivisionError("a bug")

    partner.table["get_authorized_shops"] = boom  # type: ignore[attr-defined]
    c = PartnerClient.in_process(app, "migrated")
    with pytest.raises(ZeroDivisionError):  # the server sees it (and drops the connection)
        c.get("/authorization/202309/shops", shop_cipher=None)
    quiet = TestClient(app, raise_server_exceptions=False)
    c.http = quiet
    answer = c.get("/authorization/202309/shops", shop_cipher=None)
    assert answer.status_code == 500 and answer.json()["code"] == 36009003
    assert answer.headers["connection"] == "close"
    recorded = quiet.get("/_mock/requests").json()["data"]["requests"]
    assert recorded[-1]["status"] == 500 and recorded[-1]["operation"] == "get_authorized_shops"


def test_a_body_too_slow_is_a_408_in_the_lane() -> None:
    app = _app(lane=True, body_timeout=0.05)
    spy = _spied(app)
    c = PartnerClient.in_process(app, "migrated")
    params = c.signed_params("/product/202309/products/search", {"page_size": 2}, b"{}")
    query = "&".join(f"{k}={v}" for k, v in params).encode()
    scope = {
        "type": "http",
        "method": "POST",
        "path": "/product/202309/products/search",
        "raw_path": b"/product/202309/products/search",
        "query_string": query,
        "root_path": "",
        "scheme": "http",
        "headers": [(b"host", b"testserver"), (b"content-length", b"2"), (b"x-tts-access-token", b"t")],
        "client": ("127.0.0.1", 1),
        "server": ("testserver", 80),
    }
    sent: list[dict[str, Any]] = []

    async def never() -> dict[str, Any]:
        await asyncio.sleep(10)
        return {"type": "http.request", "body": b"{}"}

    async def send(message: dict[str, Any]) -> None:
        sent.append(message)

    asyncio.run(app(scope, never, send))
    assert spy.calls == 1
    assert sent[0]["status"] == 408
    assert (b"connection", b"close") in sent[0]["headers"]
    assert orjson.loads(sent[1]["body"])["code"] == 36009022
