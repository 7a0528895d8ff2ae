"""What the platform does by itself as time passes: the due timers, run in time order, each through its domain.

Time moves by itself (the mock clock follows the wall clock, plus any offset the control plane adds), so the world
catches up lazily: every request runs `catch_up(store, now)` under the store lock before it is answered, and the
control plane does when it moves the clock. Each timer runs at its own due time, so the events it emits carry
the time the platform would have acted, not the time someone looked.

Kinds (more come with the control-plane issue: holds ending, unpaid orders expiring, auto-completion ...):
- `product.review`: a listing's review is over (catalog/backend.py `settle`);
- `promotion.activity`: an activity's begin or end time came (promotion/activities.py `on_timer`).
"""

from __future__ import annotations

from collections.abc import Callable

from mockserver import timers
from mockserver.catalog import backend as catalog
from mockserver.promotion import activities
from mockserver.store import Store

#: Timers one catch-up runs at most, so a huge clock jump cannot stall a request (the rest run next time).
MAX_PER_CATCH_UP = 10_000

Action = Callable[[Store, str, int], None]


def _review(store: Store, product_id: str, due: int) -> None:
    product = store.products.get(product_id)
    if product is not None and product.review_due is not None and product.review_due <= due:
        catalog.settle(store, product, due)


ACTIONS: dict[str, Action] = {
    catalog.REVIEW_TIMER: _review,
    activities.STATUS_TIMER: activities.on_timer,  # issue 14: an activity begins or ends
}


def catch_up(store: Store, now: int) -> int:
    """Run every timer due at or before `now`, earliest first; the number run."""
    ran = 0
    while ran < MAX_PER_CATCH_UP:
        timer = timers.pop_due(store, now)
        if timer is None:
            break
        due, _, kind, subject = timer
        action = ACTIONS.get(kind)
        if action is not None:
            action(store, subject, due)
        ran += 1
    return ran
