"""The pytest plugin, registered through the `pytest11` entry point: test your own code against tokopedia-mock.

Fixtures (nothing is built or started unless a test asks for one of them):

- `tokopedia_mock`: an in-process mock (no socket), fresh from the seed for each test. Its `transport` plugs into
  any httpx-based client (the `tiktok-shop-api` SDK included).
- `tokopedia_mock_client`: a `PartnerClient` on it that signs like a real client, for the migrated shop.
- `tokopedia_mock_server`: a real HTTP server (uvicorn in a thread on a free port, one per session), back to the
  seed before each test.
- `tokopedia_mock_session_server`: the same server for session-scoped fixtures (no per-test reset).
- `tokopedia_mock_settings`: the `Settings` of the current test; override it in a conftest to change defaults.
- `tokopedia_mock_webhooks`: the built-in webhook receiver, subscribed to everything of the migrated shop (both
  APIs), on whichever of the two mocks the test uses; verifies signatures and waits for a notification.

`@pytest.mark.tokopedia_mock(seed=7, access_token_ttl=60)` sets `Settings` fields for a test, class or module.

`--tokopedia-mock-url URL` (or `TOKOPEDIA_MOCK_URL`): the server fixtures use that running server instead of
starting one, each pytest-xdist worker in a tenant of its own (`gw0`, `gw1`, ...; `main` without xdist), reset
before each test. Markers' settings cannot reach a shared server (it was started with its own).
An exception raised inside the mock fails the test that caused it, with the mock's traceback.
"""

from __future__ import annotations

from collections.abc import Generator, Iterator
from typing import TYPE_CHECKING, Any

import pytest

if TYPE_CHECKING:
    from mockserver.schemas import SchemaRegistry
    from mockserver.settings import Settings
    from mockserver.testing import LiveServer, PartnerClient
    from mockserver.testkit.capture import CapturedError, ErrorCapture
    from mockserver.testkit.handle import TokopediaMock
    from mockserver.testkit.webhooks import WebhookInbox

MARKER = "tokopedia_mock"
_NOT_OPTIONS = frozenset({"host", "port"})  # the plugin picks where the mock listens

_WATCHED: pytest.StashKey[list[ErrorCapture]] = pytest.StashKey()
_REGISTRY: pytest.StashKey[SchemaRegistry] = pytest.StashKey()
_SERVER: pytest.StashKey[LiveServer] = pytest.StashKey()


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--tokopedia-mock-url",
        default=None,
        help="use this running tokopedia-mock for the server fixtures, one tenant per xdist worker "
        "(default: $TOKOPEDIA_MOCK_URL, else start one per session)",
    )


def _shared_url(config: pytest.Config) -> str | None:
    import os

    url: str | None = config.getoption("--tokopedia-mock-url", None) or os.environ.get("TOKOPEDIA_MOCK_URL")
    return url or None


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers",
        f"{MARKER}(**settings): settings of the tokopedia-mock fixtures for this test, e.g. seed=7, "
        "access_token_ttl=60 (any field of mockserver.Settings except host and port)",
    )


@pytest.hookimpl(wrapper=True)
def pytest_runtest_call(item: pytest.Item) -> Generator[None, object, object]:
    captures = _captures(item)
    if not captures:
        return (yield)
    try:
        result = yield
    except BaseException:
        errors = _take(captures)
        if errors:  # the test failed anyway: show the mock's side of it next to the test's own failure
            item.add_report_section("call", "tokopedia-mock server error", _describe(errors))
        raise
    errors = _take(captures)
    if errors:
        from mockserver.testkit.capture import MockServerError

        raise MockServerError.from_captured(errors) from errors[0].exception
    return result


def _captures(item: pytest.Item) -> list[ErrorCapture]:
    found = list(item.stash.get(_WATCHED, ()))
    server = item.config.stash.get(_SERVER, None)
    if server is not None and server.capture not in found:
        found.append(server.capture)  # a session-scoped fixture of the user's may be calling it
    return found


def _take(captures: list[ErrorCapture]) -> list[CapturedError]:
    return [e for capture in captures for e in capture.take()]


def _describe(errors: list[CapturedError]) -> str:
    return "\n".join(e.describe() for e in errors)


def _watch(node: pytest.Item, capture: ErrorCapture) -> None:
    node.stash.setdefault(_WATCHED, []).append(capture)


def _fail_on_leftovers(capture: ErrorCapture) -> None:
    """Errors outside the test's call (its fixtures' setup or teardown) fail the teardown instead."""
    errors = capture.take()
    if errors:
        pytest.fail(f"tokopedia-mock raised outside the test body (in a fixture), {_describe(errors)}", pytrace=False)


def _registry(config: pytest.Config) -> SchemaRegistry:
    """The compiled schemas, once per session: every test's fresh mock shares them (they never change)."""
    registry = config.stash.get(_REGISTRY, None)
    if registry is None:
        from mockserver.schemas import SchemaRegistry

        registry = config.stash[_REGISTRY] = SchemaRegistry()
    return registry


def marker_options(node: pytest.Item) -> dict[str, Any]:
    """The `tokopedia_mock` markers' options, the closest marker winning (test over class over module)."""
    from dataclasses import fields

    from mockserver.settings import Settings

    options: dict[str, Any] = {}
    for mark in reversed(list(node.iter_markers(MARKER))):
        if mark.args:
            pytest.fail(f"@pytest.mark.{MARKER} takes keyword options only, e.g. seed=7", pytrace=False)
        options.update(mark.kwargs)
    allowed = {f.name for f in fields(Settings)} - _NOT_OPTIONS
    unknown = sorted(options.keys() - allowed)
    if unknown:
        pytest.fail(
            f"@pytest.mark.{MARKER}: unknown option(s) {', '.join(unknown)}; options are: {', '.join(sorted(allowed))}",
            pytrace=False,
        )
    return options


@pytest.fixture
def tokopedia_mock_settings(request: pytest.FixtureRequest) -> Settings:
    """This test's settings: the defaults (responses checked against their schemas) and the marker's options."""
    from mockserver.settings import Settings

    node: pytest.Item = request.node
    return Settings(validate_responses=True).with_overrides(**marker_options(node))


@pytest.fixture
def tokopedia_mock(request: pytest.FixtureRequest, tokopedia_mock_settings: Settings) -> Iterator[TokopediaMock]:
    """An in-process mock, fresh from the seed: no socket, no thread. Use `.transport` with httpx-based clients."""
    from mockserver.testkit.handle import TokopediaMock, fresh_clock

    handle = TokopediaMock.in_process(fresh_clock(tokopedia_mock_settings), _registry(request.config))
    _watch(request.node, handle._capture)
    yield handle
    handle.close()
    _fail_on_leftovers(handle._capture)


@pytest.fixture
def tokopedia_mock_client(tokopedia_mock: TokopediaMock) -> PartnerClient:
    """A signed client on the in-process mock, for the migrated Tokopedia & Shop shop."""
    return tokopedia_mock.client()


@pytest.fixture(scope="session")
def tokopedia_mock_session_server(request: pytest.FixtureRequest) -> Iterator[TokopediaMock]:
    """The session's live server: started once, on a free port, on first use; stopped at the end of the session."""
    from mockserver.settings import Settings
    from mockserver.testing import LiveServer
    from mockserver.testkit.handle import TokopediaMock

    config = request.config
    url = _shared_url(config)
    if url is not None:  # a shared server: this worker's own tenant
        import os

        from mockserver.testkit.remote import RemoteTokopediaMock

        remote = RemoteTokopediaMock(url, os.environ.get("PYTEST_XDIST_WORKER", "main"))
        try:
            yield remote  # type: ignore[misc]
        finally:
            remote.close()
        return
    server = LiveServer(Settings(validate_responses=True), registry=_registry(config)).start()
    config.stash[_SERVER] = server
    handle = TokopediaMock.live(server)
    try:
        yield handle
    finally:
        handle.close()
        del config.stash[_SERVER]
        server.stop()


@pytest.fixture
def tokopedia_mock_server(
    request: pytest.FixtureRequest, tokopedia_mock_session_server: TokopediaMock, tokopedia_mock_settings: Settings
) -> Iterator[TokopediaMock]:
    """The live server, back to the seed (with this test's settings) before the test. `.base_url` is its address."""
    from mockserver.clock import Clock
    from mockserver.settings import Settings
    from mockserver.testkit.handle import TokopediaMock, fresh_clock

    if _shared_url(request.config) is not None:
        tokopedia_mock_session_server.reset()  # the tenant back to the seed
        yield tokopedia_mock_session_server
        return
    server = request.config.stash[_SERVER]
    server.swap(fresh_clock(tokopedia_mock_settings))
    handle = TokopediaMock.live(server)
    _watch(request.node, server.capture)
    yield handle
    handle.close()
    _fail_on_leftovers(server.capture)
    base = Settings(validate_responses=True)
    if tokopedia_mock_settings != base or type(tokopedia_mock_settings.clock) is not Clock:
        server.swap(fresh_clock(base))  # this test's options (a frozen clock...) must not reach session fixtures


@pytest.fixture
def tokopedia_mock_webhooks(request: pytest.FixtureRequest) -> Iterator[WebhookInbox]:
    """The built-in webhook receiver, subscribed to every event type of the migrated shop (Partner Event API and
    Partner Center) and to every legacy URL of the default fs_id. On the live server when the test uses
    `tokopedia_mock_server`, else on the in-process `tokopedia_mock`."""
    live = "tokopedia_mock_server" in request.fixturenames
    handle: TokopediaMock = request.getfixturevalue("tokopedia_mock_server" if live else "tokopedia_mock")
    inbox = handle.webhooks()
    yield inbox
    problems = list(inbox.engine.mapping_errors)
    if problems:
        pytest.fail(f"tokopedia-mock failed to build webhook payloads: {problems}", pytrace=False)
