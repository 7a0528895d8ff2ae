"""Domain events: every state change leaves one, in order, on the mock clock; refusals leave none."""

from __future__ import annotations

from typing import Any

import pytest
from starlette.testclient import TestClient

from mockserver import Settings, create_app
from mockserver import events as ev
from mockserver.clock import FrozenClock
from mockserver.events import EventLog
from mockserver.runtime import Mock
from mockserver.testing import PartnerClient
from tests.conftest import T0
from tests.legacy.conftest import FS_ID, SHOP_ID, LegacyClient
from tests.legacy.helpers import lid, product


def events(http: TestClient, **query: Any) -> list[dict[str, Any]]:
    r = http.get("/_mock/events", params=query)
    assert r.status_code == 200, r.text
    found: list[dict[str, Any]] = r.json()["data"]["events"]
    return found


def place(http: TestClient, mock: Mock, **extra: Any) -> str:
    p = product(mock)
    body = {"shop": "migrated", "items": [{"sku_id": p.skus[0].id, "quantity": 2}], "shipping_type": "TIKTOK", **extra}
    r = http.post("/_mock/orders", json=body)
    assert r.status_code == 200, r.text
    order_id: str = r.json()["data"]["order"]["id"]
    return order_id


@pytest.fixture
def http(app: Any) -> TestClient:
    return TestClient(app, base_url="http://testserver")


@pytest.fixture
def legacy(app: Any) -> LegacyClient:
    return LegacyClient(app).login()


@pytest.fixture
def partner(app: Any) -> PartnerClient:
    return PartnerClient.in_process(app)


def test_a_seeded_mock_starts_with_no_history(http: TestClient) -> None:
    r = http.get("/_mock/events").json()["data"]
    assert r["events"] == [] and r["last_seq"] == 0 and r["dropped"] == 0


def test_an_order_walked_to_completed_leaves_each_step(http: TestClient, mock: Mock) -> None:
    order_id = place(http, mock)
    assert http.post(f"/_mock/orders/{order_id}/advance", json={"to": "COMPLETED"}).status_code == 200
    steps = [(e["data"]["before"], e["data"]["after"]) for e in events(http, type=ev.ORDER_STATUS_CHANGED)]
    assert steps == [
        ("UNPAID", "AWAITING_SHIPMENT"),
        ("AWAITING_SHIPMENT", "AWAITING_COLLECTION"),
        ("AWAITING_COLLECTION", "IN_TRANSIT"),
        ("IN_TRANSIT", "DELIVERED"),
        ("DELIVERED", "COMPLETED"),
    ]
    kinds = [e["type"] for e in events(http, subject=order_id)]
    assert kinds[0] == ev.ORDER_CREATED and kinds.count(ev.ORDER_STATUS_CHANGED) == 5
    packages = [(e["data"]["before"], e["data"]["after"]) for e in events(http, type=ev.PACKAGE_STATUS_CHANGED)]
    assert packages == [("TO_FULFILL", "PROCESSING"), ("PROCESSING", "FULFILLING"), ("FULFILLING", "COMPLETED")]


def test_stock_moves_of_an_order_are_inventory_events(http: TestClient, mock: Mock) -> None:
    sku = product(mock).skus[0]
    wid = next(iter(sku.inventory))
    available = sku.inventory[wid].available
    order_id = place(http, mock, paid=True)
    paid = events(http, type=ev.INVENTORY_CHANGED, subject=sku.id)
    assert [(e["data"]["before"], e["data"]["after"], e["data"]["cause"]) for e in paid] == [
        ({"available": available, "committed": 0}, {"available": available - 2, "committed": 2}, "order_paid")
    ]
    http.post(f"/_mock/orders/{order_id}/cancel", json={"by": "SELLER"})
    last = events(http, type=ev.INVENTORY_CHANGED, subject=sku.id)[-1]["data"]
    assert last["after"] == {"available": available, "committed": 0} and last["cause"] == "order_cancelled"


def test_a_refused_step_leaves_no_event(http: TestClient, mock: Mock) -> None:
    order_id = place(http, mock)
    before = http.get("/_mock/events").json()["data"]["last_seq"]
    assert http.post(f"/_mock/orders/{order_id}/complete", json={}).status_code == 409
    assert http.get("/_mock/events").json()["data"]["last_seq"] == before


def test_event_times_are_mock_clock_times(clock: FrozenClock) -> None:
    app = create_app(Settings(clock=clock))
    http = TestClient(app, base_url="http://testserver")
    clock.advance(3600)
    order_id = place(http, app.state.mock)
    # (the seeded world acted meanwhile too, each change at its own due time: tests/test_world.py)
    assert {e["time"] for e in events(http, subject=order_id)} == {int(T0) + 3600}


def test_filters_since_and_limit(http: TestClient, mock: Mock) -> None:
    first = place(http, mock)
    place(http, mock)
    everything = events(http)
    assert len(everything) == 2 and events(http, subject=first)[0]["subject"] == first
    assert events(http, since=everything[0]["seq"]) == everything[1:]
    assert events(http, limit=1) == everything[:1]
    assert events(http, type="order.") == everything and events(http, type="package.") == []
    assert events(http, shop_id="nope") == []


@pytest.mark.parametrize("query", [{"since": "-1"}, {"limit": "0"}, {"limit": "x"}, {"since_time": "1e9"}])
def test_bad_filters_answer_the_envelope(http: TestClient, query: dict[str, str]) -> None:
    r = http.get("/_mock/events", params=query)
    assert r.status_code == 400 and r.json()["code"] == 36009004


def test_reset_forgets_the_history(http: TestClient, mock: Mock) -> None:
    place(http, mock)
    http.post("/_mock/reset")
    assert http.get("/_mock/events").json()["data"]["last_seq"] == 0


def test_the_log_keeps_the_newest_and_counts_the_dropped() -> None:
    log = EventLog(capacity=3)
    for i in range(5):
        log.emit(ev.ORDER_UPDATED, i, None, "order", str(i))
    assert [e.subject for e in log] == ["2", "3", "4"] and log.dropped == 2 and log.last_seq == 5
    assert [e.seq for e in log.since(3)] == [4, 5] and log.since(5) == []


def test_listeners_hear_each_event_as_it_happens() -> None:
    log = EventLog()
    heard: list[int] = []
    log.listeners.append(lambda e: heard.append(e.seq))
    log.emit(ev.ORDER_UPDATED, 0, None, "order", "1")
    assert heard == [1]


def test_a_listing_review_passes_when_its_time_comes(clock: FrozenClock) -> None:
    app = create_app(Settings(clock=clock, catalog_review_seconds=600))
    mock: Mock = app.state.mock
    client = PartnerClient.in_process(app)
    p = product(mock, status="SELLER_DEACTIVATED") if _has_deactivated(mock) else None
    assert p is not None
    r = client.post("/product/202309/products/activate", json={"product_ids": [p.id]}).json()
    assert r["code"] == 0 and p.statuses["TIKTOK_SHOP"] == "PENDING"
    clock.advance(601)
    http = TestClient(app, base_url="http://testserver")
    passed = [e for e in events(http, type=ev.PRODUCT_STATUS_CHANGED, subject=p.id) if e["data"]["after"] == "ACTIVATE"]
    assert passed and passed[0]["time"] == int(T0) + 600 and passed[0]["data"]["cause"] == "review_passed"


def _has_deactivated(mock: Mock) -> bool:
    try:
        product(mock, status="SELLER_DEACTIVATED")
    except LookupError:
        return False
    return True


def test_token_events_carry_no_token(http: TestClient, mock: Mock) -> None:
    r = http.get("/open/authorize", params={"service_id": mock.settings.service_id}, follow_redirects=False)
    code = r.headers["location"].split("code=")[1].split("&")[0]
    q = {"app_key": mock.settings.app_key, "app_secret": mock.settings.app_secret, "auth_code": code}
    token = http.get("/api/v2/token/get", params={**q, "grant_type": "authorized_code"}).json()["data"]
    issued = events(http, type=ev.TOKEN_ISSUED)
    assert issued and issued[-1]["data"]["app_key"] == mock.settings.app_key
    assert token["access_token"] not in str(issued) and token["refresh_token"] not in str(issued)


def test_both_dialects_write_stock_through_the_same_event(
    legacy: LegacyClient, partner: PartnerClient, mock: Mock
) -> None:
    p = product(mock)
    wid = next(iter(p.skus[0].inventory))
    legacy.post(
        f"/inventory/v1/fs/{FS_ID}/stock/update",
        params={"shop_id": SHOP_ID},
        json=[{"product_id": lid(mock, p), "new_stock": 40}],
    )
    body = {"skus": [{"id": p.skus[0].id, "inventory": [{"warehouse_id": wid, "quantity": 41}]}]}
    assert partner.post(f"/product/202309/products/{p.id}/inventory/update", json=body).json()["code"] == 0
    seen = [
        (e.data["after"]["available"], e.data["cause"], e.data["warehouse_id"])
        for e in mock.store.events
        if e.type == ev.INVENTORY_CHANGED and e.subject == p.skus[0].id
    ]
    assert seen == [(40, "seller_update", wid), (41, "seller_update", wid)]
