"""The app's router (mockserver/routing.py) skips only routes that cannot match: it picks what Starlette picks."""

from __future__ import annotations

from typing import Any

import pytest
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import PlainTextResponse
from starlette.routing import Match, Route
from starlette.testclient import TestClient

from mockserver.routing import SegmentRouter, first_segment

PATHS = [
    "/",
    "//",
    "/docs",
    "/docs/",
    "/redoc",
    "/openapi.json",
    "/_mock",
    "/_mock/health",
    "/_mock/requests/har",
    "/api/v2/token/get",
    "/open/authorize",
    "/oauth/authorize",
    "/img/tos-alisg-i-aphluv4xwc-sg/abc",
    "/token",
    "/v1/order/list",
    "/inventory/v1/fs/1/product/info",
    "/legacy/openapi.json",
    "/product/202309/products/123",
    "/order/202309/orders/search",
    "/authorization/202309/shops",
    "/nowhere",
    "/open/202309/nothing",
]


def starlette_pick(app: Starlette, scope: dict[str, object]) -> object:
    """The route Starlette's own walk hands a request to: the first full match, else the first partial one."""
    partial = None
    for route in app.routes:
        match, _ = route.matches(scope)
        if match is Match.FULL:
            return route
        if match is Match.PARTIAL and partial is None:
            partial = route
    return partial


@pytest.mark.parametrize("path", PATHS)
@pytest.mark.parametrize("method", ["GET", "POST", "PROPFIND"])
def test_candidates_hold_the_route_starlette_picks(app: Starlette, method: str, path: str) -> None:
    router = app.router
    assert isinstance(router, SegmentRouter)
    scope = {"type": "http", "method": method, "path": path, "root_path": "", "headers": []}
    candidates = router.candidates(path)
    assert [r for r in app.routes if r in candidates] == candidates  # the same order
    for route in app.routes:
        if route not in candidates:
            assert route.matches(scope)[0] is Match.NONE
    picked = starlette_pick(app, scope)
    assert picked is None or picked in candidates


def text(body: str) -> Any:
    async def endpoint(request: Request) -> PlainTextResponse:
        return PlainTextResponse(body)

    return endpoint


def test_a_route_added_later_is_tried() -> None:
    app = Starlette()
    app.router = SegmentRouter([Route("/{rest:path}", text("catch-all"), methods=["GET"])])
    app.router.routes.insert(0, Route("/late", text("late"), methods=["POST"]))
    client = TestClient(app)
    assert client.post("/late").text == "late"
    assert client.get("/late").text == "catch-all"  # a full match after a partial one wins, as in Starlette
    assert client.post("/other").status_code == 405


@pytest.mark.parametrize(
    ("path", "segment"), [("/", ""), ("/docs", "docs"), ("/img/{uri:path}", "img"), ("/{path:path}", None), ("", None)]
)
def test_first_segment(path: str, segment: str | None) -> None:
    assert first_segment(path) == segment
