"""The accounts host: `POST /token` (client credentials over HTTP Basic) and the tokens it issues. No HTTP here.

Confirmed: Basic `client_id:client_secret`, `grant_type=client_credentials` in the query (official example) or the
form body (2017 docs), body `{access_token, expires_in, token_type: "Bearer"}` plus `event_code`, `last_login_type`
and `sq_check` in real responses, tokens shaped `c:<22 base64url chars>`. GUESS: the lifetime
(`Settings.legacy_token_ttl`, 2 weeks after the 22-Oct-2021 news) and that asking again before expiry returns the
same token with the time it has left ("a new access_token can only be obtained if the previous one is expired").
"""

from __future__ import annotations

import base64
import binascii
import hmac
import string
from collections.abc import Mapping
from typing import Any

from mockserver.legacy import errors
from mockserver.legacy.models import LegacyApp, LegacyState, LegacyToken

GRANT_TYPE = "client_credentials"
_TOKEN_CHARS = string.ascii_letters + string.digits + "-_"


def basic_credentials(headers: Mapping[str, str]) -> tuple[str, str] | None:
    scheme, _, encoded = headers.get("authorization", "").strip().partition(" ")
    if scheme.lower() != "basic" or not encoded.strip():
        return None
    try:
        decoded = base64.b64decode(encoded.strip(), validate=True).decode("utf-8")
    except (binascii.Error, UnicodeDecodeError):
        return None
    client_id, sep, secret = decoded.partition(":")
    return (client_id, secret) if sep else None


def authenticate(state: LegacyState, credentials: tuple[str, str] | None) -> LegacyApp:
    if credentials is None:
        raise errors.invalid_client("HTTP Basic authentication with client_id:client_secret is required")
    app = state.apps.get(credentials[0])
    if app is None or not hmac.compare_digest(app.client_secret.encode(), credentials[1].encode()):
        raise errors.invalid_client("invalid client_id or client_secret")
    return app


def check_grant_type(grant_type: str | None) -> None:
    if not grant_type:
        raise errors.invalid_request("grant_type is required (client_credentials)")
    if grant_type != GRANT_TYPE:
        raise errors.unsupported_grant_type(grant_type)


def current_token(state: LegacyState, client_id: str, now: int) -> LegacyToken | None:
    live = [t for t in state.tokens.values() if t.client_id == client_id and t.expires_at > now]
    return max(live, key=lambda t: t.issued_at) if live else None


def issue(state: LegacyState, app: LegacyApp, now: int, ttl: int) -> LegacyToken:
    """The app's live token if it has one (GUESS, see above), else a new one."""
    live = current_token(state, app.client_id, now)
    if live is not None:
        return live
    while True:
        value = "c:" + "".join(state.rng.choice(_TOKEN_CHARS) for _ in range(22))
        if value not in state.tokens:
            break
    token = LegacyToken(value, app.client_id, app.fs_id, now, now + ttl)
    state.tokens[value] = token
    return token


def token_body(token: LegacyToken, now: int) -> dict[str, Any]:
    return {
        "access_token": token.access_token,
        "event_code": "",
        "expires_in": max(0, token.expires_at - now),
        "last_login_type": "",
        "sq_check": False,
        "token_type": "Bearer",
    }
