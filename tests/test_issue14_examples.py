"""The official examples of the operations implemented for issue 14 (multi-package fulfillment, listing helpers,
external order references, promotions): every example response fits our response schema, and every example request
is accepted — it may fail on its made-up ids with a business error, never with a parameter error, a 501 or a 5xx."""

from __future__ import annotations

import re
from typing import Any

import pytest

from mockserver.partner.catalog import compliance, quality
from mockserver.partner.fulfillment import packaging
from mockserver.partner.orders import references
from mockserver.partner.promotion import handlers as promotion
from mockserver.partner.shops import category_assets
from mockserver.runtime import Mock
from mockserver.schemas import SchemaRegistry
from mockserver.testing import PartnerClient
from tests.orders.conftest import Control

OPERATIONS = sorted(
    {
        *packaging.HANDLERS,
        *references.HANDLERS,
        *promotion.HANDLERS,
        *quality.HANDLERS,
        *compliance.HANDLERS,
        *category_assets.HANDLERS,
    }
)
_DOCS = SchemaRegistry().operations
#: The operations the docs give an example response for, and the JSON ones they give an example request for (the
#: client-only 202610/202512 shapes and republish have no docs; multipart uploads have their own tests).
WITH_RESPONSE = [o for o in OPERATIONS if (_DOCS[o].examples.get("response_body") or {}).get("data") is not None]
WITH_REQUEST = [o for o in OPERATIONS if not _DOCS[o].source and not _DOCS[o].multipart]
#: Sample values for required query parameters the docs give no example for.
QUERY = {"platform": "SHOPIFY", "external_order_id": "SH-1", "page_size": 10}


@pytest.fixture
def control(client: PartnerClient) -> Control:
    return Control(client.http)


def test_every_new_operation_is_registered(mock: Mock) -> None:
    from mockserver.partner.registry import handlers

    assert set(OPERATIONS) <= set(handlers()) and set(OPERATIONS) <= set(mock.registry.operations)


def test_the_examples_cover_the_documented_operations() -> None:
    assert len(WITH_RESPONSE) >= 30 and len(WITH_REQUEST) >= 30
    assert {"split_orders", "combine_package", "create_activity", "check_product_listing"} <= set(WITH_REQUEST)


@pytest.mark.parametrize("operation", WITH_RESPONSE)
def test_example_response_fits_our_schema(mock: Mock, operation: str) -> None:
    op = mock.registry.operations[operation]
    example = op.examples["response_body"]
    problems = [e.message for e in op.response_validator.iter_errors(example["data"])]
    assert problems == []


def ids(mock: Mock, control: Control, client: PartnerClient) -> dict[str, str]:
    order = control.paid()
    product = client.post("/product/202502/products/search", query={"page_size": 1}, json={"status": "ACTIVATE"})
    activity = client.post("/promotion/202309/activities/search", json={}).json()["data"]["activities"][0]
    coupon = client.post("/promotion/202406/coupons/search", query={"page_size": 1}, json={}).json()["data"]
    return {
        "order_id": order["id"],
        "package_id": order["packages"][0]["id"],
        "product_id": product.json()["data"]["products"][0]["id"],
        "activity_id": activity["id"],
        "coupon_id": coupon["coupons"][0]["id"],
        "manufacturer_id": "7000000000000000001",
        "responsible_person_id": "7000000000000000002",
    }


@pytest.mark.parametrize("operation", WITH_REQUEST)
def test_example_request_is_accepted(operation: str, client: PartnerClient, control: Control, mock: Mock) -> None:
    op = mock.registry.operations[operation]
    known = ids(mock, control, client)
    path = op.path.replace("{version}", op.versions[0])
    path = re.sub(r"\{([a-z_]+)\}", lambda m: known[m.group(1)], path)
    props = op.query.get("properties", {})
    query: dict[str, Any] = {k: v for k, v in QUERY.items() if k in props}
    if "order_ids" in props:
        query["order_ids"] = known["order_id"]
    if "product_ids" in props:
        query["product_ids"] = known["product_id"]
    body = op.examples.get("request_body")
    kwargs: dict[str, Any] = {"json": body if body is not None else {}} if op.body is not None else {}
    cipher = None if op.shop_cipher == "forbidden" else client.shop_cipher
    r = client.request(op.method, path, query=query or None, shop_cipher=cipher, **kwargs)
    answer = r.json()
    assert r.status_code == 200 and answer["code"] not in (36009004, 36009003, 36009022), answer
    if answer["code"] == 0:
        assert [e.message for e in op.response_validator.iter_errors(answer["data"])] == []
