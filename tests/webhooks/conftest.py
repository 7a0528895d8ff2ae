"""Helpers for the webhook tests: a mock in either mode, the control plane, a SKU whose stock a test controls."""

from __future__ import annotations

import dataclasses
import time
from collections.abc import Callable
from typing import Any

import httpx
import pytest

from mockserver.clock import FrozenClock
from mockserver.settings import Settings
from mockserver.testkit.handle import TokopediaMock
from tests.conftest import T0

UPDATE_INVENTORY = "/product/202309/products/{}/inventory/update"
MARK_SHIPPED = "/fulfillment/202309/orders/{}/packages"
JNT = "7117858858072016002"


@pytest.fixture
def tokopedia_mock_settings(tokopedia_mock_settings: Settings) -> Settings:
    """A clock of its own per test, frozen at T0 (2026-06-01 00:00 UTC = 07:00 WIB), moved only by the test: retry
    times and notices do not depend on how long the machine takes."""
    return dataclasses.replace(tokopedia_mock_settings, clock=FrozenClock(T0))


@pytest.fixture(params=["tokopedia_mock", "tokopedia_mock_server"])
def either_mock(request: pytest.FixtureRequest) -> TokopediaMock:
    """The in-process mock, then the live server: webhooks must reach the built-in receiver both ways."""
    handle: TokopediaMock = request.getfixturevalue(request.param)
    return handle


def control(http: httpx.Client, path: str, body: dict[str, Any] | None = None, *, status: int = 200) -> Any:
    r = http.post(f"/_mock{path}", json=body or {})
    assert r.status_code == status, r.text
    return r.json()["data"] if status == 200 else r.json()


def lone_warehouse_sku(handle: TokopediaMock, shop: str = "migrated") -> tuple[str, str, str]:
    """(product_id, sku_id, warehouse_id) of a live single-SKU product stocked in exactly one warehouse."""
    store = handle.mock.store
    shop_id = handle.mock.refs.shops[shop]
    for product_id in store.products_by_shop[shop_id]:
        product = store.products[product_id]
        if product.status == "ACTIVATE" and len(product.skus) == 1 and len(product.skus[0].inventory) == 1:
            sku = product.skus[0]
            (warehouse_id,) = sku.inventory
            if store.warehouses[warehouse_id].can_hold_stock and set(product.statuses) == {"TIKTOK_SHOP", "TOKOPEDIA"}:
                return product.id, sku.id, warehouse_id
    raise AssertionError("no single-warehouse SKU in the seed")


def set_stock(handle: TokopediaMock, product_id: str, sku_id: str, warehouse_id: str, quantity: int) -> None:
    body = {"skus": [{"id": sku_id, "inventory": [{"warehouse_id": warehouse_id, "quantity": quantity}]}]}
    answer = handle.client().post(UPDATE_INVENTORY.format(product_id), json=body).json()
    assert answer["code"] == 0 and not answer["data"].get("errors"), answer


def eventually(check: Callable[[], bool], timeout: float = 10.0) -> None:
    """Wait for the delivery thread to catch up (not a timing assertion: only a bound on the waiting)."""
    deadline = time.monotonic() + timeout
    while not check():
        assert time.monotonic() < deadline, "the condition did not come true"
        time.sleep(0.01)


def drained(handle: TokopediaMock) -> None:
    """Wait until nothing due is queued or in flight."""
    eventually(handle.app.state.webhooks.idle)
