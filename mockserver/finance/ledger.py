"""The ledger's writers: book settlements, refunds and adjustments, close days into statements, pay statements out.

Works on a `Ledger` and its `ShopLedger`s only — no store — so the rules can be driven by generated histories in
tests. What it does to the outside goes through `Hooks`: `emit` (a domain event) and `schedule` (a timer). The
feed (finance/feed.py) passes hooks onto the store; history building passes silent ones.

Statements: at 00:00 UTC a shop's transactions booked the day before become one statement (no statement for a day
with none). Payouts: every `payout_days`-th day at 00:00 UTC the statements not yet paid become one payment, when
they add up to more than zero (else they wait for the next payout); a payment is PROCESSING until
`payout_seconds` later, then PAID — unless the control plane failed it.
"""

from __future__ import annotations

from array import array
from bisect import bisect_right, insort
from collections.abc import Sequence
from decimal import Decimal
from typing import Any, Protocol

from mockserver.finance import money, rules
from mockserver.finance.models import (
    DAY,
    FAILED,
    ORDER,
    PAID,
    PAYMENT_CREATED,
    PAYMENT_STATUS_CHANGED,
    PAYOUT_TIMER,
    PROCESSING,
    STATEMENT_CREATED,
    TRANSACTION_SETTLED,
    FeeTable,
    Ledger,
    Payment,
    Refund,
    ShopLedger,
    Statement,
    Transaction,
)
from mockserver.finance.naming import ident
from mockserver.orders.index import key
from mockserver.orders.peek import OrderView

ZERO = money.ZERO


class Hooks(Protocol):
    def emit(self, type: str, time: int, shop_id: str, kind: str, subject: str, **data: Any) -> None: ...  # noqa: A002

    def schedule(self, due: int, kind: str, subject: str) -> None: ...


def midnight(t: int) -> int:
    return t // DAY * DAY


def statement_time_of(t: int) -> int:
    """The statement a transaction booked at `t` belongs to: the next 00:00 UTC."""
    return midnight(t) + DAY


def fees_at(ledger: Ledger, t: int) -> tuple[int, FeeTable]:
    """(version, table) in force at `t`."""
    i = max(0, bisect_right([since for since, _ in ledger.fees], t) - 1)
    return i, ledger.fees[i][1]


def refunds_of(ledger: Ledger, order_id: str, keys: Sequence[str]) -> list[Refund]:
    wanted = set(keys)
    return [r for r in ledger.refunds.get(order_id, ()) if r.key in wanted]


def lines_of(ledger: Ledger, tx: Transaction, view: OrderView) -> rules.OrderSettlement:
    """An ORDER transaction's lines by SKU, re-derived from its order as it was settled (fees then, refunds then)."""
    table = ledger.fees[tx.fees_version][1]
    before = refunds_of(ledger, view.id, tx.refunds_before)
    if not tx.refunds_after:
        return rules.settle(view, table, before)
    after = refunds_of(ledger, view.id, tx.refunds_after)
    return rules.settle(view, table, [*before, *after]).minus(rules.settle(view, table, before))


# --- booking ------------------------------------------------------------------------------------------------------
def book_order(ledger: Ledger, shop: ShopLedger, view: OrderView, t: int, hooks: Hooks) -> Transaction | None:
    """Settle an order at `t` with the fees in force and the refunds completed by then; None if it already is."""
    if view.id in shop.by_order:
        return None
    version, table = fees_at(ledger, t)
    before = [r for r in ledger.refunds.get(view.id, ()) if r.time <= t]
    revenue, shipping, fee_tax = rules.settle(view, table, before).amounts()
    tx = Transaction(
        id=ident(ledger.config.seed, "transaction", view.id, 0, first="1"),
        kind=ORDER,
        time=t,
        statement_time=statement_time_of(t),
        sort_time=view.create_time,
        revenue=revenue,
        shipping=shipping,
        fee_tax=fee_tax,
        adjustment=ZERO,
        order_id=view.id,
        order_create_time=view.create_time,
        fees_version=version,
        refunds_before=tuple(r.key for r in before),
    )
    drop_unsettled(shop, view.create_time, view.seq)
    _book(shop, tx, hooks)
    return tx


def book_refund(ledger: Ledger, shop: ShopLedger, view: OrderView, refund: Refund, hooks: Hooks) -> Transaction | None:
    """A refund of an order that already settled: one more ORDER transaction with the difference it makes."""
    ids = shop.by_order.get(view.id)
    if not ids:
        return None
    txs = [shop.transactions[i] for i in ids]
    included = [k for tx in txs for k in (*tx.refunds_before, *tx.refunds_after)]
    if refund.key in included:
        return None
    first = txs[0]
    table = ledger.fees[first.fees_version][1]
    change = rules.difference(view, table, refunds_of(ledger, view.id, included), refund).total
    tx = Transaction(
        id=ident(ledger.config.seed, "transaction", view.id, len(txs), first="1"),
        kind=ORDER,
        time=refund.time,
        statement_time=statement_time_of(refund.time),
        sort_time=view.create_time,
        revenue=change.revenue_amount,
        shipping=change.shipping_amount,
        fee_tax=change.fee_tax_amount,
        adjustment=ZERO,
        order_id=view.id,
        order_create_time=view.create_time,
        fees_version=first.fees_version,
        refunds_before=tuple(included),
        refunds_after=(refund.key,),
    )
    _book(shop, tx, hooks)
    return tx


def book_adjustment(
    ledger: Ledger,
    shop: ShopLedger,
    kind: str,
    amount: Decimal,
    t: int,
    hooks: Hooks,
    *,
    order: OrderView | None = None,
    note: str = "",
) -> Transaction:
    n = shop.adjustments
    shop.adjustments += 1
    adjustment_id = ident(ledger.config.seed, "adjustment", shop.shop_id, n)
    tx = Transaction(
        id=ident(ledger.config.seed, "transaction", adjustment_id, 0, first="1"),
        kind=kind,
        time=t,
        statement_time=statement_time_of(t),
        sort_time=order.create_time if order is not None else t,
        revenue=ZERO,
        shipping=ZERO,
        fee_tax=ZERO,
        adjustment=money.rounded(amount, shop.currency),
        order_create_time=order.create_time if order is not None else None,
        adjustment_id=adjustment_id,
        adjustment_order_id=order.id if order is not None else "",
        note=note,
    )
    _book(shop, tx, hooks)
    return tx


def _book(shop: ShopLedger, tx: Transaction, hooks: Hooks) -> None:
    shop.transactions[tx.id] = tx
    shop.open_ids.append(tx.id)
    if tx.order_id is not None:
        shop.by_order.setdefault(tx.order_id, []).append(tx.id)
    hooks.emit(
        TRANSACTION_SETTLED,
        tx.time,
        shop.shop_id,
        "transaction",
        tx.id,
        transaction_type=tx.kind,
        order_id=tx.order_id or tx.adjustment_order_id or None,
        settlement_amount=money.text(tx.settlement, shop.currency),
        statement_time=tx.statement_time,
    )


# --- the unsettled list -----------------------------------------------------------------------------------------
def add_unsettled(shop: ShopLedger, order_id: str, create_time: int, seq: int) -> None:
    k = key(create_time, seq)
    if k not in shop.unsettled and order_id not in shop.by_order:
        shop.unsettled[k] = order_id
        insort(shop.unsettled_keys, k)


def drop_unsettled(shop: ShopLedger, create_time: int, seq: int) -> None:
    k = key(create_time, seq)
    if shop.unsettled.pop(k, None) is not None:
        keys = shop.unsettled_keys
        i = bisect_right(keys, k) - 1
        if i >= 0 and keys[i] == k:
            del keys[i]


# --- days, statements and payouts --------------------------------------------------------------------------------
def close_through(ledger: Ledger, shop: ShopLedger, t: int, hooks: Hooks) -> None:
    """Generate every statement (and payout) due at or before `t`, then settle the payouts due by `t`."""
    if shop.closed_through + DAY <= t:
        due: dict[int, list[Transaction]] = {}
        left: list[str] = []
        for i in shop.open_ids:
            tx = shop.transactions[i]
            if tx.statement_time <= t:  # (one booked into a day already closed goes into the next statement)
                due.setdefault(max(tx.statement_time, shop.closed_through + DAY), []).append(tx)
            else:
                left.append(i)
        shop.open_ids = left
        while shop.closed_through + DAY <= t:
            m = shop.closed_through + DAY
            shop.closed_through = m
            txs = due.pop(m, None)
            if txs:
                _statement(ledger, shop, m, txs, hooks)
            if (m // DAY) % max(1, ledger.config.payout_days) == 0:
                _payout(ledger, shop, m, hooks)
    pay_due(ledger, shop, t, hooks)


def _statement(ledger: Ledger, shop: ShopLedger, m: int, txs: list[Transaction], hooks: Hooks) -> Statement:
    ordered = sorted(enumerate(txs), key=lambda p: (p[1].sort_time, p[0]))
    st = Statement(
        id=ident(ledger.config.seed, "statement", shop.shop_id, m),
        shop_id=shop.shop_id,
        statement_time=m,
        currency=shop.currency,
        transaction_ids=[tx.id for _, tx in ordered],
        sort_keys=array("q", (key(tx.sort_time, pos) for pos, (_, tx) in enumerate(ordered))),
        revenue=money.total(tx.revenue for tx in txs),
        shipping=money.total(tx.shipping for tx in txs),
        fee_tax=money.total(tx.fee_tax for tx in txs),
        adjustment=money.total(tx.adjustment for tx in txs),
    )
    shop.statements[st.id] = st
    shop.statement_ids.append(st.id)
    shop.unpaid.append(st.id)
    hooks.emit(
        STATEMENT_CREATED,
        m,
        shop.shop_id,
        "statement",
        st.id,
        statement_time=m,
        settlement_amount=money.text(st.settlement, shop.currency),
        transactions=len(txs),
    )
    return st


def _payout(ledger: Ledger, shop: ShopLedger, m: int, hooks: Hooks) -> Payment | None:
    statements = [shop.statements[i] for i in shop.unpaid]
    amount = money.total(s.settlement for s in statements)
    if not statements or amount <= 0:
        return None  # nothing to pay, or a negative balance: the statements wait for the next payout
    payment = Payment(
        id=ident(ledger.config.seed, "payment", shop.shop_id, m, first="3"),
        shop_id=shop.shop_id,
        create_time=m,
        currency=shop.currency,
        statement_ids=[s.id for s in statements],
        amount=amount,
        bank_account=shop.bank_account,
    )
    for s in statements:
        s.payment_id = payment.id
    shop.unpaid = []
    shop.payments[payment.id] = payment
    shop.payment_ids.append(payment.id)
    hooks.emit(
        PAYMENT_CREATED,
        m,
        shop.shop_id,
        "payment",
        payment.id,
        status=PROCESSING,
        amount=money.text(amount, shop.currency),
        statement_ids=list(payment.statement_ids),
    )
    hooks.schedule(m + ledger.config.payout_seconds, PAYOUT_TIMER, f"{shop.shop_id}:{payment.id}")
    return payment


def pay_due(ledger: Ledger, shop: ShopLedger, t: int, hooks: Hooks) -> None:
    """PROCESSING payments whose transfer time has come are PAID (at that time)."""
    wait = ledger.config.payout_seconds
    for pid in shop.payment_ids:
        p = shop.payments[pid]
        if p.status == PROCESSING and p.create_time + wait <= t:
            set_payment_status(shop, p, PAID, p.create_time + wait, hooks)


def set_payment_status(shop: ShopLedger, payment: Payment, status: str, t: int, hooks: Hooks, reason: str = "") -> None:
    before = payment.status
    payment.status = status
    if status == PAID:
        payment.paid_time = t
    elif status == FAILED:
        payment.failed_time = t
    hooks.emit(
        PAYMENT_STATUS_CHANGED,
        t,
        shop.shop_id,
        "payment",
        payment.id,
        before=before,
        after=status,
        reason=reason or None,
    )


def statement_status(shop: ShopLedger, st: Statement) -> str:
    """Get Statements `payment_status`: its payment's, or PROCESSING while it waits for one."""
    return shop.payments[st.payment_id].status if st.payment_id else PROCESSING
