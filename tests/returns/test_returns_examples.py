"""The official examples of the return-and-refund docs: every example response fits our response schema, every
example request is accepted (its made-up ids may fail with a business error, never with a parameter error or a
5xx), and every operation of the area is served or answers 501."""

from __future__ import annotations

import re
from typing import Any

import pytest

from mockserver.partner.registry import handlers
from mockserver.returns import models as r
from mockserver.runtime import Mock
from mockserver.testing import PartnerClient

AREA = "return-and-refund"
DOCUMENTED = (
    "approve_cancellation",
    "approve_return",
    "calculate_refund",
    "cancel_order",
    "create_return",
    "get_aftersale_eligibility",
    "get_reject_reasons",
    "get_return_records",
    "reject_cancellation",
    "reject_return",
    "search_cancellations",
    "search_returns",
)


def operations(mock: Mock) -> list[Any]:
    return sorted((op for op in mock.registry.operations.values() if op.area == AREA), key=lambda op: op.operation_id)


def test_example_responses_fit_our_schemas(mock: Mock) -> None:
    checked = []
    for op in operations(mock):
        example = op.examples.get("response_body")
        if example and example.get("data") is not None:
            problems = [e.message for e in op.response_validator.iter_errors(example["data"])]
            assert not problems, (op.operation_id, problems[:3])
            checked.append(op.operation_id)
    assert set(DOCUMENTED) <= set(checked)


def _ids(mock: Mock) -> dict[str, str]:
    book = mock.store.aftersales
    shop = mock.refs.shops["migrated"]
    pending_cancel = next(c for c in book.cancellations.values() if c.shop_id == shop and c.status == r.CANCEL_PENDING)
    pending_return = next(x for x in book.returns.values() if x.shop_id == shop and x.status == r.RETURN_PENDING)
    return {"cancel_id": pending_cancel.id, "return_id": pending_return.id, "order_id": pending_return.order_id}


@pytest.mark.parametrize("operation", DOCUMENTED)
def test_example_requests_are_accepted(operation: str, client: PartnerClient, mock: Mock) -> None:
    op = mock.registry.operations[operation]
    path = op.path.replace("{version}", op.versions[0])
    for name, value in _ids(mock).items():
        path = path.replace("{" + name + "}", value)
    query: dict[str, Any] = {}
    if "page_size" in op.query.get("properties", {}):
        query["page_size"] = 10
    if "return_or_cancel_id" in op.query.get("properties", {}):
        query["return_or_cancel_id"] = _ids(mock)["return_id"]
    body = op.examples["request_body"] if op.method == "POST" else None
    r = client.request(op.method, path, query=query or None, json=body)
    answer = r.json()
    assert r.status_code == 200 and answer["code"] != 36009004, answer
    assert answer["code"] == 0 or answer["code"] in {e["code"] for e in op.errors} | {25020005, 25007006}, answer


def test_every_operation_of_the_area_is_served_or_listed(mock: Mock, client: PartnerClient) -> None:
    table = handlers()
    served = {op.operation_id for op in operations(mock) if op.operation_id in table}
    assert set(DOCUMENTED) <= served
    assert {f"{name}_202602" for name in ("cancel_order", "search_cancellations", "create_return")} <= served
    missing = {op.operation_id for op in operations(mock)} - served
    assert missing == {
        "get_available_review_decisions",
        "get_decision_eligibility",
        "review_aftersales_requests",
        "search_aftersales_requests",
        "search_return_merchandise_authorizations",
        "upload_return_shipping_information",
    }
    for name in sorted(missing):
        op = mock.registry.operations[name]
        path = re.sub(r"\{[a-z_]+\}", "1", op.path.replace("{version}", op.versions[0]))
        cipher = None if op.shop_cipher == "forbidden" else client.shop_cipher
        body = {} if op.multipart else {"json": {}}  # a multipart body is not signed
        r = client.request(op.method, path, shop_cipher=cipher, **body)
        assert (r.status_code, r.json()["code"]) == (501, 36009003), name
