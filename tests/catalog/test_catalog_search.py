"""Search Products: page size and tokens, filters and their limits, shop isolation, the 10,000-result cap."""

from __future__ import annotations

from typing import Any

import pytest

from mockserver.partner.catalog.search import PRODUCTS, product_query
from mockserver.runtime import Mock
from mockserver.testing import PartnerClient
from tests.catalog.conftest import SEARCH, code, data, seeded


def search(client: PartnerClient, body: dict[str, Any] | None = None, version: str = "202309", **query: Any) -> Any:
    query.setdefault("page_size", 20)
    return client.post(f"/product/{version}/products/search", query=query, json=body or {})


def all_pages(client: PartnerClient, body: dict[str, Any] | None = None, page_size: int = 100) -> list[str]:
    ids: list[str] = []
    token = None
    while True:
        page = data(search(client, body, page_size=page_size, page_token=token))
        ids += [p["id"] for p in page["products"]]
        token = page["next_page_token"]
        if not token:
            return ids


@pytest.mark.parametrize("version", ["202309", "202502"])
def test_first_page(client: PartnerClient, version: str) -> None:
    page = data(search(client, version=version, page_size=5))
    assert len(page["products"]) == 5 and page["total_count"] > 5 and page["next_page_token"]


def test_pages_cover_every_product_once(client: PartnerClient, mock: Mock) -> None:
    ids = all_pages(client, page_size=37)
    shop_id = mock.refs.shops["migrated"]
    expected = {p for p in mock.store.products_by_shop[shop_id] if mock.store.products[p].status != "DELETED"}
    assert len(ids) == len(set(ids)) and set(ids) == expected


def test_newest_first(client: PartnerClient, created: dict[str, Any]) -> None:
    assert data(search(client, page_size=1))["products"][0]["id"] == created["product_id"]


def test_a_page_token_keeps_its_place_when_products_are_added(client: PartnerClient, body: dict[str, Any]) -> None:
    first = data(search(client, page_size=3))
    client.post("/product/202309/products", json=body)
    second = data(search(client, page_size=3, page_token=first["next_page_token"]))
    seen = {p["id"] for p in first["products"]}
    assert not seen & {p["id"] for p in second["products"]}


@pytest.mark.parametrize("size", [0, 101])
def test_page_size_range(client: PartnerClient, size: int) -> None:
    r = search(client, page_size=size)
    assert r.status_code == 400 and r.json()["code"] == 36009004


def test_page_size_is_required(client: PartnerClient) -> None:
    r = client.post(SEARCH, json={})
    assert r.status_code == 400 and r.json()["message"] == "PageSize is a required field and has not been provided."


def test_tampered_page_token(client: PartnerClient) -> None:
    assert code(search(client, page_token="not-a-token")) == 12052910


def test_results_past_10000_are_refused(client: PartnerClient, mock: Mock) -> None:
    query = product_query(mock.refs.shops["migrated"], {})
    token = mock.store.page_tokens().issue(PRODUCTS, query, (10_000, 0, "0"))
    assert code(search(client, page_token=token)) == 12052180


def test_a_forged_page_token_is_refused(client: PartnerClient, mock: Mock) -> None:
    """The old unsigned format (base64 JSON of the position), and a real token with one character changed."""
    assert code(search(client, page_token="eyJvIjozLCJ0IjoxNzgwMDAwMDAwLCJpIjoiMSJ9")) == 12052910
    token = data(search(client, page_size=5))["next_page_token"]
    tampered = token[:10] + ("A" if token[10] != "A" else "B") + token[11:]
    assert code(search(client, page_size=5, page_token=tampered)) == 12052910


def test_a_page_token_is_bound_to_its_filters(client: PartnerClient) -> None:
    token = data(search(client, page_size=5))["next_page_token"]
    assert code(search(client, {"status": "ACTIVATE"}, page_size=5, page_token=token)) == 12052910
    assert data(search(client, page_size=5, page_token=token))["products"]


def test_a_page_token_is_bound_to_its_shop(client: PartnerClient, mock: Mock) -> None:
    token = data(search(client, page_size=5))["next_page_token"]
    client.use_shop(mock, "second")
    assert code(search(client, page_size=5, page_token=token)) == 12052910


def test_status_filter(client: PartnerClient) -> None:
    products = data(search(client, {"status": "DRAFT"}, page_size=100))["products"]
    # Tokopedia-only products have no `status`, only `integrated_platform_statuses` (official).
    shown = {p.get("status") or p["integrated_platform_statuses"][0]["status"] for p in products}
    assert products and shown == {"DRAFT"}


def test_all_excludes_deleted(client: PartnerClient, mock: Mock) -> None:
    deleted = seeded(mock, status="DELETED")
    assert deleted.id not in all_pages(client)
    assert deleted.id in all_pages(client, {"status": "DELETED"})


def test_seller_sku_filter(client: PartnerClient, created: dict[str, Any]) -> None:
    page = data(search(client, {"seller_skus": ["KPW-HTM-L"]}))
    assert [p["id"] for p in page["products"]] == [created["product_id"]] and page["total_count"] == 1


def test_sku_id_filter(client: PartnerClient, created: dict[str, Any]) -> None:
    page = data(search(client, {"sku_ids": [created["skus"][1]["id"]]}))
    assert [p["id"] for p in page["products"]] == [created["product_id"]]


def test_filter_limits(client: PartnerClient) -> None:
    eleven = [str(i) for i in range(11)]
    assert code(search(client, {"seller_skus": eleven})) == 12019027
    assert code(search(client, {"sku_ids": eleven})) == 12019087


def test_time_windows(client: PartnerClient, created: dict[str, Any], mock: Mock) -> None:
    now = mock.clock.now_s()
    page = data(search(client, {"create_time_ge": now, "update_time_le": now}))
    assert [p["id"] for p in page["products"]] == [created["product_id"]]
    assert code(search(client, {"create_time_ge": now, "create_time_le": now - 1})) == 12019118
    assert code(search(client, {"update_time_ge": -1})) == 12019119


def test_time_filters_must_be_integers(client: PartnerClient) -> None:
    r = search(client, {"create_time_ge": "yesterday"})
    assert r.status_code == 400
    assert r.json()["message"] == "param create_time_ge type invalid. actual type:string, expected type:int64"


def test_listing_platform_filter(client: PartnerClient) -> None:
    body = {"status": "ACTIVATE", "listing_platforms": ["TIKTOK_SHOP", "TOKOPEDIA"]}
    products = data(search(client, body, page_size=100))["products"]
    assert products and all("integrated_platform_statuses" in p and "status" in p for p in products)


def test_another_shops_products_never_appear(client: PartnerClient, mock: Mock) -> None:
    foreign = seeded(mock, "second")
    assert foreign.id not in all_pages(client)
    assert data(search(client, {"sku_ids": [foreign.skus[0].id]}))["total_count"] == 0


def test_search_summary_shape(client: PartnerClient, created: dict[str, Any]) -> None:
    [p] = data(search(client, {"seller_skus": ["KPW-HTM-M"]}))["products"]
    assert p["skus"][0]["price"] == {"currency": "IDR", "sale_price": "49000", "tax_exclusive_price": "49000"}
    assert p["sales_regions"] == ["ID"] and p["audit"] == {"status": "APPROVED"} and p["has_draft"] is False
