"""A legacy product object (reference §6.2, the Get Product example), from an `Item` of the shared catalog.

Money is a number (IDR has no minor unit: the Partner "125000" is 125000), times are Unix seconds, weight is in
grams (`unit` 1), field casing is the example's (`Name`, `LastUpdateUnix`, `OriginalURL`...).
"""

from __future__ import annotations

import html
import re
from decimal import Decimal
from typing import Any

from mockserver.catalog import taxonomy
from mockserver.catalog.images import image_url
from mockserver.legacy.catalog import Item, children, warehouse_legacy_id
from mockserver.legacy.shop import domain_of
from mockserver.models import Shop
from mockserver.store import Store

ZERO_TIME = "0001-01-01T00:00:00Z"
SITE = "https://www.tokopedia.com"
MOBILE_SITE = "https://m.tokopedia.com"


def money(amount: str) -> int:
    """A Partner decimal string as the legacy integer IDR amount."""
    return int(Decimal(amount))


def slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-") or "produk"


def name_of(item: Item) -> str:
    if item.is_child and item.sku is not None and item.sku.sales_attributes:
        return f"{item.product.title} - {', '.join(a.value_name for a in item.sku.sales_attributes)}"
    return item.product.title


def product_url(shop: Shop, item: Item, mobile: bool = False) -> str:
    return f"{MOBILE_SITE if mobile else SITE}/{domain_of(shop)}/{slug(name_of(item))}"


def grams(weight: dict[str, str] | None) -> int:
    if not weight:
        return 0
    value = Decimal(weight.get("value") or "0")
    factor = {"KILOGRAM": Decimal(1000), "POUND": Decimal("453.59237"), "GRAM": Decimal(1)}
    return int(value * factor.get(weight.get("unit", "KILOGRAM"), Decimal(1000)))


def _price(item: Item) -> int:
    return min((money(s.price.amount) for s in item.skus), default=0)


def _stock_wording(value: int) -> str:
    if value <= 0:
        return "<b>Stok habis</b>"
    return "<b>Stok hampir habis!</b> Tersisa &lt;20" if value < 20 else ""


def _short(description: str) -> str:
    text = html.unescape(re.sub(r"<[^>]+>", " ", description))
    return re.sub(r"\s+", " ", text).strip()[:140]


def render(store: Store, item: Item, base_url: str) -> dict[str, Any]:
    product = item.product
    shop = store.shops[product.shop_id]
    meta = product.tokopedia
    price = _price(item)
    stock = sum(s.total_available for s in item.skus)
    price_obj = {"value": price, "currency": 1, "LastUpdateUnix": product.update_time, "idr": price}
    dims = product.package_dimensions or {}
    return {
        "basic": {
            "productID": item.legacy_id,
            "shopID": shop.tokopedia_shop_id,
            "status": item.status_code,
            "Name": name_of(item),
            "condition": 2 if meta.get("condition") == "USED" else 1,
            "childCategoryID": int(product.category_id) if product.category_id.isdigit() else 0,
            "shortDesc": _short(product.description),
        },
        "price": price_obj,
        "weight": {"value": grams(product.package_weight), "unit": 1},
        "stock": {"useStock": True, "value": stock, "stockWording": _stock_wording(stock)},
        "main_stock": stock,
        "reserve_stock": 0,
        "variant": {
            "isParent": item.is_parent,
            "isVariant": item.is_parent or item.is_child,
            "childrenID": [c.legacy_id for c in children(store, product)] if item.is_parent else [],
        },
        "menu": {"id": int(meta.get("etalase_id", 0)), "Name": str(meta.get("etalase_name", ""))},
        "preorder": {},
        "extraAttribute": {
            "minOrder": int(product.extra.get("minimum_order_quantity", 1)),
            "lastUpdateCategory": product.update_time,
            "isEligibleCOD": product.is_cod_allowed,
            "isOnCampaign": False,
        },
        "wholesale": list(meta.get("wholesale", [])),
        "categoryTree": [
            {
                "id": int(c.id),
                "Name": c.local_name,
                "title": c.local_name,
                "breadcrumbURL": f"{SITE}/p/{slug(c.local_name)}",
            }
            for c in taxonomy.chain(store, product.category_id)
            if c.id.isdigit()
        ],
        "pictures": _pictures(item, base_url),
        "GMStats": {"transactionSuccess": 0, "transactionReject": 0, "countSold": 0},
        "stats": {"countView": 0},
        "other": {
            "sku": item.skus[0].seller_sku if len(item.skus) == 1 else "",
            "url": product_url(shop, item),
            "mobileURL": product_url(shop, item, mobile=True),
        },
        "campaign": {"StartDate": ZERO_TIME, "EndDate": ZERO_TIME},
        "volume": {k: _int(dims.get(k)) for k in ("length", "width", "height")},
        "warehouses": _warehouses(store, item, price_obj),
    }


def _breadcrumb(name: str) -> str:
    return f"{SITE}/p/{slug(name)}"


def _int(raw: str | None) -> int:
    try:
        return int(Decimal(raw or "0"))
    except ArithmeticError:
        return 0


def _pictures(item: Item, base_url: str) -> list[dict[str, Any]]:
    out = []
    for n, img in enumerate(item.product.main_images):
        name = img.uri.rsplit("/", 1)[-1]
        out.append(
            {
                "picID": (item.legacy_id * 10 + n) % 10**10,
                "fileName": f"{name}.jpg",
                "filePath": img.uri.rsplit("/", 1)[0],
                "status": 2,
                "OriginalURL": image_url(base_url, img.uri),
                "ThumbnailURL": image_url(base_url, img.uri, thumb=True),
                "width": img.width,
                "height": img.height,
                "URL300": image_url(base_url, img.uri, thumb=True),
            }
        )
    return out


def _warehouses(store: Store, item: Item, price: dict[str, Any]) -> list[dict[str, Any]]:
    totals: dict[str, int] = {}
    for sku in item.skus:
        for wid, stock in sku.inventory.items():
            totals[wid] = totals.get(wid, 0) + stock.available
    return [
        {
            "productID": item.legacy_id,
            "warehouseID": warehouse_legacy_id(store, wid),
            "price": price,
            "stock": {"useStock": True, "value": qty},
        }
        for wid, qty in totals.items()
    ]
