"""The platform's own verdicts on a listing: an audit fails, or the platform deactivates or freezes a product.
No HTTP here; the control plane plays the platform (POST /_mock/products/{id}/verdict).

Which statuses a verdict applies to (GUESS): an audit can fail while the product is in review or live (a
post-listing audit); deactivation and freezing hit live or seller-deactivated products. A verdict ends the review of
the platforms it hits and emits `product.status_changed` with `cause` and the platform's `reason`.
"""

from __future__ import annotations

from mockserver.catalog import state
from mockserver.catalog.errors import CatalogError, Reason
from mockserver.catalog.models import (
    ACTIVATE,
    FAILED,
    FREEZE,
    PENDING,
    PLATFORM_DEACTIVATED,
    SELLER_DEACTIVATED,
    Product,
)
from mockserver.store import Store

#: verdict -> (the status it sets, the statuses it applies to, the event's cause)
VERDICTS: dict[str, tuple[str, frozenset[str], str]] = {
    "fail_audit": (FAILED, frozenset({PENDING, ACTIVATE}), "audit_failed"),
    "deactivate": (PLATFORM_DEACTIVATED, frozenset({ACTIVATE, SELLER_DEACTIVATED}), "platform_deactivated"),
    "freeze": (FREEZE, frozenset({ACTIVATE, SELLER_DEACTIVATED}), "platform_frozen"),
}


def apply(
    store: Store, product: Product, verdict: str, reason: str, platforms: tuple[str, ...] | None, now: int
) -> Product:
    """The verdict on `platforms` (None: every platform the product is listed on where it applies)."""
    status, applies_to, cause = VERDICTS[verdict]
    listed = tuple(product.statuses)
    chosen = tuple(p for p in (platforms or listed) if p in listed and product.statuses[p] in applies_to)
    if not chosen:
        raise CatalogError(Reason.STATUS_NOT_ALLOWED, f"cannot {verdict} a product that is {product.status}")
    state.set_statuses(store, product, status, chosen, now, cause, reason=reason)
    if PENDING not in product.statuses.values():
        product.review_due = None  # nothing left in review
    product.update_time = max(product.update_time, now)
    return product
