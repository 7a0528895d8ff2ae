"""OAuth on the auth host: consent redirect, single-use 30-minute codes, token exchange and refresh."""

from __future__ import annotations

from typing import Any
from urllib.parse import parse_qs, urlparse

import pytest
from starlette.testclient import TestClient

from mockserver.clock import FrozenClock
from mockserver.runtime import Mock
from mockserver.testing import PartnerClient
from tests.conftest import T0


@pytest.fixture
def http(client: PartnerClient) -> TestClient:
    assert isinstance(client.http, TestClient)
    return client.http


def consent(http: TestClient, mock: Mock, **extra: str) -> dict[str, list[str]]:
    r = http.get(
        "/open/authorize",
        params={"service_id": mock.settings.service_id, "state": "s1", **extra},
        follow_redirects=False,
    )
    assert r.status_code == 302
    location = r.headers["location"]
    assert location.startswith(mock.settings.effective_redirect_url)
    return parse_qs(urlparse(location).query)


def get_token(http: TestClient, mock: Mock, code: str, **over: str) -> dict[str, Any]:
    q = {
        "app_key": mock.settings.app_key,
        "app_secret": mock.settings.app_secret,
        "auth_code": code,
        "grant_type": "authorized_code",
        **over,
    }
    r = http.get("/api/v2/token/get", params=q)
    assert r.status_code == 200
    body: dict[str, Any] = r.json()
    return body


def refresh(http: TestClient, mock: Mock, token: str, **over: str) -> dict[str, Any]:
    q = {
        "app_key": mock.settings.app_key,
        "app_secret": mock.settings.app_secret,
        "refresh_token": token,
        "grant_type": "refresh_token",
        **over,
    }
    body: dict[str, Any] = http.get("/api/v2/token/refresh", params=q).json()
    return body


def test_consent_redirects_with_code_and_state(http: TestClient, mock: Mock) -> None:
    q = consent(http, mock)
    assert q["state"] == ["s1"] and len(q["code"][0]) > 10


def test_consent_denied(http: TestClient, mock: Mock) -> None:
    q = consent(http, mock, mock_action="deny")
    assert q["code"] == ["null"] and q["error"] == ["auth_denied"]


def test_consent_with_unknown_service_id_is_an_envelope_error(http: TestClient) -> None:
    r = http.get("/open/authorize", params={"service_id": "nope"}, follow_redirects=False)
    assert r.status_code == 400 and r.json()["code"] == 36009004


def test_exchange_returns_the_official_shape(http: TestClient, mock: Mock) -> None:
    body = get_token(http, mock, consent(http, mock)["code"][0])
    assert body["code"] == 0 and body["message"] == "success" and body["request_id"]
    data = body["data"]
    assert data["access_token_expire_in"] == T0 + 7 * 24 * 3600  # absolute Unix time, not a duration
    assert data["refresh_token_expire_in"] > data["access_token_expire_in"]
    seller = mock.store.sellers[mock.refs.sellers["tokopedia_and_shop"]]
    assert (data["open_id"], data["seller_name"], data["seller_base_region"], data["user_type"]) == (
        seller.open_id,
        seller.name,
        "ID",
        0,
    )
    assert "seller.product.basic" in data["granted_scopes"]
    mock.registry.operations["get_access_token"].response_validator.validate(data)


def test_code_is_single_use(http: TestClient, mock: Mock) -> None:
    code = consent(http, mock)["code"][0]
    assert get_token(http, mock, code)["code"] == 0
    again = get_token(http, mock, code)
    assert again == {"code": 36004004, "message": "invalid auth code", "request_id": again["request_id"]}


def test_code_expires_after_30_minutes(http: TestClient, mock: Mock, clock: FrozenClock) -> None:
    code = consent(http, mock)["code"][0]
    clock.advance(30 * 60)
    assert get_token(http, mock, code)["code"] == 36004004


def test_code_is_valid_just_before_30_minutes(http: TestClient, mock: Mock, clock: FrozenClock) -> None:
    code = consent(http, mock)["code"][0]
    clock.advance(30 * 60 - 1)
    assert get_token(http, mock, code)["code"] == 0


def test_made_up_code(http: TestClient, mock: Mock) -> None:
    assert get_token(http, mock, "made-up")["code"] == 36004004


@pytest.mark.parametrize(
    ("over", "code", "fragment"),
    [
        ({"app_key": "nope"}, 36009004, "'app_key'"),
        ({"app_secret": "nope"}, 36009004, "'app_secret'"),
        ({"grant_type": "authorization_code"}, 36009004, "authorized_code"),
    ],
)
def test_bad_exchange_parameters_do_not_consume_the_code(
    http: TestClient, mock: Mock, over: dict[str, str], code: int, fragment: str
) -> None:
    auth_code = consent(http, mock)["code"][0]
    body = get_token(http, mock, auth_code, **over)
    assert body["code"] == code and fragment in body["message"] and "data" not in body
    assert get_token(http, mock, auth_code)["code"] == 0


def test_code_of_another_app_is_invalid(http: TestClient, mock: Mock) -> None:
    r = http.get("/open/authorize", params={"service_id": "7400000000000000002"}, follow_redirects=False)
    assert r.headers["location"].startswith("https://other-app.example/callback?")
    code = parse_qs(urlparse(r.headers["location"]).query)["code"][0]
    assert get_token(http, mock, code)["code"] == 36004004


def test_consent_for_a_chosen_shop_authorizes_it(http: TestClient, mock: Mock, client: PartnerClient) -> None:
    shop = mock.store.shops[mock.refs.shops["unauthorized"]]
    data = get_token(http, mock, consent(http, mock, mock_shop_id=shop.id)["code"][0])["data"]
    client.access_token = data["access_token"]
    shops = client.get("/authorization/202309/shops", shop_cipher=None).json()["data"]["shops"]
    assert [s["cipher"] for s in shops] == [shop.cipher]


def test_exchanged_token_works_at_the_gate(http: TestClient, mock: Mock, client: PartnerClient) -> None:
    client.access_token = get_token(http, mock, consent(http, mock)["code"][0])["data"]["access_token"]
    assert client.get("/seller/202309/shops", shop_cipher=None).json()["code"] == 0


def test_refresh_issues_a_new_access_token(
    http: TestClient, mock: Mock, clock: FrozenClock, client: PartnerClient
) -> None:
    first = get_token(http, mock, consent(http, mock)["code"][0])["data"]
    clock.advance(3600)
    body = refresh(http, mock, first["refresh_token"])
    assert body["code"] == 0 and body["message"] == "success"
    data = body["data"]
    assert data["access_token"] != first["access_token"]
    assert data["access_token_expire_in"] == T0 + 3600 + 7 * 24 * 3600
    assert data["refresh_token"] == first["refresh_token"]  # GUESS: the refresh token is kept
    client.access_token = data["access_token"]
    assert client.get("/seller/202309/shops", shop_cipher=None).json()["code"] == 0


def test_refresh_after_access_expiry_revives_access(
    http: TestClient, mock: Mock, clock: FrozenClock, client: PartnerClient
) -> None:
    clock.advance(8 * 24 * 3600)
    assert client.get("/seller/202309/shops", shop_cipher=None).json()["code"] == 105002
    seeded = mock.store.access_tokens[client.access_token or ""]
    client.access_token = refresh(http, mock, seeded.refresh_token)["data"]["access_token"]
    assert client.get("/seller/202309/shops", shop_cipher=None).json()["code"] == 0


def test_expired_refresh_token(http: TestClient, mock: Mock, clock: FrozenClock) -> None:
    first = get_token(http, mock, consent(http, mock)["code"][0])["data"]
    clock.advance(366 * 24 * 3600)
    body = refresh(http, mock, first["refresh_token"])
    assert (body["code"], body["message"]) == (36004001, "rt has expired")


def test_unknown_refresh_token(http: TestClient, mock: Mock) -> None:
    assert refresh(http, mock, "ROW_nope")["code"] == 36004005


def test_refresh_with_wrong_grant_type(http: TestClient, mock: Mock) -> None:
    first = get_token(http, mock, consent(http, mock)["code"][0])["data"]
    assert refresh(http, mock, first["refresh_token"], grant_type="authorized_code")["code"] == 36009004


def test_refresh_token_of_another_app(http: TestClient, mock: Mock) -> None:
    other = next(p for p in mock.store.refresh_tokens.values() if p.app_key != mock.settings.app_key)
    assert refresh(http, mock, other.refresh_token)["code"] == 36004005
