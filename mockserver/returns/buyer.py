"""The other parties of a return: the buyer ships or cancels and answers offers, the courier brings the package to
the return warehouse, the platform arbitrates a rejection. The control plane plays them (control/returns.py).

Arbitration (GUESS, the docs only list its statuses): the buyer appeals a rejection -> IN_PROGRESS (the seller can
no longer decide: 25011010); the platform supports the buyer -> the refund (or, for a return not yet shipped,
AWAITING_BUYER_SHIP; for a replacement, REPLACEMENT_REQUEST_REFUND_SUCCESS) - or the seller -> the rejection stands.
"""

from __future__ import annotations

import re

from mockserver.returns import aftersales, lookup, money, state, stock
from mockserver.returns import models as r
from mockserver.returns.models import AftersaleError, Reason
from mockserver.store import Store

TRACKING = re.compile(r"^[A-Za-z0-9-]{6,40}$")


def _refuse(ret: r.Return, step: str) -> AftersaleError:
    return AftersaleError(Reason.NOT_ALLOWED, f"cannot {step}: return {ret.id} is {ret.status}")


def ship(store: Store, return_id: str, now: int, *, tracking_number: str | None = None) -> r.Return:
    """The buyer hands the package over (PLATFORM: the platform's courier issues the tracking number)."""
    ret = lookup.return_(store, return_id)
    if ret.type != r.RETURN_AND_REFUND or ret.status != r.AWAITING_BUYER_SHIP:
        raise _refuse(ret, "ship the return package")
    order = lookup.order_of(store, ret)
    provider = store.logistics.providers[order.shipping_provider_id]
    if tracking_number is None:
        if ret.shipment_type == r.BUYER_ARRANGE:
            raise AftersaleError(Reason.INVALID_REQUEST, "a buyer-arranged return needs the buyer's tracking number")
        tracking_number = provider.tracking_number(store.stream("aftersales"))
    if not TRACKING.match(tracking_number):
        raise AftersaleError(Reason.INVALID_REQUEST, "a tracking number is 6-40 characters of A-Z, a-z, 0-9 and -")
    ret.tracking_number, ret.provider_id, ret.provider_name = tracking_number, provider.id, provider.name
    ret.shipped_time = now
    state.set_status(store, ret, r.BUYER_SHIPPED_ITEM, now, r.BUYER, "Buyer shipped the return package",
                     note=f"{provider.name} {tracking_number}")  # fmt: skip
    return ret


def deliver(store: Store, return_id: str, now: int) -> r.Return:
    """The courier delivers the package to the seller's return warehouse; the seller has a window to inspect it."""
    ret = lookup.return_(store, return_id)
    if ret.shipped_time is None or ret.received_time is not None:
        raise _refuse(ret, "deliver the return package")
    ret.received_time = now
    state.note(store, ret, now, r.SYSTEM, "package_delivered", "The return package was delivered to the seller",
               warehouse_id=ret.return_warehouse_id)  # fmt: skip
    if ret.status == r.BUYER_SHIPPED_ITEM:
        due = now + store.aftersales.windows.receive_response
        state.set_deadline(store, ret, due, r.SELLER_RESPOND_RECEIVE_PACKAGE)
    elif ret.status in (r.RETURN_SUCCESS, r.RETURN_COMPLETE):  # the seller accepted it before it arrived
        stock.restock(store, lookup.order_of(store, ret), ret, now)
    return ret


def cancel(store: Store, return_id: str, now: int) -> r.Return:
    """The buyer withdraws the request (not once the package is on its way)."""
    ret = lookup.return_(store, return_id)
    if ret.status not in (r.RETURN_PENDING, r.AWAITING_BUYER_SHIP, r.AWAITING_BUYER_RESPONSE, r.REPLACEMENT_PENDING):
        raise _refuse(ret, "cancel the request")
    status = r.REPLACEMENT_CANCELLED if ret.type == r.REPLACEMENT else r.RETURN_CANCELLED
    state.set_status(store, ret, status, now, r.BUYER, "Buyer cancelled the request")
    return ret


def respond(store: Store, return_id: str, now: int, *, accept: bool) -> r.Return:
    """The buyer accepts the seller's partial refund (and keeps the item) or turns it down."""
    ret = lookup.return_(store, return_id)
    if ret.status != r.AWAITING_BUYER_RESPONSE or ret.partial_refund is None:
        raise _refuse(ret, "answer a partial refund offer")
    if accept:
        ret.money, shares = money.partial(ret.money.currency, ret.partial_refund, [li.total for li in ret.lines])
        money.assign(ret.lines, shares)
        ret.can_buyer_keep_item = ret.offer_stage != "receipt"
        if ret.offer_stage == "receipt":
            stock.restock(store, lookup.order_of(store, ret), ret, now)
        aftersales.refund_now(store, ret, now, r.BUYER, "Buyer accepted the partial refund")
        return ret
    ret.buyer_rejected_partial_refund = True
    back = r.BUYER_SHIPPED_ITEM if ret.offer_stage == "receipt" else r.RETURN_PENDING
    state.set_status(store, ret, back, now, r.BUYER, "Buyer declined the partial refund")
    action = r.SELLER_RESPOND_RECEIVE_PACKAGE if back == r.BUYER_SHIPPED_ITEM else aftersales.RESPOND_ACTION[ret.type]
    window = store.aftersales.windows
    state.set_deadline(store, ret, now + (window.receive_response if back == r.BUYER_SHIPPED_ITEM
                                          else window.return_response), action)  # fmt: skip
    return ret


def appeal(store: Store, return_id: str, now: int) -> r.Return:
    """The buyer asks the platform to review the seller's rejection."""
    ret = lookup.return_(store, return_id)
    if ret.status not in r.RETURN_REJECTIONS or ret.arbitration_status:
        raise _refuse(ret, "appeal")
    ret.arbitration_status = r.ARBITRATION_IN_PROGRESS
    state.note(store, ret, now, r.BUYER, "arbitration", "Buyer asked the platform to review the rejection",
               arbitration_status=ret.arbitration_status)  # fmt: skip
    return ret


def arbitrate(store: Store, return_id: str, now: int, *, decision: str) -> r.Return:
    """The platform decides a rejected (or appealed) request: SUPPORT_BUYER or SUPPORT_SELLER."""
    ret = lookup.return_(store, return_id)
    if ret.status not in r.RETURN_REJECTIONS or ret.arbitration_status not in ("", r.ARBITRATION_IN_PROGRESS):
        raise _refuse(ret, "arbitrate")
    if decision not in (r.SUPPORT_BUYER, r.SUPPORT_SELLER):
        raise AftersaleError(Reason.INVALID_REQUEST, "decision is SUPPORT_BUYER or SUPPORT_SELLER")
    ret.arbitration_status = decision
    state.note(store, ret, now, r.OPERATOR, "arbitration", f"The platform decided: {decision}",
               arbitration_status=decision)  # fmt: skip
    if decision == r.SUPPORT_SELLER:
        return ret
    if ret.type == r.REPLACEMENT:
        state.set_status(store, ret, r.REPLACEMENT_REFUNDED, now, r.OPERATOR, "The platform refunded the buyer")
        state.schedule_refund(store, ret, now)
    elif ret.type == r.RETURN_AND_REFUND and ret.status == r.RETURN_REJECTED and not ret.can_buyer_keep_item:
        state.set_status(store, ret, r.AWAITING_BUYER_SHIP, now, r.OPERATOR, "The platform approved the return")
        state.set_deadline(store, ret, now + store.aftersales.windows.buyer_ship, r.BUYER_SHIP)
    else:
        aftersales.refund_now(store, ret, now, r.OPERATOR, "The platform approved the refund")
    return ret
