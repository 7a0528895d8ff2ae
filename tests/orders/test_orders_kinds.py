"""Order kinds the app-review use cases ask for (ORD-SYNC-SAMPLE, ORD-SYNC-GIFT, ORD-SYNC-ONHOLD): in the seed and
placed through the control plane, with their money consistent (what the buyer pays, what the seller funds)."""

from __future__ import annotations

from collections import Counter
from typing import Any

import pytest

from mockserver import Settings, create_app
from mockserver.runtime import Mock
from mockserver.testing import PartnerClient
from tests.orders.conftest import Control, detail, stocked_sku


def money_adds_up(order: dict[str, Any]) -> None:
    p = order["payment"]
    lines = order["line_items"]
    assert int(p["original_total_product_price"]) == sum(int(li["original_price"]) for li in lines)
    assert int(p["seller_discount"]) == sum(int(li["seller_discount"]) for li in lines)
    assert int(p["sub_total"]) == sum(int(li["sale_price"]) for li in lines)
    assert int(p["total_amount"]) == int(p["sub_total"]) + int(p["shipping_fee"])


def test_a_sample_costs_the_buyer_nothing(client: PartnerClient, control: Control) -> None:
    order = detail(client, control.paid(sample=True)["id"])
    assert order["is_sample_order"] is True
    assert order["payment"]["total_amount"] == "0"
    assert all(
        li["sale_price"] == "0" and li["gift_retail_price"] == li["original_price"] for li in order["line_items"]
    )
    money_adds_up(order)


def test_gift_items_ship_with_the_order(client: PartnerClient, control: Control, mock: Mock) -> None:
    sku = stocked_sku(mock)
    order = detail(client, control.paid(items=[{"sku_id": sku, "quantity": 1}], gifts=[{"sku_id": sku}])["id"])
    gifts = [li for li in order["line_items"] if li["is_gift"]]
    assert len(gifts) == 1 and gifts[0]["sale_price"] == "0"
    assert {li["package_id"] for li in order["line_items"]} == {order["packages"][0]["id"]}  # one parcel
    money_adds_up(order)


def test_a_replacement_points_at_the_order_it_replaces(client: PartnerClient, control: Control) -> None:
    first = control.paid()
    order = detail(client, control.paid(replacement_of=first["id"])["id"])
    assert (order["is_replacement_order"], order["replaced_order_id"]) == (True, first["id"])
    money_adds_up(order)
    bad = control.call("/orders", {"replacement_of": "1"}, ok=False)
    assert (bad.status_code, bad.json()["code"]) == (400, 36009004)


def test_a_pre_order_waits_on_hold_until_release(client: PartnerClient, control: Control, mock: Mock) -> None:
    release = mock.clock.now_s() + 7 * 86400
    order = control.paid(pre_order_release=release)
    got = detail(client, order["id"])
    assert (got["order_type"], got["release_date"], got["status"]) == ("PRE_ORDER", release, "ON_HOLD")
    control.call(f"/orders/{order['id']}/release_hold")
    assert detail(client, order["id"])["status"] == "AWAITING_SHIPMENT"


def test_cod_orders(client: PartnerClient, control: Control) -> None:
    order = detail(client, control.paid(payment_method="COD")["id"])
    assert order["is_cod"] is True and order["payment_method_name"] == "COD"


@pytest.fixture(scope="module")
def seeded() -> list[dict[str, Any]]:
    app = create_app(Settings(seed=1, orders_per_shop=2000, validate_responses=True))
    client = PartnerClient.in_process(app)
    out: list[dict[str, Any]] = []
    token = ""
    while True:
        query: dict[str, Any] = {"page_size": 100, **({"page_token": token} if token else {})}
        data = client.post("/order/202309/orders/search", query=query, json={}).json()["data"]
        out += data["orders"]
        token = data["next_page_token"]
        if not token:
            return out


def test_the_seed_has_every_kind(seeded: list[dict[str, Any]]) -> None:
    kinds = Counter()
    for o in seeded:
        kinds.update(
            sample=o["is_sample_order"],
            replacement=o["is_replacement_order"],
            gift=any(li["is_gift"] for li in o["line_items"]),
            pre_order=o["order_type"] == "PRE_ORDER",
            on_hold=o["is_on_hold_order"],
            cod=o["is_cod"],
        )
    assert all(kinds[k] > 0 for k in ("sample", "replacement", "gift", "pre_order", "on_hold", "cod")), kinds
    assert kinds["sample"] + kinds["replacement"] < len(seeded) // 10  # still mostly ordinary orders


def test_seeded_kinds_keep_the_money_consistent(seeded: list[dict[str, Any]]) -> None:
    special = [o for o in seeded if o["is_sample_order"] or o["is_replacement_order"]
               or any(li["is_gift"] for li in o["line_items"])]  # fmt: skip
    assert special
    for o in special:
        money_adds_up(o)
    ids = {o["id"] for o in seeded}
    assert all(o["replaced_order_id"] in ids for o in seeded if o["is_replacement_order"])
    assert all(o["is_on_hold_order"] and "release_date" in o for o in seeded if o["order_type"] == "PRE_ORDER")


def test_the_seeded_kinds_are_deterministic(seeded: list[dict[str, Any]]) -> None:
    again = create_app(Settings(seed=1, orders_per_shop=2000))
    client = PartnerClient.in_process(again)
    sample = next(o for o in seeded if o["is_sample_order"])
    (got,) = client.get("/order/202309/orders", query={"ids": sample["id"]}).json()["data"]["orders"]
    assert got["is_sample_order"] and got["line_items"] == sample["line_items"]


def test_a_view_of_a_seeded_order_has_the_money_the_order_has() -> None:
    """Finance and analytics read lazy seeded orders through views (orders/peek.py): a sample's or a replacement's
    free shipping must be in the view as in the materialized order."""
    from mockserver.orders import peek
    from mockserver.orders.kinds import seeded_kind

    mock = create_app(Settings()).state.mock
    store, book = mock.store, mock.store.order_book
    store.lazy.all()  # every shop built (lazyshops.py); its seeded orders stay lazy until read
    free = 0
    for block in book.blocks:
        for i in range(len(block.create)):
            order_id = block.order_id(i)
            if seeded_kind(block.salt(i)) not in (0, 1) or order_id in store.orders:
                continue
            seen = peek.view(store, order_id)
            assert seen is not None
            order = mock_order(mock, order_id)
            assert (seen.payment.total_amount, seen.payment.shipping_fee) == (
                order.payment.total_amount,
                order.payment.shipping_fee,
            ), order_id
            free += 1
    assert free > 0  # the seed has samples or replacements that were still lazy


def mock_order(mock: Mock, order_id: str) -> Any:
    from mockserver.orders import backend

    with mock.store.lock:
        return backend.require_order(mock.store, order_id)
