"""OAuth behaviour of the auth host: consent, auth codes, token exchange and refresh. No HTTP here."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from mockserver.clock import Clock
from mockserver.ids import IdFactory
from mockserver.models import App, AuthCode, Authorization, TokenPair
from mockserver.partner import errors
from mockserver.settings import Settings
from mockserver.store import Store

#: A token endpoint's behaviour over its query parameters.
TokenAction = Callable[[dict[str, str]], dict[str, Any]]


@dataclass(frozen=True)
class Consent:
    app: App
    seller_id: str
    shop_ids: frozenset[str]


def issue_tokens(
    store: Store,
    settings: Settings,
    ids: IdFactory,
    clock: Clock,
    app_key: str,
    seller_id: str,
    scopes: tuple[str, ...],
) -> TokenPair:
    now = clock.now_s()
    pair = TokenPair(
        access_token=ids.token(),
        access_expires_at=now + settings.access_token_ttl,
        refresh_token=ids.token(),
        refresh_expires_at=now + settings.refresh_token_ttl,
        app_key=app_key,
        seller_id=seller_id,
        scopes=scopes,
        issued_at=now,
    )
    store.add_tokens(pair)
    return pair


def consent(store: Store, service_id: str, seller_id: str | None = None, shop_id: str | None = None) -> Consent:
    """Who authorizes: the shop's seller when a shop is named, else the named seller, else the first seller."""
    app = store.apps_by_service_id.get(service_id) or store.apps.get(service_id)
    if app is None:
        raise errors.PartnerError(36009004, "Invalid 'service_id' query parameter.", 400)
    if shop_id is not None:
        shop = store.shops.get(shop_id)
        if shop is None:
            raise errors.PartnerError(36009004, f"mock: no shop with id '{shop_id}'.", 400)
        return Consent(app, shop.seller_id, frozenset({shop.id}))
    if seller_id is None:
        seller_id = next(iter(store.sellers))
    if seller_id not in store.sellers:
        raise errors.PartnerError(36009004, f"mock: no seller with id '{seller_id}'.", 400)
    return Consent(app, seller_id, frozenset(s.id for s in store.shops_of(seller_id)))


def grant_code(store: Store, settings: Settings, ids: IdFactory, clock: Clock, c: Consent) -> str:
    code = ids.auth_code()
    store.auth_codes[code] = AuthCode(
        code=code,
        app_key=c.app.app_key,
        seller_id=c.seller_id,
        shop_ids=c.shop_ids,
        expires_at=clock.now_s() + settings.auth_code_ttl,
    )
    return code


def _check_app(store: Store, app_key: str, app_secret: str) -> App:
    app = store.apps.get(app_key)
    if app is None:
        raise errors.auth_invalid_param("app_key")
    if app.app_secret != app_secret:
        raise errors.auth_invalid_param("app_secret")
    return app


def exchange_code(store: Store, settings: Settings, ids: IdFactory, clock: Clock, q: dict[str, str]) -> dict[str, Any]:
    app = _check_app(store, q.get("app_key", ""), q.get("app_secret", ""))
    if q.get("grant_type") != "authorized_code":
        raise errors.invalid_grant_type("authorized_code")
    with store.lock:
        code = store.auth_codes.get(q.get("auth_code", ""))
        if code is None or code.used or code.app_key != app.app_key or code.expires_at <= clock.now():
            raise errors.invalid_auth_code()
        code.used = True
        auth = store.authorization_for(app.app_key, code.seller_id)
        if auth is None:
            auth = Authorization(app.app_key, code.seller_id, set(), app.scopes, clock.now_s())
            store.authorizations[(app.app_key, code.seller_id)] = auth
        auth.shop_ids |= code.shop_ids
        pair = issue_tokens(store, settings, ids, clock, app.app_key, code.seller_id, auth.scopes)
    return token_data(store, pair)


def refresh(store: Store, settings: Settings, ids: IdFactory, clock: Clock, q: dict[str, str]) -> dict[str, Any]:
    """A new access token; the refresh token is kept, with its own expiry (GUESS, see README)."""
    app = _check_app(store, q.get("app_key", ""), q.get("app_secret", ""))
    if q.get("grant_type") != "refresh_token":
        raise errors.invalid_grant_type("refresh_token")
    with store.lock:
        old = store.refresh_tokens.get(q.get("refresh_token", ""))
        if old is None or old.app_key != app.app_key:
            raise errors.auth_record_not_found()
        if old.refresh_expires_at <= clock.now():
            raise errors.refresh_token_expired()
        if store.authorization_for(app.app_key, old.seller_id) is None:
            raise errors.auth_record_not_found()
        now = clock.now_s()
        pair = TokenPair(
            access_token=ids.token(),
            access_expires_at=now + settings.access_token_ttl,
            refresh_token=old.refresh_token,
            refresh_expires_at=old.refresh_expires_at,
            app_key=app.app_key,
            seller_id=old.seller_id,
            scopes=old.scopes,
            issued_at=now,
        )
        store.add_tokens(pair)
    return token_data(store, pair)


def token_data(store: Store, pair: TokenPair) -> dict[str, Any]:
    seller = store.sellers[pair.seller_id]
    return {
        "access_token": pair.access_token,
        "access_token_expire_in": pair.access_expires_at,
        "refresh_token": pair.refresh_token,
        "refresh_token_expire_in": pair.refresh_expires_at,
        "open_id": seller.open_id,
        "seller_name": seller.name,
        "seller_base_region": seller.base_region,
        "user_type": seller.user_type,
        "granted_scopes": list(pair.scopes),
    }
