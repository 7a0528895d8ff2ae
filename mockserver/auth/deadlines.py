"""Auth codes, access tokens and authorizations expire by themselves: timers armed when each is issued.

- an auth code (30 minutes, single use) is dropped from the store when it expires; an unused one emits
  `auth_code.expired`;
- an access token (7 days) emits `token.expired` when it lapses (the pair stays: its refresh token still works,
  and the gate answers 105002 for the old access token);
- an authorization lasts as long as the refresh token of its grant ("refresh_token_expire_in is equivalent to the
  authorization duration", official): `Settings.refresh_token_ttl`, 365 days (GUESS, from the official example's
  span); authorizing again starts it over. "30 days before the authorization expires" it emits
  `authorization.expiring` (the UPCOMING_AUTHORIZATION_EXPIRATION webhook), "with daily notifications at 0:00 until
  re-authorization is completed" (official): here at 00:00 WIB (UTC+7, the Indonesian market's clock; GUESS: the
  docs name no time zone). At its end it is gone (`authorization.expired`, per shop) and the seller's tokens stop
  working, as after a revocation. The control plane can move the end (`move_expiry`, `authorization.expiry_changed`).

Every timer checks that what it was armed for still stands: a renewed or moved authorization has another
`expires_at`, and only the notice timer it last armed (`notice_due`) counts.
"""

from __future__ import annotations

from mockserver import events, timers
from mockserver.auth.lookup import shop_authorization
from mockserver.models import AuthCode, Authorization, TokenPair
from mockserver.store import Store

AUTH_CODE_EXPIRY = "auth_code.expiry"
TOKEN_EXPIRY = "token.expiry"
AUTHORIZATION_EXPIRING = "authorization.expiring"
AUTHORIZATION_EXPIRY = "authorization.expiry"

DAY = 24 * 3600
#: The upcoming-expiration notices start this long before the end (official: 30 days).
NOTICE = 30 * DAY
#: The clock the daily notices follow: WIB, UTC+7 (GUESS).
LOCAL_OFFSET = 7 * 3600


def _auth_subject(auth: Authorization) -> str:
    return f"{auth.app_key}/{auth.seller_id}"


def arm_code(store: Store, code: AuthCode) -> None:
    timers.schedule(store, code.expires_at, AUTH_CODE_EXPIRY, code.code)


def arm_token(store: Store, pair: TokenPair) -> None:
    timers.schedule(store, pair.access_expires_at, TOKEN_EXPIRY, pair.access_token)


def next_midnight(t: int) -> int:
    """The first 00:00 (WIB) after `t`."""
    return ((t + LOCAL_OFFSET) // DAY + 1) * DAY - LOCAL_OFFSET


def arm_authorization(store: Store, auth: Authorization, expires_at: int, now: int) -> None:
    """The authorization lasts until `expires_at` (a grant, a renewal, or the control plane moving it): its notices
    start over from there, then the end. A changed end is an `authorization.expiry_changed` event per shop."""
    before, auth.expires_at = auth.expires_at, int(expires_at)
    _schedule_notice(store, auth, max(now, auth.expires_at - NOTICE) if auth.expires_at > now else None)
    timers.schedule(store, auth.expires_at, AUTHORIZATION_EXPIRY, _auth_subject(auth))
    if before is not None and before != auth.expires_at:
        for shop_id in sorted(auth.shop_ids):
            store.events.emit(
                events.AUTHORIZATION_EXPIRY_CHANGED,
                now,
                shop_id,
                "authorization",
                auth.seller_id,
                app_key=auth.app_key,
                before=before,
                after=auth.expires_at,
            )


def _schedule_notice(store: Store, auth: Authorization, due: int | None) -> None:
    auth.notice_due = due  # an earlier notice timer of this authorization is now stale
    if due is not None:
        timers.schedule(store, due, AUTHORIZATION_EXPIRING, _auth_subject(auth))


def move_expiry(store: Store, app_key: str, shop_id: str, expires_at: int, now: int) -> Authorization:
    """The control plane's "the authorization expires at `expires_at`": the seller's refresh tokens for the app
    follow it (they last as long as the authorization)."""
    shop, auth = shop_authorization(store, app_key, shop_id)
    for pair in store.refresh_tokens.values():
        if pair.app_key == app_key and pair.seller_id == shop.seller_id:
            pair.refresh_expires_at = int(expires_at)
    arm_authorization(store, auth, expires_at, now)
    return auth


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
    if auth is None or auth.expires_at is None or auth.notice_due != due:
        return  # gone, or renewed or moved since (its own notices are armed)
    if due >= auth.expires_at:
        auth.notice_due = None
        return
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
    midnight = next_midnight(due)
    _schedule_notice(store, auth, midnight if midnight < auth.expires_at else None)


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
