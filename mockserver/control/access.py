"""Who may use the control plane (/_mock/*): open on a loopback address, token-protected anywhere else.

The control plane hands out every app's secrets and tokens (`/_mock/apps`), signs for any app (`/_mock/sign`) and
moves the clock, so a mock reachable from other machines must not serve it to anyone who finds the port. The mode
(`Settings.control_plane`):

- `auto` (default): open when bound to a loopback address (a developer's laptop), else the token is required;
- `token`: the token is always required; `open`: never (a trusted network, on purpose); `off`: disabled.

The token comes from `control_token`, else from `control_token_file` (read, or created with a random token and
mode 0600 when missing). A client sends it as `x-mock-control-token: <token>` or `Authorization: Bearer <token>`;
it is compared in constant time and never logged. `/_mock/health` (probes) and `/_mock/oauth/callback` (the
consent page's default redirect, which only echoes its own query) stay open in every mode.
"""

from __future__ import annotations

import ipaddress
import os
import secrets
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from mockserver.partner.errors import PartnerError
from mockserver.secrets import same_secret
from mockserver.settings import Settings

#: Paths under /_mock/ that every mode serves.
ALWAYS_OPEN = frozenset({"/health", "/oauth/callback"})
TOKEN_HEADER = "x-mock-control-token"


def is_loopback(host: str) -> bool:
    """Whether binding to `host` keeps the port on this machine (`localhost`, 127.0.0.0/8, ::1)."""
    if host.strip().lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip().strip("[]")).is_loopback
    except ValueError:
        return False  # a host name other than localhost, or 0.0.0.0 / "" / "::" (every interface)


class ControlConfigError(ValueError):
    """The settings leave a non-loopback control plane without a token."""


def read_token_file(path: Path) -> str:
    """The token in `path`, or a new random one written there (mode 0600) when the file does not exist."""
    try:
        token = path.read_text(encoding="utf-8").strip()
    except FileNotFoundError:
        token = secrets.token_urlsafe(32)
        path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            f.write(token + "\n")
        return token
    except OSError as e:
        raise ControlConfigError(f"control token file {path}: {e.strerror}") from None
    if not token:
        raise ControlConfigError(f"control token file {path} is empty")
    return token


@dataclass(frozen=True)
class ControlAccess:
    mode: str  # "open", "token" or "off": what the settings resolve to
    token: str = ""
    #: Where the token came from, for the banner ("--control-token", a file path); never the token itself.
    source: str = ""

    @classmethod
    def of(cls, settings: Settings) -> ControlAccess:
        mode = settings.control_plane
        if mode in ("open", "off"):
            return cls(mode)
        token, source = settings.control_token, "control_token"
        if not token and settings.control_token_file:
            token, source = read_token_file(Path(settings.control_token_file)), settings.control_token_file
        if token:
            return cls("token", token, source)
        if mode == "auto" and is_loopback(settings.host):
            return cls("open")
        raise ControlConfigError(
            f"the control plane (/_mock/*) needs a token when the mock listens on {settings.host!r}: set "
            "--control-token (TOKOPEDIA_MOCK_CONTROL_TOKEN) or --control-token-file PATH (a random token is "
            "written there if it is missing), or turn it off with --control-plane off"
        )

    def refusal(self, subpath: str, headers: Mapping[str, str]) -> PartnerError | None:
        """Why a request for /_mock`subpath` is refused, or None when it may go ahead."""
        if subpath in ALWAYS_OPEN or self.mode == "open":
            return None
        if self.mode == "off":
            return PartnerError(40301, "The control plane is turned off on this mock (--control-plane off).", 403)
        given = headers.get(TOKEN_HEADER) or _bearer(headers.get("authorization", ""))
        if given and same_secret(given, self.token):
            return None
        err = PartnerError(
            40101,
            "The control plane needs its token: send the header x-mock-control-token (see --control-token).",
            401,
        )
        err.headers["www-authenticate"] = 'Bearer realm="tokopedia-mock control plane"'
        return err


def _bearer(value: str) -> str:
    scheme, _, token = value.partition(" ")
    return token.strip() if scheme.lower() == "bearer" else ""
