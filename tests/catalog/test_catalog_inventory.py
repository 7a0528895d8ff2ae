"""Update Inventory, Inventory Search, and the stock moves orders call (commit / release / ship)."""

from __future__ import annotations

from typing import Any

import pytest

from mockserver.catalog import backend
from mockserver.catalog.models import Product
from mockserver.runtime import Mock
from mockserver.testing import PartnerClient
from tests.catalog.conftest import CREATE, code, data, product_path, seeded, warehouse_ids

INVENTORY_SEARCH = "/product/202309/inventory/search"


def update(client: PartnerClient, product: Product, skus: list[dict[str, Any]], **kw: Any) -> Any:
    return client.post(product_path(product.id, "/inventory/update"), json={"skus": skus}, **kw)


def quantities(client: PartnerClient, product: Product) -> list[list[int]]:
    skus = data(client.get(product_path(product.id)))["skus"]
    return [[i["quantity"] for i in s["inventory"]] for s in skus]


def test_update_sets_available_quantity(client: PartnerClient, product: Product, mock: Mock) -> None:
    wh = warehouse_ids(mock)[0]
    skus = [{"id": product.skus[0].id, "inventory": [{"warehouse_id": wh, "quantity": 321}]}]
    assert data(update(client, product, skus)) == {}
    assert quantities(client, product) == [[321], [5]]


def test_warehouse_may_be_omitted_for_a_single_warehouse_sku(client: PartnerClient, product: Product) -> None:
    data(update(client, product, [{"id": product.skus[1].id, "inventory": [{"quantity": 7}]}]))
    assert quantities(client, product) == [[10], [7]]


def test_shop_cipher_is_optional(client: PartnerClient, product: Product) -> None:
    r = update(client, product, [{"id": product.skus[1].id, "inventory": [{"quantity": 8}]}], shop_cipher=None)
    assert data(r) == {}


@pytest.mark.parametrize("qty", [0, 100_000])
def test_quantity_out_of_range_is_a_per_sku_error(client: PartnerClient, product: Product, qty: int) -> None:
    sku_id = product.skus[0].id
    r = update(client, product, [{"id": sku_id, "inventory": [{"quantity": qty}]}])
    [error] = data(r)["errors"]
    assert error["code"] == 12052990 and error["detail"]["sku_id"] == sku_id
    assert error["detail"]["extra_errors"][0]["code"] == 12052055
    assert quantities(client, product) == [[10], [5]]


def test_other_skus_still_update_when_one_fails(client: PartnerClient, product: Product) -> None:
    skus = [
        {"id": product.skus[0].id, "inventory": [{"warehouse_id": "7000000000000000000", "quantity": 1}]},
        {"id": product.skus[1].id, "inventory": [{"quantity": 9}]},
    ]
    [error] = data(update(client, product, skus))["errors"]
    assert error["detail"]["extra_errors"] == [
        {"warehouse_id": "7000000000000000000", "code": 12052097, "message": "The warehouse does not exist"}
    ]
    assert quantities(client, product) == [[10], [9]]


def test_unknown_sku(client: PartnerClient, product: Product) -> None:
    [error] = data(update(client, product, [{"id": "1700000000000000001", "inventory": [{"quantity": 1}]}]))["errors"]
    assert error["code"] == 12052556


def test_every_warehouse_of_the_sku_must_be_given(client: PartnerClient, mock: Mock, body: dict[str, Any]) -> None:
    first, second = warehouse_ids(mock)[:2]
    body["skus"][0]["inventory"].append({"warehouse_id": second, "quantity": 3})
    product = mock.store.products[data(client.post(CREATE, json=body))["product_id"]]
    r = update(client, product, [{"id": product.skus[0].id, "inventory": [{"warehouse_id": first, "quantity": 4}]}])
    assert data(r)["errors"][0]["code"] == 12019028


def test_duplicate_sku_ids(client: PartnerClient, product: Product) -> None:
    entry = {"id": product.skus[0].id, "inventory": [{"quantity": 1}]}
    assert code(update(client, product, [entry, entry])) == 12052553


def test_only_activate_products(client: PartnerClient, mock: Mock) -> None:
    draft = seeded(mock, status="SELLER_DEACTIVATED")
    assert code(update(client, draft, [{"id": draft.skus[0].id, "inventory": [{"quantity": 1}]}])) == 12052901


def test_inventory_search_by_product(client: PartnerClient, product: Product) -> None:
    [entry] = data(client.post(INVENTORY_SEARCH, json={"product_ids": [product.id]}))["inventory"]
    assert entry["product_id"] == product.id
    first = entry["skus"][0]
    assert (first["total_available_quantity"], first["total_committed_quantity"]) == (10, 0)
    assert first["warehouse_inventory"][0]["available_quantity"] == 10


def test_inventory_search_by_sku_and_other_shops_hidden(client: PartnerClient, mock: Mock, product: Product) -> None:
    foreign = seeded(mock, "second").skus[0].id
    found = data(client.post(INVENTORY_SEARCH, json={"sku_ids": [product.skus[1].id, foreign]}))["inventory"]
    assert [(e["product_id"], [s["id"] for s in e["skus"]]) for e in found] == [(product.id, [product.skus[1].id])]


# --- the stock API other areas call ----------------------------------------------------------------------------------
def test_commit_release_ship(mock: Mock, client: PartnerClient, product: Product) -> None:
    sku, wh = product.skus[0], next(iter(product.skus[0].inventory))
    backend.commit_inventory(mock.store, sku.id, wh, 4, mock.clock.now_s())
    assert (sku.inventory[wh].available, sku.inventory[wh].committed) == (6, 4)
    backend.release_inventory(mock.store, sku.id, wh, 1, mock.clock.now_s())
    backend.ship_inventory(mock.store, sku.id, wh, 3, mock.clock.now_s())
    assert (sku.inventory[wh].available, sku.inventory[wh].committed) == (7, 0)
    entry = data(client.post(INVENTORY_SEARCH, json={"sku_ids": [sku.id]}))["inventory"][0]["skus"][0]
    assert entry["total_available_quantity"] == 7


def test_commit_more_than_available_raises_and_changes_nothing(mock: Mock, product: Product) -> None:
    sku, wh = product.skus[1], next(iter(product.skus[1].inventory))
    with pytest.raises(backend.InsufficientStock) as e:
        backend.commit_inventory(mock.store, sku.id, wh, 6, mock.clock.now_s())
    assert (e.value.requested, e.value.available) == (6, 5)
    assert (sku.inventory[wh].available, sku.inventory[wh].committed) == (5, 0)


def test_release_more_than_committed_raises(mock: Mock, product: Product) -> None:
    sku, wh = product.skus[1], next(iter(product.skus[1].inventory))
    with pytest.raises(backend.InsufficientStock):
        backend.release_inventory(mock.store, sku.id, wh, 1, mock.clock.now_s())


def test_unknown_sku_and_warehouse(mock: Mock, product: Product) -> None:
    with pytest.raises(backend.SkuNotFound):
        backend.commit_inventory(mock.store, "1", "2", 1, mock.clock.now_s())
    with pytest.raises(backend.WarehouseNotStocked):
        backend.commit_inventory(mock.store, product.skus[0].id, "2", 1, mock.clock.now_s())


def test_lookups(mock: Mock, product: Product) -> None:
    sku = product.skus[0]
    assert backend.get_sku(mock.store, sku.id) is sku
    assert backend.product_of_sku(mock.store, sku.id) is product
    assert backend.find_sku_by_seller_sku(mock.store, product.shop_id, "KPW-HTM-M") is sku
    warehouse = backend.default_warehouse(mock.store, product.shop_id)
    assert warehouse is not None and warehouse.is_default and warehouse.type == "SALES_WAREHOUSE"


def test_edit_cannot_drop_a_warehouse_holding_committed_stock(
    client: PartnerClient, mock: Mock, product: Product
) -> None:
    first, second = warehouse_ids(mock)[:2]
    backend.commit_inventory(mock.store, product.skus[0].id, first, 2, mock.clock.now_s())
    skus = [
        {"id": product.skus[0].id, "inventory": [{"warehouse_id": second, "quantity": 5}]},
        {"id": product.skus[1].id},
    ]
    assert code(client.post(product_path(product.id, "/partial_edit"), json={"skus": skus})) == 12052533
