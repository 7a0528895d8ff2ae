"""The accounts host: `POST /token` (client credentials over HTTP Basic). No HTTP here; the auth domain issues the
tokens (mockserver/auth/backend.py).

Confirmed: Basic `client_id:client_secret`, `grant_type=client_credentials` in the query (official example) or the
form body (2017 docs), body `{access_token, expires_in, token_type: "Bearer"}` plus `event_code`, `last_login_type`
and `sq_check` in real responses, tokens shaped `c:<22 base64url chars>`. GUESS: the lifetime
(`Settings.legacy_token_ttl`, 2 weeks after the 22-Oct-2021 news) and that asking again before expiry returns the
same token with the time it has left ("a new access_token can only be obtained if the previous one is expired").
"""

from __future__ import annotations

import base64
import binascii
from collections.abc import Mapping
from typing import Any

from mockserver.auth import backend
from mockserver.auth.errors import AuthError
from mockserver.legacy import errors
from mockserver.models import LegacyApp, LegacyToken
from mockserver.store import Store

GRANT_TYPE = "client_credentials"


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


def authenticate(store: Store, credentials: tuple[str, str] | None) -> LegacyApp:
    if credentials is None:
        raise errors.invalid_client("HTTP Basic authentication with client_id:client_secret is required")
    try:
        return backend.authenticate_client(store, *credentials)
    except AuthError:
        raise errors.invalid_client("invalid client_id or client_secret") from None


def check_grant_type(grant_type: str | None) -> None:
    if not grant_type:
        raise errors.invalid_request("grant_type is required (client_credentials)")
    if grant_type != GRANT_TYPE:
        raise errors.unsupported_grant_type(grant_type)


def token_body(token: LegacyToken, now: int) -> dict[str, Any]:
    return {
        "access_token": token.access_token,
        "event_code": "",
        "expires_in": max(0, token.expires_at - now),
        "last_login_type": "",
        "sq_check": False,
        "token_type": "Bearer",
    }
