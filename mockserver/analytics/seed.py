"""The analytics area in a freshly seeded store: its settings and the listener that forgets changed days. Content
(videos, LIVE sessions) is drawn per shop on first use (analytics/content.py)."""

from __future__ import annotations

from mockserver.analytics import daybook
from mockserver.finance import money
from mockserver.settings import Settings
from mockserver.store import Store


def seed_analytics(store: Store, settings: Settings, now: int) -> None:
    rate = money.parse(settings.analytics_usd_rate)
    if rate <= 0:
        raise ValueError(f"analytics_usd_rate must be positive, got {settings.analytics_usd_rate!r}")
    daybook.attach(store, seed=settings.seed, seed_now=now, usd_rate=rate, max_days=settings.analytics_max_days)
