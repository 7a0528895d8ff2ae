"""Partner API rate limits: buckets per (app, shop, operation) on the mock clock, 429 / 36009002 with Retry-After."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import httpx
import pytest
import requests
from tiktok_shop_api import TikTokShop, TikTokShopError

from mockserver import Settings, create_app
from mockserver.clock import FrozenClock
from mockserver.contract.signer import PartnerSigner, Routes
from mockserver.contract.tokens import TokenPair, TokenSource
from mockserver.journal import Filter
from mockserver.options import BY_NAME, parse
from mockserver.redact import Redactor
from mockserver.runtime import Mock
from mockserver.testing import LiveServer, PartnerClient
from mockserver.testkit.handle import TokopediaMock
from mockserver.testkit.transport import InProcessTransport
from tests.conftest import T0

SHOPS = "/authorization/202309/shops"
WAREHOUSES = "/logistics/202309/warehouses"


def limited(**settings: Any) -> tuple[Any, FrozenClock, PartnerClient]:
    clock = FrozenClock(T0)
    app = create_app(Settings(clock=clock, **settings))
    return app, clock, PartnerClient.in_process(app)


def codes(client: PartnerClient, path: str, n: int, **kw: Any) -> list[int]:
    return [client.get(path, **kw).json()["code"] for _ in range(n)]


def test_off_by_default() -> None:
    _, _, client = limited()
    assert set(codes(client, WAREHOUSES, 120)) == {0}


def test_over_the_limit_is_429_with_retry_after_and_the_mock_clock_refills() -> None:
    _, clock, client = limited(partner_rate_limit="1/3")  # 1 call a second regained, 3 at once
    assert codes(client, WAREHOUSES, 3) == [0, 0, 0]
    r = client.get(WAREHOUSES)
    assert (r.status_code, r.json()["code"], r.headers["retry-after"]) == (429, 36009002, "1")
    assert r.json()["message"].startswith("Too many requests.") and r.json()["data"] is None
    clock.advance(1)
    assert codes(client, WAREHOUSES, 2) == [0, 36009002]


def test_buckets_are_per_app_shop_and_operation() -> None:
    app, _, client = limited(partner_rate_limit="2/2")
    assert codes(client, WAREHOUSES, 3) == [0, 0, 36009002]
    assert codes(client, SHOPS, 2, shop_cipher=None) == [0, 0]  # another operation
    other = PartnerClient.in_process(app, shop="second")
    assert codes(other, WAREHOUSES, 2) == [0, 0]  # another shop of the same seller


def test_on_is_the_documented_50_per_second_and_overrides_are_per_operation() -> None:
    _, _, client = limited(partner_rate_limit="on")
    assert codes(client, WAREHOUSES, 51).count(36009002) == 1
    _, _, client = limited(partner_rate_limit="on,get_warehouse_list=1/1")
    assert codes(client, WAREHOUSES, 2) == [0, 36009002] and codes(client, SHOPS, 3, shop_cipher=None) == [0, 0, 0]


def test_the_dev_shop_hourly_cap_counts_every_operation() -> None:
    _, clock, client = limited(partner_dev_shop_hourly_limit=4)
    assert codes(client, WAREHOUSES, 2) + codes(client, "/product/202309/categories", 2) == [0, 0, 0, 0]
    r = client.get(WAREHOUSES)
    assert (r.status_code, r.json()["code"], r.headers["retry-after"]) == (429, 36009037, "900")
    clock.advance(900)
    assert codes(client, WAREHOUSES, 2) == [0, 36009037]


def test_the_real_client_sees_the_429(mock_settings: Settings) -> None:
    app = create_app(mock_settings)
    mock: Mock = app.state.mock
    client = PartnerClient.in_process(app)
    s = mock.settings
    sdk = TikTokShop(s.app_key, s.app_secret, client.access_token, client.shop_cipher, base_url="http://testserver",
                     transport=InProcessTransport(app))  # fmt: skip
    with sdk, pytest.raises(TikTokShopError) as e:
        for _ in range(3):
            sdk.logistics.get_warehouse_list()
    assert (e.value.code, e.value.http_status) == (36009002, 429)
    [refused] = mock.journal.query(Filter(code="36009002"))
    assert refused["gate"]["check"] == "rate_limit" and refused["operation"] == "get_warehouse_list"


@pytest.fixture
def mock_settings() -> Settings:
    return Settings(partner_rate_limit="2/2")  # the real client signs with the real clock


def test_a_bad_limit_is_a_usage_error() -> None:
    with pytest.raises(ValueError, match="RATE/BURST"):
        parse(BY_NAME["partner_rate_limit"], "fast")


# --- the contract kit and the plugin honour Retry-After --------------------------------------------------------------
@pytest.fixture
def server() -> Iterator[LiveServer]:
    with LiveServer(Settings(partner_rate_limit="1/1")) as s:
        yield s


def test_the_contract_kits_signer_waits_retry_after_and_gets_through(server: LiveServer) -> None:
    mock = server.mock
    document = httpx.get(f"{server.base_url}/openapi.json").json()
    shop = mock.store.shops[mock.refs.shops["migrated"]]
    pair = next(p for p in mock.store.access_tokens.values() if p.seller_id == shop.seller_id)
    session = requests.Session()
    tokens = TokenSource(session, server.base_url, mock.settings.app_key, mock.settings.app_secret, Redactor(),
                         pair=TokenPair(pair.access_token, pair.refresh_token))  # fmt: skip
    waited: list[float] = []

    def wait(seconds: float) -> None:  # the kit sleeps; here the mock's clock moves instead
        waited.append(seconds)
        mock.clock.advance(seconds)

    signer = PartnerSigner(
        Routes(document), mock.settings.app_key, mock.settings.app_secret, tokens, shop.cipher, sleep=wait
    )
    session.auth = signer
    answers = [session.get(f"{server.base_url}{WAREHOUSES}").json()["code"] for _ in range(3)]
    assert answers == [0, 0, 0] and signer.throttled == 2 and waited == [1.0, 1.0]
    assert [e["code"] for e in mock.journal.query(Filter(dialect="partner"))] == [
        0, 36009002, 0, 36009002, 0
    ]  # fmt: skip


@pytest.mark.tokopedia_mock(partner_rate_limit="2/2")
def test_the_plugins_client_honours_retry_after_on_the_mock_clock(tokopedia_mock: TokopediaMock) -> None:
    client = tokopedia_mock.client()
    start = tokopedia_mock.clock.now()
    assert [client.get(WAREHOUSES).json()["code"] for _ in range(5)] == [0] * 5
    assert len(tokopedia_mock.requests(code=36009002)) == 2 and tokopedia_mock.clock.now() - start >= 2
    strict = tokopedia_mock.client(rate_limit_retries=0)
    assert [strict.get(WAREHOUSES).json()["code"] for _ in range(3)].count(36009002) >= 1
