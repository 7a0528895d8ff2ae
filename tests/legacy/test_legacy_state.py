"""Legacy state lives in the one store: seeded, reset, deterministic; ids map both ways."""

from __future__ import annotations

from mockserver import Settings, create_app
from mockserver.clock import FrozenClock
from mockserver.legacy import ids
from mockserver.legacy.state import LegacyIdMap, state_of
from mockserver.runtime import Mock
from mockserver.testing import LiveServer
from tests.conftest import T0
from tests.legacy.conftest import FS_ID, SHOP_ID, LegacyClient, basic


def test_seeded_apps_and_links(mock: Mock) -> None:
    apps = mock.store.legacy_apps
    default = apps["tkpdmock-legacy-client-0001"]
    assert default.fs_id == FS_ID and default.app_key == mock.settings.app_key
    assert default.linked_shop_ids == {mock.refs.shops["migrated"]}
    assert apps["tkpdmock-legacy-client-0002"].fs_id == 13398


def test_credentials_come_from_settings(clock: FrozenClock) -> None:
    app = create_app(Settings(clock=clock, legacy_client_id="mine", legacy_client_secret="s", legacy_fs_id=42))
    client = LegacyClient(app, "mine", "s").login()
    assert client.get("/v1/shop/fs/42/shop-info").json()["data"][0]["shop_id"] == SHOP_ID


def test_reset_forgets_tokens_and_registrations(legacy: LegacyClient) -> None:
    legacy.post(f"/v1/fs/{FS_ID}/register", json={"order_status_url": "https://erp.example/s"})
    legacy.http.post("/_mock/reset")
    assert legacy.get(f"/v1/fs/{FS_ID}").status_code == 401
    assert legacy.login().get(f"/v1/fs/{FS_ID}").json()["data"]["order_status_url"] == ""


def test_same_seed_same_tokens_and_answers() -> None:
    def world() -> tuple[str | None, object]:
        client = LegacyClient(create_app(Settings(seed=5, clock=FrozenClock(T0)))).login()
        return client.token, client.get(f"/inventory/v1/fs/{FS_ID}/product/info", params={"shop_id": SHOP_ID}).json()[
            "data"
        ]

    assert world() == world()


def test_snapshot_copies_the_legacy_state(legacy: LegacyClient, mock: Mock) -> None:
    legacy.get(f"/inventory/v1/fs/{FS_ID}/product/info", params={"shop_id": SHOP_ID})  # fills the id map
    copy = mock.store.snapshot()
    assert copy.legacy_tokens.keys() == mock.store.legacy_tokens.keys() and copy.legacy_tokens
    assert state_of(copy).ids.to_legacy == state_of(mock.store).ids.to_legacy
    assert state_of(copy) is not state_of(mock.store)


def test_legacy_id_is_the_last_ten_digits() -> None:
    assert ids.to_legacy(LegacyIdMap(), ids.PRODUCT, "1729592969712207008") == 9712207008


def test_colliding_ids_are_told_apart_and_map_back() -> None:
    m = LegacyIdMap()
    a, b = "1700000000123456789", "1799999990123456789"
    assert ids.to_legacy(m, ids.PRODUCT, a) == 123456789
    assert ids.to_legacy(m, ids.PRODUCT, b) == 123456789 + 10**10
    assert ids.to_partner(m, ids.PRODUCT, 123456789 + 10**10, []) == b


def test_unknown_legacy_id_indexes_the_universe_once() -> None:
    m = LegacyIdMap()
    assert ids.to_partner(m, ids.SKU, 5, ["1700000000000000005"]) == "1700000000000000005"
    assert ids.to_partner(m, ids.SKU, 6, ["1700000000000000005"]) is None


def test_against_a_live_server() -> None:
    import httpx

    with LiveServer(Settings(seed=1)) as server:
        with httpx.Client(base_url=server.base_url) as http:
            token = http.post("/token?grant_type=client_credentials", headers=basic()).json()["access_token"]
            r = http.get(f"/v1/shop/fs/{FS_ID}/shop-info", headers={"Authorization": f"Bearer {token}"})
            assert r.status_code == 200 and r.json()["data"][0]["shop_id"] == SHOP_ID
            assert r.headers["x-ratelimit-limit"] == "5 req/s (burst 5)"
