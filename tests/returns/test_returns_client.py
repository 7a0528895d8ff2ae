"""The issue's after-sales scenarios through the public `tiktok-shop-api` client (its `return_and_refund` group), with
the control plane playing the buyer and the courier: cancel before shipment, return after delivery, a rejection.

The client calls some operations at newer versions than the docs (202602 searches, 202606 Reject Return): the mock
serves them with the client's shapes (schemas/partner/from-client/), so these tests also hold those versions.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import httpx
import pytest
from tiktok_shop_api import TikTokShop, TikTokShopError
from tiktok_shop_api.generated.models import (
    ApproveReturnRequest,
    CalculateRefundRequest,
    GetOrderListRequest,
    InventorySearchRequest,
    RejectCancellationRequest,
    RejectReturnRequest,
    SearchCancellationsRequest,
    SearchReturnsRequest,
)

from mockserver import Settings, create_app
from mockserver.control.backend import current_tokens
from mockserver.runtime import Mock
from mockserver.testkit.transport import InProcessTransport
from tests.orders.conftest import stocked_sku
from tests.returns.conftest import CANCEL_REASON, RETURN_REASON, Buyer


@pytest.fixture
def world() -> Iterator[tuple[Mock, TikTokShop, Buyer]]:
    app = create_app(Settings(seed=3, validate_responses=True))  # the real clock: the client signs with it
    mock: Mock = app.state.mock
    transport = InProcessTransport(app)
    s, shop = mock.settings, mock.store.shops[mock.refs.shops["migrated"]]
    tokens = current_tokens(mock, s.app_key, shop.seller_id)
    assert tokens is not None
    base = "http://mock.test"
    client = TikTokShop(s.app_key, s.app_secret, tokens.access_token, shop.cipher, base_url=base, transport=transport)
    with client as api, httpx.Client(base_url=base, transport=transport) as http:
        yield mock, api, Buyer(http)


def data(response: Any) -> Any:
    assert response is not None
    return response.to_dict()["data"]


def inventory(api: TikTokShop, sku_id: str) -> tuple[int, int]:
    found = data(api.products.inventory_search(body=InventorySearchRequest.from_dict({"sku_ids": [sku_id]})))
    (sku,) = [s for p in found["inventory"] for s in p["skus"] if s["id"] == sku_id]
    wh = sku["warehouse_inventory"][0]
    return wh["available_quantity"], wh["committed_quantity"]


def test_a_buyer_cancels_before_shipment_the_seller_approves_and_the_stock_comes_back(world: Any) -> None:
    mock, api, buyer = world
    rr = api.return_and_refund
    sku = stocked_sku(mock, 5)
    before = inventory(api, sku)
    order = buyer.order(sku, 2)
    assert inventory(api, sku) == (before[0] - 2, before[1] + 2)
    buyer.cancel(order["id"], reason=CANCEL_REASON)

    requested = GetOrderListRequest.from_dict({"is_buyer_request_cancel": True, "create_time_ge": order["create_time"]})
    flagged = data(api.orders.get_order_list(page_size=50, body=requested))["orders"]
    assert [o["id"] for o in flagged] == [order["id"]]
    search = SearchCancellationsRequest.from_dict({"order_ids": [order["id"]]})
    (pending,) = data(rr.search_cancellations(body=search, page_size="10"))["cancellations"]
    assert (pending["cancel_type"], pending["cancel_status"], pending["role"]) == (
        "BUYER_CANCEL",
        "CANCELLATION_REQUEST_PENDING",
        "BUYER",
    )
    assert pending["seller_next_action_response"][0]["action"] == "SELLER_RESPOND_CANCEL"

    rr.approve_cancellation(pending["cancel_id"])
    (cancelled,) = data(api.orders.get_order_detail(ids=[order["id"]]))["orders"]
    assert (cancelled["status"], cancelled["cancellation_initiator"]) == ("CANCELLED", "BUYER")
    assert cancelled["cancel_reason"] == "Order created by mistake" and not cancelled["is_buyer_request_cancel"]
    assert inventory(api, sku) == before
    (done,) = data(rr.search_cancellations(body=search, page_size="10"))["cancellations"]
    assert done["cancel_status"] == "CANCELLATION_REQUEST_SUCCESS"
    assert done["refund_amount"]["refund_total"] == order["payment"]["total_amount"]

    mock.clock.advance(mock.settings.refund_seconds)
    (refunded,) = data(rr.search_cancellations(body=search, page_size="10"))["cancellations"]
    assert refunded["cancel_status"] == "CANCELLATION_REQUEST_COMPLETE"


def test_a_buyer_returns_after_delivery_and_is_refunded_when_the_package_is_back(world: Any) -> None:
    mock, api, buyer = world
    rr = api.return_and_refund
    sku = stocked_sku(mock, 5)
    order = buyer.advance(buyer.order(sku, 1)["id"], "DELIVERED")
    shipped_away = inventory(api, sku)
    quote = data(
        rr.calculate_refund(
            body=CalculateRefundRequest.from_dict(
                {"order_id": order["id"], "request_type": "RETURN_AND_REFUND", "reason_name": RETURN_REASON}
            )
        )
    )["order_refund_amount"]
    asked = buyer.ask_return(order["id"], reason=RETURN_REASON, note="Salah warna", images=["https://e.x/1.jpg"])

    search = SearchReturnsRequest.from_dict({"order_ids": [order["id"]]})
    (pending,) = data(rr.search_returns(body=search, page_size="10"))["return_orders"]
    assert (pending["return_id"], pending["return_status"]) == (asked["return_id"], "RETURN_OR_REFUND_REQUEST_PENDING")
    assert pending["refund_amount"]["refund_total"] == quote["refund_total"] == order["payment"]["total_amount"]

    rr.approve_return(pending["return_id"], body=ApproveReturnRequest.from_dict({"decision": "APPROVE_RETURN"}))
    buyer.step(f"/returns/{pending['return_id']}/ship")
    (shipped,) = data(rr.search_returns(body=search, page_size="10"))["return_orders"]
    assert shipped["return_status"] == "BUYER_SHIPPED_ITEM" and shipped["return_tracking_number"]
    buyer.step(f"/returns/{pending['return_id']}/deliver")
    receive = ApproveReturnRequest.from_dict({"decision": "APPROVE_RECEIVED_PACKAGE"})
    rr.approve_return(pending["return_id"], body=receive)

    (success,) = data(rr.search_returns(body=search, page_size="10"))["return_orders"]
    assert success["return_status"] == "RETURN_OR_REFUND_REQUEST_SUCCESS"
    assert inventory(api, sku) == (shipped_away[0] + 1, shipped_away[1])
    mock.clock.advance(mock.settings.refund_seconds)
    (complete,) = data(rr.search_returns(body=search, page_size="10"))["return_orders"]
    assert complete["return_status"] == "RETURN_OR_REFUND_REQUEST_COMPLETE"
    records = data(rr.get_return_records(pending["return_id"]))["records"]
    assert [r["role"] for r in records] == ["BUYER", "SELLER", "BUYER", "SYSTEM", "SELLER", "SYSTEM"]
    assert records[0]["note"] == "Salah warna" and records[0]["images"][0]["url"] == "https://e.x/1.jpg"
    with pytest.raises(TikTokShopError) as again:
        rr.approve_return(pending["return_id"], body=receive)
    assert again.value.code == 25011013


def test_the_seller_rejects_with_a_reason_from_get_reject_reasons(world: Any) -> None:
    mock, api, buyer = world
    rr = api.return_and_refund
    sku = stocked_sku(mock, 5)
    order = buyer.delivered(sku, 1)
    asked = buyer.ask_return(order["id"], "REFUND")
    offered = data(rr.get_reject_reasons(return_or_cancel_id=asked["return_id"], locale="id-ID"))["reasons"]
    assert offered and all(r["name"] and r["text"] for r in offered)
    reason = offered[0]
    body = RejectReturnRequest.from_dict({"decision": "REJECT_REFUND", "reject_reason": reason["name"]})
    rr.reject_return(asked["return_id"], body=body)
    search = SearchReturnsRequest.from_dict({"return_ids": [asked["return_id"]]})
    (rejected,) = data(rr.search_returns(body=search, page_size="10"))["return_orders"]
    assert rejected["return_status"] == "REFUND_OR_RETURN_REQUEST_REJECT"
    records = data(rr.get_return_records(asked["return_id"], locale="id-ID"))["records"]
    assert records[-1]["role"] == "SELLER" and records[-1]["reason_text"] == reason["text"]

    pending = buyer.cancel(buyer.order(sku, 1)["id"])
    cancel_reasons = data(rr.get_reject_reasons(return_or_cancel_id=pending["cancel_id"]))["reasons"]
    refund_only = next(r["name"] for r in offered if r["name"] not in {c["name"] for c in cancel_reasons})
    with pytest.raises(TikTokShopError) as wrong:  # a refund's rejection reason is not a cancellation's
        rr.reject_cancellation(pending["cancel_id"], body=RejectCancellationRequest(reject_reason=refund_only))
    assert wrong.value.code == 25001057
    ok = RejectCancellationRequest(reject_reason=cancel_reasons[0]["name"])
    rr.reject_cancellation(pending["cancel_id"], body=ok)
    search_c = SearchCancellationsRequest.from_dict({"cancel_ids": [pending["cancel_id"]]})
    (closed,) = data(rr.search_cancellations(body=search_c, page_size="10"))["cancellations"]
    assert closed["cancel_status"] == "CANCELLATION_REQUEST_CANCELLED"
