from __future__ import annotations

import pytest
from starlette.applications import Starlette

from mockserver import Settings, create_app
from mockserver.clock import FrozenClock
from mockserver.runtime import Mock
from mockserver.schemas import SchemaRegistry
from mockserver.testing import PartnerClient

#: A fixed instant (2026-06-01T00:00:00Z) for tests that move time.
T0 = 1780272000


@pytest.fixture
def clock() -> FrozenClock:
    return FrozenClock(T0)


@pytest.fixture(scope="session")
def registry() -> SchemaRegistry:
    """The compiled Partner/auth schemas, once per test process: read-only once built, so every test's fresh app
    shares them, as the pytest plugin's fixtures do. Tests of schema loading itself build their own."""
    return SchemaRegistry()


@pytest.fixture
def app(clock: FrozenClock, registry: SchemaRegistry) -> Starlette:
    """A fresh mock from the seed for each test (its own store, clock and ids), on the shared schemas."""
    return create_app(Settings(seed=1, clock=clock, validate_responses=True), registry)


@pytest.fixture
def mock(app: Starlette) -> Mock:
    mock: Mock = app.state.mock
    return mock


@pytest.fixture
def client(app: Starlette) -> PartnerClient:
    """Signed client for the migrated Tokopedia & Shop shop, with the default app's seeded token."""
    return PartnerClient.in_process(app)
