"""Garbage in: every catalog operation answers an error in its envelope, never a 500, and changes no state."""

from __future__ import annotations

import json
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mockserver.catalog.models import Product
from mockserver.runtime import Mock
from mockserver.testing import PartnerClient
from tests.catalog.conftest import product_path

WRITES = [
    ("POST", "/product/202309/products"),
    ("PUT", "/product/202309/products/{id}"),
    ("POST", "/product/202509/products/{id}/partial_edit"),
    ("POST", "/product/202309/products/{id}/inventory/update"),
    ("POST", "/product/202309/products/{id}/prices/update"),
    ("POST", "/product/202309/products/activate"),
    ("POST", "/product/202309/products/deactivate"),
    ("POST", "/product/202309/products/recover"),
    ("DELETE", "/product/202309/products"),
]
READS = [
    ("POST", "/product/202309/products/search?page_size=5"),
    ("POST", "/product/202309/inventory/search"),
]
GARBAGE: list[Any] = [
    {"skus": "x"},
    {"skus": [{}]},
    {"skus": [None]},
    {"skus": [{"id": 1, "inventory": [{"quantity": "many"}]}]},
    {"skus": [{"id": "1", "inventory": [{"warehouse_id": None, "quantity": 10**30}]}]},
    {"skus": [{"id": "1", "price": {"amount": 5, "currency": "IDR"}}]},
    {"product_ids": "1729592969712207008"},
    {"product_ids": [None, {}, []]},
    {"product_ids": []},
    {"title": None, "description": 7, "category_id": [], "main_images": {}, "skus": [], "package_weight": "1kg"},
    {"title": "x" * 300, "description": "d", "category_id": "1", "main_images": [{"uri": ""}], "skus": [{}]},
    {"status": 42, "seller_skus": [1, 2], "create_time_ge": "now", "listing_platforms": ["MOON"]},
    {"page_size": -1, "sku_ids": [{"a": 1}]},
    [],
    "a string",
    12,
    None,
]
JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=8),
    lambda children: st.lists(children, max_size=3) | st.dictionaries(st.text(max_size=12), children, max_size=4),
    max_leaves=12,
)
KEYS = st.sampled_from(["skus", "product_ids", "title", "inventory", "price", "status", "sku_ids", "main_images"])
BODIES = st.dictionaries(KEYS, JSON, max_size=4) | JSON


def fingerprint(mock: Mock) -> Any:
    """What a write could change, by value (not `update_time`: an empty partial edit is a valid no-op edit)."""
    store = mock.store
    return (
        sorted(store.products),
        sorted(store.skus),
        [
            (p.statuses, p.title, [(s.seller_sku, s.price, s.inventory, s.sales_attributes) for s in p.skus])
            for p in store.products.values()
        ],
    )


def send(client: PartnerClient, method: str, path: str, product: Product, body: Any) -> int:
    path, _, query = path.format(id=product.id).partition("?")
    params = dict(q.split("=") for q in query.split("&")) if query else None
    r = client.request(method, path, query=params, content=json.dumps(body).encode())
    assert r.status_code < 500, (method, path, body, r.text)
    assert set(r.json()) >= {"code", "message", "request_id", "data"}
    return int(r.json()["code"])


@pytest.mark.parametrize(("method", "path"), WRITES + READS)
def test_listed_garbage_is_refused_without_changes(
    client: PartnerClient, mock: Mock, product: Product, method: str, path: str
) -> None:
    before = fingerprint(mock)
    for body in GARBAGE:
        result = send(client, method, path, product, body)
        no_op_edit = path.endswith("partial_edit") and isinstance(body, dict)
        assert result != 0 or (method, path) in READS or no_op_edit, body
    assert fingerprint(mock) == before


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(body=BODIES, op=st.sampled_from(WRITES + READS))
def test_random_bodies_never_500(client: PartnerClient, product: Product, body: Any, op: tuple[str, str]) -> None:
    send(client, op[0], op[1], product, body)


def test_wrong_shop_product_ids_in_paths(client: PartnerClient, mock: Mock) -> None:
    for bad in ("0", "x" * 300, "%00", "1729592969712207008"):
        r = client.get(product_path(bad))
        assert r.status_code < 500 and r.json()["code"] != 0
