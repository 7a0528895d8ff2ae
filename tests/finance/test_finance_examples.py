"""The official examples of the finance and analytics operations: every example response fits our response schema,
and every operation of the two areas that the docs (and, for Get Payments 202605, the client) describe is served."""

from __future__ import annotations

import pytest

from mockserver.partner.registry import handlers
from mockserver.runtime import Mock

AREAS = ("finance", "analytics")


@pytest.mark.parametrize("area", AREAS)
def test_example_responses_fit_our_schemas(mock: Mock, area: str) -> None:
    checked = 0
    for op in mock.registry.operations.values():
        example = op.examples.get("response_body")
        if op.area == area and example and example.get("data") is not None:
            problems = [e.message for e in op.response_validator.iter_errors(example["data"])]
            assert not problems, (op.operation_id, problems[:3])
            checked += 1
    assert checked == {"finance": 6, "analytics": 11}[area]


def test_the_documented_operations_are_served(mock: Mock) -> None:
    table = handlers()
    documented = {op.operation_id for op in mock.registry.operations.values() if op.area in AREAS and not op.source}
    assert len(documented) == 17 and documented <= table.keys()
    assert "get_payments_202605" in table  # the version the tiktok-shop-api client calls
