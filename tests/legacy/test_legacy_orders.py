"""Orders: the list and its validation codes, single order, ack/nack/status rules, pick-up, shipping label."""

from __future__ import annotations

import pytest

from mockserver.catalog.models import TOKOPEDIA
from mockserver.legacy import orders as lo
from mockserver.orders import models as m
from mockserver.runtime import Mock
from tests.conftest import T0
from tests.legacy.conftest import FS_ID, SHOP_ID, UNLINKED_SHOP_ID, LegacyClient, code
from tests.legacy.helpers import available, place

LIST = "/v2/order/list"
DAY = 24 * 3600


def window(**extra: object) -> dict[str, object]:
    return {"fs_id": FS_ID, "from_date": T0 - DAY, "to_date": T0, "page": 1, "per_page": 100, **extra}


@pytest.fixture
def order(legacy: LegacyClient, mock: Mock) -> m.Order:
    return mock.store.orders[place(mock, legacy.http)]


@pytest.fixture
def seller_shipped(legacy: LegacyClient, mock: Mock) -> m.Order:
    return mock.store.orders[place(mock, legacy.http, shipping_type="SELLER")]


def act(legacy: LegacyClient, o: m.Order, action: str, **kw: object) -> object:
    return legacy.post(f"/v1/order/{lo.legacy_id(o)}/fs/{FS_ID}/{action}", **kw)  # type: ignore[arg-type]


def single(legacy: LegacyClient, o: m.Order) -> dict[str, object]:
    data: dict[str, object] = legacy.get(f"/v2/fs/{FS_ID}/order", params={"order_id": lo.legacy_id(o)}).json()["data"]
    return data


# --- list -----------------------------------------------------------------------------------------------------------
def test_a_new_paid_order_is_listed_at_220(legacy: LegacyClient, order: m.Order) -> None:
    found = [o for o in legacy.get(LIST, params=window()).json()["data"] if o["order_id"] == lo.legacy_id(order)]
    assert len(found) == 1 and found[0]["order_status"] == 220 and found[0]["fs_id"] == str(FS_ID)
    assert found[0]["products"][0]["quantity"] == 2 and found[0]["shop_id"] == SHOP_ID


def test_only_tokopedia_orders_are_listed(legacy: LegacyClient, mock: Mock) -> None:
    tiktok = mock.store.orders[place(mock, legacy.http, platform="TIKTOK_SHOP")]
    listed = {o["order_id"] for o in legacy.get(LIST, params=window()).json()["data"]}
    assert lo.legacy_id(tiktok) not in listed
    assert all(mock.store.orders.get(o.id) is None or o.commerce_platform == TOKOPEDIA for o in [tiktok][:0])


def test_list_is_oldest_first_and_pages(legacy: LegacyClient, mock: Mock) -> None:
    everything = legacy.get(LIST, params=window(from_date=T0 - 3 * DAY)).json()["data"]
    times = [o["create_time"] for o in everything]
    page2 = legacy.get(LIST, params=window(from_date=T0 - 3 * DAY, page=2, per_page=2)).json()["data"]
    assert times == sorted(times) and len(everything) > 3 and page2 == everything[2:4]


def test_status_filter(legacy: LegacyClient, order: m.Order) -> None:
    act(legacy, order, "ack")
    accepted = legacy.get(LIST, params=window(status=400)).json()["data"]
    assert [o["order_id"] for o in accepted] == [lo.legacy_id(order)]


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        ({"from_date": None}, "ORD_DLV_009"),
        ({"from_date": "yesterday"}, "ORD_DLV_010"),
        ({"to_date": None}, "ORD_DLV_011"),
        ({"to_date": "1.5"}, "ORD_DLV_012"),
        ({"page": None}, "ORD_DLV_014"),
        ({"page": 0}, "ORD_DLV_015"),
        ({"per_page": None}, "ORD_DLV_016"),
        ({"per_page": 101}, "ORD_DLV_017"),
        ({"status": "paid"}, "ORD_DLV_018"),
        ({"shop_id": "x"}, "ORD_DLV_006"),
        ({"warehouse_id": "x"}, "ORD_DLV_007"),
        ({"shop_id": SHOP_ID, "warehouse_id": 1}, "ORD_DLV_008"),
        ({"from_date": T0 - 4 * DAY}, "ORD_DLV_013"),
        ({"fs_id": None}, "ORD_DLV_001"),
        ({"fs_id": "abc"}, "ORD_DLV_002"),
    ],
)
def test_list_validation(legacy: LegacyClient, change: dict[str, object], expected: str) -> None:
    params = {k: v for k, v in window(**change).items() if v is not None}
    r = legacy.get(LIST, params=params)
    assert r.status_code == 400 and code(r) == expected


def test_date_range_message_names_the_limit(legacy: LegacyClient) -> None:
    r = legacy.get(LIST, params=window(from_date=T0 - 4 * DAY))
    assert r.json()["header"]["reason"] == "Date Range must be less than 3 days"


def test_list_of_an_unlinked_shop_is_403(legacy: LegacyClient) -> None:
    assert code(legacy.get(LIST, params=window(shop_id=UNLINKED_SHOP_ID))) == "RBAC_MDLW_001"


def test_list_by_warehouse(legacy: LegacyClient, order: m.Order, mock: Mock) -> None:
    from mockserver.legacy.catalog import warehouse_legacy_id

    wid = warehouse_legacy_id(mock.store, order.warehouse_id)
    listed = legacy.get(LIST, params=window(warehouse_id=wid)).json()["data"]
    assert lo.legacy_id(order) in {o["order_id"] for o in listed} and {o["warehouse_id"] for o in listed} == {wid}


# --- single order ---------------------------------------------------------------------------------------------------
def test_single_order_by_id_and_by_invoice(legacy: LegacyClient, order: m.Order) -> None:
    by_id = single(legacy, order)
    by_invoice = legacy.get(f"/v2/fs/{FS_ID}/order", params={"invoice_num": lo.invoice(order)}).json()["data"]
    assert by_id == by_invoice and by_id["order_status"] == 220 and by_id["invoice_number"] == lo.invoice(order)


@pytest.mark.parametrize(
    ("params", "expected"),
    [({}, "ORD_DLV_003"), ({"order_id": 1, "invoice_num": "INV/1"}, "ORD_DLV_004"), ({"order_id": "x"}, "ORD_DLV_005")],
)
def test_single_order_validation(legacy: LegacyClient, params: dict[str, object], expected: str) -> None:
    assert code(legacy.get(f"/v2/fs/{FS_ID}/order", params=params)) == expected


def test_unknown_order_is_data_not_found(legacy: LegacyClient) -> None:
    r = legacy.get(f"/v2/fs/{FS_ID}/order", params={"order_id": 999_999_999})
    assert r.status_code == 500 and code(r) == "ORD_API_008"


def test_order_of_an_unlinked_shop_is_403(legacy: LegacyClient, mock: Mock) -> None:
    other = mock.store.orders[place(mock, legacy.http, shop="unauthorized")]
    assert code(legacy.get(f"/v2/fs/{FS_ID}/order", params={"order_id": lo.legacy_id(other)})) == "RBAC_MDLW_001"


# --- ack / nack -----------------------------------------------------------------------------------------------------
def test_ack_moves_220_to_400(legacy: LegacyClient, order: m.Order) -> None:
    r = act(legacy, order, "ack")
    assert r.json()["data"] == "success" and single(legacy, order)["order_status"] == 400  # type: ignore[attr-defined]


def test_ack_twice_is_not_eligible(legacy: LegacyClient, order: m.Order) -> None:
    act(legacy, order, "ack")
    r = act(legacy, order, "ack")
    assert r.status_code == 500 and code(r) == "ORD_USC_001"  # type: ignore[arg-type, attr-defined]


def test_nack_cancels_as_the_seller(legacy: LegacyClient, order: m.Order) -> None:
    r = act(legacy, order, "nack", json={"reason_code": 2, "reason": "Varian warna habis"})
    assert r.json()["data"] == "success"  # type: ignore[attr-defined]
    assert order.status == m.CANCELLED and order.cancellation_initiator == m.SELLER
    assert single(legacy, order)["order_status"] == 10


def test_nack_out_of_stock_empties_the_named_products(legacy: LegacyClient, order: m.Order, mock: Mock) -> None:
    product_id = single(legacy, order)["order_info"]["order_detail"][0]["product_id"]  # type: ignore[index]
    act(legacy, order, "nack", json={"reason_code": 1, "reason": "Stok habis", "empty_products": [product_id]})
    assert available(mock.store.skus[order.line_items[0].sku_id]) == 0


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ({"reason_code": 5, "reason": ""}, "ORD_USC_009"),
        ({"reason_code": 4, "reason": "Tutup"}, "ORD_USC_012"),
        (
            {"reason_code": 4, "reason": "Tutup", "shop_close_end_date": "2026-07-01", "shop_close_note": "Libur"},
            "ORD_USC_013",
        ),
        (
            {"reason_code": 4, "reason": "Tutup", "shop_close_end_date": "01/01/2020", "shop_close_note": "Libur"},
            "ORD_USC_013",
        ),
        ({"reason_code": 1, "reason": "Habis", "empty_products": [1]}, "ORD_USC_011"),
        ({"reason_code": 9, "reason": "?"}, "ORD_DLV_020"),
        ({"reason_code": 7, "reason": "x" * 491}, "ORD_DLV_020"),
        ({"reason": "no code"}, "ORD_DLV_020"),
    ],
)
def test_nack_rules_change_nothing(
    legacy: LegacyClient, order: m.Order, body: dict[str, object], expected: str
) -> None:
    r = act(legacy, order, "nack", json=body)
    assert code(r) == expected and order.status == m.AWAITING_SHIPMENT  # type: ignore[arg-type]


def test_nack_for_a_shop_closure(legacy: LegacyClient, order: m.Order) -> None:
    body = {"reason_code": 4, "reason": "Toko tutup", "shop_close_end_date": "01/07/2026", "shop_close_note": "Libur"}
    assert act(legacy, order, "nack", json=body).status_code == 200  # type: ignore[attr-defined]


def test_nack_after_pickup_is_not_eligible(legacy: LegacyClient, order: m.Order) -> None:
    act(legacy, order, "ack")
    legacy.post(f"/inventory/v1/fs/{FS_ID}/pick-up", json={"order_id": lo.legacy_id(order), "shop_id": SHOP_ID})
    r = act(legacy, order, "nack", json={"reason_code": 5, "reason": "Batal"})
    assert code(r) == "ORD_USC_008"  # type: ignore[arg-type]


# --- status: confirm shipping, set delivered ------------------------------------------------------------------------
def test_confirm_shipping_needs_the_awb(legacy: LegacyClient, order: m.Order) -> None:
    act(legacy, order, "ack")
    r = act(legacy, order, "status", json={"order_status": 500})
    assert r.status_code == 400 and code(r) == "ORD_DLV_021"  # type: ignore[arg-type, attr-defined]


def test_unsupported_status_is_400(legacy: LegacyClient, order: m.Order) -> None:
    assert code(act(legacy, order, "status", json={"order_status": 700})) == "ORD_DLV_023"  # type: ignore[arg-type]


def test_confirm_shipping_before_accepting_is_refused(legacy: LegacyClient, seller_shipped: m.Order) -> None:
    r = act(legacy, seller_shipped, "status", json={"order_status": 500, "shipping_ref_num": "JP1234567890"})
    assert code(r) == "LGS_USC_006" and seller_shipped.status == m.AWAITING_SHIPMENT  # type: ignore[arg-type]


def test_confirm_shipping_with_seller_shipping_uses_the_awb(legacy: LegacyClient, seller_shipped: m.Order) -> None:
    act(legacy, seller_shipped, "ack")
    r = act(legacy, seller_shipped, "status", json={"order_status": 500, "shipping_ref_num": "JP1234567890"})
    assert r.json()["data"] == "Success" and single(legacy, seller_shipped)["order_status"] == 500  # type: ignore[attr-defined]
    assert single(legacy, seller_shipped)["custom_fields"] == {"awb": "JP1234567890"}


def test_set_delivered_only_from_500(legacy: LegacyClient, order: m.Order) -> None:
    act(legacy, order, "ack")
    r = act(legacy, order, "status", json={"order_status": 600, "shop_id": SHOP_ID})
    assert code(r) == "ORD_USC_016"  # type: ignore[arg-type]


def test_set_delivered_needs_the_shop_id(legacy: LegacyClient, order: m.Order) -> None:
    assert code(act(legacy, order, "status", json={"order_status": 600})) == "ORD_DLV_022"  # type: ignore[arg-type]


def test_full_legacy_lifecycle(legacy: LegacyClient, order: m.Order) -> None:
    act(legacy, order, "ack")
    legacy.post(f"/inventory/v1/fs/{FS_ID}/pick-up", json={"order_id": lo.legacy_id(order), "shop_id": SHOP_ID})
    assert single(legacy, order)["order_status"] == 450
    act(legacy, order, "status", json={"order_status": 500, "shipping_ref_num": "CGK0000000001"})
    assert single(legacy, order)["order_status"] == 500
    act(legacy, order, "status", json={"order_status": 600, "shop_id": SHOP_ID})
    detail = single(legacy, order)
    assert detail["order_status"] == 600 and order.status == m.DELIVERED
    codes = [h["hist_status_code"] for h in detail["order_info"]["order_history"]]  # type: ignore[index]
    assert codes == [600, 500, 450, 400, 220, 100]


# --- pick-up and label ----------------------------------------------------------------------------------------------
def test_pickup_answer(legacy: LegacyClient, order: m.Order) -> None:
    act(legacy, order, "ack")
    data = legacy.post(
        f"/inventory/v1/fs/{FS_ID}/pick-up", json={"order_id": lo.legacy_id(order), "shop_id": SHOP_ID}
    ).json()["data"]
    assert data == {
        "order_id": lo.legacy_id(order),
        "shop_id": SHOP_ID,
        "request_time": "2026-06-01 07:00:00",
        "result": "Terima kasih telah melakukan pengiriman.",
    }


def test_pickup_needs_an_accepted_order(legacy: LegacyClient, order: m.Order) -> None:
    r = legacy.post(f"/inventory/v1/fs/{FS_ID}/pick-up", json={"order_id": lo.legacy_id(order), "shop_id": SHOP_ID})
    assert code(r) == "LGS_USC_012" and order.status == m.AWAITING_SHIPMENT


def test_pickup_is_for_courier_pickups_only(legacy: LegacyClient, seller_shipped: m.Order) -> None:
    act(legacy, seller_shipped, "ack")
    body = {"order_id": lo.legacy_id(seller_shipped), "shop_id": SHOP_ID}
    assert code(legacy.post(f"/inventory/v1/fs/{FS_ID}/pick-up", json=body)) == "LGS_USC_012"


def test_pickup_needs_both_ids(legacy: LegacyClient) -> None:
    assert code(legacy.post(f"/inventory/v1/fs/{FS_ID}/pick-up", json={"order_id": 1})) == "LGS_DLV_004"


def test_shipping_label_is_html_with_the_booking_code(legacy: LegacyClient, order: m.Order) -> None:
    act(legacy, order, "ack")
    r = legacy.get(f"/v1/order/{lo.legacy_id(order)}/fs/{FS_ID}/shipping-label")
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/html")
    assert lo.booking_code(order) in r.text and lo.invoice(order) in r.text


def test_printed_is_zero_or_one(legacy: LegacyClient, order: m.Order) -> None:
    act(legacy, order, "ack")
    r = legacy.get(f"/v1/order/{lo.legacy_id(order)}/fs/{FS_ID}/shipping-label", params={"printed": 2})
    assert r.status_code == 400 and code(r) == "ORD_DLV_020"


def test_no_label_before_accepting(legacy: LegacyClient, order: m.Order) -> None:
    r = legacy.get(f"/v1/order/{lo.legacy_id(order)}/fs/{FS_ID}/shipping-label")
    assert r.headers["content-type"] == "application/json" and code(r) == "ORD_API_008"
