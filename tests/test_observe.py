"""The per-request record (mockserver.observe): every front-end fills in its dialect, operation, business code and
request_id, and the record handed to listeners matches what the client received."""

from __future__ import annotations

import base64
from collections.abc import Iterator

import pytest
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import PlainTextResponse
from starlette.routing import Route
from starlette.testclient import TestClient

from mockserver.app import MockApp
from mockserver.observe import RequestInfo, info_of
from mockserver.runtime import Mock
from mockserver.testing import PartnerClient


@pytest.fixture
def seen(app: MockApp) -> list[RequestInfo]:
    records: list[RequestInfo] = []
    app.listeners.append(records.append)
    return records


@pytest.fixture
def http(app: MockApp) -> Iterator[TestClient]:
    with TestClient(app, raise_server_exceptions=False) as c:
        yield c


def test_a_partner_answer_is_recorded_with_its_request_id(client: PartnerClient, seen: list[RequestInfo]) -> None:
    r = client.get("/authorization/202309/shops", shop_cipher=None)
    (info,) = seen
    assert (info.dialect, info.operation_id, info.status, info.code) == ("partner", "get_authorized_shops", 200, 0)
    assert info.request_id == r.json()["request_id"]
    assert info.app_key == client.app_key and info.seconds > 0


def test_a_gate_refusal_still_names_the_operation(client: PartnerClient, seen: list[RequestInfo]) -> None:
    client.app_secret = "not-the-secret"
    r = client.get("/product/202309/products/1")
    (info,) = seen
    assert (info.operation_id, info.status, info.code) == ("get_product", 401, 106001)
    assert info.request_id == r.json()["request_id"]


def test_a_shop_scoped_call_records_the_shop(client: PartnerClient, mock: Mock, seen: list[RequestInfo]) -> None:
    client.post("/product/202502/products/search", query={"page_size": 1}, json={})
    assert seen[0].shop_id == mock.refs.shops["migrated"]


def test_an_unknown_path_is_a_partner_404(http: TestClient, seen: list[RequestInfo]) -> None:
    r = http.get("/nowhere/202309/x")
    assert (seen[0].dialect, seen[0].status, seen[0].code, seen[0].operation_id) == ("partner", 404, 36009009, "")
    assert seen[0].request_id == r.json()["request_id"]


def test_a_failed_token_exchange_carries_its_code(http: TestClient, mock: Mock, seen: list[RequestInfo]) -> None:
    query = {
        "app_key": mock.settings.app_key,
        "app_secret": mock.settings.app_secret,
        "auth_code": "no-such-code",
        "grant_type": "authorized_code",
    }
    r = http.get("/api/v2/token/get", params=query)
    (info,) = seen
    assert (info.dialect, info.operation_id, info.status) == ("auth", "get_access_token", 200)
    assert info.code == r.json()["code"] == 36004004 and info.request_id == r.json()["request_id"]


def test_the_consent_page_is_recorded(http: TestClient, mock: Mock, seen: list[RequestInfo]) -> None:
    http.get("/open/authorize", params={"service_id": mock.settings.service_id}, follow_redirects=False)
    assert (seen[0].dialect, seen[0].operation_id, seen[0].status, seen[0].code) == ("auth", "authorize", 302, 0)


def test_legacy_errors_record_their_error_code(http: TestClient, seen: list[RequestInfo]) -> None:
    r = http.get("/v2/order/list", params={"fs_id": "13004"})
    (info,) = seen
    assert (info.dialect, info.status, info.code) == ("legacy", 401, "MOCK_AUTH_001")
    assert info.operation_id and info.request_id == ""  # the legacy envelope has no request id
    assert r.json()["header"]["error_code"] == info.code


def test_legacy_token_errors_record_the_oauth_error(http: TestClient, seen: list[RequestInfo]) -> None:
    wrong = base64.b64encode(b"nobody:nothing").decode()
    r = http.post("/token", params={"grant_type": "client_credentials"}, headers={"Authorization": f"Basic {wrong}"})
    assert seen[0].code == r.json()["error"] == "invalid_client"


def test_control_plane_answers_are_recorded(http: TestClient, seen: list[RequestInfo]) -> None:
    ok = http.get("/_mock/health").json()
    missing = http.get("/_mock/orders/404").json()
    assert (seen[0].dialect, seen[0].operation_id, seen[0].code) == ("control", "control.health", 0)
    assert seen[0].request_id == ok["request_id"]
    assert (seen[1].operation_id, seen[1].status, seen[1].code) == ("control.show", 404, 40401)
    assert seen[1].request_id == missing["request_id"]


def test_pages_and_documents_are_recorded(http: TestClient, seen: list[RequestInfo]) -> None:
    for path in ("/", "/docs", "/openapi.json", "/legacy/openapi.json", "/docs/assets/mock.css"):
        assert http.get(path).status_code == 200
    assert [(i.dialect, i.operation_id) for i in seen] == [
        ("pages", "landing"),
        ("pages", "docs"),
        ("pages", "openapi"),
        ("legacy", "openapi"),
        ("pages", "asset"),
    ]


def test_an_unhandled_error_is_recorded_as_the_500_sent(app: MockApp, seen: list[RequestInfo]) -> None:
    async def boom(request: Request) -> PlainTextResponse:
        raise RuntimeError("a bug")

    app.router.routes.insert(0, Route("/boom", boom))
    with TestClient(app, raise_server_exceptions=False) as http:
        r = http.get("/boom")
    assert (seen[0].status, seen[0].code, seen[0].request_id) == (500, 36009003, r.json()["request_id"])


def test_a_failing_listener_does_not_change_the_answer(app: MockApp, http: TestClient) -> None:
    def broken(info: RequestInfo) -> None:
        raise ValueError("listener bug")

    app.listeners.append(broken)
    assert http.get("/_mock/health").status_code == 200


def test_info_of_works_without_the_middleware() -> None:
    async def endpoint(request: Request) -> PlainTextResponse:
        info_of(request.scope).dialect = "partner"
        return PlainTextResponse(info_of(request.scope).dialect)

    with TestClient(Starlette(routes=[Route("/", endpoint)])) as http:
        assert http.get("/").text == "partner"


@pytest.mark.parametrize(
    ("chunks", "limit", "kept", "truncated"),
    [
        ([b"abc"], 8, b"abc", False),
        ([b"abc", b"defgh"], 8, b"abcdefgh", False),
        ([b"abc", b"defghij"], 8, b"abcdefgh", True),
        ([b"abcdefghij"], 4, b"abcd", True),
        ([b"", b"ab"], 4, b"ab", False),
        ([bytearray(b"ab"), b"c"], 4, b"abc", False),
    ],
)
def test_an_exchange_keeps_each_body_up_to_its_limit(
    chunks: list[bytes], limit: int, kept: bytes, truncated: bool
) -> None:
    from mockserver.observe import Exchange

    ex = Exchange(limit)
    for chunk in chunks:
        ex.keep_request(chunk)
        ex.keep_response(chunk)
    assert (bytes(ex.request_body), ex.request_truncated) == (kept, truncated)
    assert (bytes(ex.response_body), ex.response_truncated) == (kept, truncated)
    if len(chunks) == 1 and not truncated:
        assert ex.response_body is chunks[0]  # one chunk within the limit: kept as it is, not copied
