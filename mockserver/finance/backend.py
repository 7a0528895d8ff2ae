"""The finance queries and steps both the Partner API and the control plane call. No HTTP here.

Queries (each brings the shop's books up to `now` first: feed.prepare): `statements`, `payments`, `withdrawals`,
`statement_transactions`, `order_transactions`, `unsettled`. Steps (the control plane): `settle_now`, `set_fees`,
`add_adjustment`, `fail_payment`. Errors are the neutral `FinanceError`s of models.py. Lists page with opaque
tokens bound to their query (orders/search.py's codec).
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from decimal import Decimal
from typing import Generic, TypeVar

from mockserver.finance import feed, ledger, rules
from mockserver.finance import history as hist
from mockserver.finance.models import (
    ADJUSTMENT_TYPES,
    FAILED,
    FEES_CHANGED,
    ORDER,
    PAID,
    PAYMENT_STATUSES,
    PROCESSING,
    REVERSE,
    SETTLE,
    SUCCESS,
    WITHDRAW,
    WITHDRAWAL_TYPES,
    FeeRule,
    InvalidPageToken,
    InvalidTransition,
    InvalidValue,
    OrderNotFound,
    Payment,
    PaymentNotFound,
    ShopLedger,
    Statement,
    StatementNotFound,
    Transaction,
)
from mockserver.finance.naming import code, ident
from mockserver.orders import backend as orders
from mockserver.orders.index import key, seq_of, time_of
from mockserver.orders.peek import OrderView
from mockserver.pagetokens import InvalidPageToken as InvalidPageTokenError
from mockserver.pagetokens import PageTokens, key_for
from mockserver.store import Store

T = TypeVar("T")
#: Get Unsettled Transactions: "only returns transactions which were created after 2025.01.01" (official docs).
UNSETTLED_SINCE = 1735689600


@dataclass(frozen=True)
class Listing(Generic[T]):
    """One page of a list: the items, the token of the next page ("" on the last), how many in all."""

    items: list[T]
    next_token: str
    total: int


@dataclass(frozen=True)
class Window:
    """What a list request asks for: times in [ge, lt) (lt: up to now, inclusive, when absent), the order, a page."""

    ge: int | None = None
    lt: int | None = None
    descending: bool = False
    size: int = 20
    token: str | None = None


def _listing(records: Sequence[T], time: Callable[[T], int], w: Window, now: int, *scope: object) -> Listing[T]:
    """The records (in time order) within the window's range, one page of them; tokens bound to `scope`."""
    hi = now + 1 if w.lt is None else w.lt
    keyed = [(key(time(r), i), r) for i, r in enumerate(records) if _in(time(r), w.ge, hi)]
    items, nxt = _page(keyed, w.descending, w.size, w.token, _fingerprint(*scope, w.ge, w.lt, w.descending))
    return Listing(items, nxt, len(keyed))


def _fingerprint(*parts: object) -> bytes:
    return hashlib.sha256(repr(parts).encode()).digest()[:8]


#: Finance page tokens (mockserver/pagetokens.py), bound to each list's scope and window by its fingerprint.
_TOKENS = PageTokens(key_for(0))


def _page(
    keyed: Sequence[tuple[int, T]], descending: bool, size: int, token: str | None, fingerprint: bytes
) -> tuple[list[T], str]:
    """Items sorted by their index key (time << SEQ_BITS | position), one page past the token's key."""
    after = None
    if token:
        try:
            (position,) = _TOKENS.read("finance", fingerprint.hex(), token)
            after = int(position)
        except (InvalidPageTokenError, ValueError):
            raise InvalidPageToken("page_token was not issued for this query") from None
    items = list(reversed(keyed)) if descending else list(keyed)
    if after is not None:
        items = [(k, x) for k, x in items if (k < after if descending else k > after)]
    chunk = items[:size]
    more = len(items) > size
    return [x for _, x in chunk], _TOKENS.issue("finance", fingerprint.hex(), (chunk[-1][0],)) if more and chunk else ""


def _in(t: int, ge: int | None, lt: int | None) -> bool:
    return (ge is None or t >= ge) and (lt is None or t < lt)


def _require(value: str | None, allowed: Sequence[str], name: str, default: str | None = None) -> str | None:
    got = value if value is not None else default
    if got is not None and got not in allowed:
        raise InvalidValue(f"{name} must be one of {', '.join(allowed)}", name=name, value=got, allowed=list(allowed))
    return got


# --- statements -------------------------------------------------------------------------------------------------
def statements(
    store: Store, shop_id: str, now: int, w: Window, *, sort_field: str, status: str | None = None
) -> Listing[Statement]:
    _require(sort_field, ("statement_time",), "sort_field")
    _require(status, PAYMENT_STATUSES, "payment_status")
    shop = feed.prepare(store, shop_id, now)
    listed = [shop.statements[s] for s in shop.statement_ids]
    if status is not None:
        listed = [st for st in listed if ledger.statement_status(shop, st) == status]
    return _listing(listed, lambda st: st.statement_time, w, now, "statements", shop_id, status)


def statement_status(store: Store, shop_id: str, st: Statement) -> str:
    return ledger.statement_status(store.finance.shops[shop_id], st)


def require_statement(store: Store, shop_id: str, statement_id: str, now: int) -> tuple[ShopLedger, Statement]:
    shop = feed.prepare(store, shop_id, now)
    st = shop.statements.get(statement_id)
    if st is None:
        raise StatementNotFound(f"statement {statement_id} does not exist in this shop", statement_id=statement_id)
    return shop, st


@dataclass(frozen=True)
class Booked:
    """A transaction and, for an ORDER one, its lines by SKU (re-derived from the order, as it was settled)."""

    tx: Transaction
    lines: rules.OrderSettlement | None
    statement_id: str


def booked(store: Store, shop: ShopLedger, tx: Transaction) -> Booked:
    lines = None
    if tx.kind == ORDER and tx.order_id is not None:
        view = orders.view(store, tx.order_id)
        if view is not None:
            lines = ledger.lines_of(store.finance, tx, view)
    sid = ident(store.finance.config.seed, "statement", shop.shop_id, tx.statement_time)
    return Booked(tx, lines, sid if sid in shop.statements else "")


def statement_transactions(
    store: Store, shop_id: str, statement_id: str, now: int, w: Window, *, sort_field: str
) -> tuple[Statement, Listing[Booked]]:
    _require(sort_field, ("order_create_time",), "sort_field")
    shop, st = require_statement(store, shop_id, statement_id, now)
    keyed = list(zip(st.sort_keys, st.transaction_ids, strict=True))
    fp = _fingerprint("statement_transactions", statement_id, w.descending)
    ids, nxt = _page(keyed, w.descending, w.size, w.token, fp)
    return st, Listing([booked(store, shop, shop.transactions[i]) for i in ids], nxt, len(keyed))


def order_transactions(store: Store, shop_id: str, order_id: str, now: int) -> tuple[OrderView, list[Booked]]:
    view = orders.view(store, order_id)
    if view is None or view.shop_id != shop_id:
        raise OrderNotFound(f"order {order_id} does not exist in this shop", order_id=order_id)
    shop = feed.prepare(store, shop_id, now)
    return view, [booked(store, shop, shop.transactions[i]) for i in shop.by_order.get(order_id, ())]


# --- payments and withdrawals ------------------------------------------------------------------------------------
def payments(store: Store, shop_id: str, now: int, w: Window, *, sort_field: str) -> Listing[Payment]:
    _require(sort_field, ("create_time",), "sort_field")
    shop = feed.prepare(store, shop_id, now)
    listed = [shop.payments[x] for x in shop.payment_ids]
    return _listing(listed, lambda p: p.create_time, w, now, "payments", shop_id)


@dataclass(frozen=True)
class Withdrawal:
    id: str
    type: str
    amount: Decimal
    currency: str
    status: str
    create_time: int


def withdrawals(store: Store, shop_id: str, now: int, w: Window, *, types: Sequence[str]) -> Listing[Withdrawal]:
    """The seller's balance movements, oldest first: SETTLE per statement (its settlement), WITHDRAW per payment
    (the transfer to the bank, its status following the payment's), REVERSE per failed payment (the money back in
    the balance). TRANSFER (platform subsidies outside statements) never happens in the mock."""
    if not types:
        raise InvalidValue("types is required", name="types", value="", allowed=list(WITHDRAWAL_TYPES))
    for t in types:
        _require(t, WITHDRAWAL_TYPES, "types")
    shop = feed.prepare(store, shop_id, now)
    records = sorted(
        (r for r in _movements(store, shop) if r.type in types),
        key=lambda r: (r.create_time, WITHDRAWAL_TYPES.index(r.type), r.id),
    )
    return _listing(records, lambda r: r.create_time, replace(w, descending=False), now, "withdrawals", shop_id, *types)


def _movements(store: Store, shop: ShopLedger) -> list[Withdrawal]:
    seed, cur = store.finance.config.seed, shop.currency
    out = [
        Withdrawal(code(seed, SETTLE, st.id), SETTLE, st.settlement, cur, SUCCESS, st.statement_time)
        for st in (shop.statements[i] for i in shop.statement_ids)
    ]
    for p in (shop.payments[i] for i in shop.payment_ids):
        status = {PAID: SUCCESS, FAILED: FAILED}.get(p.status, PROCESSING)
        out.append(Withdrawal(code(seed, WITHDRAW, p.id), WITHDRAW, p.amount, cur, status, p.create_time))
        if p.status == FAILED and p.failed_time is not None:
            out.append(Withdrawal(code(seed, REVERSE, p.id), REVERSE, p.amount, cur, SUCCESS, p.failed_time))
    return out


# --- unsettled ------------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Estimate:
    view: OrderView
    lines: rules.OrderSettlement
    transaction_id: str
    settles_at: int | None  # known once delivered
    delay_days: int


def unsettled(
    store: Store, shop_id: str, now: int, w: Window, *, sort_field: str
) -> tuple[Listing[Estimate], rules.Lines]:
    """Paid, not cancelled, not yet settled orders created in [ge (default 2025-01-01), lt (default now)), with
    their estimated settlement (fees in force now, refunds so far); and the sum over all of them."""
    _require(sort_field, ("order_create_time",), "sort_field")
    shop = feed.prepare(store, shop_id, now)
    window = replace(w, ge=UNSETTLED_SINCE if w.ge is None else w.ge)
    hi = now + 1 if w.lt is None else w.lt
    keys = [k for k in shop.unsettled_keys if _in(time_of(k), window.ge, hi)]
    listed = _listing(keys, time_of, window, now, "unsettled", shop_id)
    return Listing([estimate(store, seq_of(k), now) for k in listed.items], listed.next_token, listed.total), (
        _estimated_total(store, shop, keys, now)
    )


def _estimated_total(store: Store, shop: ShopLedger, keys: list[int], now: int) -> rules.Lines:
    """The sum of the estimates, kept until what it depends on changes (orders, fee tables, refunds)."""
    led = store.finance
    span = (len(keys), keys[0], keys[-1]) if keys else (0,)
    depends = (*span, store.order_book.version, len(led.fees), len(led.refund_keys))
    total = shop.sums.get(depends)
    if not isinstance(total, rules.Lines):
        total = rules.add(estimate(store, seq_of(k), now).lines.total for k in keys)
        shop.sums.clear()
        shop.sums[depends] = total
    return total


def estimate(store: Store, seq: int, now: int) -> Estimate:
    led = store.finance
    view = orders.view_at(store, seq)
    _, table = ledger.fees_at(led, now)
    lines = rules.settle(view, table, [r for r in led.refunds.get(view.id, ()) if r.time <= now])
    delay = led.config.settlement_seconds
    at = view.delivery_time + delay if view.delivery_time is not None else None
    tx_id = ident(led.config.seed, "transaction", view.id, 0, first="1")
    return Estimate(view, lines, tx_id, at, delay // 86400)


# --- control-plane steps ------------------------------------------------------------------------------------------
def settle_now(store: Store, shop_id: str, now: int, order_ids: Sequence[str] | None = None) -> list[Transaction]:
    """Settle now, without waiting for the delay, every delivered order of the shop not yet settled (or the ones
    named). Named orders that are not delivered (or cancelled, or already settled) are refused."""
    shop = feed.prepare(store, shop_id, now)
    hooks = feed.Live(store)
    if order_ids is None:
        candidates = [orders.view_at(store, seq_of(k)) for k in list(shop.unsettled_keys)]
        views = [v for v in candidates if v.status in hist.SETTLEABLE]
    else:
        views = []
        for oid in order_ids:
            v = orders.view(store, oid)
            if v is None or v.shop_id != shop_id:
                raise OrderNotFound(f"order {oid} does not exist in this shop", order_id=oid)
            if v.status not in hist.SETTLEABLE or oid in shop.by_order:
                state = "settled" if oid in shop.by_order else v.status
                raise InvalidTransition(f"order {oid} cannot settle: it is {state}", order_id=oid)
            views.append(v)
    booked_now = [ledger.book_order(store.finance, shop, v, now, hooks) for v in views]
    return [tx for tx in booked_now if tx is not None]


def set_fees(store: Store, now: int, changes: Sequence[FeeRule]) -> list[dict[str, str | None]]:
    """A new fee table for settlements from `now` on; what settled before keeps its fees."""
    led = store.finance
    feed.sync(store, now)
    _, current = ledger.fees_at(led, now)
    table = rules.with_changes(current, changes)
    if led.fees and led.fees[-1][0] == now:
        led.fees[-1] = (now, table)
    else:
        led.fees.append((now, table))
    described = rules.describe(table)
    store.events.emit(FEES_CHANGED, now, None, "fee_table", str(len(led.fees) - 1), fees=described)
    return described


def fees(store: Store, now: int) -> list[dict[str, str | None]]:
    return rules.describe(ledger.fees_at(store.finance, now)[1])


def add_adjustment(
    store: Store, shop_id: str, now: int, kind: str, amount: Decimal, order_id: str | None = None, note: str = ""
) -> Transaction:
    if kind not in ADJUSTMENT_TYPES:
        raise InvalidValue(f"type must be one of {', '.join(ADJUSTMENT_TYPES)}", name="type", value=kind)
    if amount == 0:
        raise InvalidValue("amount must not be 0", name="amount", value="0")
    view = None
    if order_id is not None:
        view = orders.view(store, order_id)
        if view is None or view.shop_id != shop_id:
            raise OrderNotFound(f"order {order_id} does not exist in this shop", order_id=order_id)
    shop = feed.prepare(store, shop_id, now)
    return ledger.book_adjustment(store.finance, shop, kind, amount, now, feed.Live(store), order=view, note=note)


def fail_payment(store: Store, payment_id: str, now: int, reason: str = "") -> Payment:
    """The bank refused the transfer: PROCESSING or PAID -> FAILED; its statements show FAILED."""
    feed.sync(store, now)
    for shop in store.finance.shops.values():
        ledger.close_through(store.finance, shop, now, feed.Live(store))
        payment = shop.payments.get(payment_id)
        if payment is not None:
            if payment.status == FAILED:
                raise InvalidTransition(f"payment {payment_id} has already failed", payment_id=payment_id)
            ledger.set_payment_status(shop, payment, FAILED, now, feed.Live(store), reason)
            return payment
    raise PaymentNotFound(f"payment {payment_id} does not exist", payment_id=payment_id)


def shop_books(store: Store, shop_id: str, now: int) -> ShopLedger:
    return feed.prepare(store, shop_id, now)
