"""Token buckets, shared by both dialects' rate limits (legacy/ratelimit.py, partner/quota.py).

A bucket holds up to `burst` tokens and regains `rate` per second of the clock it is given (the mock clock, so a
test moves time instead of sleeping); a request spends one. Limits are written `"RATE/BURST"` (`"5/5"`, `"50"` for
50/50), and a limit table as a default plus per-operation overrides: `"50/50,get_order_list=10/20"`.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import cached_property

#: (tokens left, time of the last refill), kept where the caller says (the store, so a reset refills them).
Bucket = list[float]


@dataclass(frozen=True)
class Limit:
    rate: float  # requests regained per second
    burst: int  # bucket size

    @cached_property  # every legacy answer sends it (a frozen dataclass keeps it in its __dict__)
    def label(self) -> str:
        """As the legacy API's `X-Ratelimit-Limit` writes it: "5 req/s (burst 5)"."""
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


def parse_table(text: str, default: Limit) -> tuple[Limit, dict[str, Limit]]:
    """`"5/5,get_order_list=10/20"` -> the default limit (or `default` when none is given) and the overrides."""
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


def take(bucket: Bucket, limit: Limit, now: float) -> bool:
    """Refill `bucket` up to `now` and spend one token if there is one; False (nothing spent) if there is none."""
    elapsed = max(0.0, now - bucket[1])
    tokens = min(float(limit.burst), bucket[0] + elapsed * limit.rate)
    allowed = tokens >= 1.0
    bucket[0], bucket[1] = (tokens - 1.0 if allowed else tokens), max(now, bucket[1])
    return allowed


def full(limit: Limit, now: float) -> Bucket:
    return [float(limit.burst), now]


def wait(limit: Limit, tokens: float) -> float:
    """Seconds until the bucket holds one token again."""
    return max(0.0, (1.0 - tokens) / limit.rate)


#: Values that turn a switchable limit off.
OFF = frozenset({"", "off", "0", "none"})


def parse_switchable(text: str, documented: Limit) -> tuple[Limit, dict[str, Limit]] | None:
    """A limit table that can be off (None), `on` (the documented limit) or `"RATE/BURST,op=RATE/BURST"` (`on` may
    stand for the default: `"on,get_order_list=10/10"`)."""
    text = text.strip()
    if text.lower() in OFF:
        return None
    first, _, rest = text.partition(",")
    if first.strip().lower() == "on":  # "on,get_order_list=10/10": the documented default plus overrides
        text = rest
    return parse_table(text, documented)
