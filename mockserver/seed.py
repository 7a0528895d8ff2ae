"""Builds the seeded store: the world described by fixtures/seed.json, filled in by Faker (id_ID) and the seed."""

from __future__ import annotations

import functools
import json
import threading
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from faker import Faker

from mockserver.analytics.seed import seed_analytics
from mockserver.auth import deadlines as auth_deadlines
from mockserver.auth.backend import issue_tokens
from mockserver.catalog.compliance import seed_size_charts
from mockserver.catalog.seed import seed_catalog
from mockserver.clock import Clock
from mockserver.events import EventLog
from mockserver.finance.seed import seed_finance
from mockserver.ids import IdFactory
from mockserver.models import App, Authorization, LegacyApp, Seller, Shop
from mockserver.orders import deadlines as order_deadlines
from mockserver.orders.seed import seed_orders
from mockserver.orders.windows import OrderWindows
from mockserver.promotion.seed import seed_promotions
from mockserver.resources import fixtures_dir
from mockserver.returns.seed import seed_returns
from mockserver.settings import Settings
from mockserver.store import Store


@dataclass(frozen=True)
class SeedRefs:
    """Where the named seed objects ended up, so tests and `/_mock/apps` can find them by role."""

    apps: dict[str, str]  # ref -> app_key
    sellers: dict[str, str]  # ref -> seller id
    shops: dict[str, str]  # ref -> shop id


#: Building a Faker proxy scans its provider packages (~50 ms); one per process is reused and re-seeded per build.
_FAKER_LOCK = threading.Lock()


@functools.cache
def _faker() -> Faker:
    return Faker("id_ID")


def load_seed_spec() -> dict[str, Any]:
    with open(fixtures_dir() / "seed.json", encoding="utf-8") as f:
        spec: dict[str, Any] = json.load(f)
    return spec


def shop_name(fake: Faker) -> str:
    return f"{fake.random_element(('Toko', 'Rumah', 'Pusat', 'Galeri', 'Warung'))} {fake.first_name()} {fake.city()}"


def build_store(
    settings: Settings, clock: Clock, ids: IdFactory, all_scopes: Iterable[str], spec: dict[str, Any] | None = None
) -> tuple[Store, SeedRefs]:
    spec = spec or load_seed_spec()
    with _FAKER_LOCK:
        fake = _faker()
        fake.seed_instance(settings.seed)
        return _build(settings, clock, ids, all_scopes, spec, fake)


def _build(
    settings: Settings, clock: Clock, ids: IdFactory, all_scopes: Iterable[str], spec: dict[str, Any], fake: Faker
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
            name=fake.name(),
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
                name=shop_name(fake),
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
    seed_catalog(store, settings.seed, settings.catalog_size, now)
    store.order_book.windows = OrderWindows.of(settings)
    seed_orders(store, settings.seed, settings.orders_per_shop, now)
    seed_returns(store, settings, now)  # cancellations and returns in every state (mockserver/returns)
    store.order_book.cache_size = settings.order_cache_size  # hardening: materialized orders kept (orders/cache.py)
    seed_promotions(store, settings.seed, now)  # issue 14
    seed_size_charts(store, settings.seed)  # issue 14
    _legacy_apps(store, settings, spec, refs.apps)
    # What the platform will do by itself from here (world.py runs it as the clock moves).
    auth_deadlines.arm_seeded(store, now)
    order_deadlines.arm_seeded(store)
    # The seeded world is where the mock starts: its construction is not a history of changes.
    store.events = EventLog(settings.event_log_size)
    # Finance and analytics follow the event log from here on (their listeners only take note).
    seed_finance(store, settings, now)
    seed_analytics(store, settings, now)
    return store, refs


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
