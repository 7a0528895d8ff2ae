"""The fulfillment area's errors in the Partner API dialect, as data, and how domain errors map to them.

Codes and messages are the official ones from each operation's `error_code_list` (schemas/partner/fulfillment/).
Which code answers which situation is the mock's choice where the docs only list the code (GUESS, see README);
where an operation's own list has no fitting code, a sibling fulfillment operation's is used (never another
area's: an order of another shop is 10006402 "permission denied", as Get Eligible Shipping Service documents).
Business errors answer HTTP 200.
Batch operations report the same codes per item in `data.errors`.
"""

from __future__ import annotations

from typing import Any

from mockserver.orders import models as m
from mockserver.partner.errors import PartnerError

MESSAGES: dict[int, str] = {
    10006402: "permission denied",
    11001002: "invalid param.",
    11006021: "Package has been shipped. Please not ship the package again.",
    11028006: "This tracking number cannot be matched to any carrier, please check the tracking number and upload "
    "again.",
    21001001: "Invalid parameters. Please ensure you are passing the correct request parameter(s).",
    21004012: "Tracking number has special characters, verify failed.",
    21008017: "This API is only applicable to TikTok Shipping orders. For seller shipping, please obtain the shipping "
    "label offline and upload it to TikTok Shop via API or Seller Center.",
    21008106: "This interface cannot be used in this region.",
    21011003: "fulfill_unit action not allowed",
    21011004: "This API cannot be used to update package shipping information for packages that are not shipped by "
    "sellers.",
    21011020: "These orders are already shipped.",
    21011022: "Invalid tracking number or provider ID. Please double check and try again.",
    21011025: "Duplicate tracking number.",
    21011027: "Package has already been delivered.",
    21011028: "The package does not belong to the current shop.",
    21011030: "Package has already been delivered. If you would still like to update the tracking number, please "
    "contact the platform for assistance.",
    21011040: "Package has already been shipped.",
    21011041: "Cannot complete the operation when order is cancelled.",
    21011042: "Cannot complete the operation when order is cancelled.",
    21011043: "The package has not been shipped yet.",
    21011046: "Order has combine, not allow split order",
    21011048: "There are multiple packages that can be shipped, please specify the order line that needs to be "
    "shipped.",
    21011053: "Fail to ship package because the shipment time is outside of the pick-up time slot.",
    21023035: "Please arrange shipment before retrieving the shipping document.",
    21023059: "Package has already been cancelled.",
    21042102: "Documents couldn't be printed after the package has been pickup.",
}


def error(code: int) -> PartnerError:
    return PartnerError(code, MESSAGES[code], 200)


def item_error(code: int, package_id: str) -> dict[str, Any]:
    """One entry of a batch operation's `data.errors`."""
    return {"code": code, "message": MESSAGES[code], "detail": {"package_id": package_id}}


# --- domain error -> code, per kind of operation --------------------------------------------------------------------
def ship_code(e: m.OrderError, *, batch: bool = False) -> int:
    """Ship Package / Batch Ship Packages."""
    if isinstance(e, m.PackageNotFound | m.NotOwned):
        return 21011028
    if isinstance(e, m.AlreadyShipped):
        return 21011040 if batch else 11006021
    if isinstance(e, m.InvalidTransition):
        return 21011041 if e.status == m.CANCELLED else 21011003
    if isinstance(e, m.InvalidTracking):
        return {"provider": 21011022, "duplicate": 21011025, "missing": 11001002}.get(e.kind, 11028006)
    if isinstance(e, m.SlotOutsideGrid):
        return 21011053
    return 11001002  # WrongShippingType: self_shipment for a platform-logistics package, or a bad handover


def mark_shipped_code(e: m.OrderError) -> int:
    """Mark Package As Shipped (seller shipping)."""
    if isinstance(e, m.OrderNotFound | m.NotOwned):
        return 10006402
    if isinstance(e, m.WrongShippingType):
        return 21011004
    if isinstance(e, m.AlreadyShipped):
        return 21011020
    if isinstance(e, m.MultiplePackages):
        return 21011048
    if isinstance(e, m.PackageCombined):
        return 21011046
    if isinstance(e, m.InvalidLineItems):
        return 21001001
    if isinstance(e, m.InvalidTracking):
        return {"provider": 21011022, "duplicate": 21011025, "characters": 21004012}.get(e.kind, 11028006)
    return 21011003


def update_info_code(e: m.OrderError, *, order_level: bool = False) -> int:
    """Update Package Shipping Info / Update Shipping Info."""
    if isinstance(e, m.PackageNotFound | m.OrderNotFound | m.NotOwned):
        return 21011028
    if isinstance(e, m.WrongShippingType):
        return 21011004
    if isinstance(e, m.InvalidTransition):
        if e.status == m.CANCELLED:
            return 21011041 if order_level else 21011042
        return 21011030 if e.status == "delivered" else 21011043
    return 21011022


def deliver_code(e: m.OrderError) -> int:
    """Update Package Delivery Status, per package."""
    if isinstance(e, m.PackageNotFound | m.NotOwned):
        return 21011028
    if isinstance(e, m.WrongShippingType):
        return 21011004
    if isinstance(e, m.InvalidTransition):
        if e.status == m.CANCELLED:
            return 21011041
        return 21011027 if e.status == m.PKG_COMPLETED else 21011043
    return 21001001
