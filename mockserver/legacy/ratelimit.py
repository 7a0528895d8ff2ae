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

#: (client, operation) -> [tokens left, time of the last refill]
Buckets = dict[tuple[str, str], list[float]]


@dataclass(frozen=True)
class Limit:
    rate: float  # requests regained per second
    burst: int  # bucket size

    @property
    def label(self) -> str:
        """`X-Ratelimit-Limit` as the real API writes it: "5 req/s (burst 5)"."""
        return f"{self.rate:g} req/s (burst {self.burst})"


def parse_limit(text: str) -> Limit:
    rate_text, _, burst_text = text.strip().partition("/")
    try:
        rate = float(rate_text)
        burst = int(burst_text) if burst_text else max(1, math.ceil(rate))
    except (ValueError, OverflowError):
        raise ValueError(f'rate limit {text!r}: expected "RATE/BURST", e.g. "5/5"') from None
    if not (rate > 0 and burst >= 1 and math.isfinite(rate)):
        raise ValueError(f"rate limit {text!r}: rate must be > 0 and burst >= 1")
    return Limit(rate, burst)


def parse_config(text: str) -> tuple[Limit, dict[str, Limit]]:
    """`"5/5,get_order_list=10/20"` -> the default limit and the per-operation overrides."""
    default = Limit(5.0, 5)
    overrides: dict[str, Limit] = {}
    for part in (p.strip() for p in text.split(",")):
        if not part:
            continue
        name, sep, value = part.partition("=")
        if sep:
            overrides[name.strip()] = parse_limit(value)
        else:
            default = parse_limit(name)
    return default, overrides


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
            bucket = self._buckets().setdefault((client, operation), [float(limit.burst), now])
            elapsed = max(0.0, now - bucket[1])
            tokens = min(float(limit.burst), bucket[0] + elapsed * limit.rate)
            allowed = tokens >= 1.0
            bucket[0], bucket[1] = (tokens - 1.0 if allowed else tokens), now
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
