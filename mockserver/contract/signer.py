"""Signs every Partner API request at the last moment, over the exact bytes sent (a `requests` auth).

It adds `app_key`, `timestamp`, `shop_cipher` (where the operation takes one), the `x-tts-access-token` header and
`sign` (mockserver.partner.signing, reference §2.2); it paces requests (rate limit), waits and retries on 429
(honouring Retry-After), and refreshes the token and retries once when the API answers 105002 (expired).
Requests to the auth host pass through unsigned, as real clients send them.
"""

from __future__ import annotations

import re
import threading
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

import requests
from requests.auth import AuthBase

from mockserver.contract.tokens import TokenSource
from mockserver.partner import signing

#: Query parameters the signer owns: dropped and re-added on every (re)try.
GATE_PARAMS = ("app_key", "timestamp", "shop_cipher", "sign")
TOKEN_HEADER = "x-tts-access-token"
EXPIRED_TOKEN = 105002
#: Longest wait for one 429 (seconds), whatever Retry-After says.
MAX_RETRY_WAIT = 60.0


@dataclass(frozen=True)
class Route:
    method: str
    regex: re.Pattern[str]
    host: str  # open-api | auth
    shop_cipher: str  # required | optional | forbidden
    operation_id: str


class Routes:
    """Which operation a request is for, from the OpenAPI document's paths (templates -> regexes)."""

    def __init__(self, document: dict[str, Any]) -> None:
        self.routes: list[Route] = []
        for path, methods in document.get("paths", {}).items():
            pattern = re.sub(r"\\\{[^}]+\\\}", "[^/]+", re.escape(path))
            for method, op in methods.items():
                if not isinstance(op, dict) or "operationId" not in op:
                    continue
                self.routes.append(
                    Route(
                        method.upper(),
                        re.compile(f"^{pattern}$"),
                        str(op.get("x-host", "open-api")),
                        str(op.get("x-shop-cipher", "forbidden")),
                        str(op["operationId"]),
                    )
                )
        # Literal segments win over templates ("/products/search" before "/products/{id}").
        self.routes.sort(key=lambda r: r.regex.pattern.count("[^/]+"))

    def find(self, method: str, path: str) -> Route | None:
        return next((r for r in self.routes if r.method == method and r.regex.match(path)), None)


class RateLimiter:
    """At most `per_second` requests per second, spread evenly (0: no limit). Thread-safe."""

    def __init__(self, per_second: float, sleep: Callable[[float], None] = time.sleep) -> None:
        self.interval = 1.0 / per_second if per_second > 0 else 0.0
        self.sleep = sleep
        self._next = 0.0
        self._lock = threading.Lock()

    def acquire(self) -> None:
        if not self.interval:
            return
        with self._lock:
            now = time.monotonic()
            wait = self._next - now
            self._next = max(now, self._next) + self.interval
        if wait > 0:
            self.sleep(wait)


class PartnerSigner(AuthBase):
    def __init__(
        self,
        routes: Routes,
        app_key: str,
        app_secret: str,
        tokens: TokenSource,
        shop_cipher: str,
        *,
        now: Callable[[], float] = time.time,
        limiter: RateLimiter | None = None,
        max_retries: int = 3,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self.routes = routes
        self.app_key = app_key
        self.app_secret = app_secret
        self.tokens = tokens
        self.shop_cipher = shop_cipher
        self.now = now
        self.limiter = limiter or RateLimiter(0)
        self.max_retries = max_retries
        self.sleep = sleep
        #: 429 answers seen (the summary reports them).
        self.throttled = 0

    def __call__(self, request: requests.PreparedRequest) -> requests.PreparedRequest:
        route = self.routes.find(request.method or "GET", urlsplit(request.url or "").path)
        self.limiter.acquire()
        if route is not None and route.host == "open-api":
            self.sign(request, route)
        request.register_hook("response", self._on_response)
        return request

    def sign(self, request: requests.PreparedRequest, route: Route, *, token: str | None = None) -> None:
        parts = urlsplit(request.url or "")
        pairs = [(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if k not in GATE_PARAMS]
        pairs += [("app_key", self.app_key), ("timestamp", str(int(self.now())))]
        if self.shop_cipher and route.shop_cipher != "forbidden":
            pairs.append(("shop_cipher", self.shop_cipher))
        body = _body_bytes(request)
        content_type = str(request.headers.get("content-type", ""))
        multipart = content_type.lower().startswith("multipart/form-data")
        pairs.append(("sign", signing.sign(parts.path, pairs, body, self.app_secret, multipart=multipart)))
        request.url = urlunsplit(parts._replace(query=urlencode(pairs)))
        request.headers[TOKEN_HEADER] = token if token is not None else self.tokens.access_token()
        if "content-type" not in request.headers:
            request.headers["content-type"] = "application/json"  # the docs list it as required, even on GET

    def _on_response(self, response: requests.Response, **kwargs: Any) -> requests.Response:
        retries = 0
        refreshed = False
        while True:
            if response.status_code == 429 and retries < self.max_retries:
                self.throttled += 1
                self.sleep(_retry_after(response.headers.get("retry-after"), retries))
                retries += 1
            elif not refreshed and response.status_code == 401 and _code(response) == EXPIRED_TOKEN:
                self.tokens.refresh()
                refreshed = True
            else:
                return response
            response = self._resend(response, **kwargs)

    def _resend(self, response: requests.Response, **kwargs: Any) -> requests.Response:
        response.content  # noqa: B018 - drain it so the connection can be reused
        response.close()
        request = response.request.copy()
        route = self.routes.find(request.method or "GET", urlsplit(request.url or "").path)
        self.limiter.acquire()
        if route is not None and route.host == "open-api":
            self.sign(request, route)
        adapter: Any = response.connection
        new: requests.Response = adapter.send(request, **kwargs)
        new.history.append(response)
        new.request = request
        return new


def _body_bytes(request: requests.PreparedRequest) -> bytes:
    body = request.body
    if body is None:
        return b""
    if isinstance(body, str):
        body = body.encode("utf-8")
        request.body = body  # send exactly the bytes that were signed
    if isinstance(body, (bytes, bytearray)):
        return bytes(body)
    raise TypeError("cannot sign a streamed request body")


def _retry_after(header: str | None, attempt: int) -> float:
    if header:
        try:
            return max(0.0, min(MAX_RETRY_WAIT, float(header)))
        except ValueError:
            from email.utils import parsedate_to_datetime

            try:
                when: float = parsedate_to_datetime(header).timestamp()
                return max(0.0, min(MAX_RETRY_WAIT, when - time.time()))
            except (TypeError, ValueError):
                pass
    return min(MAX_RETRY_WAIT, 2.0**attempt)


def _code(response: requests.Response) -> object:
    try:
        body = response.json()
    except ValueError:
        return None
    return body.get("code") if isinstance(body, dict) else None


def strip_gate(pairs: Iterable[tuple[str, str]]) -> list[tuple[str, str]]:
    return [(k, v) for k, v in pairs if k not in GATE_PARAMS]
