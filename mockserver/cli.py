"""`tokopedia-mock`: the command line. `serve` starts the mock with its seeded defaults."""

from __future__ import annotations

import argparse
import logging
import sys
import time
from collections.abc import Sequence

from mockserver import __version__
from mockserver.settings import (
    DEFAULT_APP_KEY,
    DEFAULT_APP_SECRET,
    DEFAULT_PORT,
    DEFAULT_SERVICE_ID,
    ENV_PREFIX,
    Settings,
    from_env,
)

_EPILOG = f"""\
Every option can also be set with an environment variable: {ENV_PREFIX}HOST, {ENV_PREFIX}PORT,
{ENV_PREFIX}SEED, {ENV_PREFIX}APP_KEY, {ENV_PREFIX}APP_SECRET, {ENV_PREFIX}SERVICE_ID, {ENV_PREFIX}REDIRECT_URL,
{ENV_PREFIX}LOG_LEVEL. Flags win over environment variables, which win over the defaults.

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
        ]
    )


def serve(settings: Settings, access_log: bool = True) -> int:
    import socket

    import uvicorn

    from mockserver.accesslog import AccessLog
    from mockserver.app import create_app

    logging.basicConfig(level=settings.log_level.upper(), format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    started = time.perf_counter()
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
    print(banner(settings, time.perf_counter() - started), flush=True)
    try:
        server.run(sockets=[sock])
    except KeyboardInterrupt:  # uvicorn re-raises the signal after a graceful shutdown
        pass
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.command != "serve":
        parser.print_help()
        return 0 if args.command is None and argv is not None else 2
    try:
        settings = settings_from_args(args)
    except ValueError as e:
        parser.error(str(e))
    return serve(settings, access_log=not args.no_access_log)


if __name__ == "__main__":
    sys.exit(main())
