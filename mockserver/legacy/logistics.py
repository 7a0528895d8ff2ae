"""Couriers as the legacy API numbers them, over the shared logistics fixtures (fixtures/logistics.json).

The shared model has couriers (shipping providers) and delivery options ("Reguler", "Instan"...); a legacy
shipper is a courier and its services are the delivery options that use it. Legacy shipper ids: JNE 1, TIKI 2 and
SiCepat 11 are confirmed (Get Active Courier example), the others are GUESSes in the same range; service ids:
JNE Reguler 1, TIKI Reguler 3 and SiCepat Reguler 18 are confirmed, the others are shipper id * 100 + n (GUESS).
"""

from __future__ import annotations

from typing import Any

from mockserver.logistics.models import SEND_BY_SELLER, DeliveryOption, ShippingProvider
from mockserver.models import Shop
from mockserver.store import Store

SHIPPER_IDS = {
    "JNE": 1,
    "TIKI": 2,
    "Pos Indonesia": 4,
    "GoSend": 10,
    "SiCepat": 11,
    "Ninja Xpress": 12,
    "GrabExpress": 13,
    "J&T Express": 14,
    "AnterAja": 23,
    "Lion Parcel": 24,
    "ID Express": 25,
    "SAP Express": 27,
}
CODES = {
    "JNE": "jne",
    "TIKI": "tiki",
    "Pos Indonesia": "pos",
    "GoSend": "gojek",
    "SiCepat": "sicepat",
    "Ninja Xpress": "ninja",
    "GrabExpress": "grab",
    "J&T Express": "jnt",
    "AnterAja": "anteraja",
    "Lion Parcel": "lion",
    "ID Express": "idexpress",
    "SAP Express": "sap",
}
CONFIRMED_SERVICES = {("JNE", "Reguler"): 1, ("TIKI", "Reguler"): 3, ("SiCepat", "Reguler"): 18}


def shipper_id(provider: ShippingProvider) -> int:
    return SHIPPER_IDS.get(provider.name, 90 + int(provider.id[-2:]))


def code_of(provider: ShippingProvider) -> str:
    return CODES.get(provider.name, provider.name.lower().replace(" ", ""))


def logo(provider: ShippingProvider) -> str:
    return f"https://images.tokopedia.net/img/kurir/{code_of(provider)}.png"


def services(store: Store, provider: ShippingProvider) -> list[DeliveryOption]:
    return [o for o in store.logistics.options.values() if provider.id in o.providers]


def service_id(store: Store, provider: ShippingProvider, option: DeliveryOption) -> int:
    known = CONFIRMED_SERVICES.get((provider.name, option.name))
    if known is not None:
        return known
    ordered = list(store.logistics.options)
    return shipper_id(provider) * 100 + ordered.index(option.id) + 1 if option.id in ordered else 0


def shipper_info(store: Store) -> list[dict[str, Any]]:
    """`GET /v2/logistic/fs/{fs_id}/info`: every courier the shop can use and its services."""
    return [
        {
            "shipper_id": shipper_id(p),
            "shipper_name": p.name,
            "logo": logo(p),
            "services": [
                {"service_id": service_id(store, p, o), "service_name": o.name, "service_desc": o.description}
                for o in services(store, p)
            ],
        }
        for p in store.logistics.providers.values()
        if services(store, p)
    ]


def active_info(store: Store, shops: list[Shop]) -> dict[str, Any]:
    """`GET /v1/logistic/fs/{fs_id}/active-info`: the PascalCase payload (new 25-Mar-2022)."""
    return {"Shops": [{"ShopID": s.tokopedia_shop_id, "ShipmentInfos": _shipments(store)} for s in shops]}


def _shipments(store: Store) -> list[dict[str, Any]]:
    out = []
    for p in store.logistics.providers.values():
        opts = services(store, p)
        if not opts:
            continue
        platform = any(o.type != SEND_BY_SELLER for o in opts)
        out.append(
            {
                "ShipmentID": shipper_id(p),
                "ShipmentName": p.name,
                "ShipmentCode": code_of(p),
                "ShipmentAvailable": 1,
                "ShipmentImage": logo(p),
                "ShipmentPackages": [
                    {"IsAvailable": 1, "ProductName": o.name, "ShippingProductID": service_id(store, p, o)}
                    for o in opts
                ],
                # 1: the courier issues the AWB (pick-up / booking code); 0: the seller types it in (GUESS).
                "AWBStatus": 1 if platform else 0,
            }
        )
    return out
