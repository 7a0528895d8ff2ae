"""Finding seeded records for legacy tests, by role rather than by id."""

from __future__ import annotations

from mockserver.catalog.models import ACTIVATE, TIKTOK_SHOP, TOKOPEDIA, Product, Sku
from mockserver.legacy.catalog import product_legacy_id, sku_legacy_id
from mockserver.runtime import Mock


def product(
    mock: Mock, shop: str = "migrated", *, skus: int = 1, status: str = ACTIVATE, stocked: bool = True
) -> Product:
    """A seeded product of the shop listed on Tokopedia with that status and number of SKUs (1, or 2+ for 2)."""
    for pid in mock.store.products_by_shop[mock.refs.shops[shop]]:
        p = mock.store.products[pid]
        many = len(p.skus) > 1
        if p.statuses.get(TOKOPEDIA) != status or many != (skus > 1):
            continue
        if stocked and not all(
            len(s.inventory) == 1 and s.inventory[next(iter(s.inventory))].available > 5 for s in p.skus
        ):
            continue
        return p
    raise LookupError("no such seeded product")


def tiktok_only(mock: Mock) -> Product:
    shop = mock.refs.shops["migrated"]
    return next(
        mock.store.products[p]
        for p in mock.store.products_by_shop[shop]
        if set(mock.store.products[p].statuses) == {TIKTOK_SHOP}
    )


def lid(mock: Mock, p: Product) -> int:
    return product_legacy_id(mock.store, p)


def sku_lid(mock: Mock, s: Sku) -> int:
    return sku_legacy_id(mock.store, s)


def available(s: Sku) -> int:
    return next(iter(s.inventory.values())).available


def place(
    mock: Mock, http: object, *, shipping_type: str = "TIKTOK", platform: str = "TOKOPEDIA", **body: object
) -> str:
    """A paid order through the control plane (the buyer); returns the Partner order id."""
    shop = str(body.pop("shop", "migrated"))
    p = product(mock, shop)
    payload = {
        "shop": shop,
        "items": [{"sku_id": p.skus[0].id, "quantity": 2}],
        "shipping_type": shipping_type,
        "commerce_platform": platform,
        "paid": True,
        **body,
    }
    r = http.post("/_mock/orders", json=payload)  # type: ignore[attr-defined]
    assert r.status_code == 200, r.text
    order_id: str = r.json()["data"]["order"]["id"]
    return order_id
