"""Authenticates and paces every legacy Seller API request at the last moment (a `requests` auth).

- `POST /token` goes out with HTTP Basic `client_id:client_secret`; every other call with `Authorization: Bearer`,
  a token fetched once with client credentials and kept until it expires (the API hands out a new one only then)
  or the API refuses it (401 on a request that named our own fs_id: the token is the problem, not the fs_id).
- Rate limits are per endpoint (reference §4): an answer whose `X-Ratelimit-Remaining` is 0 holds the next request
  to that endpoint for `X-Ratelimit-Reset-After` seconds, and a 429 is retried after Retry-After (else the
  `X-Ratelimit-*` reset times), up to `max_retries` times.
"""

from __future__ import annotations

import base64
import threading
import time
from collections.abc import Callable, Mapping
from typing import Any
from urllib.parse import parse_qsl, urlsplit

import requests
from requests.auth import AuthBase

from mockserver.contract.signer import MAX_RETRY_WAIT, RateLimiter, Route, Routes, _retry_after
from mockserver.contract.tokens import CredentialsError
from mockserver.redact import Redactor

#: Ask for a new token this many seconds before the current one expires (clock skew).
EXPIRY_MARGIN = 5.0


class ClientCredentials:
    """Bearer tokens from `POST /token?grant_type=client_credentials` with HTTP Basic client credentials."""

    def __init__(
        self,
        http: requests.Session,
        token_url: str,
        client_id: str,
        client_secret: str,
        redactor: Redactor,
        *,
        now: Callable[[], float] = time.time,
        timeout: float = 30.0,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self.http = http
        self.token_url = token_url.rstrip("/") + "/token"
        encoded = base64.b64encode(f"{client_id}:{client_secret}".encode()).decode()
        self.basic = "Basic " + encoded
        self.redactor = redactor
        redactor.add(encoded)  # the secret in plain sight, in a Basic header of a reported request
        self.now = now
        self.timeout = timeout
        self.sleep = sleep
        self.token = ""
        self.expires_at = 0.0
        #: Tokens fetched (the first one included).
        self.fetched = 0
        self._lock = threading.Lock()

    def access_token(self) -> str:
        with self._lock:
            if not self.token or self.expires_at - self.now() < EXPIRY_MARGIN:
                self._fetch()
            return self.token

    def forget(self) -> None:
        """Drop the token (the target was reset and no longer knows it): the next request fetches one."""
        with self._lock:
            self.token, self.expires_at = "", 0.0

    def renew(self, rejected: str) -> str | None:
        """A token other than `rejected` (which the API refused), or None when the API hands out the same one."""
        with self._lock:
            if self.token == rejected:
                self._fetch()
            return self.token if self.token != rejected else None

    def _fetch(self) -> None:
        for attempt in range(4):
            try:
                response = self.http.post(
                    self.token_url,
                    params={"grant_type": "client_credentials"},
                    headers={"Authorization": self.basic},
                    timeout=self.timeout,
                )
            except requests.RequestException as exc:
                raise CredentialsError(f"legacy token request failed: {self.redactor(str(exc))}") from None
            if response.status_code != 429:
                break
            self.sleep(wait_for(response.headers, attempt))
        body = _json(response)
        if response.status_code != 200 or not isinstance(body, dict) or not body.get("access_token"):
            described = body.get("error") if isinstance(body, dict) else response.text[:120]
            raise CredentialsError(
                self.redactor(f"legacy token request failed: HTTP {response.status_code}, {described}")
            )
        self.token = str(body["access_token"])
        self.redactor.add(self.token)
        self.expires_at = self.now() + float(body.get("expires_in") or 0)
        self.fetched += 1


class EndpointPacer:
    """Holds requests to an endpoint whose last answer said its quota is spent, until the quota is back."""

    def __init__(self, sleep: Callable[[float], None] = time.sleep, clock: Callable[[], float] = time.monotonic):
        self.sleep = sleep
        self.clock = clock
        self._ready: dict[str, float] = {}
        self._lock = threading.Lock()

    def wait(self, endpoint: str) -> None:
        with self._lock:
            delay = self._ready.get(endpoint, 0.0) - self.clock()
        if delay > 0:
            self.sleep(min(delay, MAX_RETRY_WAIT))

    def observe(self, endpoint: str, headers: Mapping[str, str]) -> None:
        remaining = _number(headers.get("x-ratelimit-remaining"))
        if remaining is None or remaining >= 1:
            return
        reset = _number(headers.get("x-ratelimit-reset-after")) or 0.0
        with self._lock:
            self._ready[endpoint] = self.clock() + max(0.0, reset)


def wait_for(headers: Mapping[str, str], attempt: int) -> float:
    """How long to wait after a 429: Retry-After, else the time to regain one request, else to a full quota."""
    if headers.get("retry-after"):
        return _retry_after(headers.get("retry-after"), attempt)
    for name in ("x-ratelimit-reset-after", "x-ratelimit-full-reset-after"):
        seconds = _number(headers.get(name))
        if seconds is not None and seconds > 0:
            return min(MAX_RETRY_WAIT, seconds + 0.01)
    return _retry_after(None, attempt)


class LegacyAuth(AuthBase):
    def __init__(
        self,
        routes: Routes,
        basic_operations: set[str],
        tokens: ClientCredentials,
        fs_id: str,
        *,
        limiter: RateLimiter | None = None,
        pacer: EndpointPacer | None = None,
        max_retries: int = 3,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self.routes = routes
        self.basic_operations = basic_operations
        self.tokens = tokens
        self.fs_id = fs_id
        self.limiter = limiter or RateLimiter(0)
        self.pacer = pacer or EndpointPacer(sleep)
        self.max_retries = max_retries
        self.sleep = sleep
        #: 429 answers seen (the summary reports them).
        self.throttled = 0

    def __call__(self, request: requests.PreparedRequest) -> requests.PreparedRequest:
        self._prepare(request)
        request.register_hook("response", self._on_response)
        return request

    def _prepare(self, request: requests.PreparedRequest) -> None:
        route = self._route(request)
        self.pacer.wait(route.operation_id if route else "")
        self.limiter.acquire()
        if route is not None and route.operation_id in self.basic_operations:
            request.headers["Authorization"] = self.tokens.basic
        else:
            request.headers["Authorization"] = "Bearer " + self.tokens.access_token()

    def _route(self, request: requests.PreparedRequest) -> Route | None:
        return self.routes.find(request.method or "GET", urlsplit(request.url or "").path)

    def _on_response(self, response: requests.Response, **kwargs: Any) -> requests.Response:
        retries = 0
        renewed = False
        while True:
            route = self._route(response.request)
            self.pacer.observe(route.operation_id if route else "", response.headers)
            if response.status_code == 429 and retries < self.max_retries:
                self.throttled += 1
                self.sleep(wait_for(response.headers, retries))
                retries += 1
            elif response.status_code == 401 and not renewed and self._names_our_fs_id(response.request):
                renewed = True
                sent = str(response.request.headers.get("Authorization", "")).removeprefix("Bearer ")
                if self.tokens.renew(sent) is None:
                    return response
            else:
                return response
            response = self._resend(response, **kwargs)

    def _names_our_fs_id(self, request: requests.PreparedRequest) -> bool:
        """A Bearer request whose fs_id (path or query) is ours: a 401 then means the token was refused."""
        if not str(request.headers.get("Authorization", "")).startswith("Bearer "):
            return False
        parts = urlsplit(request.url or "")
        in_query = dict(parse_qsl(parts.query)).get("fs_id")
        return in_query == self.fs_id or f"/fs/{self.fs_id}/" in parts.path + "/"

    def _resend(self, response: requests.Response, **kwargs: Any) -> requests.Response:
        response.content  # noqa: B018 - drain it so the connection can be reused
        response.close()
        request = response.request.copy()
        self._prepare(request)
        adapter: Any = response.connection
        new: requests.Response = adapter.send(request, **kwargs)
        new.history.append(response)
        new.request = request
        return new


def _number(value: str | None) -> float | None:
    try:
        return float(value) if value is not None else None
    except ValueError:
        return None


def _json(response: requests.Response) -> Any:
    try:
        return response.json()
    except ValueError:
        return None
