"""The seeded catalog: deterministic, Indonesian, varied, per shop, and cheap enough to start fast."""

from __future__ import annotations

from collections import Counter

from mockserver import Settings, create_app
from mockserver.catalog.backend import warehouses_of
from mockserver.clock import FrozenClock
from mockserver.runtime import Mock
from mockserver.testing import PartnerClient
from tests.catalog.conftest import CREATE, data
from tests.conftest import T0


def catalog(seed: int, size: int = 50) -> list[tuple[str, str, list[tuple[str, str]]]]:
    mock: Mock = create_app(Settings(seed=seed, catalog_size=size, clock=FrozenClock(T0))).state.mock
    return [(p.id, p.title, [(s.id, s.price.amount) for s in p.skus]) for p in mock.store.products.values()]


def test_same_seed_same_catalog() -> None:
    assert catalog(7) == catalog(7)
    assert catalog(7) != catalog(8)


def test_every_shop_has_its_catalog_and_warehouses(mock: Mock) -> None:
    for shop_id in mock.store.shops:
        assert len(mock.store.products_by_shop[shop_id]) == mock.settings.catalog_size
        kinds = Counter(w.type for w in warehouses_of(mock.store, shop_id))
        assert kinds == {"SALES_WAREHOUSE": 3, "RETURN_WAREHOUSE": 1}


def test_catalog_is_indonesian_and_varied(mock: Mock) -> None:
    products = list(mock.store.products.values())
    assert {s.price.currency for p in products for s in p.skus} == {"IDR"}
    assert all(25 <= len(p.title) <= 255 for p in products)
    assert sum(len(p.skus) > 1 for p in products) > len(products) // 4  # variants
    assert {"ACTIVATE", "SELLER_DEACTIVATED", "DRAFT", "DELETED", "FREEZE"} <= {p.status for p in products}
    assert all(len(p.id) == 19 and p.id.isdigit() for p in products)


def test_tokopedia_and_shop_products_have_per_platform_statuses(mock: Mock) -> None:
    migrated = mock.refs.shops["migrated"]
    platforms = Counter(tuple(mock.store.products[p].statuses) for p in mock.store.products_by_shop[migrated])
    assert platforms[("TIKTOK_SHOP", "TOKOPEDIA")] > platforms[("TOKOPEDIA",)] > 0
    second = mock.refs.shops["second"]
    assert {tuple(mock.store.products[p].statuses) for p in mock.store.products_by_shop[second]} == {("TIKTOK_SHOP",)}


def test_empty_catalog(client: PartnerClient) -> None:
    app = create_app(Settings(seed=1, catalog_size=0))
    page = data(PartnerClient.in_process(app).post("/product/202309/products/search", query={"page_size": 5}, json={}))
    assert page == {"products": [], "total_count": 0, "next_page_token": ""}


def test_reset_restores_the_seeded_catalog(client: PartnerClient, mock: Mock, body: dict[str, object]) -> None:
    before = sorted(mock.store.products)
    data(client.post(CREATE, json=body))
    mock.reset()
    assert sorted(mock.store.products) == before
