"""Every gate failure answers its documented code, message and HTTP status, in the gate's order (reference §6)."""

from __future__ import annotations

from typing import Any

import httpx
import jsonschema
import pytest

from mockserver.clock import FrozenClock
from mockserver.runtime import Mock
from mockserver.testing import PartnerClient

SHOPS = "/authorization/202309/shops"
SEARCH = "/product/202309/products/search"  # shop_cipher required


def call(
    client: PartnerClient,
    path: str = SHOPS,
    *,
    drop: tuple[str, ...] = (),
    set_: dict[str, str] | None = None,
    method: str = "GET",
    body: bytes = b"",
    token: str | None = "default",
    cipher: Any = None,
) -> httpx.Response:
    """A correctly signed request, then broken on purpose: `drop` removes params after signing, `set_` overrides."""
    params = dict(client.signed_params(path, None, body, cipher=cipher))
    for k in drop:
        params.pop(k, None)
    params.update(set_ or {})
    headers = {"content-type": "application/json"}
    if token:
        headers["x-tts-access-token"] = client.access_token if token == "default" else token
    return client.http.request(method, path, params=params, content=body or None, headers=headers)


def assert_error(r: httpx.Response, status: int, code: int, fragment: str, error_schema: dict[str, Any]) -> None:
    assert r.status_code == status, r.text
    body = r.json()
    assert body["code"] == code
    assert fragment in body["message"]
    assert body["data"] is None
    jsonschema.validate(body, error_schema)


@pytest.fixture
def err_schema(mock: Mock) -> dict[str, Any]:
    return mock.registry.error_schema


def test_valid_request_passes(client: PartnerClient) -> None:
    r = call(client)
    assert r.status_code == 200 and r.json()["code"] == 0


def test_unknown_path(client: PartnerClient, err_schema: dict[str, Any]) -> None:
    assert_error(call(client, "/product/202309/nothing"), 404, 36009009, "Invalid path", err_schema)


def test_unknown_version(client: PartnerClient, err_schema: dict[str, Any]) -> None:
    assert_error(call(client, "/authorization/202101/shops"), 404, 36009014, "version name is invalid", err_schema)


def test_wrong_method(client: PartnerClient, err_schema: dict[str, Any]) -> None:
    assert_error(call(client, method="POST"), 405, 36009010, "Invalid method", err_schema)


def test_path_is_checked_before_credentials(client: PartnerClient, err_schema: dict[str, Any]) -> None:
    assert_error(call(client, "/nope/202309/x", drop=("app_key",)), 404, 36009009, "Invalid path", err_schema)


@pytest.mark.parametrize("broken", [{"drop": ("app_key",)}, {"set_": {"app_key": "unknownapp"}}])
def test_bad_app_key(client: PartnerClient, err_schema: dict[str, Any], broken: dict[str, Any]) -> None:
    assert_error(call(client, **broken), 400, 36009004, "Invalid 'app_key'", err_schema)


def test_app_key_is_checked_before_the_sign(client: PartnerClient, err_schema: dict[str, Any]) -> None:
    r = call(client, set_={"app_key": "unknownapp", "sign": "0" * 64})
    assert_error(r, 400, 36009004, "Invalid 'app_key'", err_schema)


@pytest.mark.parametrize(
    ("value", "fragment"),
    [("-5", "lesser than 0"), ("abc", "lesser than 0"), (None, "lesser than 0")],
)
def test_malformed_timestamp(
    client: PartnerClient, err_schema: dict[str, Any], value: str | None, fragment: str
) -> None:
    r = call(client, drop=("timestamp",)) if value is None else call(client, set_={"timestamp": value})
    assert_error(r, 400, 36009004, fragment, err_schema)


def test_timestamp_window(client: PartnerClient, clock: FrozenClock, err_schema: dict[str, Any]) -> None:
    now = int(clock.wall())
    assert_error(call(client, set_={"timestamp": str(now - 301)}), 400, 36009004, "5 minutes before", err_schema)
    assert_error(call(client, set_={"timestamp": str(now + 31)}), 400, 36009004, "by more than 30 seconds", err_schema)


def test_timestamp_window_edges_are_accepted(client: PartnerClient, clock: FrozenClock) -> None:
    for offset in (-300, 30):
        client.now = lambda offset=offset: clock.wall() + offset  # type: ignore[misc]
        assert call(client).json()["code"] == 0


def test_missing_sign(client: PartnerClient, err_schema: dict[str, Any]) -> None:
    assert_error(call(client, drop=("sign",)), 401, 36009004, "Missing credentials", err_schema)


def test_wrong_sign_explains_itself(client: PartnerClient, err_schema: dict[str, Any]) -> None:
    r = call(client, set_={"sign": "0" * 64})
    assert_error(r, 401, 106001, "'sign' query parameter is invalid", err_schema)
    debug = r.json()["mock_debug"]
    assert debug["string_to_sign"].startswith("<app_secret>/authorization/202309/shopsapp_key")
    assert client.app_secret not in r.text
    assert r.headers["x-mock-sign-hint"]


def test_uppercase_sign_is_rejected_with_a_hint(client: PartnerClient) -> None:
    good = dict(client.signed_params(SHOPS, None, b"", cipher=None))["sign"]
    r = call(client, set_={"sign": good.upper()})
    assert r.status_code == 401 and "lowercase" in r.json()["mock_debug"]["hint"]


def test_unsigned_body_change_is_rejected(client: PartnerClient) -> None:
    params = client.signed_params(SEARCH, {"page_size": 10}, b'{"status":"ALL"}', cipher=client.shop_cipher)
    headers = {"x-tts-access-token": client.access_token or "", "content-type": "application/json"}
    r = client.http.post(SEARCH, params=tuple(params), content=b'{"status":"DRAFT"}', headers=headers)
    assert r.status_code == 401 and r.json()["code"] == 106001


@pytest.mark.parametrize("token", [None, "ROW_made_up"])
def test_missing_or_unknown_token(client: PartnerClient, err_schema: dict[str, Any], token: str | None) -> None:
    assert_error(call(client, token=token), 401, 36009004, "'x-tts-access-token' header is invalid", err_schema)


def test_token_of_another_app_is_invalid(client: PartnerClient, mock: Mock, err_schema: dict[str, Any]) -> None:
    other = next(p for p in mock.store.access_tokens.values() if p.app_key != client.app_key)
    assert_error(call(client, token=other.access_token), 401, 36009004, "header is invalid", err_schema)


def test_expired_token(client: PartnerClient, clock: FrozenClock, mock: Mock, err_schema: dict[str, Any]) -> None:
    clock.advance(mock.settings.access_token_ttl + 1)
    assert_error(call(client), 401, 105002, "Expired credentials", err_schema)


def test_access_token_in_query_is_still_accepted(client: PartnerClient) -> None:
    r = call(client, token=None, set_={"access_token": client.access_token or ""})
    assert r.json()["code"] == 0


def test_missing_scope(client: PartnerClient, mock: Mock, err_schema: dict[str, Any]) -> None:
    other_app = mock.store.apps["tkpdotherapp2"]  # granted only authorization + shop info scopes
    other = next(p for p in mock.store.access_tokens.values() if p.app_key == other_app.app_key)
    client.app_key, client.app_secret, client.access_token = other_app.app_key, other_app.app_secret, other.access_token
    assert call(client).json()["code"] == 0
    r = call(client, SEARCH, method="POST", cipher=client.shop_cipher)
    assert_error(r, 403, 105005, "access scope", err_schema)


def test_missing_shop_cipher(client: PartnerClient, err_schema: dict[str, Any]) -> None:
    r = call(client, SEARCH, method="POST", cipher=None)
    assert_error(r, 400, 106013, "'shop_cipher' query parameter is required", err_schema)


def test_unexpected_shop_cipher(client: PartnerClient, err_schema: dict[str, Any]) -> None:
    r = call(client, cipher=client.shop_cipher)
    assert_error(r, 400, 36009004, "Unexpected identifier", err_schema)


def test_cipher_of_a_shop_not_authorized(client: PartnerClient, mock: Mock, err_schema: dict[str, Any]) -> None:
    unauthorized = mock.store.shops[mock.refs.shops["unauthorized"]]
    r = call(client, SEARCH, method="POST", cipher=unauthorized.cipher)
    assert_error(r, 403, 101000, "'x-tts-access-token' header is invalid", err_schema)


def test_cipher_of_another_sellers_authorized_shop(
    client: PartnerClient, mock: Mock, err_schema: dict[str, Any]
) -> None:
    second = mock.store.shops[mock.refs.shops["second"]]  # authorized for the app, but by another seller
    r = call(client, SEARCH, method="POST", cipher=second.cipher)
    assert_error(r, 403, 101000, "header is invalid", err_schema)


def test_unknown_cipher(client: PartnerClient, err_schema: dict[str, Any]) -> None:
    r = call(client, SEARCH, method="POST", cipher="ROW_nonexistent")
    assert_error(r, 403, 101000, "header is invalid", err_schema)
