"""Tenants: independent mocks in one server, each with its own seeded store, clock, faults, rate limits and journal.

A request picks its tenant with the header `x-tokopedia-mock-tenant: NAME`, or with the path prefix
`/_tenants/NAME/` (stripped before routing; links the mock writes keep it, and a Partner signature made over the
prefixed path is accepted, as a client pointed at `http://host:port/_tenants/NAME` signs it). Without either, the
request goes to the default mock, exactly as without tenants. A tenant is created on first use (or explicitly with
`PUT /_mock/tenants/NAME`, optionally `{"seed": 7}`), at most `max_tenants` of them (0: tenants off); each costs one
seeded store (`GET /_mock/tenants` reports, per tenant, how much the server's resident memory grew when it was
created, and the whole process's resident memory).

The pytest plugin gives each pytest-xdist worker its own tenant of a shared server (`--tokopedia-mock-url`).
"""

from __future__ import annotations

import os
import re
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import orjson
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from mockserver.control import answers
from mockserver.headers import headers_of
from mockserver.http import BodyTooLarge, read_body
from mockserver.observe import MOUNT_KEY, ASGIApp, Scope
from mockserver.partner import envelope, errors
from mockserver.settings import Settings

HEADER = b"x-tokopedia-mock-tenant"
HEADER_NAME = HEADER.decode()
PREFIX = "/_tenants/"
NAME = re.compile(r"[A-Za-z0-9_.-]{1,64}")


class TenantError(Exception):
    pass


@dataclass
class Tenant:
    name: str
    app: Any  # a MockApp
    seed: int
    created: float
    memory_bytes: int

    def describe(self) -> dict[str, Any]:
        mock = self.app.state.mock
        return {
            "name": self.name,
            "seed": self.seed,
            "created": int(self.created),
            "memory_bytes": self.memory_bytes,
            "requests": mock.journal.last_seq,
            "path_prefix": f"{PREFIX}{self.name}",
        }


class Tenants:
    """The tenants of one server, built by `factory(settings)` (create_app, sharing the compiled schemas)."""

    def __init__(self, settings: Settings, factory: Callable[[Settings], Any], limit: int) -> None:
        self.settings = settings
        self.factory = factory
        self.limit = limit
        self.tenants: dict[str, Tenant] = {}
        self._lock = threading.Lock()

    def select(self, scope: Scope) -> tuple[str | None, str]:
        """The tenant a request names (None: the default mock) and the path prefix it came with ("" for the header)."""
        path: str = scope["path"]
        if path.startswith(PREFIX):
            name, _, _ = path[len(PREFIX) :].partition("/")
            return name, PREFIX + name
        return headers_of(scope).get(HEADER_NAME), ""

    def get(self, name: str, seed: int | None = None) -> Tenant:
        tenant = self.tenants.get(name)
        if tenant is not None:
            return tenant
        if not NAME.fullmatch(name):
            raise TenantError("A tenant name is 1 to 64 letters, digits, '_', '-' or '.'.")
        with self._lock:
            tenant = self.tenants.get(name)
            if tenant is None:
                if len(self.tenants) >= self.limit:
                    raise TenantError(
                        f"At most {self.limit} tenants (max_tenants); DELETE /_mock/tenants/NAME frees one."
                    )
                tenant = self.tenants[name] = self._create(name, self.settings.seed if seed is None else seed)
        return tenant

    def _create(self, name: str, seed: int) -> Tenant:
        settings = _fresh_clock(self.settings).with_overrides(seed=seed)
        before = resident_bytes()
        app = self.factory(settings)
        return Tenant(name, app, seed, time.time(), max(0, resident_bytes() - before))

    def delete(self, name: str) -> bool:
        with self._lock:
            return self.tenants.pop(name, None) is not None

    def apps(self) -> list[Any]:
        return [t.app for t in list(self.tenants.values())]


def resident_bytes() -> int:
    """The process's resident memory (Linux /proc; elsewhere its peak, from getrusage). Cheap: no tracing (tracing
    allocations slows a large tenant's seeding twentyfold)."""
    try:
        with open("/proc/self/statm", encoding="ascii") as f:
            return int(f.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")
    except (OSError, ValueError, IndexError):
        import resource

        return int(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss) * 1024


def _fresh_clock(settings: Settings) -> Settings:
    """The tenant's own clock, at the same moment as the server's (a moved clock of one tenant moves no other)."""
    import dataclasses

    from mockserver.clock import Clock, FrozenClock

    clock = settings.clock
    own = FrozenClock(clock.now()) if isinstance(clock, FrozenClock) else Clock()
    return dataclasses.replace(settings, clock=own)


async def dispatch(tenants: Tenants, scope: Scope, receive: Any, send: Any, default: ASGIApp) -> None:
    """Hand the request to its tenant's app (or to `default`), stripping a path prefix."""
    name, prefix = tenants.select(scope)
    if name is None:
        await default(scope, receive, send)
        return
    try:
        tenant = tenants.get(name)
    except TenantError as e:
        body = envelope.error(errors.invalid_param(str(e)), "")
        await send({"type": "http.response.start", "status": 400, "headers": [(b"content-type", b"application/json")]})
        await send({"type": "http.response.body", "body": body})
        return
    if prefix:
        rest = scope["path"][len(prefix) :] or "/"
        scope = dict(scope, path=rest, raw_path=rest.encode("utf-8"), app_root_path=prefix)
        scope[MOUNT_KEY] = prefix
    await tenant.app(scope, receive, send)


# --- /_mock/tenants ---------------------------------------------------------------------------------------------------
class TenantControl:
    """The control endpoints; the default mock's app holds the `Tenants` (`app.state.tenants`; None in a tenant)."""

    def __init__(self, request_id: Callable[[], str]) -> None:
        self.request_id = request_id

    def _ok(self, request: Request, data: Any) -> Response:
        return answers.ok(request, self.request_id(), data)

    def _refuse(self, request: Request, err: errors.PartnerError) -> Response:
        return answers.refuse(request, self.request_id(), err)

    def _tenants(self, request: Request) -> Tenants | None:
        tenants: Tenants | None = getattr(request.app.state, "tenants", None)
        return tenants

    async def tenants(self, request: Request) -> Response:
        tenants = self._tenants(request)
        if tenants is None:
            return self._refuse(request, errors.invalid_param("Tenants are managed on the server's default mock."))
        found = [t.describe() for t in tenants.tenants.values()]
        return self._ok(
            request, {"tenants": found, "max_tenants": tenants.limit, "process_rss_bytes": resident_bytes()}
        )

    async def tenant(self, request: Request) -> Response:
        tenants = self._tenants(request)
        name = str(request.path_params["name"])
        if tenants is None:
            return self._refuse(request, errors.invalid_param("Tenants are managed on the server's default mock."))
        if request.method == "DELETE":
            if not tenants.delete(name):
                return self._refuse(request, errors.PartnerError(40401, f"no tenant {name!r}", 404))
            return self._ok(request, {"deleted": name})
        if request.method == "GET":
            found = tenants.tenants.get(name)
            if found is None:
                return self._refuse(request, errors.PartnerError(40401, f"no tenant {name!r}", 404))
            return self._ok(request, found.describe())
        try:
            body = orjson.loads(await read_body(request, 4096) or b"{}")
            seed = body.get("seed") if isinstance(body, dict) else None
            if seed is not None and (not isinstance(seed, int) or isinstance(seed, bool) or not 0 <= seed < 2**63):
                raise ValueError("'seed' must be a whole number >= 0")
            if name in tenants.tenants and seed is not None and tenants.tenants[name].seed != seed:
                raise ValueError(f"tenant {name!r} exists with seed {tenants.tenants[name].seed}; delete it first")
            tenant = tenants.get(name, seed)
        except (ValueError, TypeError, TenantError, BodyTooLarge, orjson.JSONDecodeError) as e:
            return self._refuse(request, errors.invalid_param(str(e)))
        return self._ok(request, tenant.describe())

    def routes(self) -> list[Route]:
        return [
            Route("/tenants", self.tenants, methods=["GET"]),
            Route("/tenants/{name}", self.tenant, methods=["GET", "PUT", "DELETE"]),
        ]
