"""The OpenAPI document is built from schemas/, covers every route, and says what is implemented."""

from __future__ import annotations

from typing import Any

import pytest

from mockserver.partner.registry import handlers
from mockserver.runtime import Mock
from mockserver.testing import PartnerClient

#: Routes deliberately outside the document: the control plane, the consent page (a browser redirect) and the
#: image CDN that serves uploaded product images (`url` of Upload Product Image), and the legacy Seller API's one route
#: (its own router; documented at /legacy/openapi.json, which tests/legacy checks).
UNDOCUMENTED = {
    "/_mock",
    "/open/authorize",
    "/oauth/authorize",
    "/openapi.json",
    "/{path:path}",
    "/img/{uri:path}",
    "/{legacy_path:path}",
    "/wsos_v2/oec_fulfillment_doc_tts/object/{doc_id}",  # shipping labels behind doc_url (a CDN in the real API)
    "/",  # the mock's own pages (mockserver/web): landing page, API docs and their assets
    "/docs",
    "/redoc",
    "/docs/assets",
}


@pytest.fixture
def doc(client: PartnerClient) -> dict[str, Any]:
    body: dict[str, Any] = client.http.get("/openapi.json").json()
    return body


def test_is_openapi_3_1(doc: dict[str, Any]) -> None:
    assert doc["openapi"] == "3.1.0" and doc["paths"]


def test_every_schema_operation_is_documented(doc: dict[str, Any], mock: Mock) -> None:
    documented = {op["operationId"] for item in doc["paths"].values() for op in item.values()}
    assert documented == set(mock.registry.operations)


def test_implemented_flag_matches_the_handlers(doc: dict[str, Any]) -> None:
    table = handlers()
    for item in doc["paths"].values():
        for op in item.values():
            expected = op["x-host"] == "auth" or op["operationId"] in table
            assert op["x-mock-implemented"] is expected, op["operationId"]
            assert ("501" in op["responses"]) is (not expected)


def test_every_starlette_route_is_documented_or_listed(app: Any, doc: dict[str, Any]) -> None:
    for route in app.routes:
        assert route.path in doc["paths"] or route.path in UNDOCUMENTED, route.path


def test_every_handler_has_a_schema(mock: Mock) -> None:
    assert set(handlers()) <= set(mock.registry.operations)


def test_versions_are_an_enum(doc: dict[str, Any]) -> None:
    op = doc["paths"]["/product/{version}/products/search"]["post"]
    version = next(p for p in op["parameters"] if p["name"] == "version")
    assert version["schema"]["enum"] == ["202309", "202502"]


def test_gate_parameters_are_described_not_listed(doc: dict[str, Any]) -> None:
    op = doc["paths"]["/authorization/{version}/shops"]["get"]
    assert not {p["name"] for p in op["parameters"]} & {"app_key", "sign", "timestamp", "shop_cipher"}
    assert op["security"] == [{"accessToken": []}]
    assert "x-tts-access-token" in doc["components"]["securitySchemes"]["accessToken"]["name"]


def test_apps_made_with_one_registry_share_what_is_built_from_the_schemas() -> None:
    """The OpenAPI documents and the legacy dialect's compiled schemas are built once per registry, not per app."""
    from mockserver import Settings, create_app

    first = create_app(Settings())
    second = create_app(Settings(seed=2), first.state.mock.registry)
    assert second.state.legacy.schemas is first.state.legacy.schemas
    assert second.state.legacy.document is first.state.legacy.document
    other = create_app(Settings())  # a registry of its own builds its own
    assert other.state.legacy.schemas is not first.state.legacy.schemas
