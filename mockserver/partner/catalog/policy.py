"""The Partner API's side of the catalog rules that differ between the two APIs (catalog/policy.py)."""

from __future__ import annotations

from decimal import Decimal

from mockserver.catalog.models import PLATFORM_DEACTIVATED, SELLER_DEACTIVATED
from mockserver.catalog.policy import CatalogPolicy

PARTNER = CatalogPolicy(
    platform=None,
    title_length=(25, 255),  # "Other regions: [25, 255]" (official, create-product `title`)
    description_max=10_000,
    price_range=(Decimal(100), Decimal(500_000_000)),  # GUESS: the Product Pricing page is not in our reference
    quantity_range=(1, 99_999),  # update inventory "quantity 1-99,999" (official)
    minimum_order_range=(1, 20),
    require_attributes=True,
    require_weight=True,
    writes_need_active=True,  # "Only products in the ACTIVATE status can be updated" (official, 12052901)
    stock_update_names_all_warehouses=True,  # 12019028 (official)
    stock_update_may_add_warehouse=False,  # 12052533 (official)
    idempotent_status_changes=False,
    activatable_from=frozenset({SELLER_DEACTIVATED, PLATFORM_DEACTIVATED}),
    editable_statuses=None,
    edit_checks_sent_fields_only=False,
)
