"""The plumbing every control-plane step shares: a JSON object body, the store lock and the world caught up, the
Partner envelope, and the area's errors mapped to the mock's own codes."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Sequence
from typing import Any, ClassVar

from starlette.requests import Request
from starlette.responses import Response

from mockserver.control import inputs
from mockserver.http import json_response, locked
from mockserver.observe import info_of
from mockserver.partner import envelope, errors
from mockserver.partner.dispatch import render_error
from mockserver.runtime import Mock

Endpoint = Callable[[Request], Awaitable[Response]]
Action = Callable[[Request, dict[str, Any]], Any]
#: (exception types, code, HTTP status); a code of None answers the parameter error (36009004, 400).
Failure = tuple[tuple[type[BaseException], ...], int | None, int]


class BadRequest(Exception):
    """The body is not what the step needs (answered 400 / 36009004 with the message)."""


def endpoint(mock: Mock, action: Action, failures: Sequence[Failure]) -> Endpoint:
    """`action(request, body)` under the store lock, after the world caught up; its data in the envelope. The
    answer's code is noted for the access log (observe.py)."""

    async def run(request: Request) -> Response:
        try:
            body = await inputs.json_body(request, mock, empty={})  # bounded: max_body_bytes, max_json_depth
            if not isinstance(body, dict):
                raise BadRequest("the body must be a JSON object")

            def act() -> Any:
                mock.catch_up()
                return action(request, body)

            data = await locked(mock.store.lock, act)  # the loop never waits for the store lock
        except inputs.BadInput as e:
            return _refuse(request, mock, e.error)
        except BadRequest as e:
            return _refuse(request, mock, errors.invalid_param(str(e) or "the body must be JSON"))
        except Exception as e:
            for kinds, code, status in failures:
                if isinstance(e, kinds):
                    err = errors.invalid_param(str(e)) if code is None else errors.PartnerError(code, str(e), status)
                    return _refuse(request, mock, err)
            raise
        request_id = mock.request_id()
        info_of(request.scope).answered(0, request_id)
        return json_response(envelope.success(data, request_id))

    run.__name__ = action.__name__  # the route's name: place, pay, collect, settle...
    return run


def _refuse(request: Request, mock: Mock, err: errors.PartnerError) -> Response:
    request_id = mock.request_id()
    info_of(request.scope).answered(err.code, request_id, err.message)
    return render_error(err, request_id)


class Steps:
    """A group of control-plane steps over one mock: `routes()` wraps each with `endpoint` and the group's
    FAILURES."""

    FAILURES: ClassVar[Sequence[Failure]] = ()

    def __init__(self, mock: Mock) -> None:
        self.mock = mock

    def _wrap(self, action: Action) -> Endpoint:
        return endpoint(self.mock, action, self.FAILURES)

    def _now(self) -> int:
        return self.mock.clock.now_s()
