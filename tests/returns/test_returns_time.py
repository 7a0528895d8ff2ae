"""Deadlines on the mock clock (what the platform does when a window lapses, Settings for each window) and the
domain events each change emits, in the shape the webhook and finance engineers map."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from mockserver import Settings, create_app
from mockserver.clock import FrozenClock
from mockserver.runtime import Mock
from mockserver.testing import PartnerClient
from tests.orders.conftest import detail, stocked_sku
from tests.returns.conftest import (
    REJECT_CANCEL_REASON,
    RETURN_REASON,
    Buyer,
    R,
    approve,
    ok,
    one_cancellation,
    one_return,
    stock,
)

HOUR = 3600


def events(http: httpx.Client, since: int, kind: str, subject: str | None = None) -> list[dict[str, Any]]:
    query = {"since": since, "type": kind, **({"subject": subject} if subject else {})}
    found: list[dict[str, Any]] = http.get("/_mock/events", params=query).json()["data"]["events"]
    return found


def last_seq(http: httpx.Client) -> int:
    seq: int = http.get("/_mock/events").json()["data"]["last_seq"]
    return seq


def test_the_platform_approves_a_cancellation_the_seller_left_unanswered(
    client: PartnerClient, buyer: Buyer, sku: str, clock: FrozenClock, mock: Mock
) -> None:
    order = buyer.order(sku)
    pending = buyer.cancel(order["id"])
    clock.advance(mock.settings.cancel_response_seconds - 1)
    assert one_cancellation(client, pending["cancel_id"])["cancel_status"] == "CANCELLATION_REQUEST_PENDING"
    since = last_seq(client.http)
    clock.advance(1)
    assert one_cancellation(client, pending["cancel_id"])["cancel_status"] == "CANCELLATION_REQUEST_SUCCESS"
    assert detail(client, order["id"])["status"] == "CANCELLED"
    (changed,) = events(client.http, since, "cancellation.status_changed")
    assert (changed["data"]["by"], changed["time"]) == ("SYSTEM", pending["create_time"] + HOUR * 24)


def test_a_request_whose_parcel_left_is_closed_when_the_window_lapses(
    client: PartnerClient, buyer: Buyer, sku: str, clock: FrozenClock, mock: Mock
) -> None:
    order = buyer.advance(buyer.order(sku)["id"], "AWAITING_COLLECTION")
    pending = buyer.cancel(order["id"])
    buyer.call(f"/packages/{order['packages'][0]['id']}/collect")
    clock.advance(mock.settings.cancel_response_seconds)
    assert one_cancellation(client, pending["cancel_id"])["cancel_status"] == "CANCELLATION_REQUEST_CANCELLED"
    shown = detail(client, order["id"])
    assert shown["status"] == "IN_TRANSIT" and not shown["is_buyer_request_cancel"]


def test_a_decided_request_ignores_its_old_deadline(
    client: PartnerClient, buyer: Buyer, sku: str, clock: FrozenClock, mock: Mock
) -> None:
    pending = buyer.cancel(buyer.order(sku)["id"])
    ok(client.post(f"{R}/cancellations/{pending['cancel_id']}/reject", json={"reject_reason": REJECT_CANCEL_REASON}))
    clock.advance(mock.settings.cancel_response_seconds * 2)
    assert one_cancellation(client, pending["cancel_id"])["cancel_status"] == "CANCELLATION_REQUEST_CANCELLED"


@pytest.mark.parametrize(
    ("kind", "expected"),
    [
        ("REFUND", "RETURN_OR_REFUND_REQUEST_SUCCESS"),
        ("RETURN_AND_REFUND", "AWAITING_BUYER_SHIP"),
        ("REPLACEMENT", "REPLACEMENT_REQUEST_COMPLETE"),
    ],
)
def test_the_platform_approves_a_return_the_seller_left_unanswered(
    client: PartnerClient, buyer: Buyer, sku: str, clock: FrozenClock, mock: Mock, kind: str, expected: str
) -> None:
    ret = buyer.ask_return(buyer.delivered(sku)["id"], kind)
    clock.advance(mock.settings.return_response_seconds)
    found = one_return(client, ret["return_id"])
    assert found["return_status"] == expected
    records = ok(client.get(f"{R}/returns/{ret['return_id']}/records"))["records"]
    assert records[-1]["role"] == "SYSTEM"


def test_an_unshipped_return_is_closed_then_a_delivered_one_accepted(
    client: PartnerClient, buyer: Buyer, sku: str, clock: FrozenClock, mock: Mock
) -> None:
    late = buyer.ask_return(buyer.delivered(sku)["id"], reason=RETURN_REASON)
    ok(approve(client, late["return_id"], "APPROVE_RETURN"))
    arriving = buyer.ask_return(buyer.delivered(sku)["id"], reason=RETURN_REASON)
    ok(approve(client, arriving["return_id"], "APPROVE_RETURN"))
    buyer.step(f"/returns/{arriving['return_id']}/ship")
    buyer.step(f"/returns/{arriving['return_id']}/deliver")
    before = stock(mock, sku)
    clock.advance(max(mock.settings.return_ship_seconds, mock.settings.return_receive_seconds))
    assert buyer.show(f"/returns/{late['return_id']}")["return"]["return_status"] == "RETURN_OR_REFUND_REQUEST_CANCEL"
    done = buyer.show(f"/returns/{arriving['return_id']}")["return"]
    assert done["return_status"] == "RETURN_OR_REFUND_REQUEST_COMPLETE"
    assert stock(mock, sku) == (before[0] + 1, before[1])


def test_an_unanswered_partial_refund_offer_counts_as_declined(
    client: PartnerClient, buyer: Buyer, sku: str, clock: FrozenClock, mock: Mock
) -> None:
    ret = buyer.ask_return(buyer.delivered(sku)["id"], "REFUND")
    offer = {"partial_refund": {"currency": "IDR", "amount": "1000"}}
    ok(approve(client, ret["return_id"], "OFFER_PARTIAL_REFUND", **offer))
    clock.advance(mock.settings.partial_refund_response_seconds)
    found = one_return(client, ret["return_id"])
    assert (found["return_status"], found["buyer_rejected_partial_refund"]) == (
        "RETURN_OR_REFUND_REQUEST_PENDING",
        True,
    )


def test_the_windows_are_settings(clock: FrozenClock) -> None:
    app = create_app(Settings(clock=clock, cancel_response_seconds=60, refund_seconds=0, validate_responses=True))
    client = PartnerClient.in_process(app)
    buyer = Buyer(client.http)
    pending = buyer.cancel(buyer.order(stocked_sku(app.state.mock, 5))["id"])
    assert one_cancellation(client, pending["cancel_id"])["seller_next_action_response"][0]["deadline"] == (
        clock.now_s() + 60
    )
    clock.advance(60)
    assert one_cancellation(client, pending["cancel_id"])["cancel_status"] == "CANCELLATION_REQUEST_COMPLETE"


# --- events -----------------------------------------------------------------------------------------------------------
def test_each_change_emits_its_event(client: PartnerClient, buyer: Buyer, sku: str, clock: FrozenClock) -> None:
    since = last_seq(client.http)
    order = buyer.order(sku)
    pending = buyer.cancel(order["id"])
    ok(client.post(f"{R}/cancellations/{pending['cancel_id']}/approve"))
    clock.advance(HOUR)
    one_cancellation(client, pending["cancel_id"])
    changes = events(client.http, since, "cancellation.status_changed", pending["cancel_id"])
    assert [(e["data"]["before"], e["data"]["status"], e["data"]["by"]) for e in changes] == [
        (None, "CANCELLATION_REQUEST_PENDING", "BUYER"),
        ("CANCELLATION_REQUEST_PENDING", "CANCELLATION_REQUEST_SUCCESS", "SELLER"),
        ("CANCELLATION_REQUEST_SUCCESS", "CANCELLATION_REQUEST_COMPLETE", "SYSTEM"),
    ]
    assert set(changes[0]["data"]) == {
        "order_id", "cancel_id", "status", "before", "role", "create_time", "update_time", "by",
    }  # fmt: skip
    assert {e["data"]["role"] for e in changes} == {"BUYER"} and changes[0]["data"]["order_id"] == order["id"]
    orders = events(client.http, since, "order.status_changed", order["id"])  # (seeded orders move meanwhile too)
    assert [e["data"]["after"] for e in orders][-1] == "CANCELLED"
    refund = events(client.http, since, "refund.completed", pending["cancel_id"])
    assert [e["data"]["cancel_id"] for e in refund] == [pending["cancel_id"]]


def test_return_events_carry_the_type(client: PartnerClient, buyer: Buyer, sku: str) -> None:
    since = last_seq(client.http)
    ret = buyer.ask_return(buyer.delivered(sku)["id"], reason=RETURN_REASON)
    ok(approve(client, ret["return_id"], "APPROVE_RETURN"))
    buyer.step(f"/returns/{ret['return_id']}/ship")
    buyer.step(f"/returns/{ret['return_id']}/deliver")
    changes = events(client.http, since, "return.")
    assert [(e["type"], e["data"]["status"]) for e in changes] == [
        ("return.status_changed", "RETURN_OR_REFUND_REQUEST_PENDING"),
        ("return.status_changed", "AWAITING_BUYER_SHIP"),
        ("return.status_changed", "BUYER_SHIPPED_ITEM"),
        ("return.updated", "BUYER_SHIPPED_ITEM"),
    ]
    assert set(changes[0]["data"]) == {
        "order_id", "return_id", "status", "before", "role", "type", "create_time", "update_time", "by",
    }  # fmt: skip
    assert changes[0]["data"]["type"] == "RETURN_AND_REFUND" and changes[-1]["data"]["what"] == "package_delivered"


def test_a_refused_step_changes_nothing(client: PartnerClient, buyer: Buyer, sku: str) -> None:
    ret = buyer.ask_return(buyer.delivered(sku)["id"], "REFUND")
    before, since = one_return(client, ret["return_id"]), last_seq(client.http)
    assert client.post(f"{R}/returns/{ret['return_id']}/approve", json={"decision": "APPROVE_RETURN"}).json()["code"]
    assert events(client.http, since, "return.") == [] and one_return(client, ret["return_id"]) == before
