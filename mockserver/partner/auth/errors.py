"""The auth host's answers to the auth domain's refusals (codes and texts: reference §1.2, GUESS statuses)."""

from __future__ import annotations

from mockserver.auth import errors as auth
from mockserver.errors import DomainError
from mockserver.partner import errors
from mockserver.partner.errors import PartnerError


def to_partner(e: DomainError) -> PartnerError:
    reason, facts = e.reason, e.facts
    if reason == auth.UNKNOWN_APP and facts.get("field") == "service_id":
        return PartnerError(36009004, "Invalid 'service_id' query parameter.", 400)
    if reason == auth.UNKNOWN_SHOP:
        return PartnerError(36009004, f"mock: no shop with id '{facts.get('shop_id')}'.", 400)
    if reason == auth.UNKNOWN_SELLER:
        return PartnerError(36009004, f"mock: no seller with id '{facts.get('seller_id')}'.", 400)
    if reason == auth.UNKNOWN_APP:
        return errors.auth_invalid_param("app_key")
    if reason == auth.WRONG_SECRET:
        return errors.auth_invalid_param("app_secret")
    if reason == auth.INVALID_CODE:
        return errors.invalid_auth_code()
    if reason == auth.REFRESH_EXPIRED:
        return errors.refresh_token_expired()
    return errors.auth_record_not_found()
