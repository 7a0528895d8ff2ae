"""The auth domain's refusals, in neutral terms; each dialect maps `reason` to its own error."""

from __future__ import annotations

from mockserver.errors import DomainError

UNKNOWN_APP = "auth.unknown_app"  # facts: field ("app_key" | "service_id")
WRONG_SECRET = "auth.wrong_secret"
UNKNOWN_SELLER = "auth.unknown_seller"
UNKNOWN_SHOP = "auth.unknown_shop"
INVALID_CODE = "auth.invalid_code"  # unknown, used, expired or another app's
NO_RECORD = "auth.no_record"  # unknown refresh token, or the authorization was revoked
REFRESH_EXPIRED = "auth.refresh_expired"
NOT_AUTHORIZED = "auth.not_authorized"  # the seller has not authorized the app (for that shop)
INVALID_CLIENT = "auth.invalid_client"  # legacy client credentials


class AuthError(DomainError):
    REASON = INVALID_CODE
