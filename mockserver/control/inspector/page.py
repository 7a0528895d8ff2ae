"""`GET /_mock/ui`: the inspector page. Reads go through `reads.gather` (under the store lock); the page is built
from the shipped template (`web/templates/inspector.html`) and its script and stylesheet are the docs' assets.

Tokens and secrets are rendered only when the browser is on the machine the mock runs on (a loopback client
address); anyone else sees them masked. The page allows no inline script or style and no other origin (CSP), so
even a value that slipped past escaping could not run.
"""

from __future__ import annotations

import functools
import ipaddress
from importlib import resources
from string import Template

from starlette.requests import Request
from starlette.responses import HTMLResponse, Response
from starlette.routing import Route

from mockserver.control.inspector import reads, sections
from mockserver.control.journal import Reader
from mockserver.delivery.engine import DeliveryEngine
from mockserver.version import __version__
from mockserver.web.pages import INSPECTOR_ROUTE

CSP = (
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; connect-src 'self'; "
    "form-action 'self'; base-uri 'none'; frame-ancestors 'none'"
)
#: Longest shop id or page token a query may carry (longer ones are ignored, as unknown ones are).
MAX_PARAM = 200


@functools.cache
def _template() -> Template:
    text = (resources.files("mockserver.web") / "templates" / "inspector.html").read_text(encoding="utf-8")
    return Template(text)


def is_loopback(host: str | None) -> bool:
    """True for 127.0.0.0/8, ::1 and IPv4-mapped loopback; False for anything else, a name included."""
    try:
        address = ipaddress.ip_address((host or "").split("%")[0])
    except ValueError:
        return False
    mapped = getattr(address, "ipv4_mapped", None)
    return bool(address.is_loopback or (mapped is not None and mapped.is_loopback))


def wanted(request: Request) -> reads.Wanted:
    params = request.query_params
    shop, token, page = (params.get(k, "") for k in ("shop", "orders", "products"))
    return reads.Wanted(
        shop_id=shop if len(shop) <= MAX_PARAM else "",
        products_page=int(page) if page.isascii() and page.isdigit() and len(page) <= 6 else 0,
        orders_token=token if len(token) <= MAX_PARAM else "",
    )


class Inspector:
    def __init__(self, engine: DeliveryEngine, reader: Reader) -> None:
        self.engine = engine
        self.mock = engine.mock
        self.reader = reader  # the journal endpoint's: an entry is revealed once, under one lock

    async def page(self, request: Request) -> Response:
        want = wanted(request)
        g = reads.gather(self.mock, self.engine, self.reader, want)
        look = sections.Look(reveal=is_loopback(request.client.host if request.client else None), path="/_mock/ui")
        body = _template().substitute(
            version=sections.esc(__version__),
            seed=sections.esc(self.mock.settings.seed),
            clock=sections.clock(g),
            shops=sections.shops(g, look),
            products=sections.products(g, look, want.products_page),
            orders=sections.orders(g, look),
            journal=sections.journal(g),
            deliveries=sections.deliveries(g),
            events=sections.events(g),
            faults=sections.faults(g),
        )
        headers = {"content-security-policy": CSP, "cache-control": "no-store", "referrer-policy": "no-referrer"}
        return HTMLResponse(body, headers=headers)

    def routes(self) -> list[Route]:
        return [Route("/ui", self.page, methods=["GET"], name=INSPECTOR_ROUTE)]
