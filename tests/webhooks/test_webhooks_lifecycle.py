"""An order driven through its lifecycle reaches both APIs' subscribers, in order, signed and parseable by the real
`tiktok-shop-api` client (the issue's "done when", in-process and over a socket)."""

from __future__ import annotations

from tiktok_shop_api import Webhooks
from tiktok_shop_api.generated.models import (
    InventoryStatusChangeWebhook,
    OrderStatusChangeWebhook,
    PackageUpdateWebhook,
)

from mockserver.testkit.handle import TokopediaMock
from tests.webhooks.conftest import JNT, MARK_SHIPPED, control, lone_warehouse_sku, set_stock


def test_an_order_lifecycle_notifies_every_step(either_mock: TokopediaMock) -> None:
    m = either_mock
    hooks = m.webhooks()  # subscribes through the Event API, Partner Center and the legacy registration
    http, client = m.http_client(), m.client()
    product_id, sku_id, warehouse_id = lone_warehouse_sku(m)
    set_stock(m, product_id, sku_id, warehouse_id, 7)
    order = control(
        http,
        "/orders",
        {
            "shop": "migrated",
            "items": [{"sku_id": sku_id, "quantity": 2}],
            "shipping_type": "SELLER",
            "commerce_platform": "TOKOPEDIA",
        },
    )["order"]
    order_id = order["id"]
    control(http, f"/orders/{order_id}/pay")  # 7 -> 5 available: LOW_STOCK
    first, second = (li["id"] for li in order["line_items"])
    for n, line_item in enumerate((first, second)):  # two shipments: the first splits the package
        body = {"tracking_number": f"JP{n}123456789", "shipping_provider_id": JNT, "order_line_item_ids": [line_item]}
        assert client.post(MARK_SHIPPED.format(order_id), json=body).json()["code"] == 0
    control(http, f"/orders/{order_id}/advance", {"to": "COMPLETED"})

    hooks.wait_for("ORDER_STATUS_CHANGE", order_status="COMPLETED")
    steps = [w.data["order_status"] for w in hooks.partner("ORDER_STATUS_CHANGE") if w.data["order_id"] == order_id]
    assert steps == [
        "UNPAID",
        "AWAITING_SHIPMENT",
        "PARTIALLY_SHIPPING",
        "AWAITING_COLLECTION",
        "IN_TRANSIT",
        "DELIVERED",
        "COMPLETED",
    ]
    for w in hooks.partner():  # the real client's check and typed model, on the exact bytes received
        parsed = Webhooks.verify_and_parse(
            app_key=m.app_key, app_secret=m.app_secret, raw_body=w.raw_body, signature=w.header("authorization") or ""
        )
        assert type(parsed).__name__ == type(w.event).__name__ and parsed.to_dict() == w.body
        assert w.body["shop_id"] == m.shop().id
    assert all(isinstance(w.event, OrderStatusChangeWebhook) for w in hooks.partner("ORDER_STATUS_CHANGE"))

    split = hooks.wait_for("PACKAGE_UPDATE")
    assert isinstance(split.event, PackageUpdateWebhook)
    assert split.data["sc_type"] == "SPLIT" and len(split.data["package_list"]) == 2
    assert all(p["order_id_list"] == [order_id] for p in split.data["package_list"])

    low = hooks.wait_for("INVENTORY_STATUS_CHANGE", sku_id=sku_id)
    assert isinstance(low.event, InventoryStatusChangeWebhook)
    assert low.data["current_inventory_status"] == "LOW_STOCK"
    assert low.data["inventory_distribution"]["available_quantity"] == 5
    assert low.data["inventory_distribution"]["committed_quantity"] == 2

    # The legacy subscriber of the same shop: the new paid order, then each status code, signed (the inbox checks
    # Authorization-Hmac against the registered secret).
    hooks.wait_for("order_status", order_status=700)
    legacy_order = [w for w in hooks.legacy() if w.topic in ("order_notification", "order_status")]
    assert [w.topic for w in legacy_order][0] == "order_notification"
    assert legacy_order[0].body["order_status"] == 220 and legacy_order[0].body["products"][0]["quantity"] == 2
    assert [w.body["order_status"] for w in legacy_order[1:]] == [400, 450, 500, 600, 700]
    stock_rows = [row for w in hooks.legacy("product_changes") for row in w.body["product_changes_data"]]
    assert {"action": "stock_decrement", "value": "5", "previous_value": "7"}.items() <= stock_rows[-1].items()


def test_the_fixture_collects_on_the_live_server(tokopedia_mock_server: TokopediaMock, tokopedia_mock_webhooks) -> None:  # type: ignore[no-untyped-def]
    hooks = tokopedia_mock_webhooks
    assert hooks.url().startswith(tokopedia_mock_server.base_url)
    order = control(tokopedia_mock_server.http_client(), "/orders", {"shop": "migrated", "paid": True})["order"]
    hook = hooks.wait_for("ORDER_STATUS_CHANGE", order_id=order["id"], order_status="AWAITING_SHIPMENT")
    assert isinstance(hook.event, OrderStatusChangeWebhook) and hook.event.data.order_id == order["id"]


def test_the_fixture_collects_in_process(tokopedia_mock: TokopediaMock, tokopedia_mock_webhooks) -> None:  # type: ignore[no-untyped-def]
    hooks = tokopedia_mock_webhooks
    assert hooks.url().startswith("http://testserver/")
    order = control(tokopedia_mock.http_client(), "/orders", {"shop": "migrated"})["order"]
    hook = hooks.wait_for("ORDER_STATUS_CHANGE", order_id=order["id"])
    assert hook.data["order_status"] == "UNPAID" and hook.body["timestamp"] == order["create_time"]
