"""Warehouses (the catalog's), delivery options and shipping providers as the Partner API shows them. No HTTP."""

from __future__ import annotations

from typing import Any

from mockserver.catalog import backend as catalog
from mockserver.catalog.models import Warehouse
from mockserver.logistics.models import DeliveryOption
from mockserver.models import Shop
from mockserver.store import Store


def warehouses(store: Store, shop: Shop) -> list[dict[str, Any]]:
    return [warehouse(w) for w in catalog.warehouses_of(store, shop.id)]


def warehouse(w: Warehouse) -> dict[str, Any]:
    a = w.address
    street = a.full_address.split(",")[0]
    return {
        "id": w.id,
        # GUESS: an entity per warehouse (the docs: several warehouses may share one).
        "entity_id": "73" + w.id[2:],
        "name": w.name,
        "effect_status": w.effect_status,
        "type": w.type,
        "sub_type": w.sub_type,
        "is_default": w.is_default,
        "address": {
            "region": a.region,
            "region_code": a.region_code,
            "state": a.state,
            "city": a.city,
            # The docs spell it "distict"; both spellings are sent so that either reading works (GUESS).
            "distict": a.district,
            "district": a.district,
            "town": a.town,
            "postal_code": a.postal_code,
            "full_address": a.full_address,
            "address_line1": street,
            "address_line2": "",
            "contact_person": a.contact_person,
            "phone_number": a.phone_number,
        },
    }


def delivery_options(store: Store, shop: Shop, warehouse_id: str, scope: str) -> list[dict[str, Any]]:
    """The shop's delivery options from one of its warehouses. GUESS: a warehouse that is not the shop's (or does
    not exist) has none, like a return warehouse or a disabled one: an empty list, not an error."""
    w = store.warehouses.get(warehouse_id)
    if w is None or w.shop_id != shop.id or not w.can_hold_stock:
        return []
    options = list(store.logistics.options.values())
    if scope == "PRODUCT":
        return [{"id": o.id, "name": o.name} for o in options]
    return [option(o, shop) for o in options]


def option(o: DeliveryOption, shop: Shop) -> dict[str, Any]:
    return {
        "id": o.id,
        "name": o.name,
        "type": o.type,
        "description": o.description,
        "dimension_limit": {
            "max_length": o.max_side_cm,
            "max_width": o.max_side_cm,
            "max_height": o.max_side_cm,
            "unit": "CM",
        },
        "weight_limit": {"max_weight": o.max_weight_grams, "min_weight": 1, "unit": "GRAM"},
        "platform": [p for p in o.platforms if p in shop.platforms],
    }


def shipping_providers(store: Store, delivery_option_id: str) -> list[dict[str, str]] | None:
    o = store.logistics.options.get(delivery_option_id)
    if o is None:
        return None
    return [{"id": p, "name": store.logistics.providers[p].name} for p in o.providers]
