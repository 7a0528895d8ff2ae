"""Access tokens for a contract run: from the environment, an auth-code exchange, or a mock's control plane;
refreshed before they expire and when the API says they have (105002).
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import requests

from mockserver.redact import Redactor

#: Refresh this many seconds before the access token expires.
REFRESH_MARGIN = 300


class CredentialsError(Exception):
    """The run cannot authenticate: say which variable or flag is missing, never a secret."""


@dataclass
class TokenPair:
    access_token: str
    refresh_token: str = ""
    #: Absolute Unix time (seconds), or 0 when unknown.
    access_expires_at: int = 0


class TokenSource:
    """Hands out a valid access token; exchanges an auth code or refreshes through the auth host when needed."""

    def __init__(
        self,
        http: requests.Session,
        auth_url: str,
        app_key: str,
        app_secret: str,
        redactor: Redactor,
        *,
        pair: TokenPair | None = None,
        auth_code: str = "",
        now: Callable[[], float] = time.time,
        timeout: float = 30.0,
    ) -> None:
        self.http = http
        self.auth_url = auth_url.rstrip("/")
        self.app_key = app_key
        self.app_secret = app_secret
        self.redactor = redactor
        self.pair = pair
        self.auth_code = auth_code
        self.now = now
        self.timeout = timeout
        self.refreshes = 0
        self._lock = threading.Lock()

    def access_token(self) -> str:
        with self._lock:
            if self.pair is None:
                if not self.auth_code:
                    raise CredentialsError("no access token: set an access token, a refresh token or an auth code")
                self.pair = self._call(
                    "/api/v2/token/get", auth_code=self.auth_code, grant_type="authorized_code", what="auth code"
                )
                self.auth_code = ""  # single-use
            elif self._expiring() and self.pair.refresh_token:
                self.pair = self._refresh(self.pair)
            return self.pair.access_token

    def refresh(self) -> str:
        """A new access token now (after the API answered 105002 "expired credentials")."""
        with self._lock:
            if self.pair is None or not self.pair.refresh_token:
                raise CredentialsError("the access token expired and there is no refresh token")
            self.pair = self._refresh(self.pair)
            return self.pair.access_token

    def _expiring(self) -> bool:
        assert self.pair is not None
        return bool(self.pair.access_expires_at) and self.pair.access_expires_at - self.now() < REFRESH_MARGIN

    def _refresh(self, pair: TokenPair) -> TokenPair:
        self.refreshes += 1
        return self._call(
            "/api/v2/token/refresh", refresh_token=pair.refresh_token, grant_type="refresh_token", what="refresh"
        )

    def _call(self, path: str, *, what: str, **params: str) -> TokenPair:
        query = {"app_key": self.app_key, "app_secret": self.app_secret, **params}
        try:
            response = self.http.get(self.auth_url + path, params=query, timeout=self.timeout)
            body: Any = response.json()
        except (requests.RequestException, ValueError) as exc:
            raise CredentialsError(f"token {what} failed: {self.redactor(str(exc))}") from None
        data = body.get("data") if isinstance(body, dict) else None
        if not isinstance(body, dict) or body.get("code") != 0 or not isinstance(data, dict):
            code = body.get("code") if isinstance(body, dict) else None
            message = body.get("message") if isinstance(body, dict) else None
            raise CredentialsError(
                self.redactor(f"token {what} failed: HTTP {response.status_code}, code {code}, {message}")
            )
        pair = TokenPair(
            access_token=str(data.get("access_token", "")),
            refresh_token=str(data.get("refresh_token", "")),
            access_expires_at=int(data.get("access_token_expire_in") or 0),
        )
        self.redactor.add(pair.access_token, pair.refresh_token)
        return pair
