"""The open-api host's single entry point: gate, parameters, handler, envelope.

Routing is ours, not Starlette's, so that an unknown path, version or method answers the real gateway error.
"""

from __future__ import annotations

import contextlib
import functools
import logging
from typing import Any

from starlette.requests import Request
from starlette.responses import Response
from starlette.types import Receive, Scope, Send

from mockserver import offload
from mockserver.http import (
    NOT_FREE,
    Answer,
    BodyTooLarge,
    base_url_of,
    has_body,
    headers_of,
    if_free,
    json_response,
    locked,
    path_of,
    query_of,
    receive_body,
    send_json,
)
from mockserver.observe import GATE_PASSED, MOUNT_KEY, PARTNER, RequestInfo, info_of
from mockserver.partner import envelope, errors, params
from mockserver.partner.call import Call, Handler
from mockserver.partner.gate import Admitted, Incoming, admit
from mockserver.partner.quota import Quota
from mockserver.renders import RenderCache, plain
from mockserver.runtime import Mock
from mockserver.schemas import Match, RouteError

log = logging.getLogger("tokopedia_mock.partner")


class PartnerDispatcher:
    def __init__(self, mock: Mock, table: dict[str, Handler]) -> None:
        self.mock = mock
        self.table = table
        self.quota = Quota(mock.settings.partner_rate_limit, mock.settings.partner_dev_shop_hourly_limit)
        ops = mock.registry.operations
        self.scans = frozenset(oid for oid, op in ops.items() if offload.paginates(op.query_types))
        self.renders = RenderCache(mock.settings.render_cache_bytes)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """The catch-all route's ASGI app (no per-route wrapping: the app's exception handlers are outside). It sends
        what `handle`'s `Response` would, without making the `Request` and the `Response`."""
        status, body, headers = await self.answer(scope, receive)
        await send_json(send, body, status, headers)

    async def handle(self, request: Request) -> Response:
        """`answer` as a Starlette `Response`."""
        status, body, headers = await self.answer(request.scope, request.receive)
        return json_response(body, status, headers)

    async def answer(self, scope: Scope, receive: Receive) -> Answer:
        """The request's answer: its status, JSON body, and the headers besides content-length and content-type."""
        mock = self.mock
        request_id = mock.request_id()
        info = info_of(scope)
        info.dialect, info.request_id = PARTNER, request_id
        path, method = path_of(scope), scope["method"]
        headers = headers_of(scope)
        try:
            match: Match | None = mock.registry.route(method, path)
        except RouteError:
            match = None  # the gate answers the routing error, in its order of checks
        try:
            body = await receive_body(receive, mock.settings.max_body_bytes, headers) if has_body(headers) else b""
            query = query_of(scope)
            paginated = match is not None and match.operation.operation_id in self.scans
            if paginated and match is not None and match.operation.operation_id in offload.INDEXED:
                paginated = not self._built(query)  # an index read, unless the shop is still to be built
            heavy = offload.needed(paginated, len(body))
            incoming = Incoming(method, path, query, headers, body, str(scope.get(MOUNT_KEY, "")))
            work = functools.partial(self._handle, scope, incoming, match, info)
            data = NOT_FREE if heavy else if_free(mock.store.lock, work)
            if data is NOT_FREE:  # heavy, or another thread holds the store: in a worker thread
                data = await locked(mock.store.lock, work, heavy=True)
        except BodyTooLarge:
            return self._error(info, errors.body_too_large())
        except errors.PartnerError as err:
            return self._error(info, err)
        info.code = 0
        return 200, envelope.success(data, request_id), None

    def _built(self, query: list[tuple[str, str]]) -> bool:
        """Whether the shop the request names is built already (lazyshops.py), read before the gate."""
        store = self.mock.store
        if not store.lazy:
            return True
        cipher = next((v for k, v in query if k == "shop_cipher"), "")
        shop = store.shops_by_cipher.get(cipher)
        return shop is not None and not store.lazy.pending(shop.id)

    def _error(self, info: RequestInfo, err: errors.PartnerError) -> Answer:
        if not info.operation_id:  # refused before the gate named the operation: name it if the path has one
            with contextlib.suppress(RouteError, errors.PartnerError):
                info.operation_id = self.mock.registry.route(info.method, info.path).operation.operation_id
        info.answered(err.code, error=err.message)
        return err.http_status, envelope.error(err, info.request_id), err.headers or None

    def _admit(self, incoming: Incoming, match: Match | None, info: RequestInfo) -> Admitted:
        """The gate, then the rate limits (its last check, reference §6); its verdict goes to the request journal."""
        mock = self.mock
        try:
            admitted = admit(
                incoming, mock.registry, mock.store, mock.clock, sign_debug=mock.settings.sign_debug, match=match
            )
            info.operation_id, info.app_key = admitted.match.operation.operation_id, admitted.app.app_key
            info.shop_id = admitted.shop.id if admitted.shop is not None else ""
            if self.quota.active:
                self.quota.spend(mock.store, mock.clock.now(), info.app_key, info.shop_id, info.operation_id)
        except errors.PartnerError as err:
            info.details["gate"] = verdict(err)
            raise
        info.details["gate"] = GATE_PASSED
        return admitted

    def _handle(self, scope: Scope, incoming: Incoming, match: Match | None, info: RequestInfo) -> Any:
        """The request's work, in the store's critical section (`if_free` or `locked` holds it)."""
        mock = self.mock
        body, content_type = incoming.body, incoming.headers.get("content-type")
        mock.catch_up()
        admitted = self._admit(incoming, match, info)
        if admitted.shop is not None:  # the shop's seeded world, built and caught up before anything reads it
            mock.store.lazy.shop(admitted.shop.id)
        op = admitted.match.operation
        handler = self.table.get(op.operation_id)
        if handler is None:
            raise errors.not_implemented(op.operation_id)
        query = params.coerce_query(op, incoming.query)
        params.validate_query(op, query)
        parsed = params.parse_body(op, body, content_type, mock.settings.max_json_depth)
        params.validate_body(op, parsed, body)
        call = Call(
            mock,
            admitted,
            query,
            parsed,
            admitted.match.path_params,
            admitted.match.version,
            raw_body=body,
            content_type=content_type or "",
            base_url=base_url_of(scope),
            renders=self.renders,
        )
        data = handler(call)
        if mock.settings.validate_responses:
            problems = [e.message for e in op.response_validator.iter_errors(plain(data))]
            if problems:
                log.error("response of %s breaks its schema: %s", op.operation_id, problems[:3])
                raise errors.internal_error()
        return data


def verdict(err: errors.PartnerError) -> dict[str, Any]:
    """The gate's refusal as the request journal shows it: the check, the answer, and the signature diagnosis."""
    out: dict[str, Any] = {"passed": False, "check": err.check, "code": err.code, "message": err.message}
    debug = err.extra.get("mock_debug")
    if isinstance(debug, dict):
        out["sign_hint"] = debug.get("hint")
        out["string_to_sign"] = debug.get("string_to_sign")  # masked: the app secret never shows
    return out


def render_error(err: errors.PartnerError, request_id: str, *, with_data: bool = True) -> Response:
    return json_response(envelope.error(err, request_id, with_data=with_data), err.http_status, err.headers or None)
