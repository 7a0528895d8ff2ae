"""Which requests run their work in a worker thread instead of on the event loop.

Work on the event loop is cheapest (a thread hop costs about as much CPU as a small request), but while it runs
the loop answers nothing else: not `/_mock/health`, not a cheap request queued behind it. So the requests whose
cost can grow are moved off it (`mockserver.http.off_loop`): a Python worker thread hands the loop its turn every
few milliseconds. Those are, by rule rather than by list (so that operations added later follow it):

- every paginated operation (a `page_size`/`page_token` or `page`/`per_page` parameter): its cost grows with the
  shop's products or orders — except the searches read from the order book's time indexes (`INDEXED`), whose
  page costs the same at a thousand or a million orders, once their shop is built (building it is a scan), and a
  request that asks only for records by id (`by_ids`: the legacy Get Product's `product_id`), which reads those;
- every request with a body of `BODY_BYTES` or more: parsing, validating and signing it grows with its size;
- the control plane's scans and rebuilds (`/_mock/reset`, `/_mock/events`, `/_mock/apps`).

Everything else (one record read or written, the gate's refusals) stays on the loop.
"""

from __future__ import annotations

from collections.abc import Iterable

#: Bodies from this size up are handled off the loop.
BODY_BYTES = 64 * 1024
PAGING_PARAMS = frozenset({"page_size", "page_token", "page", "per_page"})
#: Paginated operations whose page is read from a time index (orders/index.py): bounded by the page size.
INDEXED = frozenset({"get_order_list", "search_package"})


def paginates(parameters: Iterable[str]) -> bool:
    """Whether an operation with these query parameters pages through a list (so its cost grows with the state)."""
    return not PAGING_PARAMS.isdisjoint(parameters)


#: Query parameters that name records by id, in an operation that otherwise pages (legacy Get Product).
ID_PARAMS = frozenset({"product_id", "product"})
#: Parameters of such an operation that make it search (a product URL, a SKU code) or page after all.
SCAN_PARAMS = PAGING_PARAMS | {"product_url", "sku"}


#: At most this many ids for a read by ids to stay on the loop.
MAX_IDS = 50


def by_ids(names: Iterable[str]) -> bool:
    """Whether a request of a paginated operation, with these query parameters, only reads a few records by their
    ids (at most `MAX_IDS`): its cost is bounded by the ids it names, not by the shop."""
    ids = 0
    for name in names:
        if name in SCAN_PARAMS:
            return False
        ids += name in ID_PARAMS
    return 0 < ids <= MAX_IDS


def needed(paginated: bool, body_size: int) -> bool:
    return paginated or body_size >= BODY_BYTES
