"""The delivery engine: retries on the mock clock, what counts as received, pause/resume/flush/replay, bounds, the
log, resets, determinism, and that receivers never hold up the API."""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

import pytest

from mockserver.delivery import engine as engine_module
from mockserver.delivery.engine import DeliveryEngine
from mockserver.testkit.handle import TokopediaMock
from mockserver.testkit.webhooks import WebhookInbox
from tests.webhooks.conftest import control, eventually

HOUR = 3600


def engine_of(m: TokopediaMock) -> DeliveryEngine:
    engine: DeliveryEngine = m.app.state.webhooks
    return engine


def deliveries(m: TokopediaMock, **query: Any) -> list[dict[str, Any]]:
    r = m.http_client().get("/_mock/webhooks/deliveries", params={"limit": 1000, **query})
    assert r.status_code == 200, r.text
    found: list[dict[str, Any]] = r.json()["data"]["deliveries"]
    return found


def settled(m: TokopediaMock) -> Callable[[], bool]:
    return engine_of(m).idle


def one_order(m: TokopediaMock) -> str:
    order_id: str = control(m.http_client(), "/orders", {"shop": "migrated"})["order"]["id"]
    return order_id


def failing_first_try(m: TokopediaMock, status: int) -> WebhookInbox:
    """One order placed, its notification refused once by a receiver answering `status`."""
    hooks = m.webhooks(subscribe=False)
    hooks.subscribe(("ORDER_STATUS_CHANGE",), status=status)
    one_order(m)
    eventually(lambda: len(hooks.partner()) == 1)
    return hooks


def test_a_failing_receiver_gets_exactly_the_documented_retries(tokopedia_mock: TokopediaMock) -> None:
    m = tokopedia_mock
    hooks = failing_first_try(m, 500)
    eventually(settled(m))
    assert len(hooks.partner()) == 1  # the first retry is 2 minutes away on the mock clock

    m.advance_clock(16 * HOUR)
    eventually(lambda: len(hooks.partner()) == 5)
    eventually(settled(m))
    (delivery,) = deliveries(m)
    times = [a["scheduled_time"] for a in delivery["attempts"]]
    assert [b - a for a, b in zip(times, times[1:], strict=False)] == [120, 1800, 3 * HOUR, 12 * HOUR]
    assert [a["status"] for a in delivery["attempts"]] == [500] * 5
    assert delivery["state"] == "failed" and delivery["next_retry_time"] is None
    assert len({w.raw_body for w in hooks.partner()}) == 1  # every retry carries the same notification

    first = hooks.partner()[0].raw_body
    m.advance_clock(48 * HOUR)  # (the seeded orders' own deadlines send notifications of their own meanwhile)
    eventually(settled(m))
    assert [w.raw_body for w in hooks.partner()].count(first) == 5  # given up after the 4th retry


def test_a_retry_is_not_sent_before_its_time(tokopedia_mock: TokopediaMock) -> None:
    m = tokopedia_mock
    hooks = failing_first_try(m, 503)
    m.advance_clock(119)
    eventually(settled(m))
    assert len(hooks.partner()) == 1
    m.advance_clock(1)
    eventually(lambda: len(hooks.partner()) == 2)
    (delivery,) = deliveries(m)
    assert (
        delivery["state"] == "retrying"
        and delivery["next_retry_time"] == delivery["attempts"][1]["scheduled_time"] + 1800
    )


def test_401_is_an_answer_for_the_partner_api(tokopedia_mock: TokopediaMock) -> None:
    m = tokopedia_mock
    hooks = m.webhooks(subscribe=False)
    hooks.subscribe(("ORDER_STATUS_CHANGE",), status=401)  # "authentication failure returns 401" (official)
    one_order(m)
    eventually(lambda: bool(deliveries(m)) and deliveries(m)[0]["state"] == "delivered")
    assert len(hooks.partner()) == 1


def test_a_legacy_receiver_that_fails_is_retried_too(tokopedia_mock: TokopediaMock) -> None:
    m = tokopedia_mock
    hooks = m.webhooks(subscribe=False)
    hooks.subscribe_legacy(status=500)
    order_id = control(m.http_client(), "/orders", {"shop": "migrated", "commerce_platform": "TOKOPEDIA"})["order"][
        "id"
    ]
    control(m.http_client(), f"/orders/{order_id}/pay")
    hooks.wait_for("order_notification")
    m.advance_clock(120)
    hooks.wait_for("order_notification", count=2)
    notifications = deliveries(m, topic="order_notification")
    assert [a["status"] for a in notifications[0]["attempts"]] == [500, 500]


@pytest.mark.tokopedia_mock(webhook_timeout=0.2)
def test_no_answer_within_the_timeout_is_a_failure(tokopedia_mock: TokopediaMock) -> None:
    m = tokopedia_mock
    hooks = m.webhooks(subscribe=False)
    hooks.subscribe(("ORDER_STATUS_CHANGE",), delay=2)
    one_order(m)
    eventually(lambda: bool(deliveries(m)) and deliveries(m)[0]["state"] == "retrying")
    (attempt,) = deliveries(m)[0]["attempts"]
    assert attempt["status"] is None and attempt["error"] == "no answer within 0.2 s"


def test_the_api_does_not_wait_for_the_receiver(tokopedia_mock: TokopediaMock) -> None:
    m = tokopedia_mock
    hooks = m.webhooks(subscribe=False)
    hooks.subscribe(("ORDER_STATUS_CHANGE",), delay=2.5)  # answers after 2.5 s (within the 3 s allowed)
    one_order(m)
    # The order is placed and answered while its notification is still on its way.
    assert [d["state"] for d in deliveries(m)] in (["queued"], ["sending"])
    eventually(lambda: deliveries(m)[0]["state"] == "delivered")


def test_pause_resume_and_flush(tokopedia_mock: TokopediaMock) -> None:
    m = tokopedia_mock
    http = m.http_client()
    hooks = m.webhooks(subscribe=False)
    hooks.subscribe(("ORDER_STATUS_CHANGE",), status=500)
    assert http.post("/_mock/webhooks/pause").json()["data"]["paused"] is True
    one_order(m)
    eventually(settled(m))
    assert deliveries(m)[0]["state"] == "queued" and hooks.partner() == []
    http.post("/_mock/webhooks/resume")
    eventually(lambda: len(hooks.partner()) == 1)
    eventually(lambda: deliveries(m)[0]["state"] == "retrying")
    flushed = http.post("/_mock/webhooks/flush").json()["data"]
    assert flushed["flushed"] == 1
    eventually(lambda: len(hooks.partner()) == 2)  # the retry went out without moving the clock
    attempts = deliveries(m)[0]["attempts"]
    eventually(lambda: len(deliveries(m)[0]["attempts"]) == 2)
    assert (
        attempts[0]["scheduled_time"]
        <= deliveries(m)[0]["attempts"][1]["scheduled_time"]
        < attempts[0]["scheduled_time"] + 120
    )


def test_replay_sends_the_same_notification_again(tokopedia_mock: TokopediaMock) -> None:
    m = tokopedia_mock
    hooks = m.webhooks(subscribe=False)
    hooks.subscribe(("ORDER_STATUS_CHANGE",))
    one_order(m)
    eventually(lambda: len(hooks.partner()) == 1)
    first = deliveries(m)[0]
    replayed = m.http_client().post(f"/_mock/webhooks/deliveries/{first['id']}/replay").json()["data"]
    assert replayed["replay_of"] == first["id"] and replayed["id"] != first["id"]
    eventually(lambda: len(hooks.partner()) == 2)
    a, b = hooks.partner()
    assert a.raw_body == b.raw_body and a.header("authorization") == b.header("authorization")
    missing = m.http_client().post("/_mock/webhooks/deliveries/999999/replay")
    assert (missing.status_code, missing.json()["code"]) == (404, 40401)


@pytest.mark.tokopedia_mock(webhook_queue_size=2)
def test_the_queue_is_bounded(tokopedia_mock: TokopediaMock) -> None:
    m = tokopedia_mock
    hooks = m.webhooks(subscribe=False)
    hooks.subscribe(("ORDER_STATUS_CHANGE",))
    m.http_client().post("/_mock/webhooks/pause")
    for _ in range(3):
        one_order(m)
    states = [d["state"] for d in deliveries(m)]
    assert states == ["queued", "queued", "dropped"]
    stats = m.http_client().get("/_mock/webhooks/deliveries").json()["data"]["stats"]
    assert (stats["waiting"], stats["dropped"], stats["queue_size"]) == (2, 1, 2)


@pytest.mark.tokopedia_mock(webhook_log_size=3)
def test_the_log_keeps_the_newest_finished_deliveries(tokopedia_mock: TokopediaMock) -> None:
    m = tokopedia_mock
    hooks = m.webhooks(subscribe=False)
    hooks.subscribe(("ORDER_STATUS_CHANGE",))
    for _ in range(5):
        one_order(m)
    eventually(lambda: len(hooks.partner()) == 5)
    eventually(settled(m))
    assert [d["id"] for d in deliveries(m)] == [3, 4, 5]


def test_one_shops_notifications_arrive_in_order(tokopedia_mock: TokopediaMock) -> None:
    m = tokopedia_mock
    hooks = m.webhooks(subscribe=False)
    hooks.subscribe(("ORDER_STATUS_CHANGE",))
    ids = [one_order(m) for _ in range(6)]
    eventually(lambda: len(hooks.partner()) == 6)
    assert [w.data["order_id"] for w in hooks.partner()] == ids


def test_the_log_filters_and_shows_each_request(tokopedia_mock: TokopediaMock) -> None:
    m = tokopedia_mock
    hooks = m.webhooks()
    order_id = one_order(m)
    eventually(lambda: len(hooks.partner()) == 1)
    (d,) = deliveries(m, topic="ORDER_STATUS_CHANGE", dialect="partner")
    assert d["event"]["type"] == "order.created" and d["shop_id"] == m.shop().id and d["url"] == hooks.url()
    assert d["request"]["headers"]["Authorization"] == hooks.partner()[0].header("authorization")
    assert f'"order_id":"{order_id}"' in d["request"]["body"]
    assert deliveries(m, dialect="legacy") == []  # a TikTok order: nothing for the legacy API
    one = m.http_client().get(f"/_mock/webhooks/deliveries/{d['id']}").json()["data"]
    assert one["attempts"][0]["status"] == 200 and one["attempts"][0]["latency_ms"] >= 0
    bad = m.http_client().get("/_mock/webhooks/deliveries", params={"limit": "lots"})
    assert (bad.status_code, bad.json()["code"]) == (400, 36009004)


def test_secrets_are_never_logged(tokopedia_mock: TokopediaMock, caplog: pytest.LogCaptureFixture) -> None:
    m = tokopedia_mock
    caplog.set_level(logging.DEBUG)
    hooks = m.webhooks()
    order_id = control(m.http_client(), "/orders", {"shop": "migrated", "commerce_platform": "TOKOPEDIA"})["order"][
        "id"
    ]
    control(m.http_client(), f"/orders/{order_id}/pay")
    hooks.wait_for("order_notification")
    shown = m.http_client().get("/_mock/webhooks/deliveries", params={"limit": 1000}).text
    for secret in (m.app_secret, hooks.legacy_secret):
        assert secret not in shown and secret not in caplog.text
    assert "Authorization-Hmac" in shown  # the signature is shown: it is what the receiver gets


def test_a_reset_empties_the_log_and_keeps_listening(tokopedia_mock: TokopediaMock) -> None:
    m = tokopedia_mock
    hooks = m.webhooks(subscribe=False)
    hooks.subscribe(("ORDER_STATUS_CHANGE",))
    one_order(m)
    eventually(lambda: len(hooks.partner()) == 1)
    assert m.http_client().post("/_mock/reset").status_code == 200
    assert deliveries(m) == [] and hooks.partner() == []
    one_order(m)  # the subscription was state: gone with the reset
    eventually(settled(m))
    assert deliveries(m) == []
    hooks.subscribe(("ORDER_STATUS_CHANGE",))
    order_id = one_order(m)
    assert hooks.wait_for("ORDER_STATUS_CHANGE", order_id=order_id).data["order_status"] == "UNPAID"


def test_same_seed_same_notifications(tokopedia_mock: TokopediaMock) -> None:
    def run(m: TokopediaMock) -> list[bytes]:
        hooks = m.webhooks()
        order_id = control(m.http_client(), "/orders", {"shop": "migrated", "commerce_platform": "TOKOPEDIA"})["order"][
            "id"
        ]
        control(m.http_client(), f"/orders/{order_id}/advance", {"to": "COMPLETED"})
        hooks.wait_for("ORDER_STATUS_CHANGE", order_status="COMPLETED")
        hooks.wait_for("order_status", order_status=700)
        eventually(settled(m))
        bodies = [w.raw_body for w in hooks.received()]
        return sorted(bodies)

    first = run(tokopedia_mock)
    other = TokopediaMock.in_process(tokopedia_mock.settings)  # the same frozen clock: the same times
    try:
        assert run(other) == first and len(first) > 10
    finally:
        other.close()


def test_a_payload_bug_never_fails_the_change(tokopedia_mock: TokopediaMock, monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(*args: Any) -> list[Any]:
        raise KeyError("boom")

    monkeypatch.setattr(engine_module, "MAPPERS", (broken,))
    order_id = one_order(tokopedia_mock)  # answered normally
    assert order_id in tokopedia_mock.mock.store.orders
    assert list(engine_of(tokopedia_mock).mapping_errors) == ["event 1 order.created: KeyError('boom')"]


def test_the_receiver_refuses_bad_names_and_behaviours(tokopedia_mock: TokopediaMock) -> None:
    http = tokopedia_mock.http_client()
    assert http.post("/_mock/webhooks/receiver/a b").status_code == 400
    assert http.post("/_mock/webhooks/receiver/ok?status=99").json()["code"] == 36009004
    assert http.post("/_mock/webhooks/receiver/ok?delay=31").json()["code"] == 36009004
    assert http.post("/_mock/webhooks/receiver/ok?status=418", content=b"{}").status_code == 418
    got = http.get("/_mock/webhooks/receiver/ok").json()["data"]["received"]
    assert [r["body"] for r in got] == ["{}"]
    http.delete("/_mock/webhooks/receiver/ok")
    assert http.get("/_mock/webhooks/receiver/ok").json()["data"]["received"] == []
