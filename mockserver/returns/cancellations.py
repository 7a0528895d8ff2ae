"""Cancellations: the buyer's request and the seller's (or system's) decision, and the seller's own Cancel Order.

    BUYER_CANCEL: PENDING -> SUCCESS (seller approves, or the seller's window lapses: SYSTEM) -> COMPLETE (refunded)
                  PENDING -> CANCELLED (seller rejects with a reason, buyer withdraws, or it can no longer be done)
                  an UNPAID or ON_HOLD order is cancelled at once: SUCCESS -> COMPLETE
    CANCEL (seller's Cancel Order): SUCCESS -> COMPLETE

Cancelling the order is always `orders.backend.cancel` (stock released, packages cancelled, order events), so the
order shows `cancel_reason`, `cancellation_initiator` and `is_buyer_request_cancel` as the docs say. If the order
was cancelled some other way while a request was pending (the legacy nack, the control plane), `refresh` settles
the request when it is next looked at: SUCCESS at the moment the order was cancelled.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from mockserver.orders import backend as orders
from mockserver.orders import models as om
from mockserver.returns import lookup, money, reasons, rules, state
from mockserver.returns import models as r
from mockserver.returns.models import AftersaleError, Reason
from mockserver.store import Store


def _refuse_order(store: Store, order: om.Order) -> None:
    """Can this order still be cancelled at all?"""
    if order.status == om.CANCELLED:
        raise AftersaleError(Reason.IN_PROGRESS, f"order {order.id} is already cancelled")
    if order.status in (om.DELIVERED, om.COMPLETED):
        raise AftersaleError(Reason.ORDER_CLOSED, f"order {order.id} is {order.status}: ask for a refund instead")
    if order.status == om.IN_TRANSIT or rules.collected(store, order):
        raise AftersaleError(Reason.ORDER_SHIPPED, f"order {order.id} is with the courier")


def _whole_order(order: om.Order, wanted: rules.Wanted) -> None:
    """Indonesia cancels whole orders: naming fewer units than the order has is refused (25005010)."""
    if wanted.everything:
        return
    chosen = rules.select(order, wanted)
    if {li.id for li in chosen} != {li.id for li in order.line_items}:
        raise AftersaleError(Reason.PARTIAL_NOT_SUPPORTED, "item-level cancellation is not available in this market")


def pending_of(store: Store, order_id: str) -> r.Cancellation | None:
    for request in store.aftersales.of_order(order_id):
        if isinstance(request, r.Cancellation) and request.status == r.CANCEL_PENDING:
            return request
    return None


def _new(
    store: Store, order: om.Order, kind: str, role: str, reason: str, now: int, status: str = r.CANCEL_PENDING
) -> r.Cancellation:
    spec = reasons.get(reason)
    refund, shares = money.quote(order, order.line_items, reasons.CANCEL, spec)
    lines = state.new_lines(store, order.line_items)
    money.assign(lines, shares)
    return r.Cancellation(
        id=state.new_id(store),
        seq=state.next_seq(store),
        shop_id=order.shop_id,
        order_id=order.id,
        buyer_user_id=order.buyer.user_id,
        type=kind,
        status=status,
        role=role,
        reason=reason,
        create_time=now,
        update_time=now,
        lines=lines,
        money=refund,
    )


def request(
    store: Store,
    order_id: str,
    now: int,
    *,
    reason: str | None = None,
    wanted: rules.Wanted = rules.EVERYTHING,
    note: str = "",
    images: Sequence[Any] = (),
) -> r.Cancellation:
    """The buyer asks to cancel. Unpaid and on-hold orders are cancelled at once; paid ones wait for the seller."""
    order = lookup.order(store, order_id)
    refresh(store, order, now)
    if pending_of(store, order.id) is not None:
        raise AftersaleError(Reason.IN_PROGRESS, f"order {order.id} already has a cancellation request")
    _refuse_order(store, order)
    at = rules.stage(order)
    reason = reason or reasons.default(reasons.CANCEL, r.BUYER, at)
    rules.check_reason(reason, reasons.CANCEL, r.BUYER, at)
    _whole_order(order, wanted)
    evidence = {"reason": reason, "note": note, "images": state.media(images)}
    if order.status in (om.UNPAID, om.ON_HOLD):  # nothing to prepare yet: no one needs to agree
        _order_cancelled(store, order, om.BUYER, reason, now)
        c = _new(store, order, r.BUYER_CANCEL, r.BUYER, reason, now, r.CANCEL_SUCCESS)
        state.add(store, c, now, r.BUYER, "Buyer cancelled the order", **evidence)
        state.schedule_refund(store, c, now)
        return c
    c = _new(store, order, r.BUYER_CANCEL, r.BUYER, reason, now)
    orders.request_cancel(store, order.id, now, reason=reason)
    state.add(store, c, now, r.BUYER, "Buyer requested to cancel the order", **evidence)
    state.set_deadline(store, c, now + store.aftersales.windows.cancel_response, r.SELLER_RESPOND_CANCEL)
    return c


def seller_cancel(
    store: Store, shop_id: str, order_id: str, now: int, *, reason: str, wanted: rules.Wanted = rules.EVERYTHING
) -> r.Cancellation:
    """Cancel Order: the seller cancels (before the courier has the parcel); effective at once."""
    order = lookup.order(store, order_id, shop_id)
    refresh(store, order, now)
    if pending_of(store, order.id) is not None:
        raise AftersaleError(Reason.IN_PROGRESS, f"order {order.id} has a cancellation request in process")
    _refuse_order(store, order)
    rules.check_reason(reason, reasons.CANCEL, r.SELLER, rules.stage(order))
    _whole_order(order, wanted)
    _order_cancelled(store, order, om.SELLER, reason, now)
    c = _new(store, order, r.CANCEL, r.SELLER, reason, now, r.CANCEL_SUCCESS)
    state.add(store, c, now, r.SELLER, "Seller cancelled the order", reason=reason)
    state.schedule_refund(store, c, now)
    return c


def approve(
    store: Store, cancel_id: str, now: int, *, shop_id: str | None = None, by: str = r.SELLER
) -> r.Cancellation:
    c = lookup.cancellation(store, cancel_id, shop_id)
    order = lookup.order_of(store, c)
    refresh(store, order, now)
    if c.status == r.CANCEL_CANCELLED:
        raise AftersaleError(Reason.CANCELLED, f"cancellation {cancel_id} was closed")
    if c.status != r.CANCEL_PENDING:
        raise AftersaleError(Reason.CANNOT_APPROVE, f"cancellation {cancel_id} is {c.status}")
    if order.status == om.IN_TRANSIT or rules.collected(store, order):
        raise AftersaleError(Reason.ORDER_SHIPPED, f"order {order.id} is with the courier")
    who = "Seller" if by == r.SELLER else "The platform"
    _cancel_order(store, c, order, now, by, f"{who} approved the cancellation request")
    return c


def reject(store: Store, cancel_id: str, now: int, why: r.Rejection, *, shop_id: str | None = None) -> r.Cancellation:
    c = lookup.cancellation(store, cancel_id, shop_id)
    refresh(store, lookup.order_of(store, c), now)
    if c.status == r.CANCEL_CANCELLED:
        raise AftersaleError(Reason.CANCELLED, f"cancellation {cancel_id} was closed")
    if c.status in (r.CANCEL_SUCCESS, r.CANCEL_COMPLETE):
        raise AftersaleError(Reason.APPROVED, f"cancellation {cancel_id} was approved")
    rules.check_reason(why.reason, reasons.REJECT_CANCEL, r.SELLER)
    state.set_status(store, c, r.CANCEL_CANCELLED, now, r.SELLER, "Seller rejected the cancellation request",
                     **state.evidence(why))  # fmt: skip
    orders.withdraw_cancel_request(store, c.order_id, now)
    return c


def withdraw(store: Store, cancel_id: str, now: int) -> r.Cancellation:
    """The buyer takes the request back."""
    c = lookup.cancellation(store, cancel_id)
    refresh(store, lookup.order_of(store, c), now)
    if c.status != r.CANCEL_PENDING:
        raise AftersaleError(Reason.NOT_ALLOWED, f"cancellation {cancel_id} is {c.status}, not pending")
    close(store, c, now, r.BUYER, "Buyer withdrew the cancellation request")
    return c


def close(store: Store, c: r.Cancellation, now: int, by: str, description: str) -> None:
    state.set_status(store, c, r.CANCEL_CANCELLED, now, by, description)
    orders.withdraw_cancel_request(store, c.order_id, now)


def _order_cancelled(store: Store, order: om.Order, initiator: str, reason: str, now: int) -> None:
    if order.status == om.CANCELLED:
        return
    try:
        orders.cancel(store, order.id, now, by=initiator, reason=reasons.label(reason))
    except om.InvalidTransition:
        raise AftersaleError(Reason.ORDER_SHIPPED, f"order {order.id} can no longer be cancelled") from None


def _cancel_order(store: Store, c: r.Cancellation, order: om.Order, now: int, by: str, description: str) -> None:
    _order_cancelled(store, order, om.BUYER if c.role == r.BUYER else om.SELLER, c.reason, now)
    state.set_status(store, c, r.CANCEL_SUCCESS, now, by, description)
    state.schedule_refund(store, c, now)


def refresh(store: Store, order: om.Order, now: int) -> None:
    """Settle a pending request whose order was cancelled another way (at the time it was)."""
    c = pending_of(store, order.id)
    if c is None or order.status != om.CANCELLED:
        return
    at = order.cancel_time if order.cancel_time is not None else now
    by = order.cancellation_initiator or r.SYSTEM
    _cancel_order(store, c, order, at, by, "The order was cancelled")


# --- what the platform does by itself ---------------------------------------------------------------------------------
def expire(store: Store, c: r.Cancellation, due: int) -> None:
    """The seller's window lapsed: the platform approves the request, or closes it when the parcel has left."""
    order = lookup.order_of(store, c)
    refresh(store, order, due)
    if c.status != r.CANCEL_PENDING:
        return
    if order.status == om.IN_TRANSIT or rules.collected(store, order) or order.status in (om.DELIVERED, om.COMPLETED):
        close(store, c, due, r.SYSTEM, "The request was closed: the order had already been shipped")
        return
    _cancel_order(store, c, order, due, r.SYSTEM, "The seller did not respond in time: the platform approved")


def refund(store: Store, c: r.Cancellation, due: int) -> None:
    if c.status != r.CANCEL_SUCCESS:
        return
    order = lookup.order_of(store, c)
    state.set_status(store, c, r.CANCEL_COMPLETE, due, r.SYSTEM, "The refund was issued to the buyer")
    state.paid_out(store, c, due, order.paid_time is not None)
