"""What the platform will do by itself, and when: timers in the store, run in time order by mockserver/world.py.

A timer is `(due, seq, kind, subject)`: plain data, so the store stays copyable and could be persisted. The domain
area that knows a deadline schedules it (`schedule`); world.py knows what each `kind` does when it comes due.
Scheduling again for the same (kind, subject) makes the earlier timer stale: it is skipped when it comes up.
"""

from __future__ import annotations

import heapq

from mockserver.store import Store, Timer


def schedule(store: Store, due: int, kind: str, subject: str) -> None:
    store.timer_seq += 1
    heapq.heappush(store.timers, (int(due), store.timer_seq, kind, subject))


def pop_due(store: Store, now: int) -> Timer | None:
    """The earliest timer due at or before `now`, taken off the heap; None when nothing is due."""
    if store.timers and store.timers[0][0] <= now:
        return heapq.heappop(store.timers)
    return None


def next_due(store: Store) -> int | None:
    return store.timers[0][0] if store.timers else None
