"""The one store of mutable state. Created by the app factory from the seed; never at import time."""

from __future__ import annotations

import copy
import threading
from dataclasses import dataclass, field

from mockserver.catalog.models import Attribute, Brand, Category, Product, Sku, UploadedImage, Warehouse
from mockserver.fulfillment.models import ShippingDocument
from mockserver.legacy.models import LegacyState
from mockserver.logistics.models import Logistics
from mockserver.models import App, AuthCode, Authorization, Seller, Shop, TokenPair
from mockserver.orders.book import OrderBook
from mockserver.orders.models import Order, Package


@dataclass
class Store:
    apps: dict[str, App] = field(default_factory=dict)  # by app_key
    sellers: dict[str, Seller] = field(default_factory=dict)
    shops: dict[str, Shop] = field(default_factory=dict)
    authorizations: dict[tuple[str, str], Authorization] = field(default_factory=dict)  # (app_key, seller_id)
    auth_codes: dict[str, AuthCode] = field(default_factory=dict)
    access_tokens: dict[str, TokenPair] = field(default_factory=dict)
    refresh_tokens: dict[str, TokenPair] = field(default_factory=dict)
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
    # The legacy Seller API's own records (mockserver/legacy): its apps, tokens, webhook registrations, id maps.
    legacy: LegacyState = field(default_factory=LegacyState)
    # Orders (mockserver/orders): materialized orders and packages by id; the rest of the seeded history stays
    # lazy in `order_book`, which also holds the search indexes. Read them through mockserver/orders/backend.py.
    orders: dict[str, Order] = field(default_factory=dict)
    packages: dict[str, Package] = field(default_factory=dict)
    order_book: OrderBook = field(default_factory=OrderBook)
    shipping_documents: dict[str, ShippingDocument] = field(default_factory=dict)  # by document id
    logistics: Logistics = field(default_factory=Logistics)  # delivery options and couriers (fixtures)
    #: Guards multi-step mutations; handlers hold it for the whole of a write.
    lock: threading.RLock = field(default_factory=threading.RLock, repr=False, compare=False)

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

    def snapshot(self) -> Store:
        """A deep copy, for tests that want to restore state (the lock is not copied)."""
        with self.lock:
            # One deepcopy for all fields, so the indexes keep pointing at the same records as the main maps.
            state = copy.deepcopy({name: getattr(self, name) for name in self.__dataclass_fields__ if name != "lock"})
        return Store(**state)
