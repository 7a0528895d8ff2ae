"""The only code that writes after-sales records: each change appends its record to the timeline, files the request
in the book, schedules its timers and emits its domain event, in the caller's critical section (the store lock).

Events (mockserver/events.py), in neutral terms another engineer maps to webhooks 11 and 12 and to finance lines:
- `cancellation.status_changed` {order_id, cancel_id, status, before, role, create_time, update_time, by};
- `return.status_changed` {order_id, return_id, status, before, role, type, create_time, update_time, by};
- `return.updated` {order_id, return_id, what, ...}: a change without a status change (package delivered to the
  return warehouse, the buyer turned a partial refund down, arbitration opened or decided);
- `refund.completed` {order_id, return_id | cancel_id, currency, refund_total, refund_subtotal, shipping_refund,
  lines: [{line_item_id, sku_id, refund_amount}]}: decimal strings.
`role` is who started the request (Search's `role`, the webhooks' `cancellations_role` / `return_role`); `by` is
who made this change (BUYER, SELLER, SYSTEM, OPERATOR).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from mockserver import events, lazyshops, timers
from mockserver.orders import models as om
from mockserver.returns import models as r
from mockserver.store import Store

#: Timer kinds (mockserver/world.py runs them through returns/deadlines.py).
DEADLINE_TIMER = "aftersale.deadline"
REFUND_TIMER = "aftersale.refund"
ID_PREFIX = "4035"


def _rng(store: Store) -> Any:
    return store.stream("aftersales")


def new_id(store: Store) -> str:
    """A 19-digit request id like the official examples ("4035319218955782461")."""
    book = store.aftersales
    rng = _rng(store)
    while True:
        candidate = f"{ID_PREFIX}{rng.randrange(10**15):015d}"
        if not lazyshops.taken(book.cancellations, candidate) and not lazyshops.taken(book.returns, candidate):
            return candidate


def new_lines(store: Store, items: Sequence[om.LineItem]) -> list[r.Line]:
    rng = _rng(store)
    return [r.Line(f"{ID_PREFIX}2{rng.randrange(10**14):014d}", li.id, li.sku_id) for li in items]


def add(store: Store, request: r.Aftersale, now: int, by: str, description: str, **record: Any) -> None:
    """File a new request and emit its first status."""
    book = store.aftersales
    if isinstance(request, r.Cancellation):
        book.cancellations[request.id] = request
    else:
        assert isinstance(request, r.Return)
        book.returns[request.id] = request
    book.by_order.setdefault(request.order_id, []).append(request.id)
    book.by_shop.setdefault(request.shop_id, []).append(request.id)
    request.records.append(r.Record(now, by, description, **record))
    _emit_status(store, request, None, now, by)


def next_seq(store: Store) -> int:
    book = store.aftersales
    book.next_seq += 1
    return book.next_seq


def set_status(
    store: Store, request: r.Aftersale, status: str, now: int, by: str, description: str, **record: Any
) -> None:
    """Move the request to `status` (any pending deadline is dropped) and record the step."""
    before = request.status
    request.status = status
    request.update_time = max(now, request.update_time)
    clear_deadline(request)
    request.records.append(r.Record(now, by, description, **record))
    _emit_status(store, request, before, now, by)


def note(store: Store, request: r.Return, now: int, by: str, what: str, description: str, **data: Any) -> None:
    """A change without a status change: recorded in the timeline and emitted as `return.updated`."""
    request.update_time = max(now, request.update_time)
    request.records.append(r.Record(now, by, description))
    store.events.emit(
        events.RETURN_UPDATED,
        now,
        request.shop_id,
        "return",
        request.id,
        order_id=request.order_id,
        what=what,
        status=request.status,
        by=by,
        **data,
    )


def _emit_status(store: Store, request: r.Aftersale, before: str | None, now: int, by: str) -> None:
    cancel = isinstance(request, r.Cancellation)
    data: dict[str, Any] = {"order_id": request.order_id, "cancel_id" if cancel else "return_id": request.id}
    data.update(status=request.status, before=before, role=request.role)
    if not cancel:
        data["type"] = request.type
    data.update(create_time=request.create_time, update_time=request.update_time, by=by)
    kind, event = (
        ("cancellation", events.CANCELLATION_STATUS_CHANGED) if cancel else ("return", events.RETURN_STATUS_CHANGED)
    )
    store.events.emit(event, now, request.shop_id, kind, request.id, **data)


# --- timers -----------------------------------------------------------------------------------------------------------
def set_deadline(store: Store, request: r.Aftersale, due: int, action: str) -> None:
    request.deadline, request.deadline_action = due, action
    timers.schedule(store, due, DEADLINE_TIMER, request.id)


def clear_deadline(request: r.Aftersale) -> None:
    """The timer stays on the heap and is skipped when it comes up (its due time no longer matches)."""
    request.deadline, request.deadline_action = None, ""


def schedule_refund(store: Store, request: r.Aftersale, now: int) -> None:
    """The refund is paid after `Windows.refund` seconds (0: at the next moment the platform acts)."""
    request.refund_due = now + store.aftersales.windows.refund
    timers.schedule(store, request.refund_due, REFUND_TIMER, request.id)


def paid_out(store: Store, request: r.Aftersale, due: int, paid_for: bool) -> None:
    """The refund reached the buyer: `refund.completed` when there was money to give back."""
    request.refund_due, request.refund_time = None, due
    if not paid_for or request.money.total <= 0:
        return
    key = "cancel_id" if isinstance(request, r.Cancellation) else "return_id"
    store.events.emit(
        events.REFUND_COMPLETED,
        due,
        request.shop_id,
        "cancellation" if key == "cancel_id" else "return",
        request.id,
        order_id=request.order_id,
        **{key: request.id},
        currency=request.money.currency,
        refund_total=str(request.money.total),
        refund_subtotal=str(request.money.subtotal),
        shipping_refund=str(request.money.shipping),
        lines=[{"line_item_id": li.order_line_item_id, "sku_id": li.sku_id, "refund_amount": str(li.total)}
               for li in request.lines],
    )  # fmt: skip


def evidence(why: r.Rejection) -> dict[str, Any]:
    """A rejection as its record's fields."""
    return {"reason": why.reason, "note": why.comment, "images": media(why.images)}


def media(urls: Iterable[Any]) -> list[dict[str, Any]]:
    """Evidence as the records show it: {"url", "width", "height"}."""
    out: list[dict[str, Any]] = []
    for item in urls:
        if isinstance(item, str):
            out.append({"url": item, "width": 200, "height": 200})
        elif isinstance(item, dict):
            out.append(dict(item))
    return out
