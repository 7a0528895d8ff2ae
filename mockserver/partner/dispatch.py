"""The open-api host's single entry point: gate, parameters, handler, envelope.

Routing is ours, not Starlette's, so that an unknown path, version or method answers the real gateway error.
"""

from __future__ import annotations

import contextlib
import logging
from typing import Any

from starlette.requests import Request
from starlette.responses import Response

from mockserver import offload
from mockserver.http import BodyTooLarge, json_response, locked, read_body
from mockserver.observe import PARTNER, RequestInfo, info_of
from mockserver.partner import envelope, errors, params
from mockserver.partner.call import Call, Handler
from mockserver.partner.gate import Incoming, admit
from mockserver.runtime import Mock
from mockserver.schemas import RouteError

log = logging.getLogger("tokopedia_mock.partner")


class PartnerDispatcher:
    def __init__(self, mock: Mock, table: dict[str, Handler]) -> None:
        self.mock = mock
        self.table = table
        ops = mock.registry.operations
        self.scans = frozenset(oid for oid, op in ops.items() if offload.paginates(op.query_types))

    async def handle(self, request: Request) -> Response:
        mock = self.mock
        request_id = mock.request_id()
        info = info_of(request.scope)
        info.dialect, info.request_id = PARTNER, request_id
        try:
            body = await read_body(request, mock.settings.max_body_bytes)
            heavy = offload.needed(self._operation(request) in self.scans, len(body))
            data = await locked(mock.store.lock, lambda: self._handle(request, body, info), heavy=heavy)
        except BodyTooLarge:
            return self._error(info, errors.body_too_large())
        except errors.PartnerError as err:
            return self._error(info, err)
        info.answered(0)
        return json_response(envelope.success(data, request_id))

    def _operation(self, request: Request) -> str:
        try:
            return self.mock.registry.route(request.method, request.url.path).operation.operation_id
        except RouteError:
            return ""

    def _error(self, info: RequestInfo, err: errors.PartnerError) -> Response:
        if not info.operation_id:  # refused before the gate named the operation: name it if the path has one
            with contextlib.suppress(RouteError, errors.PartnerError):
                info.operation_id = self.mock.registry.route(info.method, info.path).operation.operation_id
        info.answered(err.code, error=err.message)
        return render_error(err, info.request_id)

    def _handle(self, request: Request, body: bytes, info: RequestInfo) -> Any:
        mock = self.mock
        incoming = Incoming(
            method=request.method,
            path=request.url.path,
            query=request.query_params.multi_items(),
            headers=request.headers,
            body=body,
        )
        with mock.store.lock:
            mock.catch_up()
            admitted = admit(incoming, mock.registry, mock.store, mock.clock, sign_debug=mock.settings.sign_debug)
            op = admitted.match.operation
            info.operation_id, info.app_key = op.operation_id, admitted.app.app_key
            info.shop_id = admitted.shop.id if admitted.shop is not None else ""
            handler = self.table.get(op.operation_id)
            if handler is None:
                raise errors.not_implemented(op.operation_id)
            query = params.coerce_query(op, incoming.query)
            params.validate_query(op, query)
            parsed = params.parse_body(op, body, request.headers.get("content-type"), mock.settings.max_json_depth)
            params.validate_body(op, parsed)
            call = Call(
                mock,
                admitted,
                query,
                parsed,
                admitted.match.path_params,
                admitted.match.version,
                raw_body=body,
                content_type=request.headers.get("content-type", ""),
                base_url=str(request.base_url).rstrip("/"),
            )
            data = handler(call)
            if mock.settings.validate_responses:
                problems = [e.message for e in op.response_validator.iter_errors(data)]
                if problems:
                    log.error("response of %s breaks its schema: %s", op.operation_id, problems[:3])
                    raise errors.internal_error()
            return data


def render_error(err: errors.PartnerError, request_id: str, *, with_data: bool = True) -> Response:
    return json_response(envelope.error(err, request_id, with_data=with_data), err.http_status, err.headers or None)
