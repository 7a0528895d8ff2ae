"""`GET/POST /_mock/clock`: read, move, set or freeze domain time, and see what the platform did meanwhile.

POST takes a JSON object: `{"advance": seconds}` (forward only), `{"offset": seconds}` (domain time minus wall
time), `{"set": unix_seconds}`, and/or `{"freeze": true|false}` (a frozen clock moves only when told; with a move,
the move comes first). Every timer that came due runs, in time order and each at its own due time
(mockserver/world.py), before the answer, which lists the domain events the move caused (at most `limit`, default
1000; the rest are in `/_mock/events?since=`).
"""

from __future__ import annotations

import math
from typing import Any

import orjson
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from mockserver import world
from mockserver.control import answers
from mockserver.control.backend import MAX_EVENTS, describe_clock
from mockserver.http import BodyTooLarge, read_body
from mockserver.partner import errors
from mockserver.runtime import Mock

#: Timers one clock move runs at most (a jump over years of a million-order shop); the rest run at the next request.
MAX_PER_MOVE = 200_000
#: The farthest one move may go, in seconds (100 years).
MAX_MOVE = 100 * 365 * 24 * 3600
USAGE = (
    'Body must be a JSON object with "advance" (seconds >= 0), "offset" (seconds), "set" (Unix seconds) '
    'and/or "freeze" (true or false), and optionally "limit" (events listed, 1 to 10000).'
)


class Move:
    """A parsed clock request."""

    def __init__(self, body: Any, max_offset: float = MAX_MOVE, offset: float = 0.0) -> None:
        """`max_offset` (Settings.max_clock_offset) bounds the offset the move leaves, either way; `offset` is the
        current one."""
        if not isinstance(body, dict) or not body or set(body) - {"advance", "offset", "set", "freeze", "limit"}:
            raise ValueError
        moves = [k for k in ("advance", "offset", "set") if k in body]
        if len(moves) > 1 or (not moves and "freeze" not in body):
            raise ValueError
        self.kind = moves[0] if moves else ""
        self.value = _number(body[self.kind]) if self.kind else 0.0
        if self.kind == "advance" and not (0 <= self.value <= MAX_MOVE and abs(offset + self.value) <= max_offset):
            raise ValueError
        if self.kind == "offset" and abs(self.value) > min(MAX_MOVE, max_offset):
            raise ValueError
        if self.kind == "set" and not 0 <= self.value <= 2 * MAX_MOVE:
            raise ValueError
        freeze = body.get("freeze")
        if freeze is not None and not isinstance(freeze, bool):
            raise ValueError
        self.freeze: bool | None = freeze
        limit = body.get("limit", 1000)
        if not isinstance(limit, int) or isinstance(limit, bool) or not 1 <= limit <= MAX_EVENTS:
            raise ValueError
        self.limit = limit

    def apply(self, mock: Mock) -> None:
        clock = mock.clock
        if self.kind == "advance":
            clock.advance(self.value)
        elif self.kind == "offset":
            clock.set_offset(self.value)
        elif self.kind == "set":
            clock.set(self.value)
        if self.freeze is True:
            clock.freeze()
        elif self.freeze is False:
            clock.thaw()


def _number(value: Any) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        raise ValueError
    return float(value)


def move(mock: Mock, how: Move) -> dict[str, Any]:
    """Move the clock and let the world catch up; what happened, as the answer's data."""
    store = mock.store
    with store.lock:
        store.lazy.all()  # every shop lives through the move (lazyshops.py): its events and webhooks come now
        mock.catch_up()  # what was due before the move happens before it
        before = store.events.last_seq
        how.apply(mock)
        now = mock.clock.now_s()
        ran = world.catch_up(store, now, limit=MAX_PER_MOVE)
        happened = store.events.since(before)
        answer = {
            **describe_clock(mock),
            "timers_run": ran,
            "timers_pending": world.pending(store, now) if ran >= MAX_PER_MOVE else 0,
            "events": [e.as_dict() for e in happened[: how.limit]],
            "events_total": len(happened),
            "since": before,
        }
    for hook in mock.on_clock_moved:  # outside the lock: webhook retries due by now go out
        hook()
    return answer


class ClockControl:
    def __init__(self, mock: Mock) -> None:
        self.mock = mock

    def _answer(self, request: Request, data: Any) -> Response:
        return answers.ok(request, self.mock.request_id(), data)

    async def clock(self, request: Request) -> Response:
        if request.method == "GET":
            with self.mock.store.lock:
                self.mock.catch_up()
            return self._answer(request, describe_clock(self.mock))
        try:
            body = orjson.loads(await read_body(request, 64 * 1024) or b"{}")
            how = Move(body, self.mock.settings.max_clock_offset, self.mock.clock.offset)
        except (ValueError, TypeError, BodyTooLarge, orjson.JSONDecodeError):
            return answers.refuse(request, self.mock.request_id(), errors.invalid_param(USAGE))
        return self._answer(request, move(self.mock, how))

    def routes(self) -> list[Route]:
        return [Route("/clock", self.clock, methods=["GET", "POST"])]
