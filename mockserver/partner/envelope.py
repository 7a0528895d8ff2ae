"""The Partner API envelope: `{code, message, request_id, data}`, serialised with orjson."""

from __future__ import annotations

from typing import Any

import orjson

from mockserver.partner.errors import PartnerError

SUCCESS = "Success"  # open-api host
AUTH_SUCCESS = "success"  # auth host (lowercase in the official example)


def success(data: Any, request_id: str, message: str = SUCCESS) -> bytes:
    return orjson.dumps({"code": 0, "message": message, "request_id": request_id, "data": data})


def error(err: PartnerError, request_id: str, *, with_data: bool = True) -> bytes:
    """Error bodies carry `"data": null` on the open-api host; the auth host omits `data` (observed)."""
    body: dict[str, Any] = {"code": err.code, "message": err.message, "request_id": request_id}
    if with_data:
        body["data"] = None
    body.update(err.extra)
    return orjson.dumps(body)
