"""A seller's day with the public `tiktok-shop-api` client against a live mock: the strongest fidelity evidence.

Find new orders, read one, book a pickup slot, ship, print the label, follow the tracking to DELIVERED (the courier
is played by the control plane), and page through a large order list with next_page_token.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import httpx
import pytest
from tiktok_shop_api import TikTokShop, TikTokShopError
from tiktok_shop_api.generated.models import GetOrderListRequest, PickupSlot, ShipPackageRequest

from mockserver import Settings
from mockserver.control.backend import current_tokens
from mockserver.testing import LiveServer

ORDERS = 2500


@pytest.fixture(scope="module")
def server() -> Iterator[LiveServer]:
    with LiveServer(Settings(seed=4, orders_per_shop=ORDERS, validate_responses=True)) as s:
        yield s


@pytest.fixture
def shop(server: LiveServer) -> Iterator[TikTokShop]:
    mock = server.mock
    s = mock.settings
    shop = mock.store.shops[mock.refs.shops["migrated"]]
    tokens = current_tokens(mock, s.app_key, shop.seller_id)
    assert tokens is not None
    with TikTokShop(s.app_key, s.app_secret, tokens.access_token, shop.cipher, base_url=server.base_url) as client:
        yield client


def control(server: LiveServer, path: str, body: dict[str, Any] | None = None) -> Any:
    r = httpx.post(f"{server.base_url}/_mock{path}", json=body or {})
    assert r.status_code == 200, r.text
    return r.json()["data"]


def data(response: Any) -> Any:
    assert response is not None
    return response.to_dict()["data"]


def test_a_sellers_day(server: LiveServer, shop: TikTokShop) -> None:
    placed = control(server, "/orders", {"paid": True, "shipping_type": "TIKTOK"})["order"]
    since = placed["create_time"]

    new = data(
        shop.orders.get_order_list(
            page_size=50,
            body=GetOrderListRequest.from_dict({"order_status": "AWAITING_SHIPMENT", "create_time_ge": since}),
        )
    )
    assert [o["id"] for o in new["orders"]] == [placed["id"]]

    order = data(shop.orders.get_order_detail(ids=[placed["id"]]))["orders"][0]
    package_id = order["packages"][0]["id"]
    assert order["commerce_platform"] in ("TIKTOK_SHOP", "TOKOPEDIA") and order["payment"]["currency"] == "IDR"

    slots = data(shop.fulfillment.get_package_handover_time_slots(package_id))["pickup_slots"]
    first = PickupSlot(start_time=slots[0]["start_time"], end_time=slots[0]["end_time"])
    shop.fulfillment.ship_package(
        package_id, body=ShipPackageRequest.from_dict({"handover_method": "PICKUP"} | {"pickup_slot": first.to_dict()})
    )
    with pytest.raises(TikTokShopError) as again:
        shop.fulfillment.ship_package(package_id, body=ShipPackageRequest(pickup_slot=first))
    assert again.value.code == 11006021

    label = data(shop.fulfillment.get_package_shipping_document(package_id, document_type="SHIPPING_LABEL"))
    pdf = httpx.get(label["doc_url"])
    assert pdf.headers["content-type"] == "application/pdf" and label["tracking_number"].encode() in pdf.content

    for step in ("collect", "in_transit", "deliver"):
        control(server, f"/packages/{package_id}/{step}")
        tracking = data(shop.fulfillment.get_order_tracking(placed["id"]))["tracking"]
        assert tracking and isinstance(tracking[0]["update_time_millis"], int)
    assert tracking[0]["description"] == "Your package was delivered!"
    assert data(shop.orders.get_order_detail(ids=[placed["id"]]))["orders"][0]["status"] == "DELIVERED"


def test_paging_a_large_order_list(shop: TikTokShop) -> None:
    seen: list[str] = []
    token: str | None = None
    while True:
        page = data(shop.orders.get_order_list(page_size=100, **({"page_token": token} if token else {})))
        seen += [o["id"] for o in page["orders"]]
        token = page["next_page_token"] or None
        if token is None:
            break
    assert len(seen) == len(set(seen)) == page["total_count"] >= ORDERS


def test_warehouses_and_couriers(shop: TikTokShop) -> None:
    warehouse = data(shop.logistics.get_warehouse_list())["warehouses"][0]
    options = data(shop.logistics.get_warehouse_delivery_options(warehouse["id"]))["delivery_options"]
    providers = data(shop.logistics.get_shipping_providers(options[0]["id"]))["shipping_providers"]
    assert {"JNE", "J&T Express"} <= {p["name"] for p in providers}


def test_price_detail_and_package_search(shop: TikTokShop) -> None:
    order = data(shop.orders.get_order_list(page_size=1))["orders"][0]
    price = data(shop.orders.get_order_price_details(order["id"]))
    assert price["payment"] == order["payment"]["total_amount"]
    packages = data(shop.fulfillment.search_package(page_size=50))
    assert packages["total_count"] > 0 and len(packages["packages"]) == 50
