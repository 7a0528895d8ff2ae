"""Authorization and tokens, for both dialects: consent, auth codes, the Partner token exchange and refresh, the
legacy client-credentials tokens, and a seller revoking an app. No HTTP here; refusals are `AuthError`s.

Every change emits its event (authorization granted/revoked, token issued/refreshed, legacy token issued), without
the token values: events are read by tests and tools, and secrets never leave the store.
"""

from __future__ import annotations

import random
import string
from dataclasses import dataclass
from typing import Any

from mockserver import events
from mockserver.auth import deadlines
from mockserver.auth.errors import (
    INVALID_CLIENT,
    INVALID_CODE,
    NO_RECORD,
    REFRESH_EXPIRED,
    UNKNOWN_APP,
    UNKNOWN_SELLER,
    UNKNOWN_SHOP,
    WRONG_SECRET,
    AuthError,
)
from mockserver.auth.lookup import shop_authorization
from mockserver.clock import Clock
from mockserver.ids import IdFactory
from mockserver.models import App, AuthCode, Authorization, LegacyApp, LegacyToken, TokenPair
from mockserver.secrets import same_secret
from mockserver.settings import Settings
from mockserver.store import Store

_LEGACY_TOKEN_CHARS = string.ascii_letters + string.digits + "-_"
#: Auth codes kept (every consent-page visit issues one): past it the oldest are forgotten. GUESS: no limit is
#: documented; a code is used within minutes.
MAX_AUTH_CODES = 10_000
#: Access tokens kept per app and seller (every refresh issues one, and earlier ones stay valid until they expire):
#: past it the oldest stop working. GUESS: no limit is documented.
MAX_TOKENS_PER_SELLER = 100


@dataclass(frozen=True)
class Consent:
    app: App
    seller_id: str
    shop_ids: frozenset[str]


# --- the Partner API's OAuth -----------------------------------------------------------------------------------------
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
    deadlines.arm_token(store, pair)
    _keep_newest_tokens(store, pair.app_key, pair.seller_id)
    store.events.emit(
        events.TOKEN_ISSUED, now, None, "seller", seller_id, app_key=app_key, expires_at=pair.access_expires_at
    )
    return pair


def _keep_newest_tokens(store: Store, app_key: str, seller_id: str) -> None:
    pairs = [p for p in store.access_tokens.values() if p.app_key == app_key and p.seller_id == seller_id]
    for old in pairs[: max(0, len(pairs) - MAX_TOKENS_PER_SELLER)]:  # insertion order: oldest first
        del store.access_tokens[old.access_token]
        if store.refresh_tokens.get(old.refresh_token) is old:
            del store.refresh_tokens[old.refresh_token]


def consent(store: Store, service_id: str, seller_id: str | None = None, shop_id: str | None = None) -> Consent:
    """Who authorizes: the shop's seller when a shop is named, else the named seller, else the first seller."""
    app = store.apps_by_service_id.get(service_id) or store.apps.get(service_id)
    if app is None:
        raise AuthError(UNKNOWN_APP, f"no app with service_id {service_id!r}", field="service_id")
    if shop_id is not None:
        shop = store.shops.get(shop_id)
        if shop is None:
            raise AuthError(UNKNOWN_SHOP, f"no shop with id '{shop_id}'", shop_id=shop_id)
        return Consent(app, shop.seller_id, frozenset({shop.id}))
    if seller_id is None:
        seller_id = next(iter(store.sellers))
    if seller_id not in store.sellers:
        raise AuthError(UNKNOWN_SELLER, f"no seller with id '{seller_id}'", seller_id=seller_id)
    return Consent(app, seller_id, frozenset(s.id for s in store.shops_of(seller_id)))


def grant_code(store: Store, settings: Settings, ids: IdFactory, clock: Clock, c: Consent) -> str:
    code = ids.auth_code()
    record = store.auth_codes[code] = AuthCode(
        code=code,
        app_key=c.app.app_key,
        seller_id=c.seller_id,
        shop_ids=c.shop_ids,
        expires_at=clock.now_s() + settings.auth_code_ttl,
    )
    deadlines.arm_code(store, record)
    while len(store.auth_codes) > MAX_AUTH_CODES:
        del store.auth_codes[next(iter(store.auth_codes))]
    store.events.emit(
        events.AUTH_CODE_ISSUED,
        clock.now_s(),
        None,
        "seller",
        c.seller_id,
        app_key=c.app.app_key,
        shop_ids=sorted(c.shop_ids),
    )
    return code


def check_app(store: Store, app_key: str, app_secret: str) -> App:
    app = store.apps.get(app_key)
    if app is None:
        raise AuthError(UNKNOWN_APP, "unknown app_key", field="app_key")
    if not same_secret(app_secret, app.app_secret):
        raise AuthError(WRONG_SECRET, "wrong app_secret", field="app_secret")
    return app


def exchange_code(
    store: Store, settings: Settings, ids: IdFactory, clock: Clock, app: App, auth_code: str
) -> TokenPair:
    """An auth code (single use, 30 minutes) becomes the seller's authorization and a token pair."""
    with store.lock:
        code = store.auth_codes.get(auth_code)
        if code is None or code.used or code.app_key != app.app_key or code.expires_at <= clock.now():
            raise AuthError(INVALID_CODE, "invalid auth code")
        code.used = True
        now = clock.now_s()
        auth = store.authorization_for(app.app_key, code.seller_id)
        if auth is None:
            auth = Authorization(app.app_key, code.seller_id, set(), app.scopes, now)
            store.authorizations[(app.app_key, code.seller_id)] = auth
        added = code.shop_ids - auth.shop_ids
        auth.shop_ids |= code.shop_ids
        if added:
            _link_legacy(store, app.app_key, added)
            for shop_id in sorted(added):
                store.events.emit(
                    events.AUTHORIZATION_GRANTED, now, shop_id, "authorization", code.seller_id, app_key=app.app_key
                )
        pair = issue_tokens(store, settings, ids, clock, app.app_key, code.seller_id, auth.scopes)
        deadlines.arm_authorization(store, auth, pair.refresh_expires_at, now)  # a grant (or renewal) lasts this long
        return pair


def refresh(store: Store, settings: Settings, ids: IdFactory, clock: Clock, app: App, refresh_token: str) -> TokenPair:
    """A new access token; the refresh token is kept, with its own expiry (GUESS, see README)."""
    with store.lock:
        old = store.refresh_tokens.get(refresh_token)
        if old is None or old.app_key != app.app_key:
            raise AuthError(NO_RECORD, "unknown refresh token")
        if old.refresh_expires_at <= clock.now():
            raise AuthError(REFRESH_EXPIRED, "the refresh token has expired")
        if store.authorization_for(app.app_key, old.seller_id) is None:
            raise AuthError(NO_RECORD, "the seller revoked the authorization")
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
        deadlines.arm_token(store, pair)
        _keep_newest_tokens(store, pair.app_key, pair.seller_id)
        store.events.emit(
            events.TOKEN_REFRESHED,
            now,
            None,
            "seller",
            old.seller_id,
            app_key=app.app_key,
            expires_at=pair.access_expires_at,
        )
        return pair


def revoke(store: Store, app_key: str, shop_id: str, now: int) -> Authorization:
    """The seller removes the app from one shop (Seller Center); without shops left, the authorization is gone and
    the seller's tokens for the app stop working (the gate checks the authorization on every call)."""
    with store.lock:
        shop, auth = shop_authorization(store, app_key, shop_id)
        auth.shop_ids.discard(shop_id)
        if not auth.shop_ids:
            del store.authorizations[(app_key, shop.seller_id)]
        legacy = store.legacy_app_of(app_key)
        if legacy is not None:
            legacy.linked_shop_ids.discard(shop_id)
        store.events.emit(events.AUTHORIZATION_REVOKED, now, shop_id, "authorization", shop.seller_id, app_key=app_key)
        return auth


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


def _link_legacy(store: Store, app_key: str, shop_ids: frozenset[str] | set[str]) -> None:
    """A shop on Tokopedia that authorizes the app is linked to the app's legacy fs_id as well."""
    legacy = store.legacy_app_of(app_key)
    if legacy is not None:
        legacy.linked_shop_ids |= {s for s in shop_ids if store.shops[s].tokopedia_shop_id is not None}


# --- the legacy Seller API's client credentials -----------------------------------------------------------------------
def authenticate_client(store: Store, client_id: str, client_secret: str) -> LegacyApp:
    app = store.legacy_apps.get(client_id)
    if app is None or not same_secret(client_secret, app.client_secret):
        raise AuthError(INVALID_CLIENT, "invalid client_id or client_secret")
    return app


def current_legacy_token(store: Store, client_id: str, now: int) -> LegacyToken | None:
    live = [t for t in store.legacy_tokens.values() if t.client_id == client_id and t.expires_at > now]
    return max(live, key=lambda t: t.issued_at) if live else None


def issue_legacy_token(store: Store, app: LegacyApp, now: int, ttl: int) -> LegacyToken:
    """The app's live token if it has one ("a new access_token can only be obtained if the previous one is
    expired", GUESS on what the server answers meanwhile: the same token), else a new one."""
    live = current_legacy_token(store, app.client_id, now)
    if live is not None:
        return live
    rng: random.Random = store.stream("legacy", "{name}:{seed}")
    while True:
        value = "c:" + "".join(rng.choice(_LEGACY_TOKEN_CHARS) for _ in range(22))
        if value not in store.legacy_tokens:
            break
    token = LegacyToken(value, app.client_id, app.fs_id, now, now + ttl)
    store.legacy_tokens[value] = token
    store.events.emit(events.CLIENT_TOKEN_ISSUED, now, None, "legacy_app", str(app.fs_id), expires_at=token.expires_at)
    return token
