"""Edit Product (full replace) and Partial Edit Product, at 202309 and 202509."""

from __future__ import annotations

from typing import Any

import pytest

from mockserver import Settings, create_app
from mockserver.catalog.models import Product
from mockserver.clock import FrozenClock
from mockserver.runtime import Mock
from mockserver.testing import PartnerClient
from tests.catalog.conftest import CREATE, code, create_body, data, product_path, seeded, sku, upload, warehouse_ids
from tests.conftest import T0


def edit_body(client: PartnerClient, product_id: str) -> dict[str, Any]:
    """The product as Get Product shows it, turned into an Edit body (what the docs recommend clients do)."""
    got = data(client.get(product_path(product_id)))
    return {
        "title": got["title"],
        "description": got["description"],
        "category_id": got["category_chains"][-1]["id"],
        "main_images": [{"uri": i["uri"]} for i in got["main_images"]],
        "package_weight": got["package_weight"],
        "skus": [
            {
                "id": s["id"],
                "seller_sku": s["seller_sku"],
                "sales_attributes": [{"id": a["id"], "value_id": a["value_id"]} for a in s["sales_attributes"]],
            }
            for s in got["skus"]
        ],
    }


@pytest.mark.parametrize("version", ["202309", "202509"])
def test_edit_replaces_content(client: PartnerClient, product: Product, version: str) -> None:
    body = edit_body(client, product.id)
    body["title"] = "Kaos Polos Wanita Premium Cotton Combed 24s Adem"
    r = client.put(f"/product/{version}/products/{product.id}", json=body)
    assert data(r)["product_id"] == product.id and data(r)["audit"] == {"status": "APPROVED"}
    assert data(client.get(product_path(product.id)))["title"] == body["title"]


def test_unknown_version_answers_the_version_error(client: PartnerClient, product: Product) -> None:
    r = client.put(f"/product/202401/products/{product.id}", json=edit_body(client, product.id))
    assert r.status_code == 404 and r.json()["code"] == 36009014


def test_skus_left_out_are_deleted(client: PartnerClient, mock: Mock, product: Product) -> None:
    body = edit_body(client, product.id)
    dropped = body["skus"].pop()["id"]
    data(client.put(product_path(product.id), json=body))
    assert [s["id"] for s in data(client.get(product_path(product.id)))["skus"]] == [body["skus"][0]["id"]]
    assert dropped not in mock.store.skus


def test_price_and_inventory_are_kept_when_omitted(client: PartnerClient, product: Product) -> None:
    before = data(client.get(product_path(product.id)))["skus"]
    data(client.put(product_path(product.id), json=edit_body(client, product.id)))
    after = data(client.get(product_path(product.id)))["skus"]
    assert [(s["price"], s["inventory"]) for s in after] == [(s["price"], s["inventory"]) for s in before]


def test_edit_can_add_a_sku(client: PartnerClient, mock: Mock, product: Product) -> None:
    body = edit_body(client, product.id)
    body["skus"].append(sku(warehouse_ids(mock)[0], "KPW-HTM-XL", size="XL"))
    skus = data(client.put(product_path(product.id), json=body))["skus"]
    assert len(skus) == 3 and skus[2]["seller_sku"] == "KPW-HTM-XL"


def test_new_sku_needs_a_price(client: PartnerClient, mock: Mock, product: Product) -> None:
    body = edit_body(client, product.id)
    new = sku(warehouse_ids(mock)[0], "KPW-HTM-XL", size="XL")
    del new["price"]
    body["skus"].append(new)
    assert code(client.put(product_path(product.id), json=body)) == 12052571


def test_sku_of_another_product_is_refused(client: PartnerClient, mock: Mock, product: Product) -> None:
    body = edit_body(client, product.id)
    body["skus"][0]["id"] = seeded(mock).skus[0].id
    assert code(client.put(product_path(product.id), json=body)) == 12052557


def test_removing_all_sales_attributes_is_refused(client: PartnerClient, product: Product) -> None:
    body = edit_body(client, product.id)
    body["skus"] = body["skus"][:1]
    body["skus"][0]["sales_attributes"] = []
    assert code(client.put(product_path(product.id), json=body)) == 12052550


def test_refused_edit_changes_nothing(client: PartnerClient, product: Product) -> None:
    before = data(client.get(product_path(product.id)))
    body = edit_body(client, product.id)
    body["title"] = "Judul Baru Yang Cukup Panjang Untuk Valid"
    body["skus"][0]["price"] = {"amount": "1", "currency": "USD"}
    assert code(client.put(product_path(product.id), json=body)) == 12052084
    assert data(client.get(product_path(product.id))) == before


def test_deleted_product_cannot_be_edited(client: PartnerClient, product: Product) -> None:
    body = edit_body(client, product.id)
    data(client.delete("/product/202309/products", json={"product_ids": [product.id]}))
    assert code(client.put(product_path(product.id), json=body)) == 12052901


def test_unknown_product(client: PartnerClient, product: Product) -> None:
    assert code(client.put(product_path("1700000000000000000"), json=edit_body(client, product.id))) == 12052032


def test_product_of_another_shop(client: PartnerClient, mock: Mock, product: Product) -> None:
    body = edit_body(client, product.id)
    client.use_shop(mock, "second")
    assert code(client.put(product_path(product.id), json=body)) == 12052048


def test_draft_of_a_live_product_leaves_it_live(client: PartnerClient, product: Product) -> None:
    body = {**edit_body(client, product.id), "save_mode": "AS_DRAFT", "title": "Draf Judul Baru Kaos Polos Wanita"}
    data(client.put(product_path(product.id), json=body))
    live = data(client.get(product_path(product.id)))
    assert live["title"] == product.title and live["has_draft"] is True and live["status"] == "ACTIVATE"
    draft = data(client.get(product_path(product.id), query={"return_draft_version": True}))
    assert draft["title"] == body["title"]


def test_edit_removing_a_platform_hides_the_product_there(client: PartnerClient, body: dict[str, Any]) -> None:
    pid = data(client.post(CREATE, json={**body, "listing_platforms": ["TIKTOK_SHOP", "TOKOPEDIA"]}))["product_id"]
    data(client.put(product_path(pid), json={**edit_body(client, pid), "listing_platforms": ["TOKOPEDIA"]}))
    got = data(client.get(product_path(pid)))
    assert got["status"] == "SELLER_DEACTIVATED"
    assert got["integrated_platform_statuses"] == [{"platform": "TOKOPEDIA", "status": "ACTIVATE"}]


@pytest.mark.parametrize("version", ["202309", "202509"])
def test_partial_edit_changes_only_the_fields_given(client: PartnerClient, product: Product, version: str) -> None:
    before = data(client.get(product_path(product.id)))
    title = "Kaos Polos Wanita Premium Cotton Combed 24s Adem"
    data(client.post(f"/product/{version}/products/{product.id}/partial_edit", json={"title": title}))
    after = data(client.get(product_path(product.id)))
    assert after["title"] == title
    assert after["skus"] == before["skus"] and after["description"] == before["description"]


def test_partial_edit_of_one_sku_field(client: PartnerClient, product: Product) -> None:
    skus = [{"id": product.skus[0].id, "seller_sku": "BARU-01"}, {"id": product.skus[1].id}]
    data(client.post(product_path(product.id, "/partial_edit"), json={"skus": skus}))
    got = data(client.get(product_path(product.id)))["skus"]
    assert [s["seller_sku"] for s in got] == ["BARU-01", "KPW-HTM-L"]
    assert got[0]["sales_attributes"][0]["value_name"] == "Hitam"


def test_partial_edit_with_an_unknown_image(client: PartnerClient, product: Product) -> None:
    r = client.post(product_path(product.id, "/partial_edit"), json={"main_images": [{"uri": "tos-x/unknown"}]})
    assert code(r) == 12052722


def test_edit_of_a_live_product_is_reviewed_while_it_stays_live() -> None:
    clock = FrozenClock(T0)
    app = create_app(Settings(seed=1, clock=clock, validate_responses=True, catalog_review_seconds=60))
    client = PartnerClient.in_process(app)
    pid = data(client.post(CREATE, json=create_body(app.state.mock, upload(client))))["product_id"]
    clock.advance(60)
    r = client.post(product_path(pid, "/partial_edit"), json={"title": "Kaos Polos Wanita Premium Combed 24s Adem"})
    assert data(r)["audit"] == {"status": "AUDITING"}
    assert data(client.get(product_path(pid)))["status"] == "ACTIVATE"
    assert data(client.get(product_path(pid), query={"return_under_review_version": True}))["title"].endswith("Adem")
    clock.advance(60)
    assert code(client.get(product_path(pid), query={"return_under_review_version": True})) == 12052547
