"""A resolved target: how to reach it (in-process app or URL), what it is (a mock or the real API), who we are
(app, shop, tokens) and the OpenAPI document to test it against.
"""

from __future__ import annotations

import time
from contextlib import ExitStack
from dataclasses import dataclass
from functools import cached_property
from typing import Any

import requests

from mockserver.contract.config import REAL_AUTH_URL, ContractConfig
from mockserver.contract.tokens import CredentialsError, TokenPair, TokenSource
from mockserver.redact import Redactor

#: The Host the in-process client talks to.
IN_PROCESS_URL = "http://testserver"
#: `Settings.legacy_rate_limit` of the in-process mock: high enough never to answer 429.
IN_PROCESS_LEGACY_RATE_LIMIT = "1000000/1000000"


@dataclass
class Identity:
    app_key: str
    app_secret: str
    shop_cipher: str
    #: The consent page's service_id (a mock's: lets the kit get fresh auth codes); empty for a real API.
    service_id: str = ""


class Target:
    """Everything about the system under test. Close it (or use `with`) to release the in-process client."""

    def __init__(self, config: ContractConfig, *, app: Any = None) -> None:
        self.config = config
        self.redactor = Redactor(config.secrets())
        self._stack = ExitStack()
        self.app = app
        if config.in_process and app is None:
            self.app = _in_process_app(config)
        if self.app is not None:
            from schemathesis.python import asgi

            self.http: requests.Session = self._stack.enter_context(asgi.get_client(self.app))
            self.base_url = IN_PROCESS_URL
        else:
            self.http = self._stack.enter_context(requests.Session())
            self.base_url = config.base_url
        self.is_mock = self._answers_control_plane()
        self.auth_url = (config.auth_url or (self.base_url if self.is_mock else REAL_AUTH_URL)).rstrip("/")
        self.clock_offset = self._clock_offset() if self.is_mock else 0.0
        self._seeded_pair = False

    # --- who we are on the Partner API (resolved on first use: a legacy run never needs it) ------------------------
    @cached_property
    def _partner(self) -> tuple[Identity, TokenSource]:
        identity, pair = self._identity()
        self.redactor.add(identity.app_secret)
        if pair is not None:
            self.redactor.add(pair.access_token, pair.refresh_token)
        tokens = TokenSource(
            self.http,
            self.auth_url,
            identity.app_key,
            identity.app_secret,
            self.redactor,
            pair=pair,
            auth_code=self.config.auth_code,
            now=self.now,
            timeout=self.config.timeout,
        )
        return identity, tokens

    @property
    def identity(self) -> Identity:
        return self._partner[0]

    @property
    def tokens(self) -> TokenSource:
        return self._partner[1]

    # --- what the target is -------------------------------------------------------------------------------------
    @property
    def label(self) -> str:
        if self.config.in_process:
            return "in-process mock"
        return f"{'mock' if self.is_mock else 'API'} at {self.base_url}"

    @property
    def allow_writes(self) -> bool:
        """Writes are always on against a mock, and only on request against a real API."""
        return self.is_mock if self.config.allow_writes is None else self.config.allow_writes

    @property
    def rate_limit(self) -> float:
        if self.config.rate_limit is not None:
            return self.config.rate_limit
        return 0.0 if self.is_mock else 2.0

    def now(self) -> float:
        """The target's clock as far as request timestamps go (a mock's clock may be moved)."""
        return time.time() + self.clock_offset

    # --- state ---------------------------------------------------------------------------------------------------
    @property
    def can_reset(self) -> bool:
        """A mock can be put back to its seed state (`POST /_mock/reset`); a real API cannot."""
        return self.is_mock

    def reset(self) -> None:
        """Back to the seed state: the store rebuilt from the seed (ids, tokens, ciphers: the same ones), domain time
        un-shifted. The seeded Partner token pair is valid again; a refreshed one is forgotten."""
        response = self.http.post(self.url("/_mock/reset"), timeout=self.config.timeout)
        if response.status_code != 200:
            raise RuntimeError(f"{self.label}: POST /_mock/reset answered HTTP {response.status_code}")
        if "_partner" in self.__dict__ and self._seeded_pair:  # the pair came from /_mock/apps: it is valid again
            self.tokens.pair = self._mock_identity()[1]

    def url(self, path: str) -> str:
        return self.base_url + path

    def get_json(self, path: str, **params: str) -> Any:
        headers = {"x-mock-control-token": self.config.control_token} if self.config.control_token else None
        if not path.startswith("/_mock/"):
            headers = None
        response = self.http.get(self.url(path), params=params or None, headers=headers, timeout=self.config.timeout)
        return response.json()

    # --- discovery -----------------------------------------------------------------------------------------------
    def _answers_control_plane(self) -> bool:
        self.unreachable = ""
        try:
            body = self.get_json("/_mock/health")
        except requests.ConnectionError as e:  # refused, unknown host, reset: nothing answered at all
            self.unreachable = f"{self.base_url} is not reachable ({type(e).__name__})"
            return False
        except (requests.RequestException, ValueError):
            return False
        return isinstance(body, dict) and body.get("code") == 0

    def _clock_offset(self) -> float:
        mock = getattr(getattr(self.app, "state", None), "mock", None)
        if mock is not None:
            return float(mock.clock.wall() - time.time())
        try:
            wall = self.get_json("/_mock/clock")["data"]["wall"]
        except (requests.RequestException, ValueError, KeyError, TypeError):
            return 0.0
        return float(wall) - time.time()

    def _identity(self) -> tuple[Identity, TokenPair | None]:
        c = self.config
        if self.is_mock and not (c.app_secret and (c.access_token or c.auth_code)):
            self._seeded_pair = True
            return self._mock_identity()
        missing = [name for name, value in (("APP_KEY", c.app_key), ("APP_SECRET", c.app_secret)) if not value]
        if not (c.access_token or c.refresh_token or c.auth_code):
            missing.append("ACCESS_TOKEN (or REFRESH_TOKEN or AUTH_CODE)")
        if missing:
            if self.unreachable:
                raise CredentialsError(self.unreachable)
            names = ", ".join("TOKOPEDIA_CONTRACT_" + m for m in missing)
            raise CredentialsError(
                f"{self.label} answers, but is not a tokopedia-mock (no /_mock/health): "
                f"credentials are needed ({names})"
            )
        pair = TokenPair(c.access_token, c.refresh_token) if (c.access_token or c.refresh_token) else None
        if pair is not None and not pair.access_token:
            pair.access_expires_at = 1  # only a refresh token: refresh before the first call
        return Identity(c.app_key, c.app_secret, c.shop_cipher), pair

    def mock_apps(self) -> list[dict[str, Any]]:
        """A running mock's apps (GET /_mock/apps), or a CredentialsError saying why they cannot be read."""
        body = self.get_json("/_mock/apps")
        if isinstance(body, dict) and body.get("code") == 40101:
            raise CredentialsError(
                f"the {self.label}'s control plane needs its token: set TOKOPEDIA_CONTRACT_CONTROL_TOKEN "
                "(or TOKOPEDIA_MOCK_CONTROL_TOKEN, or --control-token)"
            )
        if not isinstance(body, dict) or not isinstance(body.get("data"), dict):
            code = body.get("code") if isinstance(body, dict) else None
            raise CredentialsError(f"the {self.label} did not list its apps (GET /_mock/apps: code {code})")
        apps: list[dict[str, Any]] = body["data"]["apps"]
        return apps

    def _mock_identity(self) -> tuple[Identity, TokenPair | None]:
        """The app and shop from the mock's control plane, with the seeded tokens."""
        apps = self.mock_apps()
        app = next((a for a in apps if a["app_key"] == self.config.app_key), None) if self.config.app_key else apps[0]
        if app is None:
            raise CredentialsError(f"the mock has no app with app_key {self.config.app_key!r}")
        shops = [s for s in app["shops"] if s.get("authorized") and s.get("access_token")]
        if self.config.shop_cipher:
            shops = [s for s in shops if s["cipher"] == self.config.shop_cipher]
        if not shops:
            raise CredentialsError("the mock has no authorized shop with a token for this app")
        shop = shops[0]
        pair = TokenPair(shop["access_token"], shop["refresh_token"], int(shop["access_token_expire_in"]))
        return Identity(app["app_key"], app["app_secret"], shop["cipher"], app.get("service_id", "")), pair

    def fresh_auth_code(self) -> str | None:
        """A new auth code from a mock's consent page (None against a real API: a human must consent there)."""
        if not self.is_mock or not self.identity.service_id:
            return None
        response = self.http.get(
            self.url("/open/authorize"),
            params={"service_id": self.identity.service_id},
            allow_redirects=False,
            timeout=self.config.timeout,
        )
        from urllib.parse import parse_qs, urlsplit

        code = parse_qs(urlsplit(response.headers.get("location", "")).query).get("code", [""])[0]
        if code:
            self.redactor.add(code)
        return code or None

    # --- the document ------------------------------------------------------------------------------------------------
    def document(self) -> dict[str, Any]:
        """The Partner API's OpenAPI document: a mock's own (its implemented operations), else the one built from
        schemas/."""
        if self.is_mock:
            doc: dict[str, Any] = self.get_json("/openapi.json")
            return doc
        from mockserver import openapi
        from mockserver.partner.registry import handlers
        from mockserver.schemas import SchemaRegistry

        return openapi.build(SchemaRegistry(), handlers().keys())

    def legacy_document(self) -> dict[str, Any]:
        """The legacy Seller API's OpenAPI document: a mock's own, else the one built from schemas/legacy."""
        if self.is_mock:
            doc: dict[str, Any] = self.get_json("/legacy/openapi.json")
            return doc
        from mockserver.legacy import openapi
        from mockserver.legacy.registry import handlers
        from mockserver.legacy.schemas import LegacySchemas

        return openapi.build(LegacySchemas(), handlers().keys())

    def close(self) -> None:
        self._stack.close()

    def __enter__(self) -> Target:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def _in_process_app(config: ContractConfig) -> Any:
    from mockserver.app import create_app
    from mockserver.options import from_env

    # The mock checks its own responses against their schemas: a response that breaks one answers 500. The legacy
    # API's per-endpoint rate limit (5 req/s by default) would only slow a fuzzing run down: lifted.
    settings = from_env().with_overrides(
        seed=config.seed, validate_responses=True, legacy_rate_limit=IN_PROCESS_LEGACY_RATE_LIMIT
    )
    return create_app(settings)
