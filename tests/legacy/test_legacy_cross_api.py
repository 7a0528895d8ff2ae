"""One state, two APIs: what one API changes, the other shows at once."""

from __future__ import annotations

from typing import Any

from mockserver.legacy import orders as lo
from mockserver.runtime import Mock
from mockserver.testing import PartnerClient
from tests.legacy.conftest import FS_ID, SHOP_ID, LegacyClient
from tests.legacy.helpers import lid, place, product
from tests.legacy.test_legacy_product_writes import CREATE, new_product

INFO = f"/inventory/v1/fs/{FS_ID}/product/info"


def partner_product(partner: PartnerClient, product_id: str) -> dict[str, Any]:
    body = partner.get(f"/product/202309/products/{product_id}").json()
    assert body["code"] == 0, body
    data: dict[str, Any] = body["data"]
    return data


def partner_order(partner: PartnerClient, order_id: str) -> dict[str, Any]:
    body = partner.get("/order/202309/orders", query={"ids": order_id}).json()
    assert body["code"] == 0, body
    order: dict[str, Any] = body["data"]["orders"][0]
    return order


def test_a_product_created_with_the_legacy_api_is_read_by_the_partner_api(
    legacy: LegacyClient, partner: PartnerClient, mock: Mock
) -> None:
    legacy_id = legacy.post(CREATE, params={"shop_id": SHOP_ID}, json={"products": [new_product()]}).json()["data"][
        "success_rows_data"
    ][0]["product_id"]
    created = next(p for p in mock.store.products.values() if lid(mock, p) == legacy_id)
    seen = partner_product(partner, created.id)
    assert seen["title"] == "Kaos Polos Katun Combed 30s Hitam" and seen["skus"][0]["price"]["sale_price"] == "45000"
    assert seen["skus"][0]["inventory"][0]["quantity"] == 25 and seen["skus"][0]["seller_sku"] == "KAOS-HTM-001"


def test_a_legacy_stock_update_is_the_partner_inventory(
    legacy: LegacyClient, partner: PartnerClient, mock: Mock
) -> None:
    p = product(mock)
    legacy.post(
        f"/inventory/v1/fs/{FS_ID}/stock/update",
        params={"shop_id": SHOP_ID},
        json=[{"product_id": lid(mock, p), "new_stock": 77}],
    )
    assert partner_product(partner, p.id)["skus"][0]["inventory"][0]["quantity"] == 77


def test_a_partner_inventory_update_is_the_legacy_stock(
    legacy: LegacyClient, partner: PartnerClient, mock: Mock
) -> None:
    p = product(mock)
    warehouse = next(iter(p.skus[0].inventory))
    body = {"skus": [{"id": p.skus[0].id, "inventory": [{"warehouse_id": warehouse, "quantity": 31}]}]}
    assert partner.post(f"/product/202309/products/{p.id}/inventory/update", json=body).json()["code"] == 0
    assert legacy.get(INFO, params={"product_id": lid(mock, p)}).json()["data"][0]["stock"]["value"] == 31


def test_a_legacy_price_update_is_the_partner_price(legacy: LegacyClient, partner: PartnerClient, mock: Mock) -> None:
    p = product(mock)
    legacy.post(
        f"/inventory/v1/fs/{FS_ID}/price/update",
        params={"shop_id": SHOP_ID},
        json=[{"product_id": lid(mock, p), "new_price": 88500}],
    )
    assert partner_product(partner, p.id)["skus"][0]["price"]["sale_price"] == "88500"


def test_accept_pick_up_and_ship_with_the_legacy_api(legacy: LegacyClient, partner: PartnerClient, mock: Mock) -> None:
    order_id = place(mock, legacy.http)
    legacy_id = lo.legacy_id(mock.store.orders[order_id])
    assert partner_order(partner, order_id)["status"] == "AWAITING_SHIPMENT"
    legacy.post(f"/v1/order/{legacy_id}/fs/{FS_ID}/ack")
    legacy.post(f"/inventory/v1/fs/{FS_ID}/pick-up", json={"order_id": legacy_id, "shop_id": SHOP_ID})
    assert partner_order(partner, order_id)["status"] == "AWAITING_COLLECTION"
    legacy.post(f"/v1/order/{legacy_id}/fs/{FS_ID}/status", json={"order_status": 500, "shipping_ref_num": "CGK123"})
    assert partner_order(partner, order_id)["status"] == "IN_TRANSIT"
    legacy.post(f"/v1/order/{legacy_id}/fs/{FS_ID}/status", json={"order_status": 600, "shop_id": SHOP_ID})
    assert partner_order(partner, order_id)["status"] == "DELIVERED"


def test_seller_shipping_awb_is_the_partner_tracking_number(
    legacy: LegacyClient, partner: PartnerClient, mock: Mock
) -> None:
    order_id = place(mock, legacy.http, shipping_type="SELLER")
    legacy_id = lo.legacy_id(mock.store.orders[order_id])
    legacy.post(f"/v1/order/{legacy_id}/fs/{FS_ID}/ack")
    legacy.post(
        f"/v1/order/{legacy_id}/fs/{FS_ID}/status", json={"order_status": 500, "shipping_ref_num": "JP9876543210"}
    )
    seen = partner_order(partner, order_id)
    assert seen["status"] == "IN_TRANSIT" and seen["tracking_number"] == "JP9876543210"


def test_a_legacy_rejection_is_a_partner_cancellation(legacy: LegacyClient, partner: PartnerClient, mock: Mock) -> None:
    order_id = place(mock, legacy.http)
    legacy_id = lo.legacy_id(mock.store.orders[order_id])
    legacy.post(f"/v1/order/{legacy_id}/fs/{FS_ID}/nack", json={"reason_code": 3, "reason": "Harga salah"})
    seen = partner_order(partner, order_id)
    assert seen["status"] == "CANCELLED" and seen["cancellation_initiator"] == "SELLER"


def test_a_partner_side_cancellation_shows_in_the_legacy_list(legacy: LegacyClient, mock: Mock) -> None:
    order_id = place(mock, legacy.http)
    legacy.http.post(f"/_mock/orders/{order_id}/cancel", json={"by": "BUYER"})
    detail = legacy.get(f"/v2/fs/{FS_ID}/order", params={"order_id": lo.legacy_id(mock.store.orders[order_id])})
    assert detail.json()["data"]["order_status"] == 15


def test_the_control_planes_courier_moves_the_legacy_status(legacy: LegacyClient, mock: Mock) -> None:
    order_id = place(mock, legacy.http)
    legacy.http.post(f"/_mock/orders/{order_id}/advance", json={"to": "IN_TRANSIT"})
    detail = legacy.get(f"/v2/fs/{FS_ID}/order", params={"order_id": lo.legacy_id(mock.store.orders[order_id])})
    assert detail.json()["data"]["order_status"] == 500


# --- one rule, two dialects: where the APIs differ, the named policy decides (README, GUESS choices) ---------------
STOCK = f"/inventory/v1/fs/{FS_ID}/stock/update"


def _partner_inventory(partner: PartnerClient, p: Any, quantity: int) -> dict[str, Any]:
    warehouse = next(iter(p.skus[0].inventory))
    body = {"skus": [{"id": p.skus[0].id, "inventory": [{"warehouse_id": warehouse, "quantity": quantity}]}]}
    answer: dict[str, Any] = partner.post(f"/product/202309/products/{p.id}/inventory/update", json=body).json()
    return answer


def test_stock_zero_is_a_legacy_stock_but_not_a_partner_quantity(
    legacy: LegacyClient, partner: PartnerClient, mock: Mock
) -> None:
    p = product(mock)
    partner_answer = _partner_inventory(partner, p, 0)
    assert partner_answer["data"]["errors"][0]["detail"]["extra_errors"][0]["code"] == 12052055
    data = legacy.post(STOCK, params={"shop_id": SHOP_ID}, json=[{"product_id": lid(mock, p), "new_stock": 0}]).json()
    assert (
        data["data"]["succeed_rows"] == 1 and partner_product(partner, p.id)["skus"][0]["inventory"][0]["quantity"] == 0
    )


def test_a_deactivated_product_takes_legacy_stock_but_not_partner_inventory(
    legacy: LegacyClient, partner: PartnerClient, mock: Mock
) -> None:
    p = product(mock)
    body = {"product_ids": [p.id], "listing_platforms": ["TIKTOK_SHOP", "TOKOPEDIA"]}
    assert partner.post("/product/202309/products/deactivate", json=body).json()["data"] == {}
    assert _partner_inventory(partner, p, 9)["code"] == 12052901
    data = legacy.post(STOCK, params={"shop_id": SHOP_ID}, json=[{"product_id": lid(mock, p), "new_stock": 9}]).json()
    assert data["data"]["succeed_rows"] == 1 and p.skus[0].inventory[next(iter(p.skus[0].inventory))].available == 9


def test_a_shared_limit_answers_both_dialects(legacy: LegacyClient, partner: PartnerClient, mock: Mock) -> None:
    p = product(mock)
    assert _partner_inventory(partner, p, 100_000)["data"]["errors"][0]["detail"]["extra_errors"][0]["code"] == 12052055
    rows = [{"product_id": lid(mock, p), "new_stock": 100_000}]
    failed = legacy.post(STOCK, params={"shop_id": SHOP_ID}, json=rows).json()["data"]["failed_rows_data"]
    assert failed[0]["message"] == "Invalid stock value: must be between 0 and 99999."


def test_status_changes_are_one_state_seen_by_both(legacy: LegacyClient, partner: PartnerClient, mock: Mock) -> None:
    p = product(mock)
    legacy.post(f"/v1/products/fs/{FS_ID}/inactive", params={"shop_id": SHOP_ID}, json={"product_id": [lid(mock, p)]})
    platforms = {s["platform"]: s["status"] for s in partner_product(partner, p.id)["integrated_platform_statuses"]}
    assert platforms["TOKOPEDIA"] == "SELLER_DEACTIVATED"
    body = {"product_ids": [p.id], "listing_platforms": ["TOKOPEDIA"]}
    assert partner.post("/product/202309/products/activate", json=body).json()["data"] == {}
    info = legacy.get(INFO, params={"product_id": lid(mock, p)}).json()["data"][0]
    assert info["basic"]["status"] == 1


def test_legacy_and_partner_prices_go_through_one_rule(
    legacy: LegacyClient, partner: PartnerClient, mock: Mock
) -> None:
    p = product(mock)
    body = {"skus": [{"id": p.skus[0].id, "price": {"amount": "50.5", "currency": "IDR"}}]}
    assert partner.post(f"/product/202309/products/{p.id}/prices/update", json=body).json()["code"] == 12052012
    rows = [{"product_id": lid(mock, p), "new_price": 50}]
    failed = legacy.post(f"/inventory/v1/fs/{FS_ID}/price/update", params={"shop_id": SHOP_ID}, json=rows).json()
    assert failed["data"]["failed_rows_data"][0]["message"].startswith("Invalid price")
