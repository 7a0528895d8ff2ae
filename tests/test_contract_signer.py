"""The kit's request signer: what it adds, that it signs the bytes sent, retries on 429 and refreshes on 105002."""

from __future__ import annotations

from typing import Any
from urllib.parse import parse_qsl, urlsplit

import requests

from mockserver.contract.signer import PartnerSigner, RateLimiter, Routes
from mockserver.contract.tokens import TokenPair, TokenSource
from mockserver.partner import signing
from mockserver.redact import Redactor

DOC = {
    "paths": {
        "/product/{version}/products/{product_id}": {
            "get": {"operationId": "get_product", "x-host": "open-api", "x-shop-cipher": "required"}
        },
        "/product/{version}/products/search": {
            "post": {"operationId": "search_products", "x-host": "open-api", "x-shop-cipher": "required"}
        },
        "/seller/{version}/shops": {
            "get": {"operationId": "get_active_shops", "x-host": "open-api", "x-shop-cipher": "forbidden"}
        },
        "/api/v2/token/get": {"get": {"operationId": "get_access_token", "x-host": "auth"}},
    }
}


class FakeAdapter(requests.adapters.BaseAdapter):
    """Answers from a script of (status, headers, body) and keeps what it was sent."""

    def __init__(self, script: list[tuple[int, dict[str, str], bytes]]) -> None:
        super().__init__()
        self.script = script
        self.sent: list[requests.PreparedRequest] = []

    def send(self, request: requests.PreparedRequest, **kwargs: Any) -> requests.Response:  # type: ignore[override]
        self.sent.append(request)
        status, headers, body = self.script.pop(0) if len(self.script) > 1 else self.script[0]
        response = requests.Response()
        response.status_code, response._content, response.request = status, body, request
        response.headers.update(headers)
        response.connection = self
        return response

    def close(self) -> None:
        pass


def make(script: list[tuple[int, dict[str, str], bytes]], **kw: Any) -> tuple[requests.Session, FakeAdapter, Any]:
    session = requests.Session()
    adapter = FakeAdapter(script)
    session.mount("http://", adapter)
    tokens = TokenSource(session, "http://auth", "key1", "secret1", Redactor(), pair=TokenPair("tok-1", "ref-1"))
    slept: list[float] = []
    signer = PartnerSigner(
        Routes(DOC), "key1", "secret1", tokens, "ROW_cipher", now=lambda: 1700000000, sleep=slept.append, **kw
    )
    return session, adapter, (signer, slept, tokens)


OK = (200, {}, b'{"code":0,"message":"Success","request_id":"x","data":{}}')


def test_signs_the_exact_body_and_adds_gate_parameters() -> None:
    session, adapter, (signer, _, _) = make([OK])
    session.post("http://api/product/202309/products/search?page_size=10", data=b'{"a": 1}', auth=signer)
    sent = adapter.sent[0]
    query = parse_qsl(urlsplit(sent.url).query)
    params = dict(query)
    assert params["app_key"] == "key1" and params["timestamp"] == "1700000000" and params["shop_cipher"] == "ROW_cipher"
    assert params["sign"] == signing.sign("/product/202309/products/search", query, b'{"a": 1}', "secret1")
    assert sent.headers["x-tts-access-token"] == "tok-1"


def test_no_shop_cipher_where_the_operation_forbids_it() -> None:
    session, adapter, (signer, _, _) = make([OK])
    session.get("http://api/seller/202309/shops", auth=signer)
    assert "shop_cipher" not in dict(parse_qsl(urlsplit(adapter.sent[0].url).query))


def test_auth_host_requests_are_not_signed() -> None:
    session, adapter, (signer, _, _) = make([OK])
    session.get("http://api/api/v2/token/get?app_key=k", auth=signer)
    assert "sign" not in adapter.sent[0].url and "x-tts-access-token" not in adapter.sent[0].headers


def test_429_waits_for_retry_after_and_re_signs() -> None:
    session, adapter, (signer, slept, _) = make([(429, {"Retry-After": "2"}, b"{}"), OK])
    response = session.get("http://api/product/202309/products/1", auth=signer)
    assert response.status_code == 200 and slept == [2.0] and len(adapter.sent) == 2
    assert signer.throttled == 1 and "sign=" in adapter.sent[1].url


def test_gives_up_after_max_retries() -> None:
    session, adapter, (signer, slept, _) = make([(429, {}, b"{}")], max_retries=2)
    assert session.get("http://api/product/202309/products/1", auth=signer).status_code == 429
    assert slept == [1.0, 2.0]


def test_expired_token_is_refreshed_once_and_the_request_resent() -> None:
    expired = (401, {}, b'{"code":105002,"message":"Expired credentials.","request_id":"x","data":null}')
    refreshed = (200, {}, b'{"code":0,"message":"success","request_id":"x","data":{"access_token":"tok-2",'
                 b'"refresh_token":"ref-1","access_token_expire_in":0}}')  # fmt: skip
    session, adapter, (signer, _, tokens) = make([expired, refreshed, OK])
    assert session.get("http://api/product/202309/products/1", auth=signer).status_code == 200
    assert adapter.sent[-1].headers["x-tts-access-token"] == "tok-2" and tokens.refreshes == 1


def test_rate_limiter_spaces_requests() -> None:
    slept: list[float] = []
    limiter = RateLimiter(10, sleep=slept.append)
    for _ in range(3):
        limiter.acquire()
    assert len(slept) == 2 and all(0 < s <= 0.2 for s in slept)
