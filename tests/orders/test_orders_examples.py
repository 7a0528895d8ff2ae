"""The official examples: every example response fits our response schema, every example request is accepted
(it may fail on its made-up ids with a business error, never with a parameter error or a 5xx)."""

from __future__ import annotations

import re
from typing import Any

import pytest

from mockserver.partner.registry import handlers
from mockserver.runtime import Mock
from mockserver.testing import PartnerClient
from tests.orders.conftest import Control, package_id

AREAS = ("orders", "fulfillment", "logistics")


def operations(mock: Mock) -> list[Any]:
    return sorted((op for op in mock.registry.operations.values() if op.area in AREAS), key=lambda op: op.operation_id)


def not_implemented(mock: Mock) -> set[str]:
    table = handlers()
    return {op.operation_id for op in operations(mock) if op.operation_id not in table}


def test_example_responses_fit_our_schemas(mock: Mock) -> None:
    checked = 0
    for op in operations(mock):
        example = op.examples.get("response_body")
        if example and example.get("data") is not None:
            problems = [e.message for e in op.response_validator.iter_errors(example["data"])]
            assert not problems, (op.operation_id, problems[:3])
            checked += 1
    assert checked >= 19  # the examples of api/'s operations; api-more/ adds more


@pytest.mark.parametrize(
    "operation",
    [
        "get_order_list",
        "search_package",
        "ship_package",
        "batch_ship_packages",
        "mark_package_as_shipped",
        "update_package_shipping_info",
        "update_shipping_info",
        "update_package_delivery_status",
    ],
)
def test_example_requests_are_accepted(operation: str, client: PartnerClient, control: Control, mock: Mock) -> None:
    op = mock.registry.operations[operation]
    order = control.paid(shipping_type="SELLER")
    ids = {"order_id": order["id"], "package_id": package_id(order)}
    path = op.path.replace("{version}", op.versions[0])
    for name, value in ids.items():
        path = path.replace("{" + name + "}", value)
    query = {"page_size": 10} if "page_size" in op.query.get("properties", {}) else None
    r = client.request(op.method, path, query=query, json=op.examples["request_body"])
    body = r.json()
    assert r.status_code == 200 and body["code"] != 36009004, body


def test_every_operation_of_the_area_is_served_or_listed(mock: Mock, client: PartnerClient) -> None:
    missing = not_implemented(mock)
    served = {op.operation_id for op in operations(mock)} - missing
    multi_package = {"create_packages", "get_eligible_shipping_service", "split_orders", "combine_package",
                     "uncombine_packages", "search_combinable_packages", "get_order_split_attributes",
                     "mark_package_as_shipped_202610", "add_external_order_references"}  # fmt: skip
    assert multi_package <= served
    assert {"tts_tracking_validation", "create_first_mile_bundle"} <= missing  # still 501 (issue 14: out of scope)
    for name in sorted(missing):
        op = mock.registry.operations[name]
        path = re.sub(r"\{[a-z_]+\}", "1", op.path.replace("{version}", op.versions[0]))
        cipher = None if op.shop_cipher == "forbidden" else client.shop_cipher
        body = {} if op.multipart else {"json": {"order_id": "1"}}  # a multipart body is not signed
        r = client.request(op.method, path, shop_cipher=cipher, **body)
        assert (r.status_code, r.json()["code"]) == (501, 36009003), name
