"""Which Partner API operations the mock implements: operation_id -> handler.

A handler takes a `Call` (the admitted request, typed query and body) and returns the response `data`, or raises
a `PartnerError`. Operations in schemas/ without a handler answer 501 in the envelope.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from mockserver.partner.gate import Admitted

if TYPE_CHECKING:
    from mockserver.runtime import Mock


@dataclass(frozen=True)
class Call:
    mock: Mock
    admitted: Admitted
    query: dict[str, Any]
    body: Any
    path_params: dict[str, str]
    version: str
    #: The request as received, for handlers that read it themselves (multipart uploads) or build URLs.
    raw_body: bytes = b""
    content_type: str = ""
    base_url: str = ""  # scheme://host[:port] the client used, no trailing slash


Handler = Callable[[Call], Any]


def handlers() -> dict[str, Handler]:
    """The handler table, assembled from each area's `HANDLERS`."""
    from mockserver.catalog import handlers as catalog
    from mockserver.fulfillment import handlers as fulfillment
    from mockserver.logistics import handlers as logistics
    from mockserver.orders import handlers as orders
    from mockserver.shops import handlers as shops

    table: dict[str, Handler] = {}
    for area in (shops.HANDLERS, catalog.HANDLERS, orders.HANDLERS, fulfillment.HANDLERS, logistics.HANDLERS):
        overlap = table.keys() & area.keys()
        if overlap:
            raise ValueError(f"operations registered twice: {sorted(overlap)}")
        table.update(area)
    return table
