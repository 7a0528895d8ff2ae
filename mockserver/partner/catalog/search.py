"""Search Products, Inventory Search and the brand list: filters, ordering and opaque page tokens. No HTTP here.

Page tokens come from mockserver/pagetokens.py, bound to the shop and the filters that issued them: a token keeps
its place when products are created or deleted between pages (it holds the position after the last item
returned), and a forged or tampered token, or one reused with other filters, answers 12052910.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from mockserver.catalog.backend import Scope, settle
from mockserver.catalog.models import DELETED, LISTING_PLATFORMS, PRODUCT_STATUSES, Product, Sku
from mockserver.pagetokens import InvalidPageToken
from mockserver.partner.catalog.errors import MAX_RESULTS, MAX_SEARCH_SKUS, business
from mockserver.partner.catalog.render import audit_status
from mockserver.store import Store

Key = tuple[int, str]
PRODUCTS = "products.search"
BRANDS = "brands.list"
_FILTERS = ("status", "create_time_ge", "create_time_le", "update_time_ge", "update_time_le")
_SETS = ("seller_skus", "sku_ids", "listing_platforms", "audit_status")


def invalid_token() -> Exception:
    return business(12052910, "'page_token' is invalid.")


def product_query(shop_id: str, body: dict[str, Any]) -> dict[str, Any]:
    """What a product search's page token is bound to: the shop and every filter of the body."""
    query: dict[str, Any] = {"shop": shop_id, **{k: body.get(k) for k in _FILTERS}}
    query.update({k: frozenset(str(v) for v in body.get(k) or ()) for k in _SETS})
    query["status"] = query["status"] or "ALL"
    return query


def read_token(store: Store, kind: str, query: Any, token: str) -> tuple[int, Key]:
    """(offset, key) of a token this store issued for `kind` and `query`; else 12052910."""
    try:
        offset, created, product_id = store.page_tokens().read(kind, query, token)
    except (InvalidPageToken, ValueError):
        raise invalid_token() from None
    assert isinstance(offset, int) and isinstance(created, int) and isinstance(product_id, str)
    return offset, (created, product_id)


def _order(p: Product) -> Key:
    """Sort key; results are newest first: create_time, then id, both descending (GUESS: the order is not
    documented)."""
    return (p.create_time, p.id)


def search_products(scope: Scope, body: dict[str, Any], page_size: int, page_token: str | None) -> dict[str, Any]:
    match = _filter(scope, body)
    shop_id = scope.shop.id if scope.shop is not None else ""
    store = scope.store
    found = sorted(
        (
            p
            for pid in store.products_by_shop.get(shop_id, {})
            if match(p := settle(store, store.products[pid], scope.now))
        ),
        key=_order,
        reverse=True,
    )
    query = product_query(shop_id, body)
    start = 0
    if page_token:
        offset, key = read_token(store, PRODUCTS, query, page_token)
        if offset >= MAX_RESULTS:
            raise business(12052180)
        start = _position(found, key)
    page = found[start : start + page_size]
    more = start + len(page) < len(found)
    token = ""
    if more and page:
        token = store.page_tokens().issue(PRODUCTS, query, (start + len(page), *_order(page[-1])))
    return {"products": page, "total_count": len(found), "next_page_token": token}


def _position(found: list[Product], key: Key) -> int:
    """The index of the first product after `key` in the (descending) ordering: binary search."""
    lo, hi = 0, len(found)
    while lo < hi:
        mid = (lo + hi) // 2
        if _order(found[mid]) >= key:
            lo = mid + 1
        else:
            hi = mid
    return lo


def _filter(scope: Scope, body: dict[str, Any]) -> Callable[[Product], bool]:
    status = body.get("status") or "ALL"
    if status != "ALL" and status not in PRODUCT_STATUSES:
        raise business(12052910, f"'status' must be ALL or one of {', '.join(PRODUCT_STATUSES)}.")
    seller_skus = set(body.get("seller_skus") or ())
    if len(seller_skus) > MAX_SEARCH_SKUS:
        raise business(12019027)
    sku_ids = set(body.get("sku_ids") or ())
    if len(sku_ids) > MAX_SEARCH_SKUS:
        raise business(12019087)
    created = _window(body, "create_time", 12019118)
    updated = _window(body, "update_time", 12019119)
    platforms = set(body.get("listing_platforms") or ())
    if platforms - set(LISTING_PLATFORMS):
        raise business(12052910, f"'listing_platforms' values must be among {', '.join(LISTING_PLATFORMS)}.")
    # The docs ask for a status other than ALL with `listing_platforms`, but their own example sends ALL: accepted.
    audit = set(body.get("audit_status") or ())

    def match(p: Product) -> bool:
        if status == "ALL" and p.status == DELETED:
            return False
        if status != "ALL" and p.status != status:
            return False
        if not (created[0] <= p.create_time <= created[1] and updated[0] <= p.update_time <= updated[1]):
            return False
        if platforms and not platforms <= set(p.statuses):
            return False
        if audit and audit_status(p) not in audit:
            return False
        if seller_skus and not any(s.seller_sku in seller_skus for s in p.skus):
            return False
        return not sku_ids or any(s.id in sku_ids for s in p.skus)

    return match


def _window(body: dict[str, Any], name: str, code: int) -> tuple[int, int]:
    ge, le = body.get(f"{name}_ge"), body.get(f"{name}_le")
    lo = 0 if ge is None else ge
    hi = 2**63 if le is None else le
    if lo < 0 or hi < 0 or lo > hi:
        raise business(code)
    return lo, hi


# --- inventory search --------------------------------------------------------------------------------------------
def inventory_search(scope: Scope, product_ids: list[str], sku_ids: list[str]) -> list[tuple[Product, list[Sku]]]:
    """SKUs of the given products, and the given SKUs (GUESS: both filters together give the union).

    Ids the caller does not own are left out, as if they did not exist.
    """
    if len(product_ids) > 20:
        raise business(12019120)
    if len(sku_ids) > 100:
        raise business(12019015)
    store = scope.store
    out: dict[str, tuple[Product, list[Sku]]] = {}
    for pid in dict.fromkeys(product_ids):
        product = store.products.get(pid)
        if product is not None and scope.owns(product) and product.status != DELETED:
            out[pid] = (product, list(product.skus))
    for sid in dict.fromkeys(sku_ids):
        sku = store.skus.get(sid)
        product = store.products.get(sku.product_id) if sku is not None else None
        if sku is None or product is None or not scope.owns(product) or product.status == DELETED:
            continue
        entry = out.setdefault(product.id, (product, []))
        if sku not in entry[1]:
            entry[1].append(sku)
    return list(out.values())


# --- brands ------------------------------------------------------------------------------------------------------
def page_of(
    store: Store, query: Any, items: Iterable[Any], page_size: int, page_token: str | None
) -> tuple[list[Any], int, str]:
    """A simple offset page for small fixed lists (brands), with a token bound to `query`."""
    listed = list(items)
    start = read_token(store, BRANDS, query, page_token)[0] if page_token else 0
    page = listed[start : start + page_size]
    end = start + len(page)
    return page, len(listed), store.page_tokens().issue(BRANDS, query, (end, 0, "")) if end < len(listed) else ""


def brands(store: Store, category_id: str | None, name: str | None, authorized: bool | None) -> list[Any]:
    out = []
    for b in store.brands.values():
        if category_id and b.category_ids and category_id not in b.category_ids:
            continue
        if name and name.lower() not in b.name.lower():
            continue
        if authorized is not None and (b.authorized_status == "AUTHORIZED") != authorized:
            continue
        out.append(b)
    return out
