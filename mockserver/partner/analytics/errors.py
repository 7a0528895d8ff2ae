"""The analytics area's errors in the Partner API dialect (codes and messages of the operations' error lists).

28001022 answers every bad date range (malformed, empty, longer than `analytics_max_days`) and, GUESS, any other
value outside the documented list (granularity, currency, sort_field, account_type, page_token), in the same
"invalid request params; detail: ..." form. 28001007 answers a product or SKU of another shop (official message);
GUESS: a video the shop does not have too, with the message naming the video. Business errors: HTTP 200.
"""

from __future__ import annotations

from mockserver.analytics.models import AnalyticsError
from mockserver.partner import errors
from mockserver.partner.errors import PartnerError

INVALID = 28001022
NOT_FOUND = 28001007
NOT_FOUND_MESSAGES = {
    "product": "can't find any related data; detail: Product not found. Please make sure the product_id you send "
    "belongs to a valid product under the current shop.",
    "sku": "can't find any related data; detail: Product not found. Please make sure the product_id you send "
    "belongs to a valid product under the current shop.",
    "video": "can't find any related data; detail: Video not found. Please make sure the video_id you send "
    "belongs to a valid video under the current shop.",
}


def from_domain(e: AnalyticsError) -> PartnerError:
    if e.reason == "analytics.not_found":
        return PartnerError(NOT_FOUND, NOT_FOUND_MESSAGES[str(e.facts.get("what", "product"))], 200)
    if e.reason in ("analytics.invalid_dates", "analytics.invalid_parameter"):
        return PartnerError(INVALID, f"invalid request params; detail: {e.detail}", 200)
    return errors.internal_error()
