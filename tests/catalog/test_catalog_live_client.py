"""The public `tiktok-shop-api` client against a live mock (the catalog's strongest fidelity evidence), and
concurrency: many threads updating and reading one product never lose an update nor see a torn product."""

from __future__ import annotations

import io
import threading
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import httpx
import pytest
from tiktok_shop_api import TikTokShop, TikTokShopError
from tiktok_shop_api.generated import models as m
from tiktok_shop_api.generated.types import File

from mockserver.catalog import backend
from mockserver.catalog.images import placeholder_png
from mockserver.control.backend import current_tokens
from mockserver.testing import LiveServer, PartnerClient
from tests.catalog.conftest import create_body, product_path, warehouse_ids


@pytest.fixture(scope="module")
def server() -> Iterator[LiveServer]:
    with LiveServer() as s:
        yield s


@pytest.fixture
def shop(server: LiveServer) -> Iterator[TikTokShop]:
    mock = server.mock
    s = mock.settings
    migrated = mock.store.shops[mock.refs.shops["migrated"]]
    pair = current_tokens(mock, s.app_key, migrated.seller_id)
    assert pair is not None
    with (
        TikTokShop(s.app_key, s.app_secret, access_token=pair.access_token, base_url=server.base_url) as client,
        client.with_shop(shop_cipher=migrated.cipher) as child,
    ):
        yield child


def payload(response: Any) -> dict[str, Any]:
    assert response is not None
    body: dict[str, Any] = response.to_dict()
    assert body["code"] == 0, body
    data: dict[str, Any] = body.get("data") or {}
    return data


def test_the_whole_product_lifecycle_through_the_client(server: LiveServer, shop: TikTokShop) -> None:
    mock = server.mock
    uploaded = payload(
        shop.products.upload_product_image(
            body=m.UploadProductImageRequest(
                data=File(
                    payload=io.BytesIO(placeholder_png(800, 800, "c")), file_name="kaos.png", mime_type="image/png"
                ),
                use_case=m.UploadProductImageRequestUseCase.MAIN_IMAGE,
            )
        )
    )
    assert httpx.get(uploaded["url"]).status_code == 200

    body = create_body(mock, uploaded["uri"], listing_platforms=["TIKTOK_SHOP", "TOKOPEDIA"])
    created = payload(shop.products.create_product(body=m.CreateProductRequest.from_dict(body)))
    pid, sku_ids = created["product_id"], [s["id"] for s in created["skus"]]

    found = payload(
        shop.products.search_products(
            page_size=10, body=m.SearchProductsRequest.from_dict({"seller_skus": ["KPW-HTM-M"]})
        )
    )
    assert [p["id"] for p in found["products"]] == [pid]

    got = payload(shop.products.get_product(pid))
    assert got["title"] == body["title"] and got["integrated_platform_statuses"][0]["status"] == "ACTIVATE"

    edit = {**body, "title": "Kaos Polos Wanita Premium Cotton Combed 24s Adem"}
    edit["skus"] = [{**s, "id": i} for s, i in zip(body["skus"], sku_ids, strict=True)][:1]  # drop the second SKU
    payload(shop.products.edit_product(pid, body=m.EditProductRequest.from_dict(edit)))
    assert [s["id"] for s in payload(shop.products.get_product(pid))["skus"]] == sku_ids[:1]

    payload(
        shop.products.partial_edit_product(
            pid, body=m.PartialEditProductRequest.from_dict({"description": "<p>Baru</p>"})
        )
    )
    assert payload(shop.products.get_product(pid))["description"] == "<p>Baru</p>"

    wh = warehouse_ids(mock)[0]
    inventory = {"skus": [{"id": sku_ids[0], "inventory": [{"warehouse_id": wh, "quantity": 42}]}]}
    payload(shop.products.update_inventory(pid, body=m.UpdateInventoryRequest.from_dict(inventory)))
    prices = {"skus": [{"id": sku_ids[0], "price": {"amount": "59000", "currency": "IDR"}}]}
    payload(shop.products.update_price(pid, body=m.UpdatePriceRequest.from_dict(prices)))
    sku = payload(shop.products.get_product(pid))["skus"][0]
    assert (sku["inventory"][0]["quantity"], sku["price"]["sale_price"]) == (42, "59000")

    ids = {"product_ids": [pid]}
    payload(shop.products.deactivate_products(body=m.DeactivateProductsRequest.from_dict(ids)))
    assert payload(shop.products.get_product(pid))["status"] == "SELLER_DEACTIVATED"
    payload(shop.products.activate_products(body=m.ActivateProductsRequest.from_dict(ids)))
    assert payload(shop.products.get_product(pid))["status"] == "ACTIVATE"
    payload(shop.products.delete_products(body=m.DeleteProductsRequest.from_dict(ids)))
    with pytest.raises(TikTokShopError) as e:
        shop.products.get_product(pid)
    assert e.value.code == 12052901
    payload(shop.products.recover_products(body=m.RecoverProductsRequest.from_dict(ids)))
    assert payload(shop.products.get_product(pid))["status"] == "SELLER_DEACTIVATED"


def test_business_errors_reach_the_client_as_codes(shop: TikTokShop) -> None:
    with pytest.raises(TikTokShopError) as e:
        shop.products.get_product("1700000000000000000")
    assert (e.value.code, e.value.http_status) == (12052032, 200)


def test_batch_failures_are_data_not_errors(shop: TikTokShop) -> None:
    result = payload(
        shop.products.deactivate_products(body=m.DeactivateProductsRequest.from_dict({"product_ids": ["1"]}))
    )
    assert result["errors"][0]["code"] == 12052032


# --- concurrency -----------------------------------------------------------------------------------------------------
def test_concurrent_inventory_updates_and_reads(server: LiveServer) -> None:
    """200 updates, each setting every SKU of one product to the same value, race 200 reads of it.

    A torn read would show SKUs with different quantities; a lost update would leave a final quantity that is
    not one of the values written.
    """
    mock = server.mock
    with httpx.Client(base_url=server.base_url, timeout=30, limits=httpx.Limits(max_connections=32)) as http:
        client = PartnerClient(http, mock.settings.app_key, mock.settings.app_secret, now=mock.clock.wall)
        client.use_shop(mock, "migrated")
        with mock.store.lock:
            image = next(iter(mock.store.images))
        created = client.post("/product/202309/products", json=create_body(mock, image)).json()["data"]
        pid, sku_ids = created["product_id"], [s["id"] for s in created["skus"]]
        torn: list[Any] = []
        applied: list[int] = []
        lock = threading.Lock()

        def write(n: int) -> None:
            skus = [{"id": s, "inventory": [{"quantity": n}]} for s in sku_ids]
            r = client.post(product_path(pid, "/inventory/update"), json={"skus": skus})
            assert r.json()["code"] == 0 and r.json()["data"] == {}, r.text
            with lock:
                applied.append(n)

        def read(_: int) -> None:
            skus = client.get(product_path(pid)).json()["data"]["skus"]
            values = {s["inventory"][0]["quantity"] for s in skus}
            if len(values) != 1:
                torn.append(values)

        with ThreadPoolExecutor(max_workers=32) as pool:
            jobs = [pool.submit(write, n) for n in range(1, 201)] + [pool.submit(read, n) for n in range(200)]
            for job in jobs:
                job.result()
    assert torn == [] and sorted(applied) == list(range(1, 201))
    final = {s.inventory[next(iter(s.inventory))].available for s in mock.store.products[pid].skus}
    assert len(final) == 1 and final.pop() in applied


def test_concurrent_commits_never_lose_a_unit(server: LiveServer) -> None:
    """What orders will do: 200 threads each commit one unit of the same SKU; the sums must add up."""
    mock = server.mock
    with mock.store.lock:
        product = next(p for p in mock.store.products.values() if p.status == "ACTIVATE" and p.skus[0].inventory)
        sku = product.skus[0]
        wh = next(iter(sku.inventory))
        sku.inventory[wh].available, sku.inventory[wh].committed = 150, 0

    def commit(_: int) -> bool:
        try:
            backend.commit_inventory(mock.store, sku.id, wh, 1, mock.clock.now_s())
        except backend.InsufficientStock:
            return False
        return True

    with ThreadPoolExecutor(max_workers=32) as pool:
        results = list(pool.map(commit, range(200)))
    assert results.count(True) == 150
    assert (sku.inventory[wh].available, sku.inventory[wh].committed) == (0, 150)
