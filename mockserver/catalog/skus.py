"""The SKU half of a listing document: prices, stock per warehouse, and variants (sales attributes).

Like listing.py, it reports each broken rule as a `CatalogError` (to `problems` when given) and changes nothing.
No HTTP here.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from mockserver.catalog import taxonomy
from mockserver.catalog.errors import CatalogError, Problems, Reason
from mockserver.catalog.models import ENABLED, SALES_WAREHOUSE, Price, Product, SalesAttribute
from mockserver.catalog.policy import CatalogPolicy
from mockserver.models import Shop
from mockserver.store import Store

CURRENCY = {"ID": "IDR"}  # shop region -> the only currency accepted (official list per region)
MAX_SKUS = 100  # "Max SKUs for other regions: 100"
SELLER_SKU_MAX = 50
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
    category_id: str | None,
    raw: list[dict[str, Any]],
    existing: Product | None,
    policy: CatalogPolicy,
    problems: Problems | None = None,
) -> list[SkuInput] | None:
    """The document's SKUs (None when a problem was collected). `category_id` None: the category failed its own
    check, so built-in sales attributes cannot be looked up (custom names are still checked)."""
    problems = problems if problems is not None else Problems()
    if not raw:
        raise CatalogError(Reason.SKU_LIST_EMPTY)
    if len(raw) > MAX_SKUS:
        raise CatalogError(Reason.TOO_MANY_SKUS, max=MAX_SKUS)
    currency = CURRENCY.get(shop.region, "IDR")
    names: dict[str, str] = {}  # custom attribute name -> id, shared by the product's SKUs
    if existing is not None:
        for sku in existing.skus:
            for a in sku.sales_attributes:
                names.setdefault(a.name, a.id)
    out: list[SkuInput] = []
    seen_ids: set[str] = set()
    failed = False
    for entry in raw:
        sku_id = entry.get("id") or None
        if sku_id is not None:
            if existing is None or existing.sku(sku_id) is None:
                raise CatalogError(Reason.SKU_NOT_IN_PRODUCT, f"SKU id '{sku_id}'.", sku_id=sku_id)
            if sku_id in seen_ids:
                raise CatalogError(Reason.DUPLICATE_SKU_ID, sku_id=sku_id)
            seen_ids.add(sku_id)
        before = len(problems.found)
        price = problems.check(_price, entry.get("price"), currency, sku_id is None, policy)
        seller_sku = problems.check(_seller_sku, entry.get("seller_sku"))
        inventory = problems.check(_inventory, store, shop, entry.get("inventory"), policy)
        attrs = [
            problems.check(_sales_attribute, store, category_id, a, names) for a in entry.get("sales_attributes") or []
        ]
        if len(problems.found) > before:
            failed = True
            continue
        out.append(
            SkuInput(
                id=sku_id,
                seller_sku=seller_sku,
                price=price,
                inventory=inventory,
                sales_attributes=[a for a in attrs if a is not None],
                external_sku_id=entry.get("external_sku_id"),
                identifier_code=entry.get("identifier_code"),
                list_price=_list_price(entry.get("list_price")),
                extra={k: entry[k] for k in SKU_PASSTHROUGH if k in entry},
            )
        )
        _combined(store, shop, entry.get("combined_skus"))
    if failed:
        return None
    if existing is None and any(s.inventory is None for s in out):
        raise CatalogError(Reason.INVENTORY_REQUIRED, "Each SKU needs 'inventory'.")
    _check_variants(out, existing)
    return out


def _seller_sku(raw: str | None) -> str | None:
    if raw is not None and len(raw) > SELLER_SKU_MAX:
        raise CatalogError(
            Reason.SELLER_SKU_TOO_LONG, f"Valid length: 1-{SELLER_SKU_MAX} characters.", max=SELLER_SKU_MAX
        )
    return raw


def parse_amount(raw: str | None, currency: str, policy: CatalogPolicy, field: str = "price") -> str:
    """A price amount as the mock stores it: a decimal string; IDR has no minor unit ("125000")."""
    if raw is None or not DECIMAL.match(raw.strip()):
        raise CatalogError(Reason.PRICE_INVALID, field=field)
    value = Decimal(raw.strip())
    if currency == "IDR":
        lo, hi = policy.price_range
        if value != value.to_integral_value():
            raise CatalogError(Reason.PRICE_NOT_WHOLE, "IDR prices are whole rupiah.", field=field)
        if value > hi:
            raise CatalogError(Reason.PRICE_TOO_HIGH, field=field, min=lo, max=hi)
        if value < lo:
            raise CatalogError(
                Reason.PRICE_TOO_LOW, f"The price must be within [{lo}, {hi}].", field=field, min=lo, max=hi
            )
        return str(int(value))
    return raw.strip()


def parse_price(raw: dict[str, Any], currency: str, policy: CatalogPolicy) -> Price:
    """A `{amount, currency, sale_price?}` price of the shop's currency."""
    if raw["currency"] != currency:
        raise CatalogError(Reason.CURRENCY_NOT_ALLOWED, f"Use {currency}.", currency=currency)
    if raw.get("amount") is None:
        raise CatalogError(Reason.PRICE_MISSING)
    amount = parse_amount(raw["amount"], currency, policy)
    sale = raw.get("sale_price")
    return Price(amount, currency, parse_amount(sale, currency, policy, "sale_price") if sale else None)


def _price(raw: dict[str, Any] | None, currency: str, is_new: bool, policy: CatalogPolicy) -> Price | None:
    if raw is None:
        if is_new:
            raise CatalogError(Reason.PRICE_MISSING)
        return None
    return parse_price(raw, currency, policy)


def _list_price(raw: dict[str, Any] | None) -> Price | None:
    if raw is None:
        return None
    try:
        Decimal(raw["amount"])
    except InvalidOperation:
        raise CatalogError(Reason.LIST_PRICE_INVALID) from None
    return Price(raw["amount"], raw["currency"])


def check_warehouse(store: Store, shop: Shop, warehouse_id: str) -> Reason | None:
    """Why `warehouse_id` cannot hold stock of `shop`, or None when it can."""
    warehouse = store.warehouses.get(warehouse_id)
    if warehouse is None:
        return Reason.WAREHOUSE_NOT_FOUND
    if warehouse.shop_id != shop.id:
        return Reason.WAREHOUSE_NOT_SHOPS
    if warehouse.effect_status != ENABLED:
        return Reason.WAREHOUSE_DISABLED
    if warehouse.type != SALES_WAREHOUSE:
        return Reason.WAREHOUSE_NOT_SALES
    return None


def check_quantity(qty: int, policy: CatalogPolicy) -> None:
    lo, hi = policy.quantity_range
    if not lo <= qty <= hi:
        raise CatalogError(Reason.QUANTITY_OUT_OF_RANGE, f"Valid range: [{lo}, {hi:,}].", min=lo, max=hi)


def _inventory(
    store: Store, shop: Shop, raw: list[dict[str, Any]] | None, policy: CatalogPolicy
) -> dict[str, int] | None:
    if raw is None:
        return None
    if not raw:
        raise CatalogError(Reason.INVENTORY_EMPTY, "'inventory' cannot be empty.")
    out: dict[str, int] = {}
    for entry in raw:
        wid = entry["warehouse_id"]
        why = check_warehouse(store, shop, wid)
        if why is not None:
            raise CatalogError(why, warehouse_id=wid)
        if wid in out:
            raise CatalogError(
                Reason.WAREHOUSE_TWICE, f"Warehouse '{wid}' is listed twice for one SKU.", warehouse_id=wid
            )
        qty = entry.get("quantity")
        if qty is not None:
            check_quantity(qty, policy)
        out[wid] = qty or 0
    return out


def _sales_attribute(
    store: Store, category_id: str | None, raw: dict[str, Any], names: dict[str, str]
) -> SalesAttribute:
    attr_id, name = raw.get("id") or "", raw.get("name") or ""
    builtin = taxonomy.attribute(store, category_id, attr_id) if attr_id and category_id else None
    if attr_id and (builtin is None or builtin.type != taxonomy.SALES_PROPERTY):
        if not name:
            raise CatalogError(Reason.SALES_ATTRIBUTE_UNKNOWN, f"Attribute id '{attr_id}'.", attribute_id=attr_id)
        names.setdefault(name, attr_id)  # an id the platform generated for a custom attribute earlier
    if builtin is not None:
        name = builtin.name
    elif not name:
        raise CatalogError(Reason.SALES_ATTRIBUTE_NAME_EMPTY)
    elif len(name) > 20:
        raise CatalogError(Reason.SALES_ATTRIBUTE_NAME_TOO_LONG, max=20)
    value_id, value_name = raw.get("value_id") or "", raw.get("value_name") or ""
    if builtin is not None and value_id:
        known = taxonomy.value_name(builtin, value_id)
        if known is None and not value_name:
            raise CatalogError(Reason.SALES_VALUE_UNKNOWN, f"Value id '{value_id}'.", value_id=value_id)
        value_name = known or value_name
    elif builtin is not None:  # a built-in value given by name only
        value_id = next((v.id for v in builtin.values if v.name == value_name), "")
    if not value_name:
        raise CatalogError(Reason.SALES_VALUE_EMPTY)
    if len(value_name) > 50:
        raise CatalogError(Reason.SALES_VALUE_TOO_LONG, max=50)
    resolved_id = builtin.id if builtin is not None else (attr_id or names.get(name, ""))
    return SalesAttribute(resolved_id, name, value_id, value_name, raw.get("sku_img"))


def _check_variants(skus: list[SkuInput], existing: Product | None) -> None:
    kinds = [tuple(a.name for a in s.sales_attributes) for s in skus]
    if len({k for kind in kinds for k in kind}) > 3:
        raise CatalogError(Reason.TOO_MANY_SALES_ATTRIBUTES, max=3)
    if len(set(map(frozenset, kinds))) > 1 or (len(skus) > 1 and not kinds[0]):
        raise CatalogError(Reason.SKU_ATTRIBUTES_INCONSISTENT)
    combos = [tuple((a.name, a.value_name) for a in s.sales_attributes) for s in skus]
    if len(set(combos)) != len(combos):
        raise CatalogError(Reason.DUPLICATE_SKU_COMBINATION)
    had = existing is not None and any(s.sales_attributes for s in existing.skus)
    if had and not kinds[0]:
        raise CatalogError(Reason.SKU_ATTRIBUTES_INCONSISTENT, "You must retain at least 1 sales attribute.")


def _combined(store: Store, shop: Shop, raw: list[dict[str, Any]] | None) -> None:
    for entry in raw or ():
        product = store.products.get(entry["product_id"])
        if product is None or product.shop_id != shop.id:
            raise CatalogError(Reason.COMBINED_PRODUCT_UNKNOWN, product_id=entry["product_id"])
        if product.sku(entry["sku_id"]) is None:
            raise CatalogError(Reason.COMBINED_SKU_UNKNOWN, sku_id=entry["sku_id"])
