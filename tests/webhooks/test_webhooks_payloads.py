"""Each Partner notification comes from its domain change with the payload its doc page gives
(../shared/reference/tiktok-shop-docs/webhooks/*.md): the same fields, nesting and JSON types as the page's example,
parsed by the real client into its typed model."""

from __future__ import annotations

import json
import os
import re
from pathlib import Path
from typing import Any

import pytest
from tiktok_shop_api.generated import models

from mockserver.events import Event
from mockserver.partner.webhooks.notifications import CANCELLATION_STATUS_CHANGED, RETURN_STATUS_CHANGED, TYPES
from mockserver.testkit.handle import TokopediaMock
from mockserver.testkit.webhooks import Webhook, WebhookInbox
from tests.catalog.conftest import CREATE, create_body, upload
from tests.webhooks.conftest import JNT, MARK_SHIPPED, control, drained, lone_warehouse_sku, set_stock

DOCS = Path(__file__).resolve().parents[3] / "shared" / "reference" / "tiktok-shop-docs" / "webhooks"
#: Where the doc's example shows one of several documented variants, the variant the mock sends (doc table):
#: INVENTORY_STATUS_CHANGE is a REALTIME alert (low_stock_threshold, no lead_days); PRODUCT_AUDIT_STATUS_CHANGE
#: gives pre_approved_reasons only for PRE_APPROVED, which the mock never is; RECIPIENT_ADDRESS_UPDATE's example
#: predates `tts_notification_id`, which every other page has.
VARIANTS: dict[int, dict[str, Any]] = {
    27: {"data.trigger_reason": {"alert_type": "str", "low_stock_threshold": "int"}},
    37: {"data.audit": {"status": "str"}},
}
LATER_FIELDS = {"tts_notification_id"}


def need_docs() -> None:
    """The doc pages live outside the checkout (../shared): without them these comparisons cannot run — a failure
    in CI, a skip with the reason elsewhere (as tests/test_documented_surface.py does)."""
    if DOCS.is_dir():
        return
    if os.environ.get("CI"):
        pytest.fail(f"the official webhook pages are missing from {DOCS}")
    pytest.skip(f"the official webhook pages are not at {DOCS} (a checkout without ../shared)")


def doc_example(number: int) -> dict[str, Any]:
    """The page's example body; two pages miss commas at line ends, mended here."""
    need_docs()
    (page,) = DOCS.glob(f"{number}-*.md")
    block = re.search(r"```(?:json|JSON)\s*\n(.*?)```", page.read_text(encoding="utf-8"), re.S)
    assert block is not None, page
    text = re.sub(r'("|\d|true|false|\]|\})[ \t]*\n(\s*")', r"\1,\n\2", block.group(1))
    example: dict[str, Any] = json.loads(text)
    return example


def shape(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: shape(v) for k, v in value.items()}
    if isinstance(value, list):
        return [shape(value[0])] if value else []
    return {bool: "bool", int: "int", str: "str", float: "float"}.get(type(value), "null")


def expected_shape(number: int) -> Any:
    want = shape(doc_example(number))
    for where, variant in VARIANTS.get(number, {}).items():
        node = want
        *parents, last = where.split(".")
        for p in parents:
            node = node[p]
        node[last] = variant
    return want


def assert_as_documented(hook: Webhook) -> None:
    number = hook.body["type"]
    got, want = shape(hook.body), expected_shape(number)
    if got.get("data", {}).get("product_types") == []:  # an ordinary product has no special type
        got["data"]["product_types"] = want["data"]["product_types"]
    missing_later = {k: v for k, v in got.items() if k in LATER_FIELDS and k not in want}
    assert {k: v for k, v in got.items() if k not in missing_later} == want
    assert list(got) == [
        k for k in ("type", *LATER_FIELDS, "shop_id", "seller_open_id", "timestamp", "data") if k in got
    ]
    model = getattr(models, hook.event.__class__.__name__)
    assert isinstance(hook.event, model) and hook.event.type_ == number  # the real client's typed model


@pytest.fixture
def hooks(tokopedia_mock: TokopediaMock) -> WebhookInbox:
    return tokopedia_mock.webhooks()


def emit(m: TokopediaMock, type_: str, subject: str, **data: Any) -> Event:
    store = m.mock.store
    with store.lock:
        return store.events.emit(type_, m.clock.now_s(), m.shop().id, data.pop("kind"), subject, **data)


def paid_order(m: TokopediaMock, **body: Any) -> dict[str, Any]:
    order: dict[str, Any] = control(m.http_client(), "/orders", {"shop": "migrated", "paid": True, **body})["order"]
    return order


def test_order_status_change(tokopedia_mock: TokopediaMock, hooks: WebhookInbox) -> None:
    order = paid_order(tokopedia_mock)
    control(tokopedia_mock.http_client(), f"/orders/{order['id']}/cancel", {"by": "SELLER"})
    hook = hooks.wait_for("ORDER_STATUS_CHANGE", order_status="CANCEL")  # the doc's spelling of CANCELLED
    assert hook.data == {
        "order_id": order["id"],
        "order_status": "CANCEL",
        "is_on_hold_order": False,
        "update_time": hook.body["timestamp"],
    }
    assert_as_documented(hook)


def test_an_on_hold_order_says_so(tokopedia_mock: TokopediaMock, hooks: WebhookInbox) -> None:
    order = paid_order(tokopedia_mock, on_hold=True)
    hook = hooks.wait_for("ORDER_STATUS_CHANGE", order_status="ON_HOLD")
    assert hook.data["is_on_hold_order"] is True and hook.data["order_id"] == order["id"]


def test_recipient_address_update(tokopedia_mock: TokopediaMock, hooks: WebhookInbox) -> None:
    order = paid_order(tokopedia_mock)
    http = tokopedia_mock.http_client()
    changed = control(http, f"/orders/{order['id']}/change_address", {"address_detail": "Jl. Kenanga No. 7"})
    assert changed["recipient"]["address_detail"] == "Jl. Kenanga No. 7"
    hook = hooks.wait_for("RECIPIENT_ADDRESS_UPDATE")
    assert hook.data["order_id"] == order["id"]
    assert_as_documented(hook)
    detail = tokopedia_mock.client().get("/order/202309/orders", query={"ids": order["id"]}).json()
    assert detail["data"]["orders"][0]["recipient_address"]["address_detail"] == "Jl. Kenanga No. 7"
    bad = control(http, f"/orders/{order['id']}/change_address", {"planet": "Mars"}, status=400)
    assert bad["code"] == 36009004
    control(http, f"/orders/{order['id']}/advance", {"to": "AWAITING_COLLECTION"})
    late = control(http, f"/orders/{order['id']}/change_address", {"postal_code": "10110"}, status=409)
    assert late["code"] == 40901
    drained(tokopedia_mock)
    assert len(hooks.partner("RECIPIENT_ADDRESS_UPDATE")) == 1


def test_package_update(tokopedia_mock: TokopediaMock, hooks: WebhookInbox) -> None:
    m = tokopedia_mock
    product_id, sku_id, warehouse_id = lone_warehouse_sku(m)
    set_stock(m, product_id, sku_id, warehouse_id, 50)
    order = paid_order(m, items=[{"sku_id": sku_id, "quantity": 2}], shipping_type="SELLER")
    body = {
        "tracking_number": "JP5551234567",
        "shipping_provider_id": JNT,
        "order_line_item_ids": [order["line_items"][0]["id"]],
    }
    assert m.client().post(MARK_SHIPPED.format(order["id"]), json=body).json()["code"] == 0
    hook = hooks.wait_for("PACKAGE_UPDATE")
    assert hook.data["sc_type"] == "SPLIT" and hook.data["role_type"] == "ROLE_SELLER"
    assert_as_documented(hook)


def new_product(m: TokopediaMock) -> str:
    """A new live product of the migrated shop, on TikTok Shop and Tokopedia (a category without required rules)."""
    client = m.client()
    body = create_body(m.mock, upload(client), listing_platforms=["TIKTOK_SHOP", "TOKOPEDIA"])
    r = client.post(CREATE, json=body)
    assert r.json()["code"] == 0, r.text
    product_id: str = r.json()["data"]["product_id"]
    return product_id


def test_product_status_and_audit_changes(tokopedia_mock: TokopediaMock, hooks: WebhookInbox) -> None:
    m = tokopedia_mock
    product_id = new_product(m)
    http = m.http_client()
    control(http, f"/products/{product_id}/verdict", {"verdict": "fail_audit", "reason": "Prohibited item"})
    failure = hooks.wait_for("PRODUCT_STATUS_CHANGE", status="PRODUCT_AUDIT_FAILURE")
    assert failure.data["product_id"] == int(product_id) and failure.data["suspended_reason"] == "Prohibited item"
    assert_as_documented(failure)
    audit = hooks.wait_for("PRODUCT_AUDIT_STATUS_CHANGE", audit={"status": "FAILED"})
    assert audit.data["integrated_platform_statuses"] == {"platform": "TOKOPEDIA", "status": "APPROVED"}
    assert_as_documented(audit)
    # The seller fixes the listing: it passes review again.
    edit = m.client().post(
        f"/product/202309/products/{product_id}/partial_edit", json={"title": "Produk Diperbaiki " * 3}
    )
    assert edit.json()["code"] == 0, edit.text
    passed = hooks.wait_for("PRODUCT_STATUS_CHANGE", status="PRODUCT_FIRST_PASS_REVIEW")
    assert passed.data["product_id"] == int(product_id)
    drained(m)
    approved = hooks.partner("PRODUCT_AUDIT_STATUS_CHANGE")[-1]
    assert approved.data["audit"] == {"status": "APPROVED"}
    control(http, f"/products/{product_id}/verdict", {"verdict": "freeze", "reason": "Counterfeit"})
    frozen = hooks.wait_for("PRODUCT_STATUS_CHANGE", status="PRODUCT_STATUS_CHANGED")
    assert frozen.data["suspended_reason"] == "Counterfeit"
    refused = control(http, f"/products/{product_id}/verdict", {"verdict": "freeze"}, status=409)
    assert refused["code"] == 40901
    assert control(http, "/products/1/verdict", {"verdict": "freeze"}, status=404)["code"] == 40401
    assert control(http, f"/products/{product_id}/verdict", {"verdict": "ban"}, status=400)["code"] == 36009004


def test_product_information_change(tokopedia_mock: TokopediaMock, hooks: WebhookInbox) -> None:
    m = tokopedia_mock
    product_id = new_product(m)
    title = "Judul Produk Yang Baru Sekali"
    r = m.client().post(f"/product/202309/products/{product_id}/partial_edit", json={"title": title})
    assert r.json()["code"] == 0, r.text
    hook = hooks.wait_for("PRODUCT_INFORMATION_CHANGE")
    assert hook.data["changed_fields"] == ["title"] and hook.data["product_id"] == product_id
    assert hook.data["change_source"] == "OPEN_API"
    assert_as_documented(hook)


def test_product_creation(tokopedia_mock: TokopediaMock, hooks: WebhookInbox) -> None:
    m = tokopedia_mock
    client = m.client()
    r = client.post(CREATE, json=create_body(m.mock, upload(client)))
    assert r.json()["code"] == 0, r.text
    product_id = r.json()["data"]["product_id"]
    hook = hooks.wait_for("PRODUCT_CREATION")
    assert hook.data == {"product_id": int(product_id), "product_types": [], "update_time": hook.body["timestamp"]}
    assert_as_documented(hook)
    assert hooks.wait_for("PRODUCT_STATUS_CHANGE").data["status"] == "PRODUCT_FIRST_PASS_REVIEW"


def test_inventory_status_change(tokopedia_mock: TokopediaMock, hooks: WebhookInbox) -> None:
    m = tokopedia_mock
    product_id, sku_id, warehouse_id = lone_warehouse_sku(m)
    set_stock(m, product_id, sku_id, warehouse_id, 20)
    set_stock(m, product_id, sku_id, warehouse_id, 9)  # still sufficient: no alert
    set_stock(m, product_id, sku_id, warehouse_id, 3)
    low = hooks.wait_for("INVENTORY_STATUS_CHANGE")
    assert low.data["current_inventory_status"] == "LOW_STOCK"
    assert low.data["trigger_reason"] == {"alert_type": "REALTIME", "low_stock_threshold": 5}
    assert_as_documented(low)
    order = paid_order(m, items=[{"sku_id": sku_id, "quantity": 3}])
    out = hooks.wait_for("INVENTORY_STATUS_CHANGE", count=2)
    assert out.data["current_inventory_status"] == "OUT_OF_STOCK" and order["status"] == "AWAITING_SHIPMENT"
    assert out.data["inventory_distribution"] == {
        "total_quantity": 3,
        "available_quantity": 0,
        "creator_reserved_quantity": 0,
        "campaign_reserved_quantity": 0,
        "committed_quantity": 3,
    }
    drained(m)
    assert len(hooks.partner("INVENTORY_STATUS_CHANGE")) == 2


def test_seller_deauthorization(tokopedia_mock: TokopediaMock, hooks: WebhookInbox) -> None:
    m = tokopedia_mock
    client = m.client()
    done = control(m.http_client(), "/authorizations/revoke", {"shop": "migrated"})
    assert done["shops_still_authorized"] == []
    hook = hooks.wait_for("SELLER_DEAUTHORIZATION")
    assert hook.data == {"message": f"Shop_id {m.shop().id} is deauthorized from your APP by merchant."}
    assert_as_documented(hook)
    # The seller's token stops working, with the gateway's documented error.
    r = client.get("/authorization/202309/shops", shop_cipher=None)
    assert (r.status_code, r.json()["code"]) == (401, 36009004)
    assert r.json()["message"] == "Invalid credentials. The 'x-tts-access-token' header is invalid."
    # Nothing more reaches the app for that shop.
    paid_order(m)
    again = control(m.http_client(), "/authorizations/revoke", {"shop": "migrated"}, status=409)
    assert again["code"] == 40901
    drained(m)
    assert [w.topic for w in hooks.partner()] == ["SELLER_DEAUTHORIZATION"]


def test_tokopedia_mirror_status_change(tokopedia_mock: TokopediaMock, hooks: WebhookInbox) -> None:
    m = tokopedia_mock
    assert (
        control(m.http_client(), "/shops/mirror", {"shop": "migrated", "status": "MIRRORED"})["mirror_status"]
        == "MIRRORED"
    )
    hook = hooks.wait_for("TOKOPEDIA_MIRROR_STATUS_CHANGE")
    seller = m.mock.store.sellers[m.shop().seller_id]
    assert hook.body["seller_open_id"] == seller.open_id and "shop_id" not in hook.body
    assert hook.data["tts_shop_id"] == m.shop().id and hook.data["mirror_status"] == "MIRRORED"
    assert_as_documented(hook)
    refused = control(m.http_client(), "/shops/mirror", {"shop": "second", "status": "MIRRORED"}, status=409)
    assert refused["code"] == 40901  # a TikTok-only shop has nothing to mirror
    assert (
        control(m.http_client(), "/shops/mirror", {"shop": "migrated", "status": "DONE"}, status=400)["code"]
        == 36009004
    )


#: Issue 12's events (data {order_id, cancel_id|return_id, status, role, type, create_time, update_time}), emitted
#: into the log as the cancellations and returns area will, and the notification each becomes.
REVERSE_CASES = {
    "CANCELLATION_STATUS_CHANGE": (
        CANCELLATION_STATUS_CHANGED,
        "cancellation",
        {"cancel_id": "4035318504086604100", "status": "CANCELLATION_REQUEST_PENDING", "type": "BUYER_CANCEL"},
        {"cancellations_role": "BUYER", "cancel_status": "CANCELLATION_REQUEST_PENDING",
         "cancel_id": "4035318504086604100", "create_time": 1627587600},
    ),
    "RETURN_STATUS_CHANGE": (
        RETURN_STATUS_CHANGED,
        "return",
        {"return_id": "4035318504086604111", "status": "RETURN_OR_REFUND_REQUEST_PENDING", "type": "REFUND"},
        {"return_role": "BUYER", "return_type": "REFUND", "return_status": "RETURN_OR_REFUND_REQUEST_PENDING",
         "return_id": "4035318504086604111", "create_time": 1627587600, "update_time": 1627587700},
    ),
}  # fmt: skip


@pytest.mark.parametrize("topic", list(REVERSE_CASES))
def test_cancellation_and_return_status_changes(tokopedia_mock: TokopediaMock, hooks: WebhookInbox, topic: str) -> None:
    m = tokopedia_mock
    order = paid_order(m)
    event_type, kind, own, expected = REVERSE_CASES[topic]
    data = {"order_id": order["id"], "role": "BUYER", "create_time": 1627587600, "update_time": 1627587700, **own}
    subject = str(own.get("cancel_id") or own.get("return_id"))
    emit(m, event_type, subject, kind=kind, **data)
    hook = hooks.wait_for(topic)
    assert hook.data == {"order_id": order["id"], **expected}
    assert_as_documented(hook)


def test_a_closed_cancellation_is_spelt_as_the_webhook_page_does(
    tokopedia_mock: TokopediaMock, hooks: WebhookInbox
) -> None:
    order = paid_order(tokopedia_mock)
    data = {"order_id": order["id"], "cancel_id": "77", "status": "CANCELLATION_REQUEST_CANCEL", "role": "SYSTEM"}
    emit(tokopedia_mock, CANCELLATION_STATUS_CHANGED, "77", kind="cancellation", type="BUYER_CANCEL", **data)
    hook = hooks.wait_for("CANCELLATION_STATUS_CHANGE")
    assert hook.data["cancel_status"] == "CANCELLATION_REQUEST_CANCELLED"  # the Cancellation API says ..._CANCEL
    assert hook.data["cancellations_role"] == "SYSTEM"


def test_every_mapped_type_has_its_page_and_a_client_model() -> None:
    known = {w["type"] for w in __import__("tiktok_shop_api.generated._meta", fromlist=["WEBHOOKS"]).WEBHOOKS}
    for name, number in TYPES.items():
        assert number in known, name
        assert doc_example(number)["type"] == number
