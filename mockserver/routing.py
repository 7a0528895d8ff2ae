"""The app's router: Starlette's, with an index by a path's first segment.

Starlette tries every route in order until one matches. The open-api host's catch-all comes last (after the pages,
the control plane, the auth host, the images and documents, the legacy dialect), so every Partner API request was
refused by each route before it. `SegmentRouter` tries, in the same order, only the routes that can match the path:
a route whose path starts with a literal segment (`/docs`, `/_mock/...`, `/img/{uri:path}`) is tried only for paths
whose first segment is that one; a route that starts with a parameter, or has no path, is tried for every path.
Anything but a full match (a method not allowed, a redirect to the slashed path, nothing found) and any request
under a `root_path` take Starlette's own walk over every route, so the answers are Starlette's, unchanged.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from starlette.routing import BaseRoute, Match, Mount, Route, Router
from starlette.types import Receive, Scope, Send


def first_segment(path: str) -> str | None:
    """The literal first segment of a route's path, or None when it has none (a parameter, no path)."""
    if not path.startswith("/"):
        return None
    segment = path[1:].split("/", 1)[0]
    return None if "{" in segment else segment


def _literal(route: BaseRoute) -> str | None:
    if isinstance(route, Route | Mount) and route.path:
        return first_segment(route.path)
    return None


class SegmentRouter(Router):
    def __init__(self, routes: Sequence[BaseRoute] | None = None, **kwargs: Any) -> None:
        super().__init__(routes, **kwargs)
        self._indexed = -1
        self._by_segment: dict[str, list[BaseRoute]] = {}
        self._unindexed: list[BaseRoute] = []

    def _index(self) -> None:
        literals = [_literal(r) for r in self.routes]
        self._unindexed = [r for r, s in zip(self.routes, literals, strict=True) if s is None]
        self._by_segment = {
            segment: [r for r, s in zip(self.routes, literals, strict=True) if s in (None, segment)]
            for segment in {s for s in literals if s is not None}
        }
        self._indexed = len(self.routes)

    def candidates(self, path: str) -> list[BaseRoute]:
        """The routes that can match `path`, in order."""
        if self._indexed != len(self.routes):  # routes added since (Starlette's add_route, a test's insert)
            self._index()
        found = self._by_segment.get(path[1:].split("/", 1)[0])
        return self._unindexed if found is None else found

    async def app(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and not scope.get("root_path"):
            for route in self.candidates(scope["path"]):
                match, child_scope = route.matches(scope)
                if match is Match.FULL:
                    if "router" not in scope:
                        scope["router"] = self
                    scope["route"] = route
                    scope.update(child_scope)
                    await route.handle(scope, receive, send)
                    return
                if match is Match.PARTIAL:
                    break
        await super().app(scope, receive, send)
