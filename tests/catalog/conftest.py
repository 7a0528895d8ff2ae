"""Helpers for catalog tests: an uploaded image, a valid Create Product body for a seeded shop, short calls."""

from __future__ import annotations

import copy
from typing import Any

import httpx
import pytest

from mockserver.catalog.backend import warehouses_of
from mockserver.catalog.images import placeholder_png
from mockserver.catalog.models import Product
from mockserver.runtime import Mock
from mockserver.testing import PartnerClient

V = "202309"
CREATE = f"/product/{V}/products"
SEARCH = f"/product/{V}/products/search"
UPLOAD = f"/product/{V}/images/upload"


def product_path(product_id: str, suffix: str = "") -> str:
    return f"/product/{V}/products/{product_id}{suffix}"


def multipart(data: bytes, use_case: str | None = "MAIN_IMAGE", name: str = "data") -> tuple[bytes, str]:
    files: dict[str, Any] = {name: ("image.png", data, "image/png")}
    if use_case is not None:
        files["use_case"] = (None, use_case.encode())
    request = httpx.Request("POST", "http://x/", files=files)
    return request.read(), request.headers["content-type"]


def upload_raw(client: PartnerClient, body: bytes, content_type: str) -> httpx.Response:
    params = client.signed_params(UPLOAD, None, body, cipher=None, multipart=True)
    headers = {"content-type": content_type, "x-tts-access-token": client.access_token or ""}
    return client.http.post(UPLOAD, params=tuple(params), content=body, headers=headers)


def upload(client: PartnerClient, width: int = 600, height: int = 600) -> str:
    r = upload_raw(client, *multipart(placeholder_png(width, height, "test")))
    assert r.json()["code"] == 0, r.text
    uri: str = r.json()["data"]["uri"]
    return uri


def warehouse_ids(mock: Mock, shop_ref: str = "migrated") -> list[str]:
    shop_id = mock.refs.shops[shop_ref]
    return [w.id for w in warehouses_of(mock.store, shop_id) if w.type == "SALES_WAREHOUSE"]


def return_warehouse(mock: Mock, shop_ref: str = "migrated") -> str:
    shop_id = mock.refs.shops[shop_ref]
    return next(w.id for w in warehouses_of(mock.store, shop_id) if w.type == "RETURN_WAREHOUSE")


def sku(wh: str, seller_sku: str, color: str = "1000001", size: str = "M", qty: int = 10) -> dict[str, Any]:
    return {
        "seller_sku": seller_sku,
        "price": {"amount": "49000", "currency": "IDR"},
        "inventory": [{"warehouse_id": wh, "quantity": qty}],
        "sales_attributes": [{"id": "100000", "value_id": color}, {"id": "100007", "value_name": size}],
    }


def create_body(mock: Mock, uri: str, **overrides: Any) -> dict[str, Any]:
    wh = warehouse_ids(mock)[0]
    body: dict[str, Any] = {
        "title": "Kaos Polos Wanita Premium Cotton Combed 30s",
        "description": "<p>Kaos polos bahan katun combed 30s, adem dan nyaman.</p>",
        "category_id": "601154",  # Pakaian Wanita > Atasan Wanita > Kaos Wanita: no required attributes
        "main_images": [{"uri": uri}],
        "package_weight": {"value": "0.2", "unit": "KILOGRAM"},
        "skus": [sku(wh, "KPW-HTM-M", size="M"), sku(wh, "KPW-HTM-L", size="L", qty=5)],
    }
    body.update(overrides)
    return body


@pytest.fixture
def uri(client: PartnerClient) -> str:
    return upload(client)


@pytest.fixture
def body(mock: Mock, uri: str) -> dict[str, Any]:
    return create_body(mock, uri)


@pytest.fixture
def created(client: PartnerClient, body: dict[str, Any]) -> dict[str, Any]:
    """A new ACTIVATE product of the migrated shop (TikTok Shop only): the Create response's `data`."""
    r = client.post(CREATE, json=body)
    assert r.json()["code"] == 0, r.text
    data: dict[str, Any] = r.json()["data"]
    return data


@pytest.fixture
def product(mock: Mock, created: dict[str, Any]) -> Product:
    return mock.store.products[created["product_id"]]


def seeded(mock: Mock, shop_ref: str = "migrated", status: str = "ACTIVATE", **where: Any) -> Product:
    """The first seeded product of a shop with that status (and attribute values)."""
    shop_id = mock.refs.shops[shop_ref]
    for pid in mock.store.products_by_shop[shop_id]:
        p = mock.store.products[pid]
        if p.status == status and all(getattr(p, k) == v for k, v in where.items()):
            return p
    raise LookupError(f"no seeded {status} product in {shop_ref}")


def code(r: httpx.Response) -> int:
    assert r.status_code == 200, r.text
    value: int = r.json()["code"]
    return value


def data(r: httpx.Response) -> Any:
    assert r.status_code == 200 and r.json()["code"] == 0, r.text
    return r.json()["data"]


def clone(body: dict[str, Any]) -> dict[str, Any]:
    return copy.deepcopy(body)
