"""A request with no query parameters or no body of its own skips the schema check only where the schema takes
none (`Operation.takes_no_query` / `takes_no_body`, decided once): an operation that requires one still refuses."""

from __future__ import annotations

import pytest

from mockserver import Settings, create_app
from mockserver.partner import errors, params
from mockserver.partner.registry import handlers
from mockserver.schemas import SchemaRegistry
from mockserver.testing import PartnerClient

REGISTRY = SchemaRegistry()
OPERATIONS = sorted(REGISTRY.operations.values(), key=lambda op: op.operation_id)


@pytest.mark.parametrize("op", OPERATIONS, ids=lambda op: op.operation_id)
def test_the_shortcuts_answer_what_the_schemas_do(op) -> None:  # type: ignore[no-untyped-def]
    def refused(check: object, *args: object) -> bool:
        try:
            check(op, *args)  # type: ignore[operator]
        except errors.PartnerError:
            return True
        return False

    assert refused(params.validate_query, {}) is not op.query_validator.is_valid({})
    if op.body_validator is not None and not op.multipart:
        assert refused(params.validate_body, {}, b"") is not op.body_validator.is_valid({})


def test_some_operations_need_a_query_or_a_body() -> None:
    """Both ways are exercised above: operations that require a parameter or a body field exist."""
    assert any(not op.takes_no_query for op in OPERATIONS) and any(op.takes_no_query for op in OPERATIONS)
    assert any(not op.takes_no_body for op in OPERATIONS) and any(op.takes_no_body for op in OPERATIONS)


def test_an_empty_body_where_one_is_required_is_refused_over_http() -> None:
    app = create_app(Settings())
    client = PartnerClient.in_process(app)
    implemented = handlers()
    op = next(
        o
        for o in OPERATIONS
        if o.method == "POST"
        and not o.takes_no_body
        and o.operation_id in implemented
        and "{" not in o.path.replace("{version}", "")
    )
    r = client.post(op.path.replace("{version}", "202309"))
    assert r.status_code == 400 and r.json()["code"] == 36009004, (op.operation_id, r.text)
    assert "required" in r.json()["message"]
