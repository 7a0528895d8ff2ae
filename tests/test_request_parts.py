"""What the front-ends read of a request without Starlette's objects (mockserver/http.py) equals what those give."""

from __future__ import annotations

import pytest
from starlette.requests import Request

from mockserver.http import base_url_of, header_map, path_of, query_of


def request(path: str, query: bytes = b"", host: bytes | None = b"mock.test:8000", **scope: object) -> Request:
    headers = [(b"host", host)] if host is not None else []
    base = {"type": "http", "method": "GET", "scheme": "http", "server": ("127.0.0.1", 8000), "root_path": ""}
    return Request({**base, "path": path, "query_string": query, "headers": headers, **scope})


@pytest.mark.parametrize(
    "path", ["/product/202309/products/1", "/a?b", "/a#b", "/a\\b", "/caf\u00e9", "/tab\there", "/sp ace", "/"]
)
def test_request_path_is_starlettes(path: str) -> None:
    assert path_of(request(path).scope) == request(path).url.path


@pytest.mark.parametrize(
    "query",
    [b"", b"a=1&b=&a=2", b"x=%E2%82%AC&y=a+b", b"k", b"\xff=\xfe", b"a=1;b=2", b"&&a=1&", b"=x&a==b", b"a=%zz", b"+=+"],
)
def test_query_pairs_are_starlettes(query: bytes) -> None:
    assert query_of(request("/", query).scope) == request("/", query).query_params.multi_items()


@pytest.mark.parametrize(
    ("host", "scope"),
    [
        (b"mock.test:8000", {}),
        (None, {}),
        (b"bad host:port", {}),
        (b"[::1]:9000", {"scheme": "https"}),
        (b"mock.test", {"app_root_path": "/_tenants/a"}),
        (None, {"server": ("::1", 443), "scheme": "https"}),
    ],
)
def test_base_url_is_starlettes(host: bytes | None, scope: dict[str, object]) -> None:
    r = request("/x", b"q=1", host, **scope)
    assert base_url_of(r.scope) == str(request("/x", b"q=1", host, **scope).base_url).rstrip("/")


@pytest.mark.parametrize(
    "headers",
    [
        [],
        [(b"content-type", b"application/json"), (b"x-tts-access-token", b"t")],
        [(b"a", b"1"), (b"a", b"2"), (b"b", b"")],  # a repeated header: the first, as request.headers.get gives
        [(b"x-latin", b"\xe9\xff")],
    ],
)
def test_header_map_reads_as_starlettes_headers(headers: list[tuple[bytes, bytes]]) -> None:
    starlette = request("/", host=None, headers=headers).headers
    mapped = header_map(headers)
    assert set(mapped) == set(starlette.keys())
    assert all(mapped[name] == starlette.get(name) for name in mapped)
