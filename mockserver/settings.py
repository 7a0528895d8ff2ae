"""Runtime settings: one frozen object, built from defaults, environment variables and CLI flags."""

from __future__ import annotations

from dataclasses import dataclass, field, replace

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
    #: When each shop's seeded world (catalog, orders, returns, promotions) is built: "lazy" when something first
    #: reads it (a reset costs the same at any size; mockserver/lazyshops.py), "eager" at startup and every reset.
    seed_mode: str = "lazy"
    #: Domain events kept (GET /_mock/events, webhooks, the journal): the newest ones; older ones are dropped.
    event_log_size: int = 100_000
    # --- the HTTP server (`tokopedia-mock serve`; the app itself enforces body_timeout) ---------------------------
    #: Most header lines a request may carry (more: 431, connection closed).
    max_header_count: int = 100
    #: Most bytes of request line + headers (more: 431, connection closed).
    max_header_bytes: int = 64 * 1024
    #: Seconds a request's head (request line and headers) may take to arrive, counted from the connection's
    #: opening or the previous response (more: 408, connection closed).
    header_timeout: float = 10.0
    #: Seconds a request's body may take to arrive once its head is in (more: 408 in the dialect's envelope).
    body_timeout: float = 30.0
    #: Seconds an idle keep-alive connection stays open.
    keep_alive_timeout: int = 5
    #: Log each request (method, path, status, dialect, operation, business code, request_id; never the query).
    access_log: bool = True
    #: "text" (one line per record) or "json" (one JSON object per line).
    log_format: str = "text"
    #: A file `serve` writes its base URL to once listening, and removes on exit (`tokopedia-mock health` reads
    #: it, so a health check follows whatever port was configured). Empty: none.
    ready_file: str = ""
    # --- returns (mockserver/returns): after-sales windows in seconds, on the mock clock (GUESS: undocumented) ---
    #: The seller's window to answer a buyer's cancellation request; when it lapses the platform approves it.
    cancel_response_seconds: int = 24 * 3600
    #: The seller's window to answer a refund, return or replacement request; when it lapses the platform approves.
    return_response_seconds: int = 48 * 3600
    #: The buyer's window to ship an approved return; when it lapses the request is closed.
    return_ship_seconds: int = 7 * 24 * 3600
    #: The seller's window to inspect a return package once delivered; when it lapses the platform accepts it.
    return_receive_seconds: int = 48 * 3600
    #: The buyer's window to answer a partial-refund offer; when it lapses the offer counts as declined.
    partial_refund_response_seconds: int = 48 * 3600
    #: How long after delivery the buyer may ask for a refund, return or replacement.
    return_window_seconds: int = 15 * 24 * 3600
    #: From an approved cancellation or return to the refund reaching the buyer (COMPLETE); 0: at once.
    refund_seconds: int = 3600
    #: Return shipping fee (IDR) of a platform-shipped return, paid by the seller when the reason is its fault.
    return_shipping_fee: int = 10_000
    #: Answers remembered for `idempotency_key` replays (return-and-refund writes); the oldest are forgotten.
    idempotency_keys: int = 10_000
    # --- webhooks (mockserver/webhooks, mockserver/delivery) ---
    #: A delivery succeeds when the receiver answers within this many (wall-clock) seconds: 3 (official).
    webhook_timeout: float = 3.0
    #: Mock-clock seconds from one failed attempt to the next: 2 min, 30 min, 3 h, 12 h, then no more (official).
    webhook_retry_seconds: tuple[int, ...] = (120, 1800, 10800, 43200)
    #: Deliveries waiting to be sent (first attempts and retries) at most; past it a new one is dropped and counted.
    webhook_queue_size: int = 10_000
    #: Requests to receivers in flight at once, at most.
    webhook_concurrency: int = 8
    #: Delivery records kept by the log (GET /_mock/webhooks/deliveries): the newest ones.
    webhook_log_size: int = 10_000
    #: How often (wall seconds) the delivery engine looks at the mock clock for retries coming due.
    webhook_poll_seconds: float = 0.2
    #: INVENTORY_STATUS_CHANGE's LOW_STOCK: available stock at or below this (GUESS: the seller's alert value, 5).
    webhook_low_stock_threshold: int = 5
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
    # --- time that moves the world (orders/deadlines.py, auth/deadlines.py, world.py) --------------------------
    #: An unpaid order is cancelled by the platform after this long (GUESS: 24 h; the window is not documented).
    unpaid_cancel_seconds: int = 24 * 3600
    #: How long a new paid order stays ON_HOLD (official: 1 hour, guides/order-management-system-oms.md).
    on_hold_seconds: int = 3600
    #: SLAs, counted from the moment an order can be shipped (paid, or its hold over). GUESS: the real ones vary by
    #: seller and market. Past rts/tts/delivery SLA the order is late (`order.sla_missed`); past the shipping due
    #: time unshipped, or the collection due time uncollected, the platform cancels it (the orders docs' fields).
    rts_sla_seconds: int = 2 * 24 * 3600
    tts_sla_seconds: int = 3 * 24 * 3600
    shipping_due_seconds: int = 3 * 24 * 3600
    collection_due_seconds: int = 5 * 24 * 3600
    delivery_sla_seconds: int = 7 * 24 * 3600
    delivery_due_seconds: int = 14 * 24 * 3600
    #: A delivered order completes by itself after this long (GUESS: 7 days; the buyer's confirmation is not modelled).
    auto_complete_seconds: int = 7 * 24 * 3600
    #: Let the world move with the wall clock by itself (a demo server): due timers run every `realtime_tick`
    #: seconds even when no request comes. Off: they run at the next request or clock move (same result, lazily).
    realtime: bool = False
    realtime_tick: float = 1.0
    # --- Partner API rate limits (partner/quota.py) -------------------------------------------------------------
    #: "off", "on" (the documented 50 QPS per API, per app and shop) or "RATE/BURST[,operation_id=RATE/BURST...]".
    partner_rate_limit: str = "off"
    #: Calls per hour each shop may take per app, as a development shop (429 / 36009037); 0: no cap.
    partner_dev_shop_hourly_limit: int = 0
    # --- tenants (control/tenants.py) ----------------------------------------------------------------------------
    #: Most tenants one server holds (each a full seeded mock, created on first use); 0: tenants off.
    max_tenants: int = 32
    # --- TLS (mockserver/tls.py) ---------------------------------------------------------------------------------
    #: Serve HTTPS with a generated local CA and certificate (written to `tls_dir`).
    tls: bool = False
    #: Your own certificate chain and key (PEM) instead; both or neither.
    tls_cert: str = ""
    tls_key: str = ""
    #: Where `--tls` writes (and reuses) ca.pem, server.pem and server-key.pem. Empty: ./.tokopedia-mock-tls
    tls_dir: str = ""
    # --- faults (mockserver/faults, /_mock/faults) -----------------------------------------------------------------
    #: Fault rules applied from the start (and again after a reset): `k=v,k=v;k=v` or a JSON array
    #: (mockserver/faults/rules.py documents the keys). Empty: none.
    faults: str = ""
    #: Honour `Prefer: code=<documented code>` to force one call's error (off the public schema).
    prefer_header: bool = True
    # --- the request journal (control/journal.py, GET /_mock/requests) -------------------------------------------
    #: Requests kept, the newest (0: no journal, and no body capture at all).
    journal_size: int = 1000
    #: Bytes of each request and response body kept per entry (the rest is marked truncated).
    journal_body_bytes: int = 8192
    # --- hardening: what one request may make the mock parse, keep or change (issue 16) ---------------------------
    #: Deepest nesting of arrays and objects in a JSON body (deeper: 400 in the dialect's envelope). GUESS.
    max_json_depth: int = 32
    #: Most parts in a multipart/form-data body (Upload Product Image sends 2). GUESS.
    max_multipart_parts: int = 16
    #: Largest part of a multipart body, in bytes (an image may be 10 MB).
    max_multipart_part_bytes: int = 10 * 1024 * 1024
    #: Bytes of uploaded images kept; past it the least recently used lose their bytes (served as a placeholder of
    #: their size, still valid in listings).
    upload_store_bytes: int = 64 * 1024 * 1024
    #: Seeded orders kept materialized while unchanged (least recently used first out); changed ones always stay.
    order_cache_size: int = 2000
    #: Bytes of rendered JSON each front-end keeps while the store is unchanged (renders.py), least recently used
    #: first out (an order is ~5 KB, a product ~2 KB).
    render_cache_bytes: int = 4 * 1024 * 1024
    #: Largest clock offset the control plane accepts, in seconds (either way): 100 years.
    max_clock_offset: int = 100 * 365 * 24 * 3600
    #: The control plane (/_mock/*, except /_mock/health): "auto" open on a loopback address and token-protected
    #: elsewhere, "token" always token-protected, "open" never, "off" disabled.
    control_plane: str = "auto"
    #: The control plane's token (header `x-mock-control-token`, or `Authorization: Bearer`). Never logged.
    control_token: str = ""
    #: A file holding the control token; created with a random token (mode 0600) if missing. Used when
    #: `control_token` is empty.
    control_token_file: str = ""
    # --- durable state (issue 16) -----------------------------------------------------------------------------------
    #: Directory to keep the state in across restarts (a journal of changes and snapshots). Empty: memory only.
    state_dir: str = ""
    #: Journal records between two snapshots of the state (a restart replays at most this many).
    state_snapshot_every: int = 1000
    clock: Clock = field(default_factory=Clock, compare=False, repr=False)

    @property
    def base_url(self) -> str:
        host = "127.0.0.1" if self.host in ("0.0.0.0", "::", "") else self.host
        scheme = "https" if self.tls or self.tls_cert else "http"
        return f"{scheme}://{host}:{self.port}"

    @property
    def effective_redirect_url(self) -> str:
        return self.redirect_url or f"{self.base_url}/_mock/oauth/callback"

    def with_overrides(self, **overrides: object) -> Settings:
        """A copy with the given fields replaced; `None` values are ignored (unset CLI flags)."""
        return replace(self, **{k: v for k, v in overrides.items() if v is not None})  # type: ignore[arg-type]
