"""The control plane's finance steps — settle now, change fee rates, inject an adjustment, fail a payment — and
the determinism of lazily built books."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from mockserver import Settings
from mockserver.clock import FrozenClock
from mockserver.finance import backend
from mockserver.runtime import Mock
from mockserver.testing import PartnerClient
from tests.conftest import T0
from tests.finance.conftest import (
    DAY,
    PAYMENTS,
    STATEMENTS,
    WITHDRAWALS,
    advance,
    all_pages,
    ok,
    order_transactions,
    statement_rows,
)
from tests.orders.conftest import Control, stocked_sku


def delivered(control: Control, mock: Mock, method: str = "GoPay") -> dict[str, Any]:
    order = control.place(paid=True, items=[{"sku_id": stocked_sku(mock)}], payment_method=method)
    return control.advance(order["id"], "DELIVERED")


def test_settle_now_books_delivered_orders_without_waiting(control: Control, mock: Mock, client: PartnerClient) -> None:
    order = delivered(control, mock)
    data = control.call("/finance/settle", {"order_ids": [order["id"]]})
    (tx,) = data["transactions"]
    assert (tx["order_id"], tx["type"], data["statement_time"]) == (order["id"], "ORDER", T0 + DAY)
    got = ok(client.get(order_transactions(order["id"])))
    assert got["settlement_amount"] == tx["settlement_amount"]
    again = control.call("/finance/settle", {"order_ids": [order["id"]]}, ok=False)
    assert (again.status_code, again.json()["code"]) == (409, 40901)


def test_settle_now_refuses_an_order_not_delivered(control: Control, mock: Mock) -> None:
    order = control.place(paid=True)
    r = control.call("/finance/settle", {"order_ids": [order["id"]]}, ok=False)
    assert (r.status_code, r.json()["code"]) == (409, 40901)
    r = control.call("/finance/settle", {"order_ids": ["570000000000000001"]}, ok=False)
    assert (r.status_code, r.json()["code"]) == (404, 40401)


def test_new_fee_rates_apply_to_later_settlements_only(control: Control, mock: Mock, client: PartnerClient) -> None:
    first = delivered(control, mock)
    control.call("/finance/settle", {"order_ids": [first["id"]]})
    before = ok(client.get(order_transactions(first["id"])))
    fees = control.call("/finance/fees", {"fees": {"platform_commission": "0.10", "dynamic_commission": "0"}})["fees"]
    assert {f["fee"]: f["rate"] for f in fees}["platform_commission_amount"] == "0.10"
    second = delivered(control, mock)
    control.call("/finance/settle", {"order_ids": [second["id"]]})
    (sku,) = ok(client.get(order_transactions(second["id"])))["sku_transactions"]
    revenue = Decimal(sku["revenue_amount"])
    assert Decimal(sku["fee_tax_breakdown"]["fee"]["platform_commission_amount"]) == -(revenue / 10).quantize(1)
    assert sku["fee_tax_breakdown"]["fee"]["dynamic_commission_amount"] == "0"
    assert ok(client.get(order_transactions(first["id"]))) == before
    events = mock.store.events.query(types=frozenset({"finance.fees_changed"}))
    assert len(events) == 1 and events[0].time == T0


def test_a_bad_fee_change_is_refused_and_changes_nothing(control: Control, client: PartnerClient) -> None:
    table = client.http.get("/_mock/finance/fees").json()["data"]["fees"]
    for body in ({"fees": {"platform_commission": "1.5"}}, {"fees": {"bribe": "0.1"}}, {"fees": []}, {"x": 1}):
        r = control.call("/finance/fees", body, ok=False)
        assert (r.status_code, r.json()["code"]) == (400, 36009004), body
    assert client.http.get("/_mock/finance/fees").json()["data"]["fees"] == table


def test_an_injected_adjustment_lands_in_the_next_statement(
    control: Control, mock: Mock, client: PartnerClient, clock: FrozenClock
) -> None:
    order = delivered(control, mock)
    data = control.call(
        "/finance/adjustments", {"type": "LOGISTICS_REIMBURSEMENT", "amount": "25000", "order_id": order["id"]}
    )
    assert data["transaction"]["settlement_amount"] == "25000"
    advance(clock, client, mock, DAY + 1)
    st = all_pages(client, STATEMENTS, "statements", sort_field="statement_time")[-1]
    assert st["statement_time"] == data["statement_time"]
    _, rows = statement_rows(client, st["id"])
    (adj,) = [r for r in rows if r["type"] == "LOGISTICS_REIMBURSEMENT"]
    assert (adj["adjustment_amount"], adj["adjustment_order_id"]) == ("25000", order["id"])
    assert adj["adjustment_id"] == data["transaction"]["adjustment_id"]
    assert Decimal(st["adjustment_amount"]) >= Decimal(25000)
    for body in ({"type": "BONUS", "amount": "1"}, {"type": "REBATE", "amount": "1.5e"}, {"type": "REBATE"}):
        r = control.call("/finance/adjustments", body, ok=False)
        assert (r.status_code, r.json()["code"]) == (400, 36009004), body


def test_a_failed_payment_fails_its_statements_and_reverses(
    control: Control, mock: Mock, client: PartnerClient
) -> None:
    payments = all_pages(client, PAYMENTS, "payments", sort_field="create_time")
    target = payments[-1]
    data = control.call(f"/finance/payments/{target['id']}/fail", {"reason": "ACCOUNT_CLOSED"})
    assert data["payment"]["status"] == "FAILED"
    shown = {p["id"]: p for p in all_pages(client, PAYMENTS, "payments", sort_field="create_time")}
    assert shown[target["id"]]["status"] == "FAILED"
    failed = all_pages(client, STATEMENTS, "statements", sort_field="statement_time", payment_status="FAILED")
    assert failed and {s["payment_id"] for s in failed} == {target["id"]}
    reverse = all_pages(client, WITHDRAWALS, "withdrawals", types="REVERSE")
    assert [(w["amount"], w["status"]) for w in reverse] == [(target["amount"]["value"], "SUCCESS")]
    r = control.call(f"/finance/payments/{target['id']}/fail", ok=False)
    assert (r.status_code, r.json()["code"]) == (409, 40901)
    r = control.call("/finance/payments/3000000000000000000/fail", ok=False)
    assert (r.status_code, r.json()["code"]) == (404, 40401)


def test_payments_become_paid_after_the_payout_time(
    control: Control, mock: Mock, client: PartnerClient, clock: FrozenClock
) -> None:
    order = delivered(control, mock)
    control.call("/finance/settle", {"order_ids": [order["id"]]})
    advance(clock, client, mock, DAY + 1)
    newest = all_pages(client, PAYMENTS, "payments", sort_field="create_time")[-1]
    assert (newest["status"], newest["create_time"]) == ("PROCESSING", T0 + DAY)
    advance(clock, client, mock, DAY)
    again = {p["id"]: p for p in all_pages(client, PAYMENTS, "payments", sort_field="create_time")}[newest["id"]]
    assert (again["status"], again["paid_time"]) == ("PAID", T0 + 2 * DAY)
    changed = mock.store.events.query(types=frozenset({"payment.status_changed"}), subject=newest["id"])
    assert [(e.data["before"], e.data["after"], e.time) for e in changed] == [("PROCESSING", "PAID", T0 + 2 * DAY)]


def test_the_finance_summary(control: Control, client: PartnerClient) -> None:
    ok(client.get(STATEMENTS, query={"sort_field": "statement_time"}))
    data = client.http.get("/_mock/finance").json()["data"]
    assert (data["settlement_days"], data["settles_after"], data["payout_days"]) == (7, "delivery", 1)
    built = [s for s in data["shops"] if s["built"]]
    assert len(built) == 1 and built[0]["statements"] > 0


# --- determinism and laziness ---------------------------------------------------------------------------------
def books(mock: Mock, shop_ref: str, now: int) -> list[tuple[str, int, str, str | None]]:
    store, shop = mock.store, mock.refs.shops[shop_ref]
    with store.lock:
        listing = backend.statements(store, shop, now, backend.Window(size=100), sort_field="statement_time")
        return [(s.id, s.statement_time, str(s.settlement), s.payment_id) for s in listing.items]


def test_same_seed_same_books() -> None:
    a = Mock(Settings(seed=3, clock=FrozenClock(T0)))
    b = Mock(Settings(seed=3, clock=FrozenClock(T0)))
    c = Mock(Settings(seed=4, clock=FrozenClock(T0)))
    assert books(a, "migrated", T0) == books(b, "migrated", T0) != books(c, "migrated", T0)


def test_books_built_late_equal_books_kept_up() -> None:
    """A shop's books built a week after seeding equal those built at seeding and kept up by the timers."""
    early = Mock(Settings(seed=2, clock=FrozenClock(T0)))
    late = Mock(Settings(seed=2, clock=FrozenClock(T0)))
    books(early, "migrated", T0)
    for m in (early, late):
        m.clock.advance(7 * DAY + 5)
        with m.store.lock:
            m.catch_up()
    assert books(early, "migrated", T0 + 7 * DAY + 5) == books(late, "migrated", T0 + 7 * DAY + 5)
    assert late.store.events.query(types=frozenset({"statement.created"})) == []  # built silently, after the fact


def test_seeding_builds_no_books() -> None:
    mock = Mock(Settings(seed=1, clock=FrozenClock(T0)))
    assert mock.store.finance.shops == {} and mock.store.analytics.days == {}
    assert [t[2] for t in mock.store.timers].count("finance.close") == 1
