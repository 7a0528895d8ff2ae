"""Every operation's test and every stateful scenario starts from the target's seed state.

Hypothesis replays and extends the choice sequences it has already run: a stateful scenario that starts like an
earlier one must see the same answers, or the rules it can pick next differ and Hypothesis stops with
`FlakyStrategyDefinition` ("Data generation behaved differently between test cases"). An accepted order is not
acceptable twice, so the target is put back to its seed state (`POST /_mock/reset`) before every scenario. The
same before each operation's test when an earlier one wrote (POST/PUT/DELETE/PATCH other than a search, a token
endpoint, or a read the dialect lists in `mutating_reads`): its cases then see the same records whichever
operations ran before it (`-k`, `--operation`, pytest-xdist's scheduling).

A real API cannot be reset: there the kit runs as before, and a stateful run says why it could not replay.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from mockserver.contract.document import is_read_only

if TYPE_CHECKING:
    from schemathesis import Case

    from mockserver.contract.dialect import Dialect
    from mockserver.contract.target import Target


class Isolation:
    def __init__(self, target: Target, dialect: Dialect) -> None:
        self.target = target
        self.dialect = dialect
        #: Since the last reset (or the start): a request that changes state went out (a write, a token endpoint, a
        #: dialect's `mutating_reads`) / any request went out.
        self.dirty = False
        self.touched = False
        #: Resets done (the tests read it).
        self.resets = 0
        self._warm = False
        self._operation: str | None = None

    def sent(self, case: Case[Any]) -> None:
        """Note a case about to go out."""
        self.touched = True
        raw = case.operation.definition.raw
        if (  # the operation's method: the coverage phase also sends other methods, which answer 405
            not is_read_only(case.operation.method, case.operation.path)
            or self.dialect.is_auth_operation(raw)  # the token endpoints issue tokens
            or raw.get("operationId") in self.dialect.mutating_reads
        ):
            self.dirty = True

    def operation(self, case: Case[Any]) -> None:
        """Before a case of `test_operation`: the first case of another operation starts from the seed state if an
        earlier one may have changed it."""
        label = case.operation.label
        if label != self._operation:
            self._operation = label
            self.fresh(self.dirty)

    def scenario(self) -> None:
        """Before a stateful scenario: from the seed state after any request at all (a read the heuristic missed
        would otherwise stop the run with FlakyStrategyDefinition)."""
        self._operation = None
        self.fresh(self.touched)

    def fresh(self, needed: bool) -> None:
        if needed and self.target.can_reset:
            self.target.reset()
            self.dialect.after_reset()
            self.resets += 1
            self.dirty = self.touched = False
        if not self._warm:  # once, in the seed state: every later reset returns to it
            self._warm = True
            self.dialect.warm()
