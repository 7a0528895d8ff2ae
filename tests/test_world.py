"""Time that moves the world: the platform's own deadlines run on the mock clock, in time order, with their events."""

from __future__ import annotations

import time
from typing import Any
from urllib.parse import parse_qs, urlparse

import httpx
import pytest
from starlette.testclient import TestClient

from mockserver import Settings, create_app
from mockserver import events as ev
from mockserver.clock import Clock, FrozenClock
from mockserver.orders import models as m
from mockserver.orders.book import ORDER_STATUS_CODE
from mockserver.runtime import Mock
from mockserver.testing import LiveServer, PartnerClient
from tests.conftest import T0
from tests.legacy.helpers import product

HOUR, DAY = 3600, 24 * 3600


@pytest.fixture
def http(app: Any) -> TestClient:
    return TestClient(app, base_url="http://testserver")


def place(http: TestClient, mock: Mock, **extra: Any) -> dict[str, Any]:
    p = product(mock)
    body = {"shop": "migrated", "items": [{"sku_id": p.skus[0].id, "quantity": 1}], "shipping_type": "TIKTOK", **extra}
    r = http.post("/_mock/orders", json=body)
    assert r.status_code == 200, r.text
    order: dict[str, Any] = r.json()["data"]["order"]
    return order


def move(http: TestClient, **body: Any) -> dict[str, Any]:
    r = http.post("/_mock/clock", json=body)
    assert r.status_code == 200, r.text
    data: dict[str, Any] = r.json()["data"]
    return data


def of(data: dict[str, Any], subject: str, type_: str | None = None) -> list[dict[str, Any]]:
    return [e for e in data["events"] if e["subject"] == subject and (type_ is None or e["type"] == type_)]


def status_moves(data: dict[str, Any], subject: str) -> list[tuple[str, str, int]]:
    return [(e["data"]["before"], e["data"]["after"], e["time"]) for e in of(data, subject, ev.ORDER_STATUS_CHANGED)]


def test_an_unpaid_order_is_cancelled_by_the_system_after_the_window(http: TestClient, mock: Mock) -> None:
    order = place(http, mock)
    assert not of(move(http, advance=DAY - 1), order["id"])
    data = move(http, advance=1)
    assert status_moves(data, order["id"]) == [(m.UNPAID, m.CANCELLED, order["create_time"] + DAY)]
    shown = PartnerClient.in_process(http.app).get("/order/202309/orders", query={"ids": order["id"]}).json()["data"]
    assert shown["orders"][0]["cancellation_initiator"] == m.SYSTEM
    assert shown["orders"][0]["cancel_reason"] == "Payment overdue"


def test_on_hold_ends_after_one_hour_and_a_package_appears(http: TestClient, mock: Mock) -> None:
    order = place(http, mock, paid=True, on_hold=True)
    assert order["status"] == m.ON_HOLD
    data = move(http, advance=2 * HOUR)
    assert status_moves(data, order["id"]) == [(m.ON_HOLD, m.AWAITING_SHIPMENT, T0 + HOUR)]
    created = [e for e in data["events"] if e["type"] == ev.PACKAGE_CREATED and e["data"]["order_id"] == order["id"]]
    assert [e["time"] for e in created] == [T0 + HOUR]


def test_an_unshipped_order_is_late_then_cancelled(http: TestClient, mock: Mock) -> None:
    order = place(http, mock, paid=True)
    data = move(http, advance=4 * DAY)
    late = [(e["data"]["sla"], e["time"]) for e in of(data, order["id"], ev.ORDER_SLA_MISSED)]
    assert late == [("rts_sla_time", T0 + 2 * DAY), ("tts_sla_time", T0 + 3 * DAY), ("shipping_due_time", T0 + 3 * DAY)]
    assert status_moves(data, order["id"]) == [(m.AWAITING_SHIPMENT, m.CANCELLED, T0 + 3 * DAY)]
    assert mock.store.orders[order["id"]].cancel_reason == "Seller did not ship on time"


def test_an_uncollected_package_misses_its_collection_sla(http: TestClient, mock: Mock) -> None:
    order = place(http, mock, paid=True)
    client = PartnerClient.in_process(http.app)
    package_id = mock.store.orders[order["id"]].packages[0]
    r = client.post(f"/fulfillment/202309/packages/{package_id}/ship", json={"handover_method": "DROP_OFF"})
    assert r.json()["code"] == 0, r.text
    data = move(http, advance=6 * DAY)
    late = [e["data"]["sla"] for e in of(data, order["id"], ev.ORDER_SLA_MISSED)]
    assert late == ["tts_sla_time", "collection_due_time"]  # shipped in time: no rts flag
    assert status_moves(data, order["id"]) == [(m.AWAITING_COLLECTION, m.CANCELLED, T0 + 5 * DAY)]


def test_a_delivered_order_completes_by_itself(http: TestClient, mock: Mock) -> None:
    order = place(http, mock)
    assert http.post(f"/_mock/orders/{order['id']}/advance", json={"to": m.DELIVERED}).status_code == 200
    data = move(http, advance=8 * DAY)
    assert status_moves(data, order["id"]) == [(m.DELIVERED, m.COMPLETED, T0 + 7 * DAY)]


def test_the_windows_are_settings(clock: FrozenClock) -> None:
    app = create_app(Settings(clock=clock, unpaid_cancel_seconds=600, on_hold_seconds=60))
    http = TestClient(app, base_url="http://testserver")
    unpaid, held = place(http, app.state.mock), place(http, app.state.mock, paid=True, on_hold=True)
    assert unpaid["cancel_order_sla_time"] == T0 + 600
    data = move(http, advance=600)
    assert status_moves(data, held["id"]) == [(m.ON_HOLD, m.AWAITING_SHIPMENT, T0 + 60)]
    assert status_moves(data, unpaid["id"]) == [(m.UNPAID, m.CANCELLED, T0 + 600)]


def test_a_move_runs_everything_in_time_order(http: TestClient, mock: Mock) -> None:
    place(http, mock, paid=True, on_hold=True)
    place(http, mock)
    data = move(http, advance=40 * DAY)
    times = [e["time"] for e in data["events"]]
    assert len(times) > 10 and times == sorted(times) and data["events_total"] == len(data["events"])
    assert data["timers_run"] > 0 and data["timers_pending"] == 0
    assert all(T0 <= t <= T0 + 40 * DAY for t in times)
    since = http.get("/_mock/events", params={"since": data["since"], "limit": 10000}).json()["data"]["events"]
    assert since == data["events"]


def test_seeded_unpaid_orders_expire_without_being_materialized_first(clock: FrozenClock) -> None:
    app = create_app(Settings(clock=clock, orders_per_shop=400))
    mock: Mock = app.state.mock
    book = mock.store.order_book
    mock.store.lazy.all()  # the shops built (lazyshops.py), their seeded history still lazy
    lazy_unpaid = [(b, i) for b in book.blocks for i in range(b.count) if b.status[i] == ORDER_STATUS_CODE[m.UNPAID]]
    assert lazy_unpaid and all(b.start + i not in book.order_by_seq for b, i in lazy_unpaid)
    data = move(TestClient(app, base_url="http://testserver"), advance=2 * DAY)
    cancelled = {e["subject"] for e in data["events"] if e["data"].get("after") == m.CANCELLED}
    assert {b.order_id(i) for b, i in lazy_unpaid} <= cancelled
    for b, i in lazy_unpaid:
        order = mock.store.orders[b.order_id(i)]
        assert order.status == m.CANCELLED and order.cancel_time == b.create[i] + DAY


def test_freeze_stops_domain_time_and_thaw_resumes_it() -> None:
    wall = [float(T0)]
    app = create_app(Settings(clock=Clock(source=lambda: wall[0])))
    http = TestClient(app, base_url="http://testserver")
    assert move(http, freeze=True)["frozen"] is True
    wall[0] += 500
    assert http.get("/_mock/clock").json()["data"]["now"] == T0
    assert move(http, advance=60, freeze=False)["now"] == T0 + 60
    wall[0] += 10
    assert http.get("/_mock/clock").json()["data"] == {
        "now": T0 + 70, "wall": T0 + 510, "offset_seconds": -440.0, "frozen": False
    }  # fmt: skip


def test_set_moves_to_an_instant(http: TestClient) -> None:
    assert move(http, set=T0 + 12345)["now"] == T0 + 12345


@pytest.mark.parametrize(
    "body",
    [{}, {"advance": -1}, {"advance": "1"}, {"advance": 1, "set": 5}, {"freeze": "yes"}, {"advance": 1, "limit": 0},
     {"advance": 1e30}, {"what": 1}, [1]],
)  # fmt: skip
def test_bad_clock_bodies_are_refused_and_change_nothing(http: TestClient, body: Any) -> None:
    before = http.get("/_mock/clock").json()["data"]
    r = http.post("/_mock/clock", json=body)
    assert r.status_code == 400 and r.json()["code"] == 36009004
    assert http.get("/_mock/clock").json()["data"] == before


# --- auth codes, tokens, authorizations -----------------------------------------------------------------------------
def test_an_unused_auth_code_expires_with_an_event(http: TestClient, mock: Mock) -> None:
    r = http.get("/open/authorize", params={"service_id": mock.settings.service_id}, follow_redirects=False)
    code = parse_qs(urlparse(r.headers["location"]).query)["code"][0]
    assert code in mock.store.auth_codes
    data = move(http, advance=31 * 60)
    assert [e["type"] for e in data["events"] if e["type"].startswith("auth_code.")] == [ev.AUTH_CODE_EXPIRED]
    assert code not in mock.store.auth_codes


def test_tokens_expire_then_the_authorization_warns_and_ends(http: TestClient, mock: Mock) -> None:
    ttl, refresh_ttl = mock.settings.access_token_ttl, mock.settings.refresh_token_ttl
    data = move(http, advance=ttl)
    assert {e["data"]["expired_at"] for e in data["events"] if e["type"] == ev.TOKEN_EXPIRED} == {T0 + ttl}
    data = move(http, advance=refresh_ttl - ttl - 30 * DAY)
    warned = [e for e in data["events"] if e["type"] == ev.AUTHORIZATION_EXPIRING]
    assert warned and {e["data"]["days_left"] for e in warned} == {30}
    assert {e["data"]["expiration_time"] for e in warned} == {T0 + refresh_ttl}
    data = move(http, advance=30 * DAY)
    daily = [e["time"] for e in data["events"] if e["type"] == ev.AUTHORIZATION_EXPIRING]
    assert daily and all((t + 7 * 3600) % DAY == 0 for t in daily)  # 00:00 WIB (GUESS)
    ended = [e for e in data["events"] if e["type"] == ev.AUTHORIZATION_EXPIRED]
    migrated = mock.refs.shops["migrated"]
    assert migrated in {e["shop_id"] for e in ended} and all(e["time"] == T0 + refresh_ttl for e in ended)
    apps = http.get("/_mock/apps").json()["data"]["apps"]
    shown = next(s for s in apps[0]["shops"] if s["id"] == migrated)
    assert shown["authorized"] is False  # the grant is gone


# --- --realtime: the world moves with the wall clock, requests or not -----------------------------------------------
def _held_order(server: LiveServer) -> str:
    mock = server.mock
    http = httpx.Client(base_url=server.base_url)
    body = {"shop": "migrated", "items": [{"sku_id": product(mock).skus[0].id, "quantity": 1}], "paid": True}
    body["on_hold"] = True
    order_id: str = http.post("/_mock/orders", json=body).json()["data"]["order"]["id"]
    http.close()
    return order_id


def test_realtime_releases_a_hold_with_no_request_coming() -> None:
    with LiveServer(Settings(realtime=True, realtime_tick=0.05, on_hold_seconds=1)) as server:
        order_id = _held_order(server)
        deadline = time.monotonic() + 20
        while server.mock.store.orders[order_id].status == m.ON_HOLD and time.monotonic() < deadline:
            time.sleep(0.05)  # looking inside the store: no request that would catch up by itself
        assert server.mock.store.orders[order_id].status == m.AWAITING_SHIPMENT


def test_without_realtime_the_world_waits_for_the_next_request() -> None:
    with LiveServer(Settings(on_hold_seconds=1)) as server:
        order_id = _held_order(server)
        time.sleep(1.5)
        assert server.mock.store.orders[order_id].status == m.ON_HOLD
        httpx.get(f"{server.base_url}/_mock/health")
        assert server.mock.store.orders[order_id].status == m.ON_HOLD  # health does not touch the store
        httpx.get(f"{server.base_url}/_mock/clock")
        assert server.mock.store.orders[order_id].status == m.AWAITING_SHIPMENT
