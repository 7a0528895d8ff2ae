"""Which Partner API operations the mock implements: operation_id -> handler.

Operations in schemas/ without a handler answer 501 in the envelope. The handlers live in `partner/<area>/`
and import only `partner/call.py`, so this table sits above them and nothing imports it back.
"""

from __future__ import annotations

from mockserver.partner.analytics import handlers as analytics
from mockserver.partner.call import Handler
from mockserver.partner.catalog import compliance as catalog_compliance  # issue 14
from mockserver.partner.catalog import handlers as catalog
from mockserver.partner.catalog import quality as catalog_quality  # issue 14
from mockserver.partner.finance import handlers as finance
from mockserver.partner.fulfillment import handlers as fulfillment
from mockserver.partner.fulfillment import packaging as fulfillment_packaging  # issue 14
from mockserver.partner.logistics import handlers as logistics
from mockserver.partner.orders import handlers as orders
from mockserver.partner.orders import references as order_references  # issue 14
from mockserver.partner.promotion import handlers as promotion  # issue 14
from mockserver.partner.return_refund import handlers as return_refund
from mockserver.partner.shops import category_assets  # issue 14
from mockserver.partner.shops import handlers as shops
from mockserver.partner.webhooks import handlers as webhooks

AREAS = (
    shops.HANDLERS,
    catalog.HANDLERS,
    orders.HANDLERS,
    fulfillment.HANDLERS,
    logistics.HANDLERS,
    return_refund.HANDLERS,
    webhooks.HANDLERS,  # the Event API (issue 11)
    finance.HANDLERS,
    analytics.HANDLERS,
    order_references.HANDLERS,  # issue 14
    fulfillment_packaging.HANDLERS,  # issue 14
    promotion.HANDLERS,  # issue 14
    catalog_quality.HANDLERS,  # issue 14
    catalog_compliance.HANDLERS,  # issue 14
    category_assets.HANDLERS,  # issue 14
)


def handlers() -> dict[str, Handler]:
    """The handler table, assembled from each area's `HANDLERS`."""
    table: dict[str, Handler] = {}
    for area in AREAS:
        overlap = table.keys() & area.keys()
        if overlap:
            raise ValueError(f"operations registered twice: {sorted(overlap)}")
        table.update(area)
    return table
