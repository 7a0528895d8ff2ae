"""Logistics: the catalog's warehouses, their delivery options and the Indonesian couriers."""

from __future__ import annotations

from mockserver.catalog.backend import warehouses_of
from mockserver.runtime import Mock
from mockserver.testing import PartnerClient
from tests.orders.conftest import SELLER_OPTION, fails, ok

LOG = "/logistics/202309"


def test_warehouses_are_the_catalogs(client: PartnerClient, mock: Mock) -> None:
    listed = ok(client.get(f"{LOG}/warehouses"))["warehouses"]
    expected = warehouses_of(mock.store, mock.refs.shops["migrated"])
    assert [w["id"] for w in listed] == [w.id for w in expected]
    sales = [w for w in listed if w["type"] == "SALES_WAREHOUSE"]
    assert sum(w["is_default"] for w in sales) == 1 and sales[0]["address"]["region_code"] == "ID"


def test_delivery_options_of_a_sales_warehouse(client: PartnerClient) -> None:
    warehouse = ok(client.get(f"{LOG}/warehouses"))["warehouses"][0]["id"]
    options = ok(client.get(f"{LOG}/warehouses/{warehouse}/delivery_options"))["delivery_options"]
    assert {o["type"] for o in options} == {"STANDARD", "ECONOMY", "EXPRESS", "SEND_BY_SELLER"}
    assert options[0]["platform"] == ["TIKTOK_SHOP", "TOKOPEDIA"] and options[0]["weight_limit"]["unit"] == "GRAM"


def test_product_scope_gives_only_ids_and_names(client: PartnerClient) -> None:
    warehouse = ok(client.get(f"{LOG}/warehouses"))["warehouses"][0]["id"]
    options = ok(client.get(f"{LOG}/warehouses/{warehouse}/delivery_options", query={"scope": "PRODUCT"}))
    assert all(set(o) == {"id", "name"} for o in options["delivery_options"])


def test_another_shops_warehouse_has_no_delivery_options(other_shop_client: PartnerClient, mock: Mock) -> None:
    mine = warehouses_of(mock.store, mock.refs.shops["migrated"])[0].id
    assert ok(other_shop_client.get(f"{LOG}/warehouses/{mine}/delivery_options"))["delivery_options"] == []


def test_a_tiktok_only_shop_offers_no_tokopedia_platform(other_shop_client: PartnerClient) -> None:
    warehouse = ok(other_shop_client.get(f"{LOG}/warehouses"))["warehouses"][0]["id"]
    options = ok(other_shop_client.get(f"{LOG}/warehouses/{warehouse}/delivery_options"))["delivery_options"]
    assert {tuple(o["platform"]) for o in options} == {("TIKTOK_SHOP",)}


def test_indonesian_couriers(client: PartnerClient) -> None:
    names = {
        p["name"]
        for p in ok(client.get(f"{LOG}/delivery_options/{SELLER_OPTION}/shipping_providers"))["shipping_providers"]
    }
    assert {"JNE", "J&T Express", "SiCepat", "AnterAja", "GoSend", "GrabExpress", "Ninja Xpress"} <= names


def test_an_unknown_delivery_option(client: PartnerClient) -> None:
    fails(client.get(f"{LOG}/delivery_options/123/shipping_providers"), 21008116)
