"""The one store of mutable state. Created by the app factory from the seed; never at import time.

It holds the domain's records (apps and credentials, sellers, shops, authorizations, tokens; the catalog; orders and
packages; webhook subscriptions), the domain event log, the platform's pending timers, and — in `frontends` — the
little state a dialect keeps for itself (the legacy API's id map, rate buckets and request-id replays), so that a
reset or a snapshot covers everything. Domain modules change records only through their own operations, which
emit one event per change (mockserver/events.py).
"""

from __future__ import annotations

import copy
import random
from dataclasses import dataclass, field
from typing import Any

from mockserver.analytics.models import AnalyticsState
from mockserver.catalog.compliance_models import Compliance
from mockserver.catalog.models import Attribute, Brand, Category, Product, Sku, UploadedImage, Warehouse
from mockserver.events import EventLog
from mockserver.finance.models import Ledger
from mockserver.fulfillment.models import ShippingDocument
from mockserver.lazyshops import LazyShops, SeededDict, ShopDict
from mockserver.logistics.models import Logistics
from mockserver.models import App, AuthCode, Authorization, LegacyApp, LegacyToken, Seller, Shop, TokenPair
from mockserver.orders.book import OrderBook
from mockserver.orders.models import ExternalOrders, Order, Package
from mockserver.pagetokens import PageTokens, key_for
from mockserver.promotion.models import PromotionBook
from mockserver.returns.models import AftersaleBook
from mockserver.sections import SectionLock
from mockserver.webhooks.models import AppWebhookConfig, LegacyRegistration, ShopSubscription

#: A pending platform action: (due time, sequence number, kind, subject id). See mockserver/world.py.
Timer = tuple[int, int, str, str]


@dataclass
class Store:
    seed: int = 1
    apps: dict[str, App] = field(default_factory=dict)  # by app_key
    sellers: dict[str, Seller] = field(default_factory=dict)
    shops: dict[str, Shop] = field(default_factory=dict)
    authorizations: dict[tuple[str, str], Authorization] = field(default_factory=dict)  # (app_key, seller_id)
    auth_codes: dict[str, AuthCode] = field(default_factory=dict)
    access_tokens: dict[str, TokenPair] = field(default_factory=dict)
    refresh_tokens: dict[str, TokenPair] = field(default_factory=dict)
    # The legacy Seller API's credentials of the same apps (client_id -> app) and its Bearer tokens.
    legacy_apps: dict[str, LegacyApp] = field(default_factory=dict)
    legacy_tokens: dict[str, LegacyToken] = field(default_factory=dict)
    # Indexes, kept in step by the add_* methods.
    apps_by_service_id: dict[str, App] = field(default_factory=dict)
    shops_by_cipher: dict[str, Shop] = field(default_factory=dict)
    # Catalog (mockserver/catalog): products and SKUs by id, warehouses, the seeded taxonomy, uploaded images.
    products: dict[str, Product] = field(default_factory=dict)
    skus: dict[str, Sku] = field(default_factory=dict)  # every SKU of every product, by SKU id
    warehouses: dict[str, Warehouse] = field(default_factory=dict)
    categories: dict[str, Category] = field(default_factory=dict)
    brands: dict[str, Brand] = field(default_factory=dict)
    attributes: dict[str, list[Attribute]] = field(default_factory=dict)  # by leaf category id
    images: dict[str, UploadedImage] = field(default_factory=dict)  # by uri
    product_idempotency: dict[tuple[str, str], str] = field(default_factory=dict)  # (shop_id, key) -> product id
    # Catalog indexes, kept in step by mockserver/catalog (ordered: dict keys as an insertion-ordered set).
    products_by_shop: dict[str, dict[str, None]] = field(default_factory=dict)
    warehouses_by_shop: dict[str, list[str]] = field(default_factory=dict)
    # Orders (mockserver/orders): materialized orders and packages by id; the rest of the seeded history stays
    # lazy in `order_book`, which also holds the search indexes. Read them through mockserver/orders/backend.py.
    orders: dict[str, Order] = field(default_factory=dict)
    packages: dict[str, Package] = field(default_factory=dict)
    order_book: OrderBook = field(default_factory=OrderBook)
    shipping_documents: dict[str, ShippingDocument] = field(default_factory=dict)  # by document id
    logistics: Logistics = field(default_factory=Logistics)  # delivery options and couriers (fixtures)
    # Cancellations, returns and refunds (mockserver/returns), by id, per order and per shop.
    aftersales: AftersaleBook = field(default_factory=AftersaleBook)
    # --- finance and analytics (mockserver/finance, mockserver/analytics): the settlement ledger (statements,
    # payments, fee tables, refunds, what its listener noted) and the analytics caches and seeded content.
    finance: Ledger = field(default_factory=Ledger)
    analytics: AnalyticsState = field(default_factory=AnalyticsState)
    # --- issue 14 (surface2): external order references (orders/references.py), promotions (promotion/), the
    # listing helpers' records (catalog/compliance.py) ---
    external_orders: ExternalOrders = field(default_factory=ExternalOrders)
    promotions: PromotionBook = field(default_factory=PromotionBook)
    compliance: Compliance = field(default_factory=Compliance)
    # Webhook subscriptions (mockserver/webhooks): the legacy API's registrations by fs_id.
    legacy_webhooks: dict[int, LegacyRegistration] = field(default_factory=dict)
    # ... the Partner API's: per (app_key, shop_id), by event type (Event API); per app_key (Partner Center).
    shop_webhooks: dict[tuple[str, str], dict[str, ShopSubscription]] = field(default_factory=dict)
    app_webhooks: dict[str, AppWebhookConfig] = field(default_factory=dict)
    # Every state change, in order (mockserver/events.py), and what the platform will do by itself (world.py).
    events: EventLog = field(default_factory=EventLog)
    timers: list[Timer] = field(default_factory=list)
    timer_seq: int = 0
    #: Named random streams (see `stream`): one per purpose, so one kind of traffic never shifts another's ids.
    streams: dict[str, random.Random] = field(default_factory=dict)
    #: What a dialect front-end keeps for itself, by dialect name (see `frontend`).
    frontends: dict[str, Any] = field(default_factory=dict)
    # --- hardening (issue 16): the key binding page tokens to their query (mockserver/pagetokens.py); uploaded
    # images holding bytes, least recently used first (uri -> size; catalog/images.py keeps them within budget) ---
    page_token_key: bytes = b""
    image_lru: dict[str, int] = field(default_factory=dict)
    #: The shop whose seeded world is being built, if any (see `stream`).
    stream_scope: str = ""
    #: True while world.catch_up runs the due timers (a catch-up within it runs nothing).
    catching_up: bool = False
    #: Guards multi-step mutations; handlers hold it for the whole of a write (re-entrant; see sections.py).
    lock: SectionLock = field(default_factory=SectionLock, repr=False, compare=False)
    #: The shops whose seeded world is not built yet (mockserver/lazyshops.py): the maps below build on a read.
    lazy: LazyShops = field(default_factory=LazyShops, repr=False, compare=False)

    def __post_init__(self) -> None:
        """The maps holding seeded per-shop records build what a read needs (see mockserver/lazyshops.py)."""
        lazy = self.lazy
        lazy.lock = self.lock
        for name in ("products", "skus", "warehouses", "images"):
            setattr(self, name, SeededDict(lazy, getattr(self, name)))
        for name in ("products_by_shop", "warehouses_by_shop"):
            setattr(self, name, ShopDict(lazy, getattr(self, name)))
        book = self.aftersales
        book.cancellations = SeededDict(lazy, book.cancellations)
        book.returns = SeededDict(lazy, book.returns)
        book.by_shop = ShopDict(lazy, book.by_shop)
        promotions = self.promotions
        promotions.activities = SeededDict(lazy, promotions.activities)
        promotions.coupons = SeededDict(lazy, promotions.coupons)
        self.order_book.attach(lazy)

    def add_app(self, app: App) -> None:
        self.apps[app.app_key] = app
        self.apps_by_service_id[app.service_id] = app

    def add_seller(self, seller: Seller) -> None:
        self.sellers[seller.id] = seller

    def add_shop(self, shop: Shop) -> None:
        self.shops[shop.id] = shop
        self.shops_by_cipher[shop.cipher] = shop

    def shops_of(self, seller_id: str) -> list[Shop]:
        return [s for s in self.shops.values() if s.seller_id == seller_id]

    def add_tokens(self, pair: TokenPair) -> None:
        self.access_tokens[pair.access_token] = pair
        self.refresh_tokens[pair.refresh_token] = pair

    def authorization_for(self, app_key: str, seller_id: str) -> Authorization | None:
        return self.authorizations.get((app_key, seller_id))

    def legacy_app_of(self, app_key: str) -> LegacyApp | None:
        return next((a for a in self.legacy_apps.values() if a.app_key == app_key), None)

    def stream(self, name: str, seed_format: str = "{name}:{seed}") -> random.Random:
        """A deterministic random stream for one purpose, seeded from the store's seed on first use.

        While a shop's seeded world is built (`stream_scope` is its id) every stream is that shop's own, so what a
        shop gets does not depend on which shops were built before it (mockserver/lazyshops.py)."""
        if self.stream_scope:
            name = f"{name}@{self.stream_scope}"
        rng = self.streams.get(name)
        if rng is None:
            rng = self.streams[name] = random.Random(seed_format.format(name=name, seed=self.seed))
        return rng

    def frontend(self, name: str, factory: Any) -> Any:
        """The state dialect `name` keeps in this store, created by `factory(self)` on first use."""
        state = self.frontends.get(name)
        if state is None:
            state = self.frontends[name] = factory(self)
        return state

    def page_tokens(self) -> PageTokens:
        """Issues and reads the page tokens of every paginated operation (see mockserver/pagetokens.py)."""
        if not self.page_token_key:
            self.page_token_key = key_for(self.seed)
        return PageTokens(self.page_token_key)

    def snapshot(self) -> Store:
        """A deep copy, for tests that want to restore state (the lock is not copied)."""
        with self.lock:
            self.lazy.all()
            # One deepcopy for all fields, so the indexes keep pointing at the same records as the main maps.
            fields = [name for name in self.__dataclass_fields__ if name not in ("lock", "lazy")]
            state = copy.deepcopy({name: getattr(self, name) for name in fields})
        return Store(**state)
