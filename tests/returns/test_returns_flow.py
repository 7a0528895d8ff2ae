"""Returns through the Partner API and the control plane: each transition of refund only, return and refund and
replacement, the partial refund offer, arbitration, and the documented error of each refused step."""

from __future__ import annotations

from typing import Any

import pytest

from mockserver import Settings, create_app
from mockserver.clock import FrozenClock
from mockserver.runtime import Mock
from mockserver.testing import PartnerClient
from tests.returns.conftest import (
    CHANGED_MIND,
    REFUND_REASON,
    RETURN_REASON,
    Buyer,
    R,
    approve,
    fails,
    ok,
    one_return,
    reject,
    stock,
)

AGREED = "seller_reject_apply_you_have_reached_an_agreement_with_the_buyer"
DAMAGED_BY_BUYER = "seller_reject_receive_package_product_damaged_by_buyer"
SELLER_REFUND = "ecom_order_delivered_refund_reason_missing_product_seller"


def status(client: PartnerClient, return_id: str) -> str:
    found: str = one_return(client, return_id)["return_status"]
    return found


@pytest.fixture
def delivered(buyer: Buyer, sku: str) -> dict[str, Any]:
    return buyer.delivered(sku, 2)


def shipped_back(client: PartnerClient, buyer: Buyer, order: dict[str, Any], *, arrive: bool = True) -> str:
    ret = buyer.ask_return(order["id"], reason=RETURN_REASON)
    ok(approve(client, ret["return_id"], "APPROVE_RETURN"))
    buyer.step(f"/returns/{ret['return_id']}/ship")
    if arrive:
        buyer.step(f"/returns/{ret['return_id']}/deliver")
    return str(ret["return_id"])


# --- refund only ------------------------------------------------------------------------------------------------------
def test_refund_only(client: PartnerClient, buyer: Buyer, delivered: dict[str, Any]) -> None:
    ret = buyer.ask_return(delivered["id"], "REFUND", reason=REFUND_REASON)
    assert ret["can_buyer_keep_item"] and ret["seller_next_action_response"][0]["action"] == "SELLER_RESPOND_REFUND"
    fails(approve(client, ret["return_id"], "APPROVE_RETURN"), 25020004)
    fails(approve(client, ret["return_id"], "APPROVE_RECEIVED_PACKAGE"), 25020004)
    ok(approve(client, ret["return_id"], "APPROVE_REFUND"))
    assert status(client, ret["return_id"]) == "RETURN_OR_REFUND_REQUEST_SUCCESS"
    fails(approve(client, ret["return_id"], "APPROVE_REFUND"), 25011012)
    fails(reject(client, ret["return_id"], "REJECT_REFUND", AGREED), 25020010)


def test_refund_rejected_then_the_platform_supports_the_buyer(
    client: PartnerClient, buyer: Buyer, delivered: dict[str, Any]
) -> None:
    ret = buyer.ask_return(delivered["id"], "REFUND", reason=REFUND_REASON)
    fails(reject(client, ret["return_id"], "REJECT_RETURN", AGREED), 25020004)
    ok(reject(client, ret["return_id"], "REJECT_REFUND", "seller_reject_apply_product_was_sent_complete", comment="x"))
    assert status(client, ret["return_id"]) == "REFUND_OR_RETURN_REQUEST_REJECT"
    buyer.step(f"/returns/{ret['return_id']}/appeal")
    assert one_return(client, ret["return_id"])["arbitration_status"] == "IN_PROGRESS"
    fails(approve(client, ret["return_id"], "APPROVE_REFUND"), 25011010)
    fails(reject(client, ret["return_id"], "REJECT_REFUND", AGREED), 25011010)
    view = buyer.step(f"/returns/{ret['return_id']}/arbitrate", {"decision": "SUPPORT_BUYER"})
    assert view["return"]["return_status"] == "RETURN_OR_REFUND_REQUEST_SUCCESS"
    assert view["return"]["arbitration_status"] == "SUPPORT_BUYER" and view["records"][-1]["role"] == "OPERATOR"


def test_the_platform_supports_the_seller(client: PartnerClient, buyer: Buyer, delivered: dict[str, Any]) -> None:
    ret = buyer.ask_return(delivered["id"], "REFUND", reason=REFUND_REASON)
    ok(reject(client, ret["return_id"], "REJECT_REFUND", AGREED))
    view = buyer.step(f"/returns/{ret['return_id']}/arbitrate", {"decision": "SUPPORT_SELLER"})
    assert (view["return"]["return_status"], view["return"]["arbitration_status"]) == (
        "REFUND_OR_RETURN_REQUEST_REJECT",
        "SUPPORT_SELLER",
    )


# --- return and refund ------------------------------------------------------------------------------------------------
def test_return_and_refund_restocks_what_comes_back(
    client: PartnerClient, buyer: Buyer, mock: Mock, sku: str, delivered: dict[str, Any]
) -> None:
    before = stock(mock, sku)
    ret = buyer.ask_return(delivered["id"], reason=RETURN_REASON, skus=[{"sku_id": sku, "quantity": 1}])
    assert len(ret["return_line_items"]) == 1
    fails(approve(client, ret["return_id"], "APPROVE_RECEIVED_PACKAGE"), 25011013)
    ok(approve(client, ret["return_id"], "APPROVE_RETURN"))
    assert status(client, ret["return_id"]) == "AWAITING_BUYER_SHIP"
    fails(reject(client, ret["return_id"], "REJECT_RETURN", AGREED), 25020010)
    view = buyer.step(f"/returns/{ret['return_id']}/ship", {"tracking_number": "JP1234567890"})
    assert (
        view["return"]["return_tracking_number"] == "JP1234567890"
        and "seller_next_action_response" not in view["return"]
    )
    fails(reject(client, ret["return_id"], "REJECT_RECEIVED_PACKAGE", DAMAGED_BY_BUYER), 25011035)  # not arrived
    view = buyer.step(f"/returns/{ret['return_id']}/deliver")
    assert view["return"]["seller_next_action_response"][0]["action"] == "SELLER_RESPOND_RECEIVE_PACKAGE"
    assert stock(mock, sku) == before
    ok(approve(client, ret["return_id"], "APPROVE_RECEIVED_PACKAGE"))
    assert stock(mock, sku) == (before[0] + 1, before[1])
    fails(reject(client, ret["return_id"], "REJECT_RECEIVED_PACKAGE", DAMAGED_BY_BUYER), 25020011)


def test_a_rejected_package_is_not_restocked(
    client: PartnerClient, buyer: Buyer, mock: Mock, sku: str, delivered: dict[str, Any]
) -> None:
    before = stock(mock, sku)
    return_id = shipped_back(client, buyer, delivered)
    fails(reject(client, return_id, "REJECT_RECEIVED_PACKAGE", AGREED), 25001057)  # not a package reason
    ok(reject(client, return_id, "REJECT_RECEIVED_PACKAGE", DAMAGED_BY_BUYER, images=[{"image_id": "tos/x"}]))
    assert status(client, return_id) == "REJECT_RECEIVE_PACKAGE" and stock(mock, sku) == before
    records = ok(client.get(f"{R}/returns/{return_id}/records"))["records"]
    assert records[-1]["images"][0]["url"].endswith("/img/tos/x")


def test_approved_before_it_arrives_restocks_on_arrival(
    client: PartnerClient, buyer: Buyer, mock: Mock, sku: str, delivered: dict[str, Any]
) -> None:
    before = stock(mock, sku)
    return_id = shipped_back(client, buyer, delivered, arrive=False)
    ok(approve(client, return_id, "APPROVE_RECEIVED_PACKAGE"))
    assert stock(mock, sku) == before
    buyer.step(f"/returns/{return_id}/deliver")
    assert stock(mock, sku) == (before[0] + 2, before[1])


def test_returnless_refund(
    client: PartnerClient, buyer: Buyer, mock: Mock, sku: str, delivered: dict[str, Any]
) -> None:
    before = stock(mock, sku)
    ret = buyer.ask_return(delivered["id"], reason=RETURN_REASON)
    ok(approve(client, ret["return_id"], "APPROVE_RETURN", buyer_keep_item=True))
    found = one_return(client, ret["return_id"])
    assert (found["return_status"], found["can_buyer_keep_item"]) == ("RETURN_OR_REFUND_REQUEST_SUCCESS", True)
    assert stock(mock, sku) == before


def test_a_return_reject_and_the_appeal_sends_it_back_to_the_buyer(
    client: PartnerClient, buyer: Buyer, delivered: dict[str, Any]
) -> None:
    ret = buyer.ask_return(delivered["id"], reason=RETURN_REASON)
    ok(reject(client, ret["return_id"], "REJECT_RETURN", "seller_reject_apply_product_not_eligible_for_return"))
    view = buyer.step(f"/returns/{ret['return_id']}/arbitrate", {"decision": "SUPPORT_BUYER"})
    assert view["return"]["return_status"] == "AWAITING_BUYER_SHIP"


# --- partial refund offers -------------------------------------------------------------------------------------------
def offer(client: PartnerClient, return_id: str, amount: str) -> Any:
    return approve(client, return_id, "OFFER_PARTIAL_REFUND", partial_refund={"currency": "IDR", "amount": amount})


def test_a_partial_refund_offer_accepted(client: PartnerClient, buyer: Buyer, delivered: dict[str, Any]) -> None:
    ret = buyer.ask_return(delivered["id"], "REFUND", reason=REFUND_REASON)
    total = int(ret["refund_amount"]["refund_total"])
    fails(offer(client, ret["return_id"], str(total)), 25001001)  # not partial
    ok(offer(client, ret["return_id"], "10000"))
    found = one_return(client, ret["return_id"])
    assert (found["return_status"], found["seller_proposed_return_type"], found["partial_refund"]["amount"]) == (
        "AWAITING_BUYER_RESPONSE",
        "PARTIAL_REFUND",
        "10000",
    )
    fails(offer(client, ret["return_id"], "5000"), 25011032)
    view = buyer.step(f"/returns/{ret['return_id']}/respond", {"accept": True})
    assert view["return"]["return_status"] == "RETURN_OR_REFUND_REQUEST_SUCCESS"
    assert view["return"]["refund_amount"]["refund_total"] == "10000"
    assert sum(int(li["refund_amount"]["refund_total"]) for li in view["return"]["return_line_items"]) == 10000


def test_a_partial_refund_offer_declined(client: PartnerClient, buyer: Buyer, delivered: dict[str, Any]) -> None:
    ret = buyer.ask_return(delivered["id"], "REFUND", reason=REFUND_REASON)
    ok(offer(client, ret["return_id"], "10000"))
    view = buyer.step(f"/returns/{ret['return_id']}/respond", {"accept": False})
    assert view["return"]["return_status"] == "RETURN_OR_REFUND_REQUEST_PENDING"
    assert view["return"]["buyer_rejected_partial_refund"] is True


def test_a_partial_refund_after_the_package_arrived(
    client: PartnerClient, buyer: Buyer, delivered: dict[str, Any]
) -> None:
    return_id = shipped_back(client, buyer, delivered)
    body = {"decision": "OFFER_PARTIAL_REFUND_AFTER_RECEIVING_PKG", "reject_reason": DAMAGED_BY_BUYER,
            "partial_refund_amount": {"currency": "IDR", "partial_refund_total": "20000"}}  # fmt: skip
    ok(client.post(f"/return_refund/202606/returns/{return_id}/reject", json=body))
    assert status(client, return_id) == "AWAITING_BUYER_RESPONSE"
    view = buyer.step(f"/returns/{return_id}/respond", {"accept": True})
    assert view["return"]["refund_amount"]["refund_total"] == "20000"
    assert view["return"]["return_status"] == "RETURN_OR_REFUND_REQUEST_SUCCESS"


# --- replacement ------------------------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("decision", "expected"),
    [
        ("APPROVE_REPLACEMENT", "REPLACEMENT_REQUEST_COMPLETE"),
        ("ISSUE_REPLACEMENT_REFUND", "REPLACEMENT_REQUEST_REFUND_SUCCESS"),
    ],
)
def test_replacement_decisions(
    client: PartnerClient, buyer: Buyer, delivered: dict[str, Any], decision: str, expected: str
) -> None:
    ret = buyer.ask_return(delivered["id"], "REPLACEMENT")
    assert ret["return_status"] == "REPLACEMENT_REQUEST_PENDING"
    assert ret["seller_next_action_response"][0]["action"] == "SELLER_RESPOND_REPLACEMENT"
    fails(approve(client, ret["return_id"], "APPROVE_REFUND"), 25020004)
    ok(approve(client, ret["return_id"], decision))
    assert status(client, ret["return_id"]) == expected


def test_replacement_rejected_and_cancelled(client: PartnerClient, buyer: Buyer, sku: str) -> None:
    first = buyer.ask_return(buyer.delivered(sku)["id"], "REPLACEMENT")
    ok(reject(client, first["return_id"], "REJECT_REPLACEMENT", AGREED))
    assert status(client, first["return_id"]) == "REPLACEMENT_REQUEST_REJECT"
    second = buyer.ask_return(buyer.delivered(sku)["id"], "REPLACEMENT")
    assert (
        buyer.step(f"/returns/{second['return_id']}/cancel")["return"]["return_status"] == "REPLACEMENT_REQUEST_CANCEL"
    )
    fails(approve(client, second["return_id"], "APPROVE_REPLACEMENT"), 25020009)


# --- the buyer cancels, and what may not be asked -------------------------------------------------------------------
def test_the_buyer_cancels_a_return(client: PartnerClient, buyer: Buyer, delivered: dict[str, Any]) -> None:
    ret = buyer.ask_return(delivered["id"], reason=CHANGED_MIND)
    ok(approve(client, ret["return_id"], "APPROVE_RETURN"))
    assert (
        buyer.step(f"/returns/{ret['return_id']}/cancel")["return"]["return_status"]
        == "RETURN_OR_REFUND_REQUEST_CANCEL"
    )
    fails(approve(client, ret["return_id"], "APPROVE_RECEIVED_PACKAGE"), 25020009)
    again = buyer.ask_return(delivered["id"], reason=CHANGED_MIND)  # the units are free again
    assert again["return_id"] != ret["return_id"]


def test_units_in_a_request_cannot_be_asked_for_twice(
    client: PartnerClient, buyer: Buyer, sku: str, delivered: dict[str, Any]
) -> None:
    buyer.ask_return(delivered["id"], "REFUND", skus=[{"sku_id": sku, "quantity": 2}])
    r = buyer.call(f"/orders/{delivered['id']}/returns", {"type": "REFUND"}, ok=False)
    assert (r.status_code, r.json()["code"]) == (409, 40901)
    body = {
        "order_id": delivered["id"],
        "return_type": "REFUND",
        "return_reason": "ecom_order_delivered_refund_reason_missing_product_seller",
    }
    fails(client.post(f"{R}/returns", json=body), 25001011)


def test_create_return_refusals(
    client: PartnerClient, other_shop_client: PartnerClient, buyer: Buyer, sku: str
) -> None:
    reason = "ecom_order_delivered_refund_reason_missing_product_seller"
    order = buyer.delivered(sku, 2)

    def create(**body: Any) -> Any:
        return client.post(
            f"{R}/returns", json={"order_id": order["id"], "return_type": "REFUND", "return_reason": reason, **body}
        )

    fails(create(return_reason=REFUND_REASON), 25001015)  # the buyer's reason
    fails(create(return_reason="nope"), 25001014)
    fails(create(return_reason="seller_cancel_reason_out_of_stock"), 25001021)
    fails(create(skus=[{"sku_id": sku, "quantity": 3}]), 25005011)
    fails(create(order_line_item_ids=["1"]), 25001001)
    fails(create(refund_total="99999999"), 25005005)
    fails(create(currency="USD"), 25001001)
    fails(
        other_shop_client.post(
            f"{R}/returns", json={"order_id": order["id"], "return_type": "REFUND", "return_reason": reason}
        ),
        25020005,
    )
    unshipped = buyer.order(sku)
    fails(
        client.post(
            f"{R}/returns", json={"order_id": unshipped["id"], "return_type": "REFUND", "return_reason": reason}
        ),
        25001003,
    )
    made = ok(create(refund_total="15000"))
    found = one_return(client, made["return_id"])
    assert (found["role"], found["refund_amount"]["refund_total"]) == ("SELLER", "15000")


def test_after_the_return_window(clock: FrozenClock, sku: str) -> None:
    app = create_app(Settings(clock=clock, validate_responses=True, return_window_seconds=3600))
    client = PartnerClient.in_process(app)
    order = Buyer(client.http).delivered(sku)
    clock.advance(3601)
    r = Buyer(client.http).call(f"/orders/{order['id']}/returns", {"type": "REFUND"}, ok=False)
    assert r.status_code == 409
    body = {"order_id": order["id"], "return_type": "REFUND", "return_reason": SELLER_REFUND}
    fails(client.post(f"{R}/returns", json=body), 25001051)


def test_another_shops_return(
    client: PartnerClient, other_shop_client: PartnerClient, buyer: Buyer, delivered: dict[str, Any]
) -> None:
    ret = buyer.ask_return(delivered["id"], "REFUND")
    fails(approve(other_shop_client, ret["return_id"], "APPROVE_REFUND"), 25020005)
    fails(reject(other_shop_client, ret["return_id"], "REJECT_REFUND", AGREED), 25020005)
    fails(other_shop_client.get(f"{R}/returns/{ret['return_id']}/records"), 25020005)
    fails(other_shop_client.get(f"{R}/reject_reasons", query={"return_or_cancel_id": ret["return_id"]}), 25020005)
    fails(approve(client, "4035000000000000000", "APPROVE_REFUND"), 25007006)


def test_idempotency_key_replays_the_first_answer(
    client: PartnerClient, buyer: Buyer, delivered: dict[str, Any]
) -> None:
    reason = "ecom_order_delivered_refund_reason_missing_product_seller"
    body = {
        "order_id": delivered["id"],
        "return_type": "REFUND",
        "return_reason": reason,
        "skus": [{"sku_id": delivered["line_items"][0]["sku_id"], "quantity": 1}],
    }
    first = ok(client.post(f"{R}/returns", query={"idempotency_key": "k-1"}, json=body))
    again = ok(client.post(f"{R}/returns", query={"idempotency_key": "k-1"}, json=body))
    other = ok(client.post(f"{R}/returns", query={"idempotency_key": "k-2"}, json=body))
    assert first == again and other["return_id"] != first["return_id"]
    fails(client.post(f"{R}/returns", query={"idempotency_key": "k" * 256}, json=body), 25001001)
