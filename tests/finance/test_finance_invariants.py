"""The ledger's invariants, over 1,000 generated order histories (tests/finance/histories.py):

- a statement is the sum of its transactions, and revenue + fees (shipping included) + adjustments = settlement,
  for every statement and every transaction;
- a payment is the sum of the statements it pays, and every statement is paid at most once;
- an order's transactions add up to its payment lines (what the buyer paid, plus the platform's discounts, less
  the carrier's charge) minus its fees and its refunds; its fees follow the fee table; a transaction's SKU lines
  add up to it;
- every amount is a whole-rupiah decimal string, computed without floats;
- cancelled orders never settle and leave the unsettled list; undelivered ones stay on it.
"""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Any

from hypothesis import HealthCheck, given, settings

from mockserver.finance import ledger as lg
from mockserver.finance import money, rules
from mockserver.finance.models import FEE_KINDS, ORDER, PAID, PROCESSING, Ledger, ShopLedger
from mockserver.orders import models as m
from mockserver.orders.peek import OrderView
from mockserver.partner.finance import render
from mockserver.schemas import SchemaRegistry
from tests.finance.histories import History, histories, run

IDR = re.compile(r"^-?(0|[1-9]\d*)$")
SCHEMAS = SchemaRegistry().operations
TX_SCHEMA = SCHEMAS["get_transactions_by_statement"].response
ZERO = Decimal(0)


#: String fields that are not amounts.
NOT_AMOUNTS = frozenset(
    {"id", "type", "order_id", "currency", "payment_status", "payment_id", "adjustment_id", "adjustment_order_id"}
)


def _strings(node: Any) -> list[str]:
    """Every amount string in a rendered record."""
    if isinstance(node, dict):
        return [s for k, v in node.items() if k not in NOT_AMOUNTS for s in _strings(v)]
    if isinstance(node, list):
        return [s for v in node for s in _strings(v)]
    return [node] if isinstance(node, str) else []


def _refunded(refunds: list[Any]) -> dict[str, Decimal]:
    """What the buyer got back per line item, over every refund."""
    got: dict[str, Decimal] = {}
    for r in refunds:
        for line in r.lines:
            got[line.line_item_id] = got.get(line.line_item_id, ZERO) + line.amount
    return got


def _reversal(v: OrderView, refunds: list[Any]) -> Decimal:
    """What refunds take back from the seller's revenue: a unit refunded in full its sale price, else the amount."""
    got = _refunded(refunds)
    out = ZERO
    for li in v.line_items:
        if li.id in got:
            sale = Decimal(li.sale_price)
            out += sale if got[li.id] >= sale - Decimal(li.platform_discount) else got[li.id]
    return out


def _expected(v: OrderView, refunds: list[Any], fees: Decimal) -> Decimal:
    p = v.payment
    base = Decimal(p.total_amount) + Decimal(p.platform_discount) + Decimal(p.shipping_fee_platform_discount)
    if v.shipping_type == m.SHIPPING_TIKTOK:
        base -= Decimal(p.original_shipping_fee)
    return base - _reversal(v, refunds) - sum((r.shipping for r in refunds), ZERO) + fees


def check_statements(ledger: Ledger, shop: ShopLedger, views: dict[str, OrderView]) -> None:
    seen: set[str] = set()
    for sid in shop.statement_ids:
        st = shop.statements[sid]
        txs = [shop.transactions[i] for i in st.transaction_ids]
        assert txs and not (seen & set(st.transaction_ids))
        seen |= set(st.transaction_ids)
        assert st.settlement == money.total(tx.settlement for tx in txs)
        assert st.revenue == money.total(tx.revenue for tx in txs)
        assert st.fee == money.total(tx.shipping + tx.fee_tax for tx in txs)
        assert st.adjustment == money.total(tx.adjustment for tx in txs)
        assert st.revenue + st.fee + st.adjustment == st.settlement
        assert all(tx.time < st.statement_time <= tx.time + 86400 for tx in txs)
        keys = list(st.sort_keys)
        assert keys == sorted(keys)
        for s in _strings(render.statement(st, lg.statement_status(shop, st))):
            assert IDR.match(s), s
        for tx in txs:
            assert tx.revenue + tx.shipping + tx.fee_tax + tx.adjustment == tx.settlement
            lines = lg.lines_of(ledger, tx, views[tx.order_id]) if tx.kind == ORDER and tx.order_id else None
            if lines is not None:
                total = lines.total
                assert (total.revenue_amount, total.shipping_amount, total.fee_tax_amount) == (
                    tx.revenue,
                    tx.shipping,
                    tx.fee_tax,
                )
                for field in ("revenue", "shipping", "fees", "supplementary"):
                    for name in getattr(total, field):
                        parts = money.total(getattr(s.lines, field).get(name, ZERO) for s in lines.skus)
                        assert parts == getattr(total, field)[name]
            booked = render.transaction(lg_booked(tx, lines, sid), render._props(TX_SCHEMA, "transactions"), "IDR")
            for s in _strings(booked):
                assert IDR.match(s), s


def lg_booked(tx: Any, lines: Any, sid: str) -> Any:
    from mockserver.finance.backend import Booked

    return Booked(tx, lines, sid)


def check_payments(shop: ShopLedger) -> None:
    paid_by: dict[str, str] = {}
    for pid in shop.payment_ids:
        p = shop.payments[pid]
        statements = [shop.statements[s] for s in p.statement_ids]
        assert p.amount == money.total(s.settlement for s in statements) and p.amount > 0
        assert all(s.payment_id == pid for s in statements)
        for s in p.statement_ids:
            assert s not in paid_by
            paid_by[s] = pid
        assert p.status in (PAID, PROCESSING)
    for sid in shop.statement_ids:
        assert (sid in paid_by) != (sid in shop.unpaid)


def check_orders(ledger: Ledger, shop: ShopLedger, h: History) -> None:
    for v in h.orders:
        ids = shop.by_order.get(v.id, [])
        if v.status == m.CANCELLED or v.delivery_time is None:
            assert ids == []
            continue
        assert ids, "a delivered order settles by the end"
        txs = [shop.transactions[i] for i in ids]
        refunds = ledger.refunds.get(v.id, [])
        table = ledger.fees[txs[0].fees_version][1]
        final = rules.settle(v, table, refunds).total
        fees = money.total(tx.fee_tax for tx in txs)
        assert fees == final.fee_tax_amount
        assert money.total(tx.settlement for tx in txs) == _expected(v, refunds, fees)
        check_fees(v, table, final, refunds)


def check_fees(v: OrderView, table: Any, final: rules.Lines, refunds: list[Any]) -> None:
    skus = len({li.sku_id for li in v.line_items})
    revenue = final.revenue_amount
    paid = Decimal(v.payment.total_amount) - _reversal(v, refunds) - sum((r.shipping for r in refunds), ZERO)
    paid += sum((Decimal(li.platform_discount) for li in v.line_items), ZERO) - _platform_kept_back(v, refunds)
    for rule in table:
        fee = -final.fees[f"{rule.name}_amount"]
        basis_kind, when = FEE_KINDS[rule.name]
        applies = (
            when == "always"
            or (when == "card_payment" and v.payment.method_name == "Kartu Kredit/Debit")
            or (when == "platform_shipping_discount" and Decimal(v.payment.shipping_fee_platform_discount) > 0)
        )
        if not applies:
            assert fee == 0
            continue
        exact = rule.rate * (revenue if basis_kind == "revenue" else paid)
        assert fee >= 0 and (rule.cap is None or fee <= rule.cap)
        if rule.cap is None or exact + skus <= rule.cap:
            assert abs(fee - exact) <= Decimal("0.5") * skus, (rule, fee, exact)


def _platform_kept_back(v: OrderView, refunds: list[Any]) -> Decimal:
    """Platform discounts of the units refunded in full (the buyer paid less than their price; the payment basis
    counts what the buyer paid)."""
    got = _refunded(refunds)
    out = ZERO
    for li in v.line_items:
        pd = Decimal(li.platform_discount)
        if li.id not in got or got[li.id] < Decimal(li.sale_price) - pd:
            out += pd
    return out


@settings(max_examples=1000, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(histories())
def test_the_books_add_up(h: History) -> None:
    ledger, shop, hooks = run(h)
    views = {v.id: v for v in h.orders}
    check_statements(ledger, shop, views)
    check_payments(shop)
    check_orders(ledger, shop, h)
    unsettled = set(shop.unsettled.values())
    assert unsettled == {v.id for v in h.orders if v.status == m.IN_TRANSIT}
    assert len({tx for tx in shop.transactions}) == len(shop.transactions)
    # Every change left its event: one per transaction, statement and payment, and two per payment that was paid.
    types = [e[0] for e in hooks.events]
    assert types.count("transaction.settled") == len(shop.transactions)
    assert types.count("statement.created") == len(shop.statement_ids)
    assert types.count("payment.created") == len(shop.payment_ids)
