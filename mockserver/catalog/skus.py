"""The SKU half of a Create/Edit Product body: prices, stock per warehouse, and variants (sales attributes).

Like listing.py, it raises the documented error for the first broken rule and changes nothing. No HTTP here.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from mockserver.catalog import taxonomy
from mockserver.catalog.models import ENABLED, SALES_WAREHOUSE, Price, Product, SalesAttribute
from mockserver.models import Shop
from mockserver.partner.catalog.errors import business
from mockserver.partner.errors import PartnerError
from mockserver.store import Store

CURRENCY = {"ID": "IDR"}  # shop region -> the only currency accepted (official list per region)
MAX_SKUS = 100  # "Max SKUs for other regions: 100"
SELLER_SKU_MAX = 50
QUANTITY = (1, 99_999)
#: GUESS: the allowed IDR price range (the Product Pricing page is not in our reference).
IDR_PRICE = (Decimal(100), Decimal(500_000_000))
DECIMAL = re.compile(r"^[0-9]+(\.[0-9]+)?$")


@dataclass
class SkuInput:
    """One validated SKU of the request. `None` means "not given" (Edit keeps the current price/inventory)."""

    id: str | None
    seller_sku: str | None
    price: Price | None
    inventory: dict[str, int] | None
    sales_attributes: list[SalesAttribute]
    external_sku_id: str | None
    identifier_code: dict[str, str] | None
    list_price: Price | None
    extra: dict[str, Any]


SKU_PASSTHROUGH = (
    "combined_skus",
    "sku_unit_count",
    "external_urls",
    "extra_identifier_codes",
    "pre_sale",
    "external_list_prices",
    "fees",
)


# --- SKUs ------------------------------------------------------------------------------------------------------------
def parse_skus(
    store: Store,
    shop: Shop,
    category_id: str,
    raw: list[dict[str, Any]],
    existing: Product | None,
    new_sku_price_error: int,
) -> list[SkuInput]:
    if not raw:
        raise business(12052902)
    if len(raw) > MAX_SKUS:
        raise business(12052050)
    currency = CURRENCY.get(shop.region, "IDR")
    names: dict[str, str] = {}  # custom attribute name -> id, shared by the product's SKUs
    if existing is not None:
        for sku in existing.skus:
            for a in sku.sales_attributes:
                names.setdefault(a.name, a.id)
    out: list[SkuInput] = []
    seen_ids: set[str] = set()
    for entry in raw:
        sku_id = entry.get("id") or None
        if sku_id is not None:
            if existing is None or existing.sku(sku_id) is None:
                raise business(12052557, f"SKU id '{sku_id}'.")
            if sku_id in seen_ids:
                raise business(12052553)
            seen_ids.add(sku_id)
        price = _price(entry.get("price"), currency, sku_id is None, new_sku_price_error)
        out.append(
            SkuInput(
                id=sku_id,
                seller_sku=_seller_sku(entry.get("seller_sku")),
                price=price,
                inventory=_inventory(store, shop, entry.get("inventory")),
                sales_attributes=[
                    _sales_attribute(store, category_id, a, names) for a in entry.get("sales_attributes") or []
                ],
                external_sku_id=entry.get("external_sku_id"),
                identifier_code=entry.get("identifier_code"),
                list_price=_list_price(entry.get("list_price")),
                extra={k: entry[k] for k in SKU_PASSTHROUGH if k in entry},
            )
        )
        _combined(store, shop, entry.get("combined_skus"))
    if existing is None and any(s.inventory is None for s in out):
        raise business(12052910, "Each SKU needs 'inventory'.")
    _check_variants(out, existing)
    return out


def _seller_sku(raw: str | None) -> str | None:
    if raw is not None and len(raw) > SELLER_SKU_MAX:
        raise business(12052054, f"Valid length: 1-{SELLER_SKU_MAX} characters.")
    return raw


def parse_amount(raw: str | None, currency: str, code: int = 12052073) -> str:
    """A price amount as the mock stores it: a decimal string; IDR has no minor unit ("125000")."""
    if raw is None or not DECIMAL.match(raw.strip()):
        raise business(code)
    value = Decimal(raw.strip())
    if currency == "IDR":
        if value != value.to_integral_value():
            raise business(code, "IDR prices are whole rupiah.")
        lo, hi = IDR_PRICE
        if value > hi:
            raise business(12052570)
        if value < lo:
            raise business(code, f"The price must be within [{lo}, {hi}].")
        return str(int(value))
    return raw.strip()


def _price(raw: dict[str, Any] | None, currency: str, is_new: bool, missing_code: int) -> Price | None:
    if raw is None:
        if is_new:
            raise business(missing_code)
        return None
    if raw["currency"] != currency:
        raise business(12052084, f"Use {currency}.")
    if raw.get("amount") is None:
        raise business(missing_code)
    amount = parse_amount(raw["amount"], currency)
    sale = raw.get("sale_price")
    return Price(amount, currency, parse_amount(sale, currency, 12052092) if sale else None)


def _list_price(raw: dict[str, Any] | None) -> Price | None:
    if raw is None:
        return None
    try:
        Decimal(raw["amount"])
    except InvalidOperation:
        raise PartnerError(12052375, "product list price is invalid", 200) from None
    return Price(raw["amount"], raw["currency"])


def check_warehouse(store: Store, shop: Shop, warehouse_id: str) -> int | None:
    """The error code for stocking `warehouse_id` in `shop`, or None when it is fine."""
    warehouse = store.warehouses.get(warehouse_id)
    if warehouse is None:
        return 12052097
    if warehouse.shop_id != shop.id:
        return 12052530
    if warehouse.effect_status != ENABLED:
        return 12052531
    if warehouse.type != SALES_WAREHOUSE:
        return 12052532
    return None


def _inventory(store: Store, shop: Shop, raw: list[dict[str, Any]] | None) -> dict[str, int] | None:
    if raw is None:
        return None
    if not raw:
        raise business(12052910, "'inventory' cannot be empty.")
    out: dict[str, int] = {}
    for entry in raw:
        wid = entry["warehouse_id"]
        code = check_warehouse(store, shop, wid)
        if code is not None:
            raise business(code, warehouse_id=wid)
        if wid in out:
            raise business(12052910, f"Warehouse '{wid}' is listed twice for one SKU.")
        qty = entry.get("quantity")
        if qty is not None and not QUANTITY[0] <= qty <= QUANTITY[1]:
            raise business(12052055, f"Valid range: [{QUANTITY[0]}, {QUANTITY[1]:,}].")
        out[wid] = qty or 0
    return out


def _sales_attribute(store: Store, category_id: str, raw: dict[str, Any], names: dict[str, str]) -> SalesAttribute:
    attr_id, name = raw.get("id") or "", raw.get("name") or ""
    builtin = taxonomy.attribute(store, category_id, attr_id) if attr_id else None
    if attr_id and (builtin is None or builtin.type != taxonomy.SALES_PROPERTY):
        if not name:
            raise business(12052527, f"Attribute id '{attr_id}'.")
        names.setdefault(name, attr_id)  # an id the platform generated for a custom attribute earlier
    if builtin is not None:
        name = builtin.name
    elif not name:
        raise PartnerError(12052241, "attribute name or attribute id is empty.", 200)
    elif len(name) > 20:
        raise PartnerError(12052242, "The attribute name characters cannot exceed max_limit", 200)
    value_id, value_name = raw.get("value_id") or "", raw.get("value_name") or ""
    if builtin is not None and value_id:
        known = taxonomy.value_name(builtin, value_id)
        if known is None and not value_name:
            raise business(12052529, f"Value id '{value_id}'.")
        value_name = known or value_name
    elif builtin is not None:  # a built-in value given by name only
        value_id = next((v.id for v in builtin.values if v.name == value_name), "")
    if not value_name:
        raise PartnerError(12052248, "The sales property value name or attribute value id is empty.", 200)
    if len(value_name) > 50:
        raise PartnerError(12052249, "The sales property value name characters cannot exceed 50.", 200)
    resolved_id = builtin.id if builtin is not None else (attr_id or names.get(name, ""))
    return SalesAttribute(resolved_id, name, value_id, value_name, raw.get("sku_img"))


def _check_variants(skus: list[SkuInput], existing: Product | None) -> None:
    kinds = [tuple(a.name for a in s.sales_attributes) for s in skus]
    if len({k for kind in kinds for k in kind}) > 3:
        raise business(12052525)
    if len(set(map(frozenset, kinds))) > 1 or (len(skus) > 1 and not kinds[0]):
        raise business(12052550)
    combos = [tuple((a.name, a.value_name) for a in s.sales_attributes) for s in skus]
    if len(set(combos)) != len(combos):
        raise business(12052560)
    had = existing is not None and any(s.sales_attributes for s in existing.skus)
    if had and not kinds[0]:
        raise business(12052550, "You must retain at least 1 sales attribute.")


def _combined(store: Store, shop: Shop, raw: list[dict[str, Any]] | None) -> None:
    for entry in raw or ():
        product = store.products.get(entry["product_id"])
        if product is None or product.shop_id != shop.id:
            raise business(12052835)
        if product.sku(entry["sku_id"]) is None:
            raise business(12052844)
