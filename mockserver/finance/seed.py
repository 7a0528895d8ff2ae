"""The finance area in a freshly seeded store: config and fee table from Settings, the event listener, the first
daily close. No history is built here — each shop's books are built the first time they are needed
(finance/history.py), so seeding costs nothing more."""

from __future__ import annotations

from mockserver.finance import feed, rules
from mockserver.finance.models import DAY, FinanceConfig
from mockserver.settings import Settings
from mockserver.store import Store


def seed_finance(store: Store, settings: Settings, now: int) -> None:
    config = FinanceConfig(
        seed=settings.seed,
        seed_now=now,
        settlement_seconds=settings.finance_settlement_days * DAY,
        history_days=settings.finance_history_days,
        payout_days=settings.finance_payout_days,
        payout_seconds=settings.finance_payout_hours * 3600,
    )
    feed.attach(store, config, rules.parse_fee_table(settings.finance_fees))
