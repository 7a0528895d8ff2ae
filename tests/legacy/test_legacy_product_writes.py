"""Create v3, edit v3, set active/inactive, delete (POST and DELETE): rows fail on their own with HTTP 200."""

from __future__ import annotations

from typing import Any

from mockserver.catalog.models import ACTIVATE, DELETED, SELLER_DEACTIVATED, TIKTOK_SHOP, TOKOPEDIA
from mockserver.runtime import Mock
from tests.legacy.conftest import FS_ID, SHOP_ID, UNLINKED_SHOP_ID, LegacyClient, code
from tests.legacy.helpers import lid, product, sku_lid

CREATE = f"/v3/products/fs/{FS_ID}/create"
EDIT = f"/v3/products/fs/{FS_ID}/edit"
DELETE = f"/v3/products/fs/{FS_ID}/delete"
ACTIVE = f"/v1/products/fs/{FS_ID}/active"
INACTIVE = f"/v1/products/fs/{FS_ID}/inactive"
SHOP = {"shop_id": SHOP_ID}


def new_product(**overrides: Any) -> dict[str, Any]:
    row = {
        "Name": "Kaos Polos Katun Combed 30s Hitam",
        "condition": "NEW",
        "Description": "Kaos polos bahan katun combed 30s.",
        "sku": "KAOS-HTM-001",
        "price": 45000,
        "status": "LIMITED",
        "stock": 25,
        "min_order": 1,
        "category_id": 601302,
        "price_currency": "IDR",
        "weight": 200,
        "weight_unit": "GR",
        "pictures": [{"file_path": "https://images.example/kaos-hitam.jpg"}],
    }
    row.update(overrides)
    return row


def test_create_returns_the_new_id(legacy: LegacyClient, mock: Mock) -> None:
    data = legacy.post(CREATE, params=SHOP, json={"products": [new_product()]}).json()["data"]
    assert data["total_data"] == 1 and data["success_data"] == 1 and data["failed_rows_data"] == []
    new_id = data["success_rows_data"][0]["product_id"]
    item = legacy.get(f"/inventory/v1/fs/{FS_ID}/product/info", params={"product_id": new_id}).json()["data"][0]
    assert item["basic"]["Name"] == "Kaos Polos Katun Combed 30s Hitam" and item["price"]["value"] == 45000
    assert item["stock"]["value"] == 25 and item["weight"] == {"value": 200, "unit": 1}


def test_created_product_is_listed_on_both_platforms(legacy: LegacyClient, mock: Mock) -> None:
    legacy.post(CREATE, params=SHOP, json={"products": [new_product()]})
    created = list(mock.store.products.values())[-1]
    assert created.statuses == {TIKTOK_SHOP: ACTIVATE, TOKOPEDIA: ACTIVATE}


def test_bad_rows_fail_alone(legacy: LegacyClient) -> None:
    rows = [new_product(), new_product(Name="", price=5, category_id=1)]
    r = legacy.post(CREATE, params=SHOP, json={"products": rows})
    data = r.json()["data"]
    assert r.status_code == 200 and data["success_data"] == 1 and data["fail_data"] == 1
    assert set(data["failed_rows_data"][0]["error"]) == {
        "Name is required",
        "price must be between 100 and 100000000",
        "Invalid category id",
    }


def test_create_with_variants_makes_skus(legacy: LegacyClient, mock: Mock) -> None:
    variant = {
        "selection": [{"id": 100000, "unit_id": 0, "options": [{"value": "Hitam"}, {"value": "Putih"}]}],
        "products": [
            {"is_primary": True, "price": 45000, "stock": 5, "sku": "K-HTM", "combination": [0]},
            {"is_primary": False, "price": 47000, "stock": 7, "sku": "K-PTH", "combination": [1]},
        ],
    }
    data = legacy.post(CREATE, params=SHOP, json={"products": [new_product(variant=variant)]}).json()["data"]
    created = mock.store.products[list(mock.store.products_by_shop[mock.refs.shops["migrated"]])[-1]]  # the newest
    assert data["success_data"] == 1 and [s.seller_sku for s in created.skus] == ["K-HTM", "K-PTH"]
    assert [s.sales_attributes[0].value_name for s in created.skus] == ["Hitam", "Putih"]


def test_create_needs_shop_id(legacy: LegacyClient) -> None:
    r = legacy.post(CREATE, json={"products": [new_product()]})
    assert r.status_code == 400 and code(r) == "PRD_DLV_016"


def test_create_in_an_unlinked_shop_is_403_and_changes_nothing(legacy: LegacyClient, mock: Mock) -> None:
    before = len(mock.store.products)
    r = legacy.post(CREATE, params={"shop_id": UNLINKED_SHOP_ID}, json={"products": [new_product()]})
    assert r.status_code == 403 and code(r) == "RBAC_MDLW_001" and len(mock.store.products) == before


def test_more_than_25_products_is_400(legacy: LegacyClient) -> None:
    r = legacy.post(CREATE, params=SHOP, json={"products": [new_product()] * 26})
    assert r.status_code == 400 and code(r) == "PRD_DLV_018" and "25" in r.json()["header"]["reason"]


def test_edit_changes_only_the_fields_sent(legacy: LegacyClient, mock: Mock) -> None:
    p = product(mock)
    title = p.title
    data = legacy.patch(EDIT, params=SHOP, json={"products": [{"id": lid(mock, p), "price": 123000}]}).json()["data"]
    assert data["success_rows_data"] == [{"product_id": lid(mock, p)}]
    assert p.skus[0].price.amount == "123000" and p.title == title


def test_edit_by_post_is_accepted(legacy: LegacyClient, mock: Mock) -> None:
    p = product(mock)
    r = legacy.post(EDIT, params=SHOP, json={"products": [{"id": lid(mock, p), "Name": "Nama Baru Produk Ini"}]})
    assert r.json()["data"]["success_data"] == 1 and p.title == "Nama Baru Produk Ini"


def test_edit_of_a_deleted_product_fails_its_row(legacy: LegacyClient, mock: Mock) -> None:
    p = product(mock)
    legacy.post(DELETE, params=SHOP, json={"product_id": [lid(mock, p)]})
    data = legacy.patch(EDIT, params=SHOP, json={"products": [{"id": lid(mock, p), "price": 1000}]}).json()["data"]
    assert data["fail_data"] == 1 and data["failed_rows_data"][0]["error"] == [
        "Product Status Not In Active or Warehouse. Edit Process Canceled"
    ]


def test_inactive_then_active_on_tokopedia_only(legacy: LegacyClient, mock: Mock) -> None:
    p = product(mock)
    tiktok = p.statuses.get(TIKTOK_SHOP)
    data = legacy.post(INACTIVE, params=SHOP, json={"product_id": [lid(mock, p)]}).json()["data"]
    assert data == {"total_data": 1, "succeed_rows": 1, "failed_rows": 0, "failed_rows_data": None}
    assert p.statuses[TOKOPEDIA] == SELLER_DEACTIVATED and p.statuses.get(TIKTOK_SHOP) == tiktok
    legacy.post(ACTIVE, params=SHOP, json={"product_id": [lid(mock, p)]})
    assert p.statuses[TOKOPEDIA] == ACTIVATE


def test_unknown_ids_fail_as_strings(legacy: LegacyClient) -> None:
    data = legacy.post(INACTIVE, params=SHOP, json={"product_id": [115306196]}).json()["data"]
    assert data["failed_rows"] == 1 and data["failed_rows_data"] == [
        "Error Product ID [115306196] : There are some problem when retrieve product info"
    ]


def test_variant_children_cannot_change_status_alone(legacy: LegacyClient, mock: Mock) -> None:
    child = sku_lid(mock, product(mock, skus=2).skus[0])
    assert legacy.post(INACTIVE, params=SHOP, json={"product_id": [child]}).json()["data"]["failed_rows"] == 1


def test_delete_by_post(legacy: LegacyClient, mock: Mock) -> None:
    p = product(mock)
    assert legacy.post(DELETE, params=SHOP, json={"product_id": [lid(mock, p)]}).json()["data"]["succeed_rows"] == 1
    assert set(p.statuses.values()) == {DELETED}


def test_delete_by_delete(legacy: LegacyClient, mock: Mock) -> None:
    p = product(mock)
    assert legacy.delete(DELETE, params=SHOP, json={"product_id": [lid(mock, p)]}).json()["data"]["succeed_rows"] == 1
    info = legacy.get(f"/inventory/v1/fs/{FS_ID}/product/info", params={"product_id": lid(mock, p)})
    assert info.json()["data"][0]["basic"]["status"] == 0


def test_more_than_25_ids_is_400(legacy: LegacyClient) -> None:
    assert code(legacy.post(ACTIVE, params=SHOP, json={"product_id": list(range(1, 27))})) == "PRD_DLV_018"


def test_product_id_must_be_a_list_of_numbers(legacy: LegacyClient) -> None:
    assert code(legacy.post(ACTIVE, params=SHOP, json={"product_id": "1,2"})) == "PRD_DLV_043"
