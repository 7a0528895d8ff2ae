"""POST /token (client credentials over HTTP Basic) and the Bearer check on every fs call."""

from __future__ import annotations

from mockserver.clock import FrozenClock
from tests.legacy.conftest import FS_ID, OTHER_CLIENT, OTHER_FS_ID, LegacyClient, basic, code

SHOP_INFO = f"/v1/shop/fs/{FS_ID}/shop-info"


def test_token_with_grant_type_in_the_query(anonymous: LegacyClient) -> None:
    r = anonymous.post("/token", params={"grant_type": "client_credentials"}, headers=basic())
    body = r.json()
    assert r.status_code == 200 and body["token_type"] == "Bearer" and body["access_token"].startswith("c:")
    assert body["expires_in"] == 14 * 24 * 3600 and body["event_code"] == "" and body["sq_check"] is False


def test_token_with_grant_type_in_the_form_body(anonymous: LegacyClient) -> None:
    r = anonymous.post("/token", data={"grant_type": "client_credentials"}, headers=basic())
    assert r.status_code == 200 and r.json()["access_token"]


def test_asking_again_returns_the_live_token_with_the_time_left(anonymous: LegacyClient, clock: FrozenClock) -> None:
    first = anonymous.post("/token?grant_type=client_credentials", headers=basic()).json()
    clock.advance(100)
    again = anonymous.post("/token?grant_type=client_credentials", headers=basic()).json()
    assert again["access_token"] == first["access_token"] and again["expires_in"] == first["expires_in"] - 100


def test_bad_secret_is_invalid_client(anonymous: LegacyClient) -> None:
    r = anonymous.post("/token?grant_type=client_credentials", headers=basic(secret="wrong"))
    assert r.status_code == 401 and r.json()["error"] == "invalid_client"


def test_no_basic_auth_is_invalid_client(anonymous: LegacyClient) -> None:
    r = anonymous.post("/token?grant_type=client_credentials")
    assert r.status_code == 401 and r.json()["error"] == "invalid_client"


def test_missing_grant_type_is_invalid_request(anonymous: LegacyClient) -> None:
    r = anonymous.post("/token", headers=basic())
    assert r.status_code == 400 and r.json()["error"] == "invalid_request"


def test_a_wrong_grant_type_in_the_body_is_unsupported_even_with_a_right_one_in_the_query(
    anonymous: LegacyClient,
) -> None:
    r = anonymous.post("/token?grant_type=client_credentials", data={"grant_type": "password"}, headers=basic())
    assert r.status_code == 400 and r.json()["error"] == "unsupported_grant_type"


def test_other_grant_type_is_unsupported(anonymous: LegacyClient) -> None:
    r = anonymous.post("/token?grant_type=password", headers=basic())
    assert r.status_code == 400 and r.json()["error"] == "unsupported_grant_type"


def test_token_endpoint_only_takes_post(anonymous: LegacyClient) -> None:
    r = anonymous.get("/token?grant_type=client_credentials", headers=basic())
    assert r.status_code == 405 and r.json()["error"] == "invalid_request" and r.headers["allow"] == "POST"


def test_bearer_token_opens_the_fs_api(legacy: LegacyClient) -> None:
    assert legacy.get(SHOP_INFO).status_code == 200


def test_missing_token_is_401(anonymous: LegacyClient) -> None:
    r = anonymous.get(SHOP_INFO)
    assert r.status_code == 401 and code(r) == "MOCK_AUTH_001"


def test_unknown_token_is_401(anonymous: LegacyClient) -> None:
    r = anonymous.get(SHOP_INFO, headers={"Authorization": "Bearer c:AAAAAAAAAAAAAAAAAAAAAA"})
    assert r.status_code == 401 and code(r) == "MOCK_AUTH_002"


def test_basic_auth_is_not_a_bearer_token(anonymous: LegacyClient) -> None:
    r = anonymous.get(SHOP_INFO, headers=basic())
    assert r.status_code == 401 and code(r) == "MOCK_AUTH_001"


def test_expired_token_is_401(legacy: LegacyClient, clock: FrozenClock) -> None:
    clock.advance(14 * 24 * 3600)
    r = legacy.get(SHOP_INFO)
    assert r.status_code == 401 and code(r) == "MOCK_AUTH_003"


def test_a_new_token_after_expiry(legacy: LegacyClient, clock: FrozenClock) -> None:
    old = legacy.token
    clock.advance(14 * 24 * 3600)
    assert legacy.login().token != old and legacy.get(SHOP_INFO).status_code == 200


def test_token_of_another_app_is_401(app: object) -> None:
    other = LegacyClient(app, *OTHER_CLIENT).login()  # type: ignore[arg-type]
    r = other.get(SHOP_INFO)
    assert r.status_code == 401 and code(r) == "MOCK_AUTH_004"


def test_the_other_app_uses_its_own_fs_id(app: object) -> None:
    other = LegacyClient(app, *OTHER_CLIENT).login()  # type: ignore[arg-type]
    assert other.get(f"/v1/shop/fs/{OTHER_FS_ID}/shop-info").status_code == 200


def test_malformed_fs_id_is_the_modules_format_error(legacy: LegacyClient) -> None:
    r = legacy.get("/v1/shop/fs/abc/shop-info")
    assert r.status_code == 400 and code(r) == "SHP_DLV_002"
