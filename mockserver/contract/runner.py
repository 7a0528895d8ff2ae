"""Cases drawn outside pytest, deterministically: for the drift comparison and for a full sweep that collects
every finding of every case (pytest's hypothesis run stops at the first distinct failures of an operation).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import hypothesis
from hypothesis import HealthCheck, Phase
from schemathesis import GenerationMode
from schemathesis.generation import derive_operation_seed

from mockserver.contract.results import Finding, _failures, finding

if TYPE_CHECKING:
    from schemathesis import APIOperation, Case

    from mockserver.contract.suite import ContractRun

MODES = (GenerationMode.POSITIVE, GenerationMode.NEGATIVE)


def selected_operations(run: ContractRun) -> Iterator[APIOperation[Any, Any, Any, Any]]:
    for result in run.schema.get_all_operations():
        yield result.ok()  # type: ignore[union-attr,unused-ignore]  # our document: every operation loads


def draw_cases(
    operation: APIOperation[Any, Any, Any, Any], mode: GenerationMode, count: int, seed: int | None = None
) -> list[Case[Any]]:
    """Up to `count` cases, the same ones on every run (derandomized, no example database); `seed` (the run's)
    chooses them, mixed with the operation as schemathesis does for the pytest suite."""
    cases: list[Case[Any]] = []

    @hypothesis.settings(
        max_examples=count,
        database=None,
        derandomize=True,
        deadline=None,
        phases=[Phase.generate],
        suppress_health_check=list(HealthCheck),
    )
    @hypothesis.given(operation.as_strategy(generation_mode=mode))
    def draw(case: Case[Any]) -> None:
        cases.append(case)

    if seed is not None:
        draw = hypothesis.seed(derive_operation_seed(seed, f"{operation.label} {mode.value}"))(draw)
    try:
        draw()
    except hypothesis.errors.Unsatisfiable:
        pass
    return cases


@dataclass
class Sweep:
    """Every finding per operation id: `{operation_id: {check: [Finding, ...]}}`."""

    findings: dict[str, dict[str, list[Finding]]] = field(default_factory=dict)
    cases: int = 0

    def checks(self, operation_id: str) -> set[str]:
        return set(self.findings.get(operation_id, {}))

    def add(self, operation_id: str, exc: BaseException) -> None:
        for leaf in _failures(exc):
            f = finding(leaf)
            self.findings.setdefault(operation_id, {}).setdefault(f.check, []).append(f)


def sweep(run: ContractRun, count: int = 8) -> Sweep:
    """Every selected operation, `count` cases per mode, every check on every case; nothing stops early."""
    result = Sweep()
    for operation in selected_operations(run):
        operation_id = str(operation.definition.raw.get("operationId"))
        for mode in MODES:
            for case in draw_cases(operation, mode, count, run.config.seed):
                result.cases += 1
                try:
                    run.check_case(case)
                except (AssertionError, BaseExceptionGroup) as exc:  # schemathesis raises a FailureGroup
                    result.add(operation_id, exc)
                except Exception as exc:  # a transport error is a finding too (e.g. a dropped connection)
                    result.add(operation_id, _Unexpected(type(exc).__name__, str(exc)))
    return result


class _Unexpected(AssertionError):
    def __init__(self, kind: str, message: str) -> None:
        super().__init__(f"{kind}: {message}")
        self.title = f"Request failed: {kind}"
        self.message = message
