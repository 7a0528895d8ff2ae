"""The Event API (GET / PUT / DELETE /event/202309/webhooks) through the public `tiktok-shop-api` client, the
documented errors, and Partner Center's app-level configuration."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator

import pytest
from tiktok_shop_api import TikTokShop, TikTokShopError
from tiktok_shop_api.generated.models import DeleteWebhookForAnEventRequest, UpdateShopWebhookRequest
from tiktok_shop_api.generated.models.delete_webhook_for_an_event_request_event_type import (
    DeleteWebhookForAnEventRequestEventType as DeleteType,
)
from tiktok_shop_api.generated.models.update_shop_webhook_request_event_type import (
    UpdateShopWebhookRequestEventType as EventType,
)

from mockserver.clock import Clock
from mockserver.settings import Settings
from mockserver.testkit.client import PartnerClient
from mockserver.testkit.handle import TokopediaMock
from mockserver.webhooks.subscriptions import EVENT_API_TOPICS
from tests.webhooks.conftest import control

PATH = "/event/202309/webhooks"


@pytest.fixture
def tokopedia_mock_settings(tokopedia_mock_settings: Settings) -> Settings:
    """The wall clock: the public client signs with the real time."""
    return dataclasses.replace(tokopedia_mock_settings, clock=Clock())


@pytest.fixture
def api(tokopedia_mock: TokopediaMock) -> Iterator[TikTokShop]:
    m = tokopedia_mock
    shop = m.shop()
    with TikTokShop(
        m.app_key, m.app_secret, shop.access_token, base_url=m.base_url, transport=m.transport, shop_cipher=shop.cipher
    ) as client:
        yield client


def listed(api: TikTokShop) -> list[tuple[str, str]]:
    answer = api.event.get_shop_webhooks()
    assert answer is not None
    data = answer.to_dict()["data"]
    assert data["total_count"] == len(data["webhooks"])
    return [(w["event_type"], w["address"]) for w in data["webhooks"]]


def test_subscribe_list_replace_and_delete(tokopedia_mock: TokopediaMock, api: TikTokShop) -> None:
    assert listed(api) == []
    api.event.update_shop_webhook(
        body=UpdateShopWebhookRequest(address="https://erp.example/orders", event_type=EventType.ORDER_STATUS_CHANGE)
    )
    api.event.update_shop_webhook(
        body=UpdateShopWebhookRequest(address="https://erp.example/stock", event_type=EventType.PACKAGE_UPDATE)
    )
    tokopedia_mock.advance_clock(60)
    api.event.update_shop_webhook(
        body=UpdateShopWebhookRequest(address="https://erp.example/v2", event_type=EventType.ORDER_STATUS_CHANGE)
    )
    assert listed(api) == [
        ("ORDER_STATUS_CHANGE", "https://erp.example/v2"),
        ("PACKAGE_UPDATE", "https://erp.example/stock"),
    ]
    first = api.event.get_shop_webhooks().to_dict()["data"]["webhooks"][0]  # type: ignore[union-attr]
    assert first["update_time"] - first["create_time"] == 60  # replaced, not re-created
    api.event.delete_webhook_for_an_event(body=DeleteWebhookForAnEventRequest(event_type=DeleteType.PACKAGE_UPDATE))
    assert listed(api) == [("ORDER_STATUS_CHANGE", "https://erp.example/v2")]
    # "Regardless of whether webhook is configured or not, the result will return success."
    again = api.event.delete_webhook_for_an_event(
        body=DeleteWebhookForAnEventRequest(event_type=DeleteType.PACKAGE_UPDATE)
    )
    assert again is not None and again.to_dict()["code"] == 0


def test_subscriptions_belong_to_the_shop_and_the_app(tokopedia_mock: TokopediaMock, api: TikTokShop) -> None:
    api.event.update_shop_webhook(
        body=UpdateShopWebhookRequest(address="https://erp.example/o", event_type=EventType.ORDER_STATUS_CHANGE)
    )
    second = tokopedia_mock.client("second")
    assert second.get(PATH).json()["data"] == {"webhooks": [], "total_count": 0}


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ({"address": "https://erp.example/" + "a" * 236, "event_type": "ORDER_STATUS_CHANGE"}, "address"),
        ({"address": "ftp://erp.example/x", "event_type": "ORDER_STATUS_CHANGE"}, "address"),
        ({"address": "https://erp.example/x", "event_type": "ORDER_CREATED"}, "event_type"),
        ({"address": "https://erp.example/x", "event_type": "INVENTORY_STATUS_CHANGE"}, "event_type"),
        ({"event_type": "ORDER_STATUS_CHANGE"}, "Address is a required field"),
        ({"address": "https://erp.example/x"}, "EventType is a required field"),
    ],
)
def test_bad_subscriptions_answer_the_gateway_error(
    tokopedia_mock: TokopediaMock, body: dict[str, str], message: str
) -> None:
    client = tokopedia_mock.client()
    r = client.put(PATH, json=body)
    assert (r.status_code, r.json()["code"]) == (400, 36009004)
    assert message in r.json()["message"]
    assert client.get(PATH).json()["data"]["total_count"] == 0  # nothing changed


def test_the_longest_address_is_accepted(tokopedia_mock: TokopediaMock) -> None:
    address = "https://erp.example/" + "a" * 235
    assert len(address) == 255
    r = tokopedia_mock.client().put(PATH, json={"address": address, "event_type": "ORDER_STATUS_CHANGE"})
    assert r.json()["code"] == 0


def test_the_shop_cipher_is_required(tokopedia_mock: TokopediaMock, api: TikTokShop) -> None:
    r = tokopedia_mock.client().get(PATH, shop_cipher=None)
    assert r.json()["code"] == 106013
    with (
        pytest.raises(TikTokShopError) as e,
        api.with_shop(shop_cipher=tokopedia_mock.shop("unauthorized").cipher) as other,
    ):
        other.event.get_shop_webhooks()
    assert e.value.code == 101000


def test_partner_center_topics_show_for_every_authorized_shop(tokopedia_mock: TokopediaMock, api: TikTokShop) -> None:
    http = tokopedia_mock.http_client()
    body = {"address": "https://erp.example/all", "event_types": ["INVENTORY_STATUS_CHANGE", "ORDER_STATUS_CHANGE"]}
    r = http.put("/_mock/webhooks/partner_center", json=body)
    assert r.json()["data"]["event_types"] == ["ORDER_STATUS_CHANGE", "INVENTORY_STATUS_CHANGE"]
    api.event.update_shop_webhook(
        body=UpdateShopWebhookRequest(address="https://erp.example/mine", event_type=EventType.ORDER_STATUS_CHANGE)
    )
    assert listed(api) == [
        ("ORDER_STATUS_CHANGE", "https://erp.example/mine"),  # the shop's own wins
        ("INVENTORY_STATUS_CHANGE", "https://erp.example/all"),
    ]
    second = tokopedia_mock.client("second").get(PATH).json()["data"]["webhooks"]
    assert [(w["event_type"], w["address"]) for w in second] == [
        ("ORDER_STATUS_CHANGE", "https://erp.example/all"),
        ("INVENTORY_STATUS_CHANGE", "https://erp.example/all"),
    ]
    bad = http.put("/_mock/webhooks/partner_center", json={"address": "https://x.example", "event_types": ["NOPE"]})
    assert (bad.status_code, bad.json()["code"]) == (400, 36009004)
    cleared = http.put("/_mock/webhooks/partner_center", json={"event_types": []}).json()["data"]
    assert cleared["event_types"] == [] and listed(api) == [("ORDER_STATUS_CHANGE", "https://erp.example/mine")]


def test_the_documented_event_types_are_the_clients(tokopedia_mock: TokopediaMock) -> None:
    assert set(EVENT_API_TOPICS) == {t.value for t in EventType} == {t.value for t in DeleteType}


def test_the_second_app_only_sees_its_own(tokopedia_mock: TokopediaMock) -> None:
    """Another app authorized by the same shop subscribes separately; deliveries are signed with its own secret."""
    m = tokopedia_mock
    store = m.mock.store
    other = next(a for a in store.apps.values() if a.app_key != m.app_key)
    migrated = m.shop()
    with store.lock:
        token = next(
            p for p in store.access_tokens.values() if p.app_key == other.app_key and p.seller_id == migrated.seller_id
        )
    client = PartnerClient(
        m.http_client(), other.app_key, other.app_secret, token.access_token, migrated.cipher, now=m.clock.wall
    )
    r = client.put(PATH, json={"address": "https://other.example/hook", "event_type": "ORDER_STATUS_CHANGE"})
    assert r.json()["code"] == 0, r.text
    assert m.client().get(PATH).json()["data"]["total_count"] == 0
    assert control(m.http_client(), "/orders", {"shop": "migrated"})["order"]["status"] == "UNPAID"
    (delivery,) = m.http_client().get("/_mock/webhooks/deliveries").json()["data"]["deliveries"]
    assert (delivery["subscriber"], delivery["url"]) == (other.app_key, "https://other.example/hook")
