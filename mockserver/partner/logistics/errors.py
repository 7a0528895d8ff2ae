"""The logistics area's errors in the Partner API dialect (official codes from schemas/partner/logistics/)."""

from __future__ import annotations

from mockserver.partner.errors import PartnerError


def no_subscription() -> PartnerError:
    """An unknown delivery option id (or one the shop does not use)."""
    return PartnerError(21008116, "No Subscription without specified delivery option.", 200)
