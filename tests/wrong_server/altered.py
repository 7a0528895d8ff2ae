"""A mock that differs from the real one in a known way, for the drift tests: shops gain a `status` field."""

from __future__ import annotations

from typing import Any

import orjson

from mockserver.app import create_app
from mockserver.settings import Settings


def altered_mock(path: str = "/seller/202309/shops") -> Any:
    app = create_app(Settings(validate_responses=True))

    async def altered(scope: Any, receive: Any, send: Any) -> None:
        if scope["type"] != "http" or scope["path"] != path:
            await app(scope, receive, send)
            return
        start: dict[str, Any] = {}

        async def rewrite(message: Any) -> None:
            if message["type"] == "http.response.start":
                start.update(message)
                return
            body = orjson.loads(message["body"])
            if body.get("code") == 0:
                for shop in body["data"]["shops"]:
                    shop["status"] = "ACTIVE"
            raw = orjson.dumps(body)
            headers = [(k, v) for k, v in start["headers"] if k != b"content-length"]
            await send({**start, "headers": [*headers, (b"content-length", str(len(raw)).encode())]})
            await send({"type": "http.response.body", "body": raw})

        await app(scope, receive, rewrite)

    return altered
