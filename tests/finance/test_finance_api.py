"""The finance operations over the seeded store, through the Partner API (signed, responses validated against
their schemas): statements add up to their transactions, payments to their statements, an order's transactions to
its payment lines; the lifecycle from unsettled to settled; refunds, cancellations, errors, paging, scoping."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal
from typing import Any

import pytest

from mockserver.clock import FrozenClock
from mockserver.finance.models import SETTLE_TIMER
from mockserver.runtime import Mock
from mockserver.testing import PartnerClient
from tests.finance.conftest import (
    DAY,
    PAYMENTS,
    STATEMENTS,
    UNSETTLED,
    WITHDRAWALS,
    advance,
    all_pages,
    fails,
    ok,
    order_transactions,
    refund,
    statement_rows,
    statement_transactions,
    total,
)
from tests.orders.conftest import Control, stocked_sku

SORT = {"sort_field": "statement_time"}


def statements(client: PartnerClient, **query: Any) -> list[dict[str, Any]]:
    return all_pages(client, STATEMENTS, "statements", **(SORT | query))


def unsettled(client: PartnerClient) -> dict[str, dict[str, Any]]:
    rows = all_pages(client, UNSETTLED, "transactions", sort_field="order_create_time", page_size=100)
    return {r["order_id"]: r for r in rows}


def place_paid(control: Control, mock: Mock, qty: int = 2, method: str = "GoPay") -> dict[str, Any]:
    sku = stocked_sku(mock, qty)
    return control.place(paid=True, items=[{"sku_id": sku, "quantity": qty}], payment_method=method)


def pass_midnight(clock: FrozenClock, client: PartnerClient, mock: Mock) -> None:
    advance(clock, client, mock, DAY - clock.now_s() % DAY + 1)
    ok(client.get(STATEMENTS, query=SORT))  # any request: the platform catches up


# --- the seeded books -----------------------------------------------------------------------------------------
def test_every_statement_is_the_sum_of_its_transactions(client: PartnerClient) -> None:
    listed = statements(client, page_size=7)
    assert len(listed) >= 5
    for st in listed:
        head, rows = statement_rows(client, st["id"], page_size=3)
        assert head["total_count"] == len(rows) > 0
        assert total([r["settlement_amount"] for r in rows]) == Decimal(st["settlement_amount"])
        assert total([r["revenue_amount"] for r in rows]) == Decimal(st["revenue_amount"])
        fees = [r["shipping_cost_amount"] for r in rows] + [r["fee_tax_amount"] for r in rows]
        assert total(fees) == Decimal(st["fee_amount"])
        assert total([r["adjustment_amount"] for r in rows]) == Decimal(st["adjustment_amount"])
        assert Decimal(st["revenue_amount"]) + Decimal(st["fee_amount"]) + Decimal(st["adjustment_amount"]) == Decimal(
            st["settlement_amount"]
        )
        b = head["total_settlement_breakdown"]
        parts = [b[k] for k in ("total_revenue_amount", "total_shipping_cost_amount", "total_fee_tax_amount")]
        assert total([*parts, b["total_adjustment_amount"]]) == Decimal(head["total_settlement_amount"])
        assert head["total_settlement_amount"] == st["settlement_amount"] and head["status"] == "SETTLED"


def test_statements_are_daily_at_midnight_utc_in_idr(client: PartnerClient) -> None:
    listed = statements(client, page_size=100)
    times = [st["statement_time"] for st in listed]
    assert times == sorted(times) and len(set(times)) == len(times)
    assert all(t % DAY == 0 for t in times)
    assert {st["currency"] for st in listed} == {"IDR"}
    assert all(st["settlement_amount"].lstrip("-").isdigit() for st in listed)


def test_each_payment_is_the_sum_of_the_statements_it_pays(client: PartnerClient) -> None:
    paid: dict[str, Decimal] = {}
    for st in statements(client, page_size=100):
        if st["payment_id"]:
            paid[st["payment_id"]] = paid.get(st["payment_id"], Decimal(0)) + Decimal(st["settlement_amount"])
    payments = all_pages(client, PAYMENTS, "payments", sort_field="create_time", page_size=5)
    assert {p["id"] for p in payments} == set(paid)
    for p in payments:
        assert Decimal(p["amount"]["value"]) == paid[p["id"]] == Decimal(p["settlement_amount"]["value"])
        assert p["bank_account"].startswith("*" * 11) and p["bank_account"][-4:].isdigit()
        assert p["status"] in ("PAID", "PROCESSING") and p["amount"]["currency"] == "IDR"


def test_a_seeded_orders_transactions_equal_its_payment_lines_minus_fees(client: PartnerClient) -> None:
    st = statements(client, page_size=100)[-1]
    _, rows = statement_rows(client, st["id"])
    order_id = next(r["order_id"] for r in rows if r["type"] == "ORDER")
    order = ok(client.get("/order/202309/orders", query={"ids": order_id}))["orders"][0]
    tx = ok(client.get(order_transactions(order_id)))
    p = order["payment"]
    carrier = Decimal(p["original_shipping_fee"]) if order["shipping_type"] == "TIKTOK" else Decimal(0)
    paid = Decimal(p["total_amount"]) + Decimal(p["platform_discount"]) + Decimal(p["shipping_fee_platform_discount"])
    assert Decimal(tx["settlement_amount"]) == paid - carrier + Decimal(tx["fee_and_tax_amount"])
    assert Decimal(tx["revenue_amount"]) == Decimal(p["original_total_product_price"]) - Decimal(p["seller_discount"])
    assert total([s["settlement_amount"] for s in tx["sku_transactions"]]) == Decimal(tx["settlement_amount"])
    assert sum(int(s["quantity"]) for s in tx["sku_transactions"]) == len(order["line_items"])
    assert {s["statement_id"] for s in tx["sku_transactions"]} == {st["id"]}


def test_withdrawals_mirror_statements_and_payments(client: PartnerClient) -> None:
    listed = statements(client, page_size=100)
    settles = all_pages(client, WITHDRAWALS, "withdrawals", types="SETTLE", page_size=9)
    assert sorted(Decimal(w["amount"]) for w in settles) == sorted(Decimal(s["settlement_amount"]) for s in listed)
    both = ok(client.get(WITHDRAWALS, query={"types": "SETTLE,WITHDRAW", "page_size": 100}))
    withdraws = [w for w in both["withdrawals"] if w["type"] == "WITHDRAW"]
    payments = all_pages(client, PAYMENTS, "payments", sort_field="create_time", page_size=100)
    assert both["total_count"] == len(listed) + len(payments) == len(both["withdrawals"])
    assert sorted(Decimal(w["amount"]) for w in withdraws) == sorted(Decimal(p["amount"]["value"]) for p in payments)


# --- the lifecycle ------------------------------------------------------------------------------------------------
def test_an_order_goes_from_unsettled_to_settled_with_its_fee_lines(
    client: PartnerClient, control: Control, mock: Mock, clock: FrozenClock
) -> None:
    order = place_paid(control, mock, qty=2)
    row = unsettled(client)[order["id"]]
    assert (row["status"], row["unsettled_reason"], row["estimated_settlement"]) == (
        "UNSETTLED",
        "waiting for delivery",
        "7 days after delivery",
    )
    assert ok(client.get(order_transactions(order["id"])))["sku_transactions"] == []
    delivered = control.advance(order["id"], "COMPLETED")
    row = unsettled(client)[order["id"]]
    assert row["order_delivery_time"] == delivered["delivery_time"]
    assert row["estimated_settlement"] == str(delivered["delivery_time"] + 7 * DAY)

    advance(clock, client, mock, 7 * DAY + 1)
    assert order["id"] not in unsettled(client)
    tx = ok(client.get(order_transactions(order["id"])))
    (sku,) = tx["sku_transactions"]
    revenue = Decimal(order["payment"]["sub_total"])
    buyer_paid = Decimal(order["payment"]["total_amount"])
    fee = sku["fee_tax_breakdown"]["fee"]

    def pct(rate: str, basis: Decimal) -> str:
        return str(-(Decimal(rate) * basis).quantize(Decimal(1), rounding=ROUND_HALF_UP))

    assert fee["platform_commission_amount"] == pct("0.04", revenue)
    assert fee["transaction_fee_amount"] == pct("0.018", buyer_paid)
    assert fee["dynamic_commission_amount"] == str(max(-40000, int(pct("0.045", revenue))))
    assert fee["credit_card_handling_fee_amount"] == fee["sfp_service_fee_amount"] == "0"
    assert sku["quantity"] == "2" and sku["statement_id"] == ""  # the statement comes at the next 00:00 UTC
    assert Decimal(tx["settlement_amount"]) == Decimal(row["est_settlement_amount"])

    pass_midnight(clock, client, mock)
    (st,) = [s for s in statements(client) if s["statement_time"] == clock.now_s() - clock.now_s() % DAY]
    _, rows = statement_rows(client, st["id"])
    assert order["id"] in [r["order_id"] for r in rows]
    settled = mock.store.events.query(types=frozenset({"transaction.settled"}))
    mine = [e for e in settled if e.data["order_id"] == order["id"]]
    assert [e.time for e in mine] == [delivered["delivery_time"] + 7 * DAY]
    assert len(settled) > 1  # the seeded orders delivered in the week before the seeding settled too, on time


def test_the_settlement_timer_is_the_delay_after_delivery(control: Control, mock: Mock, client: PartnerClient) -> None:
    order = place_paid(control, mock)
    delivered = control.advance(order["id"], "DELIVERED")
    ok(client.get(UNSETTLED, query={"sort_field": "order_create_time"}))
    due = [t for t in mock.store.timers if t[2] == SETTLE_TIMER and t[3] == order["id"]]
    assert [t[0] for t in due] == [delivered["delivery_time"] + 7 * DAY]


def test_a_refund_before_settlement_is_a_line_of_the_settlement(
    client: PartnerClient, control: Control, mock: Mock, clock: FrozenClock
) -> None:
    order = place_paid(control, mock, qty=2)
    control.advance(order["id"], "DELIVERED")
    li = order["line_items"][0]
    refund(mock, order, [{"line_item_id": li["id"], "sku_id": li["sku_id"], "refund_amount": li["sale_price"]}])
    row = unsettled(client)[order["id"]]
    assert row["revenue_breakdown"]["refund_subtotal_before_discount_amount"] == f"-{li['original_price']}"
    advance(clock, client, mock, 7 * DAY + 1)
    tx = ok(client.get(order_transactions(order["id"])))
    (sku,) = tx["sku_transactions"]
    assert sku["revenue_breakdown"]["refund_subtotal_before_discount_amount"] == f"-{li['original_price']}"
    assert sku["quantity"] == "1"
    assert Decimal(tx["revenue_amount"]) == Decimal(order["payment"]["sub_total"]) - Decimal(li["sale_price"])


def test_a_refund_after_settlement_is_a_negative_transaction_of_its_own(
    client: PartnerClient, control: Control, mock: Mock, clock: FrozenClock
) -> None:
    order = place_paid(control, mock, qty=1)
    control.advance(order["id"], "DELIVERED")
    advance(clock, client, mock, 7 * DAY + 1)
    first = ok(client.get(order_transactions(order["id"])))
    li = order["line_items"][0]
    refund(mock, order, [{"line_item_id": li["id"], "sku_id": li["sku_id"], "refund_amount": li["sale_price"]}])
    after = ok(client.get(order_transactions(order["id"])))
    assert len(after["sku_transactions"]) == 2
    back = after["sku_transactions"][1]
    assert Decimal(back["settlement_amount"]) < 0 and back["quantity"] == "-1"
    assert back["revenue_breakdown"]["refund_subtotal_before_discount_amount"] == f"-{li['original_price']}"
    # The refund gives the commissions back; what is left is the transaction fee on the shipping the buyer paid.
    shipping = Decimal(order["payment"]["shipping_fee"])
    kept = -(Decimal("0.018") * shipping).quantize(Decimal(1), rounding=ROUND_HALF_UP)
    assert Decimal(after["fee_and_tax_amount"]) == kept > Decimal(first["fee_and_tax_amount"])
    carrier = Decimal(order["payment"]["original_shipping_fee"]) if order["shipping_type"] == "TIKTOK" else 0
    assert Decimal(after["settlement_amount"]) == shipping - carrier + kept
    refund(mock, order, [{"line_item_id": li["id"], "sku_id": li["sku_id"], "refund_amount": li["sale_price"]}])
    assert len(ok(client.get(order_transactions(order["id"])))["sku_transactions"]) == 2  # the same return: once


def test_an_order_cancelled_before_settlement_never_settles(
    client: PartnerClient, control: Control, mock: Mock, clock: FrozenClock
) -> None:
    order = place_paid(control, mock)
    assert order["id"] in unsettled(client)
    control.call(f"/orders/{order['id']}/cancel", {"by": "SELLER"})
    assert order["id"] not in unsettled(client)
    advance(clock, client, mock, 30 * DAY)
    assert ok(client.get(order_transactions(order["id"])))["sku_transactions"] == []


def test_unsettled_sums_are_the_sum_of_the_rows(client: PartnerClient) -> None:
    data = ok(client.get(UNSETTLED, query={"sort_field": "order_create_time", "page_size": 100}))
    rows = data["transactions"]
    assert data["total_count"] == len(rows) > 0
    assert total([r["est_settlement_amount"] for r in rows]) == Decimal(data["sum_est_settlement_amount"])
    assert total([r["est_revenue_amount"] for r in rows]) == Decimal(data["sum_est_revenue_amount"])
    parts = [data["sum_est_revenue_amount"], data["sum_est_fee_amount"], data["sum_est_adjustment_amount"]]
    assert total(parts) == Decimal(data["sum_est_settlement_amount"])
    for r in rows:
        fees = total(list(r["fee_tax_breakdown"]["fee"].values()) + list(r["fee_tax_breakdown"]["tax"].values()))
        assert fees == Decimal(r["est_fee_tax_amount"])


# --- filters, paging, errors ----------------------------------------------------------------------------------
def test_time_filters_and_sort_order(client: PartnerClient) -> None:
    listed = statements(client, page_size=100)
    middle = listed[len(listed) // 2]["statement_time"]
    later = statements(client, statement_time_ge=middle, page_size=4)
    assert [s["id"] for s in later] == [s["id"] for s in listed if s["statement_time"] >= middle]
    earlier = statements(client, statement_time_lt=middle, sort_order="DESC", page_size=4)
    assert [s["id"] for s in earlier] == [s["id"] for s in reversed(listed) if s["statement_time"] < middle]
    assert statements(client, statement_time_ge=middle, statement_time_lt=middle) == []
    paid = statements(client, payment_status="PAID", page_size=100)
    assert {s["payment_status"] for s in paid} == {"PAID"} and len(paid) < len(listed) + 1


def test_a_page_token_belongs_to_its_query(client: PartnerClient) -> None:
    first = ok(client.get(STATEMENTS, query=SORT | {"page_size": 1}))
    token = first["next_page_token"]
    assert token and len(first["statements"]) == 1
    second = ok(client.get(STATEMENTS, query=SORT | {"page_size": 1, "page_token": token}))
    assert second["statements"] != first["statements"]
    # A token another query issued, or one made up, is an empty last page (no finance error is documented).
    for other in ({"page_size": 1, "sort_order": "DESC", "page_token": token}, {"page_token": "6AsPQsUMvH3Rkch"}):
        assert ok(client.get(STATEMENTS, query=SORT | other)) == {"next_page_token": "", "statements": []}


@pytest.mark.parametrize(
    ("path", "query", "word"),
    [
        (STATEMENTS, {"sort_field": "statement_time", "payment_status": "DONE"}, "payment_status"),
        (STATEMENTS, {"sort_field": "create_time"}, "sort_field"),
        (STATEMENTS, {"sort_field": "statement_time", "page_size": 101}, "page_size"),
        (PAYMENTS, {"sort_field": "statement_time"}, "sort_field"),
        (WITHDRAWALS, {"types": "SALARY"}, "types"),
        (WITHDRAWALS, {"page_size": 5}, "Types"),
        (UNSETTLED, {"sort_field": "update_time"}, "sort_field"),
        (statement_transactions("7000000000000000000"), {"sort_field": "create_time"}, "sort_field"),
    ],
)
def test_values_outside_the_documented_lists_answer_the_parameter_error(
    client: PartnerClient, path: str, query: dict[str, Any], word: str
) -> None:
    assert word in fails(client.get(path, query=query), 36009004, 400)


@pytest.mark.parametrize(
    ("path", "query"),
    [
        (STATEMENTS, {"sort_field": "statement_time", "statement_time_ge": 1780000000, "statement_time_lt": 10}),
        (PAYMENTS, {"sort_field": "create_time", "create_time_ge": 1780000000, "create_time_lt": 10}),
        (WITHDRAWALS, {"types": "SETTLE", "create_time_ge": 1780000000, "create_time_lt": 10}),
        (UNSETTLED, {"sort_field": "order_create_time", "search_time_ge": 1780000000, "search_time_lt": 10}),
    ],
)
def test_a_reversed_range_is_empty(client: PartnerClient, path: str, query: dict[str, Any]) -> None:
    data = ok(client.get(path, query=query))
    assert data["next_page_token"] == "" and not any(isinstance(v, list) and v for v in data.values())


def test_unknown_ids_and_other_shops_have_nothing(client: PartnerClient, mock: Mock, app: Any) -> None:
    sort = {"sort_field": "order_create_time"}
    empty = ok(client.get(statement_transactions("7000000000000000000"), query=sort))
    assert (empty["id"], empty["transactions"], empty["total_count"]) == ("7000000000000000000", [], 0)
    none = ok(client.get(order_transactions("570000000000000000")))
    assert (none["sku_transactions"], none["settlement_amount"]) == ([], "0")
    mine = statements(client)[-1]
    other = PartnerClient.in_process(app, shop="second")
    theirs = statements(other)
    assert theirs and {s["id"] for s in theirs}.isdisjoint(s["id"] for s in statements(client))
    assert ok(other.get(statement_transactions(mine["id"]), query=sort))["transactions"] == []
    head, rows = statement_rows(client, mine["id"])
    order_id = next(r["order_id"] for r in rows if r["type"] == "ORDER")
    assert ok(client.get(order_transactions(order_id)))["sku_transactions"]
    assert ok(other.get(order_transactions(order_id)))["sku_transactions"] == []


def test_the_official_example_queries_are_accepted(client: PartnerClient) -> None:
    examples = [
        (
            STATEMENTS,
            {
                "statement_time_lt": 1623812664,
                "payment_status": "PAID",
                "page_size": 20,
                "sort_field": "statement_time",
                "sort_order": "ASC",
                "statement_time_ge": 1623812664,
            },
        ),
        (
            PAYMENTS,
            {
                "create_time_lt": 1687266376,
                "page_size": 20,
                "sort_field": "create_time",
                "sort_order": "ASC",
                "create_time_ge": 1687266376,
            },
        ),
        (WITHDRAWALS, {"types": "WITHDRAW,SETTLE,TRANSFER,REVERSE", "page_size": 20}),
        (UNSETTLED, {"sort_field": "order_create_time", "sort_order": "ASC", "page_size": 20}),
    ]
    for path, query in examples:
        ok(client.get(path, query=query))


def test_finance_changes_nothing_it_reads(client: PartnerClient, mock: Mock) -> None:
    ok(client.get(STATEMENTS, query=SORT))
    before = mock.store.events.last_seq
    for _ in range(2):
        statements(client, page_size=3)
        ok(client.get(UNSETTLED, query={"sort_field": "order_create_time"}))
    assert mock.store.events.last_seq == before
