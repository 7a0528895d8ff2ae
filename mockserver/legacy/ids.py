"""Legacy numeric ids <-> Partner ids.

The rule (documented in the README): a legacy id is the **last 10 digits of the Partner id, as a number** —
products, variant SKUs, warehouses, orders and users alike; shops use the seeded `tokopedia_shop_id`. Ten digits
stay below 2**53, so JavaScript clients keep every id exact, and they look like real Tokopedia ids (1122747271).
It is a pure function of the Partner id, so it does not depend on the order requests arrive in. Two Partner ids
of one kind with the same last 10 digits (about 1 in 10**10 per pair) are told apart by adding 10**10 to the
later one's legacy id.
"""

from __future__ import annotations

from collections.abc import Iterable

from mockserver import lazyshops
from mockserver.legacy.state import LegacyIdMap

PRODUCT = "product"
SKU = "sku"
WAREHOUSE = "warehouse"
ORDER = "order"
USER = "user"

_SPAN = 10**10


def natural(partner_id: str) -> int:
    digits = "".join(c for c in partner_id[-10:] if c.isdigit())
    return int(digits) if digits else 0


def to_legacy(ids: LegacyIdMap, kind: str, partner_id: str) -> int:
    known = ids.to_legacy.get((kind, partner_id))
    if known is not None:
        return known
    value = natural(partner_id)
    while (kind, value) in ids.to_partner:
        value += _SPAN
    ids.to_legacy[(kind, partner_id)] = value
    ids.to_partner[(kind, value)] = partner_id
    return value


def to_partner(ids: LegacyIdMap, kind: str, legacy_id: int, universe: Iterable[str]) -> str | None:
    """The Partner id behind `legacy_id`, indexing `universe` (all Partner ids of the kind) on a miss."""
    found = ids.to_partner.get((kind, legacy_id))
    if found is not None:
        return found
    for everyone in (False, True):  # the shops built so far; every shop only if none of them has it
        if everyone and not lazyshops.build_all(universe):
            break
        for partner_id in lazyshops.built_keys(universe):
            if (kind, partner_id) not in ids.to_legacy:
                to_legacy(ids, kind, partner_id)
        found = ids.to_partner.get((kind, legacy_id))
        if found is not None:
            return found
    return None
