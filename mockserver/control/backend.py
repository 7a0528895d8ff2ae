"""What the control plane shows and changes. No HTTP here."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from mockserver.models import App, TokenPair
from mockserver.runtime import Mock


def current_tokens(mock: Mock, app_key: str, seller_id: str) -> TokenPair | None:
    now = mock.clock.now()
    pairs = [
        p
        for p in mock.store.access_tokens.values()
        if p.app_key == app_key and p.seller_id == seller_id and p.access_expires_at > now
    ]
    return max(pairs, key=lambda p: p.issued_at) if pairs else None


def describe_apps(mock: Mock) -> dict[str, Any]:
    store = mock.store
    with store.lock:
        return {"apps": [_describe_app(mock, app) for app in store.apps.values()]}


def _describe_app(mock: Mock, app: App) -> dict[str, Any]:
    store = mock.store
    refs = {shop_id: ref for ref, shop_id in mock.refs.shops.items()}
    shops = []
    for shop in store.shops.values():
        auth = store.authorization_for(app.app_key, shop.seller_id)
        authorized = auth is not None and shop.id in auth.shop_ids
        seller = store.sellers[shop.seller_id]
        entry: dict[str, Any] = {
            "ref": refs.get(shop.id),  # its role in the seed (migrated, second, unauthorized)
            "id": shop.id,
            "name": shop.name,
            "cipher": shop.cipher,
            "code": shop.code,
            "region": shop.region,
            "seller_type": shop.seller_type,
            "platforms": list(shop.platforms),
            "tokopedia_shop_id": shop.tokopedia_shop_id,
            "seller_id": seller.id,
            "seller_name": seller.name,
            "open_id": seller.open_id,
            "authorized": authorized,
        }
        pair = current_tokens(mock, app.app_key, shop.seller_id) if authorized else None
        if pair is not None:
            entry.update(
                access_token=pair.access_token,
                access_token_expire_in=pair.access_expires_at,
                refresh_token=pair.refresh_token,
                refresh_token_expire_in=pair.refresh_expires_at,
            )
        shops.append(entry)
    return {
        "app_key": app.app_key,
        "app_secret": app.app_secret,
        "service_id": app.service_id,
        "name": app.name,
        "redirect_url": app.redirect_url,
        "scopes": list(app.scopes),
        "shops": shops,
        "legacy": _describe_legacy(mock, app),
    }


def _describe_legacy(mock: Mock, app: App) -> dict[str, Any] | None:
    """The app's legacy Seller API credentials (client credentials, fs_id) and the shops its fs_id links, by their
    legacy `shop_id`; None when the app has no legacy counterpart."""
    store = mock.store
    legacy = store.legacy_app_of(app.app_key)
    if legacy is None:
        return None
    linked = [s for s in store.shops.values() if s.id in legacy.linked_shop_ids]  # seed order
    return {
        "client_id": legacy.client_id,
        "client_secret": legacy.client_secret,
        "fs_id": legacy.fs_id,
        "shop_ids": [s.tokopedia_shop_id for s in linked if s.tokopedia_shop_id is not None],
        "linked_shops": [{"id": s.id, "shop_id": s.tokopedia_shop_id} for s in linked],
    }


def describe_clock(mock: Mock) -> dict[str, Any]:
    clock = mock.clock
    return {"now": clock.now_s(), "wall": int(clock.wall()), "offset_seconds": clock.offset, "frozen": clock.frozen}


#: Most events one answer holds.
MAX_EVENTS = 10_000


@dataclass(frozen=True)
class EventQuery:
    types: frozenset[str] | None = None
    shop_id: str | None = None
    since: int = 0
    since_time: int | None = None
    subject: str | None = None
    limit: int = 1000

    @classmethod
    def parse(cls, params: Mapping[str, str]) -> EventQuery:
        def number(name: str, default: int | None, lo: int, hi: int) -> int | None:
            raw = params.get(name)
            if raw is None or raw == "":
                return default
            if not raw.isascii() or not raw.isdigit() or len(raw) > 12 or not lo <= int(raw) <= hi:
                raise ValueError(f"'{name}' must be a whole number within [{lo}, {hi}].")
            return int(raw)

        raw_types = params.get("type")
        types = frozenset(t.strip() for t in raw_types.split(",") if t.strip()) if raw_types else None
        return cls(
            types=types,
            shop_id=params.get("shop_id") or None,
            since=number("since", 0, 0, 10**12) or 0,
            since_time=number("since_time", None, 0, 10**12),
            subject=params.get("subject") or None,
            limit=number("limit", 1000, 1, MAX_EVENTS) or 1000,
        )


def describe_events(mock: Mock, q: EventQuery) -> dict[str, Any]:
    log = mock.store.events
    found = log.query(
        types=q.types, shop_id=q.shop_id, since=q.since, since_time=q.since_time, subject=q.subject, limit=q.limit
    )
    return {
        "events": [e.as_dict() for e in found],
        "last_seq": log.last_seq,
        "dropped": log.dropped,
        "more": len(found) == q.limit and bool(found) and found[-1].seq < log.last_seq,
    }
