"""The legacy Seller API's webhooks: §7 payloads to the registered URLs, signed `Authorization-Hmac`, the payload
endpoint and the manual trigger."""

from __future__ import annotations

import base64
import hashlib
import hmac
from typing import Any

import httpx
import pytest

from mockserver.settings import DEFAULT_LEGACY_CLIENT_ID, DEFAULT_LEGACY_CLIENT_SECRET, DEFAULT_LEGACY_FS_ID
from mockserver.testkit.handle import TokopediaMock
from mockserver.testkit.webhooks import WebhookInbox
from tests.webhooks.conftest import control, drained, lone_warehouse_sku, set_stock

FS_ID = DEFAULT_LEGACY_FS_ID
SHOP_ID = 13004512  # the migrated shop's Tokopedia id


@pytest.fixture
def hooks(tokopedia_mock: TokopediaMock) -> WebhookInbox:
    inbox = tokopedia_mock.webhooks(subscribe=False)
    inbox.subscribe_legacy()
    return inbox


@pytest.fixture
def legacy(tokopedia_mock: TokopediaMock) -> httpx.Client:
    http = tokopedia_mock.http_client()
    basic = base64.b64encode(f"{DEFAULT_LEGACY_CLIENT_ID}:{DEFAULT_LEGACY_CLIENT_SECRET}".encode()).decode()
    r = http.post("/token", params={"grant_type": "client_credentials"}, headers={"Authorization": f"Basic {basic}"})
    http.headers["Authorization"] = f"Bearer {r.json()['access_token']}"
    return http


def tokopedia_order(m: TokopediaMock, **body: Any) -> dict[str, Any]:
    order: dict[str, Any] = control(
        m.http_client(), "/orders", {"shop": "migrated", "commerce_platform": "TOKOPEDIA", "paid": True, **body}
    )["order"]
    return order


def legacy_id(m: TokopediaMock, order_id: str) -> int:
    return 100_000_000 + m.mock.store.orders[order_id].seq


def test_a_new_paid_order_is_notified_signed(tokopedia_mock: TokopediaMock, hooks: WebhookInbox) -> None:
    m = tokopedia_mock
    order = tokopedia_order(m)
    hook = hooks.wait_for("order_notification")
    expected = hmac.new(hooks.legacy_secret.encode(), hook.raw_body, hashlib.sha256).hexdigest()
    assert hook.header("authorization-hmac") == expected and hook.header("authorization") is None
    body = hook.body
    assert (body["fs_id"], body["shop_id"], body["order_id"], body["order_status"]) == (
        FS_ID,
        SHOP_ID,
        legacy_id(m, order["id"]),
        220,
    )
    assert set(body["products"][0]) == {
        "id", "Name", "quantity", "notes", "weight", "total_weight", "price", "total_price", "currency", "sku",
        "is_eligible_pof",
    }  # fmt: skip
    assert set(body["customer"]) == {"id", "Name", "phone", "email"} and "Name" in body["recipient"]
    assert body["invoice_ref_num"].startswith("INV/") and body["payment_date"] == order["paid_time"]


def test_cancellations_and_requests(tokopedia_mock: TokopediaMock, hooks: WebhookInbox) -> None:
    m = tokopedia_mock
    http = m.http_client()
    order = tokopedia_order(m)
    control(http, f"/orders/{order['id']}/request_cancel")
    request = hooks.wait_for("order_request_cancellation")
    assert request.body == {"order_id": legacy_id(m, order["id"])}
    control(http, f"/orders/{order['id']}/cancel", {"by": "BUYER"})
    cancelled = hooks.wait_for("order_cancellation")
    assert cancelled.body["order_status"] == 15 and cancelled.body["product_details"][0]["Name"]
    drained(m)
    assert hooks.legacy("order_status") == []  # a cancellation goes to order_cancellation_url


def test_orders_the_legacy_api_does_not_show_are_not_notified(
    tokopedia_mock: TokopediaMock, hooks: WebhookInbox
) -> None:
    m = tokopedia_mock
    control(m.http_client(), "/orders", {"shop": "migrated", "commerce_platform": "TIKTOK_SHOP", "paid": True})
    control(m.http_client(), "/orders", {"shop": "second", "paid": True})  # a shop not linked to the fs_id
    drained(m)
    assert [w.topic for w in hooks.legacy() if w.topic.startswith("order")] == []


def test_price_and_status_changes(tokopedia_mock: TokopediaMock, hooks: WebhookInbox) -> None:
    m = tokopedia_mock
    product_id, sku_id, warehouse_id = lone_warehouse_sku(m)
    client = m.client()
    body = {"skus": [{"id": sku_id, "price": {"amount": "123000", "currency": "IDR"}}]}
    assert client.post(f"/product/202309/products/{product_id}/prices/update", json=body).json()["code"] == 0
    price = hooks.wait_for("product_changes")
    (row,) = price.body["product_changes_data"]
    assert (row["action"], row["value"], row["shop_id"]) == ("price_changes", "123000", SHOP_ID)
    body = {"product_ids": [product_id], "listing_platforms": ["TOKOPEDIA"]}
    assert client.post("/product/202309/products/deactivate", json=body).json()["code"] == 0
    status = hooks.wait_for("product_changes", count=2)
    (row,) = status.body["product_changes_data"]
    assert (row["action"], row["value"], row["previous_value"]) == ("status_changes", "3", "1")
    set_stock(m, product_id, sku_id, warehouse_id, 42)
    stock = hooks.wait_for("product_changes", count=3)
    (row,) = stock.body["product_changes_data"]
    assert (row["action"], row["value"]) == ("stock_overwrite", "42") and row["warehouse_id"] > 0


def test_the_payload_endpoint_shows_the_current_payload(
    tokopedia_mock: TokopediaMock, hooks: WebhookInbox, legacy: httpx.Client
) -> None:
    m = tokopedia_mock
    order = tokopedia_order(m)
    delivered = hooks.wait_for("order_notification")
    oid = legacy_id(m, order["id"])
    r = legacy.get(f"/v1/order/{oid}/fs/{FS_ID}/webhook", params={"type": "order_notification"})
    assert r.status_code == 200, r.text
    assert r.json()["data"] == delivered.body
    control(m.http_client(), f"/orders/{order['id']}/advance", {"to": "IN_TRANSIT"})
    now = legacy.get(f"/v1/order/{oid}/fs/{FS_ID}/webhook", params={"type": "order_status"}).json()["data"]
    assert now["order_status"] == 500 and now["order_id"] == oid


@pytest.mark.parametrize(
    ("path", "query", "status", "code"),
    [
        ("/v1/order/{oid}/fs/{fs}/webhook", {}, 400, "WHK_DLV_004"),
        ("/v1/order/{oid}/fs/{fs}/webhook", {"type": "product_changes"}, 400, "WHK_DLV_004"),
        ("/v1/order/abc/fs/{fs}/webhook", {"type": "order_status"}, 400, "WHK_DLV_004"),
        ("/v1/order/199999999/fs/{fs}/webhook", {"type": "order_status"}, 500, "ORD_API_008"),
    ],
)
def test_payload_endpoint_errors(
    tokopedia_mock: TokopediaMock, legacy: httpx.Client, path: str, query: dict[str, str], status: int, code: str
) -> None:
    order = tokopedia_order(tokopedia_mock)
    r = legacy.get(path.format(oid=legacy_id(tokopedia_mock, order["id"]), fs=FS_ID), params=query)
    assert r.status_code == status and r.json()["header"]["error_code"] == code, r.text


def test_the_manual_trigger(tokopedia_mock: TokopediaMock, hooks: WebhookInbox, legacy: httpx.Client) -> None:
    m = tokopedia_mock
    order = tokopedia_order(m)
    hooks.wait_for("order_notification")
    oid = legacy_id(m, order["id"])
    # To the registered URL (url empty), with the docs' "Type" spelling.
    r = legacy.post(f"/v1/fs/{FS_ID}/trigger", json={"Type": "order_status", "order_id": oid, "url": ""})
    assert r.status_code == 200 and r.json()["data"] == "success", r.text
    assert hooks.wait_for("order_status").body["order_status"] == 220
    # To another URL.
    elsewhere = hooks.url(legacy=True, event="order_notification").replace(hooks.name, hooks.name + "-manual")
    r = legacy.post(f"/v1/fs/{FS_ID}/trigger", json={"type": "order_notification", "order_id": oid, "url": elsewhere})
    assert r.json()["data"] == "success"
    manual = WebhookInbox(m, name=hooks.name + "-manual")
    assert manual.wait_for("order_notification").body == hooks.legacy("order_notification")[0].body


@pytest.mark.parametrize(
    ("body", "status", "code"),
    [
        ({"type": "chat", "order_id": "{oid}"}, 400, "WHK_DLV_004"),
        ({"type": "order_status", "order_id": "{oid}", "url": "ftp://nope"}, 400, "WHK_DLV_004"),
        ({"type": "order_status", "order_id": 0}, 400, "WHK_DLV_004"),
        ({"type": "order_status", "order_id": 199999999}, 500, "ORD_API_008"),
        ({"type": "order_status", "order_id": "12"}, 400, "WHK_DLV_003"),
    ],
)
def test_trigger_errors(
    tokopedia_mock: TokopediaMock, legacy: httpx.Client, body: dict[str, Any], status: int, code: str
) -> None:
    order = tokopedia_order(tokopedia_mock)
    if body.get("order_id") == "{oid}":
        body = {**body, "order_id": legacy_id(tokopedia_mock, order["id"])}
    r = legacy.post(f"/v1/fs/{FS_ID}/trigger", json=body)
    assert r.status_code == status and r.json()["header"]["error_code"] == code, r.text


def test_a_trigger_with_no_url_anywhere_is_refused(tokopedia_mock: TokopediaMock, legacy: httpx.Client) -> None:
    order = tokopedia_order(tokopedia_mock)
    body = {"type": "order_status", "order_id": legacy_id(tokopedia_mock, order["id"])}
    r = legacy.post(f"/v1/fs/{FS_ID}/trigger", json=body)
    assert (r.status_code, r.json()["header"]["error_code"]) == (400, "WHK_DLV_004")


def test_one_change_reaches_both_apis(tokopedia_mock: TokopediaMock) -> None:
    """A migrated-shop order paid through the control plane notifies the Partner subscriber and the legacy one."""
    hooks = tokopedia_mock.webhooks()
    order = tokopedia_order(tokopedia_mock)
    partner = hooks.wait_for("ORDER_STATUS_CHANGE", order_status="AWAITING_SHIPMENT")
    legacy_hook = hooks.wait_for("order_notification")
    assert partner.data["order_id"] == order["id"]
    assert legacy_hook.body["order_id"] == legacy_id(tokopedia_mock, order["id"])
