"""The floor: a bare Starlette + orjson app that answers each route with the bytes our mock answered, doing no work.

    python benchmarks/benchlib/floor_app.py captured.json

`captured.json` (written by `compare.py`) lists, per route, the method, path, status, headers and body our mock
returned. Each request is routed by Starlette (one `Route` per captured path) and answered by serialising the
captured JSON document with orjson, which gives back exactly the captured bytes (checked at start-up; a body that
would not round-trip is sent as stored). No gate, no signature, no store, no validation: what any Python mock on
this stack pays at least. Served by uvicorn with the settings `tokopedia-mock serve` uses (one worker, access log
off, uvloop + httptools where installed).
"""

from __future__ import annotations

import base64
import json
import socket
import sys
from collections.abc import Awaitable, Callable
from typing import Any

import orjson
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

Endpoint = Callable[[Request], Awaitable[Response]]


def endpoint(status: int, headers: dict[str, str], body: bytes) -> Endpoint:
    media_type = headers.pop("content-type", None)
    try:
        document: Any = orjson.loads(body)
        serialise = orjson.dumps(document) == body
    except orjson.JSONDecodeError:
        serialise = False

    async def answer(request: Request) -> Response:
        content = orjson.dumps(document) if serialise else body
        return Response(content, status, headers, media_type)

    return answer


#: Query parameters that change with every signed request and so never tell two captured answers apart.
VOLATILE = frozenset({"app_key", "timestamp", "sign", "shop_cipher", "access_token"})


def query_key(pairs: Any) -> tuple[tuple[str, str], ...]:
    return tuple(sorted((k, v) for k, v in pairs if k not in VOLATILE))


def build(captured: list[dict[str, Any]]) -> Starlette:
    """One route per captured (method, path), plus `/_mock/health` for readiness.

    Where two captured answers share a method and path (a page of 20 and a page of 100), the endpoint picks by the
    request's non-volatile query parameters: the least a server must do to tell them apart.
    """
    by_path: dict[str, dict[str, dict[tuple[tuple[str, str], ...], Endpoint]]] = {}
    for c in captured:
        body = base64.b64decode(c["body_b64"])
        answers = by_path.setdefault(c["path"], {}).setdefault(c["method"], {})
        answers[query_key(c["query"])] = endpoint(c["status"], dict(c["headers"]), body)
    health = endpoint(200, {"content-type": "application/json"}, b'{"status":"ok"}')
    routes = [Route("/_mock/health", health, methods=["GET"])]
    for path, methods in by_path.items():
        if len(methods) == 1 and len(next(iter(methods.values()))) == 1:
            ((method, answers),) = methods.items()
            routes.append(Route(path, next(iter(answers.values())), methods=[method]))
        else:
            routes.append(Route(path, _pick(methods), methods=list(methods)))
    return Starlette(routes=routes)


def _pick(methods: dict[str, dict[tuple[tuple[str, str], ...], Endpoint]]) -> Endpoint:
    async def answer(request: Request) -> Response:
        return await methods[request.method][query_key(request.query_params.multi_items())](request)

    return answer


def main() -> None:
    import uvicorn

    with open(sys.argv[1]) as f:
        app = build(json.load(f))
    sock = socket.socket()
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind(("127.0.0.1", 0))
    print(f"floor app at http://127.0.0.1:{sock.getsockname()[1]}", flush=True)
    config = uvicorn.Config(app, log_level="warning", access_log=False, lifespan="off")
    try:
        uvicorn.Server(config).run(sockets=[sock])
    except KeyboardInterrupt:
        pass


if __name__ == "__main__":
    main()
