"""Create Product: required fields, the business rules with their documented codes, listing platforms, review."""

from __future__ import annotations

from typing import Any

import pytest

from mockserver import Settings, create_app
from mockserver.clock import FrozenClock
from mockserver.runtime import Mock
from mockserver.testing import PartnerClient
from tests.catalog.conftest import (
    CREATE,
    clone,
    code,
    create_body,
    data,
    product_path,
    return_warehouse,
    sku,
    upload,
    warehouse_ids,
)
from tests.conftest import T0


def test_create_returns_ids_and_lists_the_product(client: PartnerClient, created: dict[str, Any]) -> None:
    assert len(created["product_id"]) == 19 and created["product_id"].isdigit()
    assert [s["seller_sku"] for s in created["skus"]] == ["KPW-HTM-M", "KPW-HTM-L"]
    assert created["warnings"] == []
    got = data(client.get(product_path(created["product_id"])))
    assert got["status"] == "ACTIVATE" and got["audit"] == {"status": "APPROVED"}


def test_create_resolves_builtin_sales_attributes(client: PartnerClient, created: dict[str, Any]) -> None:
    attrs = data(client.get(product_path(created["product_id"])))["skus"][0]["sales_attributes"]
    assert attrs[0] == {"id": "100000", "name": "Warna", "value_id": "1000001", "value_name": "Hitam"}
    assert attrs[1]["id"] == "100007" and attrs[1]["value_id"] == "1000102"


def test_custom_sales_attribute_values_get_generated_ids(client: PartnerClient, body: dict[str, Any]) -> None:
    for s, motif in zip(body["skus"], ("Bunga", "Polkadot"), strict=True):
        s["sales_attributes"] = [{"name": "Motif", "value_name": motif}]
    skus = data(client.post(CREATE, json=body))["skus"]
    assert skus[0]["sales_attributes"][0]["id"] == skus[1]["sales_attributes"][0]["id"]
    assert skus[0]["sales_attributes"][0]["value_id"] != skus[1]["sales_attributes"][0]["value_id"]


def test_save_as_draft(client: PartnerClient, body: dict[str, Any]) -> None:
    pid = data(client.post(CREATE, json={**body, "save_mode": "AS_DRAFT"}))["product_id"]
    got = data(client.get(product_path(pid)))
    assert got["status"] == "DRAFT" and got["audit"]["status"] == "NONE"


def test_missing_required_field_is_a_parameter_error(client: PartnerClient, body: dict[str, Any]) -> None:
    del body["title"]
    r = client.post(CREATE, json=body)
    assert r.status_code == 400 and r.json()["code"] == 36009004
    assert r.json()["message"] == "Title is a required field and has not been provided."


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        ({"title": "Kaos Polos"}, 12052910),  # Indonesia: titles are 25-255 characters
        ({"title": "K" * 256}, 12052051),
        ({"title": "Kaos Polos Wanita Premium 棉 Cotton Combed"}, 12052262),
        ({"description": "x" * 10_001}, 12052013),
        ({"category_id": "999999"}, 12052023),
        ({"category_id": "601153"}, 12052024),  # not a leaf
        ({"category_id": "602011"}, 12052104),  # Serum Wajah requires Nomor BPOM
        ({"category_id": "604012"}, 12052104),  # Kabel & Charger requires Garansi...
        ({"main_images": [{"uri": "tos-maliva-i-o3syd03w52-us/c668cdf70b7f483c94dbe"}]}, 12052300),
        ({"package_weight": {"value": "1", "unit": "POUND"}}, 12019061),
        ({"package_weight": {"value": "0", "unit": "KILOGRAM"}}, 12052181),
        ({"package_weight": {"value": "abc", "unit": "KILOGRAM"}}, 12052006),
        ({"package_dimensions": {"length": "10", "width": "0", "height": "1", "unit": "CENTIMETER"}}, 12052004),
        ({"save_mode": "PUBLISH"}, 12052910),
        ({"category_version": "v2"}, 12052217),
        ({"skus": []}, 12052902),
    ],
)
def test_business_rules(client: PartnerClient, body: dict[str, Any], change: dict[str, Any], expected: int) -> None:
    assert code(client.post(CREATE, json={**body, **change})) == expected


def test_required_certification(client: PartnerClient, body: dict[str, Any]) -> None:
    garansi = [{"id": "100303", "values": [{"id": "1005003"}]}, {"id": "101610", "values": [{"id": "1000810"}]}]
    r = client.post(CREATE, json={**body, "category_id": "604012", "product_attributes": garansi})
    assert code(r) == 12052105  # Kabel & Charger needs the SNI certificate (Get Category Rules)


def test_too_many_images(client: PartnerClient, body: dict[str, Any]) -> None:
    body["main_images"] = body["main_images"] * 10
    assert code(client.post(CREATE, json=body)) == 12052306


@pytest.mark.parametrize(
    ("price", "expected"),
    [
        ({"amount": "49000", "currency": "USD"}, 12052084),
        ({"amount": "abc", "currency": "IDR"}, 12052073),
        ({"amount": "49000.5", "currency": "IDR"}, 12052073),  # GUESS: IDR is whole rupiah
        ({"amount": "900000000", "currency": "IDR"}, 12052570),
        ({"currency": "IDR"}, 12052073),
        ({"amount": "49000", "currency": "IDR", "sale_price": "x"}, 12052092),
    ],
)
def test_price_rules(client: PartnerClient, body: dict[str, Any], price: dict[str, Any], expected: int) -> None:
    body["skus"][0]["price"] = price
    assert code(client.post(CREATE, json=body)) == expected


def test_price_is_stored_as_a_decimal_string(client: PartnerClient, body: dict[str, Any]) -> None:
    body["skus"][0]["price"]["amount"] = "49000.00"
    pid = data(client.post(CREATE, json=body))["product_id"]
    assert data(client.get(product_path(pid)))["skus"][0]["price"]["sale_price"] == "49000"


@pytest.mark.parametrize(
    ("inventory", "expected"),
    [
        ([{"warehouse_id": "7000000000000000000", "quantity": 1}], 12052097),
        ([{"warehouse_id": "RETURN", "quantity": 1}], 12052532),
        ([{"warehouse_id": "OTHER_SHOP", "quantity": 1}], 12052530),
        ([{"warehouse_id": "OWN", "quantity": 0}], 12052055),
        ([{"warehouse_id": "OWN", "quantity": 100_000}], 12052055),
    ],
)
def test_inventory_rules(
    client: PartnerClient, mock: Mock, body: dict[str, Any], inventory: list[dict[str, Any]], expected: int
) -> None:
    names = {"RETURN": return_warehouse(mock), "OTHER_SHOP": warehouse_ids(mock, "second")[0]}
    names["OWN"] = warehouse_ids(mock)[0]
    for entry in inventory:
        entry["warehouse_id"] = names.get(entry["warehouse_id"], entry["warehouse_id"])
    body["skus"][0]["inventory"] = inventory
    assert code(client.post(CREATE, json=body)) == expected


def test_sku_rules(client: PartnerClient, mock: Mock, body: dict[str, Any]) -> None:
    wh = warehouse_ids(mock)[0]
    cases: list[tuple[list[dict[str, Any]], int]] = [
        ([sku(wh, "X" * 51)], 12052054),
        ([sku(wh, f"S{i}", size=f"U{i}") for i in range(101)], 12052050),
        ([sku(wh, "A", size="M"), sku(wh, "B", size="M")], 12052560),  # same variant twice
        (
            [sku(wh, "A"), {**sku(wh, "B", size="L"), "sales_attributes": [{"id": "100000", "value_id": "1000002"}]}],
            12052550,
        ),
        ([{**sku(wh, "A"), "sales_attributes": [{"id": "424242", "value_name": "x"}]}], 12052527),
        ([{**sku(wh, "A"), "sales_attributes": [{"id": "100000", "value_id": "424242"}]}], 12052529),
    ]
    four = [{"name": n, "value_name": "v"} for n in ("Satu", "Dua", "Tiga", "Empat")]
    cases.append(([{**sku(wh, "A"), "sales_attributes": four}], 12052525))
    for skus, expected in cases:
        assert code(client.post(CREATE, json={**body, "skus": skus})) == expected, expected


def test_unknown_brand_is_cleared_with_a_warning(client: PartnerClient, body: dict[str, Any]) -> None:
    created = data(client.post(CREATE, json={**body, "brand_id": "123"}))
    assert created["warnings"] == [
        {
            "message": "The [brand_id]:123 field is incorrect and has been automatically cleared by the system. "
            "Reason: [Brand does not exist]. You can edit it later."
        }
    ]
    assert "brand" not in data(client.get(product_path(created["product_id"])))


def test_idempotency_key_returns_the_first_product(client: PartnerClient, mock: Mock, body: dict[str, Any]) -> None:
    body["idempotency_key"] = "6f1c0a4e-0000-4000-8000-000000000001"
    first = data(client.post(CREATE, json=body))["product_id"]
    count = len(mock.store.products)
    assert data(client.post(CREATE, json=body))["product_id"] == first
    assert len(mock.store.products) == count


def test_refused_create_changes_nothing(client: PartnerClient, mock: Mock, body: dict[str, Any]) -> None:
    before = (len(mock.store.products), len(mock.store.skus))
    body["skus"][1]["price"]["currency"] = "USD"
    assert code(client.post(CREATE, json=body)) == 12052084
    assert (len(mock.store.products), len(mock.store.skus)) == before


def test_default_listing_platform_is_tiktok_shop(client: PartnerClient, created: dict[str, Any]) -> None:
    got = data(client.get(product_path(created["product_id"])))
    assert "integrated_platform_statuses" not in got


def test_listing_on_both_platforms(client: PartnerClient, body: dict[str, Any]) -> None:
    pid = data(client.post(CREATE, json={**body, "listing_platforms": ["TIKTOK_SHOP", "TOKOPEDIA"]}))["product_id"]
    got = data(client.get(product_path(pid)))
    assert got["status"] == "ACTIVATE"
    assert got["integrated_platform_statuses"] == [{"platform": "TOKOPEDIA", "status": "ACTIVATE"}]


def test_tokopedia_only_product_has_no_tiktok_status(client: PartnerClient, body: dict[str, Any]) -> None:
    pid = data(client.post(CREATE, json={**body, "listing_platforms": ["TOKOPEDIA"]}))["product_id"]
    got = data(client.get(product_path(pid)))
    assert "status" not in got and "audit" not in got


def test_tokopedia_needs_a_tokopedia_and_shop_seller(client: PartnerClient, mock: Mock, uri: str) -> None:
    client.use_shop(mock, "second")
    body = create_body(mock, upload(client), listing_platforms=["TOKOPEDIA"])
    wh = warehouse_ids(mock, "second")[0]
    body["skus"] = [sku(wh, "A")]
    assert code(client.post(CREATE, json=body)) == 12052330


def test_listing_goes_through_review_when_configured() -> None:
    clock = FrozenClock(T0)
    app = create_app(Settings(seed=1, clock=clock, catalog_review_seconds=600, validate_responses=True))
    client = PartnerClient.in_process(app)
    pid = data(client.post(CREATE, json=create_body(app.state.mock, upload(client))))["product_id"]
    assert data(client.get(product_path(pid)))["audit"]["status"] == "AUDITING"
    assert data(client.get(product_path(pid)))["status"] == "PENDING"
    clock.advance(600)
    got = data(client.get(product_path(pid)))
    assert (got["status"], got["audit"]["status"]) == ("ACTIVATE", "APPROVED")


def test_body_json_must_be_an_object(client: PartnerClient) -> None:
    r = client.post(CREATE, content=b"[1, 2]")
    assert r.status_code == 400 and r.json()["code"] == 36009004


def test_example_request_shape_is_not_mutated(body: dict[str, Any], client: PartnerClient) -> None:
    sent = clone(body)
    client.post(CREATE, json=body)
    assert body == sent
