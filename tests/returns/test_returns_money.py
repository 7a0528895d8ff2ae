"""Refund amounts: from the order's payment lines, per unit, with the shipping fee rules; Calculate Refund agrees
with the requests, and `refund.completed` (for the finance lines) agrees with both."""

from __future__ import annotations

from typing import Any

from mockserver.clock import FrozenClock
from mockserver.runtime import Mock
from mockserver.testing import PartnerClient
from tests.returns.conftest import (
    CANCEL_REASON,
    CHANGED_MIND,
    RETURN_REASON,
    Buyer,
    R,
    approve,
    fails,
    ok,
    one_cancellation,
    one_return,
)


def calculate(client: PartnerClient, order_id: str, kind: str, reason: str, **body: Any) -> dict[str, Any]:
    found: dict[str, Any] = ok(
        client.post(
            f"{R}/refunds/calculate", json={"order_id": order_id, "request_type": kind, "reason_name": reason, **body}
        )
    )["order_refund_amount"]
    return found


def paid_per_unit(order: dict[str, Any]) -> list[int]:
    return [
        int(li["original_price"]) - int(li["seller_discount"]) - int(li["platform_discount"])
        for li in order["line_items"]
    ]


def test_a_cancellation_refunds_everything_paid(client: PartnerClient, buyer: Buyer, sku: str) -> None:
    order = buyer.order(sku, 2)
    quote = calculate(client, order["id"], "CANCEL", CANCEL_REASON)
    p = order["payment"]
    assert quote["refund_total"] == p["total_amount"] and quote["refund_shipping_fee"] == p["shipping_fee"]
    assert int(quote["refund_subtotal"]) == sum(paid_per_unit(order))
    found = one_cancellation(client, buyer.cancel(order["id"])["cancel_id"])
    assert found["refund_amount"] == {**quote, "buyer_service_fee": "0"}
    assert sum(int(li["refund_amount"]["refund_total"]) for li in found["cancel_line_items"]) == int(p["total_amount"])


def test_one_unit_of_two_then_the_rest(client: PartnerClient, buyer: Buyer, sku: str) -> None:
    order = buyer.delivered(sku, 2)
    first_unit = order["line_items"][0]["id"]
    quote = calculate(client, order["id"], "RETURN_AND_REFUND", RETURN_REASON, order_line_item_ids=[first_unit])
    assert (quote["refund_subtotal"], quote["refund_shipping_fee"]) == (str(paid_per_unit(order)[0]), "0")
    first = buyer.ask_return(order["id"], reason=RETURN_REASON, line_item_ids=[first_unit])
    assert first["refund_amount"]["refund_total"] == quote["refund_total"]
    ok(approve(client, first["return_id"], "APPROVE_RETURN", buyer_keep_item=True))
    rest = calculate(client, order["id"], "RETURN_AND_REFUND", RETURN_REASON)  # the rest of the order: with shipping
    assert rest["refund_shipping_fee"] == order["payment"]["shipping_fee"]
    assert int(rest["refund_total"]) + int(quote["refund_total"]) == int(order["payment"]["total_amount"])


def test_the_buyers_own_reason_refunds_no_shipping(client: PartnerClient, buyer: Buyer, sku: str) -> None:
    order = buyer.delivered(sku, 1)
    quote = calculate(client, order["id"], "RETURN_AND_REFUND", CHANGED_MIND)
    assert quote["refund_shipping_fee"] == "0" and quote["refund_total"] == quote["refund_subtotal"]


def test_who_pays_the_return_shipping(client: PartnerClient, buyer: Buyer, sku: str, mock: Mock) -> None:
    fee = str(mock.settings.return_shipping_fee)
    sellers = buyer.ask_return(buyer.delivered(sku)["id"], reason=RETURN_REASON)["shipping_fee_amount"][0]
    buyers = buyer.ask_return(buyer.delivered(sku)["id"], reason=CHANGED_MIND)["shipping_fee_amount"][0]
    own = buyer.ask_return(buyer.delivered(sku)["id"], reason=CHANGED_MIND, shipment_type="BUYER_ARRANGE")
    assert (sellers["seller_paid_return_shipping_fee"], sellers["buyer_paid_return_shipping_fee"]) == (fee, "0")
    assert (buyers["seller_paid_return_shipping_fee"], buyers["buyer_paid_return_shipping_fee"]) == ("0", fee)
    assert own["shipping_fee_amount"][0]["buyer_paid_return_shipping_fee"] == "0" and "handover_method" not in own


def test_calculate_refund_refusals(client: PartnerClient, buyer: Buyer, sku: str) -> None:
    order = buyer.order(sku)
    body = {"order_id": order["id"], "request_type": "REFUND", "reason_name": RETURN_REASON}
    fails(client.post(f"{R}/refunds/calculate", json=body), 25001001)  # not delivered; and the reason is a return's
    fails(client.post(f"{R}/refunds/calculate", json={**body, "order_id": "577000000000000001"}), 25007006)
    fails(client.post(f"{R}/refunds/calculate", json={**body, "request_type": "CANCEL"}), 25001001)  # wrong reason
    assert calculate(client, order["id"], "CANCEL", CANCEL_REASON, skus=[{"sku_id": sku, "quantity": 1}])


def test_refund_completed_carries_the_finance_lines(
    client: PartnerClient, buyer: Buyer, sku: str, clock: FrozenClock
) -> None:
    http = client.http
    order = buyer.delivered(sku, 2)
    ret = buyer.ask_return(order["id"], "REFUND", reason="ecom_order_delivered_refund_reason_missing_product")
    ok(approve(client, ret["return_id"], "APPROVE_REFUND"))
    since = http.get("/_mock/events").json()["data"]["last_seq"]
    clock.advance(3600)
    found = one_return(client, ret["return_id"])
    assert found["return_status"] == "RETURN_OR_REFUND_REQUEST_COMPLETE"
    events = http.get("/_mock/events", params={"since": since, "type": "refund.completed"}).json()["data"]["events"]
    (paid,) = [e for e in events if e["subject"] == ret["return_id"]]
    data = paid["data"]
    assert paid["time"] == clock.now_s() and data["order_id"] == order["id"] and data["return_id"] == ret["return_id"]
    assert (data["currency"], data["refund_total"]) == ("IDR", found["refund_amount"]["refund_total"])
    assert data["shipping_refund"] == found["refund_amount"]["refund_shipping_fee"]
    assert sorted(li["line_item_id"] for li in data["lines"]) == sorted(li["id"] for li in order["line_items"])
    assert sum(int(li["refund_amount"]) for li in data["lines"]) == int(data["refund_total"])
