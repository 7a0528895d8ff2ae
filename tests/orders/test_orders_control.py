"""The control plane playing buyer, courier and platform: /_mock/orders/... and /_mock/packages/..."""

from __future__ import annotations

from mockserver.runtime import Mock
from mockserver.testing import PartnerClient
from tests.orders.conftest import Control, detail, package_id, stocked_sku


def test_place_an_order_for_given_skus(control: Control, mock: Mock) -> None:
    sku = stocked_sku(mock)
    order = control.place(items=[{"sku_id": sku, "quantity": 3}], buyer_message="Tolong cepat ya")
    assert [li["sku_id"] for li in order["line_items"]] == [sku] * 3
    assert (order["status"], order["buyer_message"]) == ("UNPAID", "Tolong cepat ya")


def test_place_a_random_order_for_another_shop(control: Control, mock: Mock) -> None:
    order = control.place(shop="second")
    assert mock.store.orders[order["id"]].shop_id == mock.refs.shops["second"]


def test_pay_and_view(control: Control) -> None:
    order = control.place()
    paid = control.call(f"/orders/{order['id']}/pay")
    assert paid["order"]["status"] == "AWAITING_SHIPMENT" and paid["packages"][0]["package_status"] == "TO_FULFILL"
    assert control.http.get(f"/_mock/orders/{order['id']}").json()["data"]["order"]["status"] == "AWAITING_SHIPMENT"


def test_hold_and_release(control: Control) -> None:
    order = control.place(paid=True, on_hold=True)
    assert order["status"] == "ON_HOLD"
    assert control.call(f"/orders/{order['id']}/release_hold")["order"]["status"] == "AWAITING_SHIPMENT"


def test_advance_walks_the_happy_path(control: Control, client: PartnerClient) -> None:
    order = control.advance(control.place()["id"], "DELIVERED")
    assert order["status"] == "DELIVERED" and detail(client, order["id"])["delivery_time"]
    assert control.advance(order["id"], "COMPLETED")["status"] == "COMPLETED"


def test_advance_backwards_is_a_conflict(control: Control) -> None:
    order = control.advance(control.place()["id"], "IN_TRANSIT")
    r = control.call(f"/orders/{order['id']}/advance", {"to": "UNPAID"}, ok=False)
    assert (r.status_code, r.json()["code"]) == (409, 40901)


def test_the_courier_moves_a_package(control: Control) -> None:
    order = control.advance(control.paid()["id"], "AWAITING_COLLECTION")
    package = package_id(order)
    assert control.call(f"/packages/{package}/collect")["order"]["status"] == "IN_TRANSIT"
    assert control.call(f"/packages/{package}/in_transit")["packages"][0]["package_status"] == "FULFILLING"
    assert control.call(f"/packages/{package}/fail_delivery", {"reason": "UNABLE_CONTACT_BUYER"})
    assert control.call(f"/packages/{package}/deliver")["order"]["status"] == "DELIVERED"


def test_a_buyer_cancels(control: Control) -> None:
    order = control.paid()
    got = control.call(f"/orders/{order['id']}/cancel", {"by": "BUYER", "reason": "Need to modify order"})["order"]
    assert (got["status"], got["cancellation_initiator"]) == ("CANCELLED", "BUYER")


def test_unknown_ids_answer_404(control: Control) -> None:
    r = control.call("/orders/570000000000000001/pay", ok=False)
    assert (r.status_code, r.json()["code"]) == (404, 40401)
    r = control.call("/packages/1150000000000000001/collect", ok=False)
    assert (r.status_code, r.json()["code"]) == (404, 40401)


def test_a_step_out_of_order_answers_409(control: Control) -> None:
    r = control.call(f"/orders/{control.place()['id']}/complete", ok=False)
    assert (r.status_code, r.json()["code"], r.json()["data"]) == (409, 40901, None)


def test_bad_bodies_answer_400(control: Control, mock: Mock) -> None:
    for body in ({"items": "many"}, {"items": [{"sku_id": stocked_sku(mock), "quantity": 0}]}, {"shipping_type": 5}):
        r = control.call("/orders", body, ok=False)
        assert (r.status_code, r.json()["code"]) == (400, 36009004), body
    r = control.http.post("/_mock/orders", content=b"{not json")
    assert (r.status_code, r.json()["code"]) == (400, 36009004)


def test_more_than_the_stock_answers_409(control: Control, mock: Mock) -> None:
    sku = stocked_sku(mock)
    for stock in mock.store.skus[sku].inventory.values():
        stock.available = 2
    r = control.call("/orders", {"items": [{"sku_id": sku, "quantity": 3}]}, ok=False)
    assert (r.status_code, r.json()["code"]) == (409, 40902)


def test_reset_forgets_placed_orders(control: Control, mock: Mock) -> None:
    order = control.place()
    control.call("/reset")
    assert control.http.get(f"/_mock/orders/{order['id']}").status_code == 404
