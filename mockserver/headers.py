"""A request's headers as a plain dict, made once per request: plain ASGI, no Starlette (limits.py, the lane and
the front-ends all read them)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

#: Where `headers_of` keeps a request's header map in its scope (made once, whoever asks first).
HEADERS_KEY = "tokopedia_mock.headers"


def header_map(raw: Iterable[tuple[bytes, bytes]]) -> dict[str, str]:
    """The request's headers as `request.headers` reads them (latin-1, lower-case names as the server gives them;
    of a repeated header, the first), in a plain dict: a lookup is one dict access, not a walk over the list."""
    out: dict[str, str] = {}
    for name, value in raw:
        key = name.decode("latin-1")
        if key not in out:
            out[key] = value.decode("latin-1")
    return out


def headers_of(scope: Mapping[str, Any]) -> dict[str, str]:
    """`header_map` of the request's headers, made once per request and kept in its scope."""
    headers: dict[str, str] | None = scope.get(HEADERS_KEY)
    if headers is None:
        headers = scope[HEADERS_KEY] = header_map(scope["headers"])  # type: ignore[index]
    return headers


def has_body(headers: Mapping[str, str]) -> bool:
    """HTTP/1.1: no Content-Length (or 0, or blank) and no Transfer-Encoding is no body: nothing to wait for."""
    if "transfer-encoding" in headers:
        return True
    declared = headers.get("content-length")
    return declared is not None and declared.strip() not in ("", "0")
