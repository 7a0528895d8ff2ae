"""Stock update, increment/decrement (v1 and v2 paths, request_id), price update: per-row failures, HTTP 200."""

from __future__ import annotations

import pytest

from mockserver.runtime import Mock
from tests.legacy.conftest import FS_ID, SHOP_ID, LegacyClient, code
from tests.legacy.helpers import available, lid, product, sku_lid

STOCK = f"/inventory/v1/fs/{FS_ID}/stock/update"
PRICE = f"/inventory/v1/fs/{FS_ID}/price/update"
SHOP = {"shop_id": SHOP_ID}


def test_stock_update_by_product_id(legacy: LegacyClient, mock: Mock) -> None:
    p = product(mock)
    data = legacy.post(STOCK, params=SHOP, json=[{"product_id": lid(mock, p), "new_stock": 40}]).json()["data"]
    assert data == {"failed_rows": 0, "failed_rows_data": [], "succeed_rows": 1} and available(p.skus[0]) == 40


def test_sku_wins_over_product_id(legacy: LegacyClient, mock: Mock) -> None:
    a, b = product(mock), product(mock, skus=2)
    legacy.post(STOCK, params=SHOP, json=[{"sku": b.skus[1].seller_sku, "product_id": lid(mock, a), "new_stock": 3}])
    assert available(b.skus[1]) == 3 and available(a.skus[0]) != 3


def test_variant_child_takes_stock(legacy: LegacyClient, mock: Mock) -> None:
    p = product(mock, skus=2)
    legacy.post(STOCK, params=SHOP, json=[{"product_id": sku_lid(mock, p.skus[0]), "new_stock": 9}])
    assert available(p.skus[0]) == 9


def test_bad_rows_fail_alone_with_the_confirmed_messages(legacy: LegacyClient, mock: Mock) -> None:
    p = product(mock)
    rows = [
        {"product_id": lid(mock, p), "new_stock": 7},
        {"product_id": 1, "new_stock": 1},
        {"sku": "NOPE", "new_stock": 1},
    ]
    r = legacy.post(STOCK, params=SHOP, json=rows)
    data = r.json()["data"]
    assert r.status_code == 200 and data["succeed_rows"] == 1 and data["failed_rows"] == 2
    assert [f["message"] for f in data["failed_rows_data"]] == ["Invalid Product ID.", "Invalid SKU."]
    assert available(p.skus[0]) == 7


def test_parent_of_variants_takes_no_stock(legacy: LegacyClient, mock: Mock) -> None:
    p = product(mock, skus=2)
    data = legacy.post(STOCK, params=SHOP, json=[{"product_id": lid(mock, p), "new_stock": 1}]).json()["data"]
    assert data["failed_rows_data"][0]["message"] == "Invalid Product ID."


def test_more_than_100_rows_is_400_and_changes_nothing(legacy: LegacyClient, mock: Mock) -> None:
    p = product(mock)
    before = available(p.skus[0])
    r = legacy.post(STOCK, params=SHOP, json=[{"product_id": lid(mock, p), "new_stock": 1}] * 101)
    assert r.status_code == 400 and code(r) == "PRD_DLV_018" and available(p.skus[0]) == before


def test_warehouse_of_another_shop_is_403(legacy: LegacyClient, mock: Mock) -> None:
    from mockserver.legacy.catalog import warehouse_legacy_id

    other = mock.store.warehouses_by_shop[mock.refs.shops["unauthorized"]][0]
    params = {**SHOP, "warehouse_id": warehouse_legacy_id(mock.store, other)}
    r = legacy.post(STOCK, params=params, json=[{"product_id": 1, "new_stock": 1}])
    assert r.status_code == 403 and code(r) == "RBAC_MDLW_001"


@pytest.mark.parametrize("version", ["v1", "v2"])
def test_increment_and_decrement_on_both_paths(legacy: LegacyClient, mock: Mock, version: str) -> None:
    p = product(mock)
    start = available(p.skus[0])
    base = f"/inventory/{version}/fs/{FS_ID}/stock"
    up = legacy.post(f"{base}/increment", params=SHOP, json=[{"product_id": lid(mock, p), "stock_value": 5}]).json()
    legacy.post(f"{base}/decrement", params=SHOP, json=[{"product_id": lid(mock, p), "new_stock": 2}])
    assert up["data"]["succeed_rows_data"][0]["stock"] == start + 5 and available(p.skus[0]) == start + 3


def test_request_id_makes_a_retry_idempotent(legacy: LegacyClient, mock: Mock) -> None:
    p = product(mock)
    start = available(p.skus[0])
    path, params = f"/inventory/v2/fs/{FS_ID}/stock/increment", {**SHOP, "request_id": "erp-sync-0001"}
    first = legacy.post(path, params=params, json=[{"product_id": lid(mock, p), "stock_value": 4}]).json()
    again = legacy.post(path, params=params, json=[{"product_id": lid(mock, p), "stock_value": 4}]).json()
    assert first["data"] == again["data"] and available(p.skus[0]) == start + 4


def test_decrement_below_zero_fails_the_row(legacy: LegacyClient, mock: Mock) -> None:
    p = product(mock)
    path = f"/inventory/v2/fs/{FS_ID}/stock/decrement"
    data = legacy.post(path, params=SHOP, json=[{"product_id": lid(mock, p), "stock_value": 10**5}]).json()["data"]
    assert data["failed_rows"] == 1 and data["failed_rows_data"][0]["message"].startswith("Insufficient stock")


def test_bad_request_id_is_400(legacy: LegacyClient) -> None:
    params = {**SHOP, "request_id": "not allowed!"}
    r = legacy.post(
        f"/inventory/v2/fs/{FS_ID}/stock/increment", params=params, json=[{"product_id": 1, "stock_value": 1}]
    )
    assert r.status_code == 400 and code(r) == "PRD_DLV_042"


def test_unknown_path_version_is_404(legacy: LegacyClient) -> None:
    assert legacy.post(f"/inventory/v3/fs/{FS_ID}/stock/increment", params=SHOP, json=[]).status_code == 404


def test_price_update(legacy: LegacyClient, mock: Mock) -> None:
    p = product(mock)
    rows = [{"sku": p.skus[0].seller_sku, "new_price": 99000}, {"product_id": lid(mock, p), "new_price": 10}]
    data = legacy.post(PRICE, params=SHOP, json=rows).json()["data"]
    assert data["succeed_rows"] == 1 and p.skus[0].price.amount == "99000"
    assert data["failed_rows_data"][0]["new_price"] == 10
