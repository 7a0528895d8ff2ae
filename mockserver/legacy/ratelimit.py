"""Per-endpoint rate limits with the `X-Ratelimit-*` headers every legacy response carries (reference §4).

A token bucket per (client, operation): `rate` requests per second, at most `burst` at once. Time comes from an
injected callable (the mock's clock), so tests move it instead of sleeping. Limits are configured with one string
(`Settings.legacy_rate_limit`): `"5/5"` for every endpoint, then optional per-operation overrides,
`"5/5,get_order_list=10/20"`. Only the shop-info limit (5 req/s, burst 5) is published; the rest is a GUESS.
"""

from __future__ import annotations

import math
import threading
from collections.abc import Callable
from dataclasses import dataclass

from mockserver.ratelimit import Bucket, Limit, full, parse_limit, parse_table, take

__all__ = ["Buckets", "Limit", "RateLimiter", "Verdict", "headers", "parse_config", "parse_limit"]

#: (client, operation) -> [tokens left, time of the last refill]
Buckets = dict[tuple[str, str], Bucket]
DEFAULT = Limit(5.0, 5)


def parse_config(text: str) -> tuple[Limit, dict[str, Limit]]:
    """`"5/5,get_order_list=10/20"` -> the default limit and the per-operation overrides."""
    return parse_table(text, DEFAULT)


@dataclass(frozen=True)
class Verdict:
    allowed: bool
    headers: dict[str, str]


class RateLimiter:
    """Buckets live where `buckets()` says (the store's legacy state), so a reset of the mock refills them."""

    def __init__(self, now: Callable[[], float], config: str, buckets: Callable[[], Buckets] | None = None) -> None:
        self._now = now
        self.default, self.overrides = parse_config(config)
        own: Buckets = {}
        self._buckets = buckets or (lambda: own)
        self._lock = threading.Lock()

    def limit_for(self, operation: str) -> Limit:
        return self.overrides.get(operation, self.default)

    def take(self, client: str, operation: str) -> Verdict:
        """Spend one request of `client` on `operation`; the headers describe the bucket afterwards."""
        limit = self.limit_for(operation)
        now = self._now()
        with self._lock:
            bucket = self._buckets().setdefault((client, operation), full(limit, now))
            allowed = take(bucket, limit, now)
            return Verdict(allowed, headers(limit, bucket[0]))

    def peek(self, operation: str = "") -> dict[str, str]:
        """Headers for an answer that spends nothing (unknown path): a full bucket."""
        limit = self.limit_for(operation)
        return headers(limit, float(limit.burst))


def headers(limit: Limit, tokens: float) -> dict[str, str]:
    remaining = math.floor(tokens + 1e-9)
    # Seconds until one more request is allowed; "-0.000000" while some quota remains (as the real API shows).
    reset_after = -0.0 if remaining >= 1 else (1.0 - tokens) / limit.rate
    full_reset_after = (limit.burst - tokens) / limit.rate
    return {
        "X-Ratelimit-Limit": limit.label,
        "X-Ratelimit-Remaining": str(remaining),
        "X-Ratelimit-Reset-After": f"{reset_after:.6f}",
        "X-Ratelimit-Full-Reset-After": f"{max(0.0, full_reset_after):.6f}",
    }
