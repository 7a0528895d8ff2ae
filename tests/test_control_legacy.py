"""`GET /_mock/apps` shows each app's legacy Seller API credentials: client_id, client_secret, fs_id, linked shops."""

from __future__ import annotations

import base64
from typing import Any

from mockserver import Settings, create_app
from mockserver.runtime import Mock
from mockserver.testing import PartnerClient


def apps(client: PartnerClient) -> dict[str, Any]:
    r = client.http.get("/_mock/apps")
    assert r.status_code == 200 and r.json()["code"] == 0
    return {a["app_key"]: a for a in r.json()["data"]["apps"]}


def test_default_app_shows_the_configured_legacy_credentials(client: PartnerClient, mock: Mock) -> None:
    legacy = apps(client)[mock.settings.app_key]["legacy"]
    assert legacy["client_id"] == mock.settings.legacy_client_id
    assert legacy["client_secret"] == mock.settings.legacy_client_secret
    assert legacy["fs_id"] == mock.settings.legacy_fs_id


def test_linked_shops_are_listed_by_legacy_shop_id(client: PartnerClient, mock: Mock) -> None:
    migrated = mock.store.shops[mock.refs.shops["migrated"]]
    legacy = apps(client)[mock.settings.app_key]["legacy"]
    assert legacy["shop_ids"] == [migrated.tokopedia_shop_id]
    assert legacy["linked_shops"] == [{"id": migrated.id, "shop_id": migrated.tokopedia_shop_id}]


def test_unauthorized_shop_is_not_linked(client: PartnerClient, mock: Mock) -> None:
    unauthorized = mock.store.shops[mock.refs.shops["unauthorized"]]
    legacy = apps(client)[mock.settings.app_key]["legacy"]
    assert unauthorized.tokopedia_shop_id not in legacy["shop_ids"]


def test_other_app_has_its_own_legacy_credentials(client: PartnerClient) -> None:
    legacy = apps(client)["tkpdotherapp2"]["legacy"]
    assert legacy["client_id"] == "tkpdmock-legacy-client-0002" and legacy["fs_id"] == 13398


def test_settings_change_the_listed_credentials() -> None:
    app = create_app(Settings(seed=1, legacy_client_id="my-client", legacy_client_secret="my-secret", legacy_fs_id=77))
    legacy = apps(PartnerClient.in_process(app))[app.state.mock.settings.app_key]["legacy"]
    assert (legacy["client_id"], legacy["client_secret"], legacy["fs_id"]) == ("my-client", "my-secret", 77)


def token(client: PartnerClient, legacy: dict[str, Any]) -> str:
    basic = base64.b64encode(f"{legacy['client_id']}:{legacy['client_secret']}".encode()).decode()
    r = client.http.post(
        "/token", params={"grant_type": "client_credentials"}, headers={"Authorization": f"Basic {basic}"}
    )
    assert r.status_code == 200, r.text
    access_token: str = r.json()["access_token"]
    return access_token


def test_listed_credentials_open_the_linked_shop(client: PartnerClient, mock: Mock) -> None:
    legacy = apps(client)[mock.settings.app_key]["legacy"]
    r = client.http.get(
        f"/v1/shop/fs/{legacy['fs_id']}/shop-info",
        params={"shop_id": legacy["shop_ids"][0]},
        headers={"Authorization": f"Bearer {token(client, legacy)}"},
    )
    assert r.status_code == 200 and r.json()["data"][0]["shop_id"] == legacy["shop_ids"][0]


def test_reset_keeps_the_legacy_credentials(client: PartnerClient) -> None:
    before = apps(client)
    assert client.http.post("/_mock/reset").json()["data"]["reset"] is True
    assert apps(client) == before
