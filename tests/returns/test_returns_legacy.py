"""The legacy dialect over the same cancellation: the buyer's request on the legacy order, reject-cancel rejecting
it, and a nack with reason_code 8 accepting it - each visible at once through the Partner API."""

from __future__ import annotations

from typing import Any

import pytest
from starlette.applications import Starlette

from mockserver import Settings, create_app
from mockserver.clock import FrozenClock
from mockserver.legacy import orders as lo
from mockserver.orders import models as m
from mockserver.runtime import Mock
from mockserver.testing import PartnerClient
from tests.legacy.conftest import FS_ID, SHOP_ID, UNLINKED_SHOP_ID, LegacyClient, code
from tests.legacy.helpers import place
from tests.returns.conftest import CANCEL_REASON, Buyer, one_cancellation


@pytest.fixture
def app(clock: FrozenClock) -> Starlette:
    return create_app(Settings(seed=1, clock=clock, validate_responses=True, legacy_rate_limit="10000/10000"))


@pytest.fixture
def legacy(app: Starlette) -> LegacyClient:
    return LegacyClient(app).login()


@pytest.fixture
def order(legacy: LegacyClient, mock: Mock) -> m.Order:
    return mock.store.orders[place(mock, legacy.http)]


@pytest.fixture
def buyer(legacy: LegacyClient) -> Buyer:
    return Buyer(legacy.http)


def reject_cancel(legacy: LegacyClient, o: m.Order, shop_id: int | None = SHOP_ID) -> Any:
    params = {} if shop_id is None else {"shop_id": shop_id}
    return legacy.post(f"/v1/order/{lo.legacy_id(o)}/fs/{FS_ID}/reject-cancel", params=params)


def single(legacy: LegacyClient, o: m.Order) -> dict[str, Any]:
    data: dict[str, Any] = legacy.get(f"/v2/fs/{FS_ID}/order", params={"order_id": lo.legacy_id(o)}).json()["data"]
    return data


def accepted_with_request(legacy: LegacyClient, buyer: Buyer, o: m.Order) -> dict[str, Any]:
    assert legacy.post(f"/v1/order/{lo.legacy_id(o)}/fs/{FS_ID}/ack").status_code == 200
    return buyer.cancel(o.id, reason=CANCEL_REASON)


def test_the_buyers_request_shows_on_the_legacy_order(legacy: LegacyClient, buyer: Buyer, order: m.Order) -> None:
    assert single(legacy, order)["cancel_request_info"] is None
    accepted_with_request(legacy, buyer, order)
    info = single(legacy, order)["cancel_request_info"]
    assert info["is_requested"] is True and info["reason"] == "Pesanan dibuat tanpa sengaja"


def test_reject_cancel_rejects_the_partner_cancellation(
    legacy: LegacyClient, buyer: Buyer, order: m.Order, client: PartnerClient
) -> None:
    pending = accepted_with_request(legacy, buyer, order)
    r = reject_cancel(legacy, order)
    assert r.status_code == 200 and r.json()["data"] == {"success": True}
    closed = one_cancellation(client, pending["cancel_id"])
    assert closed["cancel_status"] == "CANCELLATION_REQUEST_CANCELLED"
    assert not order.is_buyer_request_cancel and single(legacy, order)["cancel_request_info"] is None
    assert code(reject_cancel(legacy, order)) == "ORD_USC_019"  # nothing left to reject


@pytest.mark.parametrize(("reason_code", "initiator", "legacy_status"), [(8, m.BUYER, 15), (5, m.SELLER, 10)])
def test_a_nack_settles_the_buyers_request(
    legacy: LegacyClient,
    buyer: Buyer,
    order: m.Order,
    client: PartnerClient,
    reason_code: int,
    initiator: str,
    legacy_status: int,
) -> None:
    """reason_code 8 ("Buyer's request") accepts it; any other nack cancels the order, which settles it too."""
    pending = accepted_with_request(legacy, buyer, order)
    body = {"reason_code": reason_code, "reason": "Pembeli meminta pembatalan"}
    assert legacy.post(f"/v1/order/{lo.legacy_id(order)}/fs/{FS_ID}/nack", json=body).status_code == 200
    assert one_cancellation(client, pending["cancel_id"])["cancel_status"] == "CANCELLATION_REQUEST_SUCCESS"
    assert (order.status, order.cancellation_initiator, lo.status_code(order)) == (
        m.CANCELLED,
        initiator,
        legacy_status,
    )


@pytest.mark.parametrize(
    ("shop_id", "expected"), [(None, "ORD_DLV_006"), (UNLINKED_SHOP_ID, "ORD_USC_024"), (999, "ORD_USC_024")]
)
def test_reject_cancel_needs_the_orders_linked_shop(
    legacy: LegacyClient, buyer: Buyer, order: m.Order, shop_id: int | None, expected: str
) -> None:
    accepted_with_request(legacy, buyer, order)
    assert code(reject_cancel(legacy, order, shop_id)) == expected
    assert order.is_buyer_request_cancel  # nothing changed


def test_reject_cancel_before_the_seller_accepted_is_not_allowed(
    legacy: LegacyClient, buyer: Buyer, order: m.Order
) -> None:
    buyer.cancel(order.id)
    assert lo.status_code(order) == lo.PAID
    assert code(reject_cancel(legacy, order)) == "ORD_USC_020"


def test_reject_cancel_of_an_unknown_order(legacy: LegacyClient, mock: Mock) -> None:
    r = legacy.post(f"/v1/order/{lo.ORDER_ID_BASE + 10**7}/fs/{FS_ID}/reject-cancel", params={"shop_id": SHOP_ID})
    assert (r.status_code, code(r)) == (500, "ORD_API_008")
