"""The contract suite as pytest tests: every selected operation (examples, coverage and fuzzing phases, positive
and negative), then the stateful sequences over the OpenAPI links.

The target comes from the active configuration (`TOKOPEDIA_CONTRACT_*`, or the CLI's flags); by default an
in-process mock. `contract_tests/` collects these tests; `tokopedia-mock contract` runs this module.
"""

from __future__ import annotations

from typing import Any

import hypothesis
from hypothesis import HealthCheck

from mockserver.contract import suite

RUN = suite.current()
schema = RUN.schema


@schema.parametrize()  # type: ignore[untyped-decorator]
def test_operation(case: suite.Case[Any]) -> None:
    RUN.check_case(case)


def test_stateful_links() -> None:
    if RUN.config.stateful_examples <= 0 or not suite.active_links(RUN.document):
        import pytest

        pytest.skip("no stateful sequence: no link between the selected operations")
    RUN.state_machine().run(
        settings=hypothesis.settings(
            max_examples=RUN.config.stateful_examples,
            stateful_step_count=6,
            deadline=None,
            database=None,
            derandomize=True,
            suppress_health_check=list(HealthCheck),
        )
    )
