"""`tokopedia-mock`: the command line. `serve` starts the mock with its seeded defaults."""

from __future__ import annotations

import argparse
import logging
import sys
import time
from collections.abc import Sequence

from mockserver.settings import (
    DEFAULT_APP_KEY,
    DEFAULT_APP_SECRET,
    DEFAULT_LEGACY_CLIENT_ID,
    DEFAULT_LEGACY_CLIENT_SECRET,
    DEFAULT_LEGACY_FS_ID,
    DEFAULT_PORT,
    DEFAULT_SERVICE_ID,
    ENV_PREFIX,
    FINANCE_FIELDS,
    Settings,
    from_env,
)
from mockserver.version import __version__

#: When the CLI was imported: the banner reports time-to-ready from (almost) process start, imports included.
_LAUNCHED = time.perf_counter()

_EPILOG = f"""\
Every option can also be set with an environment variable: {ENV_PREFIX}HOST, {ENV_PREFIX}PORT,
{ENV_PREFIX}SEED, {ENV_PREFIX}APP_KEY, {ENV_PREFIX}APP_SECRET, {ENV_PREFIX}SERVICE_ID, {ENV_PREFIX}REDIRECT_URL,
{ENV_PREFIX}LOG_LEVEL, {ENV_PREFIX}CATALOG_SIZE, {ENV_PREFIX}CATALOG_REVIEW_SECONDS,
{ENV_PREFIX}ORDERS_PER_SHOP, {ENV_PREFIX}LEGACY_CLIENT_ID, {ENV_PREFIX}LEGACY_CLIENT_SECRET,
{ENV_PREFIX}LEGACY_FS_ID, {ENV_PREFIX}LEGACY_TOKEN_TTL, {ENV_PREFIX}LEGACY_RATE_LIMIT,
{ENV_PREFIX}LEGACY_ORDER_MAX_DAYS, and {ENV_PREFIX}FINANCE_* / {ENV_PREFIX}ANALYTICS_* for the finance and
analytics options.
Flags win over environment variables, which win over the defaults.

Point a client at the printed base URL for both the API host and the auth host. GET /_mock/apps lists the
seeded shops with ready-to-use access tokens; GET /_mock/health answers when the mock is ready.
"""


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="tokopedia-mock",
        description="A local mock of the Tokopedia seller APIs: the TikTok Shop Partner API (signed requests, "
        "shop_cipher) and the legacy Tokopedia Seller API, over one seeded state.",
    )
    parser.add_argument("--version", action="version", version=f"tokopedia-mock {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    serve = sub.add_parser(
        "serve",
        help="start the mock server",
        description="Start the mock server on HOST:PORT with data seeded from SEED.",
        epilog=_EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    serve.add_argument("--host", help="interface to bind (default 127.0.0.1; use 0.0.0.0 in a container)")
    serve.add_argument("--port", type=int, help=f"TCP port (default {DEFAULT_PORT}; 0 picks a free one)")
    serve.add_argument("--seed", type=int, help="seed for all generated data: same seed, same ids and data (default 1)")
    serve.add_argument("--app-key", help=f"app_key of the default partner app (default {DEFAULT_APP_KEY})")
    serve.add_argument("--app-secret", help=f"app_secret of the default partner app (default {DEFAULT_APP_SECRET})")
    serve.add_argument("--service-id", help=f"service_id used by the consent page (default {DEFAULT_SERVICE_ID})")
    serve.add_argument(
        "--redirect-url", help="where the consent page redirects (default: the mock's /_mock/oauth/callback)"
    )
    serve.add_argument("--log-level", choices=["critical", "error", "warning", "info", "debug"], help="default info")
    serve.add_argument("--no-access-log", action="store_true", help="do not log each request")
    serve.add_argument("--catalog-size", type=int, help="seeded products per shop (default 300)")
    serve.add_argument(
        "--catalog-review-seconds",
        type=int,
        help="seconds a new or edited listing stays in review before it goes live (default 0: instant)",
    )
    serve.add_argument(
        "--orders-per-shop",
        type=int,
        help="seeded orders per shop (default 50); 100000 or more makes large shops, generated lazily",
    )
    legacy = serve.add_argument_group("legacy Tokopedia Seller API (POST /token, /v1/..., /inventory/v1/...)")
    legacy.add_argument("--legacy-client-id", help=f"client_id of the default app (default {DEFAULT_LEGACY_CLIENT_ID})")
    legacy.add_argument(
        "--legacy-client-secret", help=f"client_secret of the default app (default {DEFAULT_LEGACY_CLIENT_SECRET})"
    )
    legacy.add_argument(
        "--legacy-fs-id", type=int, help=f"fs_id (App ID) of the default app (default {DEFAULT_LEGACY_FS_ID})"
    )
    legacy.add_argument(
        "--legacy-rate-limit",
        help='per-endpoint limit "RATE/BURST", plus "operation_id=RATE/BURST" overrides, comma-separated (default 5/5)',
    )
    legacy.add_argument(
        "--legacy-order-max-days", type=int, help="widest from_date..to_date window of GET /v2/order/list (default 3)"
    )
    # --- finance and analytics (README "Finance and analytics") ---
    money = serve.add_argument_group("finance and analytics (statements, payouts, fees; performance figures)")
    money.add_argument("--finance-settlement-days", type=int, help="days after delivery an order settles (default 7)")
    money.add_argument("--finance-fees", help='fee table "fee=rate[/cap],..." (default: README "Finance")')
    money.add_argument("--finance-payout-days", type=int, help="pay statements out every N days (default 1)")
    money.add_argument("--finance-payout-hours", type=int, help="hours a payment is PROCESSING (default 24)")
    money.add_argument("--finance-history-days", type=int, help="days of seeded finance history (default 90)")
    money.add_argument("--analytics-usd-rate", help="IDR per USD for currency=USD figures (default 16000)")
    money.add_argument("--analytics-max-days", type=int, help="widest analytics date range in days (default 365)")
    contract = sub.add_parser(
        "contract",
        help="run the contract suite against the mock or the real API",
        description="Run the contract suite (schemathesis over schemas/, signed requests) against an in-process "
        "mock, a running mock, or the real API; print a summary; exit 1 on failure. Needs the 'test' extra.",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    from mockserver.contract.command import EPILOG, add_arguments

    contract.epilog = EPILOG
    add_arguments(contract)
    return parser


def settings_from_args(args: argparse.Namespace) -> Settings:
    base = from_env()
    return base.with_overrides(
        host=args.host,
        port=args.port,
        seed=args.seed,
        app_key=args.app_key,
        app_secret=args.app_secret,
        service_id=args.service_id,
        redirect_url=args.redirect_url,
        log_level=args.log_level,
        orders_per_shop=getattr(args, "orders_per_shop", None),
        catalog_size=getattr(args, "catalog_size", None),
        catalog_review_seconds=getattr(args, "catalog_review_seconds", None),
        legacy_client_id=getattr(args, "legacy_client_id", None),
        legacy_client_secret=getattr(args, "legacy_client_secret", None),
        legacy_fs_id=getattr(args, "legacy_fs_id", None),
        legacy_rate_limit=getattr(args, "legacy_rate_limit", None),
        legacy_order_max_days=getattr(args, "legacy_order_max_days", None),
        **{name: getattr(args, name, None) for name in FINANCE_FIELDS},
    )


def banner(settings: Settings, startup: float) -> str:
    return "\n".join(
        [
            f"tokopedia-mock {__version__} ready in {startup * 1000:.0f} ms (seed {settings.seed})",
            f"  base URL (API and auth host): {settings.base_url}",
            f"  app_key:      {settings.app_key}",
            f"  app_secret:   {settings.app_secret}",
            f"  service_id:   {settings.service_id}",
            f"  redirect URL: {settings.effective_redirect_url}",
            f"  seeded shops and access tokens: {settings.base_url}/_mock/apps",
            f"  legacy Seller API: client_id {settings.legacy_client_id}, client_secret "
            f"{settings.legacy_client_secret}, fs_id {settings.legacy_fs_id} (POST /token, then Bearer)",
        ]
    )


def serve(settings: Settings, access_log: bool = True) -> int:
    import socket

    import uvicorn

    from mockserver.accesslog import AccessLog
    from mockserver.app import create_app

    logging.basicConfig(level=settings.log_level.upper(), format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    sock = socket.socket(socket.AF_INET6 if ":" in settings.host else socket.AF_INET)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind((settings.host, settings.port))
    except OSError as e:
        print(f"tokopedia-mock: cannot listen on {settings.host}:{settings.port}: {e.strerror}", file=sys.stderr)
        return 2
    settings = settings.with_overrides(port=sock.getsockname()[1])
    app = create_app(settings)
    asgi = AccessLog(app) if access_log else app
    config = uvicorn.Config(asgi, log_level=settings.log_level, access_log=False, lifespan="off")
    server = uvicorn.Server(config)
    print(banner(settings, time.perf_counter() - _LAUNCHED), flush=True)
    try:
        server.run(sockets=[sock])
    except KeyboardInterrupt:  # uvicorn re-raises the signal after a graceful shutdown
        pass
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.command == "contract":
        from mockserver.contract.command import run

        return run(args)
    if args.command != "serve":
        parser.print_help()
        return 0 if args.command is None and argv is not None else 2
    try:
        settings = settings_from_args(args)
        from mockserver.legacy.ratelimit import parse_config

        parse_config(settings.legacy_rate_limit)  # a bad --legacy-rate-limit is a usage error, not a traceback
    except ValueError as e:
        parser.error(str(e))
    return serve(settings, access_log=not args.no_access_log)


if __name__ == "__main__":
    sys.exit(main())
