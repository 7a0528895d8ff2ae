"""Runtime settings: one frozen object, built from defaults, environment variables and CLI flags."""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field, fields, replace

from mockserver.clock import Clock

ENV_PREFIX = "TOKOPEDIA_MOCK_"

# The default partner app. Fixed so that docs, tests and users' CI configs can hard-code them.
DEFAULT_APP_KEY = "tkpdmockapp01"
DEFAULT_APP_SECRET = "tokopedia-mock-app-secret-0001"
DEFAULT_SERVICE_ID = "7400000000000000001"
DEFAULT_PORT = 9400

# The default app's credentials on the legacy Tokopedia Seller API (accounts.tokopedia.com + fs.tokopedia.net).
DEFAULT_LEGACY_CLIENT_ID = "tkpdmock-legacy-client-0001"
DEFAULT_LEGACY_CLIENT_SECRET = "tkpdmock-legacy-secret-0001"
DEFAULT_LEGACY_FS_ID = 13004


@dataclass(frozen=True)
class Settings:
    """Everything that shapes one mock instance. `create_app(Settings(...))` is the only entry point."""

    host: str = "127.0.0.1"
    port: int = DEFAULT_PORT
    seed: int = 1
    app_key: str = DEFAULT_APP_KEY
    app_secret: str = DEFAULT_APP_SECRET
    service_id: str = DEFAULT_SERVICE_ID
    #: Where the consent page redirects. Empty: the mock's own `/_mock/oauth/callback` page.
    redirect_url: str = ""
    #: Access-token lifetime (seconds): 7 days per the official docs.
    access_token_ttl: int = 7 * 24 * 3600
    #: Refresh-token lifetime (seconds): 365 days, as in the official example.
    refresh_token_ttl: int = 365 * 24 * 3600
    #: Auth codes are single-use and valid for 30 minutes (official docs).
    auth_code_ttl: int = 30 * 60
    #: Largest request body accepted, in bytes (GUESS: the real limit is not documented).
    max_body_bytes: int = 10 * 1024 * 1024
    #: Explain signature failures (extra `mock_debug` field and `x-mock-sign-hint` header).
    sign_debug: bool = True
    #: Validate every response against its schema and fail loudly (tests turn this on).
    validate_responses: bool = False
    log_level: str = "info"
    #: Seeded products per shop (deterministic from `seed`). Start-up grows with it: ~0.1 ms per product and shop.
    catalog_size: int = 300
    #: Seconds a new listing (or an edit of a live product) spends in review before it goes live; 0: instant.
    catalog_review_seconds: int = 0
    #: Legacy Seller API (mockserver/legacy): the default app's client credentials and fs_id ("App ID").
    legacy_client_id: str = DEFAULT_LEGACY_CLIENT_ID
    legacy_client_secret: str = DEFAULT_LEGACY_CLIENT_SECRET
    legacy_fs_id: int = DEFAULT_LEGACY_FS_ID
    #: Legacy access-token lifetime (seconds). GUESS: 2 weeks (22-Oct-2021 news); the docs example says 30 days.
    legacy_token_ttl: int = 14 * 24 * 3600
    #: Legacy per-endpoint rate limit, "RATE/BURST" plus optional "operation_id=RATE/BURST" overrides, comma-separated.
    #: Only shop-info's "5 req/s (burst 5)" is published; the same is the GUESS for every other endpoint.
    legacy_rate_limit: str = "5/5"
    #: Widest from_date..to_date window of the legacy order list, in days (ORD_DLV_013). GUESS: 3.
    legacy_order_max_days: int = 3
    #: Seeded orders per shop (mockserver/orders). Generated lazily: 100,000 orders per shop start in ~1 s.
    orders_per_shop: int = 50
    #: Domain events kept (GET /_mock/events, webhooks, the journal): the newest ones; older ones are dropped.
    event_log_size: int = 100_000
    # --- finance and analytics (mockserver/finance, mockserver/analytics; README "Finance and analytics") ---
    #: Days after delivery an order settles into a statement. GUESS: 7 (the docs: "a certain number of days after
    #: delivery (varies by region) if no returns or refunds are pending").
    finance_settlement_days: int = 7
    #: The fee table, fee=rate[/cap per order] comma-separated (names: fee_tax_breakdown.fee fields). GUESS values.
    finance_fees: str = (
        "platform_commission=0.04,dynamic_commission=0.045/40000,transaction_fee=0.018,"
        "credit_card_handling_fee=0.01,sfp_service_fee=0.04/10000"
    )
    #: Statements are paid out every N days at 00:00 UTC (1: daily). GUESS.
    finance_payout_days: int = 1
    #: Hours a payment is PROCESSING before it is PAID. GUESS.
    finance_payout_hours: int = 24
    #: Days of finance history before the seeding day, built from the order book (each shop on first use).
    finance_history_days: int = 90
    #: IDR per USD, for analytics asked with currency=USD. GUESS.
    analytics_usd_rate: str = "16000"
    #: Widest analytics date range in days (28001022 beyond): bounds what one request can make the mock count.
    analytics_max_days: int = 365
    clock: Clock = field(default_factory=Clock, compare=False, repr=False)

    @property
    def base_url(self) -> str:
        host = "127.0.0.1" if self.host in ("0.0.0.0", "::", "") else self.host
        return f"http://{host}:{self.port}"

    @property
    def effective_redirect_url(self) -> str:
        return self.redirect_url or f"{self.base_url}/_mock/oauth/callback"

    def with_overrides(self, **overrides: object) -> Settings:
        """A copy with the given fields replaced; `None` values are ignored (unset CLI flags)."""
        return replace(self, **{k: v for k, v in overrides.items() if v is not None})  # type: ignore[arg-type]


# --- finance and analytics: environment variables and CLI flags (cli.py) ---
FINANCE_FIELDS = (
    "finance_settlement_days",
    "finance_fees",
    "finance_payout_days",
    "finance_payout_hours",
    "finance_history_days",
    "analytics_usd_rate",
    "analytics_max_days",
)

_ENV_FIELDS = (
    "host",
    "port",
    "seed",
    "app_key",
    "app_secret",
    "service_id",
    "redirect_url",
    "log_level",
    "legacy_client_id",
    "legacy_client_secret",
    "legacy_fs_id",
    "legacy_token_ttl",
    "legacy_rate_limit",
    "legacy_order_max_days",
    "orders_per_shop",
    "catalog_size",
    "catalog_review_seconds",
    *FINANCE_FIELDS,
)


def from_env(environ: Mapping[str, str] | None = None, base: Settings | None = None) -> Settings:
    """Settings from `TOKOPEDIA_MOCK_*` variables over `base` (default: the defaults)."""
    environ = os.environ if environ is None else environ
    base = base or Settings()
    types = {f.name: f.type for f in fields(Settings)}
    values: dict[str, object] = {}
    for name in _ENV_FIELDS:
        raw = environ.get(ENV_PREFIX + name.upper())
        if raw is None or raw == "":
            continue
        if types[name] in ("int", int):
            try:
                values[name] = int(raw)
            except ValueError as e:
                raise ValueError(f"{ENV_PREFIX}{name.upper()} must be an integer, got {raw!r}") from e
        else:
            values[name] = raw
    return base.with_overrides(**values)
