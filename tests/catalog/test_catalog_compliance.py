"""The seller's listing records: custom brands (usable in Create Product at once), size charts, manufacturers and
responsible persons (search, create, partial edit), uploaded product files — with their documented refusals."""

from __future__ import annotations

from typing import Any

import pytest

from mockserver.runtime import Mock
from mockserver.testing import PartnerClient
from tests.catalog.conftest import CREATE, create_body
from tests.orders.conftest import fails, ok
from tests.orders.helpers import signed_upload

P = "/product"
MAKER = {
    "name": "PT Sinar Tekstil",
    "email": "halo@sinartekstil.co.id",
    "phone_number": {"country_code": "+62", "local_number": "81234567890"},
    "address": "Jl. Industri 5, Bandung",
}
PERSON = {
    "name": "Anna Weber",
    "email": "anna@example.de",
    "phone_number": {"country_code": "+49", "local_number": "3012345678"},
    "address": {"street_address_line1": "Hauptstr. 1", "postal_code": "10115", "city": "Berlin", "country": "DE"},
}


def brand(client: PartnerClient, name: str) -> Any:
    return client.post(f"{P}/202309/brands", json={"name": name}, shop_cipher=None)


def test_a_custom_brand_can_be_listed_with(client: PartnerClient, mock: Mock, uri: str) -> None:
    brand_id = ok(brand(client, "Batik Nusantara"))["id"]
    found = ok(client.get(f"{P}/202309/brands", query={"page_size": 100, "brand_name": "Batik Nusantara"}))["brands"]
    assert [b["id"] for b in found] == [brand_id]
    created = ok(client.post(CREATE, json=create_body(mock, uri, brand_id=brand_id)))
    assert mock.store.products[created["product_id"]].brand_id == brand_id


@pytest.mark.parametrize(
    ("name", "code"),
    [
        ("A", 12052189),
        ("B" * 31, 12052190),
        ("Toko 123456", 12052192),
        ("Kopi \U0001f600", 12052191),
        ("Wardah", 12052205),
    ],  # fmt: skip
)
def test_brand_refusals(client: PartnerClient, name: str, code: int) -> None:
    fails(brand(client, name), code)


def test_fifty_brands_a_day(client: PartnerClient) -> None:
    for n in range(50):
        ok(brand(client, f"Merek Uji {n:02d}"))
    fails(brand(client, "Merek Uji 50"), 12052202)


def test_size_charts_of_the_seller(client: PartnerClient) -> None:
    charts = ok(client.post(f"{P}/202407/sizecharts/search", query={"page_size": 2}, json={}, shop_cipher=None))
    assert charts["total_count"] == 4 and len(charts["size_chart"]) == 2 and charts["next_page_token"]
    chart = charts["size_chart"][0]
    assert chart["images"][0]["url"].endswith(chart["images"][0]["uri"])
    by_id = ok(client.post(f"{P}/202407/sizecharts/search", query={"page_size": 10},
                           json={"ids": [chart["template_id"]], "keyword": "nothing"}, shop_cipher=None))  # fmt: skip
    assert [c["template_id"] for c in by_id["size_chart"]] == [chart["template_id"]]  # ids take priority


def test_manufacturer_create_search_and_edit(client: PartnerClient, mock: Mock) -> None:
    path = f"{P}/202409/compliance/manufacturers"
    maker_id = ok(client.post(path, json=MAKER, shop_cipher=None))["manufacturer_id"]
    found = ok(client.post(f"{P}/202501/compliance/manufacturers/search", query={"page_size": 10},
                           json={"keyword": "sinar"}, shop_cipher=None))["manufacturers"]  # fmt: skip
    assert [m["id"] for m in found] == [maker_id]
    assert found[0]["regional_profiles"][0]["phone_number"]["country_code"] == "+62"
    ok(client.post(f"{path}/{maker_id}/partial_edit", json={"address": "Jl. Baru 9, Cimahi"}, shop_cipher=None))
    profile = mock.store.compliance.manufacturers[maker_id].profiles["id-ID"]
    assert profile["address"] == "Jl. Baru 9, Cimahi" and profile["name"] == MAKER["name"]
    fails(client.post(f"{path}/7000000000000000001/partial_edit", json={"name": "X"}, shop_cipher=None), 38023051)


@pytest.mark.parametrize(
    ("change", "code"),
    [
        ({"email": "nope"}, 38023042),
        ({"name": " "}, 38023033),
        ({"name": "x" * 201}, 38023044),
        ({"phone_number": {"country_code": "abc", "local_number": "812345"}}, 38023046),
        ({"phone_number": {"country_code": "+62", "local_number": "12"}}, 38023041),
        ({"phone_number": {"availability": "MAYBE"}}, 38023060),
        ({"locale": "xx-XX"}, 38023057),
    ],  # fmt: skip
)
def test_manufacturer_refusals(client: PartnerClient, change: dict[str, Any], code: int) -> None:
    fails(client.post(f"{P}/202409/compliance/manufacturers", json={**MAKER, **change}, shop_cipher=None), code)


def test_responsible_persons_are_in_the_eu(client: PartnerClient, app: Any) -> None:
    path = f"{P}/202409/compliance/responsible_persons"
    person_id = ok(client.post(path, json=PERSON, shop_cipher=None))["responsible_person_id"]
    fails(client.post(path, json={**PERSON, "address": {**PERSON["address"], "country": "ID"}}, shop_cipher=None),
          38023026)  # fmt: skip
    phone = {"country_code": "+62", "local_number": "81234567"}
    fails(client.post(path, json={**PERSON, "phone_number": phone}, shop_cipher=None), 38023028)
    found = ok(client.post(f"{P}/202501/compliance/responsible_persons/search", query={"page_size": 1},
                           json={"responsible_person_ids": [person_id]}, shop_cipher=None))  # fmt: skip
    assert [p["id"] for p in found["responsible_persons"]] == [person_id]
    other = PartnerClient.in_process(app, shop="second")
    fails(other.post(f"{path}/{person_id}/partial_edit", json={"name": "Eve"}, shop_cipher=None), 38023052)
    too_many = {"responsible_person_ids": ["1", "2"]}
    fails(client.post(f"{P}/202501/compliance/responsible_persons/search", query={"page_size": 1}, json=too_many,
                      shop_cipher=None), 38023049)  # fmt: skip


def test_upload_product_file(client: PartnerClient) -> None:
    r = signed_upload(client, f"{P}/202309/files/upload", b"%PDF-1.7 certificate", cipher=None, name="sni.pdf")
    data = ok(r)
    assert (data["format"], data["name"]) == ("PDF", "sni.pdf")
    assert client.http.get(data["url"]).content == b"%PDF-1.7 certificate"
    fails(signed_upload(client, f"{P}/202309/files/upload", b"hello", cipher=None, name="a.txt"), 12019105)
    fails(signed_upload(client, f"{P}/202309/files/upload", b"", cipher=None, name="a.pdf"), 12019103)


def test_authorized_category_assets(client: PartnerClient) -> None:
    assets = ok(client.get("/authorization/202405/category_assets", shop_cipher=None))["category_assets"]
    assert assets == ok(client.get("/authorization/202405/category_assets", shop_cipher=None))["category_assets"]
    assert assets[0]["cipher"].startswith("TTP_") and assets[0]["target_market"] == "ID"
