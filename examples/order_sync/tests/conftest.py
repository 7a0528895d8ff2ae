"""How a user wires their own job to tokopedia-mock: no set-up beyond `pip install tokopedia-mock`.

The plugin's fixtures are there already (registered on install). `mock` runs every test twice: in-process, where the
client's requests go straight into the mock through `transport`, and against the live server over real HTTP.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from tiktok_shop_api import TikTokShop, TikTokShopAuth, TokenSet

from mockserver.testkit.handle import TokopediaMock
from order_sync import Erp, OrderSync, TokenKeeper

DAY = 24 * 3600


@pytest.fixture(params=["tokopedia_mock", "tokopedia_mock_server"])
def mock(request: pytest.FixtureRequest) -> TokopediaMock:
    handle: TokopediaMock = request.getfixturevalue(request.param)
    return handle


@pytest.fixture
def erp() -> Erp:
    return Erp()


@pytest.fixture
def tokens(mock: TokopediaMock) -> TokenKeeper:
    """The tokens the seller granted at onboarding: here the mock's seeded ones for the migrated shop."""
    shop = mock.shop("migrated")
    assert shop.access_token and shop.refresh_token and shop.access_token_expire_in and shop.refresh_token_expire_in
    granted = TokenSet(
        access_token=shop.access_token,
        access_token_expire_in=shop.access_token_expire_in,
        refresh_token=shop.refresh_token,
        refresh_token_expire_in=shop.refresh_token_expire_in,
    )
    auth = TikTokShopAuth(mock.app_key, mock.app_secret, base_url=mock.base_url, transport=mock.transport)
    # The job reads the mock's clock, so that moving the mock's time forward moves the job's too.
    return TokenKeeper(auth, granted, now=mock.clock.now)


@pytest.fixture
def job(mock: TokopediaMock, tokens: TokenKeeper, erp: Erp) -> OrderSync:
    return OrderSync(mock.app_key, mock.app_secret, tokens, erp, base_url=mock.base_url, transport=mock.transport)


@pytest.fixture
def shop_api(mock: TokopediaMock) -> Iterator[TikTokShop]:
    """The test's own view of the shop, through the same public client, to check what the job did."""
    shop = mock.shop("migrated")
    with TikTokShop(
        mock.app_key, mock.app_secret, shop.access_token, shop.cipher, base_url=mock.base_url, transport=mock.transport
    ) as api:
        yield api


def live_skus(api: TikTokShop) -> list[tuple[str, Any]]:
    """(product id, sku) for every SKU of the shop's live products."""
    from tiktok_shop_api.generated.models import SearchProductsRequest, SearchProductsRequestStatus

    found: list[tuple[str, Any]] = []
    token: Any = None
    while True:
        body = SearchProductsRequest(status=SearchProductsRequestStatus.ACTIVATE)
        kwargs = {"page_token": token} if token else {}
        page = api.products.search_products(page_size=100, body=body, **kwargs).data
        found += [(p.id, sku) for p in page.products or [] for sku in p.skus or []]
        token = page.next_page_token
        if not token:
            return found


def available(api: TikTokShop, product_id: str, sku_id: str) -> dict[str, int]:
    """Available quantity by warehouse, as the marketplace reports it."""
    from tiktok_shop_api.generated.models import InventorySearchRequest

    data = api.products.inventory_search(body=InventorySearchRequest(product_ids=[product_id])).data
    (sku,) = [s for product in data.inventory for s in product.skus if s.id == sku_id]
    return {w.warehouse_id: w.available_quantity for w in sku.warehouse_inventory}
