"""The Partner API's kept renderings (mockserver/renders.py) never outlive a change: whichever API, control step or
timer of the world made it, the next read shows it. Each test reads first (so the rendering is kept), changes, reads."""

from __future__ import annotations

from typing import Any

import orjson
from starlette.applications import Starlette

from mockserver.legacy import orders as lo
from mockserver.renders import RenderCache
from mockserver.runtime import Mock
from mockserver.testing import PartnerClient
from tests.legacy.conftest import FS_ID, SHOP_ID, LegacyClient
from tests.legacy.helpers import lid, place, product

SEARCH = "/order/202309/orders/search"


def renders(app: Starlette) -> RenderCache:
    route = next(r for r in app.routes if getattr(r, "path", "") == "/{path:path}")
    cache: RenderCache = route.endpoint.renders  # type: ignore[attr-defined]
    return cache


def searched(partner: PartnerClient, order_id: str) -> dict[str, Any]:
    body = partner.post(SEARCH, query={"page_size": 100}, json={}).json()
    assert body["code"] == 0, body
    found: dict[str, Any] = next(o for o in body["data"]["orders"] if o["id"] == order_id)
    return found


def detail(partner: PartnerClient, order_id: str) -> dict[str, Any]:
    body = partner.get("/order/202309/orders", query={"ids": order_id}).json()
    assert body["code"] == 0, body
    found: dict[str, Any] = body["data"]["orders"][0]
    return found


def product_detail(partner: PartnerClient, product_id: str) -> dict[str, Any]:
    body = partner.get(f"/product/202309/products/{product_id}").json()
    assert body["code"] == 0, body
    data: dict[str, Any] = body["data"]
    return data


def test_a_second_read_is_served_from_the_kept_rendering(app: Starlette, partner: PartnerClient, mock: Mock) -> None:
    p = product(mock)
    first = product_detail(partner, p.id)
    hits = renders(app).hits
    assert product_detail(partner, p.id) == first
    assert renders(app).hits == hits + 1


def test_a_legacy_stock_update_shows_in_a_kept_partner_product(
    legacy: LegacyClient, partner: PartnerClient, mock: Mock
) -> None:
    p = product(mock)
    assert product_detail(partner, p.id)["skus"][0]["inventory"][0]["quantity"] != 77
    stock = f"/inventory/v1/fs/{FS_ID}/stock/update"
    legacy.post(stock, params={"shop_id": SHOP_ID}, json=[{"product_id": lid(mock, p), "new_stock": 77}])
    assert product_detail(partner, p.id)["skus"][0]["inventory"][0]["quantity"] == 77


def test_a_partner_inventory_update_shows_in_a_kept_partner_product(partner: PartnerClient, mock: Mock) -> None:
    p = product(mock)
    assert product_detail(partner, p.id)["skus"][0]["inventory"][0]["quantity"] != 31
    warehouse = next(iter(p.skus[0].inventory))
    body = {"skus": [{"id": p.skus[0].id, "inventory": [{"warehouse_id": warehouse, "quantity": 31}]}]}
    assert partner.post(f"/product/202309/products/{p.id}/inventory/update", json=body).json()["code"] == 0
    assert product_detail(partner, p.id)["skus"][0]["inventory"][0]["quantity"] == 31


def test_legacy_order_steps_show_in_a_kept_search_page(
    legacy: LegacyClient, partner: PartnerClient, mock: Mock
) -> None:
    order_id = place(mock, legacy.http)
    legacy_id = lo.legacy_id(mock.store.orders[order_id])
    assert searched(partner, order_id)["status"] == "AWAITING_SHIPMENT"
    legacy.post(f"/v1/order/{legacy_id}/fs/{FS_ID}/ack")
    legacy.post(f"/inventory/v1/fs/{FS_ID}/pick-up", json={"order_id": legacy_id, "shop_id": SHOP_ID})
    assert searched(partner, order_id)["status"] == "AWAITING_COLLECTION"
    assert detail(partner, order_id)["status"] == "AWAITING_COLLECTION"


def test_a_partner_shipment_shows_in_a_kept_search_page(
    legacy: LegacyClient, partner: PartnerClient, mock: Mock
) -> None:
    order_id = place(mock, legacy.http, shipping_type="SELLER")
    before = searched(partner, order_id)
    assert before["status"] == "AWAITING_SHIPMENT" and "tracking_number" not in before
    body = {"tracking_number": "JP1234567890", "shipping_provider_id": "7117858858072016002"}
    answer = partner.post(f"/fulfillment/202309/orders/{order_id}/packages", json=body).json()
    assert answer["code"] == 0, answer
    after = searched(partner, order_id)
    assert after["status"] != "AWAITING_SHIPMENT" and after["tracking_number"] == "JP1234567890"


def test_a_control_step_shows_in_a_kept_order(legacy: LegacyClient, partner: PartnerClient, mock: Mock) -> None:
    order_id = place(mock, legacy.http)
    assert detail(partner, order_id)["status"] == "AWAITING_SHIPMENT"
    legacy.http.post(f"/_mock/orders/{order_id}/cancel", json={"by": "BUYER"})
    assert detail(partner, order_id)["status"] == "CANCELLED"
    assert searched(partner, order_id)["status"] == "CANCELLED"


def test_a_timer_shows_in_a_kept_order(legacy: LegacyClient, partner: PartnerClient, mock: Mock) -> None:
    order_id = place(mock, legacy.http, paid=False)
    assert searched(partner, order_id)["status"] == "UNPAID"
    r = legacy.http.post("/_mock/clock", json={"advance": 2 * 24 * 3600})  # past the unpaid order's expiry
    assert r.status_code == 200, r.text
    assert searched(partner, order_id)["status"] == "CANCELLED"


def test_a_reset_starts_the_kept_renderings_over(app: Starlette, partner: PartnerClient, mock: Mock) -> None:
    p = product(mock)
    product_detail(partner, p.id)
    assert len(renders(app)) > 0
    mock.reset()
    product_detail(partner, p.id)
    assert len(renders(app)) == 1


def test_the_kept_renderings_are_bounded_in_bytes(mock: Mock) -> None:
    one = len(orjson.dumps({"i": 0}))
    cache = RenderCache(capacity=3 * one)
    for i in range(10):
        cache.json(mock.store, i, lambda i=i: {"i": i})
    assert len(cache) == 3 and cache.size == 3 * one
    assert orjson.dumps(cache.json(mock.store, 9, lambda: {"i": "not rendered again"})) == b'{"i":9}'
    assert orjson.dumps(cache.json(mock.store, 0, lambda: {"i": "rendered again"})) == b'{"i":"rendered again"}'
    big = cache.json(mock.store, "big", lambda: {"x": "y" * 100})  # bigger than the cache: answered, not kept
    assert b"yyy" in orjson.dumps(big) and len(cache) == 3 and cache.size <= cache.capacity


def legacy_stock(legacy: LegacyClient, mock: Mock, product_id: int) -> int:
    body = legacy.get(f"/inventory/v1/fs/{FS_ID}/product/info", params={"product_id": product_id}).json()
    assert body["header"].get("error_code", 0) == 0, body
    stock: int = body["data"][0]["stock"]["value"]
    return stock


def test_a_partner_inventory_update_shows_in_a_kept_legacy_product(
    legacy: LegacyClient, partner: PartnerClient, mock: Mock
) -> None:
    p = product(mock)
    assert legacy_stock(legacy, mock, lid(mock, p)) != 31
    warehouse = next(iter(p.skus[0].inventory))
    body = {"skus": [{"id": p.skus[0].id, "inventory": [{"warehouse_id": warehouse, "quantity": 31}]}]}
    assert partner.post(f"/product/202309/products/{p.id}/inventory/update", json=body).json()["code"] == 0
    assert legacy_stock(legacy, mock, lid(mock, p)) == 31


def test_a_legacy_stock_update_shows_in_a_kept_legacy_product(legacy: LegacyClient, mock: Mock) -> None:
    p = product(mock)
    assert legacy_stock(legacy, mock, lid(mock, p)) != 77
    stock = f"/inventory/v1/fs/{FS_ID}/stock/update"
    legacy.post(stock, params={"shop_id": SHOP_ID}, json=[{"product_id": lid(mock, p), "new_stock": 77}])
    assert legacy_stock(legacy, mock, lid(mock, p)) == 77
