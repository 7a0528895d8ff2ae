"""Delivery options and shipping providers, loaded from fixtures/logistics.json (fixed ids, not seeded)."""

from __future__ import annotations

import json
import random
from dataclasses import dataclass, field

from mockserver.resources import fixtures_dir

STANDARD = "STANDARD"
EXPRESS = "EXPRESS"
ECONOMY = "ECONOMY"
SEND_BY_SELLER = "SEND_BY_SELLER"


@dataclass(frozen=True)
class ShippingProvider:
    id: str
    name: str
    #: Pattern of the tracking numbers the mock issues for this courier (`#` is a digit).
    tracking: str

    def tracking_number(self, rng: random.Random) -> str:
        n = self.tracking.count("#")
        digits = iter(f"{rng.randrange(10**n):0{n}d}")
        return "".join(next(digits) if c == "#" else c for c in self.tracking)


@dataclass(frozen=True)
class DeliveryOption:
    id: str
    name: str
    type: str  # STANDARD | EXPRESS | ECONOMY | SEND_BY_SELLER
    shipping_type: str  # TIKTOK (platform logistics) | SELLER
    description: str
    providers: tuple[str, ...]
    max_weight_grams: int
    max_side_cm: int
    platforms: tuple[str, ...] = ("TIKTOK_SHOP", "TOKOPEDIA")


@dataclass
class Logistics:
    providers: dict[str, ShippingProvider] = field(default_factory=dict)
    options: dict[str, DeliveryOption] = field(default_factory=dict)

    def options_for(self, shipping_type: str) -> list[DeliveryOption]:
        return [o for o in self.options.values() if o.shipping_type == shipping_type]

    def seller_option(self) -> DeliveryOption:
        return next(o for o in self.options.values() if o.type == SEND_BY_SELLER)


def load_logistics() -> Logistics:
    with open(fixtures_dir() / "logistics.json", encoding="utf-8") as f:
        spec = json.load(f)
    out = Logistics()
    for p in spec["shipping_providers"]:
        out.providers[p["id"]] = ShippingProvider(p["id"], p["name"], p["tracking"])
    for o in spec["delivery_options"]:
        out.options[o["id"]] = DeliveryOption(
            id=o["id"],
            name=o["name"],
            type=o["type"],
            shipping_type=o["shipping_type"],
            description=o["description"],
            providers=tuple(o["providers"]),
            max_weight_grams=o["max_weight"],
            max_side_cm=o["max_side"],
        )
    return out
