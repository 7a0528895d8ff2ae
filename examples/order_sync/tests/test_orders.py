"""The order step. The buyer and the courier are played through the mock's control plane (`/_mock/...`); what the job
did is read back through the public client."""

from __future__ import annotations

from typing import Any, NamedTuple

import pytest
from tiktok_shop_api import TikTokShop
from tiktok_shop_api.generated.models import (
    GetOrderListRequest,
    GetOrderListRequestOrderStatus,
    InventorySearchRequest,
)

from mockserver.testkit.handle import TokopediaMock
from order_sync import Erp, OrderSync
from order_sync.tests.conftest import live_skus

#: No seeded order history, so that only the test's own orders move the stock.
NO_SEEDED_ORDERS = pytest.mark.tokopedia_mock(orders_per_shop=0)


class Placed(NamedTuple):
    id: str
    package_id: str
    warehouse_id: str


def control(mock: TokopediaMock, path: str, body: dict[str, Any] | None = None) -> dict[str, Any]:
    """A step of the buyer's or the courier's, through the mock's control plane (not part of the public API)."""
    answer = mock.http_client().post(path, json=body or {}).json()
    assert answer["code"] == 0, answer
    data: dict[str, Any] = answer["data"]
    return data


def place_order(mock: TokopediaMock, **options: Any) -> Placed:
    """A buyer orders from the migrated shop, and pays unless `paid=False`; any SKU unless `items` are given."""
    data = control(mock, "/_mock/orders", {"shop": "migrated", "paid": True, **options})
    order, packages = data["order"], data["packages"]
    return Placed(order["id"], packages[0]["package_id"] if packages else "", order["warehouse_id"])


def in_stock(api: TikTokShop, units: int) -> tuple[str, Any]:
    """(product id, sku) of a live SKU with `units` to sell in one of its warehouses."""
    return next((p, s) for p, s in live_skus(api) if any(i.quantity >= units for i in s.inventory))


def awaiting_shipment(api: TikTokShop) -> list[str]:
    body = GetOrderListRequest(order_status=GetOrderListRequestOrderStatus.AWAITING_SHIPMENT, shipping_type="TIKTOK")
    return [o.id for o in api.orders.get_order_list(page_size=100, body=body).data.orders or []]


def status(api: TikTokShop, order_id: str) -> str:
    (order,) = api.orders.get_order_detail(ids=[order_id]).data.orders
    return str(order.status)


def stock(api: TikTokShop, product_id: str, sku_id: str) -> dict[str, tuple[int, int]]:
    """(available, committed) by warehouse, as Inventory Search reports them."""
    data = api.products.inventory_search(body=InventorySearchRequest(product_ids=[product_id])).data
    (sku,) = [s for product in data.inventory for s in product.skus if s.id == sku_id]
    return {w.warehouse_id: (w.available_quantity, w.committed_quantity) for w in sku.warehouse_inventory}


def test_ships_every_order_awaiting_shipment(job: OrderSync, mock: TokopediaMock, shop_api: TikTokShop) -> None:
    place_order(mock)
    place_order(mock)
    waiting = awaiting_shipment(shop_api)
    job.page_size = 1  # one order a page: the listing spans pages
    report = job.run_once(steps=["orders"])
    assert report.ok and sorted(report.shipped_orders) == sorted(waiting)
    assert awaiting_shipment(shop_api) == []


def test_a_second_run_ships_nothing_again(job: OrderSync, erp: Erp, mock: TokopediaMock) -> None:
    place_order(mock)
    first = job.run_once(steps=["orders"])
    second = job.run_once(steps=["orders"])
    assert first.shipped_orders and second.ok and second.shipped_orders == []
    assert sorted(s.order_id for s in erp.shipments) == sorted(first.shipped_orders)


@NO_SEEDED_ORDERS
def test_shipped_units_are_booked_out_of_the_erp(
    job: OrderSync, erp: Erp, mock: TokopediaMock, shop_api: TikTokShop
) -> None:
    _, sku = in_stock(shop_api, 2)
    order = place_order(mock, items=[{"sku_id": sku.id, "quantity": 2}])
    erp.set_quantity(sku.seller_sku, order.warehouse_id, 10)
    assert job.run_once(steps=["orders"]).shipped_orders == [order.id]
    assert erp.quantity(sku.seller_sku, order.warehouse_id) == 8


def test_the_committed_stock_leaves_when_the_courier_collects(
    job: OrderSync, mock: TokopediaMock, shop_api: TikTokShop
) -> None:
    product_id, sku = in_stock(shop_api, 2)
    before = stock(shop_api, product_id, sku.id)
    order = place_order(mock, items=[{"sku_id": sku.id, "quantity": 2}])
    available, committed = before[order.warehouse_id]
    assert order.id in job.run_once(steps=["orders"]).shipped_orders
    assert stock(shop_api, product_id, sku.id)[order.warehouse_id] == (available - 2, committed + 2)  # still held
    control(mock, f"/_mock/packages/{order.package_id}/collect")
    assert stock(shop_api, product_id, sku.id)[order.warehouse_id] == (available - 2, committed)


def test_unpaid_and_cancelled_orders_are_not_shipped(job: OrderSync, mock: TokopediaMock, shop_api: TikTokShop) -> None:
    unpaid, cancelled = place_order(mock, paid=False), place_order(mock)
    control(mock, f"/_mock/orders/{cancelled.id}/cancel")
    report = job.run_once(steps=["orders"])
    assert report.ok and {unpaid.id, cancelled.id}.isdisjoint(report.shipped_orders)
    assert [status(shop_api, unpaid.id), status(shop_api, cancelled.id)] == ["UNPAID", "CANCELLED"]


def test_orders_the_seller_ships_with_their_own_courier_are_left_alone(
    job: OrderSync, mock: TokopediaMock, shop_api: TikTokShop
) -> None:
    order = place_order(mock, shipping_type="SELLER")
    report = job.run_once(steps=["orders"])
    assert report.ok and order.id not in report.shipped_orders
    assert status(shop_api, order.id) == "AWAITING_SHIPMENT"


def test_an_order_placed_between_two_runs_ships_on_the_next(job: OrderSync, mock: TokopediaMock) -> None:
    job.run_once(steps=["orders"])
    order = place_order(mock)
    assert job.run_once(steps=["orders"]).shipped_orders == [order.id]


def test_a_package_that_cannot_ship_is_reported_and_the_others_still_ship(
    job: OrderSync, erp: Erp, mock: TokopediaMock, monkeypatch: pytest.MonkeyPatch
) -> None:
    cancelled, other = place_order(mock), place_order(mock)
    listed = job.orders_to_ship

    def buyer_cancels_right_after_the_listing(api: TikTokShop) -> list[Any]:
        orders = listed(api)
        control(mock, f"/_mock/orders/{cancelled.id}/cancel")
        return orders

    monkeypatch.setattr(job, "orders_to_ship", buyer_cancels_right_after_the_listing)
    report = job.run_once(steps=["orders"])
    assert other.id in report.shipped_orders and cancelled.id not in report.shipped_orders
    assert [f.split(":")[0] for f in report.failures] == [f"order {cancelled.id} package {cancelled.package_id}"]
    assert "21011041" in report.failures[0] and not erp.shipped(cancelled.package_id)
