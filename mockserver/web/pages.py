"""`/` (a landing page) and `/docs` (Swagger UI over /openapi.json and /legacy/openapi.json).

Everything the pages load is shipped in the package under `static/` (Swagger UI is vendored from the npm package
swagger-ui-dist, see `static/swagger-ui/package.json`; `tools/vendor_swagger_ui.py` updates it): no CDN, the
pages work offline. Templates are read once per process; the assets are files served by Starlette.
"""

from __future__ import annotations

import functools
import html
from importlib import resources
from pathlib import Path
from string import Template

from starlette.requests import Request
from starlette.responses import HTMLResponse, RedirectResponse, Response
from starlette.routing import BaseRoute, Mount, Route
from starlette.staticfiles import StaticFiles
from starlette.types import Receive, Scope, Send

from mockserver.observe import PAGES, info_of
from mockserver.runtime import Mock
from mockserver.version import __version__

#: The name of the inspector's route (GET /_mock/ui, mockserver/control/inspector/), which the landing page links.
INSPECTOR_ROUTE = "mock_inspector"
ASSETS_PATH = "/docs/assets"


def static_dir() -> Path:
    return Path(str(resources.files("mockserver.web") / "static"))


@functools.cache
def _template(name: str) -> Template:
    return Template((resources.files("mockserver.web") / "templates" / name).read_text(encoding="utf-8"))


class Assets:
    """The shipped files under /docs/assets/, recorded as the pages dialect."""

    def __init__(self) -> None:
        self.files = StaticFiles(directory=static_dir())

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        info = info_of(scope)
        info.dialect, info.operation_id = PAGES, "asset"
        await self.files(scope, receive, send)


class Pages:
    def __init__(self, mock: Mock, control_token_required: bool = False) -> None:
        self.mock = mock
        #: The /docs page then asks for the control plane's token (its "Try it out" signing reads /_mock/*).
        self.control_token_required = control_token_required

    def _values(self, request: Request) -> dict[str, str]:
        s = self.mock.settings
        values = {
            "version": __version__,
            "seed": str(s.seed),
            "base_url": str(request.base_url).rstrip("/"),
            "app_key": s.app_key,
            "service_id": s.service_id,
            "legacy_client_id": s.legacy_client_id,
            "legacy_fs_id": str(s.legacy_fs_id),
            "control_token_required": "true" if self.control_token_required else "false",
        }
        return {k: html.escape(v) for k, v in values.items()}

    def _page(self, request: Request, operation_id: str, template: str, **extra: str) -> Response:
        info = info_of(request.scope)
        info.dialect, info.operation_id = PAGES, operation_id
        return HTMLResponse(_template(template).substitute(self._values(request), **extra))

    async def landing(self, request: Request) -> Response:
        return self._page(request, "landing", "landing.html")

    async def docs(self, request: Request) -> Response:
        return self._page(request, "docs", "docs.html")

    async def redoc(self, request: Request) -> Response:
        info_of(request.scope).dialect = PAGES
        return RedirectResponse("/docs", status_code=307)

    def routes(self) -> list[BaseRoute]:
        return [
            Route("/", self.landing, methods=["GET"]),
            Route("/docs", self.docs, methods=["GET"]),
            Route("/redoc", self.redoc, methods=["GET"]),  # the other usual address of API docs
            Mount(ASSETS_PATH, app=Assets(), name="docs_assets"),
        ]
