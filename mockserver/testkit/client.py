"""Clients that speak the Partner API's signing rules, for tests (ours and users'): in-process or over HTTP.

client = PartnerClient.in_process(create_app(Settings(seed=1)))
shops = client.get("/authorization/202309/shops").json()
"""

from __future__ import annotations

import time
from collections.abc import Callable, Mapping
from typing import Any

import httpx
import orjson

from mockserver.partner import signing

_UNSET: Any = object()


class PartnerClient:
    """Signs every request like a real client: app_key, timestamp, sign, x-tts-access-token, shop_cipher."""

    def __init__(
        self,
        http: httpx.Client,
        app_key: str,
        app_secret: str,
        access_token: str | None = None,
        shop_cipher: str | None = None,
        now: Callable[[], float] = time.time,
        *,
        rate_limit_retries: int = 0,
        wait: Callable[[float], None] = time.sleep,
    ) -> None:
        self.http = http
        self.app_key = app_key
        self.app_secret = app_secret
        self.access_token = access_token
        self.shop_cipher = shop_cipher
        self.now = now
        #: How often a 429 is retried, after `wait(Retry-After seconds)`, before it is returned (0: never).
        self.rate_limit_retries = rate_limit_retries
        self.wait = wait

    @classmethod
    def in_process(cls, app: Any, shop: str | None = "migrated", **kwargs: Any) -> PartnerClient:
        """A client for an app built by `create_app`, using the default app's seeded token for `shop` (a seed ref)."""
        from starlette.testclient import TestClient

        mock = app.state.mock
        http = TestClient(app, base_url="http://testserver", raise_server_exceptions=True)
        client = cls(http, mock.settings.app_key, mock.settings.app_secret, now=mock.clock.wall, **kwargs)
        if shop is not None:
            client.use_shop(mock, shop)
        return client

    def use_shop(self, mock: Any, shop_ref: str) -> PartnerClient:
        """Switch to a seeded shop (by seed ref: migrated, second, unauthorized) and its seller's current token."""
        from mockserver.control.backend import current_tokens

        shop = mock.store.shops[mock.refs.shops[shop_ref]]
        pair = current_tokens(mock, self.app_key, shop.seller_id)
        self.shop_cipher = shop.cipher
        if pair is not None:
            self.access_token = pair.access_token
        return self

    def signed_params(
        self, path: str, query: Mapping[str, Any] | None, body: bytes, *, cipher: Any = _UNSET, multipart: bool = False
    ) -> list[tuple[str, str]]:
        params: list[tuple[str, str]] = [(k, _text(v)) for k, v in (query or {}).items() if v is not None]
        params += [("app_key", self.app_key), ("timestamp", str(int(self.now())))]
        cipher = self.shop_cipher if cipher is _UNSET else cipher
        if cipher:
            params.append(("shop_cipher", cipher))
        params.append(("sign", signing.sign(path, params, body, self.app_secret, multipart=multipart)))
        return params

    def request(
        self,
        method: str,
        path: str,
        *,
        query: Mapping[str, Any] | None = None,
        json: Any = _UNSET,
        content: bytes | None = None,
        shop_cipher: Any = _UNSET,
        headers: Mapping[str, str] | None = None,
    ) -> httpx.Response:
        body = content if content is not None else (b"" if json is _UNSET else orjson.dumps(json))
        h = {"content-type": "application/json"}
        if self.access_token:
            h["x-tts-access-token"] = self.access_token
        h.update(headers or {})
        for attempt in range(self.rate_limit_retries + 1):
            params = self.signed_params(path, query, body, cipher=shop_cipher)  # a fresh timestamp each time
            response = self.http.request(method, path, params=tuple(params), content=body or None, headers=h)
            if response.status_code != 429 or attempt == self.rate_limit_retries:
                break
            self.wait(_retry_after(response.headers.get("retry-after")))
        return response

    def get(self, path: str, **kw: Any) -> httpx.Response:
        return self.request("GET", path, **kw)

    def post(self, path: str, **kw: Any) -> httpx.Response:
        return self.request("POST", path, **kw)

    def put(self, path: str, **kw: Any) -> httpx.Response:
        return self.request("PUT", path, **kw)

    def delete(self, path: str, **kw: Any) -> httpx.Response:
        return self.request("DELETE", path, **kw)


def _retry_after(value: str | None) -> float:
    try:
        return max(0.0, min(3600.0, float(value or "1")))
    except ValueError:
        return 1.0


def _text(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (list, tuple)):
        return ",".join(str(v) for v in value)
    return str(value)
