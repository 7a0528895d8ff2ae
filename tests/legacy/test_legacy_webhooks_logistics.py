"""Webhook registration ({data, status, error_message}) and the courier endpoints."""

from __future__ import annotations

from tests.legacy.conftest import FS_ID, SHOP_ID, UNLINKED_SHOP_ID, LegacyClient, code

REGISTER = f"/v1/fs/{FS_ID}/register"
LIST = f"/v1/fs/{FS_ID}"


def test_register_then_list(legacy: LegacyClient) -> None:
    body = {
        "fs_id": FS_ID,
        "order_notification_url": "https://erp.example/tokopedia/order",
        "order_status_url": "https://erp.example/tokopedia/status",
        "webhook_secret": "s3cr3t",
    }
    r = legacy.post(REGISTER, json=body)
    assert r.json() == {"data": "success", "status": "200 Ok", "error_message": []}
    data = legacy.get(LIST).json()["data"]
    assert data["order_notification_url"] == body["order_notification_url"] and data["webhook_secret"] == "s3cr3t"
    assert data["fs_id"] == FS_ID and data["order_cancellation_url"] == ""


def test_urls_left_out_are_overwritten_with_empty(legacy: LegacyClient) -> None:
    legacy.post(
        REGISTER, json={"order_status_url": "https://erp.example/a", "product_changes_url": "https://erp.example/p"}
    )
    legacy.post(REGISTER, json={"order_status_url": "https://erp.example/b"})
    data = legacy.get(LIST).json()["data"]
    assert data["order_status_url"] == "https://erp.example/b" and data["product_changes_url"] == ""


def test_nothing_registered_lists_empty_urls(legacy: LegacyClient) -> None:
    data = legacy.get(LIST).json()["data"]
    assert data["order_notification_url"] == "" and data["webhook_secret"] == ""


def test_bad_url_is_an_error_in_the_registry_shape(legacy: LegacyClient) -> None:
    r = legacy.post(REGISTER, json={"order_status_url": "ftp://nope"})
    body = r.json()
    assert r.status_code == 400 and body["data"] is None and body["status"] == "400 Bad Request"
    assert body["error_message"] == ["WHK_DLV_004: invalid order_status_url format"]


def test_a_url_without_a_host_is_an_error(legacy: LegacyClient) -> None:
    r = legacy.post(REGISTER, json={"order_status_url": "https://"})
    assert r.status_code == 400 and r.json()["error_message"] == ["WHK_DLV_004: invalid order_status_url format"]


def test_wrong_method_uses_the_registry_shape(legacy: LegacyClient) -> None:
    r = legacy.request("PUT", REGISTER)
    body = r.json()
    assert r.status_code == 405 and body["status"] == "405 Method Not Allowed" and r.headers["allow"] == "POST"


def test_registry_auth_errors_use_the_registry_shape(anonymous: LegacyClient) -> None:
    body = anonymous.get(LIST).json()
    assert body["status"] == "401 Unauthorized" and body["error_message"][0].startswith("MOCK_AUTH_001")


def test_shipper_info_has_the_confirmed_ids(legacy: LegacyClient) -> None:
    data = legacy.get(f"/v2/logistic/fs/{FS_ID}/info", params={"shop_id": SHOP_ID}).json()["data"]
    by_name = {s["shipper_name"]: s for s in data}
    assert (
        by_name["JNE"]["shipper_id"] == 1
        and by_name["SiCepat"]["shipper_id"] == 11
        and by_name["TIKI"]["shipper_id"] == 2
    )
    assert {"service_id": 1, "service_name": "Reguler"}.items() <= by_name["JNE"]["services"][0].items()


def test_active_courier_is_pascal_case(legacy: LegacyClient) -> None:
    data = legacy.get(f"/v1/logistic/fs/{FS_ID}/active-info", params={"shop_id": SHOP_ID}).json()["data"]
    shop = data["Shops"][0]
    jne = next(s for s in shop["ShipmentInfos"] if s["ShipmentName"] == "JNE")
    assert shop["ShopID"] == SHOP_ID and jne["ShipmentID"] == 1 and jne["ShipmentCode"] == "jne"
    assert {"IsAvailable": 1, "ProductName": "Reguler", "ShippingProductID": 1} in jne["ShipmentPackages"]


def test_courier_endpoints_check_the_shop(legacy: LegacyClient) -> None:
    r = legacy.get(f"/v1/logistic/fs/{FS_ID}/active-info", params={"shop_id": UNLINKED_SHOP_ID})
    assert r.status_code == 403 and code(r) == "RBAC_MDLW_001"
