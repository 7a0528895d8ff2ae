"""The legacy Seller API's side of the catalog rules that differ between the two APIs (catalog/policy.py).

Sources: tokopedia-seller-api.md (create v3 row fields and the documented limits) and the mock's earlier legacy
behaviour; GUESSes are listed in the README.
"""

from __future__ import annotations

from decimal import Decimal

from mockserver.catalog.models import ACTIVATE, SELLER_DEACTIVATED, TOKOPEDIA
from mockserver.catalog.policy import CatalogPolicy

LEGACY = CatalogPolicy(
    platform=TOKOPEDIA,  # the legacy API sees (and changes) a product's Tokopedia listing
    title_length=(1, 70),  # "Name": 70 characters (Tokopedia's product name limit)
    description_max=2000,
    price_range=(Decimal(100), Decimal(100_000_000)),
    # GUESS: 0 is a valid stock here ("stock 0 indicates always available" in the create docs; sellers set 0 when
    # sold out), where the Partner API's Update Inventory documents 1-99,999.
    quantity_range=(0, 99_999),
    minimum_order_range=(1, 1_000_000),
    # The legacy rows carry no category attributes or certifications: the older API could not require them.
    require_attributes=False,
    require_weight=False,
    # GUESS: Tokopedia let sellers set the stock of an inactive ("warehouse") product; the query flag
    # `bypass_update_product_status` exists because a stock update could change the product's status.
    writes_need_active=False,
    stock_update_names_all_warehouses=False,  # one warehouse per row (`warehouse_id`, else the SKU's first)
    stock_update_may_add_warehouse=True,  # TokoCabang: stock a product in another warehouse of the shop
    idempotent_status_changes=True,  # set active on an active product succeeds (GUESS)
    activatable_from=frozenset({SELLER_DEACTIVATED}),  # a banned (platform-deactivated) product stays banned
    editable_statuses=frozenset({ACTIVATE, SELLER_DEACTIVATED}),  # PRD_USC_028 otherwise (confirmed text)
    edit_checks_sent_fields_only=True,
)
