"""GET /authorization/202309/shops, /seller/202309/shops, /seller/202309/permissions."""

from __future__ import annotations

from mockserver.runtime import Mock
from mockserver.testing import PartnerClient


def test_authorized_shops_of_the_migrated_seller(client: PartnerClient, mock: Mock) -> None:
    body = client.get("/authorization/202309/shops", shop_cipher=None).json()
    shop = mock.store.shops[mock.refs.shops["migrated"]]
    assert body["code"] == 0 and body["message"] == "Success"
    assert body["data"] == {
        "shops": [
            {
                "id": shop.id,
                "name": shop.name,
                "region": "ID",
                "seller_type": "LOCAL",
                "cipher": shop.cipher,
                "code": shop.code,
            }
        ]
    }


def test_authorized_shops_are_per_seller(client: PartnerClient, mock: Mock) -> None:
    client.use_shop(mock, "second")
    shops = client.get("/authorization/202309/shops", shop_cipher=None).json()["data"]["shops"]
    assert [s["id"] for s in shops] == [mock.refs.shops["second"]]


def test_ids_are_19_digit_strings(client: PartnerClient) -> None:
    shop = client.get("/authorization/202309/shops", shop_cipher=None).json()["data"]["shops"][0]
    assert isinstance(shop["id"], str) and len(shop["id"]) == 19 and shop["id"].isdigit()


def test_active_shops(client: PartnerClient, mock: Mock) -> None:
    body = client.get("/seller/202309/shops", shop_cipher=None).json()
    assert body["data"] == {"shops": [{"id": mock.refs.shops["migrated"], "region": "ID"}]}


def test_permissions_of_a_local_seller(client: PartnerClient) -> None:
    body = client.get("/seller/202309/permissions", shop_cipher=None).json()
    assert body["code"] == 0 and body["data"] == {"permissions": []}


def test_responses_match_their_schemas(client: PartnerClient, mock: Mock) -> None:
    for op_id, path in [
        ("get_authorized_shops", "/authorization/202309/shops"),
        ("get_active_shops", "/seller/202309/shops"),
        ("get_seller_permissions", "/seller/202309/permissions"),
    ]:
        data = client.get(path, shop_cipher=None).json()["data"]
        mock.registry.operations[op_id].response_validator.validate(data)
