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


def test_order_webhooks(tokopedia_mock, tokopedia_mock_webhooks):
    hooks = tokopedia_mock_webhooks
    http = tokopedia_mock.http_client()  # the control plane plays the buyer, the courier and the platform
    order = http.post("/_mock/orders", json={"shop": "migrated", "paid": True}).json()["data"]["order"]
    http.post(f"/_mock/orders/{order['id']}/advance", json={"to": "COMPLETED"})

    hooks.wait_for("ORDER_STATUS_CHANGE", order_id=order["id"], order_status="COMPLETED")
    steps = [h.data["order_status"] for h in hooks.partner("ORDER_STATUS_CHANGE")]
    assert steps == ["UNPAID", "AWAITING_SHIPMENT", "AWAITING_COLLECTION", "IN_TRANSIT", "DELIVERED", "COMPLETED"]
    assert all(h.event.data.order_id == order["id"] for h in hooks.partner("ORDER_STATUS_CHANGE"))  # typed models


def test_retries(tokopedia_mock):
    hooks = tokopedia_mock.webhooks(subscribe=False)
    hooks.subscribe(("ORDER_STATUS_CHANGE",), status=500)  # the receiver answers 500
    tokopedia_mock.http_client().post("/_mock/orders", json={"shop": "migrated"})
    hooks.wait_for("ORDER_STATUS_CHANGE")
    tokopedia_mock.advance_clock(16 * 3600)
    hooks.wait_for("ORDER_STATUS_CHANGE", count=5)  # the first try and the 4 retries: 2 min, 30 min, 3 h, 12 h
