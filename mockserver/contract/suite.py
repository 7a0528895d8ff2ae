"""One contract run: a target, the schemathesis schema built for it, its checks and its stateful machine.

Both `contract_tests/` (pytest) and `tokopedia-mock contract` (which runs the same tests through pytest) go
through `ContractRun`; `current()` builds the run for the active configuration once per process.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, field
from typing import Any

import schemathesis
from schemathesis import Case

from mockserver.contract import checks as partner
from mockserver.contract.config import ContractConfig, active
from mockserver.contract.document import active_links, is_read_only, operations, with_links
from mockserver.contract.signer import PartnerSigner, RateLimiter, Routes
from mockserver.contract.stateful import ConsistencyRules
from mockserver.contract.target import Target

__all__ = ["Case", "ConfigError", "ContractRun", "active_links", "current"]


class ConfigError(Exception):
    """The run is misconfigured (unknown dialect, nothing to test...)."""


@dataclass(frozen=True)
class Dialect:
    """An API dialect: which hosts (`x-host`) its operations live on. The legacy Seller API plugs in here with
    its own hosts, signer and envelope checks once its schemas exist."""

    name: str
    hosts: tuple[str, ...]


DIALECTS = {"partner": Dialect("partner", ("open-api", "auth"))}
PLANNED = {"legacy": "the legacy Tokopedia Seller API has no schemas yet (schemas/legacy/); it plugs in when it does"}

#: Built-in checks turned off, and why.
DISABLED_BUILTINS = {
    # The Partner API refuses in the envelope (the auth host with HTTP 200): `negative_data_rejected` wraps it.
    "negative_data_rejection": False,
    # RFC 9110's Allow header on 405: the real gateway's headers are not documented; the code (36009010) is checked.
    "unsupported_method": False,
    "allow_header_conformance": False,
    # Its probes go out unsigned, and the gateway checks app_key first (HTTP 400, reference §3.2), so they prove
    # nothing: `credentials_enforced` re-sends signed requests with a wrong/missing sign and without the token.
    "ignored_auth": False,
}
SECRET_KEYS = ["x-tts-access-token", "app_secret", "access_token", "refresh_token", "auth_code", "sign"]


@dataclass
class Skipped:
    operation_id: str
    reason: str


@dataclass
class ContractRun:
    config: ContractConfig
    app: Any = None
    target: Target = field(init=False)
    document: dict[str, Any] = field(init=False)
    selected: list[str] = field(init=False)
    skipped: list[Skipped] = field(init=False)

    def __post_init__(self) -> None:
        dialect = DIALECTS.get(self.config.dialect)
        if dialect is None:
            reason = PLANNED.get(self.config.dialect, "unknown dialect")
            raise ConfigError(f"dialect {self.config.dialect!r}: {reason}")
        self.dialect = dialect
        self.target = Target(self.config, app=self.app)
        raw = self.target.document()
        self.selected, self.skipped = self._select(raw)
        if not self.selected:
            raise ConfigError(
                "no operation to test: " + "; ".join(f"{s.operation_id}: {s.reason}" for s in self.skipped)
            )
        self.document = with_links(raw, set(self.selected))
        self.routes = Routes(self.document)
        self.limiter = RateLimiter(self.target.rate_limit)
        t = self.target
        self.signer = PartnerSigner(
            self.routes, t.identity.app_key, t.identity.app_secret, t.tokens, t.identity.shop_cipher,
            now=t.now, limiter=self.limiter,
        )  # fmt: skip
        self.credentials = partner.CredentialsEnforced(t.http, self.limiter, self.config.timeout)
        self.checks = partner.partner_checks(self.credentials)
        self.consistency = ConsistencyRules()
        self.schema = self._schema()

    # --- which operations ---------------------------------------------------------------------------------------
    def _select(self, document: dict[str, Any]) -> tuple[list[str], list[Skipped]]:
        c, t = self.config, self.target
        chosen: list[str] = []
        skipped: list[Skipped] = []
        for path, method, op in operations(document):
            oid = str(op["operationId"])
            host = str(op.get("x-host", "open-api"))
            reason = None
            if host not in self.dialect.hosts:
                reason = f"not a {self.dialect.name} operation"
            elif c.operations and oid not in c.operations:
                reason = "not in --operation"
            elif not op.get("x-mock-implemented", True) and not c.all_operations:
                reason = "not implemented by the mock (--all-operations to include it)"
            elif host == "auth" and not t.is_mock and not c.include_auth_host:
                reason = "auth host: not fuzzed against a real API (--include-auth-host)"
            elif not t.allow_writes and not is_read_only(method, path):
                reason = "writes data: read-only run (--allow-writes to include it)"
            if reason is None:
                chosen.append(oid)
            elif op.get("x-mock-implemented", True) or c.all_operations:
                skipped.append(Skipped(oid, reason))
        return chosen, skipped

    # --- schemathesis ------------------------------------------------------------------------------------------------
    def schemathesis_config(self) -> dict[str, Any]:
        c = self.config
        checks: dict[str, Any] = {name: {"enabled": on} for name, on in DISABLED_BUILTINS.items()}
        config: dict[str, Any] = {
            "seed": c.seed,
            "generation": {"max-examples": c.max_examples, "mode": "all", "database": "none"},
            "checks": checks,
            "request-timeout": c.timeout,
            "phases": {
                "coverage": {"enabled": c.coverage},
                "stateful": {
                    "max-steps": max(c.stateful_examples, 1) * 4,
                    # Only the declared links: inferred ones would chain operations at random.
                    "inference": {"algorithms": []},
                    "link-calibration": False,
                },
            },
            "output": {"sanitization": {"keys-to-sanitize": SECRET_KEYS}},
        }
        if self.target.app is None:
            config["base-url"] = self.target.base_url
        return config

    def _schema(self) -> Any:
        config = schemathesis.Config.from_dict(self.schemathesis_config())
        schema: Any = schemathesis.openapi.from_dict(self.document, config=config)
        if self.target.app is not None:
            schema.app = self.target.app  # in-process: requests go to the ASGI app, no network
        selected = set(self.selected)
        schema = schema.include(lambda ctx: ctx.operation.definition.raw.get("operationId") in selected)
        schema.auth.set_from_requests(self.signer)
        return schema

    # --- running one case -----------------------------------------------------------------------------------------
    def prepare(self, case: Case[Any]) -> None:
        """Valid credentials for the auth host's token endpoints in positive cases against a mock (a real API's
        consent needs a human): the success path is then exercised for real. Negative cases are left as drawn."""
        raw = case.operation.definition.raw
        if raw.get("x-host") != "auth" or partner.is_negative(case) or not self.target.is_mock:
            return
        identity = self.target.identity
        query = dict(case.query or {})
        query.update(app_key=identity.app_key, app_secret=identity.app_secret)
        if raw["operationId"] == "get_access_token":
            query.update(grant_type="authorized_code", auth_code=self.target.fresh_auth_code() or "")
        elif raw["operationId"] == "refresh_access_token":
            query["grant_type"] = "refresh_token"
            pair = self.target.tokens.pair
            if not _from_link(case) and pair is not None:
                query["refresh_token"] = pair.refresh_token
        case.query = query

    def check_case(self, case: Case[Any]) -> None:
        """Send one case and run every check (the pytest suite's test body)."""
        self.prepare(case)
        case.call_and_validate(additional_checks=self.checks)

    def state_machine(self) -> type[Any]:
        """The schemathesis state machine over the declared links, with our preparation and checks."""
        base: type[Any] = self.schema.as_state_machine()
        run = self

        class PartnerStateMachine(base):  # type: ignore[misc]
            def setup(self) -> None:
                self.history: list[tuple[Any, Any]] = []

            def before_call(self, case: Case[Any]) -> None:
                run.prepare(case)

            def after_call(self, response: Any, case: Case[Any]) -> None:
                super().after_call(response, case)
                self.history.append((case, response))

            def validate_response(
                self, response: Any, case: Case[Any], additional_checks: Any = None, **kw: Any
            ) -> None:  # noqa: E501
                run.consistency.check(case, response, self.history[:-1])
                super().validate_response(response, case, additional_checks=run.checks, **kw)

        return PartnerStateMachine

    def close(self) -> None:
        self.target.close()


def _from_link(case: Case[Any]) -> bool:
    meta = case.meta
    return meta is not None and str(meta.phase.name) == "stateful" and bool((case.query or {}).get("refresh_token"))


@functools.lru_cache(maxsize=1)
def current() -> ContractRun:
    """The run for the active configuration (the CLI's, else the environment's), built once per process."""
    return ContractRun(active())
