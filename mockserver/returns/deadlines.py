"""What the platform does when an after-sales window lapses (timers, run by mockserver/world.py at their due time).

- `aftersale.deadline` (subject: the request id), by the request's pending `deadline_action`:
  SELLER_RESPOND_CANCEL -> the cancellation is approved (or closed, when the parcel has left);
  SELLER_RESPOND_REFUND / _RETURN / _REPLACEMENT -> approved as the SYSTEM (refund / AWAITING_BUYER_SHIP / COMPLETE);
  BUYER_SHIP -> the request is closed (RETURN_OR_REFUND_REQUEST_CANCEL);
  SELLER_RESPOND_RECEIVE_PACKAGE -> the package is accepted, the refund follows;
  BUYER_RESPOND -> the partial-refund offer counts as declined.
- `aftersale.refund`: the refund reaches the buyer (SUCCESS -> COMPLETE, and `refund.completed`).

A timer whose request moved on (its `deadline` or `refund_due` no longer equals the due time) does nothing.
"""

from __future__ import annotations

import logging

from mockserver.returns import aftersales, buyer, cancellations, lookup, state
from mockserver.returns import models as r
from mockserver.returns.models import AftersaleError
from mockserver.store import Store

log = logging.getLogger("tokopedia_mock.returns")
DEADLINE_TIMER = state.DEADLINE_TIMER
REFUND_TIMER = state.REFUND_TIMER

_AUTO_APPROVE = {
    r.SELLER_RESPOND_REFUND: aftersales.APPROVE_REFUND,
    r.SELLER_RESPOND_RETURN: aftersales.APPROVE_RETURN,
    r.SELLER_RESPOND_REPLACEMENT: aftersales.APPROVE_REPLACEMENT,
}


def on_deadline(store: Store, ident: str, due: int) -> None:
    request = store.aftersales.get(ident)
    if request is None or request.deadline != due:
        return  # stale: the request moved on
    try:
        if isinstance(request, r.Cancellation):
            cancellations.expire(store, request, due)
        else:
            assert isinstance(request, r.Return)
            _expire_return(store, request, due)
    except AftersaleError as e:  # the world moved under the request: leave it as it is
        log.info("%s %s: deadline %s not applied: %s", request.type, ident, request.deadline_action, e)


def _expire_return(store: Store, ret: r.Return, due: int) -> None:
    action = ret.deadline_action
    if action in _AUTO_APPROVE:
        aftersales.approve(store, ret.id, due, _AUTO_APPROVE[action], by=r.SYSTEM)
    elif action == r.BUYER_SHIP:
        state.set_status(store, ret, r.RETURN_CANCELLED, due, r.SYSTEM,
                         "The buyer did not ship the package in time: the request was closed")  # fmt: skip
    elif action == r.SELLER_RESPOND_RECEIVE_PACKAGE:
        aftersales.accept_package(store, ret, due, r.SYSTEM)
    elif action == r.BUYER_RESPOND:
        buyer.respond(store, ret.id, due, accept=False)


def on_refund(store: Store, ident: str, due: int) -> None:
    request = store.aftersales.get(ident)
    if request is None or request.refund_due != due:
        return
    if isinstance(request, r.Cancellation):
        cancellations.refund(store, request, due)
        return
    order = lookup.order_of(store, request)
    if request.status == r.RETURN_SUCCESS:
        state.set_status(store, request, r.RETURN_COMPLETE, due, r.SYSTEM, "The refund was issued to the buyer")
    state.paid_out(store, request, due, order.paid_time is not None)
