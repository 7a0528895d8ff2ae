"""Fixtures for the legacy Seller API: an app with a roomy rate limit, a Bearer client, and schema checks.

Every response the `legacy` client receives is validated against schemas/legacy (the envelope for its status and
dialect, and the operation's `data` schema on success), so each test also checks the contract.
"""

from __future__ import annotations

import base64
from collections.abc import Iterator
from typing import Any
from urllib.parse import urlsplit

import httpx
import pytest
from starlette.applications import Starlette
from starlette.testclient import TestClient

from mockserver import Settings, create_app
from mockserver.clock import FrozenClock
from mockserver.legacy.schemas import LegacySchemas, RouteError
from mockserver.runtime import Mock
from mockserver.schemas import SchemaRegistry
from mockserver.settings import DEFAULT_LEGACY_CLIENT_ID, DEFAULT_LEGACY_CLIENT_SECRET, DEFAULT_LEGACY_FS_ID
from mockserver.testing import PartnerClient
from tests.conftest import T0

FS_ID = DEFAULT_LEGACY_FS_ID
OTHER_FS_ID = 13398
OTHER_CLIENT = ("tkpdmock-legacy-client-0002", "tkpdmock-legacy-secret-0002")
SHOP_ID = 13004512  # the migrated shop (seed.json)
UNLINKED_SHOP_ID = 13004777  # the seeded "unauthorized" shop


def basic(client_id: str = DEFAULT_LEGACY_CLIENT_ID, secret: str = DEFAULT_LEGACY_CLIENT_SECRET) -> dict[str, str]:
    return {"Authorization": "Basic " + base64.b64encode(f"{client_id}:{secret}".encode()).decode()}


def validate(schemas: LegacySchemas, method: str, path: str, response: httpx.Response) -> None:
    """The response matches its envelope schema and, on success, the operation's data schema."""
    path = urlsplit(path).path
    if path == "/legacy/openapi.json" and response.status_code == 200:
        return
    try:
        op = schemas.route(method, path).operation
    except RouteError as e:  # a wrong method answers in the envelope of the path's operation
        op = schemas.route(e.allowed[0], path).operation if e.status == 405 else None
    kind = op.envelope if op is not None else "standard"
    if kind == "html" and response.status_code == 200:
        assert response.headers["content-type"].startswith("text/html")
        return
    body = response.json()
    ok = response.status_code == 200
    name = {
        ("standard", True): "envelope",
        ("standard", False): "error",
        ("html", False): "error",
        ("registry", True): "registry-envelope",
        ("registry", False): "registry-error",
        ("oauth", False): "oauth-error",
    }.get((kind, ok))
    if name is not None:
        problems = [e.message for e in schemas.envelope_validators[name].iter_errors(body)]
        assert not problems, (name, problems, body)
    if ok and op is not None:
        data = body if kind == "oauth" else body["data"]
        problems = [f"{list(e.instance_path)}: {e.message}" for e in op.op.response_validator.iter_errors(data)]
        assert not problems, (op.operation_id, problems[:5])
    for header in ("x-ratelimit-limit", "x-ratelimit-remaining", "x-ratelimit-reset-after"):
        assert header in response.headers, header


class LegacyClient:
    """A Seller API client: gets a token with client credentials, sends it as Bearer, validates every answer."""

    def __init__(
        self, app: Starlette, client_id: str = DEFAULT_LEGACY_CLIENT_ID, secret: str = DEFAULT_LEGACY_CLIENT_SECRET
    ):
        self.app = app
        self.http = TestClient(app, base_url="http://testserver")
        self.schemas: LegacySchemas = app.state.legacy.schemas
        self.creds = (client_id, secret)
        self.token: str | None = None

    def login(self) -> LegacyClient:
        r = self.request("POST", "/token", params={"grant_type": "client_credentials"}, headers=basic(*self.creds))
        assert r.status_code == 200, r.text
        self.token = r.json()["access_token"]
        return self

    def request(self, method: str, path: str, **kw: Any) -> httpx.Response:
        headers = dict(kw.pop("headers", None) or {})
        if self.token and "Authorization" not in headers:
            headers["Authorization"] = f"Bearer {self.token}"
        r = self.http.request(method, path, headers=headers, **kw)
        validate(self.schemas, method, path, r)
        return r

    def get(self, path: str, **kw: Any) -> httpx.Response:
        return self.request("GET", path, **kw)

    def post(self, path: str, **kw: Any) -> httpx.Response:
        return self.request("POST", path, **kw)

    def patch(self, path: str, **kw: Any) -> httpx.Response:
        return self.request("PATCH", path, **kw)

    def delete(self, path: str, **kw: Any) -> httpx.Response:
        return self.request("DELETE", path, **kw)


def code(r: httpx.Response) -> str:
    error_code: str = r.json()["header"]["error_code"]
    return error_code


@pytest.fixture
def clock() -> FrozenClock:
    return FrozenClock(T0)


@pytest.fixture
def app(clock: FrozenClock, registry: SchemaRegistry) -> Starlette:
    """Rate limits out of the way (tests/legacy/test_ratelimit.py builds its own app with the default)."""
    settings = Settings(seed=1, clock=clock, validate_responses=True, legacy_rate_limit="10000/10000")
    return create_app(settings, registry)


@pytest.fixture(scope="session")
def legacy_schemas() -> LegacySchemas:
    """schemas/legacy, loaded once per test process, for tests that only read them (what `app.state.legacy.schemas`
    of every app holds)."""
    return LegacySchemas()


@pytest.fixture
def mock(app: Starlette) -> Mock:
    m: Mock = app.state.mock
    return m


@pytest.fixture
def legacy(app: Starlette) -> LegacyClient:
    return LegacyClient(app).login()


@pytest.fixture
def anonymous(app: Starlette) -> LegacyClient:
    return LegacyClient(app)


@pytest.fixture
def partner(app: Starlette) -> Iterator[PartnerClient]:
    yield PartnerClient.in_process(app)
