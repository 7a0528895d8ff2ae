"""X-Ratelimit-* headers on every answer, 429 past the burst, refill from the injected clock."""

from __future__ import annotations

import pytest

from mockserver import Settings, create_app
from mockserver.clock import FrozenClock
from mockserver.legacy.ratelimit import Limit, RateLimiter, parse_config
from tests.legacy.conftest import FS_ID, LegacyClient, basic, code

SHOP_INFO = f"/v1/shop/fs/{FS_ID}/shop-info"


@pytest.fixture
def limited(clock: FrozenClock) -> LegacyClient:
    return LegacyClient(create_app(Settings(seed=1, clock=clock))).login()


def test_headers_as_the_docs_show_them(limited: LegacyClient) -> None:
    r = limited.get(SHOP_INFO)
    assert r.headers["x-ratelimit-limit"] == "5 req/s (burst 5)"
    assert r.headers["x-ratelimit-remaining"] == "4"
    assert r.headers["x-ratelimit-reset-after"] == "-0.000000"
    assert r.headers["x-ratelimit-full-reset-after"] == "0.200000"


def test_sixth_request_in_a_second_is_429(limited: LegacyClient) -> None:
    for _ in range(5):
        assert limited.get(SHOP_INFO).status_code == 200
    r = limited.get(SHOP_INFO)
    assert r.status_code == 429 and code(r) == "MOCK_RATE_429"
    assert r.headers["x-ratelimit-remaining"] == "0" and r.headers["x-ratelimit-reset-after"] == "0.200000"
    assert r.headers["x-ratelimit-full-reset-after"] == "1.000000"


def test_quota_comes_back_with_the_clock(limited: LegacyClient, clock: FrozenClock) -> None:
    for _ in range(6):
        limited.get(SHOP_INFO)
    clock.advance(0.2)
    assert limited.get(SHOP_INFO).status_code == 200


def test_limits_are_per_endpoint(limited: LegacyClient) -> None:
    for _ in range(6):
        limited.get(SHOP_INFO)
    assert limited.get(f"/v1/fs/{FS_ID}").status_code == 200


def test_errors_carry_the_headers_too(limited: LegacyClient) -> None:
    r = limited.get("/v1/shop/fs/abc/shop-info")
    assert r.status_code == 400 and r.headers["x-ratelimit-remaining"] == "4"


def test_the_token_endpoint_is_limited_and_answers_in_its_own_shape(limited: LegacyClient) -> None:
    for _ in range(4):  # login() spent one
        assert limited.post("/token?grant_type=client_credentials", headers=basic()).status_code == 200
    r = limited.post("/token?grant_type=client_credentials", headers=basic())
    assert r.status_code == 429 and r.json()["error"] == "temporarily_unavailable"


def test_a_429_changes_nothing(limited: LegacyClient, clock: FrozenClock) -> None:
    path = f"/v1/fs/{FS_ID}/register"
    for _ in range(5):
        limited.post(path, json={"order_status_url": "https://erp.example/a"})
    r = limited.post(path, json={"order_status_url": "https://erp.example/b"})
    assert r.status_code == 429 and r.json()["status"] == "429 Too Many Requests"
    clock.advance(1)
    assert limited.get(f"/v1/fs/{FS_ID}").json()["data"]["order_status_url"] == "https://erp.example/a"


def test_configuration_string() -> None:
    default, overrides = parse_config("10/20, legacy_get_order_list=2/4")
    assert default == Limit(10, 20) and overrides == {"legacy_get_order_list": Limit(2, 4)}


def test_override_applies_to_its_operation_only() -> None:
    limiter = RateLimiter(lambda: 0.0, "5/5,legacy_get_shop_info=1/1")
    assert limiter.take("c", "legacy_get_shop_info").allowed and not limiter.take("c", "legacy_get_shop_info").allowed
    assert limiter.take("c", "legacy_get_product_info").allowed


def test_bad_configuration_is_refused() -> None:
    with pytest.raises(ValueError):
        parse_config("0/5")


def test_reset_refills_the_buckets(limited: LegacyClient) -> None:
    for _ in range(6):
        limited.get(SHOP_INFO)
    limited.http.post("/_mock/reset")
    assert limited.login().get(SHOP_INFO).status_code == 200
