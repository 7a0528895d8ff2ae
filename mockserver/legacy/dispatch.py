"""The legacy Seller API's single entry point: route, rate limit, token, fs_id, handler, envelope.

Mounted in app.py before the Partner catch-all as one Starlette route that claims only legacy-looking paths
(`/token`, `/v<n>/...`, `/inventory/v<n>/...`, see `schemas.claims`), so Partner paths never reach it and every
legacy path — unknown ones and wrong methods included — is answered in this dialect's envelope. Every answer
carries the `X-Ratelimit-*` headers.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from typing import Any

from starlette.routing import BaseRoute, Match, NoMatchFound
from starlette.types import Receive, Scope, Send

from mockserver import offload
from mockserver.headers import headers_of
from mockserver.http import Answer, BodyTooLarge, base_url_of, locked, path_of, query_of, receive_body, send_json
from mockserver.legacy import envelope, errors, gate, openapi
from mockserver.legacy.auth import basic_credentials
from mockserver.legacy.call import LegacyCall
from mockserver.legacy.ratelimit import RateLimiter
from mockserver.legacy.registry import Handler, handlers
from mockserver.legacy.schemas import DOCUMENT_PATH, LegacyOperation, LegacySchemas, Routed, RouteError
from mockserver.legacy.state import state_of
from mockserver.observe import GATE_PASSED, LEGACY, RequestInfo, info_of
from mockserver.renders import RenderCache, plain
from mockserver.runtime import Mock

log = logging.getLogger("tokopedia_mock.legacy")

#: The route's path as Starlette lists it (app.routes): a catch-all in form, though it claims legacy paths only.
ROUTE_PATH = "/{legacy_path:path}"
HTML_TYPE = "text/html; charset=utf-8"  # what Starlette's HTMLResponse sends


class LegacyFrontEnd:
    def __init__(self, mock: Mock, schemas: LegacySchemas | None = None) -> None:
        self.mock = mock
        self.schemas = schemas or LegacySchemas()
        self.table: dict[str, Handler] = handlers()
        unknown = self.table.keys() - self.schemas.operations.keys()
        if unknown:
            raise ValueError(f"legacy handlers for operations missing from schemas/legacy: {sorted(unknown)}")
        self.limiter = RateLimiter(
            mock.clock.wall, mock.settings.legacy_rate_limit, lambda: state_of(mock.store).rate_buckets
        )
        self.renders = RenderCache(mock.settings.render_cache_bytes)

    @property
    def document(self) -> bytes:
        """/legacy/openapi.json, built on the first request for it (once per registry), not at startup."""
        schemas, keys = self.schemas, frozenset(self.table)
        return self.mock.registry.derived(("legacy.openapi", schemas, keys), lambda: openapi.dumps(schemas, keys))

    def route(self) -> LegacyRoute:
        return LegacyRoute(self)

    async def answer(self, scope: Scope, receive: Receive) -> Answer:
        """The request's answer, from the ASGI scope (no Starlette `Request`, no `Response`)."""
        started = self.mock.clock.wall()
        path, method = path_of(scope), scope["method"]
        info = info_of(scope)
        info.dialect = LEGACY
        if path == DOCUMENT_PATH:
            info.operation_id = "openapi"
            return self._document(method)
        try:
            routed = self.schemas.route(method, path)
        except RouteError as e:
            if e.status != 405:
                return self._failure(info, None, errors.error("MOCK_ROUTE_404", path), self.limiter.peek(), started)
            err = errors.error("MOCK_ROUTE_405", method, path, ", ".join(e.allowed))
            err.headers["Allow"] = ", ".join(e.allowed)
            # The path is known: answer in its operation's envelope (the token endpoint's OAuth body, the registry's).
            known = self.schemas.route(e.allowed[0], path).operation
            info.operation_id = known.operation_id
            return self._failure(info, known, err, self.limiter.peek(known.operation_id), started)
        op = routed.operation
        info.operation_id = op.operation_id
        headers = headers_of(scope)
        try:
            body = await receive_body(receive, self.mock.settings.max_body_bytes, headers)
        except BodyTooLarge:
            err = errors.error("MOCK_BODY_413", self.mock.settings.max_body_bytes)
            return self._failure(info, op, err, self.limiter.peek(op.operation_id), started)
        paginated = offload.paginates(routed.operation.op.query_types)
        query = query_of(scope)
        if paginated and offload.by_ids(name for name, _ in query):
            paginated = False  # records by id: bounded by the request, not the shop
        heavy = offload.needed(paginated, len(body))
        incoming = _Incoming(scope, headers, query, body)
        return await locked(self.mock.store.lock, lambda: self._locked(incoming, routed, started, info), heavy=heavy)

    def _locked(self, incoming: _Incoming, routed: Routed, started: float, info: RequestInfo) -> Answer:
        """In the store's critical section (`locked` holds it)."""
        self.mock.catch_up()
        return self._dispatch(incoming, routed, started, info)

    def _dispatch(self, incoming: _Incoming, routed: Routed, started: float, info: RequestInfo) -> Answer:
        op = routed.operation
        limits: dict[str, str] = {}
        check = "rate_limit"  # the gate's checks, in order, as the request journal names them
        try:
            limits = self._spend(op, incoming.headers)
            check = "credentials"
            call = self._admit(incoming, routed)
            info.details["gate"] = GATE_PASSED
            handler = self.table.get(op.operation_id)
            if handler is None or not op.implemented:
                raise errors.error("MOCK_NOT_IMPLEMENTED", incoming.scope["method"], op.path)
            data = handler(call)
            self._check_response(op, data)
            info.answered(0)
            return self._success(op, data, limits, started)
        except (errors.LegacyError, errors.OAuthError) as err:
            if "gate" not in info.details:
                code = err.error if isinstance(err, errors.OAuthError) else err.code
                info.details["gate"] = {"passed": False, "check": check, "code": code}
            return self._failure(info, op, err, limits, started)
        except Exception:
            scope = incoming.scope
            log.exception("legacy %s failed on %s %s", op.operation_id, scope["method"], path_of(scope))
            return self._failure(info, op, errors.error("MOCK_SERVER_500"), limits, started)

    # --- the gate ------------------------------------------------------------------------------------------------
    def _spend(self, op: LegacyOperation, headers: Mapping[str, str]) -> dict[str, str]:
        """Rate limit per client and operation; the client is whoever the credentials name, else anonymous."""
        store = self.mock.store
        if op.envelope == "oauth":
            creds = basic_credentials(headers)
            client = creds[0] if creds and creds[0] in store.legacy_apps else "anonymous"
        else:
            known = store.legacy_tokens.get(gate.bearer(headers) or "")
            client = known.client_id if known is not None else "anonymous"
        verdict = self.limiter.take(client, op.operation_id)
        if not verdict.allowed:
            err = errors.error("MOCK_RATE_429", self.limiter.limit_for(op.operation_id).label)
            err.headers.update(verdict.headers)
            raise err
        return verdict.headers

    def _admit(self, incoming: _Incoming, routed: Routed) -> LegacyCall:
        mock, op = self.mock, routed.operation
        now = mock.clock.now_s()
        query, headers = incoming.query, incoming.headers
        admitted = None
        if op.envelope != "oauth":
            token = gate.check_token(mock.store, gate.bearer(headers), mock.clock.now())
            raw_fs_id = routed.path_params.get("fs_id")
            if raw_fs_id is None:
                raw_fs_id = next((v for k, v in query if k == "fs_id" and v != ""), None)
            admitted = gate.admit(mock.store, token, gate.parse_fs_id(raw_fs_id, op.domain or "ORD"))
            # The linked shops' seeded worlds, built and caught up before anything reads them (lazyshops.py).
            mock.store.lazy.shops(sorted(admitted.app.linked_shop_ids))
        return LegacyCall(
            mock=mock,
            operation=op,
            admitted=admitted,
            path_params=routed.path_params,
            query=query,
            headers=headers,
            body=incoming.body,
            content_type=headers.get("content-type", ""),
            base_url=base_url_of(incoming.scope),
            now=now,
            renders=self.renders,
        )

    def _check_response(self, op: LegacyOperation, data: Any) -> None:
        if not self.mock.settings.validate_responses or op.envelope == "html":
            return
        problems = [e.message for e in op.op.response_validator.iter_errors(plain(data))]
        if problems:
            log.error("legacy response of %s breaks its schema: %s", op.operation_id, problems[:3])
            raise errors.error("MOCK_SERVER_500")

    # --- rendering -----------------------------------------------------------------------------------------------
    def _elapsed(self, started: float) -> float:
        return round(max(0.0, self.mock.clock.wall() - started), 9)

    def _success(self, op: LegacyOperation, data: Any, limits: dict[str, str], started: float) -> Answer:
        if op.envelope == "html":
            return 200, str(data).encode("utf-8"), {**limits, "content-type": HTML_TYPE}
        if op.envelope == "oauth":
            body = envelope.token(data)
        elif op.envelope == "registry":
            body = envelope.registry(data)
        else:
            body = envelope.success(data, self._elapsed(started), op.messages, op.header)
        return 200, body, limits

    def _failure(
        self,
        info: RequestInfo,
        op: LegacyOperation | None,
        err: errors.LegacyError | errors.OAuthError,
        limits: dict[str, str],
        started: float,
    ) -> Answer:
        if isinstance(err, errors.OAuthError):
            info.answered(err.error, error=err.description)
        else:
            info.answered(err.code, error=err.reason)
        headers = {**limits, **err.headers}
        kind = op.envelope if op is not None else "standard"
        if isinstance(err, errors.OAuthError):
            return err.http_status, envelope.oauth_failure(err), headers
        if kind == "oauth":
            retry = err.http_status == 429 or err.http_status >= 500
            oauth = errors.OAuthError(
                "temporarily_unavailable" if retry else "invalid_request", err.reason, err.http_status
            )
            return err.http_status, envelope.oauth_failure(oauth), headers
        if kind == "registry":
            return err.http_status, envelope.registry_failure(err), headers
        return err.http_status, envelope.failure(err, self._elapsed(started)), headers

    def _document(self, method: str) -> Answer:
        if method not in ("GET", "HEAD"):
            err = errors.error("MOCK_ROUTE_405", method, DOCUMENT_PATH, "GET")
            return 405, envelope.failure(err, 0.0), {"Allow": "GET"}
        return 200, self.document, {}


class LegacyRoute(BaseRoute):
    """One Starlette route for the whole dialect: it matches the paths `LegacySchemas.claims`, nothing else."""

    path = ROUTE_PATH
    name = "legacy"

    def __init__(self, front: LegacyFrontEnd) -> None:
        self.front = front

    def matches(self, scope: Scope) -> tuple[Match, Scope]:
        if scope["type"] == "http" and LegacySchemas.claims(scope["path"]):
            return Match.FULL, {}
        return Match.NONE, {}

    def url_path_for(self, name: str, /, **path_params: Any) -> Any:
        raise NoMatchFound(name, path_params)

    async def handle(self, scope: Scope, receive: Receive, send: Send) -> None:
        status, body, headers = await self.front.answer(scope, receive)
        await send_json(send, body, status, headers)


class _Incoming:
    """What the request brought, read once: its scope, header map, query pairs and body."""

    __slots__ = ("scope", "headers", "query", "body")

    def __init__(self, scope: Scope, headers: Mapping[str, str], query: list[tuple[str, str]], body: bytes) -> None:
        self.scope, self.headers, self.query, self.body = scope, headers, query, body
