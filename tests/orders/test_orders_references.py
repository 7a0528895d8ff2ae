"""External order references: an OMS's own order ids attached to TikTok Shop orders, read back, searched."""

from __future__ import annotations

from typing import Any

from mockserver.testing import PartnerClient
from tests.orders.conftest import Control, fails, ok

REFS = "/order/202406/orders"


def attach(client: PartnerClient, order: dict[str, Any], oms_id: str, platform: str = "SHOPIFY") -> dict[str, Any]:
    line = order["line_items"][0]["id"]
    entry = {"id": order["id"], "external_order": {"id": oms_id, "platform": platform,
                                                   "line_items": [{"id": "L-1", "origin_id": line}]}}  # fmt: skip
    return dict(ok(client.post(f"{REFS}/external_orders", json={"orders": [entry]})))


def test_attach_get_and_search(client: PartnerClient, control: Control) -> None:
    order = control.place()
    assert attach(client, order, "SH-1001") == {"errors": []}
    got = ok(client.get(f"{REFS}/{order['id']}/external_orders", query={"platform": "SHOPIFY"}))
    line = order["line_items"][0]["id"]
    expected = {"id": "SH-1001", "platform": "SHOPIFY", "line_items": [{"id": "L-1", "origin_id": line}]}
    assert got["external_orders"] == [expected]
    found = ok(
        client.post(f"{REFS}/external_order_search", query={"platform": "SHOPIFY", "external_order_id": "SH-1001"})
    )
    assert [o["id"] for o in found["orders"]] == [order["id"]]


def test_the_same_platform_replaces_the_reference(client: PartnerClient, control: Control) -> None:
    order = control.place()
    attach(client, order, "SH-1")
    attach(client, order, "SH-2")
    attach(client, order, "ERP-9", platform="ERP_SYSTEM")
    assert (
        ok(client.post(f"{REFS}/external_order_search", query={"platform": "SHOPIFY", "external_order_id": "SH-1"}))[
            "orders"
        ]
        == []
    )
    shopify = ok(client.get(f"{REFS}/{order['id']}/external_orders", query={"platform": "SHOPIFY"}))
    assert [r["id"] for r in shopify["external_orders"]] == ["SH-2"]
    erp = ok(client.get(f"{REFS}/{order['id']}/external_orders", query={"platform": "ERP_SYSTEM"}))
    assert [r["id"] for r in erp["external_orders"]] == ["ERP-9"]


def test_refused_entries_are_listed_and_others_attached(client: PartnerClient, control: Control) -> None:
    order = control.place()
    good = {"id": order["id"], "external_order": {"id": "OK-1", "platform": "AMAZON", "line_items": []}}
    unknown = {"id": "570000000000000001", "external_order": {"id": "X", "platform": "AMAZON", "line_items": []}}
    stray = {"id": order["id"], "external_order": {"id": "Y", "platform": "MAGENTO",
                                                   "line_items": [{"id": "1", "origin_id": "999"}]}}  # fmt: skip
    data = ok(client.post(f"{REFS}/external_orders", json={"orders": [good, unknown, stray]}))
    assert [(e["code"], e["detail"]["order_id"]) for e in data["errors"]] == [
        ("36020001", unknown["id"]),
        ("36020001", order["id"]),
    ]
    assert ok(client.get(f"{REFS}/{order['id']}/external_orders", query={"platform": "AMAZON"}))["external_orders"]
    assert not ok(client.get(f"{REFS}/{order['id']}/external_orders", query={"platform": "MAGENTO"}))["external_orders"]


def test_another_shops_order(client: PartnerClient, other_shop_client: PartnerClient, control: Control) -> None:
    order = control.place()
    attach(client, order, "SH-7")
    fails(other_shop_client.get(f"{REFS}/{order['id']}/external_orders", query={"platform": "SHOPIFY"}), 21008111)
    search = {"platform": "SHOPIFY", "external_order_id": "SH-7"}
    assert ok(other_shop_client.post(f"{REFS}/external_order_search", query=search))["orders"] == []


def test_an_unknown_platform_is_a_parameter_error(client: PartnerClient, control: Control) -> None:
    order = control.place()
    r = client.get(f"{REFS}/{order['id']}/external_orders", query={"platform": "EBAY"})
    assert (r.status_code, r.json()["code"]) == (400, 36009004)
