"""What the pytest plugin hands a test: a handle on one mock, in-process or live, and the mock's own errors.

An exception inside a handler must not be lost in a server thread. `ErrorCapture` wraps the ASGI app and records
it; the client still gets the 500 envelope the mock renders (as it would from a real gateway), and the plugin
fails the test that caused it, with the mock's traceback.
"""

from __future__ import annotations

import asyncio
import dataclasses
import threading
import traceback
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import anyio
import anyio.from_thread
import httpx

if TYPE_CHECKING:
    from starlette.applications import Starlette
    from starlette.types import ASGIApp, Message, Receive, Scope, Send

    from mockserver.clock import Clock
    from mockserver.runtime import Mock
    from mockserver.schemas import SchemaRegistry
    from mockserver.settings import Settings
    from mockserver.testing import LiveServer, PartnerClient

IN_PROCESS_BASE_URL = "http://testserver"


@dataclass(frozen=True)
class CapturedError:
    """An exception the mock raised while handling a request."""

    method: str
    path: str
    exception: Exception
    traceback: str

    def describe(self) -> str:
        return f"while handling {self.method} {self.path}:\n{self.traceback}"


class MockServerError(Exception):
    """Fails a test whose requests made the mock raise. Its cause is the mock's own exception."""

    @classmethod
    def from_captured(cls, errors: list[CapturedError]) -> MockServerError:
        where = ", ".join(f"{e.method} {e.path}" for e in errors)
        return cls(f"tokopedia-mock raised {len(errors)} unhandled exception(s) while handling {where}")


class ErrorCapture:
    """ASGI middleware that records what the app raises. `app` may be replaced between requests."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app
        self._errors: list[CapturedError] = []
        self._lock = threading.Lock()

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        app = self.app
        if scope["type"] != "http":
            await app(scope, receive, send)
            return
        started = False
        last: list[Message] = []

        async def watch(message: Message) -> None:
            nonlocal started
            started = started or message["type"] == "http.response.start"
            if message["type"] == "http.response.body" and not message.get("more_body", False):
                last.append(message)  # held back until the app returns: see below
                return
            await send(message)

        try:
            await app(scope, receive, watch)
        except Exception as exc:
            text = "".join(traceback.format_exception(exc))
            with self._lock:
                self._errors.append(CapturedError(scope["method"], scope["path"], exc, text))
            # Starlette has already rendered the mock's 500 envelope; re-raising would only make the server log it
            # twice. Without a response, the server must answer 500 itself.
            if not started:
                raise
        # The response completes only now, after the error (if any) is recorded: a client that has its answer can
        # rely on the error being there to report, even when the app runs in a server thread.
        for message in last:
            await send(message)

    def take(self) -> list[CapturedError]:
        """The errors recorded since the last call, oldest first."""
        with self._lock:
            errors, self._errors = self._errors, []
        return errors


class InProcessTransport(httpx.BaseTransport):
    """An httpx transport that hands each request straight to an ASGI app: no socket, no port, no server thread.

    Give it to any httpx-based client: `httpx.Client(transport=t)`, `TikTokShop(..., transport=t)`. Redirects come
    back as they are, as from a real server. Closing it is a no-op, so clients that close their transport may share it.
    """

    def __init__(self, app: ASGIApp) -> None:
        self._asgi = httpx.ASGITransport(app=app, raise_app_exceptions=False)

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        request.read()
        if _loop_running():
            # Called from async code: run the app on a loop of its own in a helper thread.
            with anyio.from_thread.start_blocking_portal() as portal:
                status, headers, body = portal.call(self._send, request)
        else:
            status, headers, body = anyio.run(self._send, request)
        return httpx.Response(status, headers=headers, content=body)

    async def _send(self, request: httpx.Request) -> tuple[int, list[tuple[bytes, bytes]], bytes]:
        response = await self._asgi.handle_async_request(request)
        body = await response.aread()
        return response.status_code, response.headers.raw, body


def _loop_running() -> bool:
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return False
    return True


@dataclass(frozen=True)
class ShopAccess:
    """A seeded shop and what a client needs to call the API for it (no tokens if the app is not authorized)."""

    ref: str
    id: str
    name: str
    cipher: str
    code: str
    region: str
    seller_id: str
    authorized: bool
    access_token: str | None
    refresh_token: str | None
    access_token_expire_in: int | None
    refresh_token_expire_in: int | None


def fresh_clock(settings: Settings) -> Settings:
    """`settings` with a new default clock, so moving time in one test does not move it in the next.

    A clock of another kind (say a `FrozenClock` chosen by the test) is the test's own business and is kept.
    """
    from mockserver.clock import Clock

    if type(settings.clock) is Clock:
        return dataclasses.replace(settings, clock=Clock())
    return settings


class TokopediaMock:
    """One mock as a test sees it: where it answers, its credentials, its state, and signed clients for it.

    The in-process and the live fixtures hand out the same class, so a test can run against either.
    """

    def __init__(
        self,
        capture: ErrorCapture,
        settings: Settings,
        registry: SchemaRegistry,
        *,
        server: LiveServer | None = None,
    ) -> None:
        self._capture = capture
        self._registry = registry
        self._server = server
        self._clients: list[httpx.Client] = []
        self._settings = settings
        self.transport: InProcessTransport | None = None if server else InProcessTransport(capture)

    @classmethod
    def in_process(cls, settings: Settings, registry: SchemaRegistry | None = None) -> TokopediaMock:
        from mockserver.app import create_app

        app = create_app(settings, registry)
        return cls(ErrorCapture(app), settings, app.state.mock.registry)

    @classmethod
    def live(cls, server: LiveServer) -> TokopediaMock:
        return cls(server.capture, server.settings, server.mock.registry, server=server)

    @property
    def settings(self) -> Settings:
        return self._server.settings if self._server else self._settings

    @property
    def live_server(self) -> bool:
        return self._server is not None

    @property
    def base_url(self) -> str:
        """Where the API host and the auth host answer: the live server's URL, or a placeholder for in-process."""
        return self._server.base_url if self._server else IN_PROCESS_BASE_URL

    @property
    def app_key(self) -> str:
        return self.settings.app_key

    @property
    def app_secret(self) -> str:
        return self.settings.app_secret

    @property
    def service_id(self) -> str:
        return self.settings.service_id

    @property
    def app(self) -> Starlette:
        app: Starlette = self._capture.app  # type: ignore[assignment]
        return app

    @property
    def mock(self) -> Mock:
        """The mock's runtime: store, clock, seed refs. Same process in both modes, so tests may look inside."""
        mock: Mock = self.app.state.mock
        return mock

    @property
    def clock(self) -> Clock:
        return self.mock.clock

    def advance_clock(self, seconds: float) -> None:
        """Move the mock's time forward (tokens and auth codes expire); request timestamps still use real time."""
        self.clock.advance(seconds)

    def shop(self, ref: str = "migrated") -> ShopAccess:
        """A seeded shop by role: `migrated` (Tokopedia & Shop), `second`, or `unauthorized`."""
        from mockserver.control.backend import current_tokens

        mock = self.mock
        if ref not in mock.refs.shops:
            raise KeyError(f"no seeded shop {ref!r}; the seed has {sorted(mock.refs.shops)}")
        shop = mock.store.shops[mock.refs.shops[ref]]
        auth = mock.store.authorization_for(self.app_key, shop.seller_id)
        authorized = auth is not None and shop.id in auth.shop_ids
        pair = current_tokens(mock, self.app_key, shop.seller_id) if authorized else None
        return ShopAccess(
            ref=ref,
            id=shop.id,
            name=shop.name,
            cipher=shop.cipher,
            code=shop.code,
            region=shop.region,
            seller_id=shop.seller_id,
            authorized=authorized,
            access_token=pair.access_token if pair else None,
            refresh_token=pair.refresh_token if pair else None,
            access_token_expire_in=pair.access_expires_at if pair else None,
            refresh_token_expire_in=pair.refresh_expires_at if pair else None,
        )

    def http_client(self) -> httpx.Client:
        """A plain httpx client on the mock (control plane, token endpoints). Closed when the test ends."""
        client = httpx.Client(base_url=self.base_url, transport=self.transport, follow_redirects=False)
        self._clients.append(client)
        return client

    def client(self, shop: str | None = "migrated") -> PartnerClient:
        """A client that signs like a real one, with the default app's seeded token for `shop` (None: no shop)."""
        from mockserver.testing import PartnerClient

        client = PartnerClient(self.http_client(), self.app_key, self.app_secret, now=self.clock.wall)
        return client.use_shop(self.mock, shop) if shop is not None else client

    def reset(self, **overrides: Any) -> None:
        """Back to the seed: a fresh mock from the same settings, or from these overrides (`seed=7`, ...)."""
        from mockserver.app import create_app

        settings = fresh_clock(self.settings.with_overrides(**overrides))
        if self._server is not None:
            self._server.swap(settings)
        else:
            self._capture.app = create_app(settings, self._registry)
            self._settings = settings

    def take_errors(self) -> list[CapturedError]:
        """The exceptions the mock raised so far in this test; taken errors no longer fail the test."""
        return self._capture.take()

    def close(self) -> None:
        for client in self._clients:
            client.close()
        self._clients.clear()
