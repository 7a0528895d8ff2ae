"""Helpers for after-sales tests: the control plane as buyer, courier and platform; short Partner API calls."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from mockserver.runtime import Mock
from mockserver.testing import PartnerClient
from tests.orders.conftest import Control, fails, ok, stocked_sku

__all__ = ["fails", "ok"]

R = "/return_refund/202309"
CANCEL_REASON = "ecom_order_to_ship_canceled_reason_created_by_mistakes"
SELLER_CANCEL_REASON = "seller_cancel_reason_out_of_stock"
REJECT_CANCEL_REASON = "seller_reject_apply_product_has_been_packed"
RETURN_REASON = "ecom_order_delivered_refund_and_return_reason_wrong_product"  # seller's fault
CHANGED_MIND = "ecom_order_delivered_refund_and_return_reason_no_longer_needed"  # the buyer's
REFUND_REASON = "ecom_order_delivered_refund_reason_missing_product"


class Buyer(Control):
    """The control plane playing the buyer, the courier and the platform after the sale."""

    def order(self, sku_id: str, quantity: int = 1, **body: Any) -> dict[str, Any]:
        """A paid order for `quantity` of one SKU (platform shipping unless told)."""
        body = {"shipping_type": "TIKTOK", **body}
        return self.paid(items=[{"sku_id": sku_id, "quantity": quantity}], **body)

    def delivered(self, sku_id: str, quantity: int = 1, **body: Any) -> dict[str, Any]:
        order = self.order(sku_id, quantity, **body)
        return self.advance(order["id"], "DELIVERED")

    def cancel(self, order_id: str, **body: Any) -> dict[str, Any]:
        cancellation: dict[str, Any] = self.call(f"/orders/{order_id}/cancellations", body)["cancellation"]
        return cancellation

    def ask_return(self, order_id: str, kind: str = "RETURN_AND_REFUND", **body: Any) -> dict[str, Any]:
        ret: dict[str, Any] = self.call(f"/orders/{order_id}/returns", {"type": kind, **body})["return"]
        return ret

    def show(self, path: str) -> dict[str, Any]:
        """GET /_mock{path}: a cancellation or return as the control plane shows it (no token that can expire)."""
        r = self.http.get(f"/_mock{path}")
        assert r.status_code == 200, r.text
        view: dict[str, Any] = r.json()["data"]
        return view

    def step(self, path: str, body: dict[str, Any] | None = None) -> dict[str, Any]:
        """POST /_mock{path} (a return or cancellation step); the view it answers."""
        view: dict[str, Any] = self.call(path, body)
        return view


@pytest.fixture
def buyer(client: PartnerClient) -> Buyer:
    return Buyer(client.http)


@pytest.fixture
def other_shop_client(app: Any) -> PartnerClient:
    """Signed for the seeded second shop (another seller), to try someone else's requests."""
    return PartnerClient.in_process(app, shop="second")


@pytest.fixture
def sku(mock: Mock) -> str:
    return stocked_sku(mock, 10)


def cancellations(client: PartnerClient, body: dict[str, Any] | None = None, **query: Any) -> list[dict[str, Any]]:
    found: list[dict[str, Any]] = ok(
        client.post(f"{R}/cancellations/search", query={"page_size": 50, **query}, json=body or {})
    )["cancellations"]
    return found


def returns(client: PartnerClient, body: dict[str, Any] | None = None, **query: Any) -> list[dict[str, Any]]:
    found: list[dict[str, Any]] = ok(
        client.post(f"{R}/returns/search", query={"page_size": 50, **query}, json=body or {})
    )["return_orders"]
    return found


def one_return(client: PartnerClient, return_id: str) -> dict[str, Any]:
    (found,) = returns(client, {"return_ids": [return_id]})
    return found


def one_cancellation(client: PartnerClient, cancel_id: str) -> dict[str, Any]:
    (found,) = cancellations(client, {"cancel_ids": [cancel_id]})
    return found


def approve(client: PartnerClient, return_id: str, decision: str, **body: Any) -> httpx.Response:
    return client.post(f"{R}/returns/{return_id}/approve", json={"decision": decision, **body})


def reject(client: PartnerClient, return_id: str, decision: str, reason: str, **body: Any) -> httpx.Response:
    return client.post(f"{R}/returns/{return_id}/reject", json={"decision": decision, "reject_reason": reason, **body})


def stock(mock: Mock, sku_id: str) -> tuple[int, int]:
    """(available, committed) of the SKU in the migrated shop's default warehouse."""
    from mockserver.catalog.backend import default_warehouse

    warehouse = default_warehouse(mock.store, mock.refs.shops["migrated"])
    assert warehouse is not None
    held = mock.store.skus[sku_id].inventory[warehouse.id]
    return held.available, held.committed
