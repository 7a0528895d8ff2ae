"""The Partner API's rate limits: token buckets per (app, shop, operation) on the mock clock, and the optional
development-shop hourly cap.

Official (guides/rate-limits.md): 50 QPS per API for each app, counted per (app, shop) pair; over it, HTTP 429 with
code 36009002. The gate checks it last, after the shop_cipher (reference §6). Off by default
(`partner_rate_limit = "off"`): a test suite calling an in-process mock does hundreds of calls a second, which the
real API would throttle; `--partner-rate-limit 50` (or `on`) turns on the documented 50/s, and
`"50/50,get_order_list=10/10"` sets per-operation limits. Every 429 carries `Retry-After` (whole seconds until one
more call is allowed: GUESS, the docs only advise honouring it). `partner_dev_shop_hourly_limit` (0: off) caps every
shop's calls per app at N an hour (a bucket regaining N per hour; development shops are capped so, GUESS on the
exact accounting), answering 429 / 36009037.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

from mockserver.partner import errors
from mockserver.ratelimit import Bucket, Limit, full, parse_switchable, take, wait
from mockserver.store import Store

#: The documented default: 50 QPS per API.
DOCUMENTED = Limit(50.0, 50)
HOUR = 3600.0


@dataclass
class QuotaState:
    """The buckets, in the store (`store.frontend("partner_quota")`), so that a reset refills them."""

    buckets: dict[tuple[str, str, str], Bucket] = field(default_factory=dict)
    hourly: dict[tuple[str, str], Bucket] = field(default_factory=dict)


def _state(store: Store) -> QuotaState:
    state: QuotaState = store.frontend("partner_quota", lambda _s: QuotaState())
    return state


class Quota:
    def __init__(self, config: str, hourly_cap: int) -> None:
        self.table = parse_switchable(config, DOCUMENTED)
        self.hourly = Limit(hourly_cap / HOUR, hourly_cap) if hourly_cap > 0 else None

    @property
    def active(self) -> bool:
        return self.table is not None or self.hourly is not None

    def spend(self, store: Store, now: float, app_key: str, shop_id: str, operation: str) -> None:
        """Spend one call; a `PartnerError` (429) with Retry-After when a bucket is empty (then nothing is spent)."""
        state = _state(store)
        if self.hourly is not None and shop_id:
            bucket = state.hourly.setdefault((app_key, shop_id), full(self.hourly, now))
            if not _peek(bucket, self.hourly, now):
                raise _throttled(errors.dev_shop_hourly_limit(), wait(self.hourly, bucket[0]))
        if self.table is not None:
            default, overrides = self.table
            limit = overrides.get(operation, default)
            bucket = state.buckets.setdefault((app_key, shop_id, operation), full(limit, now))
            if not take(bucket, limit, now):
                raise _throttled(errors.too_many_requests(), wait(limit, bucket[0]))
        if self.hourly is not None and shop_id:
            take(state.hourly[(app_key, shop_id)], self.hourly, now)


def _peek(bucket: Bucket, limit: Limit, now: float) -> bool:
    return min(float(limit.burst), bucket[0] + max(0.0, now - bucket[1]) * limit.rate) >= 1.0


def _throttled(err: errors.PartnerError, seconds: float) -> errors.PartnerError:
    err.headers["Retry-After"] = str(max(1, math.ceil(seconds - 1e-9)))
    err.check = "rate_limit"
    return err
