"""What a contract run needs to know about one API dialect: its document, who we are on it, how requests are
authenticated, what a case needs before it is sent, which checks judge the answers, and its stateful links.

`ContractRun` (suite.py) holds one dialect and does the rest the same way for both: selection, the schemathesis
schema, pytest. `partner.PartnerDialect` and `legacy.dialect.LegacyDialect` are the two.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from typing import TYPE_CHECKING, Any, ClassVar

from requests.auth import AuthBase

from mockserver.contract.checks import Check
from mockserver.contract.document import Link
from mockserver.contract.signer import RateLimiter, Routes
from mockserver.contract.stateful import ConsistencyRules
from mockserver.contract.target import Target

if TYPE_CHECKING:
    from schemathesis import Case


class Dialect(ABC):
    name: ClassVar[str]
    #: The `x-host` values of the dialect's operations in its document.
    hosts: ClassVar[tuple[str, ...]]
    #: The stateful sequences (OpenAPI links) the run adds between selected operations.
    links: ClassVar[tuple[Link, ...]] = ()
    #: Built-in schemathesis checks turned off (the dialect's own checks replace them).
    disabled_builtins: ClassVar[dict[str, bool]] = {}
    #: Reads (GET) that change state, besides the token endpoints: the target is reset after them (isolation.py).
    mutating_reads: ClassVar[frozenset[str]] = frozenset()
    #: Keys whose values schemathesis masks in its reports.
    secret_keys: ClassVar[list[str]] = []

    def __init__(self, target: Target) -> None:
        self.target = target
        self.consistency = ConsistencyRules()

    @abstractmethod
    def document(self) -> dict[str, Any]:
        """The OpenAPI document to test against."""

    @abstractmethod
    def is_auth_operation(self, op: dict[str, Any]) -> bool:
        """Token endpoints: not fuzzed against a real API unless asked (--include-auth-host)."""

    @abstractmethod
    def auth(self, routes: Routes, limiter: RateLimiter) -> AuthBase:
        """The `requests` auth every request goes through (credentials, pacing, retries); it counts `throttled`."""

    @abstractmethod
    def checks(self, auth: AuthBase, limiter: RateLimiter) -> list[Check]:
        """The dialect's own checks, run besides schemathesis' built-in ones."""

    def prepare(self, case: Case[Any]) -> None:  # noqa: B027 - a hook: most cases need nothing
        """Adjust a case before it is sent (valid credentials, pinned ids)."""

    def warm(self) -> None:  # noqa: B027 - a hook: most dialects read nothing ahead
        """Read what cases will be built from (ids of existing records) now, while the target is in its seed state."""

    def after_reset(self) -> None:  # noqa: B027 - a hook
        """Forget what the target no longer knows after a reset (tokens it issued since its seed)."""

    @abstractmethod
    def describe(self) -> str:
        """One line for the summary: whose credentials, which shop."""
