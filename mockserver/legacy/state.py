"""What the legacy front-end keeps for itself in the store: its id map, rate-limit buckets and request-id replays.

Everything else the legacy API shows (apps and tokens, shops, products, orders, webhook registrations) is the shared
domain in the store. This is presentation and gate state only; it lives in `Store.frontends["legacy"]`, so a reset
or snapshot of the store covers it too.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from mockserver.store import Store

NAME = "legacy"


@dataclass
class LegacyIdMap:
    """Legacy numeric ids <-> Partner ids, one map per kind (product, sku, warehouse, order, user).

    The legacy id of a Partner id is a pure function (its last 10 digits, see `legacy/ids.py`); this map only
    remembers the answers so that a legacy id can be turned back, and settles the (unlikely) collisions.
    """

    to_legacy: dict[tuple[str, str], int] = field(default_factory=dict)  # (kind, partner id) -> legacy id
    to_partner: dict[tuple[str, int], str] = field(default_factory=dict)  # (kind, legacy id) -> partner id


@dataclass
class LegacyState:
    ids: LegacyIdMap = field(default_factory=LegacyIdMap)
    #: Stock increment/decrement retries: (fs_id, operation, request_id) -> the first answer's `data`.
    idempotency: dict[tuple[int, str, str], Any] = field(default_factory=dict)
    #: Rate-limit buckets by (client, operation): [tokens left, time of the last refill] (legacy/ratelimit.py).
    rate_buckets: dict[tuple[str, str], list[float]] = field(default_factory=dict)


def _new(store: Store) -> LegacyState:
    return LegacyState()


def state_of(store: Store) -> LegacyState:
    """The legacy front-end's state in `store` (created on first use)."""
    state: LegacyState = store.frontend(NAME, _new)
    return state
