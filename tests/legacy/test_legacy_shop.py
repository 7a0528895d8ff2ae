"""GET /v1/shop/fs/{fs_id}/shop-info: the seeded shops as the legacy API shows them."""

from __future__ import annotations

from mockserver.runtime import Mock
from tests.legacy.conftest import FS_ID, SHOP_ID, UNLINKED_SHOP_ID, LegacyClient, code

PATH = f"/v1/shop/fs/{FS_ID}/shop-info"


def test_lists_the_linked_shop_with_the_seeded_fields(legacy: LegacyClient, mock: Mock) -> None:
    shops = legacy.get(PATH).json()["data"]
    migrated = mock.store.shops[mock.refs.shops["migrated"]]
    assert [s["shop_id"] for s in shops] == [SHOP_ID]
    assert shops[0]["shop_name"] == migrated.name and shops[0]["status"] == 1 and shops[0]["is_open"] == 1


def test_owner_and_domain(legacy: LegacyClient) -> None:
    shop = legacy.get(PATH).json()["data"][0]
    assert shop["admin_id"] == [shop["user_id"]] and shop["domain"].isalnum()
    assert shop["shop_url"] == f"https://www.tokopedia.com/{shop['domain']}"


def test_warehouses_are_the_catalogs(legacy: LegacyClient, mock: Mock) -> None:
    shop = legacy.get(PATH, params={"shop_id": SHOP_ID}).json()["data"][0]
    names = [w.name for w in mock.store.warehouses.values() if w.shop_id == mock.refs.shops["migrated"]]
    assert [w["warehouse_name"] for w in shop["warehouses"]] == names
    assert shop["warehouses"][0]["shop_id"] == {"Int64": SHOP_ID, "Valid": True}


def test_unlinked_shop_is_403(legacy: LegacyClient) -> None:
    r = legacy.get(PATH, params={"shop_id": UNLINKED_SHOP_ID})
    assert r.status_code == 403 and code(r) == "RBAC_MDLW_001"


def test_unknown_shop_is_403_too(legacy: LegacyClient) -> None:
    assert code(legacy.get(PATH, params={"shop_id": 1})) == "RBAC_MDLW_001"


def test_malformed_shop_id_is_400(legacy: LegacyClient) -> None:
    r = legacy.get(PATH, params={"shop_id": "12a"})
    assert r.status_code == 400 and code(r) == "SHP_DLV_003"


def test_page_past_the_end_is_empty(legacy: LegacyClient) -> None:
    assert legacy.get(PATH, params={"page": 2, "per_page": 10}).json()["data"] == []
