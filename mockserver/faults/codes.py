"""The documented errors a fault (or a `Prefer: code=...` header) may answer, per dialect, as the dialect renders them.

Partner API and auth host: the gateway's common errors (partner/errors.py, with their HTTP statuses) and each
operation's own documented codes (`errors` in its schema: HTTP 200 with the code, like every business error, GUESS);
legacy Seller API: every code of legacy/errors.py. Anything else is refused: a fault must never invent an error.
"""

from __future__ import annotations

from collections.abc import Callable

from mockserver.legacy import errors as legacy_errors
from mockserver.partner import errors as partner_errors
from mockserver.schemas import Operation, SchemaRegistry

COMMON: dict[int, Callable[[], partner_errors.PartnerError]] = {
    36009002: partner_errors.too_many_requests,
    36009003: partner_errors.internal_error,
    36009004: partner_errors.invalid_token,
    36009007: partner_errors.endpoint_timeout,
    36009009: partner_errors.invalid_path,
    36009010: partner_errors.invalid_method,
    36009014: partner_errors.invalid_version,
    36009021: partner_errors.body_too_large,
    36009022: partner_errors.invalid_body_format,
    36009037: partner_errors.dev_shop_hourly_limit,
    101000: partner_errors.shop_not_authorized,
    105002: partner_errors.expired_token,
    105005: partner_errors.scope_denied,
    106001: partner_errors.invalid_sign,
    106013: partner_errors.missing_shop_cipher,
}
AUTH: dict[int, Callable[[], partner_errors.PartnerError]] = {
    36004001: partner_errors.refresh_token_expired,
    36004004: partner_errors.invalid_auth_code,
    36004005: partner_errors.auth_record_not_found,
    36009003: partner_errors.internal_error,
}


def partner_error(code: int | str, status: int | None, op: Operation | None) -> partner_errors.PartnerError | None:
    """The Partner API's error `code` (for operation `op` when known), or None if it is not documented."""
    if not isinstance(code, int):
        return None
    make = COMMON.get(code)
    err = make() if make is not None else None
    if err is None and op is not None:
        documented = next((e for e in op.errors if e.get("code") == code), None)
        if documented is not None:
            err = partner_errors.PartnerError(code, str(documented.get("message", "")), 200)
    if err is not None and status is not None:
        err.http_status = status
    return err


def auth_error(code: int | str, status: int | None) -> partner_errors.PartnerError | None:
    make = AUTH.get(code) if isinstance(code, int) else None
    err = make() if make is not None else None
    if err is not None and status is not None:
        err.http_status = status
    return err


def legacy_error(code: int | str, status: int | None) -> legacy_errors.LegacyError | None:
    spec = legacy_errors.CODES.get(str(code))
    if spec is None:
        return None
    reason = spec.reason.replace("%d", "0").replace("%s", "-")  # templates whose values a fault cannot know
    return legacy_errors.LegacyError(str(code), reason, status or spec.http_status, spec.messages)


def known(dialect: str | None, code: int | str, registry: SchemaRegistry) -> bool:
    """Whether `code` is a documented error of `dialect` (any operation's, for the Partner API; None: any dialect)."""
    if dialect in (None, "legacy") and legacy_error(code, None) is not None:
        return True
    if dialect in (None, "auth") and auth_error(code, None) is not None:
        return True
    if dialect not in (None, "partner") or not isinstance(code, int):
        return False
    return code in COMMON or any(e.get("code") == code for op in registry.operations.values() for e in op.errors)
