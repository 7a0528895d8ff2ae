"""What the pytest plugin hands a test: a handle on one mock, in-process or live."""

from __future__ import annotations

import dataclasses
from abc import ABC, abstractmethod
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import httpx

from mockserver.testkit.capture import CapturedError, ErrorCapture
from mockserver.testkit.transport import InProcessTransport

if TYPE_CHECKING:
    from starlette.applications import Starlette

    from mockserver.clock import Clock
    from mockserver.runtime import Mock
    from mockserver.schemas import SchemaRegistry
    from mockserver.settings import Settings
    from mockserver.testkit.client import PartnerClient
    from mockserver.testkit.live import LiveServer
    from mockserver.testkit.webhooks import WebhookInbox

IN_PROCESS_BASE_URL = "http://testserver"


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


def _param(value: Any) -> str:
    return ("true" if value else "false") if isinstance(value, bool) else str(value)


def fresh_clock(settings: Settings) -> Settings:
    """`settings` with a new default clock, so moving time in one test does not move it in the next.

    A clock of another kind (say a `FrozenClock` chosen by the test) is the test's own business and is kept.
    """
    from mockserver.clock import Clock

    if type(settings.clock) is Clock:
        return dataclasses.replace(settings, clock=Clock())
    return settings


class JournalQueries(ABC):
    """`requests()` and `verify()` over the control plane: for the in-process, live and remote handles alike."""

    transport: httpx.BaseTransport | None

    @property
    @abstractmethod
    def base_url(self) -> str:
        """Where the handle's mock answers (each handle says)."""

    # --- the request journal (GET /_mock/requests) ----------------------------------------------------------------
    def requests(self, **filters: Any) -> list[dict[str, Any]]:
        """The journal's entries matching `filters` (operation=, dialect=, code=, status=, method=, path= glob,
        shop_id=, since=, fault=), oldest first: what the mock was asked and answered, secrets masked."""
        params = {k: _param(v) for k, v in filters.items() if v is not None}
        with httpx.Client(base_url=self.base_url, transport=self.transport) as http:
            r = http.get("/_mock/requests", params={"limit": 10000, **params})
        body = r.json()
        if r.status_code != 200:
            raise ValueError(f"/_mock/requests refused the filters: {body.get('message')}")
        found: list[dict[str, Any]] = body["data"]["requests"]
        return found

    def verify(self, count: int | None = None, **filters: Any) -> list[dict[str, Any]]:
        """Assert that requests matching `filters` reached the mock: exactly `count` of them, or at least one
        (WireMock's `verify`). The matching entries are returned for further checks."""
        found = self.requests(**filters)
        ok = len(found) == count if count is not None else bool(found)
        if not ok:
            seen = [f"{e['method']} {e['path']} -> {e['operation'] or '?'} {e['status']} code={e['code']}" for e in
                    self.requests()[-20:]]  # fmt: skip
            wanted = "exactly " + str(count) if count is not None else "at least 1"
            raise AssertionError(
                f"expected {wanted} request(s) matching {filters}, found {len(found)}; the last requests were:\n  "
                + "\n  ".join(seen or ["(none)"])
            )
        return found


class TokopediaMock(JournalQueries):
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
        app.state.webhooks.serve_locally(IN_PROCESS_BASE_URL, app)  # its receiver answers without a socket
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
        """Move the mock's time forward (tokens and auth codes expire, timers and webhook retries that came due
        run); request timestamps still use real time."""
        self.clock.advance(seconds)
        self.mock.clock_moved()

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

    def client(self, shop: str | None = "migrated", *, rate_limit_retries: int = 3) -> PartnerClient:
        """A client that signs like a real one, with the default app's seeded token for `shop` (None: no shop).

        It honours 429s as a well-behaved client does: it waits `Retry-After` — on the mock's clock (moved forward,
        no real sleep) — and tries again, up to `rate_limit_retries` times (0: every 429 comes back to the test)."""
        from mockserver.testkit.client import PartnerClient

        client = PartnerClient(
            self.http_client(),
            self.app_key,
            self.app_secret,
            now=self.clock.wall,
            rate_limit_retries=rate_limit_retries,
            wait=self.advance_clock,
        )
        return client.use_shop(self.mock, shop) if shop is not None else client

    def reset(self, **overrides: Any) -> None:
        """Back to the seed: a fresh mock from the same settings, or from these overrides (`seed=7`, ...)."""
        from mockserver.app import create_app

        settings = fresh_clock(self.settings.with_overrides(**overrides))
        if self._server is not None:
            self._server.swap(settings)
        else:
            self.app.state.webhooks.close()
            app = create_app(settings, self._registry)
            app.state.webhooks.serve_locally(IN_PROCESS_BASE_URL, app)
            self._capture.app = app
            self._settings = settings

    def take_errors(self) -> list[CapturedError]:
        """The exceptions the mock raised so far in this test; taken errors no longer fail the test."""
        return self._capture.take()

    def webhooks(self, shop: str = "migrated", *, subscribe: bool = True) -> WebhookInbox:
        """The built-in receiver for this test: every delivery it gets, verified; subscribed (by default) to every
        event type of `shop` through the Partner API and to every legacy URL of the default fs_id."""
        from mockserver.testkit.webhooks import WebhookInbox

        inbox = WebhookInbox(self, shop)
        if subscribe:
            inbox.subscribe_all()
        return inbox

    def close(self) -> None:
        for client in self._clients:
            client.close()
        self._clients.clear()
        if self._server is None:
            self.app.state.webhooks.close()  # the in-process mock's delivery worker, if it started
