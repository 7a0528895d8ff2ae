"""The README's pytest-plugin examples, verbatim: the docs must stay true."""

from __future__ import annotations

import pytest
from tiktok_shop_api import TikTokShop


def test_lists_my_shops(tokopedia_mock):
    shop = tokopedia_mock.shop("migrated")  # seeded shops: migrated, second, unauthorized
    api = TikTokShop(
        tokopedia_mock.app_key,
        tokopedia_mock.app_secret,
        shop.access_token,
        base_url=tokopedia_mock.base_url,
        transport=tokopedia_mock.transport,
    )
    assert api.authorization.get_authorized_shops().data.shops[0].cipher == shop.cipher


def test_signed_call(tokopedia_mock_client):
    r = tokopedia_mock_client.get("/authorization/202309/shops", shop_cipher=None)  # this one takes no cipher
    assert r.json()["code"] == 0
    r = tokopedia_mock_client.post("/product/202502/products/search", query={"page_size": 10}, json={})
    assert r.json()["data"]["total_count"] > 0


def test_over_http(tokopedia_mock_server):
    m = tokopedia_mock_server
    with TikTokShop(m.app_key, m.app_secret, m.shop().access_token, base_url=m.base_url) as api:
        shops = api.authorization.get_authorized_shops().data.shops
    assert shops[0].id == m.shop().id


@pytest.fixture(scope="session")
def api(tokopedia_mock_session_server):
    m = tokopedia_mock_session_server
    with TikTokShop(m.app_key, m.app_secret, m.shop().access_token, base_url=m.base_url) as client:
        yield client


def test_session(api):
    assert api.authorization.get_authorized_shops().code == 0


@pytest.mark.tokopedia_mock(seed=7, access_token_ttl=3600)
def test_token_expires(tokopedia_mock):
    client = tokopedia_mock.client()
    tokopedia_mock.advance_clock(3601)
    r = client.get("/authorization/202309/shops", shop_cipher=None)
    assert r.json()["code"] == 105002
