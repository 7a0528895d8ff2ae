"""Where the two APIs' catalog rules genuinely differ: one `CatalogPolicy` per dialect, passed to every rule.

Everything not named here is one rule for both. Each dialect declares its policy in its own package
(partner/catalog/policy.py, legacy/catalog_policy.py) with the source of each value; the README's GUESS section
lists the choices.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal


@dataclass(frozen=True)
class CatalogPolicy:
    #: The platform whose status this dialect reads and changes (None: the product's own platforms).
    platform: str | None
    #: Product name length, inclusive.
    title_length: tuple[int, int]
    #: Longest description, in characters.
    description_max: int
    #: Allowed SKU price, inclusive, in whole rupiah.
    price_range: tuple[Decimal, Decimal]
    #: Allowed stock quantity per warehouse when a seller sets it, inclusive.
    quantity_range: tuple[int, int]
    #: Allowed minimum order quantity, inclusive.
    minimum_order_range: tuple[int, int]
    #: Category attributes marked required must be given when listing (and certifications the category needs).
    require_attributes: bool
    #: A product needs a package weight.
    require_weight: bool
    #: Stock and price updates need an ACTIVATE product (on `platform`, else on its main platform).
    writes_need_active: bool
    #: A stock update must name every warehouse of a SKU stocked in several (Partner: 12019028).
    stock_update_names_all_warehouses: bool
    #: A stock update may stock a SKU in a sales warehouse of its shop it had no stock in yet.
    stock_update_may_add_warehouse: bool
    #: Activating an active product (or deactivating an inactive one) succeeds without change.
    idempotent_status_changes: bool
    #: Statuses (on `platform`) a product may be activated from.
    activatable_from: frozenset[str]
    #: Statuses (on `platform`) an edit is allowed in; None: any but FREEZE and DELETED.
    editable_statuses: frozenset[str] | None
    #: Edits check only the fields sent (True) or the whole resulting listing (False).
    edit_checks_sent_fields_only: bool
