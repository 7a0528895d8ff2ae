"""Every `serve` setting, once: its flag, environment variable and config-file key, type, bounds and help.

Sources, strongest first: command-line flags > `TOKOPEDIA_MOCK_*` variables > the config file (`--config PATH`,
else `TOKOPEDIA_MOCK_CONFIG`, else `tokopedia-mock.toml` in the working directory if there is one; its `[serve]`
table) > the defaults in `Settings`. A bad value from any source is a `ValueError` naming the source, which the CLI
prints as a usage error.
"""

from __future__ import annotations

import argparse
import json
import os
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, fields
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from mockserver.settings import (
    DEFAULT_APP_KEY,
    DEFAULT_APP_SECRET,
    DEFAULT_LEGACY_CLIENT_ID,
    DEFAULT_LEGACY_CLIENT_SECRET,
    DEFAULT_LEGACY_FS_ID,
    DEFAULT_PORT,
    DEFAULT_SERVICE_ID,
    ENV_PREFIX,
    Settings,
)

CONFIG_ENV = ENV_PREFIX + "CONFIG"
CONFIG_FILE = "tokopedia-mock.toml"
CONFIG_TABLE = "serve"

LOG_LEVELS = ("critical", "error", "warning", "info", "debug")
SEED_MODES = ("lazy", "eager")
LOG_FORMATS = ("text", "json")
CONTROL_MODES = ("auto", "token", "open", "off")
DAY = 24 * 3600
_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off"}


@dataclass(frozen=True)
class Option:
    name: str  # the Settings field, and the config-file key
    help: str
    group: str = "server"
    low: float | None = None
    high: float | None = None
    choices: tuple[str, ...] = ()
    check: Callable[[Any], None] | None = None  # extra validation of a parsed value (raises ValueError)

    @property
    def env(self) -> str:
        return ENV_PREFIX + self.name.upper()

    @property
    def flag(self) -> str:
        return "--" + self.name.replace("_", "-")

    @property
    def kind(self) -> type:
        return _KINDS[self.name]

    @property
    def default(self) -> Any:
        return getattr(Settings(), self.name)


def _check_faults(value: str) -> None:
    from mockserver.faults.rules import build, parse_spec

    for i, spec in enumerate(parse_spec(value)):
        build(spec, f"rule-{i + 1}", 0)


def _check_quota(value: str) -> None:
    from mockserver.ratelimit import Limit, parse_switchable

    parse_switchable(value, Limit(50.0, 50))


def _not_empty(value: str) -> None:
    if not value.strip():
        raise ValueError("must not be empty")


_FEE = re.compile(r"^\s*[a-z_]+\s*=\s*\d+(\.\d+)?(\s*/\s*\d+(\.\d+)?)?\s*$")


def _fee_table(value: str) -> None:
    """The form of a fee table (its fee names are checked when the finance area is seeded)."""
    if not all(_FEE.match(part) for part in value.split(",") if part.strip()):
        raise ValueError(f'must be "fee=rate[/cap],...", e.g. "platform_commission=0.04", got {value!r}')


def _positive(value: str) -> None:
    try:
        ok = Decimal(value) > 0
    except InvalidOperation:
        ok = False
    if not ok:
        raise ValueError(f"must be a positive number, got {value!r}")


GROUPS = {
    "server": "server",
    "data": "seeded data and the default app",
    "auth": "tokens and auth codes",
    "limits": "limits on what one request may cost",
    "control": "the control plane (/_mock/*)",
    "state": "durable state",
    "debug": "debugging",
    "legacy": "legacy Tokopedia Seller API (POST /token, /v1/..., /inventory/v1/...)",
    "returns": "cancellations, returns and refunds: each party's window, on the mock clock",
    "webhooks": "webhook delivery (the Partner Event API and the legacy registrations)",
    "finance": "finance and analytics (settlement, fees, payouts; performance figures)",
    "tls": "HTTPS",
    "faults": "faults: latency, errors and broken connections, seeded (/_mock/faults)",
    "journal": "the request journal (GET /_mock/requests)",
    "time": "time that moves the world: the platform's own deadlines (seconds of mock-clock time)",
}

OPTIONS: tuple[Option, ...] = (
    Option("host", "interface to bind; 0.0.0.0 in a container (default 127.0.0.1)", check=_not_empty),
    Option("port", f"TCP port; 0 picks a free one (default {DEFAULT_PORT})", low=0, high=65535),
    Option("log_level", "how much to log (default info)", choices=LOG_LEVELS),
    Option("log_format", "text, or json: one JSON object per line (default text)", choices=LOG_FORMATS),
    Option("access_log", "log each request (default on; --no-access-log turns it off)"),
    Option("ready_file", "write the base URL to this file once listening (tokopedia-mock health reads it)"),
    Option("seed", "seed for all generated data: same seed, same ids and data (default 1)", "data", 0, 2**63 - 1),
    Option("app_key", f"app_key of the default partner app (default {DEFAULT_APP_KEY})", "data", check=_not_empty),
    Option("app_secret", f"app_secret of the default app (default {DEFAULT_APP_SECRET})", "data", check=_not_empty),
    Option("service_id", f"service_id used by the consent page (default {DEFAULT_SERVICE_ID})", "data"),
    Option("redirect_url", "where the consent page redirects (default: the mock's /_mock/oauth/callback)", "data"),
    Option("catalog_size", "seeded products per shop (default 300)", "data", 0, 1_000_000),
    Option(
        "catalog_review_seconds",
        "seconds a new or edited listing stays in review before it goes live; 0: instant (default 0)",
        "data",
        0,
        365 * DAY,
    ),
    Option(
        "orders_per_shop",
        "seeded orders per shop; 100000 or more makes large shops, generated lazily (default 50)",
        "data",
        0,
        10_000_000,
    ),
    Option(
        "seed_mode",
        "lazy: build a shop's seeded catalog, orders and returns when first read, so a reset costs the same at any "
        "size; eager: at startup and every reset (the same data either way; default lazy)",
        "data",
        choices=SEED_MODES,
    ),
    Option("access_token_ttl", "access-token lifetime in seconds (default 7 days)", "auth", 1, 10 * 365 * DAY),
    Option("refresh_token_ttl", "refresh-token lifetime in seconds (default 365 days)", "auth", 1, 10 * 365 * DAY),
    Option("auth_code_ttl", "auth-code lifetime in seconds (default 30 minutes)", "auth", 1, 365 * DAY),
    Option("max_body_bytes", "largest request body in bytes (default 10 MiB)", "limits", 1, 1024**3),
    Option("max_header_count", "most header lines per request (default 100)", "limits", 1, 10_000),
    Option("max_header_bytes", "most bytes of request line + headers (default 65536)", "limits", 1024, 16 * 1024**2),
    Option("header_timeout", "seconds a request's head may take to arrive (default 10)", "limits", 0.01, 3600),
    Option("body_timeout", "seconds a request's body may take to arrive (default 30)", "limits", 0.01, 3600),
    Option("keep_alive_timeout", "seconds an idle keep-alive connection stays open (default 5)", "limits", 1, 3600),
    Option("event_log_size", "domain events kept for /_mock/events, the newest (default 100000)", "limits", 1, 10**7),
    Option("max_json_depth", "deepest nesting of arrays/objects in a JSON body (default 32)", "limits", 1, 1000),
    Option("max_multipart_parts", "most parts in a multipart body (default 16)", "limits", 1, 10_000),
    Option(
        "max_multipart_part_bytes", "largest part of a multipart body in bytes (default 10 MiB)", "limits", 1, 1024**3
    ),
    Option(
        "upload_store_bytes",
        "bytes of uploaded images kept; the least recently used lose their bytes past it (default 64 MiB)",
        "limits",
        0,
        64 * 1024**3,
    ),
    Option(
        "order_cache_size",
        "unchanged seeded orders kept materialized, least recently used out first (default 2000)",
        "limits",
        1,
        10_000_000,
    ),
    Option(
        "render_cache_bytes",
        "bytes of rendered JSON kept per API while the state is unchanged, least recently used out (default 4 MiB)",
        "limits",
        0,
        64 * 1024**3,
    ),
    Option(
        "max_clock_offset",
        "largest clock offset in seconds /_mock/clock accepts (default 100 years)",
        "limits",
        1,
        10_000 * 365 * DAY,
    ),
    Option(
        "control_plane",
        "/_mock/* access: auto (open on loopback, token elsewhere), token, open, off (default auto)",
        "control",
        choices=CONTROL_MODES,
    ),
    Option("control_token", "token the control plane requires (header x-mock-control-token)", "control"),
    Option(
        "control_token_file",
        "file with the control token; a random one is written there (mode 0600) if it is missing",
        "control",
    ),
    Option("state_dir", "keep the state in this directory across restarts (default: memory only)", "state"),
    Option("state_snapshot_every", "journal records between snapshots of the state (default 1000)", "state", 1, 10**7),
    Option("sign_debug", "explain signature failures: mock_debug and x-mock-sign-hint (default on)", "debug"),
    Option("validate_responses", "check every response against its schema; a broken one answers 500", "debug"),
    Option("legacy_client_id", f"client_id of the default app (default {DEFAULT_LEGACY_CLIENT_ID})", "legacy"),
    Option("legacy_client_secret", f"client_secret (default {DEFAULT_LEGACY_CLIENT_SECRET})", "legacy"),
    Option("legacy_fs_id", f"fs_id (App ID) of the default app (default {DEFAULT_LEGACY_FS_ID})", "legacy", 1, 2**31),
    Option("legacy_token_ttl", "legacy access-token lifetime in seconds (default 14 days)", "legacy", 1, 365 * DAY),
    Option(
        "legacy_rate_limit",
        'per-endpoint limit "RATE/BURST", plus "operation_id=RATE/BURST" overrides, comma-separated (default 5/5)',
        "legacy",
    ),
    Option(
        "legacy_order_max_days", "widest from_date..to_date window of GET /v2/order/list (default 3)", "legacy", 1, 365
    ),
    # --- returns (mockserver/returns) ---
    Option("cancel_response_seconds", "seller's window to answer a cancellation request (default 1 day)",
           "returns", 1, 365 * DAY),
    Option("return_response_seconds", "seller's window to answer a refund/return/replacement (default 2 days)",
           "returns", 1, 365 * DAY),
    Option("return_ship_seconds", "buyer's window to ship an approved return (default 7 days)",
           "returns", 1, 365 * DAY),
    Option("return_receive_seconds", "seller's window to inspect a delivered return (default 2 days)",
           "returns", 1, 365 * DAY),
    Option("partial_refund_response_seconds", "buyer's window to answer a partial refund (default 2 days)",
           "returns", 1, 365 * DAY),
    Option("return_window_seconds", "how long after delivery a buyer may ask for a return (default 15 days)",
           "returns", 1, 10 * 365 * DAY),
    Option("refund_seconds", "from approval to the refund reaching the buyer; 0: at once (default 1 hour)",
           "returns", 0, 365 * DAY),
    Option("return_shipping_fee", "IDR fee of a platform-shipped return (default 10000)", "returns", 0, 10**9),
    Option("idempotency_keys", "idempotency_key answers remembered (default 10000)", "limits", 1, 10**7),
    # --- webhooks (mockserver/webhooks, mockserver/delivery) ---
    Option("webhook_timeout", "seconds a receiver may take to answer a delivery (default 3, official)",
           "webhooks", 0.01, 600),
    Option("webhook_queue_size", "deliveries waiting to be sent, at most; past it one is dropped (default 10000)",
           "webhooks", 1, 10**7),
    Option("webhook_concurrency", "requests to receivers in flight at once (default 8)", "webhooks", 1, 1024),
    Option("webhook_retry_seconds", "mock-clock seconds from a failed delivery to the next attempt, one per retry "
           "(default 120,1800,10800,43200, official)", "webhooks", 1, 365 * DAY),
    Option("webhook_poll_seconds", "how often (real seconds) the engine looks for retries come due (default 0.2)",
           "webhooks", 0.01, 60),
    Option("webhook_log_size", "delivery records kept for /_mock/webhooks/deliveries (default 10000)",
           "webhooks", 1, 10**7),
    Option("webhook_low_stock_threshold", "available stock at or below which LOW_STOCK is sent (default 5)",
           "webhooks", 0, 10**9),
    # --- finance and analytics (README "Finance and analytics") ---
    Option("finance_settlement_days", "days after delivery an order settles (default 7)", "finance", 0, 365),
    Option("finance_fees", 'fee table "fee=rate[/cap],..." (default: README "Finance")', "finance", check=_fee_table),
    Option("finance_payout_days", "pay statements out every N days at 00:00 UTC (default 1)", "finance", 1, 365),
    Option("finance_payout_hours", "hours a payment stays PROCESSING (default 24)", "finance", 0, 24 * 30),
    Option("finance_history_days", "days of finance history before the seeding day (default 90)", "finance", 0, 3650),
    Option("analytics_usd_rate", "IDR per USD for currency=USD analytics (default 16000)", "finance", check=_positive),
    Option("analytics_max_days", "widest analytics date range in days (default 365)", "finance", 1, 3650),
)  # fmt: skip
# --- time that moves the world (orders/deadlines.py, auth/deadlines.py, world.py) ----------------------------------
OPTIONS += (
    Option("unpaid_cancel_seconds", "unpaid orders are cancelled after this (default 1 day)", "time", 1, 365 * DAY),
    Option("on_hold_seconds", "how long a paid order stays ON_HOLD (default 3600)", "time", 1, 30 * DAY),
    Option(
        "rts_sla_seconds",
        "late if not shipped this long after it can ship (default 2 days)",
        "time",
        1,
        365 * DAY,
    ),
    Option("tts_sla_seconds", "latest collection time: late after (default 3 days)", "time", 1, 365 * DAY),
    Option("shipping_due_seconds", "cancelled if not shipped by then (default 3 days)", "time", 1, 365 * DAY),
    Option("collection_due_seconds", "cancelled if not collected by then (default 5 days)", "time", 1, 365 * DAY),
    Option("delivery_sla_seconds", "late if not delivered by then (default 7 days)", "time", 1, 365 * DAY),
    Option("delivery_due_seconds", "delivery_due_time shown on orders (default 14 days)", "time", 1, 365 * DAY),
    Option("auto_complete_seconds", "delivered orders complete after this (default 7 days)", "time", 1, 365 * DAY),
    Option("realtime", "run due timers every realtime_tick seconds, requests or not (default off)", "time"),
    Option("realtime_tick", "seconds between the realtime world's steps (default 1)", "time", 0.05, 3600),
)
# --- Partner API rate limits (partner/quota.py) ------------------------------------------------------------------
OPTIONS += (
    Option(
        "partner_rate_limit",
        'off, on (the documented 50/s per API, app and shop), or "RATE/BURST,operation_id=RATE/BURST" (default off)',
        "limits",
        check=_check_quota,
    ),
    Option(
        "partner_dev_shop_hourly_limit", "calls per hour per shop and app; 0: no cap (default 0)", "limits", 0, 10**7
    ),
)
# --- tenants (control/tenants.py) ---------------------------------------------------------------------------------
OPTIONS += (
    Option(
        "max_tenants",
        "most tenants (x-tokopedia-mock-tenant, /_tenants/NAME/); 0: off (default 32)",
        "limits",
        0,
        10_000,
    ),
)
# --- TLS (mockserver/tls.py) ---------------------------------------------------------------------------------------
OPTIONS += (
    Option("tls", "serve HTTPS with a generated local CA and certificate for localhost (default off)", "tls"),
    Option("tls_cert", "serve HTTPS with this certificate chain (PEM); with --tls-key", "tls"),
    Option("tls_key", "the private key (PEM) of --tls-cert", "tls"),
    Option(
        "tls_dir",
        "where --tls writes and reuses ca.pem, server.pem, server-key.pem (default ./.tokopedia-mock-tls)",
        "tls",
    ),
)
# --- faults (mockserver/faults) ---------------------------------------------------------------------------------------
OPTIONS += (
    Option(
        "faults",
        'fault rules from the start: "operation=get_order_detail,error=36009003,probability=0.5;path=/order/*,'
        'latency=uniform:100:300" or a JSON array; in a config file also [[faults]] tables (default none)',
        "faults",
        check=_check_faults,
    ),
    Option("prefer_header", "honour Prefer: code=<documented code> on one call (default on)", "faults"),
)
# --- the request journal (control/journal.py) ------------------------------------------------------------------------
OPTIONS += (
    Option("journal_size", "requests kept for /_mock/requests, the newest; 0: off (default 1000)", "journal", 0, 10**6),
    Option("journal_body_bytes", "bytes of each body a journal entry keeps (default 8192)", "journal", 0, 16 * 1024**2),
)
BY_NAME = {o.name: o for o in OPTIONS}
_KINDS: dict[str, type] = {
    f.name: {"int": int, "float": float, "bool": bool, "str": str, "tuple[int, ...]": tuple}[str(f.type)]
    for f in fields(Settings)
    if str(f.type) in ("int", "float", "bool", "str", "tuple[int, ...]")
}


# --- parsing and checking one value ------------------------------------------------------------------------------
def _describe(option: Option) -> str:
    if option.choices:
        return "one of " + ", ".join(option.choices)
    what = {
        int: "an integer",
        float: "a number",
        bool: "true or false",
        str: "text",
        tuple: "comma-separated integers",
    }[option.kind]
    if option.low is not None and option.high is not None:
        return f"{what} from {_number(option.low)} to {_number(option.high)}"
    return what


def _number(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else f"{value:g}"


def checked(option: Option, value: Any) -> Any:
    """`value` (already of the option's type) if it is within bounds, else a ValueError."""

    def out_of_bounds(number: float) -> bool:
        return (option.low is not None and number < option.low) or (option.high is not None and number > option.high)

    bad = (
        (option.choices and value not in option.choices)
        or (option.kind in (int, float) and out_of_bounds(value))
        or (option.kind is tuple and (not value or any(out_of_bounds(item) for item in value)))
    )
    if bad:
        raise ValueError(f"must be {_describe(option)}, got {value!r}")
    if option.check is not None:
        option.check(value)
    return value


def parse(option: Option, raw: str) -> Any:
    """A value given as text (a flag or an environment variable)."""
    try:
        if option.kind is bool:
            if raw.strip().lower() not in _TRUE | _FALSE:
                raise ValueError
            return checked(option, raw.strip().lower() in _TRUE)
        if option.kind is tuple:
            value: Any = tuple(int(item.strip()) for item in raw.split(","))
        elif option.kind is int:
            value = int(raw.strip())
        elif option.kind is float:
            value = float(raw.strip())
            if value != value or value in (float("inf"), float("-inf")):
                raise ValueError
        else:
            value = raw
    except ValueError:
        raise ValueError(f"must be {_describe(option)}, got {raw!r}") from None
    return checked(option, value)


def _typed(option: Option, value: Any) -> Any:
    """A value from the TOML file: already typed, so only its type and bounds are checked."""
    kind = option.kind
    if kind is tuple and isinstance(value, list):
        if not all(isinstance(item, int) and not isinstance(item, bool) for item in value):
            raise ValueError(f"must be {_describe(option)}, got {value!r}")
        return checked(option, tuple(value))
    ok = isinstance(value, kind) and not (kind is int and isinstance(value, bool))
    if kind is float and isinstance(value, int) and not isinstance(value, bool):
        value, ok = float(value), True
    if not ok:
        raise ValueError(f"must be {_describe(option)}, got {value!r}")
    return checked(option, value)


# --- the sources -------------------------------------------------------------------------------------------------
def env_values(environ: Mapping[str, str]) -> dict[str, Any]:
    values: dict[str, Any] = {}
    for option in OPTIONS:
        raw = environ.get(option.env)
        if raw is None or raw == "":
            continue
        try:
            values[option.name] = parse(option, raw)
        except ValueError as e:
            raise ValueError(f"{option.env} {e}") from None
    return values


def from_env(environ: Mapping[str, str] | None = None, base: Settings | None = None) -> Settings:
    """Settings from `TOKOPEDIA_MOCK_*` variables over `base` (default: the defaults); a bad value is a ValueError."""
    return (base or Settings()).with_overrides(**env_values(os.environ if environ is None else environ))


def file_values(path: Path) -> dict[str, Any]:
    import tomllib  # only with a config file: most starts have none

    try:
        with path.open("rb") as f:
            document = tomllib.load(f)
    except OSError as e:
        raise ValueError(f"config file {path}: {e.strerror}") from None
    except tomllib.TOMLDecodeError as e:
        raise ValueError(f"config file {path}: not valid TOML: {e}") from None
    faults = document.pop("faults", None)  # [[faults]] tables: the rules as objects
    unknown_tables = sorted(set(document) - {CONFIG_TABLE})
    if unknown_tables:
        raise ValueError(
            f"config file {path}: unknown key(s) {unknown_tables}: serve settings go under [{CONFIG_TABLE}]"
        )
    table = document.get(CONFIG_TABLE, {})
    if not isinstance(table, dict):
        raise ValueError(f"config file {path}: [{CONFIG_TABLE}] must be a table")
    values: dict[str, Any] = {}
    if faults is not None:
        if not isinstance(faults, list) or not all(isinstance(f, dict) for f in faults):
            raise ValueError(f"config file {path}: faults must be [[faults]] tables")
        try:
            _check_faults(json.dumps(faults))
        except ValueError as e:
            raise ValueError(f"config file {path}: [[faults]] {e}") from None
        values["faults"] = json.dumps(faults)
    for key, value in table.items():
        option = BY_NAME.get(key)
        if option is None:
            raise ValueError(f"config file {path}: unknown setting {CONFIG_TABLE}.{key} (known: {', '.join(BY_NAME)})")
        try:
            values[key] = _typed(option, value)
        except ValueError as e:
            raise ValueError(f"config file {path}: {CONFIG_TABLE}.{key} {e}") from None
    return values


def config_path(flag: str | None, environ: Mapping[str, str], cwd: Path) -> Path | None:
    """The config file to read: --config, else TOKOPEDIA_MOCK_CONFIG, else ./tokopedia-mock.toml if it exists."""
    chosen = flag or environ.get(CONFIG_ENV) or ""
    if chosen:
        return Path(chosen)
    default = cwd / CONFIG_FILE
    return default if default.is_file() else None


def resolve(
    flags: Mapping[str, Any],
    config: str | None = None,
    environ: Mapping[str, str] | None = None,
    cwd: Path | None = None,
) -> tuple[Settings, Path | None]:
    """The settings from every source (flags > env > file > defaults), and the config file that was read."""
    environ = os.environ if environ is None else environ
    path = config_path(config, environ, cwd or Path.cwd())
    settings = Settings()
    if path is not None:
        settings = settings.with_overrides(**file_values(path))
    settings = settings.with_overrides(**env_values(environ))
    return settings.with_overrides(**{k: v for k, v in flags.items() if k in BY_NAME}), path


# --- flags ---------------------------------------------------------------------------------------------------------
def _argument_type(option: Option) -> Callable[[str], Any]:
    def convert(raw: str) -> Any:
        try:
            return parse(option, raw)
        except ValueError as e:
            raise argparse.ArgumentTypeError(str(e)) from None

    convert.__name__ = option.kind.__name__  # argparse names the type in its messages
    return convert


def add_flags(parser: argparse.ArgumentParser) -> None:
    """One flag per option, in its help group; unset flags stay None (so env and file values show through)."""
    groups = {key: parser.add_argument_group(title) for key, title in GROUPS.items()}
    for option in OPTIONS:
        group = groups[option.group]
        if option.kind is bool:
            group.add_argument(option.flag, action=argparse.BooleanOptionalAction, default=None, help=option.help)
            continue
        metavar = option.name.upper() if not option.choices else "{" + ",".join(option.choices) + "}"
        group.add_argument(option.flag, type=_argument_type(option), metavar=metavar, help=option.help)
    groups["server"].add_argument(
        "--config",
        metavar="PATH",
        help=f"a TOML file with a [{CONFIG_TABLE}] table of these settings (default ./{CONFIG_FILE} if present; "
        f"{CONFIG_ENV})",
    )


# --- documentation -----------------------------------------------------------------------------------------------
def _shown_default(option: Option) -> str:
    value = option.default
    if option.name == "redirect_url":
        return "`{base}/_mock/oauth/callback`"
    if value == "":
        return "none"
    if isinstance(value, bool):
        return "on" if value else "off"
    if isinstance(value, float):
        return f"`{_number(value)}`"
    if isinstance(value, tuple):
        return "`" + ",".join(str(item) for item in value) + "`"
    if option.name.endswith("_ttl"):
        return f"`{value}` ({value / DAY:g} days)" if value >= DAY else f"`{value}` ({value // 60} min)"
    return f"`{value}`"


def markdown_table() -> str:
    """The README's settings table (`python -m mockserver.options` prints it; a test keeps the README in step)."""
    lines = [
        f"| `[{CONFIG_TABLE}]` key | default | flag | environment variable | what |",
        "|---|---|---|---|---|",
    ]
    for option in OPTIONS:
        flag = f"`{option.flag}` / `--no-{option.flag[2:]}`" if option.kind is bool else f"`{option.flag}`"
        what = re.sub(r"\s*\(default[^)]*\)|;?\s*default [^;)]*$", "", option.help).replace("|", "\\|")
        lines.append(f"| `{option.name}` | {_shown_default(option)} | {flag} | `{option.env}` | {what} |")
    return "\n".join(lines)


if __name__ == "__main__":
    print(markdown_table())
