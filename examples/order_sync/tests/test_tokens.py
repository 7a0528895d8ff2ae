from __future__ import annotations

import pytest
from tiktok_shop_api import TikTokShop, TikTokShopError

from mockserver.testkit.handle import TokopediaMock
from order_sync import OrderSync, TokenKeeper
from order_sync.tests.conftest import DAY


def test_a_fresh_token_is_used_as_it_is(job: OrderSync, tokens: TokenKeeper) -> None:
    granted = tokens.tokens
    assert job.run_once(steps=()).ok
    assert tokens.tokens is granted


def test_a_token_close_to_expiry_is_refreshed_before_the_run(
    job: OrderSync, tokens: TokenKeeper, mock: TokopediaMock
) -> None:
    granted = tokens.tokens
    mock.advance_clock(7 * DAY - 3600)  # an hour left: inside the one-day margin
    before = mock.clock.now_s()
    report = job.run_once(steps=())
    after = mock.clock.now_s()  # the mock's clock runs: the refresh happened at a second in between
    assert report.ok and report.shops == [mock.shop("migrated").id]
    assert tokens.tokens.access_token != granted.access_token
    assert before + 7 * DAY <= tokens.tokens.access_token_expire_in <= after + 7 * DAY


def test_refreshed_tokens_are_handed_over_for_storage(job: OrderSync, tokens: TokenKeeper, mock: TokopediaMock) -> None:
    stored = []
    tokens.on_refresh = stored.append
    mock.advance_clock(6.5 * DAY)
    job.run_once(steps=())
    assert [t.access_token for t in stored] == [tokens.tokens.access_token]


def test_why_it_matters_the_mock_refuses_an_expired_token(mock: TokopediaMock) -> None:
    shop = mock.shop("migrated")
    mock.advance_clock(7 * DAY + 1)
    api = TikTokShop(mock.app_key, mock.app_secret, shop.access_token, base_url=mock.base_url, transport=mock.transport)
    with api, pytest.raises(TikTokShopError) as e:
        api.authorization.get_authorized_shops()
    assert e.value.code == 105002
