"""Promotions (api-more/promotion): activities with their documented types, validation and errors; an ongoing deal
prices new orders (seller_discount) and locks the SKU's price (12052038) in both APIs; coupons to read."""

from __future__ import annotations

from typing import Any

import pytest

from mockserver.clock import FrozenClock
from mockserver.runtime import Mock
from mockserver.testing import PartnerClient
from tests.legacy.conftest import FS_ID, SHOP_ID, LegacyClient
from tests.legacy.helpers import lid
from tests.legacy.helpers import product as legacy_product
from tests.orders.conftest import Control, detail, fails, ok

ACT = "/promotion/202309/activities"
HOUR = 3600


@pytest.fixture
def control(client: PartnerClient) -> Control:
    return Control(client.http)


def live_product(client: PartnerClient, n: int = 0) -> dict[str, Any]:
    products = ok(client.post("/product/202502/products/search", query={"page_size": 20}, json={"status": "ACTIVATE"}))
    found: dict[str, Any] = products["products"][n]
    return found


def activity(client: PartnerClient, clock: FrozenClock, **overrides: Any) -> str:
    now = int(clock.now())
    body = {"title": "Diskon Gajian", "activity_type": "DIRECT_DISCOUNT", "product_level": "PRODUCT",
            "begin_time": now + 60, "end_time": now + 2 * HOUR, **overrides}  # fmt: skip
    return str(ok(client.post(ACT, json=body))["activity_id"])


def add_product(client: PartnerClient, activity_id: str, product_id: str, **deal: Any) -> dict[str, Any]:
    item = {"id": product_id, "quantity_limit": -1, "quantity_per_user": -1, "skus": [], **deal}
    return dict(ok(client.put(f"{ACT}/{activity_id}/products", json={"activity_id": activity_id, "products": [item]})))


def test_a_discount_goes_from_draft_to_ongoing(client: PartnerClient, clock: FrozenClock, mock: Mock) -> None:
    aid = activity(client, clock)
    assert ok(client.get(f"{ACT}/{aid}"))["status"] == "DRAFT"
    assert add_product(client, aid, live_product(client)["id"], discount="20")["status"] == "NOT_START"
    clock.advance(120)
    assert ok(client.get(f"{ACT}/{aid}"))["status"] == "ONGOING"
    clock.advance(2 * HOUR)
    assert ok(client.get(f"{ACT}/{aid}"))["status"] == "EXPIRED"
    changes = [(e.data["before"], e.data["after"], e.data["cause"]) for e in mock.store.events
               if e.type == "promotion.activity_status_changed" and e.subject == aid]  # fmt: skip
    assert changes == [("DRAFT", "NOT_START", "products_added"), ("NOT_START", "ONGOING", "time"),
                       ("ONGOING", "EXPIRED", "time")]  # fmt: skip


def test_an_ongoing_deal_prices_new_orders(
    client: PartnerClient, clock: FrozenClock, control: Control, mock: Mock
) -> None:
    product = live_product(client, 1)
    sku = product["skus"][0]
    price = int(mock.store.skus[sku["id"]].price.amount)
    aid = activity(client, clock, activity_type="FIXED_PRICE")
    add_product(client, aid, product["id"], activity_price_amount=str(price // 2), quantity_limit=2)
    clock.advance(120)
    first = detail(client, control.place(items=[{"sku_id": sku["id"], "quantity": 3}])["id"])
    sold = [(li["sale_price"], li["seller_discount"]) for li in first["line_items"]]
    deal = (str(price // 2), str(price - price // 2))
    assert sold == [deal, deal, (str(price), "0")]  # the deal's quantity_limit is 2
    assert first["payment"]["seller_discount"] == str(2 * (price - price // 2))
    second = detail(client, control.place(items=[{"sku_id": sku["id"], "quantity": 1}])["id"])
    assert second["line_items"][0]["seller_discount"] == "0"  # used up


def test_an_ongoing_deal_locks_the_price(client: PartnerClient, clock: FrozenClock) -> None:
    product = live_product(client, 2)
    sku = product["skus"][0]["id"]
    aid = activity(client, clock)
    add_product(client, aid, product["id"], discount="10")
    body = {"skus": [{"id": sku, "price": {"amount": "77000", "currency": "IDR"}}]}
    path = f"/product/202309/products/{product['id']}/prices/update"
    assert ok(client.post(path, json=body)) == {}  # not started yet: not locked
    clock.advance(120)
    body["skus"][0]["price"]["amount"] = "78000"
    fails(client.post(path, json=body), 12052038)
    ok(client.post(f"{ACT}/{aid}/deactivate"))
    assert ok(client.post(path, json=body)) == {}


def test_the_price_lock_holds_in_the_legacy_api(
    client: PartnerClient, clock: FrozenClock, mock: Mock, app: Any
) -> None:
    legacy = LegacyClient(app).login()
    product = legacy_product(mock)
    aid = activity(client, clock)
    add_product(client, aid, product.id, discount="10")
    clock.advance(120)
    rows = [{"product_id": lid(mock, product), "new_price": 55000}]
    r = legacy.post(f"/inventory/v1/fs/{FS_ID}/price/update", params={"shop_id": SHOP_ID}, json=rows)
    failed = r.json()["data"]["failed_rows_data"]
    assert failed and "promotion" in failed[0]["message"]
    assert mock.store.skus[product.skus[0].id].price.amount != "55000"


@pytest.mark.parametrize(
    ("overrides", "code"),
    [
        ({"title": "x" * 51}, 17029002),
        ({"activity_type": "LOTTERY"}, 17029036),
        ({"begin_time": 1661756811, "end_time": 1661856811}, 17029005),
        ({"end_time_delta": 600}, 17029006),
        ({"activity_type": "FLASHSALE", "end_time_delta": 4 * 86400}, 17029008),
        ({"end_time_delta": 200 * 86400}, 17029007),
        ({"duration_type": "INDEFINITE"}, 17029001),
        ({"activity_type": "SHIPPING_DISCOUNT", "product_level": "VARIATION"}, 17029052),
    ],
)
def test_create_refusals(client: PartnerClient, clock: FrozenClock, overrides: dict[str, Any], code: int) -> None:
    now = int(clock.now())
    body = {"title": "Promo", "activity_type": "DIRECT_DISCOUNT", "product_level": "PRODUCT",
            "begin_time": now + 60, "end_time": now + 2 * HOUR}  # fmt: skip
    delta = overrides.pop("end_time_delta", None)
    body.update(overrides)
    if delta is not None:
        body["end_time"] = body["begin_time"] + delta
    fails(client.post(ACT, json=body), code)


def test_titles_are_unique(client: PartnerClient, clock: FrozenClock) -> None:
    activity(client, clock, title="Sekali Saja")
    now = int(clock.now())
    body = {"title": "Sekali Saja", "activity_type": "FLASHSALE", "product_level": "PRODUCT",
            "begin_time": now + 60, "end_time": now + HOUR + 60}  # fmt: skip
    fails(client.post(ACT, json=body), 17029004)


def test_one_storewide_free_shipping_at_a_time(client: PartnerClient, clock: FrozenClock) -> None:
    shipping = {"shipping_discount": {"threshold_type": "NO_THRESHOLD", "type": "FREE_SHIPPING",
                                      "area_scope": {"type": "WHOLE"}}}  # fmt: skip
    body = {"activity_type": "SHIPPING_DISCOUNT", "product_level": "SHOP", "duration_type": "INDEFINITE",
            "begin_time": 0, "end_time": 0, "discount": shipping}  # fmt: skip
    assert ok(client.post(ACT, json={"title": "Gratis Ongkir", **body}))["status"] == "ONGOING"
    fails(client.post(ACT, json={"title": "Gratis Ongkir 2", **body}), 17003203)


@pytest.mark.parametrize(
    ("deal", "code"),
    [
        ({}, 17029041),  # DIRECT_DISCOUNT needs product.discount
        ({"activity_price_amount": "1000"}, 17029029),
        ({"discount": "100"}, 17029020),
        ({"discount": "0"}, 17029062),
        ({"discount": "10", "quantity_limit": 500}, 17029050),
        ({"discount": "10", "quantity_per_user": 0}, 17029014),
        ({"discount": "10", "skus": [{"id": "1", "quantity_limit": -1, "quantity_per_user": -1}]}, 17029013),
    ],
)
def test_product_refusals(client: PartnerClient, clock: FrozenClock, deal: dict[str, Any], code: int) -> None:
    aid = activity(client, clock)
    item = {"id": live_product(client)["id"], "quantity_limit": -1, "quantity_per_user": -1, "skus": [], **deal}
    fails(client.put(f"{ACT}/{aid}/products", json={"activity_id": aid, "products": [item]}), code)
    assert ok(client.get(f"{ACT}/{aid}"))["status"] == "DRAFT"  # nothing was added


def test_a_product_is_in_one_live_activity(client: PartnerClient, clock: FrozenClock) -> None:
    product = live_product(client)["id"]
    add_product(client, activity(client, clock, title="Satu"), product, discount="10")
    second = activity(client, clock, title="Dua")
    item = {"id": product, "discount": "15", "quantity_limit": -1, "quantity_per_user": -1, "skus": []}
    fails(client.put(f"{ACT}/{second}/products", json={"activity_id": second, "products": [item]}), 17029022)


def test_another_shops_activity(client: PartnerClient, clock: FrozenClock, app: Any) -> None:
    aid = activity(client, clock)
    other = PartnerClient.in_process(app, shop="second")
    fails(other.get(f"{ACT}/{aid}"), 17029028)
    fails(other.post(f"{ACT}/{aid}/deactivate"), 17029028)
    fails(client.get(f"{ACT}/7000000000000000001"), 17029009)


def test_variation_deals_and_removal(client: PartnerClient, clock: FrozenClock) -> None:
    product = live_product(client)
    aid = activity(
        client, clock, activity_type="FLASHSALE", product_level="VARIATION", end_time=int(clock.now()) + HOUR + 60
    )
    sku = product["skus"][0]["id"]
    deal = {"id": sku, "activity_price_amount": "1000", "quantity_limit": 5, "quantity_per_user": 1}
    item = {"id": product["id"], "quantity_limit": -1, "quantity_per_user": -1, "skus": [deal]}
    ok(client.put(f"{ACT}/{aid}/products", json={"activity_id": aid, "products": [item]}))
    got = ok(client.get(f"{ACT}/{aid}"))["products"][0]["skus"][0]
    assert got["activity_price"] == {"amount": "1000", "currency": "IDR"} and got["quantity_limit"] == 5
    fails(client.delete(f"{ACT}/{aid}/products", json={"sku_ids": ["1234"]}), 17029024)
    ok(client.delete(f"{ACT}/{aid}/products", json={"sku_ids": [sku]}))
    assert ok(client.get(f"{ACT}/{aid}"))["products"] == []


def test_update_and_deactivate(client: PartnerClient, clock: FrozenClock) -> None:
    aid = activity(client, clock)
    add_product(client, aid, live_product(client)["id"], discount="10")
    now = int(clock.now())
    body = {"title": "Diskon Gajian Baru", "begin_time": now + 300, "end_time": now + 3 * HOUR}
    assert ok(client.put(f"{ACT}/{aid}", json=body))["title"] == "Diskon Gajian Baru"
    clock.advance(400)
    fails(client.put(f"{ACT}/{aid}", json={**body, "begin_time": now + 500}), 17029011)
    assert ok(client.post(f"{ACT}/{aid}/deactivate"))["status"] == "DEACTIVATED"
    fails(client.post(f"{ACT}/{aid}/deactivate"), 17029010)
    fails(client.put(f"{ACT}/{aid}", json=body), 17029010)


def test_search_activities_pages_by_offset(client: PartnerClient, clock: FrozenClock) -> None:
    for n in range(3):
        activity(client, clock, title=f"Promo {n}")
    first = ok(client.post(f"{ACT}/search", json={"page_size": 2, "activity_title": "Promo"}))
    assert first["total_count"] == 3 and len(first["activities"]) == 2
    rest = ok(client.post(f"{ACT}/search", json={"page_size": 2, "activity_title": "Promo",
                                                 "page_token": first["next_page_token"]}))  # fmt: skip
    assert [a["title"] for a in rest["activities"]] == ["Promo 0"] and rest["next_page_token"] == ""
    fails(client.post(f"{ACT}/search", json={"page_size": 100, "page_token": "9950"}), 17029059)
    seeded = ok(client.post(f"{ACT}/search", json={"status": "EXPIRED"}))["activities"]
    assert seeded and all(a["status"] == "EXPIRED" for a in seeded)


def test_republish_a_past_activity(client: PartnerClient, clock: FrozenClock) -> None:
    past = ok(client.post(f"{ACT}/search", json={"status": "EXPIRED"}))["activities"][0]
    now = int(clock.now())
    new = ok(client.post(f"/promotion/202607/activities/{past['id']}/republish",
                         json={"begin_time": now + 60, "end_time": now + 2 * HOUR}))["activity_id"]  # fmt: skip
    got = ok(client.get(f"{ACT}/{new}"))
    assert got["status"] == "NOT_START" and got["activity_type"] == past["activity_type"]
    assert len(got["products"]) == len(ok(client.get(f"{ACT}/{past['id']}"))["products"])


def test_coupons(client: PartnerClient) -> None:
    page = ok(client.post("/promotion/202406/coupons/search", query={"page_size": 2}, json={}))
    assert page["total_count"] == 5 and len(page["coupons"]) == 2 and page["next_page_token"]
    ongoing = ok(client.post("/promotion/202406/coupons/search", query={"page_size": 50}, json={"status": ["ONGOING"]}))
    assert ongoing["coupons"] and {c["status"] for c in ongoing["coupons"]} == {"ONGOING"}
    coupon = ok(client.get(f"/promotion/202406/coupons/{page['coupons'][0]['id']}"))["coupon"]
    assert coupon["id"] == page["coupons"][0]["id"] and "usage_stats" in coupon
    fails(client.get("/promotion/202406/coupons/7000000000000000001"), 17029001)
