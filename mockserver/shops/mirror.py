"""TikTok Shop -> Tokopedia mirroring of an Indonesian shop: the platform completes it or rolls it back. No HTTP.

Statuses (official, TOKOPEDIA_MIRROR_STATUS_CHANGE): MIRRORED, ROLLED_BACK, CANCELED. Only a shop that sells on
Tokopedia (the migrated "Tokopedia & Shop" shop) is mirrored. Each change emits `shop.mirror_status_changed`.
"""

from __future__ import annotations

from mockserver import events
from mockserver.errors import DomainError
from mockserver.models import Shop
from mockserver.store import Store

MIRROR_STATUSES = ("MIRRORED", "ROLLED_BACK", "CANCELED")


class MirrorError(DomainError):
    REASON = "shop.not_mirrorable"


def set_mirror_status(store: Store, shop: Shop, status: str, now: int) -> Shop:
    if status not in MIRROR_STATUSES:
        raise MirrorError("shop.invalid_mirror_status", f"status must be one of {list(MIRROR_STATUSES)}")
    if "TOKOPEDIA" not in shop.platforms or shop.region != "ID":
        raise MirrorError(detail=f"shop {shop.id} does not sell on Tokopedia: it has nothing to mirror")
    before, shop.mirror_status = shop.mirror_status, status
    if before != status:
        store.events.emit(events.SHOP_MIRROR_STATUS_CHANGED, now, shop.id, "shop", shop.id, before=before, after=status)
    return shop
