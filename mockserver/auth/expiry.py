"""How long a seller's authorization of an app lasts, and the platform's notices before it runs out. No HTTP here.

An authorization lasts as long as the refresh token issued with it ("the refresh_token_expire_in is equivalent to
the authorization duration provided when the seller initially authorized app access", authorization guide):
`Settings.refresh_token_ttl`, 365 days (GUESS, from the official example's span). Authorizing again (a new auth
code exchanged) starts it over.

"30 days before the authorization expires" the platform sends the Upcoming Authorization Expiration webhook, "with
daily notifications at 0:00 until re-authorization is completed" (official). Here the first notice is due exactly
30 days before the expiry, the next ones at 00:00 WIB (UTC+7, the Indonesian market's clock; GUESS) until the
expiry. Each notice is a timer (`NOTICE_TIMER`, run by world.py) that emits `authorization.expiring` for every shop
of the authorization; the webhooks map that event to their notification.
"""

from __future__ import annotations

from mockserver import events, timers
from mockserver.auth.lookup import shop_authorization
from mockserver.models import Authorization
from mockserver.store import Store

NOTICE_TIMER = "authorization.expiry_notice"
NOTICE_DAYS = 30
DAY = 24 * 3600
#: The clock the daily notices follow: WIB, UTC+7 (GUESS).
LOCAL_OFFSET = 7 * 3600


def _subject(auth: Authorization) -> str:
    return f"{auth.app_key}/{auth.seller_id}"


def first_notice(expires_at: int, now: int) -> int | None:
    """When the first notice is due: 30 days before the expiry, or now when that has passed; None once expired."""
    if expires_at <= now:
        return None
    return max(now, expires_at - NOTICE_DAYS * DAY)


def next_midnight(t: int) -> int:
    """The first 00:00 (local) after `t`."""
    return ((t + LOCAL_OFFSET) // DAY + 1) * DAY - LOCAL_OFFSET


def renew(store: Store, auth: Authorization, expires_at: int, now: int) -> None:
    """The authorization now expires at `expires_at`; its notices start over from there."""
    before = auth.expires_at
    auth.expires_at = int(expires_at)
    _schedule(store, auth, first_notice(auth.expires_at, now))
    if before and before != auth.expires_at:
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


def _schedule(store: Store, auth: Authorization, due: int | None) -> None:
    auth.notice_due = due  # an earlier timer of this authorization is now stale
    if due is not None:
        timers.schedule(store, due, NOTICE_TIMER, _subject(auth))


def notice(store: Store, subject: str, due: int) -> None:
    """The timer's action: the day's notice for every shop of the authorization, and the next day's timer."""
    app_key, _, seller_id = subject.partition("/")
    auth = store.authorization_for(app_key, seller_id)
    if auth is None or auth.notice_due != due:
        return  # revoked, renewed or moved since: a stale timer
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
            seller_id,
            app_key=app_key,
            expires_at=auth.expires_at,
            days_left=days_left,
        )
    following = next_midnight(due)
    _schedule(store, auth, following if following < auth.expires_at else None)


def move_expiry(store: Store, app_key: str, shop_id: str, expires_at: int, now: int) -> Authorization:
    """The control plane's "the authorization expires at `expires_at`": the seller's refresh tokens for the app
    follow it (they last as long as the authorization)."""
    shop, auth = shop_authorization(store, app_key, shop_id)
    for pair in store.refresh_tokens.values():
        if pair.app_key == app_key and pair.seller_id == shop.seller_id:
            pair.refresh_expires_at = int(expires_at)
    renew(store, auth, expires_at, now)
    return auth
