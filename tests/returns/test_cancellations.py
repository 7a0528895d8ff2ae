"""Cancellations through the Partner API: every transition, and the documented error of each refused step."""

from __future__ import annotations

import pytest

from mockserver.clock import FrozenClock
from mockserver.runtime import Mock
from mockserver.testing import PartnerClient
from tests.orders.conftest import detail
from tests.returns.conftest import (
    CANCEL_REASON,
    REFUND_REASON,
    REJECT_CANCEL_REASON,
    SELLER_CANCEL_REASON,
    Buyer,
    R,
    cancellations,
    fails,
    ok,
    one_cancellation,
    stock,
)


def cancel_order(client: PartnerClient, order_id: str, reason: str = SELLER_CANCEL_REASON, **body: object) -> object:
    return client.post(f"{R}/cancellations", json={"order_id": order_id, "cancel_reason": reason, **body})


def reject(client: PartnerClient, cancel_id: str, reason: str = REJECT_CANCEL_REASON, **body: object) -> object:
    return client.post(f"{R}/cancellations/{cancel_id}/reject", json={"reject_reason": reason, **body})


# --- the seller cancels ----------------------------------------------------------------------------------------------
def test_cancel_order_cancels_at_once_and_returns_the_stock(
    client: PartnerClient, buyer: Buyer, mock: Mock, sku: str
) -> None:
    before = stock(mock, sku)
    order = buyer.order(sku, 3)
    answer = ok(cancel_order(client, order["id"]))
    assert answer["cancel_status"] == "CANCELLATION_REQUEST_SUCCESS"
    shown = detail(client, order["id"])
    assert (shown["status"], shown["cancellation_initiator"], shown["cancel_reason"]) == (
        "CANCELLED",
        "SELLER",
        "Out of stock",
    )
    assert {li["cancel_user"] for li in shown["line_items"]} == {"SELLER"}
    assert stock(mock, sku) == before
    found = one_cancellation(client, answer["cancel_id"])
    assert (found["cancel_type"], found["role"], len(found["cancel_line_items"])) == ("CANCEL", "SELLER", 3)
    assert "seller_next_action_response" not in found


def test_cancel_order_of_an_unpaid_order_refunds_nothing(client: PartnerClient, buyer: Buyer, sku: str) -> None:
    order = buyer.place(items=[{"sku_id": sku, "quantity": 1}])
    answer = ok(cancel_order(client, order["id"], "seller_cancel_unpaid_reason_buyer_not_paid"))
    assert one_cancellation(client, answer["cancel_id"])["refund_amount"]["refund_total"] == "0"


@pytest.mark.parametrize(
    ("reason", "code"),
    [
        ("no_such_reason", 25001014),
        (CANCEL_REASON, 25001015),  # the buyer's
        ("seller_cancel_unable_to_deliver_to_buyer_address", 25001020),  # removed in ID (2024-03-01)
        ("seller_cancel_paid_reason_address_not_deliver", 25001020),  # removed in ID (2025-08-31)
        ("seller_cancel_unpaid_reason_buyer_not_paid", 25001021),  # the order is paid
        (REFUND_REASON, 25001021),  # not a cancellation reason
    ],
)
def test_cancel_order_reasons(client: PartnerClient, buyer: Buyer, sku: str, reason: str, code: int) -> None:
    order = buyer.order(sku)
    fails(cancel_order(client, order["id"], reason), code)
    assert detail(client, order["id"])["status"] == "AWAITING_SHIPMENT"


def test_cancel_order_refusals(client: PartnerClient, other_shop_client: PartnerClient, buyer: Buyer, sku: str) -> None:
    order = buyer.order(sku, 2)
    line_ids = [li["id"] for li in order["line_items"]]
    fails(cancel_order(client, order["id"], order_line_item_ids=line_ids[:1]), 25005010)  # item level: US/UK only
    fails(cancel_order(client, order["id"], skus=[{"sku_id": sku, "quantity": 3}]), 25005011)
    fails(cancel_order(client, order["id"], order_line_item_ids=["577000000000000000"]), 25001001)
    fails(cancel_order(other_shop_client, order["id"]), 25020005)
    fails(cancel_order(client, "577000000000000001"), 25020005)
    ok(cancel_order(client, order["id"], order_line_item_ids=line_ids))  # naming every unit is the whole order
    fails(cancel_order(client, order["id"]), 25001011)  # already cancelled
    shipped = buyer.advance(buyer.order(sku)["id"], "IN_TRANSIT")
    fails(cancel_order(client, shipped["id"]), 25001045)
    delivered = buyer.advance(shipped["id"], "DELIVERED")
    fails(cancel_order(client, delivered["id"]), 25001051)


def test_cancel_order_while_the_buyer_asked_is_in_process(client: PartnerClient, buyer: Buyer, sku: str) -> None:
    order = buyer.order(sku)
    buyer.cancel(order["id"])
    fails(cancel_order(client, order["id"]), 25001011)


# --- the buyer asks, the seller decides -------------------------------------------------------------------------------
def test_a_request_flags_the_order_until_decided(
    client: PartnerClient, buyer: Buyer, sku: str, clock: FrozenClock
) -> None:
    order = buyer.order(sku)
    pending = buyer.cancel(order["id"], reason=CANCEL_REASON)
    shown = detail(client, order["id"])
    assert shown["is_buyer_request_cancel"] and shown["request_cancel_time"] == clock.now_s()
    found = one_cancellation(client, pending["cancel_id"])
    assert found["seller_next_action_response"] == [
        {"action": "SELLER_RESPOND_CANCEL", "deadline": clock.now_s() + 24 * 3600}
    ]
    ok(reject(client, pending["cancel_id"], comment="Sudah dikemas"))
    assert not detail(client, order["id"])["is_buyer_request_cancel"]
    assert detail(client, order["id"])["status"] == "AWAITING_SHIPMENT"


def test_approve_twice_reject_after_approval_and_approve_after_rejection(
    client: PartnerClient, buyer: Buyer, sku: str
) -> None:
    first = buyer.cancel(buyer.order(sku)["id"])
    ok(client.post(f"{R}/cancellations/{first['cancel_id']}/approve"))
    fails(client.post(f"{R}/cancellations/{first['cancel_id']}/approve"), 25011012)
    fails(reject(client, first["cancel_id"]), 25020010)
    second = buyer.cancel(buyer.order(sku)["id"])
    ok(reject(client, second["cancel_id"]))
    fails(client.post(f"{R}/cancellations/{second['cancel_id']}/approve"), 25020009)
    fails(reject(client, second["cancel_id"]), 25020009)


@pytest.mark.parametrize(
    ("reason", "code"),
    [
        ("nope", 25001014),
        ("seller_reject_receive_package_empty_package", 25001057),  # a return package's rejection reason
        (CANCEL_REASON, 25001016),  # not a rejection reason
        ("seller_reject_apply_buyer_did_not_contact_seller", 25001020),  # offline
    ],
)
def test_reject_reasons(client: PartnerClient, buyer: Buyer, sku: str, reason: str, code: int) -> None:
    pending = buyer.cancel(buyer.order(sku)["id"])
    fails(reject(client, pending["cancel_id"], reason), code)
    assert one_cancellation(client, pending["cancel_id"])["cancel_status"] == "CANCELLATION_REQUEST_PENDING"


def test_another_shops_or_an_unknown_cancellation(
    client: PartnerClient, other_shop_client: PartnerClient, buyer: Buyer, sku: str
) -> None:
    pending = buyer.cancel(buyer.order(sku)["id"])
    fails(other_shop_client.post(f"{R}/cancellations/{pending['cancel_id']}/approve"), 25020005)
    fails(reject(other_shop_client, pending["cancel_id"]), 25020005)
    fails(client.post(f"{R}/cancellations/4035000000000000000/approve"), 25007006)
    assert cancellations(other_shop_client, {"cancel_ids": [pending["cancel_id"]]}) == []


def test_approving_after_the_parcel_left_is_refused(client: PartnerClient, buyer: Buyer, sku: str) -> None:
    order = buyer.advance(buyer.order(sku)["id"], "AWAITING_COLLECTION")
    pending = buyer.cancel(order["id"])  # between ready-to-ship and collection, as the SEA changelog allows
    buyer.call(f"/packages/{order['packages'][0]['id']}/collect")
    fails(client.post(f"{R}/cancellations/{pending['cancel_id']}/approve"), 25001045)
    ok(reject(client, pending["cancel_id"], "seller_reject_apply_product_has_been_shipped"))


def test_unpaid_and_on_hold_orders_are_cancelled_at_once(client: PartnerClient, buyer: Buyer, sku: str) -> None:
    unpaid = buyer.place(items=[{"sku_id": sku, "quantity": 1}])
    c = buyer.cancel(unpaid["id"], reason="ecom_order_unpaid_canceled_reason_no_longer_needed")
    assert (
        c["cancel_status"] == "CANCELLATION_REQUEST_SUCCESS" and detail(client, unpaid["id"])["status"] == "CANCELLED"
    )
    held = buyer.paid(items=[{"sku_id": sku, "quantity": 1}], on_hold=True)
    assert buyer.cancel(held["id"])["cancel_status"] == "CANCELLATION_REQUEST_SUCCESS"
    assert detail(client, held["id"])["cancellation_initiator"] == "BUYER"


def test_the_buyer_withdraws(client: PartnerClient, buyer: Buyer, sku: str) -> None:
    order = buyer.order(sku)
    pending = buyer.cancel(order["id"])
    view = buyer.step(f"/cancellations/{pending['cancel_id']}/withdraw")
    assert view["cancellation"]["cancel_status"] == "CANCELLATION_REQUEST_CANCELLED"
    assert [r["role"] for r in view["records"]] == ["BUYER", "BUYER"]
    assert not detail(client, order["id"])["is_buyer_request_cancel"]
    fails(client.post(f"{R}/cancellations/{pending['cancel_id']}/approve"), 25020009)


def test_the_platform_decides(client: PartnerClient, buyer: Buyer, sku: str) -> None:
    approved = buyer.cancel(buyer.order(sku)["id"])
    view = buyer.step(f"/cancellations/{approved['cancel_id']}/decide", {"decision": "APPROVE"})
    assert view["cancellation"]["cancel_status"] == "CANCELLATION_REQUEST_SUCCESS"
    assert view["records"][-1]["role"] == "OPERATOR" and view["order"]["status"] == "CANCELLED"
    closed = buyer.cancel(buyer.order(sku)["id"])
    view = buyer.step(f"/cancellations/{closed['cancel_id']}/decide", {"decision": "CLOSE"})
    assert view["cancellation"]["cancel_status"] == "CANCELLATION_REQUEST_CANCELLED"


def test_an_order_cancelled_another_way_settles_the_request(client: PartnerClient, buyer: Buyer, sku: str) -> None:
    order = buyer.order(sku)
    pending = buyer.cancel(order["id"])
    buyer.call(f"/orders/{order['id']}/cancel", {"by": "SELLER", "reason": "Out of stock"})
    assert one_cancellation(client, pending["cancel_id"])["cancel_status"] == "CANCELLATION_REQUEST_SUCCESS"


def test_the_old_request_cancel_step_opens_a_cancellation(client: PartnerClient, buyer: Buyer, sku: str) -> None:
    order = buyer.order(sku)
    buyer.call(f"/orders/{order['id']}/request_cancel")
    (found,) = cancellations(client, {"order_ids": [order["id"]]})
    assert found["cancel_status"] == "CANCELLATION_REQUEST_PENDING"
    assert buyer.call(f"/orders/{order['id']}/request_cancel", ok=False).status_code == 409


# --- search ---------------------------------------------------------------------------------------------------------
def test_search_filters_sorts_and_pages(client: PartnerClient, buyer: Buyer, sku: str, clock: FrozenClock) -> None:
    mine = []
    for _ in range(3):
        mine.append(buyer.cancel(buyer.order(sku)["id"])["cancel_id"])
        clock.advance(60)
    since = {"create_time_ge": clock.now_s() - 180}
    assert [c["cancel_id"] for c in cancellations(client, since)] == mine
    assert [c["cancel_id"] for c in cancellations(client, since, sort_order="DESC")] == mine[::-1]
    page = ok(client.post(f"{R}/cancellations/search", query={"page_size": 2}, json=since))
    rest = ok(client.post(f"{R}/cancellations/search", query={"page_size": 2, "page_token": page["next_page_token"]},
                          json=since))  # fmt: skip
    assert [c["cancel_id"] for c in page["cancellations"] + rest["cancellations"]] == mine
    assert page["total_count"] == 3 and rest["next_page_token"] == ""
    ok(client.post(f"{R}/cancellations/{mine[0]}/reject", json={"reject_reason": REJECT_CANCEL_REASON}))
    closed = {"cancel_status": ["CANCELLATION_REQUEST_CANCEL"], **since}  # the filter's spelling
    assert [c["cancel_id"] for c in cancellations(client, closed)] == [mine[0]]
    assert cancellations(client, {"cancel_types": ["CANCEL"], **since}) == []
    fails(client.post(f"{R}/cancellations/search", query={"page_size": 2, "page_token": "bm9wZQ=="}, json={}), 25001001)
    fails(client.post(f"{R}/cancellations/search", query={"page_size": 51}, json={}), 25001001)
    fails(
        client.post(f"{R}/cancellations/search", query={"page_size": 10}, json={"cancel_status": ["X"]}), 36009004, 400
    )
