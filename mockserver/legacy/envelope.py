"""The legacy dialect's response bodies: the `{header, data}` envelope, the webhook registry's `{data, status,
error_message}`, and the token endpoint's bare OAuth bodies. Serialised with orjson."""

from __future__ import annotations

from http import HTTPStatus
from typing import Any

import orjson

from mockserver.legacy.errors import SUCCESS, LegacyError, OAuthError

#: Operations whose success header carries `"reason": "", "error_code": 0` (seen on Get Shop Info and the
#: logistics update); every other success header has only `process_time` and `messages`.
FULL_HEADER = "full"
SHORT_HEADER = "short"


def success(data: Any, process_time: float, messages: str = SUCCESS, header: str = SHORT_HEADER) -> bytes:
    head: dict[str, Any] = {"process_time": process_time, "messages": messages}
    if header == FULL_HEADER:
        head.update(reason="", error_code=0)
    return orjson.dumps({"header": head, "data": data})


def failure(err: LegacyError, process_time: float) -> bytes:
    head = {"process_time": process_time, "messages": err.messages, "reason": err.reason, "error_code": err.code}
    return orjson.dumps({"header": head, "data": None})


def status_line(http_status: int) -> str:
    """The registry envelope's `status`: GUESS "200 Ok"-like, i.e. the HTTP status and its phrase."""
    phrase = "Ok" if http_status == 200 else HTTPStatus(http_status).phrase
    return f"{http_status} {phrase}"


def registry(data: Any) -> bytes:
    return orjson.dumps({"data": data, "status": status_line(200), "error_message": []})


def registry_failure(err: LegacyError) -> bytes:
    return orjson.dumps(
        {"data": None, "status": status_line(err.http_status), "error_message": [f"{err.code}: {err.reason}"]}
    )


def token(body: dict[str, Any]) -> bytes:
    return orjson.dumps(body)


def oauth_failure(err: OAuthError) -> bytes:
    return orjson.dumps({"error": err.error, "error_description": err.description})
