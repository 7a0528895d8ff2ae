"""Get Order List, Get Order Detail and Get Price Detail over signed requests."""

from __future__ import annotations

import base64
from typing import Any

from mockserver.runtime import Mock
from mockserver.testing import PartnerClient
from tests.orders.conftest import DETAIL, SEARCH, Control, detail, fails, ok


def search(client: PartnerClient, body: dict[str, Any] | None = None, **query: Any) -> dict[str, Any]:
    data: dict[str, Any] = ok(client.post(SEARCH, query={"page_size": 100, **query}, json=body or {}))
    return data


def test_search_lists_the_shops_orders_newest_first(client: PartnerClient, mock: Mock) -> None:
    data = search(client)
    times = [o["create_time"] for o in data["orders"]]
    assert data["total_count"] == 50 and times == sorted(times, reverse=True)
    assert {o["id"] for o in data["orders"]} <= set(mock.store.orders) | {o["id"] for o in data["orders"]}


def test_pages_follow_next_page_token_without_gaps(client: PartnerClient) -> None:
    seen: list[str] = []
    token = ""
    while True:
        data = search(client, page_size=7, **({"page_token": token} if token else {}))
        seen += [o["id"] for o in data["orders"]]
        token = data["next_page_token"]
        if not token:
            break
    assert len(seen) == len(set(seen)) == 50


def test_a_page_token_contains_base64_characters_and_is_bound_to_its_query(client: PartnerClient) -> None:
    token = search(client, page_size=1)["next_page_token"]
    assert base64.b64decode(token, validate=True) and base64.b64encode(base64.b64decode(token)).decode() == token
    r = client.post(SEARCH, query={"page_size": 1, "page_token": token, "sort_order": "ASC"}, json={})
    fails(r, 21001001)


def test_a_forged_page_token_is_invalid(client: PartnerClient) -> None:
    fails(client.post(SEARCH, query={"page_size": 5, "page_token": "bm90IGEgdG9rZW4="}, json={}), 21001001)


def test_search_by_status(client: PartnerClient, control: Control) -> None:
    order = control.paid()
    found = search(client, {"order_status": "AWAITING_SHIPMENT"})["orders"]
    assert order["id"] in {o["id"] for o in found} and {o["status"] for o in found} == {"AWAITING_SHIPMENT"}


def test_search_by_update_time_ascending(client: PartnerClient, control: Control, mock: Mock) -> None:
    order = control.paid()
    now = mock.clock.now_s()
    data = search(client, {"update_time_ge": now}, sort_field="update_time", sort_order="ASC")
    assert [o["id"] for o in data["orders"]] == [order["id"]]


def test_search_by_creation_window(client: PartnerClient, mock: Mock) -> None:
    now = mock.clock.now_s()
    data = search(client, {"create_time_ge": now - 3 * 86400, "create_time_lt": now - 86400})
    assert data["orders"] and all(now - 3 * 86400 <= o["create_time"] < now - 86400 for o in data["orders"])
    assert data["total_count"] == len(data["orders"])


def test_search_by_shipping_type_and_buyer(client: PartnerClient) -> None:
    sellers = search(client, {"shipping_type": "SELLER"})
    assert sellers["total_count"] == len(sellers["orders"]) > 0
    assert {o["shipping_type"] for o in sellers["orders"]} == {"SELLER"}
    buyer = sellers["orders"][0]["user_id"]
    assert {o["user_id"] for o in search(client, {"buyer_user_id": buyer})["orders"]} == {buyer}


def test_search_by_warehouse_and_cancellation_request(client: PartnerClient, control: Control) -> None:
    order = control.paid()
    control.call(f"/orders/{order['id']}/request_cancel")
    since = {"create_time_ge": order["create_time"]}  # the seeded history has pending requests too (returns/seed.py)
    assert [o["id"] for o in search(client, {"is_buyer_request_cancel": True, **since})["orders"]] == [order["id"]]
    assert all(o["is_buyer_request_cancel"] for o in search(client, {"is_buyer_request_cancel": True})["orders"])
    assert search(client, {"warehouse_ids": [order["warehouse_id"]]})["total_count"] == 51
    assert search(client, {"warehouse_ids": ["7000000000000000000"]})["total_count"] == 0


def test_search_rejects_an_unknown_status(client: PartnerClient) -> None:
    fails(client.post(SEARCH, query={"page_size": 10}, json={"order_status": "SHIPPED"}), 36009004, 400)


def test_search_rejects_page_size_out_of_range(client: PartnerClient) -> None:
    fails(client.post(SEARCH, query={"page_size": 101}, json={}), 36009004, 400)
    fails(client.post(SEARCH, query={}, json={}), 36009004, 400)


def test_detail_at_both_versions(client: PartnerClient, control: Control) -> None:
    order = control.paid()
    for version in ("202309", "202507"):
        got = ok(client.get(f"/order/{version}/orders", query={"ids": order["id"]}))["orders"]
        assert [o["id"] for o in got] == [order["id"]]


def test_detail_leaves_out_unknown_ids(client: PartnerClient, control: Control) -> None:
    order = control.place()
    got = ok(client.get(DETAIL, query={"ids": f"{order['id']},570000000000000001"}))["orders"]
    assert [o["id"] for o in got] == [order["id"]]


def test_detail_of_another_shops_order(client: PartnerClient, other_shop_client: PartnerClient) -> None:
    theirs = search(other_shop_client, page_size=1)["orders"][0]["id"]
    fails(client.get(DETAIL, query={"ids": theirs}), 21008111)


def test_detail_takes_at_most_50_ids(client: PartnerClient) -> None:
    ids = ",".join(f"5700000000000000{n:02d}" for n in range(51))
    fails(client.get(DETAIL, query={"ids": ids}), 36009004, 400)


def test_an_unpaid_order_shows_no_address(client: PartnerClient, control: Control) -> None:
    order = detail(client, control.place()["id"])
    assert order["status"] == "UNPAID" and "recipient_address" not in order and "paid_time" not in order
    assert order["line_items"][0]["display_status"] == "UNPAID" and "package_id" not in order["line_items"][0]


def test_platform_logistics_masks_the_recipient(client: PartnerClient, control: Control) -> None:
    address = detail(client, control.paid()["id"])["recipient_address"]
    assert "***" in address["name"] and "****" in address["phone_number"]
    levels = [(d["address_level"], d["address_level_name"]) for d in address["district_info"]]
    assert levels[:2] == [("L0", "Country"), ("L1", "Province")] and address["region_code"] == "ID"


def test_seller_shipping_shows_the_recipient(client: PartnerClient, control: Control) -> None:
    address = detail(client, control.paid(shipping_type="SELLER")["id"])["recipient_address"]
    assert "*" not in address["name"] + address["phone_number"]


def test_amounts_are_idr_strings_that_add_up(client: PartnerClient, control: Control) -> None:
    p = detail(client, control.paid()["id"])["payment"]
    assert p["currency"] == "IDR" and all(isinstance(v, str) for v in p.values())
    assert int(p["total_amount"]) == int(p["sub_total"]) + int(p["shipping_fee"])


def test_line_items_and_packages_agree_with_the_order(client: PartnerClient, control: Control) -> None:
    order = detail(client, control.paid()["id"])
    package = order["packages"][0]["id"]
    assert order["status"] == "AWAITING_SHIPMENT"
    assert {(li["package_id"], li["package_status"], li["display_status"]) for li in order["line_items"]} == {
        (package, "TO_FULFILL", "AWAITING_SHIPMENT")
    }


def test_commerce_platform_of_a_tokopedia_order(client: PartnerClient, control: Control) -> None:
    order = detail(client, control.place(commerce_platform="TOKOPEDIA")["id"])
    assert order["commerce_platform"] == "TOKOPEDIA"


def test_price_detail_at_both_versions(client: PartnerClient, control: Control) -> None:
    order = control.paid()
    for version in ("202309", "202407"):
        price = ok(client.get(f"/order/{version}/orders/{order['id']}/price_detail"))
        assert price["payment"] == order["payment"]["total_amount"]
        assert sum(int(li["payment"]) for li in price["line_items"]) == int(price["payment"])


def test_price_detail_of_another_shops_order(client: PartnerClient, other_shop_client: PartnerClient) -> None:
    theirs = search(other_shop_client, page_size=1)["orders"][0]["id"]
    fails(client.get(f"/order/202309/orders/{theirs}/price_detail"), 21008111)


def test_a_cancelled_order_says_who_and_why(client: PartnerClient, control: Control) -> None:
    order = control.paid()
    control.call(f"/orders/{order['id']}/cancel", {"by": "BUYER", "reason": "No longer needed"})
    got = detail(client, order["id"])
    assert (got["status"], got["cancellation_initiator"]) == ("CANCELLED", "BUYER")
    assert got["cancel_reason"] == "No longer needed"
    assert {li["display_status"] for li in got["line_items"]} == {"CANCELLED"}
