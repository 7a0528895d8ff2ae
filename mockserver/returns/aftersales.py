"""Returns after delivery: the request (buyer, or the seller on the buyer's behalf) and the seller's decisions.

    REFUND:            PENDING -> SUCCESS -> COMPLETE (refunded)          | PENDING -> REJECT
    RETURN_AND_REFUND: PENDING -> AWAITING_BUYER_SHIP -> BUYER_SHIPPED_ITEM -> SUCCESS (package accepted) -> COMPLETE
                       PENDING -> SUCCESS (buyer keeps the item)          | PENDING -> REJECT
                       BUYER_SHIPPED_ITEM (delivered to the return warehouse) -> REJECT_RECEIVE_PACKAGE
    both:              PENDING -> AWAITING_BUYER_RESPONSE (seller offers a partial refund) -> SUCCESS, or back
    REPLACEMENT:       REPLACEMENT_PENDING -> COMPLETE | REFUND_SUCCESS (seller refunds instead) | REJECT
    any open one:      the buyer cancels -> CANCEL; the platform closes it when the buyer does not ship in time.

The buyer's, the courier's and the platform's steps are buyer.py; deadlines are deadlines.py.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from mockserver.catalog import backend as catalog
from mockserver.orders import models as om
from mockserver.returns import lookup, money, reasons, rules, state, stock
from mockserver.returns import models as r
from mockserver.returns.models import AftersaleError, Reason
from mockserver.store import Store

APPROVE_REFUND = "APPROVE_REFUND"
APPROVE_RETURN = "APPROVE_RETURN"
APPROVE_RECEIVED_PACKAGE = "APPROVE_RECEIVED_PACKAGE"
APPROVE_REPLACEMENT = "APPROVE_REPLACEMENT"
ISSUE_REPLACEMENT_REFUND = "ISSUE_REPLACEMENT_REFUND"
OFFER_PARTIAL_REFUND = "OFFER_PARTIAL_REFUND"
REJECT_REFUND = "REJECT_REFUND"
REJECT_RETURN = "REJECT_RETURN"
REJECT_RECEIVED_PACKAGE = "REJECT_RECEIVED_PACKAGE"
REJECT_REPLACEMENT = "REJECT_REPLACEMENT"
OFFER_PARTIAL_REFUND_AFTER_RECEIVING_PKG = "OFFER_PARTIAL_REFUND_AFTER_RECEIVING_PKG"

#: Which request type each decision is for.
DECISION_TYPES: dict[str, frozenset[str]] = {
    APPROVE_REFUND: frozenset({r.REFUND}),
    APPROVE_RETURN: frozenset({r.RETURN_AND_REFUND}),
    APPROVE_RECEIVED_PACKAGE: frozenset({r.RETURN_AND_REFUND}),
    APPROVE_REPLACEMENT: frozenset({r.REPLACEMENT}),
    ISSUE_REPLACEMENT_REFUND: frozenset({r.REPLACEMENT}),
    OFFER_PARTIAL_REFUND: frozenset({r.REFUND, r.RETURN_AND_REFUND}),
    REJECT_REFUND: frozenset({r.REFUND}),
    REJECT_RETURN: frozenset({r.RETURN_AND_REFUND}),
    REJECT_RECEIVED_PACKAGE: frozenset({r.RETURN_AND_REFUND}),
    REJECT_REPLACEMENT: frozenset({r.REPLACEMENT}),
    OFFER_PARTIAL_REFUND_AFTER_RECEIVING_PKG: frozenset({r.RETURN_AND_REFUND}),
}
REJECT_REASON_KIND = {
    REJECT_REFUND: reasons.REJECT_REFUND,
    REJECT_RETURN: reasons.REJECT_RETURN,
    REJECT_RECEIVED_PACKAGE: reasons.REJECT_PACKAGE,
    REJECT_REPLACEMENT: reasons.REJECT_REPLACEMENT,
    OFFER_PARTIAL_REFUND_AFTER_RECEIVING_PKG: reasons.REJECT_PACKAGE,
}
RESPOND_ACTION = {
    r.REFUND: r.SELLER_RESPOND_REFUND,
    r.RETURN_AND_REFUND: r.SELLER_RESPOND_RETURN,
    r.REPLACEMENT: r.SELLER_RESPOND_REPLACEMENT,
}


@dataclass(frozen=True)
class NewReturn:
    type: str
    reason: str | None = None
    wanted: rules.Wanted = rules.EVERYTHING
    shipment_type: str | None = None
    handover_method: str | None = None
    #: A seller-created request may refund less than the whole (Create Return `refund_total`).
    refund_total: int | None = None
    currency: str | None = None
    note: str = ""
    images: Sequence[Any] = ()
    videos: Sequence[Any] = ()


def create(store: Store, order_id: str, now: int, spec: NewReturn, *, by: str, shop_id: str | None = None) -> r.Return:
    order = lookup.order(store, order_id, shop_id)
    at = rules.stage(order)
    if order.status == om.CANCELLED:
        raise AftersaleError(Reason.ORDER_CLOSED, f"order {order.id} is cancelled")
    if at != reasons.DELIVERED:
        raise AftersaleError(Reason.ORDER_STATUS, f"order {order.id} is {order.status}: not delivered yet")
    if not rules.within_window(store, order, now):
        raise AftersaleError(Reason.ORDER_CLOSED, f"the return window of order {order.id} has closed")
    reason = spec.reason or reasons.default(spec.type, by, at)
    why = rules.check_reason(reason, spec.type, by, at)
    busy, done = rules.taken(store, order)
    items = rules.select(order, spec.wanted, busy, done)
    refund, shares = money.quote(order, items, spec.type, why, done)
    if spec.currency is not None and spec.currency != refund.currency:
        raise AftersaleError(Reason.INVALID_REQUEST, f"the order is paid in {refund.currency}, not {spec.currency}")
    if spec.refund_total is not None:
        if spec.refund_total > refund.total:
            raise AftersaleError(Reason.REFUND_TOO_LARGE, f"at most {refund.total} {refund.currency} is refundable")
        if spec.refund_total < refund.total:
            refund, shares = money.partial(refund.currency, spec.refund_total, [a + b for a, b in shares])
    lines = state.new_lines(store, items)
    money.assign(lines, shares)
    ret = r.Return(
        id=state.new_id(store),
        seq=state.next_seq(store),
        shop_id=order.shop_id,
        order_id=order.id,
        buyer_user_id=order.buyer.user_id,
        type=spec.type,
        status=r.REPLACEMENT_PENDING if spec.type == r.REPLACEMENT else r.RETURN_PENDING,
        role=by,
        reason=reason,
        create_time=now,
        update_time=now,
        lines=lines,
        money=refund,
        can_buyer_keep_item=spec.type == r.REFUND,
        return_warehouse_id=_return_warehouse(store, order),
    )
    if spec.type == r.RETURN_AND_REFUND:
        ret.shipment_type = spec.shipment_type or r.PLATFORM
        ret.handover_method = spec.handover_method or r.DROP_OFF
        if ret.shipment_type == r.PLATFORM:
            ret.shipping_fee_payer = r.SELLER if why.seller_fault else r.BUYER
            ret.shipping_fee = store.aftersales.windows.return_shipping_fee
    who = "Buyer" if by == r.BUYER else "Seller"
    state.add(store, ret, now, by, f"{who} submitted a {_words(spec.type)} request", reason=reason, note=spec.note,
              images=state.media(spec.images), videos=state.media(spec.videos))  # fmt: skip
    state.set_deadline(store, ret, now + store.aftersales.windows.return_response, RESPOND_ACTION[spec.type])
    return ret


def _words(kind: str) -> str:
    return {r.REFUND: "refund", r.RETURN_AND_REFUND: "return and refund", r.REPLACEMENT: "replacement"}[kind]


def _return_warehouse(store: Store, order: om.Order) -> str:
    found = [w for w in catalog.warehouses_of(store, order.shop_id) if w.type == "RETURN_WAREHOUSE"]
    return found[0].id if found else order.warehouse_id


def _decidable(ret: r.Return, decision: str) -> None:
    if ret.arbitration_status == r.ARBITRATION_IN_PROGRESS:
        raise AftersaleError(Reason.IN_ARBITRATION, f"return {ret.id} is with the platform")
    if ret.status in r.RETURN_CLOSED:
        raise AftersaleError(Reason.CANCELLED, f"return {ret.id} was cancelled")
    if ret.type not in DECISION_TYPES[decision]:
        raise AftersaleError(Reason.DECISION_TYPE, f"{decision} is not a decision for a {ret.type} request")


# --- the seller approves ----------------------------------------------------------------------------------------------
def approve(
    store: Store,
    return_id: str,
    now: int,
    decision: str,
    *,
    buyer_keep_item: bool = False,
    partial: tuple[int, str | None] | None = None,
    shop_id: str | None = None,
    by: str = r.SELLER,
) -> r.Return:
    ret = lookup.return_(store, return_id, shop_id)
    _decidable(ret, decision)
    if decision == APPROVE_RECEIVED_PACKAGE:
        if ret.status != r.BUYER_SHIPPED_ITEM:
            raise AftersaleError(Reason.CANNOT_APPROVE_RECEIVE, f"return {return_id} is {ret.status}")
        accept_package(store, ret, now, by)
        return ret
    if decision == OFFER_PARTIAL_REFUND:
        if ret.status != r.RETURN_PENDING:
            raise AftersaleError(Reason.PARTIAL_REFUND_STATUS, f"return {return_id} is {ret.status}")
        offer(store, ret, now, partial, "request")
        return ret
    if ret.status not in (r.RETURN_PENDING, r.REPLACEMENT_PENDING):
        raise AftersaleError(Reason.CANNOT_APPROVE, f"return {return_id} is {ret.status}")
    who = "Seller" if by == r.SELLER else "The platform"
    if decision == APPROVE_REFUND or (decision == APPROVE_RETURN and buyer_keep_item):
        ret.can_buyer_keep_item = True
        refund_now(store, ret, now, by, f"{who} approved the refund")
    elif decision == APPROVE_RETURN:
        state.set_status(store, ret, r.AWAITING_BUYER_SHIP, now, by, f"{who} approved the return request")
        state.set_deadline(store, ret, now + store.aftersales.windows.buyer_ship, r.BUYER_SHIP)
    elif decision == APPROVE_REPLACEMENT:
        state.set_status(store, ret, r.REPLACEMENT_COMPLETE, now, by, f"{who} approved the replacement")
    else:  # ISSUE_REPLACEMENT_REFUND
        state.set_status(store, ret, r.REPLACEMENT_REFUNDED, now, by, f"{who} refunded instead of replacing")
        state.schedule_refund(store, ret, now)
    return ret


def refund_now(store: Store, ret: r.Return, now: int, by: str, description: str) -> None:
    state.set_status(store, ret, r.RETURN_SUCCESS, now, by, description)
    state.schedule_refund(store, ret, now)


def accept_package(store: Store, ret: r.Return, now: int, by: str) -> None:
    """The seller (or the platform, when the seller's window lapses) accepts the returned package."""
    order = lookup.order_of(store, ret)
    if ret.received_time is not None:
        stock.restock(store, order, ret, now)
    who = {r.SELLER: "Seller", r.SYSTEM: "The platform"}.get(by, "The platform")
    refund_now(store, ret, now, by, f"{who} accepted the returned package")


def offer(store: Store, ret: r.Return, now: int, partial: tuple[int, str | None] | None, stage: str) -> None:
    """The seller offers a partial refund; the buyer keeps the item if they accept (buyer.py `respond`)."""
    if partial is None:
        raise AftersaleError(Reason.INVALID_REQUEST, "a partial refund needs an amount")
    amount, currency = partial
    full = _full_refund(store, ret)
    if currency is not None and currency != full.currency:
        raise AftersaleError(Reason.INVALID_REQUEST, f"the order is paid in {full.currency}, not {currency}")
    if not 0 < amount < full.total:
        raise AftersaleError(Reason.INVALID_REQUEST, f"a partial refund is more than 0 and less than {full.total}")
    ret.seller_proposed_return_type, ret.partial_refund, ret.offer_stage = r.PARTIAL_REFUND, amount, stage
    ret.buyer_rejected_partial_refund = False
    state.set_status(store, ret, r.AWAITING_BUYER_RESPONSE, now, r.SELLER,
                     f"Seller offered a partial refund of {amount} {full.currency}")  # fmt: skip
    state.set_deadline(store, ret, now + store.aftersales.windows.buyer_response, r.BUYER_RESPOND)


def _full_refund(store: Store, ret: r.Return) -> r.Money:
    order = lookup.order_of(store, ret)
    items = [li for li in order.line_items if li.id in set(ret.line_item_ids)]
    _, done = rules.taken(store, order)
    full, _ = money.quote(order, items, ret.type, reasons.get(ret.reason), done - set(ret.line_item_ids))
    return full


# --- the seller rejects -----------------------------------------------------------------------------------------------
def reject(
    store: Store,
    return_id: str,
    now: int,
    decision: str,
    why: r.Rejection,
    *,
    partial: tuple[int, str | None] | None = None,
    shop_id: str | None = None,
) -> r.Return:
    ret = lookup.return_(store, return_id, shop_id)
    _decidable(ret, decision)
    package = decision in (REJECT_RECEIVED_PACKAGE, OFFER_PARTIAL_REFUND_AFTER_RECEIVING_PKG)
    if package and ret.status in (r.RETURN_SUCCESS, r.RETURN_COMPLETE) and ret.shipped_time is not None:
        raise AftersaleError(Reason.RECEIVED, f"the package of return {return_id} was already accepted")
    if ret.status in r.RETURN_APPROVED:
        raise AftersaleError(Reason.APPROVED, f"return {return_id} was approved")
    if package:
        if ret.status != r.BUYER_SHIPPED_ITEM:
            raise AftersaleError(Reason.CANNOT_REJECT_RECEIVE, f"return {return_id} is {ret.status}")
        if ret.received_time is None:
            raise AftersaleError(Reason.PARCEL_NOT_ARRIVED, f"the package of return {return_id} has not arrived")
    elif ret.status in (r.AWAITING_BUYER_SHIP, r.BUYER_SHIPPED_ITEM):
        raise AftersaleError(Reason.APPROVED, f"return {return_id} was approved")
    elif ret.status not in (r.RETURN_PENDING, r.REPLACEMENT_PENDING):
        raise AftersaleError(Reason.ORDER_STATUS, f"return {return_id} is {ret.status}")
    rules.check_reason(why.reason, REJECT_REASON_KIND[decision], r.SELLER)
    if decision == OFFER_PARTIAL_REFUND_AFTER_RECEIVING_PKG:
        offer(store, ret, now, partial, "receipt")
        ret.records[-1].reason, ret.records[-1].note = why.reason, why.comment
        return ret
    status = {REJECT_RECEIVED_PACKAGE: r.REJECT_RECEIVE_PACKAGE, REJECT_REPLACEMENT: r.REPLACEMENT_REJECTED}.get(
        decision, r.RETURN_REJECTED
    )
    what = "returned package" if package else f"{_words(ret.type)} request"
    state.set_status(store, ret, status, now, r.SELLER, f"Seller rejected the {what}", **state.evidence(why))
    return ret
