"""Analytics records: seeded content (videos, LIVE sessions), per-day tallies of the order book, the area's state.

Which orders count: an order counts on the day it was created (in the shop's time zone) once it is paid and as long
as it is not cancelled — status neither UNPAID nor CANCELLED. GMV is what its units sold for (original price less
the seller's discount, the price the seller set); units are line items (one per unit); `sku_orders` counts each SKU
of an order once. Every figure of a day is a sum over those orders, so a shop's figures are the sum of its
products', a product's the sum of its SKUs', and the LIVE, VIDEO and PRODUCT_CARD breakdowns add up to the total.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from mockserver.errors import DomainError

LIVE = "LIVE"
VIDEO = "VIDEO"
PRODUCT_CARD = "PRODUCT_CARD"
CHANNELS = (LIVE, VIDEO, PRODUCT_CARD)
# Account types behind a video or a LIVE (Get Shop LIVE Performance List / Video Performance List filters).
OFFICIAL = "OFFICIAL"
MARKETING = "MARKETING"
AFFILIATE = "AFFILIATE"


@dataclass(frozen=True)
class Video:
    id: str
    title: str
    username: str
    account_type: str
    post_time: int
    product_ids: tuple[str, ...]
    reach: int  # drives the views curve (analytics/traffic.py)


@dataclass(frozen=True)
class LiveSession:
    id: str
    title: str
    username: str
    account_type: str
    start_time: int
    end_time: int
    product_ids: tuple[str, ...]
    audience: int  # drives the interaction figures


@dataclass(frozen=True)
class Content:
    """A shop's seeded videos and LIVE sessions, each list by time."""

    videos: tuple[Video, ...]
    lives: tuple[LiveSession, ...]
    live_starts: tuple[int, ...] = ()  # the lives' start times, for bisecting


@dataclass
class Tally:
    """Counted orders (or the part of them a key covers): distinct orders, units, SKUs per order, GMV, buyers."""

    orders: int = 0
    units: int = 0
    sku_orders: int = 0
    gmv: Decimal = field(default_factory=Decimal)
    buyers: set[str] = field(default_factory=set)

    def add(self, other: Tally) -> None:
        self.orders += other.orders
        self.units += other.units
        self.sku_orders += other.sku_orders
        self.gmv += other.gmv
        self.buyers |= other.buyers


@dataclass
class Day:
    """One shop's day (shop time zone). Keys: product id, SKU id, content id; (key, channel) for breakdowns."""

    shop: Tally = field(default_factory=Tally)
    channels: dict[str, Tally] = field(default_factory=dict)
    products: dict[str, Tally] = field(default_factory=dict)
    product_channels: dict[tuple[str, str], Tally] = field(default_factory=dict)
    skus: dict[str, Tally] = field(default_factory=dict)
    sku_channels: dict[tuple[str, str], Tally] = field(default_factory=dict)
    sku_product: dict[str, str] = field(default_factory=dict)
    product_names: dict[str, str] = field(default_factory=dict)
    content: dict[str, Tally] = field(default_factory=dict)
    content_products: dict[tuple[str, str], Tally] = field(default_factory=dict)
    #: SKUs of orders created from a content, paid or not (LIVE `created_sku_orders`).
    content_created: dict[str, int] = field(default_factory=dict)
    cancelled_items: int = 0
    refunded_items: int = 0
    refunds: Decimal = field(default_factory=Decimal)
    #: (product id, channel) -> (impressions, page views, visitors): traffic/analytics/traffic.py derives from sales.
    traffic: dict[tuple[str, str], tuple[int, int, int]] = field(default_factory=dict)


@dataclass
class AnalyticsState:
    """Store.analytics: seeded content per shop (built on first use), cached days, orders changed since."""

    content: dict[str, Content] = field(default_factory=dict)
    days: dict[tuple[str, int], Day] = field(default_factory=dict)  # (shop id, day number) -> tally
    #: (shop id, order id) of orders that changed (the listener only notes them); None: forget every cached day.
    changed: list[tuple[str, str]] | None = field(default_factory=list)
    seed: int = 1
    seed_now: int = 0
    usd_rate: Decimal = field(default_factory=lambda: Decimal(16000))
    max_days: int = 365


class AnalyticsError(DomainError):
    REASON = "analytics.refused"

    def __init__(self, detail: str = "", **facts: object) -> None:
        super().__init__(None, detail, **facts)


class InvalidDates(AnalyticsError):
    REASON = "analytics.invalid_dates"


class InvalidParameter(AnalyticsError):
    REASON = "analytics.invalid_parameter"


class NotFound(AnalyticsError):
    """An unknown product, SKU or video of this shop (facts: what)."""

    REASON = "analytics.not_found"
