"""The kit's legacy auth: Basic for /token, a cached Bearer token elsewhere, renewal on 401, 429 and X-Ratelimit-*."""

from __future__ import annotations

import json

import requests

from mockserver.contract.legacy.auth import ClientCredentials, EndpointPacer, LegacyAuth, wait_for
from mockserver.contract.signer import Routes
from mockserver.redact import Redactor
from tests.test_contract_signer import FakeAdapter

DOC = {
    "paths": {
        "/token": {"post": {"operationId": "legacy_get_token", "x-host": "legacy"}},
        "/v1/shop/fs/{fs_id}/shop-info": {"get": {"operationId": "legacy_get_shop_info", "x-host": "legacy"}},
    }
}
SHOP_INFO = "http://fs/v1/shop/fs/13004/shop-info"
OK = (200, {"X-Ratelimit-Remaining": "4", "X-Ratelimit-Reset-After": "-0.000000"}, b'{"header":{},"data":[]}')


def token(value: str, expires_in: int = 1209600) -> tuple[int, dict[str, str], bytes]:
    return 200, {}, json.dumps({"access_token": value, "expires_in": expires_in, "token_type": "Bearer"}).encode()


class Clock:
    def __init__(self) -> None:
        self.now = 1_700_000_000.0
        self.slept: list[float] = []

    def sleep(self, seconds: float) -> None:
        self.slept.append(seconds)
        self.now += seconds


def make(script: list[tuple[int, dict[str, str], bytes]]) -> tuple[requests.Session, FakeAdapter, LegacyAuth, Clock]:
    session = requests.Session()
    adapter = FakeAdapter(script)
    session.mount("http://", adapter)
    clock = Clock()
    tokens = ClientCredentials(
        session, "http://accounts", "client-1", "secret-1", Redactor(), now=lambda: clock.now, sleep=clock.sleep
    )
    pacer = EndpointPacer(clock.sleep, lambda: clock.now)
    auth = LegacyAuth(Routes(DOC), {"legacy_get_token"}, tokens, "13004", pacer=pacer, sleep=clock.sleep)
    return session, adapter, auth, clock


def test_token_endpoint_gets_basic_credentials() -> None:
    session, adapter, auth, _ = make([token("c:one")])
    session.post("http://fs/token?grant_type=client_credentials", auth=auth)
    assert adapter.sent[0].headers["Authorization"] == "Basic Y2xpZW50LTE6c2VjcmV0LTE="


def test_other_calls_get_one_bearer_token_fetched_once() -> None:
    session, adapter, auth, _ = make([token("c:one"), OK, OK])
    session.get(SHOP_INFO, auth=auth)
    session.get(SHOP_INFO, auth=auth)
    fetches = [r for r in adapter.sent if r.url and "/token" in r.url]
    assert len(fetches) == 1 and fetches[0].url == "http://accounts/token?grant_type=client_credentials"
    assert adapter.sent[-1].headers["Authorization"] == "Bearer c:one"


def test_an_expired_token_is_replaced_before_the_call() -> None:
    session, adapter, auth, clock = make([token("c:one", 60), OK, token("c:two"), OK])
    session.get(SHOP_INFO, auth=auth)
    clock.now += 61
    session.get(SHOP_INFO, auth=auth)
    assert adapter.sent[-1].headers["Authorization"] == "Bearer c:two"


def test_401_on_our_fs_id_renews_the_token_and_resends() -> None:
    session, adapter, auth, _ = make([token("c:one"), (401, {}, b"{}"), token("c:two"), OK])
    assert session.get(SHOP_INFO, auth=auth).status_code == 200
    assert adapter.sent[-1].headers["Authorization"] == "Bearer c:two"


def test_401_on_another_fs_id_is_the_answer() -> None:
    session, adapter, auth, _ = make([token("c:one"), (401, {}, b"{}")])
    assert session.get("http://fs/v1/shop/fs/99/shop-info", auth=auth).status_code == 401
    assert len(adapter.sent) == 2


def test_429_waits_for_the_quota_and_retries() -> None:
    limited = (429, {"X-Ratelimit-Remaining": "0", "X-Ratelimit-Reset-After": "0.150000"}, b"{}")
    session, adapter, auth, clock = make([token("c:one"), limited, OK])
    assert session.get(SHOP_INFO, auth=auth).status_code == 200
    assert auth.throttled == 1 and abs(clock.slept[0] - 0.16) < 1e-9


def test_retry_after_wins_over_the_ratelimit_headers() -> None:
    assert wait_for({"retry-after": "2", "x-ratelimit-reset-after": "0.1"}, 0) == 2.0


def test_an_exhausted_endpoint_holds_the_next_request() -> None:
    spent = (200, {"X-Ratelimit-Remaining": "0", "X-Ratelimit-Reset-After": "0.200000"}, b"{}")
    session, _, auth, clock = make([token("c:one"), spent, OK])
    session.get(SHOP_INFO, auth=auth)
    session.get(SHOP_INFO, auth=auth)
    assert len(clock.slept) == 1 and abs(clock.slept[0] - 0.2) < 1e-6


def test_the_token_and_basic_credentials_are_redacted() -> None:
    session, _, auth, _ = make([token("c:secret-token-value"), OK])
    session.get(SHOP_INFO, auth=auth)
    shown = auth.tokens.redactor(f"Bearer c:secret-token-value, {auth.tokens.basic}")
    assert "secret-token-value" not in shown and "Y2xpZW50LTE6c2VjcmV0LTE=" not in shown
