"""`tokopedia-mock`: the command line. `serve` starts the mock with its seeded defaults; `contract` runs the contract
suite; `health` asks a running mock whether it is ready.

Every bad flag, environment variable or config-file value is a usage error (exit 2) printed with the usage of the
subcommand it belongs to; Ctrl-C at any moment ends the command cleanly (exit 130 before the server is up, 0 after
a graceful shutdown).
"""

from __future__ import annotations

import argparse
import gc
import logging
import signal
import sys
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from mockserver.settings import ENV_PREFIX, Settings
from mockserver.version import __version__

#: When the CLI was imported: the banner reports time-to-ready from (almost) process start, imports included.
_LAUNCHED = time.perf_counter()
INTERRUPTED = 130
log = logging.getLogger("tokopedia_mock")

_EPILOG = f"""\
Every option can also be set with an environment variable, {ENV_PREFIX}<OPTION> ({ENV_PREFIX}PORT,
{ENV_PREFIX}LOG_FORMAT, ...), or in a TOML config file under [serve] (port = 9400, log_format = "json", ...):
--config PATH, {ENV_PREFIX}CONFIG, or ./tokopedia-mock.toml if it exists.
Flags win over environment variables, which win over the config file, which wins over the defaults.

Point a client at the printed base URL for both the API host and the auth host. GET /_mock/apps lists the
seeded shops with ready-to-use access tokens; GET /_mock/health answers when the mock is ready; /docs shows both
APIs' documentation.
"""


class Parser(argparse.ArgumentParser):
    """An ArgumentParser that knows its subcommands' parsers, so each error can show the right usage."""

    commands: dict[str, argparse.ArgumentParser]


def build_parser() -> Parser:
    from mockserver.options import add_flags

    parser = Parser(
        prog="tokopedia-mock",
        description="A local mock of the Tokopedia seller APIs: the TikTok Shop Partner API (signed requests, "
        "shop_cipher) and the legacy Tokopedia Seller API, over one seeded state.",
    )
    parser.add_argument("--version", action="version", version=f"tokopedia-mock {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    serve_parser = sub.add_parser(
        "serve",
        help="start the mock server",
        description="Start the mock server on HOST:PORT with data seeded from SEED.",
        epilog=_EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    add_flags(serve_parser)
    contract = sub.add_parser(
        "contract",
        help="run the contract suite against the mock or the real API",
        description="Run the contract suite (schemathesis over schemas/, signed requests) against an in-process "
        "mock, a running mock, or the real API; show progress and a summary; exit 1 on failure. Needs the "
        "'contract' extra: pip install 'tokopedia-mock[contract]'.",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    from mockserver.contract.command import EPILOG, add_arguments

    contract.epilog = EPILOG
    add_arguments(contract)
    health = sub.add_parser(
        "health",
        help="exit 0 if a mock answers GET /_mock/health (for health checks and CI scripts)",
        description="Ask a running mock whether it is ready. The URL is --url, else the ready file the server "
        f"wrote ({ENV_PREFIX}READY_FILE), else the configured host and port.",
    )
    health.add_argument("--url", help="the mock's base URL (default: from the ready file or the settings)")
    health.add_argument("--wait", type=_seconds, default=0.0, metavar="SECONDS", help="keep trying this long")
    health.add_argument("--config", metavar="PATH", help="the config file serve reads")
    parser.commands = {"serve": serve_parser, "contract": contract, "health": health}
    return parser


def _seconds(raw: str) -> float:
    try:
        value = float(raw)
    except ValueError:
        raise argparse.ArgumentTypeError(f"must be a number of seconds, got {raw!r}") from None
    if not 0 <= value <= 3600:
        raise argparse.ArgumentTypeError(f"must be from 0 to 3600 seconds, got {raw!r}")
    return value


def settings_from_args(args: argparse.Namespace) -> Settings:
    """Flags > environment > config file > defaults; a bad value anywhere is a ValueError."""
    return resolve_args(args)[0]


def resolve_args(args: argparse.Namespace) -> tuple[Settings, Path | None]:
    from mockserver.options import resolve

    return resolve(vars(args), getattr(args, "config", None))


def mask(secret: str) -> str:
    """A secret as the banner shows it off loopback: its first 4 characters."""
    return f"{secret[:4]}… (masked)"


def banner(settings: Settings, startup: float, config: Path | None = None, app: Any = None) -> str:
    """What `serve` prints once listening. Bound to anything but loopback, the secrets are masked (the output may
    go to shared CI or container logs): read them from GET /_mock/apps with the control token."""
    from mockserver.control.access import is_loopback

    base, local = settings.base_url, is_loopback(settings.host)
    shown = (lambda s: s) if local else mask
    lines = [
        f"tokopedia-mock {__version__} ready in {startup * 1000:.0f} ms (seed {settings.seed})",
        f"  base URL (API and auth host): {base}",
        f"  app_key:      {settings.app_key}",
        f"  app_secret:   {shown(settings.app_secret)}",
        f"  service_id:   {settings.service_id}",
        f"  redirect URL: {settings.effective_redirect_url}",
        f"  seeded shops and access tokens: {base}/_mock/apps",
        f"  legacy Seller API: client_id {settings.legacy_client_id}, client_secret "
        f"{shown(settings.legacy_client_secret)}, fs_id {settings.legacy_fs_id} (POST /token, then Bearer)",
        f"  API docs: {base}/docs (OpenAPI: {base}/openapi.json, {base}/legacy/openapi.json)",
        f"  inspector: {base}/_mock/ui (shops, orders, the request journal, webhooks, clock, faults)",
    ]
    if settings.tls:
        ca = Path(settings.tls_dir or ".tokopedia-mock-tls") / "ca.pem"
        lines.append(f"  HTTPS: trust the local CA {ca} (SSL_CERT_FILE={ca}, curl --cacert {ca})")
    access = getattr(getattr(app, "state", None), "control_access", None)
    if access is not None and access.mode != "open":
        where = {"control_token": "--control-token / TOKOPEDIA_MOCK_CONTROL_TOKEN"}.get(access.source, access.source)
        lines.append(
            "  control plane (/_mock/*): turned off (--control-plane off); /_mock/health stays open"
            if access.mode == "off"
            else f"  control plane (/_mock/*): needs the header x-mock-control-token (the token: {where})"
        )
    durable = getattr(getattr(app, "state", None), "durable", None)
    if durable is not None:
        lines.append(f"  state: {durable.directory} ({durable.replayed} journal records replayed)")
    if config is not None:
        lines.append(f"  config file: {config}")
    return "\n".join(lines)


@contextmanager
def _collecting_rarely() -> Iterator[None]:
    """While the server is built: start-up allocates some 100,000 objects that all live on (modules, schemas, the seeded
    store), and the cyclic garbage collector, run at its usual rate, walks them over and over (~15% of the start for
    nothing). Rarely then; the usual rate again for serving."""
    usual = gc.get_threshold()
    gc.set_threshold(50_000, 50, 100)
    try:
        yield
    finally:
        gc.set_threshold(*usual)


def serve(settings: Settings, config: Path | None = None) -> int:
    with _collecting_rarely():
        from mockserver import logs, server

    logs.configure(settings.log_level, settings.log_format)
    try:
        sock = server.bind(settings.host, settings.port)
    except OSError as e:
        print(f"tokopedia-mock: cannot listen on {settings.host}:{settings.port}: {e.strerror}", file=sys.stderr)
        return 2
    with sock:
        settings = settings.with_overrides(port=sock.getsockname()[1])
        log.info(
            "seeding %d products and %d orders per shop (seed %d; %s)",
            settings.catalog_size,
            settings.orders_per_shop,
            settings.seed,
            "every shop now" if settings.seed_mode == "eager" else "each shop when first read",
        )
        try:
            with _collecting_rarely():
                from mockserver.app import create_app

                app = create_app(settings)
                # What start-up built lives as long as the server: out of the collector's sight, so that a full
                # collection while serving walks only what requests made (the p99 of a busy server).
                gc.freeze()
        except ValueError as e:  # the state directory or the control plane's settings (named in the message)
            print(f"tokopedia-mock serve: {e}", file=sys.stderr)
            return 2
        if settings.access_log:
            app.listeners.append(logs.AccessLog())
        ready = Path(settings.ready_file) if settings.ready_file else None

        def on_ready() -> None:
            print(banner(settings, time.perf_counter() - _LAUNCHED, config, app), flush=True)
            if ready is not None:
                try:
                    ready.write_text(settings.base_url + "\n", encoding="utf-8")
                except OSError as e:
                    log.error("cannot write the ready file %s: %s", ready, e.strerror)

        tick = app.catch_up if settings.realtime else None  # --realtime: the world moves with the wall clock
        uv = server.Server(server.uvicorn_config(app, settings), on_ready, tick, settings.realtime_tick)
        # uvicorn re-raises the signal that stopped it once it has shut down: SIGINT as KeyboardInterrupt, SIGTERM
        # (docker stop, kill) through this handler, so that the cleanup below (the ready file, the last snapshot
        # of durable state) runs for both.
        previous = signal.signal(signal.SIGTERM, _terminated)
        try:
            uv.run(sockets=[sock])
        except (KeyboardInterrupt, _Terminated):
            pass
        finally:
            if ready is not None:
                ready.unlink(missing_ok=True)
            if app.state.durable is not None:
                app.state.durable.close()  # a last snapshot: the next start replays nothing
            signal.signal(signal.SIGTERM, previous)
    return 0


class _Terminated(Exception):
    """SIGTERM, after uvicorn's graceful shutdown."""


def _terminated(signum: int, frame: object) -> None:
    raise _Terminated


def health(args: argparse.Namespace) -> int:
    import json
    import urllib.error
    import urllib.request

    url = args.url
    if not url:
        settings, _ = resolve_args(argparse.Namespace(config=args.config))
        ready = Path(settings.ready_file) if settings.ready_file else None
        url = ready.read_text(encoding="utf-8").strip() if ready is not None and ready.is_file() else settings.base_url
    target = url.rstrip("/") + "/_mock/health"
    deadline = time.monotonic() + args.wait
    while True:
        try:
            with urllib.request.urlopen(target, timeout=2) as response:
                body: Any = json.loads(response.read())
            if isinstance(body, dict) and body.get("code") == 0:
                print(f"ok: {target} (version {body['data'].get('version')}, seed {body['data'].get('seed')})")
                return 0
            problem = f"{target} answered, but not as a tokopedia-mock"
        except (urllib.error.URLError, OSError, ValueError) as e:
            problem = f"{target} is not reachable: {getattr(e, 'reason', e)}"
        if time.monotonic() >= deadline:
            print(f"tokopedia-mock health: {problem}", file=sys.stderr)
            return 1
        time.sleep(0.2)


def _run(argv: Sequence[str] | None) -> int:
    parser = build_parser()
    args, extra = parser.parse_known_args(argv)
    command = parser.commands.get(args.command or "")
    if extra:
        (command or parser).error(f"unrecognized arguments: {' '.join(extra)}")
    if command is None:
        parser.print_help()
        return 0 if argv is not None else 2
    if args.command == "contract":
        from mockserver.contract.command import run

        return run(args, command)
    try:
        if args.command == "health":
            return health(args)
        settings, config = resolve_args(args)
        _check_rate_limit(settings.legacy_rate_limit)
        from mockserver import tls

        tls.prepare(settings)  # generate (or check) the certificate now: a problem is a usage error
        _check_control(settings)
    except ValueError as e:
        command.error(str(e))
    return serve(settings, config)


def _check_rate_limit(value: str) -> None:
    from mockserver.legacy.ratelimit import parse_config

    try:
        parse_config(value)
    except ValueError as e:
        raise ValueError(f"legacy rate limit (--legacy-rate-limit, {ENV_PREFIX}LEGACY_RATE_LIMIT): {e}") from None


def _check_control(settings: Settings) -> None:
    """Refuse, before anything starts, a control plane that would be open to the network without a token."""
    from mockserver.control.access import ControlAccess

    ControlAccess.of(settings)


def main(argv: Sequence[str] | None = None) -> int:
    try:
        return _run(argv)
    except KeyboardInterrupt:
        print("\ntokopedia-mock: interrupted", file=sys.stderr)
        return INTERRUPTED


if __name__ == "__main__":
    sys.exit(main())
