"""Reading the control plane's request bodies and values within bounds (size, JSON depth, clock range)."""

from __future__ import annotations

import math
from typing import Any

from starlette.requests import Request

from mockserver import bounded
from mockserver.http import BodyTooLarge, read_body
from mockserver.partner import errors
from mockserver.runtime import Mock


class BadInput(Exception):
    """A control-plane request the mock refuses; `error` is its answer."""

    def __init__(self, error: errors.PartnerError) -> None:
        super().__init__(error.message)
        self.error = error


async def json_body(request: Request, mock: Mock, *, empty: Any = None) -> Any:
    """The JSON body (`empty` when there is none), bounded by `max_body_bytes` and `max_json_depth`."""
    settings = mock.settings
    try:
        raw = await read_body(request, settings.max_body_bytes)
    except BodyTooLarge:
        raise BadInput(errors.body_too_large()) from None
    if not raw.strip():
        return empty
    try:
        return bounded.loads(raw, settings.max_json_depth)
    except bounded.BadJson as e:
        raise BadInput(errors.invalid_param(f"the body must be JSON ({e})")) from None


def seconds(value: Any, limit: int, name: str) -> float:
    """A finite number of seconds within [-limit, limit] (not a boolean, not NaN or infinite)."""
    ok = isinstance(value, (int, float)) and not isinstance(value, bool) and math.isfinite(value)
    if not ok or abs(value) > limit:
        raise BadInput(errors.invalid_param(f"'{name}' must be a number of seconds within [-{limit}, {limit}]."))
    return float(value)


def clock_change(body: Any, current: float, limit: int) -> float:
    """The clock offset `{"advance": s}` or `{"offset": s}` asks for, if it stays within [-limit, limit]."""
    usage = 'Body must be {"advance": seconds} or {"offset": seconds}.'
    if not isinstance(body, dict) or len(body.keys() & {"advance", "offset"}) != 1:
        raise BadInput(errors.invalid_param(usage))
    if "advance" in body:
        target = current + seconds(body["advance"], limit, "advance")
    else:
        target = seconds(body["offset"], limit, "offset")
    if abs(target) > limit:
        raise BadInput(
            errors.invalid_param(f"The clock offset would be {target:.0f} s; it must stay within [-{limit}, {limit}].")
        )
    return target
