"""Multi-package fulfillment (ORD-SPLIT-API, the combine/split use cases): split and combine through the Partner
API, with line items, packages, order status and the PACKAGE_UPDATE facts of the event log kept consistent."""

from __future__ import annotations

from typing import Any

from mockserver.catalog.images import placeholder_png
from mockserver.runtime import Mock
from mockserver.testing import PartnerClient
from tests.orders.conftest import JNE, PKG, Control, detail, fails, ok, stocked_sku
from tests.orders.helpers import signed_upload

F = "/fulfillment/202309"


def three_units(control: Control, mock: Mock, **body: Any) -> tuple[dict[str, Any], list[str]]:
    order = control.paid(items=[{"sku_id": stocked_sku(mock), "quantity": 3}], **body)
    return order, [li["id"] for li in order["line_items"]]


def lines(client: PartnerClient, order_id: str) -> list[tuple[str, str, str]]:
    return [(li["id"], li["package_id"], li["package_status"]) for li in detail(client, order_id)["line_items"]]


def package_events(mock: Mock, sc_type: str) -> list[dict[str, Any]]:
    return [e.data for e in mock.store.events if e.type == "package.updated" and e.data.get("sc_type") == sc_type]


# --- split ----------------------------------------------------------------------------------------------------------
def test_split_puts_each_group_in_a_package_of_its_own(client: PartnerClient, control: Control, mock: Mock) -> None:
    order, ids = three_units(control, mock)
    groups = [{"id": "a", "order_line_item_ids": ids[:1]}, {"id": "b", "order_line_item_ids": ids[1:2]}]
    packages = ok(client.post(f"{F}/orders/{order['id']}/split", json={"splittable_groups": groups}))["packages"]
    assert [p["splittable_group_id"] for p in packages] == ["a", "b"]
    by_line = {li: pkg for li, pkg, _ in lines(client, order["id"])}
    assert by_line[ids[0]] == packages[0]["id"] and by_line[ids[1]] == packages[1]["id"]
    assert len(set(by_line.values())) == 3  # the unnamed item stays in the original package
    assert detail(client, order["id"])["split_or_combine_tag"] == "SPLIT"


def test_split_emits_one_package_update_with_the_webhook_facts(
    client: PartnerClient, control: Control, mock: Mock
) -> None:
    order, ids = three_units(control, mock)
    groups = [{"id": "a", "order_line_item_ids": ids[:2]}]
    ok(client.post(f"{F}/orders/{order['id']}/split", json={"splittable_groups": groups}))
    (event,) = package_events(mock, "SPLIT")
    assert event["role_type"] == "ROLE_SELLER" and event["order_ids"] == [order["id"]]
    assert len(event["package_ids"]) == 2
    assert event["package_list"] == [{"package_id": p, "order_id_list": [order["id"]]} for p in event["package_ids"]]


def test_shipping_one_split_package_makes_the_order_partially_shipping(
    client: PartnerClient, control: Control, mock: Mock
) -> None:
    order, ids = three_units(control, mock)
    groups = [{"id": "a", "order_line_item_ids": ids[:1]}]
    (first,) = ok(client.post(f"{F}/orders/{order['id']}/split", json={"splittable_groups": groups}))["packages"]
    ok(client.post(f"{PKG}/{first['id']}/ship", json={"handover_method": "DROP_OFF"}))
    assert detail(client, order["id"])["status"] == "PARTIALLY_SHIPPING"
    statuses = {li: status for li, _, status in lines(client, order["id"])}
    assert statuses[ids[0]] == "PROCESSING" and statuses[ids[1]] == "TO_FULFILL"


def test_split_refusals(client: PartnerClient, control: Control, mock: Mock) -> None:
    order, ids = three_units(control, mock)
    path = f"{F}/orders/{order['id']}/split"
    fails(client.post(path, json={"splittable_groups": [{"id": "a", "order_line_item_ids": ["1"]}]}), 21011005)
    twice = [{"id": "a", "order_line_item_ids": ids[:1]}, {"id": "b", "order_line_item_ids": ids[:1]}]
    fails(client.post(path, json={"splittable_groups": twice}), 21011005)
    everything = [{"id": "a", "order_line_item_ids": ids}]
    fails(client.post(path, json={"splittable_groups": everything}), 21011035)
    unpaid = control.place()
    lone = [{"id": "a", "order_line_item_ids": [unpaid["line_items"][0]["id"]]}]
    fails(client.post(f"{F}/orders/{unpaid['id']}/split", json={"splittable_groups": lone}), 21011035)
    assert len({pkg for _, pkg, _ in lines(client, order["id"])}) == 1  # nothing changed


def test_split_attributes(client: PartnerClient, control: Control, mock: Mock) -> None:
    order, _ = three_units(control, mock)
    unpaid = control.place()
    attrs = ok(client.get(f"{F}/orders/split_attributes", query={"order_ids": f"{order['id']},{unpaid['id']}"}))
    got = {a["order_id"]: a for a in attrs["split_attributes"]}
    assert got[order["id"]]["can_split"] is True and "reason" not in got[order["id"]]
    assert got[unpaid["id"]] == {"order_id": unpaid["id"], "can_split": False, "must_split": False,
                                 "reason": "Order has not been paid"}  # fmt: skip


def test_mark_shipped_splits_and_ships_by_line_items(client: PartnerClient, control: Control, mock: Mock) -> None:
    """ORD-SPLIT-API: one call per package; the last one ships the rest."""
    order, ids = three_units(control, mock, shipping_type="SELLER")
    path = f"{F}/orders/{order['id']}/packages"
    first = ok(client.post(path, json={"tracking_number": "JNE1000001", "shipping_provider_id": JNE,
                                       "order_line_item_ids": ids[:1]}))  # fmt: skip
    assert detail(client, order["id"])["status"] == "PARTIALLY_SHIPPING"
    second = ok(client.post(path, json={"tracking_number": "JNE1000002", "shipping_provider_id": JNE}))
    assert second["order_line_item_ids"] == ids[1:] and second["package_id"] != first["package_id"]
    assert detail(client, order["id"])["status"] == "AWAITING_COLLECTION"
    assert package_events(mock, "SPLIT")[0]["order_ids"] == [order["id"]]


def test_mark_shipped_without_line_items_on_a_split_order_is_refused(
    client: PartnerClient, control: Control, mock: Mock
) -> None:
    order, ids = three_units(control, mock, shipping_type="SELLER")
    groups = [{"id": "a", "order_line_item_ids": ids[:1]}]
    ok(client.post(f"{F}/orders/{order['id']}/split", json={"splittable_groups": groups}))
    body = {"tracking_number": "JNE1000003", "shipping_provider_id": JNE}
    fails(client.post(f"{F}/orders/{order['id']}/packages", json=body), 21011048)


# --- several parcels (202610, the public client's shape) ------------------------------------------------------------
def test_mark_shipped_202610_with_several_parcels(client: PartnerClient, control: Control, mock: Mock) -> None:
    order, ids = three_units(control, mock, shipping_type="SELLER")
    parcels = [
        {"tracking_number": "JNE2000001", "shipping_provider_id": JNE},
        {"tracking_number": "JNE2000002", "shipping_provider_id": JNE, "note": "rangka"},
    ]
    body = {"order_line_list": [{"order_line_id": i} for i in ids[:2]], "shipping_info_list": parcels}
    data = ok(client.post(f"/fulfillment/202610/orders/{order['id']}/packages", json=body))
    assert data["order_line_item_ids"] == ids[:2]
    package = mock.store.packages[data["package_id"]]
    assert package.tracking_number == "JNE2000001"
    assert package.extra_tracking == [{"tracking_number": "JNE2000002", "shipping_provider_id": JNE, "note": "rangka"}]
    again = {"order_line_list": [{"order_line_id": ids[2]}], "shipping_info_list": parcels[1:]}
    fails(client.post(f"/fulfillment/202610/orders/{order['id']}/packages", json=again), 21011025)


def test_mark_shipped_202610_needs_a_tracking_number(client: PartnerClient, control: Control, mock: Mock) -> None:
    order, _ = three_units(control, mock, shipping_type="SELLER")
    fails(client.post(f"/fulfillment/202610/orders/{order['id']}/packages", json={"shipping_info_list": []}), 21001001)
    assert detail(client, order["id"])["status"] == "AWAITING_SHIPMENT"


def test_update_shipping_info_202610_replaces_the_parcels(client: PartnerClient, control: Control, mock: Mock) -> None:
    order, _ = three_units(control, mock, shipping_type="SELLER")
    body = {"shipping_info_list": [{"tracking_number": "JNE3000001", "shipping_provider_id": JNE}]}
    package_id = ok(client.post(f"/fulfillment/202610/orders/{order['id']}/packages", json=body))["package_id"]
    new = [{"tracking_number": "JNE3000002", "shipping_provider_id": JNE},
           {"tracking_number": "JNE3000003", "shipping_provider_id": JNE}]  # fmt: skip
    ok(client.post(f"/fulfillment/202610/packages/{package_id}/shipping_info/update", json={"shipping_info_list": new}))
    package = mock.store.packages[package_id]
    assert package.tracking_number == "JNE3000002"
    assert [p["tracking_number"] for p in package.extra_tracking] == ["JNE3000003"]
    assert "JNE3000001" not in {n for _, n in mock.store.order_book.tracking_numbers}  # the old number is free


# --- combine --------------------------------------------------------------------------------------------------------
def two_orders_one_buyer(control: Control) -> tuple[dict[str, Any], dict[str, Any]]:
    first = control.paid(shipping_type="TIKTOK")
    second = control.paid(
        shipping_type="TIKTOK", same_buyer_as=first["id"], delivery_option_id=first["delivery_option_id"]
    )
    return first, second


def combinable(client: PartnerClient, order_id: str) -> dict[str, Any]:
    found = ok(client.get(f"{F}/combinable_packages/search", query={"page_size": 50}))["combinable_packages"]
    (group,) = [g for g in found if order_id in g["order_ids"]]
    return dict(group)


def test_orders_of_one_buyer_combine_into_one_package(client: PartnerClient, control: Control, mock: Mock) -> None:
    first, second = two_orders_one_buyer(control)
    group = combinable(client, first["id"])
    assert sorted(group["order_ids"]) == sorted([first["id"], second["id"]])
    data = ok(client.post(f"{F}/packages/combine", json={"combinable_packages": [group]}))
    assert data["errors"] == [] and data["packages"][0]["id"] == group["id"]
    package = ok(client.get(f"{PKG}/{group['id']}"))
    assert {o["id"] for o in package["orders"]} == {first["id"], second["id"]}
    assert package["split_and_combine_tag"] == "COMBINE"
    for order in (first, second):
        got = detail(client, order["id"])
        assert got["split_or_combine_tag"] == "COMBINED"
        assert {li["package_id"] for li in got["line_items"]} == {group["id"]}
    (event,) = package_events(mock, "COMBINE")
    assert event["package_ids"] == [group["id"]] and set(event["order_ids"]) == {first["id"], second["id"]}


def test_shipping_a_combined_package_ships_every_order(client: PartnerClient, control: Control) -> None:
    first, second = two_orders_one_buyer(control)
    group = combinable(client, first["id"])
    ok(client.post(f"{F}/packages/combine", json={"combinable_packages": [group]}))
    ok(client.post(f"{PKG}/{group['id']}/ship", json={"handover_method": "DROP_OFF"}))
    assert {detail(client, o["id"])["status"] for o in (first, second)} == {"AWAITING_COLLECTION"}
    control.call(f"/packages/{group['id']}/deliver")
    assert {detail(client, o["id"])["status"] for o in (first, second)} == {"DELIVERED"}


def test_combine_refusals(client: PartnerClient, control: Control) -> None:
    first, second = two_orders_one_buyer(control)
    group = combinable(client, first["id"])
    wrong = {"id": group["id"], "order_ids": [first["id"]]}
    unknown = {"id": "1159000000000000001", "order_ids": group["order_ids"]}
    data = ok(client.post(f"{F}/packages/combine", json={"combinable_packages": [wrong, unknown]}))
    assert [(e["code"], e["detail"]["package_id"]) for e in data["errors"]] == [
        (10007014, group["id"]),  # one order is not a combined package
        (21011031, unknown["id"]),  # these orders are not that pre-generated package's
    ]
    assert data["packages"] == []
    assert detail(client, first["id"]).get("split_or_combine_tag") is None


def test_uncombine_gives_the_order_its_own_package_again(client: PartnerClient, control: Control, mock: Mock) -> None:
    first, second = two_orders_one_buyer(control)
    group = combinable(client, first["id"])
    ok(client.post(f"{F}/packages/combine", json={"combinable_packages": [group]}))
    data = ok(client.post(f"{PKG}/{group['id']}/uncombine", json={"order_ids": [second["id"]]}))
    kept, new = data["packages"]
    assert (kept["id"], kept["order_ids"]) == (group["id"], [first["id"]])
    assert new["order_ids"] == [second["id"]]
    assert {li["package_id"] for li in detail(client, second["id"])["line_items"]} == {new["id"]}
    assert package_events(mock, "CANCEL_COMBINE")[0]["package_ids"] == [group["id"], new["id"]]
    fails(client.post(f"{PKG}/{group['id']}/uncombine", json={}), 21011005)  # not combined any more


def test_cancelling_a_combined_order_leaves_the_others_in_the_package(client: PartnerClient, control: Control) -> None:
    first, second = two_orders_one_buyer(control)
    group = combinable(client, first["id"])
    ok(client.post(f"{F}/packages/combine", json={"combinable_packages": [group]}))
    control.call(f"/orders/{first['id']}/cancel", {"by": "BUYER"})
    package = ok(client.get(f"{PKG}/{group['id']}"))
    assert [o["id"] for o in package["orders"]] == [second["id"]]
    assert detail(client, second["id"])["status"] == "AWAITING_SHIPMENT"


# --- shipping services and labels ------------------------------------------------------------------------------------
def test_eligible_services_and_a_bought_label(client: PartnerClient, control: Control, mock: Mock) -> None:
    order, ids = three_units(control, mock, shipping_type="TIKTOK")
    query = {"order_line_item_ids": ids[:1], "weight": {"value": "1500", "unit": "GRAM"}}
    services = ok(client.post(f"{F}/orders/{order['id']}/shipping_services/query", json=query))["shipping_services"]
    assert services[0]["is_default"] and all(s["currency"] == "IDR" for s in services)
    chosen = services[-1]
    body = {"order_id": order["id"], "order_line_item_ids": ids[:1], "shipping_service_id": chosen["id"]}
    label = ok(client.post(f"{F}/packages", json=body))
    assert label["shipping_service_info"]["id"] == chosen["id"]
    package = ok(client.get(f"{PKG}/{label['package_id']}"))
    assert (
        package["package_status"] == "PROCESSING" and package["shipping_provider_id"] == chosen["shipping_provider_id"]
    )
    assert detail(client, order["id"])["status"] == "PARTIALLY_SHIPPING"


def test_label_refusals(client: PartnerClient, control: Control, mock: Mock) -> None:
    order, ids = three_units(control, mock, shipping_type="TIKTOK")
    heavy = {"order_line_item_ids": ids, "weight": {"value": "800", "unit": "POUND"}}  # 363 kg: over Kargo's 300
    fails(client.post(f"{F}/orders/{order['id']}/shipping_services/query", json=heavy), 21011037)
    unknown = {"order_id": order["id"], "shipping_service_id": "7300000000000000000"}
    fails(client.post(f"{F}/packages", json=unknown), 21004008)
    seller = control.paid(shipping_type="SELLER")
    fails(client.post(f"{F}/packages", json={"order_id": seller["id"]}), 21011037)


def test_create_packages_202512_combines_orders(client: PartnerClient, control: Control) -> None:
    first, second = two_orders_one_buyer(control)
    body = {"ship_type": "3", "order_list_ids": [first["id"], second["id"]]}
    label = ok(client.post("/fulfillment/202512/packages", json=body))
    package = ok(client.get(f"{PKG}/{label['package_id']}"))
    assert {o["id"] for o in package["orders"]} == {first["id"], second["id"]}
    assert package["package_status"] == "PROCESSING"


# --- invoices and proofs of delivery ------------------------------------------------------------------------------
def test_upload_invoice_is_for_brazil_only(client: PartnerClient, control: Control) -> None:
    order = control.paid()
    entry = {"package_id": order["packages"][0]["id"], "order_ids": [order["id"]], "file_type": "XML", "file": "PD94"}
    fails(client.post("/fulfillment/202502/invoice/upload", json={"invoices": [entry]}), 21008106)


def test_upload_invoice_in_brazil(client: PartnerClient, control: Control, mock: Mock) -> None:
    order = control.paid()
    mock.store.shops[mock.refs.shops["migrated"]].region = "BR"
    package_id = order["packages"][0]["id"]
    good = {"package_id": package_id, "order_ids": [order["id"]], "file_type": "XML", "file": "PD94bWwgPz4="}
    other = {**good, "order_ids": ["1"]}
    data = ok(client.post("/fulfillment/202502/invoice/upload", json={"invoices": [good, other, good]}))
    assert [e["code"] for e in data["errors"]] == [21001001, 10007014]  # not the package's order; a repeat
    assert len(mock.store.packages[package_id].invoices) == 1


def test_proof_of_delivery_file_is_served_back(client: PartnerClient, mock: Mock) -> None:
    r = signed_upload(client, "/fulfillment/202309/files/upload", b"%PDF-1.4 proof", name="pod.pdf")
    data = ok(r)
    assert data["name"] == "pod.pdf"
    served = client.http.get(data["url"])
    assert served.status_code == 200 and served.content == b"%PDF-1.4 proof"
    fails(signed_upload(client, "/fulfillment/202309/files/upload", b"GIF89a", name="pod.gif"), 12038004)


def test_proof_of_delivery_image(client: PartnerClient) -> None:
    data = ok(signed_upload(client, "/fulfillment/202309/images/upload", placeholder_png(300, 200, "pod")))
    assert (data["width"], data["height"]) == (300, 200)
    fails(signed_upload(client, "/fulfillment/202309/images/upload", placeholder_png(50, 50, "x")), 12019116)
