"""GET /inventory/v1/fs/{fs_id}/product/info over the shared catalog."""

from __future__ import annotations

from mockserver.catalog.models import SELLER_DEACTIVATED
from mockserver.runtime import Mock
from tests.legacy.conftest import FS_ID, SHOP_ID, UNLINKED_SHOP_ID, LegacyClient, code
from tests.legacy.helpers import lid, product, sku_lid, tiktok_only

INFO = f"/inventory/v1/fs/{FS_ID}/product/info"


def test_by_product_id(legacy: LegacyClient, mock: Mock) -> None:
    p = product(mock)
    item = legacy.get(INFO, params={"product_id": lid(mock, p)}).json()["data"][0]
    assert item["basic"]["productID"] == lid(mock, p) and item["basic"]["Name"] == p.title
    assert item["basic"]["shopID"] == SHOP_ID and item["basic"]["status"] == 1


def test_product_spelling_and_lists_are_accepted(legacy: LegacyClient, mock: Mock) -> None:
    a, b = product(mock), product(mock, skus=2)
    by_product = legacy.get(INFO, params={"product": f"{lid(mock, a)},{lid(mock, b)}"}).json()["data"]
    repeated = legacy.get(INFO, params=[("product_id", lid(mock, a)), ("product_id", lid(mock, b))]).json()["data"]
    assert [i["basic"]["productID"] for i in by_product] == [lid(mock, a), lid(mock, b)]
    assert by_product == repeated


def test_money_is_a_number_and_stock_the_available_quantity(legacy: LegacyClient, mock: Mock) -> None:
    p = product(mock)
    item = legacy.get(INFO, params={"product_id": lid(mock, p)}).json()["data"][0]
    assert item["price"]["value"] == int(p.skus[0].price.amount) and item["price"]["currency"] == 1
    assert item["stock"]["value"] == p.skus[0].total_available
    assert item["other"]["sku"] == p.skus[0].seller_sku


def test_variants_are_children_of_a_parent(legacy: LegacyClient, mock: Mock) -> None:
    p = product(mock, skus=2)
    parent = legacy.get(INFO, params={"product_id": lid(mock, p)}).json()["data"][0]
    assert parent["variant"]["isParent"] and parent["variant"]["childrenID"] == [sku_lid(mock, s) for s in p.skus]
    child = legacy.get(INFO, params={"product_id": sku_lid(mock, p.skus[0])}).json()["data"][0]
    assert child["variant"] == {"isParent": False, "isVariant": True, "childrenID": []}
    assert child["other"]["sku"] == p.skus[0].seller_sku


def test_by_seller_sku(legacy: LegacyClient, mock: Mock) -> None:
    p = product(mock)
    data = legacy.get(INFO, params={"sku": p.skus[0].seller_sku}).json()["data"]
    assert [i["basic"]["productID"] for i in data] == [lid(mock, p)]


def test_by_product_url(legacy: LegacyClient, mock: Mock) -> None:
    p = product(mock)
    url = legacy.get(INFO, params={"product_id": lid(mock, p)}).json()["data"][0]["other"]["url"]
    data = legacy.get(INFO, params={"product_url": url}).json()["data"]
    assert data[0]["other"]["url"] == url


def test_by_shop_pages_and_caps_at_50(legacy: LegacyClient) -> None:
    first = legacy.get(INFO, params={"shop_id": SHOP_ID, "page": 1, "per_page": 500}).json()["data"]
    second = legacy.get(INFO, params={"shop_id": SHOP_ID, "page": 2, "per_page": 50}).json()["data"]
    assert len(first) == 50 and not {i["basic"]["productID"] for i in first} & {i["basic"]["productID"] for i in second}


def test_by_shop_sorted_by_name(legacy: LegacyClient) -> None:
    names = [
        i["basic"]["Name"].lower() for i in legacy.get(INFO, params={"shop_id": SHOP_ID, "sort": 7}).json()["data"]
    ]
    assert names == sorted(names)


def test_inactive_products_show_status_3(legacy: LegacyClient, mock: Mock) -> None:
    p = product(mock, status=SELLER_DEACTIVATED, stocked=False)
    assert legacy.get(INFO, params={"product_id": lid(mock, p)}).json()["data"][0]["basic"]["status"] == 3


def test_tiktok_only_products_do_not_exist_here(legacy: LegacyClient, mock: Mock) -> None:
    r = legacy.get(INFO, params={"product_id": lid(mock, tiktok_only(mock))})
    assert r.status_code == 500 and code(r) == "PRD_GRPC_003"


def test_unknown_product_is_data_not_found(legacy: LegacyClient) -> None:
    assert code(legacy.get(INFO, params={"product_id": 12345})) == "PRD_GRPC_003"


def test_product_of_an_unlinked_shop_is_403(legacy: LegacyClient, mock: Mock) -> None:
    r = legacy.get(INFO, params={"product_id": lid(mock, product(mock, "unauthorized"))})
    assert r.status_code == 403 and code(r) == "RBAC_MDLW_001"


def test_unlinked_shop_page_is_403(legacy: LegacyClient) -> None:
    assert code(legacy.get(INFO, params={"shop_id": UNLINKED_SHOP_ID})) == "RBAC_MDLW_001"


def test_nothing_to_look_up_is_400(legacy: LegacyClient) -> None:
    r = legacy.get(INFO)
    assert r.status_code == 400 and code(r) == "PRD_DLV_045"


def test_malformed_product_id_is_400(legacy: LegacyClient) -> None:
    assert code(legacy.get(INFO, params={"product_id": "x1"})) == "PRD_DLV_042"


def test_sort_out_of_range_is_400(legacy: LegacyClient) -> None:
    assert code(legacy.get(INFO, params={"shop_id": SHOP_ID, "sort": 11})) == "PRD_DLV_042"
