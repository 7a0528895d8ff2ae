"""Fixtures for the hardening tests: an in-process mock, a signed Partner client, a legacy Bearer client."""

from __future__ import annotations

import base64

import pytest
from starlette.applications import Starlette
from starlette.testclient import TestClient

from mockserver.settings import DEFAULT_LEGACY_CLIENT_ID, DEFAULT_LEGACY_CLIENT_SECRET, DEFAULT_LEGACY_FS_ID
from mockserver.testing import PartnerClient

FS_ID = DEFAULT_LEGACY_FS_ID
SHOP_ID = 13004512  # the migrated shop's legacy id (seed.json)


@pytest.fixture
def raw(app: Starlette) -> TestClient:
    """An unsigned client that gets the mock's 500s as answers instead of exceptions."""
    return TestClient(app, raise_server_exceptions=False)


@pytest.fixture
def bearer(raw: TestClient) -> dict[str, str]:
    basic = base64.b64encode(f"{DEFAULT_LEGACY_CLIENT_ID}:{DEFAULT_LEGACY_CLIENT_SECRET}".encode()).decode()
    token = raw.post("/token?grant_type=client_credentials", headers={"Authorization": f"Basic {basic}"})
    return {"Authorization": f"Bearer {token.json()['access_token']}"}


@pytest.fixture
def signed(app: Starlette) -> PartnerClient:
    client = PartnerClient.in_process(app)
    client.http = TestClient(app, base_url="http://testserver", raise_server_exceptions=False)
    return client
