"""The control plane under /_mock/."""

from __future__ import annotations

from typing import Any

from mockserver.runtime import Mock
from mockserver.testing import PartnerClient


def data(client: PartnerClient, method: str, path: str, **kw: Any) -> Any:
    r = client.http.request(method, path, **kw)
    assert r.status_code == 200, r.text
    assert r.json()["code"] == 0
    return r.json()["data"]


def test_health(client: PartnerClient) -> None:
    assert data(client, "GET", "/_mock/health")["status"] == "ok"


def test_apps_lists_credentials_shops_and_tokens(client: PartnerClient, mock: Mock) -> None:
    apps = data(client, "GET", "/_mock/apps")["apps"]
    default = next(a for a in apps if a["app_key"] == mock.settings.app_key)
    assert default["app_secret"] == mock.settings.app_secret and default["service_id"] == mock.settings.service_id
    by_id = {s["id"]: s for s in default["shops"]}
    migrated = by_id[mock.refs.shops["migrated"]]
    assert migrated["authorized"] and migrated["platforms"] == ["TIKTOK_SHOP", "TOKOPEDIA"]
    assert migrated["tokopedia_shop_id"] and migrated["region"] == "ID" and migrated["seller_type"] == "LOCAL"
    assert by_id[mock.refs.shops["second"]]["authorized"]
    unauthorized = by_id[mock.refs.shops["unauthorized"]]
    assert not unauthorized["authorized"] and "access_token" not in unauthorized


def test_tokens_from_apps_work_at_the_gate(client: PartnerClient, mock: Mock) -> None:
    apps = data(client, "GET", "/_mock/apps")["apps"]
    shop = next(s for s in apps[0]["shops"] if s["id"] == mock.refs.shops["second"])
    client.access_token = shop["access_token"]
    assert client.get("/seller/202309/shops", shop_cipher=None).json()["data"]["shops"][0]["id"] == shop["id"]


def test_other_app_sees_only_its_own_authorizations(client: PartnerClient) -> None:
    apps = data(client, "GET", "/_mock/apps")["apps"]
    other = next(a for a in apps if a["app_key"] == "tkpdotherapp2")
    assert [s["authorized"] for s in other["shops"]] == [True, False, False]


def test_reset_forgets_changes(client: PartnerClient, mock: Mock) -> None:
    before = data(client, "GET", "/_mock/apps")
    mock.store.auth_codes["x"] = None  # type: ignore[assignment]
    mock.store.shops.clear()
    assert data(client, "POST", "/_mock/reset")["reset"] is True
    assert data(client, "GET", "/_mock/apps") == before
    assert "x" not in mock.store.auth_codes


def test_clock_advance_expires_tokens(client: PartnerClient, mock: Mock) -> None:
    now = data(client, "GET", "/_mock/clock")["now"]
    moved = data(client, "POST", "/_mock/clock", json={"advance": 8 * 24 * 3600})
    assert moved["now"] == now + 8 * 24 * 3600
    assert client.get("/seller/202309/shops", shop_cipher=None).json()["code"] == 105002


def test_clock_rejects_a_bad_body(client: PartnerClient) -> None:
    r = client.http.post("/_mock/clock", json={"jump": 1})
    assert r.status_code == 400 and r.json()["code"] == 36009004


def test_sign_helper_matches_the_gate(client: PartnerClient, mock: Mock) -> None:
    ts = str(int(mock.clock.wall()))
    q = {"app_key": mock.settings.app_key, "timestamp": ts}
    sign = data(client, "POST", "/_mock/sign", json={"path": "/seller/202309/shops", "query": q})["sign"]
    r = client.http.get(
        "/seller/202309/shops", params={**q, "sign": sign}, headers={"x-tts-access-token": client.access_token or ""}
    )
    assert r.json()["code"] == 0


def test_control_plane_is_not_in_the_public_schema(client: PartnerClient) -> None:
    doc = client.http.get("/openapi.json").json()
    assert not [p for p in doc["paths"] if p.startswith("/_mock")]


def test_reset_undoes_clock_moves() -> None:
    from mockserver import Settings, create_app

    client = PartnerClient.in_process(create_app(Settings(seed=1)))
    data(client, "POST", "/_mock/clock", json={"offset": 3600})
    data(client, "POST", "/_mock/reset")
    assert data(client, "GET", "/_mock/clock")["offset_seconds"] == 0
