"""Helpers for order, fulfillment and logistics tests: the control plane as a buyer/courier, short API calls."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from mockserver.orders import models as m
from mockserver.runtime import Mock
from mockserver.testing import PartnerClient

SEARCH = "/order/202309/orders/search"
DETAIL = "/order/202309/orders"
PKG = "/fulfillment/202309/packages"
SELLER_OPTION = "7208502187360519006"  # "Dikirim oleh Penjual" (fixtures/logistics.json)
JNE = "7117858858072016001"
JNT = "7117858858072016002"


class Control:
    """The control plane, playing the buyer, the courier and the platform."""

    def __init__(self, http: httpx.Client) -> None:
        self.http = http

    def call(self, path: str, body: dict[str, Any] | None = None, *, ok: bool = True) -> Any:
        r = self.http.post(f"/_mock{path}", json=body or {})
        if ok:
            assert r.status_code == 200, r.text
            return r.json()["data"]
        return r

    def place(self, **body: Any) -> dict[str, Any]:
        """A new order (as Get Order Detail shows it); `paid=True` pays it too."""
        order: dict[str, Any] = self.call("/orders", body)["order"]
        return order

    def paid(self, **body: Any) -> dict[str, Any]:
        return self.place(paid=True, **body)

    def advance(self, order_id: str, to: str) -> dict[str, Any]:
        order: dict[str, Any] = self.call(f"/orders/{order_id}/advance", {"to": to})["order"]
        return order


@pytest.fixture
def control(client: PartnerClient) -> Control:
    return Control(client.http)


@pytest.fixture
def other_shop_client(app: Any) -> PartnerClient:
    """Signed for the seeded second shop (another seller), to try someone else's orders."""
    return PartnerClient.in_process(app, shop="second")


def ok(r: httpx.Response) -> Any:
    body = r.json()
    assert r.status_code == 200 and body["code"] == 0, body
    return body["data"]


def fails(r: httpx.Response, code: int, status: int = 200) -> dict[str, Any]:
    body: dict[str, Any] = r.json()
    assert (r.status_code, body["code"]) == (status, code), body
    assert body["data"] is None
    return body


def detail(client: PartnerClient, order_id: str) -> dict[str, Any]:
    orders: list[dict[str, Any]] = ok(client.get(DETAIL, query={"ids": order_id}))["orders"]
    assert len(orders) == 1
    return orders[0]


def package_id(order: dict[str, Any]) -> str:
    return str(order["packages"][0]["id"])


def store_order(mock: Mock, order_id: str) -> m.Order:
    return mock.store.orders[order_id]


def stocked_sku(mock: Mock, units: int = 5) -> str:
    """A live SKU of the migrated shop with `units` available in its default warehouse."""
    from mockserver.catalog.backend import default_warehouse
    from mockserver.orders.placement import sellable_skus

    shop_id = mock.refs.shops["migrated"]
    warehouse = default_warehouse(mock.store, shop_id)
    assert warehouse is not None
    for sku in sellable_skus(mock.store, shop_id):
        stock = sku.inventory.get(warehouse.id)
        if stock is not None and stock.available >= units:
            return sku.id
    raise AssertionError("no stocked SKU")


def slot(client: PartnerClient, package: str) -> dict[str, int]:
    slots = ok(client.get(f"{PKG}/{package}/handover_time_slots"))["pickup_slots"]
    return {"start_time": slots[0]["start_time"], "end_time": slots[0]["end_time"]}
