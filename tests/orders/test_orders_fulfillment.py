"""Fulfillment: packages, shipping both ways, labels, tracking and delivery, with the documented errors."""

from __future__ import annotations

from typing import Any

from mockserver.clock import FrozenClock
from mockserver.runtime import Mock
from mockserver.testing import PartnerClient
from tests.orders.conftest import JNE, JNT, PKG, Control, detail, fails, ok, package_id, slot, stocked_sku

MARK = "/fulfillment/202309/orders/{}/packages"


def ship(client: PartnerClient, package: str, body: dict[str, Any] | None = None) -> Any:
    return client.post(f"{PKG}/{package}/ship", json=body if body is not None else {"handover_method": "DROP_OFF"})


def shipped_tiktok(client: PartnerClient, control: Control) -> tuple[dict[str, Any], str]:
    order = control.paid()
    ok(ship(client, package_id(order)))
    return order, package_id(order)


def shipped_seller(
    client: PartnerClient, control: Control, tracking: str = "JP1234567890"
) -> tuple[dict[str, Any], str]:
    order = control.paid(shipping_type="SELLER")
    ok(client.post(MARK.format(order["id"]), json={"tracking_number": tracking, "shipping_provider_id": JNT}))
    return order, detail(client, order["id"])["packages"][0]["id"]


# --- handover and Ship Package (platform logistics) ----------------------------------------------------------------
def test_handover_slots_are_future_windows(client: PartnerClient, control: Control, clock: FrozenClock) -> None:
    data = ok(client.get(f"{PKG}/{package_id(control.paid())}/handover_time_slots"))
    assert data["can_pickup"] and data["can_drop_off"] and len(data["pickup_slots"]) == 6
    assert all(s["start_time"] > clock.now() and s["avaliable"] for s in data["pickup_slots"])


def test_ship_with_a_pickup_slot(client: PartnerClient, control: Control) -> None:
    package = package_id(control.paid())
    when = slot(client, package)
    ok(ship(client, package, {"handover_method": "PICKUP", "pickup_slot": when}))
    got = ok(client.get(f"{PKG}/{package}"))
    assert (got["package_status"], got["handover_method"], got["pickup_slot"]) == ("PROCESSING", "PICKUP", when)
    assert (
        got["tracking_number"]
        == ok(client.get(f"{PKG}/{package}/shipping_documents", query={"document_type": "SHIPPING_LABEL"}))[
            "tracking_number"
        ]
    )


def test_shipping_moves_the_order_to_awaiting_collection(client: PartnerClient, control: Control) -> None:
    order, _ = shipped_tiktok(client, control)
    got = detail(client, order["id"])
    assert got["status"] == "AWAITING_COLLECTION" and got["tracking_number"] and got["rts_time"]
    assert {li["package_status"] for li in got["line_items"]} == {"PROCESSING"}


def test_reshipping_answers_11006021(client: PartnerClient, control: Control) -> None:
    _, package = shipped_tiktok(client, control)
    fails(ship(client, package), 11006021)


def test_a_slot_the_carrier_does_not_offer(client: PartnerClient, control: Control) -> None:
    package = package_id(control.paid())
    when = slot(client, package)
    body = {
        "handover_method": "PICKUP",
        "pickup_slot": {"start_time": when["start_time"] + 60, "end_time": when["end_time"]},
    }
    fails(ship(client, package, body), 21011053)
    assert ok(client.get(f"{PKG}/{package}"))["package_status"] == "TO_FULFILL"


def test_shipping_another_shops_package(other_shop_client: PartnerClient, control: Control) -> None:
    fails(ship(other_shop_client, package_id(control.paid())), 21011028)


def test_self_shipment_on_a_platform_logistics_package(client: PartnerClient, control: Control) -> None:
    body = {"self_shipment": {"tracking_number": "JP1234567890", "shipping_provider_id": JNT}}
    fails(ship(client, package_id(control.paid()), body), 11001002)


def test_an_unknown_handover_method_is_a_parameter_error(client: PartnerClient, control: Control) -> None:
    fails(ship(client, package_id(control.paid()), {"handover_method": "TELEPORT"}), 36009004, 400)


def test_shipping_a_cancelled_order(client: PartnerClient, control: Control) -> None:
    order = control.paid()
    control.call(f"/orders/{order['id']}/cancel", {"by": "SELLER"})
    fails(ship(client, package_id(order)), 21011041)


# --- seller shipping -----------------------------------------------------------------------------------------------
def test_ship_package_with_self_shipment(client: PartnerClient, control: Control) -> None:
    package = package_id(control.paid(shipping_type="SELLER"))
    ok(ship(client, package, {"self_shipment": {"tracking_number": "JNE-000123456", "shipping_provider_id": JNE}}))
    got = ok(client.get(f"{PKG}/{package}"))
    assert (got["tracking_number"], got["shipping_provider_name"]) == ("JNE-000123456", "JNE")


def test_seller_shipping_needs_a_tracking_number(client: PartnerClient, control: Control) -> None:
    fails(ship(client, package_id(control.paid(shipping_type="SELLER"))), 11001002)


def test_a_tracking_number_with_spaces_is_refused(client: PartnerClient, control: Control) -> None:
    package = package_id(control.paid(shipping_type="SELLER"))
    fails(
        ship(client, package, {"self_shipment": {"tracking_number": "JP 123", "shipping_provider_id": JNT}}), 11028006
    )


def test_an_unknown_provider_is_refused(client: PartnerClient, control: Control) -> None:
    package = package_id(control.paid(shipping_type="SELLER"))
    body = {"self_shipment": {"tracking_number": "JP1234567890", "shipping_provider_id": "123"}}
    fails(ship(client, package, body), 21011022)


def test_mark_package_as_shipped(client: PartnerClient, control: Control) -> None:
    order, package = shipped_seller(client, control)
    got = detail(client, order["id"])
    assert got["status"] == "AWAITING_COLLECTION" and got["shipping_provider"] == "J&T Express"
    assert {li["tracking_number"] for li in got["line_items"]} == {"JP1234567890"} and package


def test_mark_some_line_items_as_shipped(client: PartnerClient, control: Control, mock: Mock) -> None:
    order = control.paid(shipping_type="SELLER", items=[{"sku_id": stocked_sku(mock), "quantity": 2}])
    first = order["line_items"][0]["id"]
    body = {"tracking_number": "JP1111111111", "shipping_provider_id": JNT, "order_line_item_ids": [first]}
    data = ok(client.post(MARK.format(order["id"]), json=body))
    assert data["order_line_item_ids"] == [first] and data["order_id"] == order["id"]
    assert detail(client, order["id"])["status"] == "PARTIALLY_SHIPPING"


def test_mark_as_shipped_on_a_platform_logistics_order(client: PartnerClient, control: Control) -> None:
    order = control.paid()
    body = {"tracking_number": "JP1234567890", "shipping_provider_id": JNT}
    fails(client.post(MARK.format(order["id"]), json=body), 21011004)


def test_mark_as_shipped_twice(client: PartnerClient, control: Control) -> None:
    order, _ = shipped_seller(client, control)
    body = {"tracking_number": "JP9999999999", "shipping_provider_id": JNT}
    fails(client.post(MARK.format(order["id"]), json=body), 21011020)


def test_mark_as_shipped_with_special_characters(client: PartnerClient, control: Control) -> None:
    order = control.paid(shipping_type="SELLER")
    body = {"tracking_number": "JP#12345678", "shipping_provider_id": JNT}
    fails(client.post(MARK.format(order["id"]), json=body), 21004012)


def test_a_tracking_number_used_by_another_package(client: PartnerClient, control: Control) -> None:
    shipped_seller(client, control, tracking="JPDUPLICATE01")
    order = control.paid(shipping_type="SELLER")
    body = {"tracking_number": "JPDUPLICATE01", "shipping_provider_id": JNT}
    fails(client.post(MARK.format(order["id"]), json=body), 21011025)


def test_mark_as_shipped_needs_a_tracking_number(client: PartnerClient, control: Control) -> None:
    order = control.paid(shipping_type="SELLER")
    fails(client.post(MARK.format(order["id"]), json={"shipping_provider_id": JNT}), 36009004, 400)


# --- shipping info updates -------------------------------------------------------------------------------------------
def test_update_package_shipping_info(client: PartnerClient, control: Control) -> None:
    _, package = shipped_seller(client, control)
    body = {"tracking_number": "CGK0000000001", "shipping_provider_id": JNE}
    ok(client.post(f"{PKG}/{package}/shipping_info/update", json=body))
    got = ok(client.get(f"{PKG}/{package}"))
    assert (got["tracking_number"], got["shipping_provider_name"]) == ("CGK0000000001", "JNE")


def test_update_order_shipping_info(client: PartnerClient, control: Control) -> None:
    order, _ = shipped_seller(client, control)
    body = {"tracking_number": "CGK0000000002", "shipping_provider_id": JNE}
    ok(client.post(f"/fulfillment/202309/orders/{order['id']}/shipping_info/update", json=body))
    assert detail(client, order["id"])["tracking_number"] == "CGK0000000002"


def test_update_shipping_info_before_shipping(client: PartnerClient, control: Control) -> None:
    package = package_id(control.paid(shipping_type="SELLER"))
    body = {"tracking_number": "CGK0000000003", "shipping_provider_id": JNE}
    fails(client.post(f"{PKG}/{package}/shipping_info/update", json=body), 21011043)


def test_update_shipping_info_of_platform_logistics(client: PartnerClient, control: Control) -> None:
    _, package = shipped_tiktok(client, control)
    body = {"tracking_number": "CGK0000000004", "shipping_provider_id": JNE}
    fails(client.post(f"{PKG}/{package}/shipping_info/update", json=body), 21011004)


def test_update_shipping_info_after_delivery(client: PartnerClient, control: Control) -> None:
    _, package = shipped_seller(client, control)
    control.call(f"/packages/{package}/deliver")
    body = {"tracking_number": "CGK0000000005", "shipping_provider_id": JNE}
    fails(client.post(f"{PKG}/{package}/shipping_info/update", json=body), 21011030)


# --- documents --------------------------------------------------------------------------------------------------------
def document(client: PartnerClient, package: str, **query: Any) -> Any:
    return client.get(f"{PKG}/{package}/shipping_documents", query={"document_type": "SHIPPING_LABEL", **query})


def test_the_label_is_a_pdf_with_the_tracking_number(client: PartnerClient, control: Control) -> None:
    _, package = shipped_tiktok(client, control)
    data = ok(document(client, package, document_size="A5"))
    r = client.http.get(data["doc_url"])
    assert r.status_code == 200 and r.headers["content-type"] == "application/pdf"
    assert r.content.startswith(b"%PDF-1.4") and r.content.rstrip().endswith(b"%%EOF")
    assert data["tracking_number"].encode() in r.content


def test_the_label_picture_is_a_png(client: PartnerClient, control: Control) -> None:
    _, package = shipped_tiktok(client, control)
    r = client.http.get(ok(document(client, package, document_type="SHIPPING_LABEL_PICTURE"))["doc_url"])
    assert r.headers["content-type"] == "image/png" and r.content.startswith(b"\x89PNG\r\n\x1a\n")


def test_a_document_url_expires_after_24_hours(client: PartnerClient, control: Control, clock: FrozenClock) -> None:
    _, package = shipped_tiktok(client, control)
    url = ok(document(client, package))["doc_url"]
    clock.advance(24 * 3600)
    assert client.http.get(url).status_code == 404


def test_no_label_before_shipping(client: PartnerClient, control: Control) -> None:
    fails(document(client, package_id(control.paid())), 21023035)


def test_no_label_for_seller_shipping(client: PartnerClient, control: Control) -> None:
    _, package = shipped_seller(client, control)
    fails(document(client, package), 21008017)


def test_no_label_after_pickup(client: PartnerClient, control: Control) -> None:
    _, package = shipped_tiktok(client, control)
    control.call(f"/packages/{package}/collect")
    fails(document(client, package), 21042102)


def test_an_unknown_document_type(client: PartnerClient, control: Control) -> None:
    _, package = shipped_tiktok(client, control)
    fails(document(client, package, document_type="POSTCARD"), 36009004, 400)


# --- tracking and delivery --------------------------------------------------------------------------------------------
def test_tracking_follows_the_courier(client: PartnerClient, control: Control, clock: FrozenClock) -> None:
    order, package = shipped_tiktok(client, control)
    for step in ("collect", "in_transit", "deliver"):
        clock.advance(3600)
        control.call(f"/packages/{package}/{step}")
    events = ok(client.get(f"/fulfillment/202309/orders/{order['id']}/tracking"))["tracking"]
    assert events[0]["description"] == "Your package was delivered!"
    assert events[0]["update_time_millis"] == int(clock.now()) * 1000
    assert [e["update_time_millis"] for e in events] == sorted((e["update_time_millis"] for e in events), reverse=True)
    assert detail(client, order["id"])["status"] == "DELIVERED"


def test_tracking_of_another_shops_order(other_shop_client: PartnerClient, control: Control) -> None:
    fails(other_shop_client.get(f"/fulfillment/202309/orders/{control.paid()['id']}/tracking"), 10006402)


def test_seller_reports_delivery(client: PartnerClient, control: Control) -> None:
    order, package = shipped_seller(client, control)
    data = ok(client.post(f"{PKG}/deliver", json={"packages": [{"id": package, "delivery_type": "DELIVERY_SUCCESS"}]}))
    assert data["errors"] == [] and detail(client, order["id"])["status"] == "DELIVERED"


def test_delivery_reports_fail_per_package(client: PartnerClient, control: Control) -> None:
    _, tiktok = shipped_tiktok(client, control)
    items = [
        {"id": tiktok, "delivery_type": "DELIVERY_SUCCESS"},
        {"id": "1150000000000000001", "delivery_type": "DELIVERY_SUCCESS"},
    ]
    errors = ok(client.post(f"{PKG}/deliver", json={"packages": items}))["errors"]
    assert [(e["code"], e["detail"]["package_id"]) for e in errors] == [(21011004, tiktok), (21011028, items[1]["id"])]


def test_a_failed_delivery_needs_a_reason(client: PartnerClient, control: Control) -> None:
    _, package = shipped_seller(client, control)
    errors = ok(client.post(f"{PKG}/deliver", json={"packages": [{"id": package, "delivery_type": "DELIVERY_FAILED"}]}))
    assert [e["code"] for e in errors["errors"]] == [21001001]


# --- batch and search -------------------------------------------------------------------------------------------------
def test_batch_ship_reports_failures_per_package(client: PartnerClient, control: Control) -> None:
    _, done = shipped_tiktok(client, control)
    fresh = package_id(control.paid())
    data = ok(
        client.post(f"{PKG}/ship", json={"packages": [{"id": fresh, "handover_method": "DROP_OFF"}, {"id": done}]})
    )
    assert [(e["code"], e["detail"]["package_id"]) for e in data["errors"]] == [(21011040, done)]
    assert ok(client.get(f"{PKG}/{fresh}"))["package_status"] == "PROCESSING"


def test_search_packages_by_status(client: PartnerClient, control: Control) -> None:
    _, package = shipped_tiktok(client, control)
    data = ok(client.post(f"{PKG}/search", query={"page_size": 50}, json={"package_status": "PROCESSING"}))
    assert package in {p["id"] for p in data["packages"]} and {p["status"] for p in data["packages"]} == {"PROCESSING"}
    assert data["total_count"] == len(data["packages"])


def test_search_packages_pages(client: PartnerClient) -> None:
    seen, token = [], ""
    while True:
        query = {"page_size": 10, **({"page_token": token} if token else {})}
        data = ok(client.post(f"{PKG}/search", query=query, json={}))
        seen += [p["id"] for p in data["packages"]]
        token = data["next_page_token"]
        if not token:
            break
    assert len(seen) == len(set(seen)) == data["total_count"]


def test_search_packages_without_a_cipher(client: PartnerClient) -> None:
    data = ok(client.post(f"{PKG}/search", query={"page_size": 5}, json={}, shop_cipher=None))
    assert data["total_count"] > 0


def test_package_detail_of_another_shop(other_shop_client: PartnerClient, control: Control) -> None:
    fails(other_shop_client.get(f"{PKG}/{package_id(control.paid())}"), 10006402)


def test_package_page_size_is_at_most_50(client: PartnerClient) -> None:
    fails(client.post(f"{PKG}/search", query={"page_size": 51}, json={}), 36009004, 400)
