"""Which legacy operations the mock implements: operation_id -> handler.

A handler takes a `LegacyCall` and returns the response `data` (the HTML page for the shipping label), or raises
a `LegacyError`. Operations in schemas/legacy without a handler, or marked `implemented: false`, answer 501.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from mockserver.legacy.call import LegacyCall

Handler = Callable[["LegacyCall"], Any]


def handlers() -> dict[str, Handler]:
    from mockserver.legacy import cancel_request
    from mockserver.legacy import handlers as products
    from mockserver.legacy import order_handlers as orders
    from mockserver.legacy import webhook_handlers as webhooks

    table: dict[str, Handler] = {}
    for area in (products.HANDLERS, orders.HANDLERS, cancel_request.HANDLERS, webhooks.HANDLERS):
        overlap = table.keys() & area.keys()
        if overlap:
            raise ValueError(f"legacy operations registered twice: {sorted(overlap)}")
        table.update(area)
    return table
