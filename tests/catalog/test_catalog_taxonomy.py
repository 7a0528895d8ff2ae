"""Get Categories, Get Brands, Get Attributes and Get Category Rules over the seeded Indonesian taxonomy."""

from __future__ import annotations

from mockserver.testing import PartnerClient
from tests.catalog.conftest import code, data

V = "/product/202309"


def test_categories_are_indonesian_and_include_leaves(client: PartnerClient) -> None:
    cats = {c["id"]: c for c in data(client.get(f"{V}/categories"))["categories"]}
    assert cats["853000"] == {
        "id": "853000",
        "parent_id": "851848",
        "local_name": "Botol & Stoples Penyimpanan",
        "is_leaf": True,
        "permission_statuses": ["AVAILABLE"],
    }
    assert cats["601152"]["parent_id"] == "0" and not cats["601152"]["is_leaf"]


def test_category_keyword(client: PartnerClient) -> None:
    names = {c["local_name"] for c in data(client.get(f"{V}/categories", query={"keyword": "kaos"}))["categories"]}
    assert names == {"Kaos Wanita", "Kaos Pria"}


def test_category_version_v2_is_for_the_us(client: PartnerClient) -> None:
    assert code(client.get(f"{V}/categories", query={"category_version": "v2"})) == 12052217


def test_attributes_use_the_official_spelling(client: PartnerClient) -> None:
    attrs = {a["id"]: a for a in data(client.get(f"{V}/categories/602011/attributes"))["attributes"]}
    assert attrs["100301"]["is_requried"] is True and attrs["100301"]["type"] == "PRODUCT_PROPERTY"


def test_attributes_of_a_non_leaf_or_unknown_category(client: PartnerClient) -> None:
    assert code(client.get(f"{V}/categories/601152/attributes")) == 12052024
    assert code(client.get(f"{V}/categories/1/attributes")) == 12052023


def test_rules(client: PartnerClient) -> None:
    rules = data(client.get(f"{V}/categories/604012/rules"))
    assert rules["product_certifications"][0]["name"] == "SNI Certificate"
    assert rules["package_dimension"] == {"is_required": False}


def test_brands_page(client: PartnerClient) -> None:
    first = data(client.get(f"{V}/brands", query={"page_size": 10}))
    assert len(first["brands"]) == 10 and first["total_count"] == 15
    rest = data(client.get(f"{V}/brands", query={"page_size": 10, "page_token": first["next_page_token"]}))
    assert len(rest["brands"]) == 5 and rest["next_page_token"] == ""


def test_brands_by_category_and_name(client: PartnerClient) -> None:
    found = data(client.get(f"{V}/brands", query={"page_size": 100, "category_id": "603011", "brand_name": "indo"}))
    assert [b["name"] for b in found["brands"]] == ["Indomie"]


def test_unauthorized_brand_keeps_the_live_misspelling(client: PartnerClient) -> None:
    found = data(client.get(f"{V}/brands", query={"page_size": 100, "is_authorized": "false"}))["brands"]
    assert [b["authorized_status"] for b in found] == ["UNAUTHORIEZD"]


def test_brands_need_a_page_size(client: PartnerClient) -> None:
    assert client.get(f"{V}/brands").status_code == 400
