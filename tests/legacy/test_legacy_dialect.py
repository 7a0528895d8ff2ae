"""The dialect itself: routing next to the Partner API, envelopes, every error code, 501s, the document."""

from __future__ import annotations

from typing import Any

import orjson
import pytest
from starlette.applications import Starlette

from mockserver.legacy import envelope, errors
from mockserver.legacy.registry import handlers
from mockserver.legacy.schemas import LegacySchemas
from mockserver.runtime import Mock
from mockserver.settings import Settings
from mockserver.testing import PartnerClient
from tests.legacy.conftest import FS_ID, SHOP_ID, LegacyClient, code


def test_unknown_legacy_path_answers_404_in_the_envelope(legacy: LegacyClient) -> None:
    r = legacy.get(f"/v1/nothing/fs/{FS_ID}")
    assert r.status_code == 404 and code(r) == "MOCK_ROUTE_404" and r.json()["data"] is None


def test_wrong_method_answers_405_with_allow(legacy: LegacyClient) -> None:
    r = legacy.request("PUT", f"/v1/shop/fs/{FS_ID}/shop-info")
    assert r.status_code == 405 and code(r) == "MOCK_ROUTE_405" and r.headers["allow"] == "GET"


def test_partner_paths_still_reach_the_partner_api(partner: PartnerClient) -> None:
    r = partner.get("/authorization/202309/shops", shop_cipher=None)
    assert r.status_code == 200 and r.json()["code"] == 0


def test_unknown_partner_path_keeps_the_partner_404(partner: PartnerClient) -> None:
    r = partner.http.get("/product/202309/nothing")
    assert r.status_code == 404 and r.json()["code"] == 36009009


def test_known_but_unimplemented_operation_is_501(legacy: LegacyClient) -> None:
    r = legacy.get(f"/inventory/v1/fs/{FS_ID}/product/etalase", params={"shop_id": SHOP_ID})
    assert r.status_code == 501 and code(r) == "MOCK_NOT_IMPLEMENTED"


def test_malformed_json_is_the_modules_body_error(legacy: LegacyClient) -> None:
    r = legacy.post(f"/inventory/v1/fs/{FS_ID}/stock/update", params={"shop_id": SHOP_ID}, content=b"[{not json")
    assert r.status_code == 400 and code(r) == "PRD_DLV_043"


def test_wrong_json_type_fails_the_whole_request(legacy: LegacyClient) -> None:
    body = [{"product_id": 1, "new_stock": "ten"}]
    r = legacy.post(f"/inventory/v1/fs/{FS_ID}/stock/update", params={"shop_id": SHOP_ID}, json=body)
    assert r.status_code == 400 and code(r) == "PRD_DLV_043" and "new_stock" in r.json()["header"]["reason"]


def test_body_too_large_is_413(clock: Any) -> None:
    from mockserver import create_app

    client = LegacyClient(create_app(Settings(clock=clock, max_body_bytes=64))).login()
    r = client.post(f"/inventory/v1/fs/{FS_ID}/stock/update", params={"shop_id": SHOP_ID}, content=b"[" + b" " * 100)
    assert r.status_code == 413 and code(r) == "MOCK_BODY_413"


def test_success_header_is_short_by_default(legacy: LegacyClient) -> None:
    r = legacy.get(f"/v1/logistic/fs/{FS_ID}/active-info")
    assert r.json()["header"].keys() == {"process_time", "messages"}
    assert r.json()["header"]["messages"] == errors.SUCCESS


def test_shop_info_header_carries_reason_and_integer_zero(legacy: LegacyClient) -> None:
    header = legacy.get(f"/v1/shop/fs/{FS_ID}/shop-info").json()["header"]
    assert header["reason"] == "" and header["error_code"] == 0
    assert header["messages"] == "Successfully get retrieved shop info data"


@pytest.mark.parametrize("name", sorted(errors.CODES))
def test_every_error_renders_a_valid_body(legacy_schemas: LegacySchemas, name: str) -> None:
    schemas = legacy_schemas
    spec = errors.CODES[name]
    err = errors.error(name, *([1] * spec.reason.count("%")))
    for body, schema in (
        (envelope.failure(err, 0.0), "error"),
        (envelope.registry_failure(err), "registry-error"),
    ):
        problems = [e.message for e in schemas.envelope_validators[schema].iter_errors(orjson.loads(body))]
        assert not problems, problems
    assert 400 <= err.http_status < 600


def test_dlv_codes_are_400_and_rbac_is_403() -> None:
    assert all(s.http_status == 400 for c, s in errors.CODES.items() if "_DLV_" in c)
    assert errors.error("RBAC_MDLW_001").http_status == 403


def test_document_lists_every_operation_and_method(anonymous: LegacyClient, app: Starlette) -> None:
    doc = anonymous.get("/legacy/openapi.json").json()
    schemas: LegacySchemas = app.state.legacy.schemas
    documented = {(path, method.upper()) for path, item in doc["paths"].items() for method in item}
    assert documented == {(o.path, m) for o in schemas.operations.values() for m in o.methods}


def test_document_flags_what_is_implemented(anonymous: LegacyClient) -> None:
    doc = anonymous.get("/legacy/openapi.json").json()
    table = handlers()
    for item in doc["paths"].values():
        for op in item.values():
            base = op["operationId"].split("__")[0]
            assert op["x-mock-implemented"] is (base in table), base
            assert ("501" in op["responses"]) is (base not in table)


def test_every_handler_has_a_schema(app: Starlette) -> None:
    assert set(handlers()) <= set(app.state.legacy.schemas.operations)


def test_partner_registry_does_not_load_legacy_operations(mock: Mock, app: Starlette) -> None:
    assert not set(app.state.legacy.schemas.operations) & set(mock.registry.operations)
    assert all(op.host != "legacy" for op in mock.registry.operations.values())


def test_legacy_operations_are_not_in_the_partner_document(partner: PartnerClient) -> None:
    doc = partner.http.get("/openapi.json").json()
    assert not any(p.startswith(("/v1/", "/v2/", "/v3/", "/inventory/", "/token")) for p in doc["paths"])


def test_unknown_inventory_path_is_still_legacy(legacy: LegacyClient) -> None:
    r = legacy.post(f"/inventory/vX/fs/{FS_ID}/stock/increment", params={"shop_id": SHOP_ID}, json=[])
    assert r.status_code == 404 and code(r) == "MOCK_ROUTE_404"
