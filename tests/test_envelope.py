"""The envelope everywhere: framework 404/405, malformed and oversized bodies, 501s, crashes."""

from __future__ import annotations

import inspect
from typing import Any

import jsonschema
import pytest
from starlette.applications import Starlette
from starlette.testclient import TestClient

from mockserver import Settings, create_app
from mockserver.ids import RequestIds
from mockserver.partner import envelope, errors
from mockserver.runtime import Mock
from mockserver.schemas import SchemaRegistry
from mockserver.testing import PartnerClient
from tests.conftest import T0

SEARCH = "/product/202309/products/search"


def _all_errors() -> list[errors.PartnerError]:
    out = []
    for _name, fn in inspect.getmembers(errors, inspect.isfunction):
        if fn.__module__ != errors.__name__:
            continue
        params = inspect.signature(fn).parameters
        args: dict[str, Any] = {p: "x" for p in params}
        if "reason" in params:
            args["reason"] = "past"
        out.append(fn(**args))
    return out


@pytest.mark.parametrize("err", _all_errors(), ids=lambda e: f"{e.code}-{e.http_status}")
def test_every_error_renders_a_valid_envelope(err: errors.PartnerError, registry: SchemaRegistry) -> None:
    body = envelope.error(err, RequestIds(1).next(T0))
    import orjson

    jsonschema.validate(orjson.loads(body), registry.error_schema)


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("POST", "/"),  # GET / is the landing page (mockserver/web)
        ("GET", "/favicon.ico"),
        ("GET", "/docs/assets/missing.js"),
        ("DELETE", "/_mock/apps"),
        ("GET", "/_mock/unknown"),
        ("PUT", "/api/v2/token/get"),
    ],
)
def test_framework_errors_use_the_envelope(client: PartnerClient, method: str, path: str) -> None:
    r = client.http.request(method, path)
    assert r.headers["content-type"] == "application/json"
    assert r.json()["code"] in (36009009, 36009010) and r.json()["data"] is None


def with_handler(app: Starlette, operation_id: str, fn: Any) -> None:
    """Swap one operation's handler, to test the dispatcher independently of any area's behaviour."""
    from mockserver.partner.dispatch import PartnerDispatcher

    route = next(r for r in app.routes if getattr(r, "path", "") == "/{path:path}")
    dispatcher = route.endpoint
    assert isinstance(dispatcher, PartnerDispatcher)
    dispatcher.table = {**dispatcher.table, operation_id: fn}


@pytest.fixture
def echo(app: Starlette) -> list[Any]:
    seen: list[Any] = []

    def handler(call: Any) -> Any:
        seen.append(call.body)
        return {}

    with_handler(app, "search_products", handler)
    return seen


def test_malformed_json_body(client: PartnerClient, echo: list[Any]) -> None:
    r = client.post("/seller/202309/shops", shop_cipher=None, content=b"{not json")
    assert r.status_code == 405  # the method is checked before the body
    r = client.post(SEARCH, query={"page_size": 1}, content=b"{not json")
    assert r.status_code == 400 and r.json()["code"] == 36009022 and echo == []


def test_empty_body_is_an_empty_object(client: PartnerClient, echo: list[Any]) -> None:
    assert client.post(SEARCH, query={"page_size": 1}).json()["code"] == 0
    assert echo == [{}]


def test_query_is_validated_against_the_schema(client: PartnerClient, echo: list[Any]) -> None:
    r = client.post(SEARCH, json={})
    assert (r.status_code, r.json()["code"]) == (400, 36009004) and "PageSize" in r.json()["message"]
    r = client.post(SEARCH, query={"page_size": "ten"}, json={})
    assert r.status_code == 400 and "type invalid" in r.json()["message"]
    r = client.post(SEARCH, query={"page_size": 101}, json={})
    assert r.status_code == 400 and echo == []


def test_oversized_body(clock: Any) -> None:
    app = create_app(Settings(seed=1, clock=clock, max_body_bytes=100))
    client = PartnerClient.in_process(app)
    r = client.post(SEARCH, query={"page_size": 1}, content=b'{"x":"' + b"a" * 200 + b'"}')
    assert r.status_code == 413 and r.json()["code"] == 36009021


def test_body_of_the_wrong_type(client: PartnerClient, echo: list[Any]) -> None:
    r = client.post(SEARCH, query={"page_size": 1}, content=b"[1,2]")
    assert r.status_code == 400 and r.json()["code"] == 36009004


def test_unimplemented_operation_is_a_loud_501(client: PartnerClient, mock: Mock) -> None:
    from mockserver.partner.registry import handlers

    op = next(op for op in mock.registry.partner_operations if op.operation_id not in handlers())
    path = op.path.replace("{version}", op.versions[0])
    for name in op.path_params.get("properties", {}):
        path = path.replace("{" + name + "}", "1")
    cipher = client.shop_cipher if op.shop_cipher != "forbidden" else None
    r = client.request(op.method, path, shop_cipher=cipher)
    assert r.status_code == 501
    assert r.json()["code"] == 36009003 and op.operation_id in r.json()["message"] and r.json()["data"] is None


def test_a_crash_answers_500_in_the_envelope(app: Starlette, mock: Mock) -> None:
    def boom(call: Any) -> Any:
        raise RuntimeError("kaput")

    with_handler(app, "get_active_shops", boom)
    client = PartnerClient(
        TestClient(app, raise_server_exceptions=False),
        mock.settings.app_key,
        mock.settings.app_secret,
        now=mock.clock.wall,
    ).use_shop(mock, "migrated")
    r = client.get("/seller/202309/shops", shop_cipher=None)
    assert r.status_code == 500 and r.json()["code"] == 36009003 and "kaput" not in r.text
