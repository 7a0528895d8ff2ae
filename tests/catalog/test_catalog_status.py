"""The status machine: deactivate, activate, delete, recover, update price; per-platform statuses; review."""

from __future__ import annotations

from typing import Any

import pytest

from mockserver import Settings, create_app
from mockserver.catalog.models import Product
from mockserver.clock import FrozenClock
from mockserver.runtime import Mock
from mockserver.testing import PartnerClient
from tests.catalog.conftest import CREATE, code, create_body, data, product_path, seeded, upload
from tests.conftest import T0

P = "/product/202309/products"


def status(client: PartnerClient, product_id: str) -> Any:
    return data(client.get(product_path(product_id))).get("status")


def test_deactivate_then_activate(client: PartnerClient, product: Product) -> None:
    assert data(client.post(f"{P}/deactivate", json={"product_ids": [product.id]})) == {}
    assert status(client, product.id) == "SELLER_DEACTIVATED"
    assert data(client.post(f"{P}/activate", json={"product_ids": [product.id]})) == {}
    assert status(client, product.id) == "ACTIVATE"


def test_deactivating_twice_is_a_per_item_error(client: PartnerClient, product: Product) -> None:
    client.post(f"{P}/deactivate", json={"product_ids": [product.id]})
    r = client.post(f"{P}/deactivate", json={"product_ids": [product.id]})
    assert data(r)["errors"][0]["code"] == 12052901


def test_activating_a_live_product_is_refused(client: PartnerClient, product: Product) -> None:
    [error] = data(client.post(f"{P}/activate", json={"product_ids": [product.id]}))["errors"]
    assert error["code"] == 12052990 and error["detail"]["extra_errors"][0]["code"] == 12052901


def test_unknown_product_fails_alone_and_code_stays_0(client: PartnerClient, product: Product) -> None:
    r = client.post(f"{P}/deactivate", json={"product_ids": ["1700000000000000000", product.id]})
    assert r.json()["code"] == 0
    assert r.json()["data"]["errors"] == [
        {"code": 12052032, "message": "The product does not exist", "detail": {"product_id": "1700000000000000000"}}
    ]
    assert status(client, product.id) == "SELLER_DEACTIVATED"


def test_other_sellers_product(client: PartnerClient, mock: Mock) -> None:
    foreign = seeded(mock, "second")
    [error] = data(client.post(f"{P}/deactivate", json={"product_ids": [foreign.id]}))["errors"]
    assert error == {
        "code": 12052048,
        "message": "You can't edit other sellers' products",
        "detail": {"product_id": foreign.id},
    }
    assert foreign.status == "ACTIVATE"


@pytest.mark.parametrize(("method", "path"), [("POST", f"{P}/activate"), ("POST", f"{P}/deactivate"),
                                             ("POST", f"{P}/recover"), ("DELETE", P)])  # fmt: skip
def test_more_than_20_ids(client: PartnerClient, method: str, path: str) -> None:
    ids = [f"17000000000000000{i:02d}" for i in range(21)]
    assert code(client.request(method, path, json={"product_ids": ids})) == 12019120


def test_delete_and_recover(client: PartnerClient, product: Product) -> None:
    assert data(client.delete(P, json={"product_ids": [product.id]})) == {}
    assert code(client.get(product_path(product.id))) == 12052901  # Get Product excludes DELETED
    assert data(client.post(f"{P}/recover", json={"product_ids": [product.id]})) == {}
    assert status(client, product.id) == "SELLER_DEACTIVATED"  # official: recovered products are deactivated


def test_frozen_products_cannot_be_deleted(client: PartnerClient, mock: Mock) -> None:
    frozen = seeded(mock, status="FREEZE")
    assert data(client.delete(P, json={"product_ids": [frozen.id]}))["errors"][0]["code"] == 12052901


def test_recover_needs_a_deleted_product(client: PartnerClient, product: Product) -> None:
    assert data(client.post(f"{P}/recover", json={"product_ids": [product.id]}))["errors"][0]["code"] == 12052901


def test_tokopedia_deactivation_leaves_tiktok_live(client: PartnerClient, body: dict[str, Any]) -> None:
    pid = data(client.post(CREATE, json={**body, "listing_platforms": ["TIKTOK_SHOP", "TOKOPEDIA"]}))["product_id"]
    data(client.post(f"{P}/deactivate", json={"product_ids": [pid], "listing_platforms": ["TOKOPEDIA"]}))
    got = data(client.get(product_path(pid)))
    assert got["status"] == "ACTIVATE"
    assert got["integrated_platform_statuses"] == [{"platform": "TOKOPEDIA", "status": "SELLER_DEACTIVATED"}]


def test_activate_on_a_platform_the_product_is_not_on(client: PartnerClient, product: Product) -> None:
    client.post(f"{P}/deactivate", json={"product_ids": [product.id]})
    r = client.post(f"{P}/activate", json={"product_ids": [product.id], "listing_platforms": ["TOKOPEDIA"]})
    assert data(r)["errors"][0]["detail"]["extra_errors"][0]["code"] == 12052330


def test_activation_is_reviewed_when_configured() -> None:
    clock = FrozenClock(T0)
    app = create_app(Settings(seed=1, clock=clock, catalog_review_seconds=30, validate_responses=True))
    client = PartnerClient.in_process(app)
    pid = data(client.post(CREATE, json=create_body(app.state.mock, upload(client))))["product_id"]
    clock.advance(30)
    client.post(f"{P}/deactivate", json={"product_ids": [pid]})
    client.post(f"{P}/activate", json={"product_ids": [pid]})
    assert status(client, pid) == "PENDING"
    clock.advance(30)
    assert status(client, pid) == "ACTIVATE"


# --- update price ----------------------------------------------------------------------------------------------------
def price(client: PartnerClient, product: Product, skus: list[dict[str, Any]]) -> Any:
    return client.post(product_path(product.id, "/prices/update"), json={"skus": skus})


def test_update_price(client: PartnerClient, product: Product) -> None:
    r = price(client, product, [{"id": product.skus[0].id, "price": {"amount": "55000", "currency": "IDR"}}])
    assert data(r) == {}
    shown = data(client.get(product_path(product.id)))["skus"][0]["price"]
    assert shown == {"currency": "IDR", "sale_price": "55000", "tax_exclusive_price": "55000"}


@pytest.mark.parametrize(
    ("new_price", "expected"),
    [
        ({"amount": "55000", "currency": "USD"}, 12052084),
        ({"amount": "lima puluh", "currency": "IDR"}, 12052012),
        ({"amount": "900000000", "currency": "IDR"}, 12052570),
        ({"amount": "55000", "currency": "IDR", "sale_price": "-1"}, 12052572),
    ],
)
def test_update_price_rules(client: PartnerClient, product: Product, new_price: dict[str, Any], expected: int) -> None:
    assert code(price(client, product, [{"id": product.skus[0].id, "price": new_price}])) == expected


def test_update_price_is_all_or_nothing(client: PartnerClient, product: Product) -> None:
    good = {"id": product.skus[0].id, "price": {"amount": "55000", "currency": "IDR"}}
    bad = {"id": "1700000000000000009", "price": {"amount": "55000", "currency": "IDR"}}
    assert code(price(client, product, [good, bad])) == 12052557
    assert product.skus[0].price.amount == "49000"


def test_update_price_of_a_deactivated_product(client: PartnerClient, product: Product) -> None:
    client.post(f"{P}/deactivate", json={"product_ids": [product.id]})
    r = price(client, product, [{"id": product.skus[0].id, "price": {"amount": "1000", "currency": "IDR"}}])
    assert code(r) == 12052901  # official: products in the ACTIVATE status
