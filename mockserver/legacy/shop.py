"""Shops as the legacy API shows them (`GET /v1/shop/fs/{fs_id}/shop-info`, reference §6.1). No HTTP here.

The shop is the shared one: `shop_id` is its seeded `tokopedia_shop_id`, `shop_name` its name, the owner
`user_id` the seller's legacy id, and `warehouses` the catalog's warehouses of the shop.
"""

from __future__ import annotations

import re
import time
import zlib
from typing import Any

from mockserver.catalog.backend import warehouses_of
from mockserver.catalog.models import ENABLED, SALES_WAREHOUSE, Warehouse
from mockserver.legacy import ids
from mockserver.legacy.state import state_of
from mockserver.models import Shop
from mockserver.store import Store

#: Coordinates of the seeded warehouse cities (fixtures/catalog.json), for `latlon`.
CITY_GEO = {
    "Kota Jakarta Barat": ("-6.168329", "106.758849"),
    "Kota Surabaya": ("-7.257472", "112.752090"),
    "Kota Bandung": ("-6.917464", "107.619123"),
}
SITE = "https://www.tokopedia.com"


def domain_of(shop: Shop) -> str:
    """The shop's URL name: its name in lowercase letters and digits (real domains look like "dumiesshop")."""
    return re.sub(r"[^a-z0-9]", "", shop.name.lower()) or f"shop{shop.tokopedia_shop_id}"


def user_id(store: Store, shop: Shop) -> int:
    return ids.to_legacy(state_of(store).ids, ids.USER, shop.seller_id)


def area_id(name: str) -> int:
    """A stable id for a district/city/province name (the shared model has names only): illustrative, GUESS."""
    return zlib.crc32(name.encode("utf-8")) % 9000 + 1000


def created_date(store: Store, shop: Shop, now: int) -> str:
    times = [store.products[p].create_time for p in store.products_by_shop.get(shop.id, {})]
    return time.strftime("%Y-%m-%d", time.gmtime(min(times, default=now)))


def shop_info(store: Store, shop: Shop, now: int) -> dict[str, Any]:
    owner = user_id(store, shop)
    sales = [w for w in warehouses_of(store, shop.id) if w.type == SALES_WAREHOUSE]
    first = sales[0].address if sales else None
    is_open = 1 if shop.status == "ACTIVE" else 0
    return {
        "shop_id": shop.tokopedia_shop_id,
        "user_id": owner,
        "shop_name": shop.name,
        "logo": f"https://images.tokopedia.net/img/cache/215-square/shops-1/{shop.tokopedia_shop_id}.png",
        "shop_url": f"{SITE}/{domain_of(shop)}",
        "is_open": is_open,
        "status": 1 if is_open else 2,  # 1 Open, 2 Closed (TS SDK ShopStatus)
        "date_shop_created": created_date(store, shop, now),
        "domain": domain_of(shop),
        "admin_id": [owner],
        "reason": "",
        "district_id": area_id(first.district) if first else 0,
        "province_name": first.state if first else "",
        "warehouses": [warehouse(store, shop, w) for w in warehouses_of(store, shop.id)],
        "subscribe_tokocabang": False,
        "is_mitra": False,
    }


def warehouse(store: Store, shop: Shop, w: Warehouse) -> dict[str, Any]:
    a = w.address
    lat, lon = CITY_GEO.get(a.city, ("", ""))
    kind = "return" if w.type != SALES_WAREHOUSE else ("main" if w.is_default else "branch")
    return {
        "warehouse_id": ids.to_legacy(state_of(store).ids, ids.WAREHOUSE, w.id),
        "partner_id": {"Int64": 0, "Valid": False},
        "shop_id": {"Int64": shop.tokopedia_shop_id or 0, "Valid": True},
        "warehouse_name": w.name,
        "district_id": area_id(a.district),
        "district_name": a.district,
        "city_id": area_id(a.city),
        "city_name": a.city,
        "province_id": area_id(a.state),
        "province_name": a.state,
        "status": 1 if w.effect_status == ENABLED else 0,
        "postal_code": a.postal_code,
        "is_default": 1 if w.is_default else 0,
        "latlon": f"{lat},{lon}" if lat else "",
        "latitude": lat,
        "longitude": lon,
        "email": f"gudang@{domain_of(shop)}.example",
        "address_detail": a.full_address,
        "phone": a.phone_number,
        "warehose_type": kind,  # sic: the misspelling real payloads carry
    }
