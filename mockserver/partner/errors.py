"""Every error of the Partner API dialect (open-api host and auth host), as data.

Codes and messages come from the official common-errors guide and observed responses
(see ../shared/reference/tiktok-shop-partner-api.md §1.2, §3). Parameter names are quoted with single quotes,
as live responses do. HTTP statuses marked GUESS are documented in the README.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass
class PartnerError(Exception):
    code: int
    message: str
    http_status: int = 400
    headers: dict[str, str] = field(default_factory=dict)
    #: Extra top-level fields (the mock's own `mock_debug`); never part of the real envelope.
    extra: dict[str, Any] = field(default_factory=dict)
    #: Which check of the request gate refused it (gate.py names them), for the request journal; never sent.
    check: str = ""

    def __str__(self) -> str:
        return f"{self.code} {self.message}"


# --- gateway: path, method, version -----------------------------------------------------------------------------
def invalid_path() -> PartnerError:
    return PartnerError(36009009, "Invalid path. The specified path does not match any available endpoint.", 404)


def invalid_method() -> PartnerError:
    # HTTP status GUESS: 405.
    return PartnerError(36009010, "Invalid method. The HTTP method used is not supported by this endpoint.", 405)


def invalid_version() -> PartnerError:
    # Code and message from the api-versioning guide; HTTP status GUESS: 404.
    return PartnerError(36009014, "The version name is invalid, please check and retry.", 404)


# --- credentials ---------------------------------------------------------------------------------------------------
def invalid_app_key() -> PartnerError:
    return PartnerError(36009004, "Invalid credentials. Invalid 'app_key' query parameter.", 400)


def invalid_timestamp(reason: str) -> PartnerError:
    texts = {
        "negative": "must not be lesser than 0",
        "past": "must not be earlier than 5 minutes before the current time",
        "future": "must not exceed the current time by more than 30 seconds",
    }
    return PartnerError(
        36009004, f"Invalid timestamp. The value of the 'timestamp' query parameter {texts[reason]}.", 400
    )


def missing_sign() -> PartnerError:
    # HTTP status GUESS: 401, like an invalid sign.
    return PartnerError(
        36009004, "Missing credentials. The request does not include a required signature in the query.", 401
    )


def invalid_sign() -> PartnerError:
    return PartnerError(106001, "Invalid credentials. The 'sign' query parameter is invalid.", 401)


def invalid_token(where: str = "x-tts-access-token") -> PartnerError:
    # HTTP status GUESS: 401.
    return PartnerError(36009004, f"Invalid credentials. The '{where}' header is invalid.", 401)


def expired_token() -> PartnerError:
    # HTTP status GUESS: 401.
    return PartnerError(
        105002, "Expired credentials. The 'access_token' or 'x-tts-access-token' header has expired.", 401
    )


def scope_denied() -> PartnerError:
    # HTTP status GUESS: 403.
    return PartnerError(
        105005,
        "Access denied. The app is not authorized to access the endpoint because the access scopes granted for the "
        "app or the access token do not contain the required access scope for the endpoint.",
        403,
    )


# --- shop identifiers ------------------------------------------------------------------------------------------------
def missing_shop_cipher() -> PartnerError:
    # HTTP status GUESS: 400.
    return PartnerError(
        106013, "Missing identifier. The 'shop_cipher' query parameter is required to identify the target shop.", 400
    )


def unexpected_shop_cipher() -> PartnerError:
    return PartnerError(
        36009004, "Unexpected identifier. The 'shop_cipher' query parameter is not required for this request.", 400
    )


def shop_not_authorized() -> PartnerError:
    # HTTP status GUESS: 403.
    return PartnerError(
        101000,
        "Invalid query or header. The 'category_asset_cipher' query parameter or 'x-tts-access-token' header "
        "is invalid.",
        403,
    )


# --- request format and parameters -------------------------------------------------------------------------------
def invalid_body_format() -> PartnerError:
    return PartnerError(
        36009022,
        "Invalid request format. The request body format must be 'application/json' for structured data or "
        "'multipart/form-data' for binary files.",
        400,
    )


def body_too_deep(depth: int) -> PartnerError:
    # The mock's own bound (Settings.max_json_depth; the real one is not documented): the request-format code.
    return PartnerError(36009022, f"Invalid request format. The JSON body nests deeper than {depth} levels.", 400)


def duplicate_param(name: str) -> PartnerError:
    # GUESS: the gateway's answer to a repeated parameter is not documented; one value per name is required.
    return PartnerError(
        36009004, f"Invalid request parameters. The '{name}' query parameter is given more than once.", 400
    )


def body_too_large() -> PartnerError:
    # HTTP status GUESS: 413.
    return PartnerError(36009021, "Invalid file size. The uploaded file size exceeds the maximum limit.", 413)


def request_timeout(seconds: str) -> PartnerError:
    # The mock's own answer (the real gateway's is not documented): HTTP 408 with the request-format code.
    message = f"Invalid request format. The request body was not received within {seconds} s."
    return PartnerError(36009022, message, 408)


def invalid_param(message: str) -> PartnerError:
    return PartnerError(36009004, message, 400)


# --- rate limits (partner/quota.py) ----------------------------------------------------------------------------------
def too_many_requests() -> PartnerError:
    return PartnerError(36009002, "Too many requests. You've made too many requests in a short period of time.", 429)


def dev_shop_hourly_limit() -> PartnerError:
    # The code is documented (2nd-hand quote); the message is a GUESS.
    return PartnerError(36009037, "Too many requests. The development shop has reached its hourly API call limit.", 429)


def endpoint_timeout() -> PartnerError:
    # HTTP status GUESS: 504 (the code's HTTP status is not documented).
    return PartnerError(36009007, "Request timeout. The request to the endpoint timed out.", 504)


# --- server side ---------------------------------------------------------------------------------------------------
def internal_error() -> PartnerError:
    return PartnerError(
        36009003,
        "Internal error. Please try again. If the issue persists after multiple attempts, please contact "
        "platform support.",
        500,
    )


def not_implemented(operation: str) -> PartnerError:
    return PartnerError(
        36009003, f"tokopedia-mock does not implement the operation '{operation}' yet; no state was changed.", 501
    )


# --- auth host (GET /api/v2/token/*): HTTP 200 with a non-zero code (GUESS, see README) ------------------------
def invalid_auth_code() -> PartnerError:
    return PartnerError(36004004, "invalid auth code", 200)


def auth_record_not_found() -> PartnerError:
    return PartnerError(36004005, "can not find related auth record", 200)


def refresh_token_expired() -> PartnerError:
    return PartnerError(36004001, "rt has expired", 200)


def auth_invalid_param(name: str) -> PartnerError:
    return PartnerError(36009004, f"Invalid credentials. Invalid '{name}' query parameter.", 200)


def invalid_grant_type(expected: str) -> PartnerError:
    return PartnerError(36009004, f"Invalid 'grant_type' query parameter. Only '{expected}' is accepted.", 200)
