"""One contract run: a target, the schemathesis schema built for it, its checks and its stateful machine.

Both `contract_tests/` (pytest) and `tokopedia-mock contract` (which runs the same tests through pytest) go
through `ContractRun`; `current()` builds the run for the active configuration once per process.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import hypothesis
import schemathesis
from hypothesis import HealthCheck
from schemathesis import Case

from mockserver.contract.config import ContractConfig, active
from mockserver.contract.dialect import Dialect
from mockserver.contract.document import active_links, is_read_only, operations, with_links
from mockserver.contract.signer import RateLimiter, Routes
from mockserver.contract.target import Target

__all__ = ["Case", "ConfigError", "ContractRun", "active_links", "build_tests", "current"]


class ConfigError(Exception):
    """The run is misconfigured (unknown dialect, nothing to test...)."""


def dialects() -> dict[str, type[Dialect]]:
    from mockserver.contract.legacy.dialect import LegacyDialect
    from mockserver.contract.partner import PartnerDialect

    return {"partner": PartnerDialect, "legacy": LegacyDialect}


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
        kind = dialects().get(self.config.dialect)
        if kind is None:
            raise ConfigError(f"dialect {self.config.dialect!r}: unknown (known: {', '.join(dialects())})")
        self.target = Target(self.config, app=self.app)
        self.dialect = kind(self.target)
        raw = self.dialect.document()
        self.selected, self.skipped = self._select(raw)
        if not self.selected:
            raise ConfigError(
                "no operation to test: " + "; ".join(f"{s.operation_id}: {s.reason}" for s in self.skipped)
            )
        self.document = with_links(raw, set(self.selected), self.dialect.links)
        self.routes = Routes(self.document)
        self.limiter = RateLimiter(self.target.rate_limit)
        self.auth = self.dialect.auth(self.routes, self.limiter)
        self.checks = self.dialect.checks(self.auth, self.limiter)
        self.consistency = self.dialect.consistency
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
            elif self.dialect.is_auth_operation(op) and not t.is_mock and not c.include_auth_host:
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
        checks: dict[str, Any] = {name: {"enabled": on} for name, on in self.dialect.disabled_builtins.items()}
        config: dict[str, Any] = {
            "seed": c.seed,
            # Hypothesis times data generation; on a loaded machine the big listing bodies (Create Product, Check
            # Product Listing) trip it. A timing verdict is not a contract failure.
            "suppress-health-check": ["too_slow"],
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
            "output": {"sanitization": {"keys-to-sanitize": self.dialect.secret_keys}},
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
        schema.auth.set_from_requests(self.auth)
        return schema

    # --- running one case -----------------------------------------------------------------------------------------
    def prepare(self, case: Case[Any]) -> None:
        """What the dialect does to a case before it is sent (credentials for token endpoints, pinned ids)."""
        self.dialect.prepare(case)

    def check_case(self, case: Case[Any]) -> None:
        """Send one case and run every check (the pytest suite's test body)."""
        self.prepare(case)
        case.call_and_validate(additional_checks=self.checks)

    def state_machine(self) -> type[Any]:
        """The schemathesis state machine over the declared links, with our preparation and checks."""
        base: type[Any] = self.schema.as_state_machine()
        run = self

        class ContractStateMachine(base):  # type: ignore[misc]
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

        return ContractStateMachine

    def close(self) -> None:
        self.target.close()


def current(dialect: str | None = None, *, max_examples: int | None = None) -> ContractRun:
    """The run for the active configuration (the CLI's, else the environment's), built once per process and
    dialect; `dialect` overrides the configured one (each file of contract_tests/ tests one dialect), and
    `max_examples` the built-in default (TOKOPEDIA_CONTRACT_MAX_EXAMPLES and the CLI still win)."""
    return _current(dialect or active().dialect, max_examples)


def forget() -> None:
    """Drop the runs `current()` built (the CLI's in-process runs each start from their own configuration)."""
    _current.cache_clear()


@functools.cache
def _current(dialect: str, max_examples: int | None) -> ContractRun:
    config = active(ContractConfig().with_overrides(max_examples=max_examples))
    return ContractRun(config.with_overrides(dialect=dialect))


def build_tests(run: ContractRun) -> tuple[Callable[..., None], Callable[[], None]]:
    """The suite as pytest tests: `test_operation` (parametrized by schemathesis over the run's operations: the
    examples, coverage and fuzzing phases, positive and negative) and `test_stateful_links` (the OpenAPI links)."""

    @run.schema.parametrize()  # type: ignore[untyped-decorator]
    def test_operation(case: Case[Any]) -> None:
        run.check_case(case)

    def test_stateful_links() -> None:
        if run.config.stateful_examples <= 0 or not active_links(run.document):
            import pytest

            pytest.skip("no stateful sequence: no link between the selected operations")
        run.state_machine().run(
            settings=hypothesis.settings(
                max_examples=run.config.stateful_examples,
                stateful_step_count=6,
                deadline=None,
                database=None,
                derandomize=True,
                suppress_health_check=list(HealthCheck),
            )
        )

    return test_operation, test_stateful_links
