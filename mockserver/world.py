"""What the platform does by itself as time passes: the due timers, run in time order, each through its domain.

Time moves by itself (the mock clock follows the wall clock, plus any offset the control plane adds), so the world
catches up lazily: every request runs `catch_up(store, now)` under the store lock before it is answered, and the
control plane does when it moves the clock. Each timer runs at its own due time, so the events it emits carry
the time the platform would have acted, not the time someone looked.

Kinds (one ACTIONS entry each, pointing at the owning area's function):
- `product.review`: a listing's review is over (catalog/backend.py `settle`).
- `aftersale.deadline`, `aftersale.refund`: a cancellation's or return's window lapsed, a refund is paid
  (returns/deadlines.py).
- `finance.settle`, `finance.close`, `finance.payout`: an order's settlement delay is over; 00:00 UTC (statements,
  payouts); a payout went through (finance/feed.py).
- `order.unpaid_expiry`, `order.hold_end`, `order.sla`, `order.auto_complete`, `order.seeded`: unpaid orders
  cancelled, holds released, SLAs judged (late flags, auto-cancellations), deliveries completed, and the lazy sweep
  over seeded history (orders/deadlines.py arms them, orders/platform.py acts).
- `auth_code.expiry`, `token.expiry`, `authorization.expiring`, `authorization.expiry` (auth/deadlines.py).
- `promotion.activity`: an activity's begin or end time came (promotion/activities.py `on_timer`).
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from mockserver import timers
from mockserver.auth import deadlines as auth_deadlines
from mockserver.catalog import backend as catalog
from mockserver.errors import DomainError
from mockserver.finance import feed as finance
from mockserver.finance import models as finance_models
from mockserver.orders import deadlines as order_deadlines
from mockserver.orders import platform as orders_platform
from mockserver.promotion import activities
from mockserver.returns import deadlines as aftersales
from mockserver.store import Store

log = logging.getLogger("tokopedia_mock.world")

#: Timers one catch-up runs at most, so a huge clock jump cannot stall a request (the rest run next time).
MAX_PER_CATCH_UP = 10_000

Action = Callable[[Store, str, int], None]


def _review(store: Store, product_id: str, due: int) -> None:
    product = store.products.get(product_id)
    if product is not None and product.review_due is not None and product.review_due <= due:
        catalog.settle(store, product, due)


ACTIONS: dict[str, Action] = {
    catalog.REVIEW_TIMER: _review,
    aftersales.DEADLINE_TIMER: aftersales.on_deadline,  # returns
    aftersales.REFUND_TIMER: aftersales.on_refund,  # returns
    finance_models.SETTLE_TIMER: finance.settle,
    finance_models.CLOSE_TIMER: finance.close,
    finance_models.PAYOUT_TIMER: finance.payout,
    order_deadlines.UNPAID_EXPIRY: orders_platform.unpaid_expired,
    order_deadlines.HOLD_END: orders_platform.hold_ended,
    order_deadlines.SLA: orders_platform.sla_due,
    order_deadlines.AUTO_COMPLETE: orders_platform.auto_complete,
    order_deadlines.SEEDED: orders_platform.seeded_due,
    auth_deadlines.AUTH_CODE_EXPIRY: auth_deadlines.code_expired,
    auth_deadlines.TOKEN_EXPIRY: auth_deadlines.token_expired,
    auth_deadlines.AUTHORIZATION_EXPIRING: auth_deadlines.authorization_expiring,
    auth_deadlines.AUTHORIZATION_EXPIRY: auth_deadlines.authorization_expired,
    activities.STATUS_TIMER: activities.on_timer,  # issue 14: an activity begins or ends
}


def catch_up(store: Store, now: int, limit: int = MAX_PER_CATCH_UP) -> int:
    """Run every timer due at or before `now`, earliest first (at most `limit`); the number run.

    A catch-up within one (a timer's action read a shop not built yet, whose build catches up: lazyshops.py) runs
    nothing: the running one goes on with the new timers."""
    due_first = store.timers
    if store.catching_up or not due_first or due_first[0][0] > now:
        return 0  # nothing due: what almost every request finds
    store.catching_up = True
    ran = 0
    try:
        while ran < limit:
            timer = timers.pop_due(store, now)
            if timer is None:
                break
            due, _, kind, subject = timer
            action = ACTIONS.get(kind)
            if action is not None:
                try:
                    action(store, subject, due)
                except DomainError as e:  # the record moved on in a way the timer did not foresee: nothing to do
                    log.debug("timer %s %s at %s refused: %s", kind, subject, due, e)
            ran += 1
    finally:
        store.catching_up = False
    return ran


def pending(store: Store, now: int) -> int:
    """Timers due by `now` that have not run yet (a catch-up stopped at its limit)."""
    return sum(1 for t in store.timers if t[0] <= now)
