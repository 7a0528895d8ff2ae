"""Builds the seeded store: the world described by fixtures/seed.json, named from Faker (id_ID) pools, and the seed."""

from __future__ import annotations

import functools
import gc
import json
import random
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from mockserver.analytics.seed import seed_analytics
from mockserver.auth import deadlines as auth_deadlines
from mockserver.auth.backend import issue_tokens
from mockserver.catalog.compliance import seed_size_charts
from mockserver.catalog.seed import seed_shop_catalog, seed_taxonomy
from mockserver.catalog.taxonomy import LeafSpec
from mockserver.clock import Clock
from mockserver.events import EventLog
from mockserver.finance.seed import seed_finance
from mockserver.ids import IdFactory
from mockserver.models import App, Authorization, LegacyApp, Seller, Shop
from mockserver.orders import deadlines as order_deadlines
from mockserver.orders.seed import prepare as prepare_orders
from mockserver.orders.seed import seed_shop as seed_shop_orders
from mockserver.orders.windows import OrderWindows
from mockserver.promotion.seed import seed_shop_promotions
from mockserver.resources import fixtures_dir
from mockserver.returns.models import Windows
from mockserver.returns.seed import seed_shop_returns
from mockserver.settings import Settings
from mockserver.store import Store


@dataclass(frozen=True)
class SeedRefs:
    """Where the named seed objects ended up, so tests and `/_mock/apps` can find them by role."""

    apps: dict[str, str]  # ref -> app_key
    sellers: dict[str, str]  # ref -> seller id
    shops: dict[str, str]  # ref -> shop id


def load_seed_spec() -> dict[str, Any]:
    with open(fixtures_dir() / "seed.json", encoding="utf-8") as f:
        spec: dict[str, Any] = json.load(f)
    return spec


@functools.cache
def _name_pools() -> dict[str, list[str]]:
    """fixtures/names.json: Indonesian names and cities drawn by Faker (id_ID) with tools/faker_names.py (read-only)."""
    with open(fixtures_dir() / "names.json", encoding="utf-8") as f:
        pools: dict[str, list[str]] = json.load(f)
    return pools


class Names:
    """The seeded people's and shops' names: drawn from the Faker pools with a stream of the seed."""

    def __init__(self, seed: int) -> None:
        self.rng = random.Random(f"names:{seed}")
        self.pools = _name_pools()

    def person(self) -> str:
        return self.rng.choice(self.pools["people"])

    def shop(self) -> str:
        prefix = self.rng.choice(("Toko", "Rumah", "Pusat", "Galeri", "Warung"))
        return f"{prefix} {self.rng.choice(self.pools['first_names'])} {self.rng.choice(self.pools['cities'])}"


def build_store(
    settings: Settings, clock: Clock, ids: IdFactory, all_scopes: Iterable[str], spec: dict[str, Any] | None = None
) -> tuple[Store, SeedRefs]:
    return _build(settings, clock, ids, all_scopes, spec or load_seed_spec(), Names(settings.seed))


def _build(
    settings: Settings, clock: Clock, ids: IdFactory, all_scopes: Iterable[str], spec: dict[str, Any], names: Names
) -> tuple[Store, SeedRefs]:
    store = Store(seed=settings.seed)
    scopes = tuple(sorted(set(all_scopes)))
    refs = SeedRefs(apps={}, sellers={}, shops={})
    for a in spec["apps"]:
        app = _app(a, settings, scopes)
        store.add_app(app)
        refs.apps[a["ref"]] = app.app_key
    now = clock.now_s()
    for s in spec["sellers"]:
        seller = Seller(
            id=ids.numeric(),
            name=names.person(),
            open_id=ids.open_id(),
            base_region=s["shops"][0]["region"],
            tokopedia_migrated=bool(s.get("tokopedia_migrated")),
        )
        store.add_seller(seller)
        refs.sellers[s["ref"]] = seller.id
        for sh in s["shops"]:
            shop = Shop(
                id=ids.numeric(),
                seller_id=seller.id,
                name=names.shop(),
                region=sh["region"],
                seller_type=sh["seller_type"],
                cipher=ids.cipher(),
                code=ids.shop_code(sh["region"]),
                platforms=tuple(sh.get("platforms", ("TIKTOK_SHOP",))),
                tokopedia_shop_id=sh.get("tokopedia_shop_id"),
            )
            store.add_shop(shop)
            refs.shops[sh["ref"]] = shop.id
        for app_ref in s.get("authorized_for", ()):
            app = store.apps[refs.apps[app_ref]]
            shop_ids = {store.shops[refs.shops[sh["ref"]]].id for sh in s["shops"]}
            store.authorizations[(app.app_key, seller.id)] = Authorization(
                app_key=app.app_key, seller_id=seller.id, shop_ids=shop_ids, scopes=app.scopes, create_time=now
            )
            issue_tokens(store, settings, ids, clock, app.app_key, seller.id, app.scopes)
    # The world every shop shares; each shop's own seeded world is built when first read (mockserver/lazyshops.py).
    catalog_spec, leaves = seed_taxonomy(store)
    store.order_book.windows = OrderWindows.of(settings)
    starts = prepare_orders(store, settings.orders_per_shop)
    store.aftersales.windows = Windows.of(settings)
    store.order_book.cache_size = settings.order_cache_size  # hardening: materialized orders kept (orders/cache.py)
    seed_size_charts(store, settings.seed)  # issue 14
    _legacy_apps(store, settings, spec, refs.apps)
    # What the platform will do by itself from here (world.py runs it as the clock moves).
    auth_deadlines.arm_seeded(store, now)
    # The seeded world is where the mock starts: its construction is not a history of changes.
    store.events = EventLog(settings.event_log_size)
    # Finance and analytics follow the event log from here on (their listeners only take note).
    seed_finance(store, settings, now)
    seed_analytics(store, settings, now)
    shops = ShopSeeds(settings, now, catalog_spec, leaves, starts)
    store.lazy.defer(store.shops, functools.partial(build_shop, store, shops))
    # Built now: when asked, and when the world must live through time on its own (realtime) or every change is
    # journalled (durable state, whose replay starts from a complete store).
    if settings.seed_mode == "eager" or settings.realtime or settings.state_dir:
        store.lazy.all()
    return store, refs


@dataclass(frozen=True)
class ShopSeeds:
    """What every shop's seeded world is built from: the settings, the instant of the reset, the taxonomy, and
    each shop's reserved range of order seqs."""

    settings: Settings
    now: int
    catalog_spec: dict[str, Any]
    leaves: list[LeafSpec]
    order_starts: dict[str, int]


def build_shop(store: Store, seeds: ShopSeeds, shop_id: str) -> None:
    """One shop's seeded world — warehouses and products, order history, cancellations and returns, promotions, and
    the platform's timers for them — exactly as at the reset: from the seed, `seeds.now` and streams of the shop's
    own, so the result does not depend on when, or after which other shops, it is built."""
    settings, now, shop = seeds.settings, seeds.now, store.shops[shop_id]
    events, scope = store.events, store.stream_scope
    store.events, store.stream_scope = EventLog(1), shop_id  # building is not a history of changes: no listeners
    paused = gc.isenabled()
    gc.disable()  # thousands of small objects that all live on: collecting while building them is wasted work
    try:
        seed_shop_catalog(store, shop, seeds.catalog_spec, seeds.leaves, settings.seed, settings.catalog_size, now)
        seed_shop_orders(store, shop, settings.seed, settings.orders_per_shop, now, seeds.order_starts.get(shop_id))
        seed_shop_returns(store, settings.seed, shop_id, now)  # cancellations and returns in every state
        seed_shop_promotions(store, settings.seed, shop_id, now)  # issue 14
        order_deadlines.arm_seeded_shop(store, shop_id)
    finally:
        store.events, store.stream_scope = events, scope
        if paused:
            gc.enable()


def _legacy_apps(store: Store, settings: Settings, spec: dict[str, Any], app_refs: dict[str, str]) -> None:
    """The apps' legacy Seller API credentials (client_id, client_secret, fs_id) and which shops each fs_id links.

    The default app's credentials come from Settings (flags/env, fixed defaults); other apps carry a `legacy` block
    in fixtures/seed.json. A shop is linked to an app's fs_id when the seller authorized the app (the same
    authorization the Partner API uses) and the shop sells on Tokopedia (has a `tokopedia_shop_id`): the migrated
    shop is linked, the seeded "unauthorized" shop is not (403 RBAC_MDLW_001).
    """
    for entry in spec["apps"]:
        app_key = app_refs[entry["ref"]]
        if entry["ref"] == "default":
            creds: dict[str, Any] = {
                "client_id": settings.legacy_client_id,
                "client_secret": settings.legacy_client_secret,
                "fs_id": settings.legacy_fs_id,
            }
        elif "legacy" in entry:
            creds = entry["legacy"]
        else:
            continue
        app = LegacyApp(
            client_id=str(creds["client_id"]),
            client_secret=str(creds["client_secret"]),
            fs_id=int(creds["fs_id"]),
            app_key=app_key,
        )
        for (auth_app, _seller), auth in store.authorizations.items():
            if auth_app == app_key:
                app.linked_shop_ids |= {s for s in auth.shop_ids if store.shops[s].tokopedia_shop_id is not None}
        store.legacy_apps[app.client_id] = app


def _app(a: dict[str, Any], settings: Settings, all_scopes: tuple[str, ...]) -> App:
    scopes = all_scopes if a.get("scopes") == "all" else tuple(a["scopes"])
    if a["ref"] == "default":
        return App(
            app_key=settings.app_key,
            app_secret=settings.app_secret,
            service_id=settings.service_id,
            name=a["name"],
            redirect_url=settings.effective_redirect_url,
            scopes=scopes,
        )
    return App(
        app_key=a["app_key"],
        app_secret=a["app_secret"],
        service_id=a["service_id"],
        name=a["name"],
        redirect_url=a["redirect_url"],
        scopes=scopes,
    )
