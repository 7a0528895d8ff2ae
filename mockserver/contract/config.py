"""What a contract run targets and how: one frozen object, from `TOKOPEDIA_CONTRACT_*` variables and CLI flags.

A target is `mock` (an in-process mock: no server, no network), the base URL of a running mock (credentials are
read from its control plane), or the base URL of the real API (credentials must be given).
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, fields, replace
from pathlib import Path

ENV_PREFIX = "TOKOPEDIA_CONTRACT_"

#: The real hosts (reference §1.2, §2.1).
REAL_API_URL = "https://open-api.tiktokglobalshop.com"
REAL_AUTH_URL = "https://auth.tiktok-shops.com"
#: The legacy Seller API's hosts: the fs host for every call, the accounts host for `POST /token`.
REAL_LEGACY_API_URL = "https://fs.tokopedia.net"
REAL_LEGACY_AUTH_URL = "https://accounts.tokopedia.com"

IN_PROCESS = "mock"


@dataclass(frozen=True)
class ContractConfig:
    """Everything a contract run needs. Secrets live here and nowhere else; `redacted()` lists them."""

    #: `mock` (in-process), or a base URL (a running mock, or the real API).
    target: str = IN_PROCESS
    #: Base URL of the auth host (token get/refresh; the legacy accounts host). Default: the target itself for a mock,
    #: else the dialect's real host.
    auth_url: str = ""
    #: Which API: `partner` (TikTok Shop Partner API) or `legacy` (Tokopedia Seller API).
    dialect: str = "partner"
    app_key: str = ""
    app_secret: str = ""
    access_token: str = ""
    refresh_token: str = ""
    #: A single-use auth code to exchange for tokens when no access token is given.
    auth_code: str = ""
    shop_cipher: str = ""
    # Legacy Seller API credentials (a mock: default its first app's, from /_mock/apps).
    legacy_client_id: str = ""
    legacy_client_secret: str = ""
    legacy_fs_id: str = ""
    #: The legacy shop_id the run pins `shop_id` parameters to (a mock: default the app's first linked shop).
    legacy_shop_id: str = ""
    #: Run operations that change data. Always on for a mock; off by default against a real API.
    allow_writes: bool | None = None
    #: Requests per second (against a real API: 2 by default; a mock: unlimited). 0 disables the limit.
    rate_limit: float | None = None
    #: Hypothesis examples per operation and mode.
    max_examples: int = 12
    #: The coverage phase: deterministic boundary and invalid values for every parameter (slow on big bodies).
    coverage: bool = True
    #: Steps of stateful scenarios (OpenAPI links) to run; 0 disables the stateful phase.
    stateful_examples: int = 8
    seed: int = 1
    #: Only these operation ids (empty: every implemented one).
    operations: tuple[str, ...] = ()
    #: Also test operations the target mock does not implement (a real API implements them all).
    all_operations: bool = False
    #: Also fuzz the auth host's token endpoints against a real API (off: the kit still exchanges/refreshes).
    include_auth_host: bool = False
    #: Per-request timeout in seconds.
    timeout: float = 30.0
    #: Reviewed known deviations (drift) file.
    known_deviations: Path | None = None
    #: A running mock's control-plane token (sent as x-mock-control-token to /_mock/*), when it is not on loopback.
    #: Default: TOKOPEDIA_CONTRACT_CONTROL_TOKEN, else the server's own TOKOPEDIA_MOCK_CONTROL_TOKEN.
    control_token: str = ""

    @property
    def in_process(self) -> bool:
        return self.target == IN_PROCESS

    @property
    def base_url(self) -> str:
        return "" if self.in_process else self.target.rstrip("/")

    def secrets(self) -> list[str]:
        """Values that must never be printed."""
        values = [
            self.app_secret,
            self.access_token,
            self.refresh_token,
            self.auth_code,
            self.legacy_client_secret,
            self.control_token,
        ]
        return [v for v in values if v]

    def with_overrides(self, **overrides: object) -> ContractConfig:
        """A copy with the given fields replaced; `None` values are ignored (unset CLI flags)."""
        return replace(self, **{k: v for k, v in overrides.items() if v is not None})  # type: ignore[arg-type]

    def __repr__(self) -> str:  # never show secrets, even in a traceback
        shown = {f.name: getattr(self, f.name) for f in fields(self) if f.repr}
        for name in (
            "app_secret",
            "access_token",
            "refresh_token",
            "auth_code",
            "legacy_client_secret",
            "control_token",
        ):
            if shown.get(name):
                shown[name] = "***"
        return "ContractConfig(" + ", ".join(f"{k}={v!r}" for k, v in shown.items()) + ")"


#: Environment variable (after the prefix) -> field.
ENV_FIELDS = {
    "TARGET": "target",
    "AUTH_URL": "auth_url",
    "DIALECT": "dialect",
    "APP_KEY": "app_key",
    "APP_SECRET": "app_secret",
    "ACCESS_TOKEN": "access_token",
    "REFRESH_TOKEN": "refresh_token",
    "AUTH_CODE": "auth_code",
    "SHOP_CIPHER": "shop_cipher",
    "LEGACY_CLIENT_ID": "legacy_client_id",
    "LEGACY_CLIENT_SECRET": "legacy_client_secret",
    "LEGACY_FS_ID": "legacy_fs_id",
    "LEGACY_SHOP_ID": "legacy_shop_id",
    "ALLOW_WRITES": "allow_writes",
    "RATE_LIMIT": "rate_limit",
    "MAX_EXAMPLES": "max_examples",
    "STATEFUL_EXAMPLES": "stateful_examples",
    "COVERAGE": "coverage",
    "SEED": "seed",
    "OPERATIONS": "operations",
    "ALL_OPERATIONS": "all_operations",
    "INCLUDE_AUTH_HOST": "include_auth_host",
    "TIMEOUT": "timeout",
    "KNOWN_DEVIATIONS": "known_deviations",
    "CONTROL_TOKEN": "control_token",
}
#: The server's variable for the same token: a compose file or CI job can set it once for both.
SERVER_CONTROL_TOKEN = "TOKOPEDIA_MOCK_CONTROL_TOKEN"

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off"}


def _parse(name: str, kind: object, raw: str) -> object:
    env = ENV_PREFIX + next(k for k, v in ENV_FIELDS.items() if v == name)
    text = str(kind)
    try:
        if "bool" in text:
            if raw.lower() not in _TRUE | _FALSE:
                raise ValueError
            return raw.lower() in _TRUE
        if "float" in text:
            return float(raw)
        if "int" in text:
            return int(raw)
    except ValueError:
        raise ValueError(f"{env} has an invalid value {raw!r}") from None
    if "tuple" in text:
        return tuple(part.strip() for part in raw.split(",") if part.strip())
    if "Path" in text:
        return Path(raw)
    return raw


def from_env(environ: Mapping[str, str] | None = None, base: ContractConfig | None = None) -> ContractConfig:
    """The config from `TOKOPEDIA_CONTRACT_*` variables over `base` (default: the defaults)."""
    environ = os.environ if environ is None else environ
    base = base or ContractConfig()
    kinds = {f.name: f.type for f in fields(ContractConfig)}
    values: dict[str, object] = {}
    for suffix, name in ENV_FIELDS.items():
        raw = environ.get(ENV_PREFIX + suffix)
        if raw is None or raw == "":
            continue
        values[name] = _parse(name, kinds[name], raw)
    if "control_token" not in values and environ.get(SERVER_CONTROL_TOKEN):
        values["control_token"] = environ[SERVER_CONTROL_TOKEN]
    return base.with_overrides(**values)


# The config a pytest run of the suite uses. The CLI sets it before it starts pytest; `contract_tests/` leaves it
# unset, and the suite then reads the environment.
_active: ContractConfig | None = None


def set_active(config: ContractConfig | None) -> None:
    global _active
    _active = config


def active(base: ContractConfig | None = None) -> ContractConfig:
    """The CLI's configuration, else the environment's over `base` (default: the defaults)."""
    return _active if _active is not None else from_env(base=base)
