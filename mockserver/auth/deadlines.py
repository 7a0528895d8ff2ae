"""Auth codes, access tokens and authorizations expire by themselves: timers armed when each is issued.

- an auth code (30 minutes, single use) is dropped from the store when it expires; an unused one emits
  `auth_code.expired`;
- an access token (7 days) emits `token.expired` when it lapses (the pair stays: its refresh token still works,
  and the gate answers 105002 for the old access token);
- an authorization lasts as long as the refresh token of its grant ("refresh_token_expire_in is equivalent to the
  authorization duration", official). From 30 days before its end it emits `authorization.expiring` daily at 0:00
  UTC (the UPCOMING_AUTHORIZATION_EXPIRATION webhook's rhythm); at its end it is gone (`authorization.expired`,
  per shop) and the seller's tokens stop working, as after a revocation.

Every timer checks that what it was armed for still stands (a renewed authorization has a later `expires_at`).
"""

from __future__ import annotations

from mockserver import events, timers
from mockserver.models import AuthCode, Authorization, TokenPair
from mockserver.store import Store

AUTH_CODE_EXPIRY = "auth_code.expiry"
TOKEN_EXPIRY = "token.expiry"
AUTHORIZATION_EXPIRING = "authorization.expiring"
AUTHORIZATION_EXPIRY = "authorization.expiry"

DAY = 24 * 3600
#: The upcoming-expiration notices start this long before the end (official: 30 days).
NOTICE = 30 * DAY


def _auth_subject(auth: Authorization) -> str:
    return f"{auth.app_key}/{auth.seller_id}"


def arm_code(store: Store, code: AuthCode) -> None:
    timers.schedule(store, code.expires_at, AUTH_CODE_EXPIRY, code.code)


def arm_token(store: Store, pair: TokenPair) -> None:
    timers.schedule(store, pair.access_expires_at, TOKEN_EXPIRY, pair.access_token)


def arm_authorization(store: Store, auth: Authorization, expires_at: int, now: int) -> None:
    """The authorization lasts until `expires_at` (later than before: a renewal); notices, then the end."""
    auth.expires_at = expires_at
    timers.schedule(store, max(now, expires_at - NOTICE), AUTHORIZATION_EXPIRING, _auth_subject(auth))
    timers.schedule(store, expires_at, AUTHORIZATION_EXPIRY, _auth_subject(auth))


def arm_seeded(store: Store, now: int) -> None:
    """The seeded authorizations' ends (their tokens were armed when issued)."""
    for (app_key, seller_id), auth in store.authorizations.items():
        pairs = [p for p in store.access_tokens.values() if p.app_key == app_key and p.seller_id == seller_id]
        if pairs:
            arm_authorization(store, auth, max(p.refresh_expires_at for p in pairs), now)


# --- when they come due (world.py ACTIONS) ------------------------------------------------------------------------
def code_expired(store: Store, code_value: str, due: int) -> None:
    code = store.auth_codes.get(code_value)
    if code is None or code.expires_at > due:
        return
    del store.auth_codes[code_value]  # bounded memory: an expired code is as invalid as an unknown one
    if not code.used:
        store.events.emit(events.AUTH_CODE_EXPIRED, due, None, "seller", code.seller_id, app_key=code.app_key)


def token_expired(store: Store, access_token: str, due: int) -> None:
    pair = store.access_tokens.get(access_token)
    if pair is None or pair.access_expires_at > due:
        return
    store.events.emit(
        events.TOKEN_EXPIRED,
        due,
        None,
        "seller",
        pair.seller_id,
        app_key=pair.app_key,
        expired_at=pair.access_expires_at,
    )


def _authorization(store: Store, subject: str) -> Authorization | None:
    app_key, _, seller_id = subject.partition("/")
    return store.authorization_for(app_key, seller_id)


def authorization_expiring(store: Store, subject: str, due: int) -> None:
    auth = _authorization(store, subject)
    if auth is None or auth.expires_at is None or not auth.expires_at - NOTICE <= due < auth.expires_at:
        return  # gone, renewed (its own notices come later) or over
    days_left = -(-(auth.expires_at - due) // DAY)
    for shop_id in sorted(auth.shop_ids):
        store.events.emit(
            events.AUTHORIZATION_EXPIRING,
            due,
            shop_id,
            "authorization",
            auth.seller_id,
            app_key=auth.app_key,
            expiration_time=auth.expires_at,
            days_left=days_left,
        )
    midnight = (due // DAY + 1) * DAY  # the next notice: 0:00 UTC (GUESS: the docs do not name the time zone)
    if midnight < auth.expires_at:
        timers.schedule(store, midnight, AUTHORIZATION_EXPIRING, subject)


def authorization_expired(store: Store, subject: str, due: int) -> None:
    auth = _authorization(store, subject)
    if auth is None or auth.expires_at is None or auth.expires_at > due:
        return
    del store.authorizations[(auth.app_key, auth.seller_id)]
    legacy = store.legacy_app_of(auth.app_key)
    if legacy is not None:
        legacy.linked_shop_ids -= auth.shop_ids
    for shop_id in sorted(auth.shop_ids):
        store.events.emit(
            events.AUTHORIZATION_EXPIRED, due, shop_id, "authorization", auth.seller_id, app_key=auth.app_key
        )
