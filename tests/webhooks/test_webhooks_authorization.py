"""The authorization's own notifications: Upcoming Authorization Expiration 30 days before the expiry, then daily
at 00:00 (WIB) on the mock clock, until the seller authorizes again; Seller Deauthorization when the app is
removed; the control-plane steps behind them."""

from __future__ import annotations

from urllib.parse import parse_qs, urlparse

import pytest
from tiktok_shop_api import TikTokShopAuth, TikTokShopError
from tiktok_shop_api.generated.models import UpcomingAuthorizationExpirationWebhook

from mockserver.testkit.handle import TokopediaMock
from mockserver.testkit.webhooks import WebhookInbox
from tests.conftest import T0
from tests.webhooks.conftest import control, drained

DAY = 24 * 3600
WIB = 7 * 3600


@pytest.fixture
def hooks(tokopedia_mock: TokopediaMock) -> WebhookInbox:
    inbox = tokopedia_mock.webhooks(subscribe=False)
    inbox.subscribe(("UPCOMING_AUTHORIZATION_EXPIRATION", "SELLER_DEAUTHORIZATION"))
    return inbox


def notices(hooks: WebhookInbox) -> list[tuple[int, int, str]]:
    """(timestamp, days in the message, expiration_time) of each expiration notice."""
    out = []
    for w in hooks.partner("UPCOMING_AUTHORIZATION_EXPIRATION"):
        days = int(w.data["message"].split(" is expiring in ")[1].split(" ")[0])
        out.append((w.body["timestamp"], days, w.data["expiration_time"]))
    return out


def test_notices_start_30_days_before_and_repeat_daily_at_midnight(
    tokopedia_mock: TokopediaMock, hooks: WebhookInbox
) -> None:
    m = tokopedia_mock
    moved = control(m.http_client(), "/authorizations/expiry", {"shop": "migrated", "expires_in": 40 * DAY})
    expires = T0 + 40 * DAY
    assert moved == {
        "app_key": m.app_key,
        "shop_id": m.shop().id,
        "expire_time": expires,
        "next_notice_time": T0 + 10 * DAY,
    }
    m.advance_clock(10 * DAY - 1)
    drained(m)
    assert notices(hooks) == []
    m.advance_clock(1)
    first = hooks.wait_for("UPCOMING_AUTHORIZATION_EXPIRATION")
    assert isinstance(first.event, UpcomingAuthorizationExpirationWebhook)
    assert first.data == {
        "message": f"Authorization of shop_id {m.shop().id} is expiring in 30 days. Please direct the merchant to "
        "re-authorize.",
        "expiration_time": str(expires),
    }
    m.advance_clock(31 * DAY)  # past the expiry: every daily notice in between, each at its own time
    drained(m)
    got = notices(hooks)
    midnight = ((T0 + 10 * DAY + WIB) // DAY + 1) * DAY - WIB  # the first 00:00 WIB after the first notice
    assert [t for t, _, _ in got] == [T0 + 10 * DAY, *range(midnight, expires, DAY)]
    assert all((t + WIB) % DAY == 0 for t, _, _ in got[1:])
    assert [d for _, d, _ in got] == [-(-(expires - t) // DAY) for t, _, _ in got]
    assert got[-1][1] == 1 and {e for _, _, e in got} == {str(expires)}


def test_authorizing_again_stops_the_notices(tokopedia_mock: TokopediaMock, hooks: WebhookInbox) -> None:
    m = tokopedia_mock
    control(m.http_client(), "/authorizations/expiry", {"shop": "migrated", "expires_in": 20 * DAY})
    hooks.wait_for("UPCOMING_AUTHORIZATION_EXPIRATION")  # 20 days left: the first notice at once
    redirect = m.http_client().get("/open/authorize", params={"service_id": m.service_id, "state": "x"})
    code = parse_qs(urlparse(redirect.headers["location"]).query)["code"][0]
    auth = TikTokShopAuth(m.app_key, m.app_secret, base_url=m.base_url, transport=m.transport)
    tokens = auth.exchange_code(code)
    assert tokens.refresh_token_expire_in == T0 + 365 * DAY  # a new authorization period
    m.advance_clock(30 * DAY)
    drained(m)
    assert len(notices(hooks)) == 1


def test_the_seeded_authorization_warns_after_335_days(tokopedia_mock: TokopediaMock, hooks: WebhookInbox) -> None:
    tokopedia_mock.advance_clock(335 * DAY)
    hook = hooks.wait_for("UPCOMING_AUTHORIZATION_EXPIRATION")
    assert hook.data["expiration_time"] == str(T0 + 365 * DAY) and "expiring in 30 days" in hook.data["message"]


def test_the_refresh_token_lasts_as_long_as_the_authorization(
    tokopedia_mock: TokopediaMock, hooks: WebhookInbox
) -> None:
    m = tokopedia_mock
    control(m.http_client(), "/authorizations/expiry", {"shop": "migrated", "expires_in": 3 * DAY})
    shop = m.shop()
    assert shop.refresh_token_expire_in == T0 + 3 * DAY
    m.advance_clock(3 * DAY)
    auth = TikTokShopAuth(m.app_key, m.app_secret, base_url=m.base_url, transport=m.transport)
    with pytest.raises(TikTokShopError) as e:
        auth.refresh(shop.refresh_token or "")
    assert e.value.code == 36004001


def test_revoking_stops_the_notices_and_the_token(tokopedia_mock: TokopediaMock, hooks: WebhookInbox) -> None:
    m = tokopedia_mock
    control(m.http_client(), "/authorizations/expiry", {"shop": "migrated", "expires_in": 10 * DAY})
    hooks.wait_for("UPCOMING_AUTHORIZATION_EXPIRATION")
    control(m.http_client(), "/authorizations/revoke", {"shop": "migrated"})
    assert hooks.wait_for("SELLER_DEAUTHORIZATION").body["shop_id"] == m.shop().id
    m.advance_clock(5 * DAY)
    drained(m)
    assert len(notices(hooks)) == 1


@pytest.mark.parametrize(
    ("body", "status", "code"),
    [
        ({"shop": "migrated"}, 400, 36009004),
        ({"shop": "migrated", "expires_in": -5}, 400, 36009004),
        ({"shop": "migrated", "expires_in": "soon"}, 400, 36009004),
        ({"shop": "migrated", "expires_in": 100 * 365 * DAY}, 400, 36009004),
        ({"shop": "nowhere", "expires_in": DAY}, 404, 40401),
        ({"shop": "unauthorized", "expires_in": DAY}, 409, 40901),
        ({"shop": "migrated", "expires_in": DAY, "app_key": "nope"}, 400, 36009004),
    ],
)
def test_bad_expiry_steps(tokopedia_mock: TokopediaMock, body: dict[str, object], status: int, code: int) -> None:
    answer = control(tokopedia_mock.http_client(), "/authorizations/expiry", body, status=status)
    assert answer["code"] == code and answer["data"] is None
    assert tokopedia_mock.shop().refresh_token_expire_in == T0 + 365 * DAY  # unchanged


def test_revoking_one_of_two_shops_keeps_the_other(tokopedia_mock: TokopediaMock, hooks: WebhookInbox) -> None:
    """A seller with two shops removes the app from one: its cipher is refused (101000), the other still works."""
    m = tokopedia_mock
    store, shop = m.mock.store, m.shop()
    second = store.shops[m.mock.refs.shops["second"]]
    with store.lock:  # give the migrated seller a second authorized shop
        second.seller_id = shop.seller_id
        store.authorization_for(m.app_key, shop.seller_id).shop_ids.add(second.id)  # type: ignore[union-attr]
    answer = control(m.http_client(), "/authorizations/revoke", {"shop": "second"})
    assert answer["shops_still_authorized"] == [shop.id]
    client = m.client()
    assert client.get("/event/202309/webhooks").json()["code"] == 0
    r = client.get("/event/202309/webhooks", shop_cipher=second.cipher)
    assert (r.status_code, r.json()["code"]) == (403, 101000)
