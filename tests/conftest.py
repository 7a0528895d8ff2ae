from __future__ import annotations

import pytest
from starlette.applications import Starlette

from mockserver import Settings, create_app
from mockserver.clock import FrozenClock
from mockserver.runtime import Mock
from mockserver.testing import PartnerClient

#: A fixed instant (2026-06-01T00:00:00Z) for tests that move time.
T0 = 1780272000


@pytest.fixture
def clock() -> FrozenClock:
    return FrozenClock(T0)


@pytest.fixture
def app(clock: FrozenClock) -> Starlette:
    return create_app(Settings(seed=1, clock=clock, validate_responses=True))


@pytest.fixture
def mock(app: Starlette) -> Mock:
    mock: Mock = app.state.mock
    return mock


@pytest.fixture
def client(app: Starlette) -> PartnerClient:
    """Signed client for the migrated Tokopedia & Shop shop, with the default app's seeded token."""
    return PartnerClient.in_process(app)
