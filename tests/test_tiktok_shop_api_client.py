"""The public `tiktok-shop-api` client, pointed at a live mock: the strongest evidence of fidelity."""

from __future__ import annotations

from collections.abc import Iterator
from urllib.parse import parse_qs, urlparse

import httpx
import pytest
from tiktok_shop_api import TikTokShop, TikTokShopAuth, TikTokShopError

from mockserver.testing import LiveServer


@pytest.fixture(scope="module")
def server() -> Iterator[LiveServer]:
    with LiveServer() as s:
        yield s


def auth_code(server: LiveServer, **extra: str) -> str:
    r = httpx.get(
        f"{server.base_url}/open/authorize",
        params={"service_id": server.mock.settings.service_id, "state": "st", **extra},
    )
    assert r.status_code == 302
    return parse_qs(urlparse(r.headers["location"]).query)["code"][0]


@pytest.fixture
def auth(server: LiveServer) -> TikTokShopAuth:
    s = server.mock.settings
    return TikTokShopAuth(s.app_key, s.app_secret, service_id=s.service_id, base_url=server.base_url)


def test_exchange_refresh_and_list_shops(server: LiveServer, auth: TikTokShopAuth) -> None:
    tokens = auth.exchange_code(auth_code(server))
    assert tokens.seller_base_region == "ID" and tokens.user_type == 0
    renewed = auth.refresh(tokens.refresh_token)
    s = server.mock.settings
    with TikTokShop(s.app_key, s.app_secret, access_token=renewed.access_token, base_url=server.base_url) as client:
        shops = client.authorization.get_authorized_shops()
        assert shops is not None
        listed = shops.to_dict()["data"]["shops"]
    migrated = server.mock.store.shops[server.mock.refs.shops["migrated"]]
    assert [(x["id"], x["cipher"], x["region"]) for x in listed] == [(migrated.id, migrated.cipher, "ID")]


def test_reused_code_raises_the_real_error(server: LiveServer, auth: TikTokShopAuth) -> None:
    code = auth_code(server)
    auth.exchange_code(code)
    with pytest.raises(TikTokShopError) as e:
        auth.exchange_code(code)
    assert e.value.code == 36004004


def test_seller_endpoints_and_a_bad_token(server: LiveServer, auth: TikTokShopAuth) -> None:
    s = server.mock.settings
    tokens = auth.exchange_code(auth_code(server, mock_shop_id=server.mock.refs.shops["second"]))
    with TikTokShop(s.app_key, s.app_secret, access_token=tokens.access_token, base_url=server.base_url) as client:
        active = client.seller.get_active_shops()
        assert active is not None and active.to_dict()["data"]["shops"][0]["region"] == "ID"
        permissions = client.seller.get_global_product_permission()
        assert permissions is not None and permissions.to_dict()["code"] == 0
        with client.with_shop(access_token="ROW_not_a_token") as bad, pytest.raises(TikTokShopError) as e:
            bad.authorization.get_authorized_shops()
    assert (e.value.code, e.value.http_status) == (36009004, 401)


def test_wrong_secret_fails_the_signature(server: LiveServer) -> None:
    s = server.mock.settings
    token = next(iter(server.mock.store.access_tokens))
    with TikTokShop(s.app_key, "wrong-secret", access_token=token, base_url=server.base_url) as client:
        with pytest.raises(TikTokShopError) as e:
            client.authorization.get_authorized_shops()
    assert (e.value.code, e.value.http_status) == (106001, 401)
