"""Defects of the mock that the contract suites found under other seeds (TOKOPEDIA_CONTRACT_SEED 2..31), one test
each, through the real request path: bad input gets the API's error, never a 500 and never a silent 200."""

from __future__ import annotations

import pytest
from starlette.applications import Starlette

from mockserver import Settings, create_app
from mockserver.clock import FrozenClock
from mockserver.legacy import orders as lo
from mockserver.testing import PartnerClient
from tests.conftest import T0
from tests.legacy.conftest import LegacyClient, code

#: One more than the largest unsigned 64-bit integer: orjson reads it as a float, which JSON Schema calls an integer.
TWO_TO_64 = 2**64


@pytest.fixture
def legacy_app() -> Starlette:
    return create_app(Settings(seed=1, clock=FrozenClock(T0), validate_responses=True, legacy_rate_limit="1000/1000"))


@pytest.mark.parametrize("path", ["/fulfillment/202309/packages/search", "/order/202309/orders/search"])
def test_a_search_time_beyond_int64_is_a_parameter_error(client: PartnerClient, path: str) -> None:
    body = b'{"create_time_ge": %d}' % TWO_TO_64  # seed 6: HTTP 500 (TypeError in the time index)
    r = client.post(path, query={"page_size": 5}, content=body)
    assert r.status_code == 400, r.text
    assert r.json()["code"] == 36009004
    assert "create_time_ge" in r.json()["message"]


def test_an_integer_field_sent_as_a_float_is_a_parameter_error(client: PartnerClient) -> None:
    """`5.0` where the docs say int: Go's encoding/json refuses it (it was read as a float: a 500 in the time index)."""
    r = client.post("/fulfillment/202309/packages/search", query={"page_size": 5}, content=b'{"create_time_lt": 5.0}')
    assert r.status_code == 400 and r.json()["code"] == 36009004, r.text
    assert r.json()["message"] == "param create_time_lt type invalid. actual type:float64, expected type:int64"


def test_a_search_time_in_range_still_works(client: PartnerClient) -> None:
    r = client.post("/fulfillment/202309/packages/search", query={"page_size": 5}, json={"create_time_ge": 2**62})
    assert r.status_code == 200 and r.json()["code"] == 0, r.text
    assert r.json()["data"]["packages"] == []


@pytest.mark.parametrize(("name", "value"), [("sort", "570226407"), ("sort", "0"), ("page", "1.5"), ("per_page", "x")])
def test_product_info_by_id_refuses_an_invalid_paging_parameter(legacy_app: Starlette, name: str, value: str) -> None:
    """Seeds 2 and 6: `sort` out of 1..10 and a fractional `page` were ignored (HTTP 200) when looking up by id."""
    legacy = LegacyClient(legacy_app).login()
    listed = legacy.get("/inventory/v1/fs/13004/product/info", params={"shop_id": 13004512, "per_page": 1})
    product_id = listed.json()["data"][0]["basic"]["productID"]
    r = legacy.get("/inventory/v1/fs/13004/product/info", params={"product_id": product_id, name: value})
    assert r.status_code == 400, r.text
    assert code(r) == "PRD_DLV_042"
    assert legacy.get("/inventory/v1/fs/13004/product/info", params={"product_id": product_id}).status_code == 200


def test_an_order_on_hold_is_not_accepted_in_name_only() -> None:
    """Seed 5 (stateful): ack answered "success" for an ON_HOLD order, which then still read 220 and had no label
    (ORD_API_008). The ack is refused instead, with the documented ORD_USC_001."""
    app = create_app(Settings(seed=5, clock=FrozenClock(T0), validate_responses=True, legacy_rate_limit="1000/1000"))
    store = app.state.mock.store
    on_hold = next(i for i in range(100_000_000, 100_000_500) if getattr(lo.find(store, i), "status", "") == "ON_HOLD")
    legacy = LegacyClient(app).login()
    assert legacy.get("/v2/fs/13004/order", params={"order_id": on_hold}).json()["data"]["order_status"] == 220
    r = legacy.post(f"/v1/order/{on_hold}/fs/13004/ack")
    assert r.status_code == 500 and code(r) == "ORD_USC_001", r.text
    assert legacy.get("/v2/fs/13004/order", params={"order_id": on_hold}).json()["data"]["order_status"] == 220


def test_a_query_integer_of_thousands_of_digits_is_a_parameter_error(client: PartnerClient) -> None:
    """int() of the 5,000 digits the coverage phase can send raised ValueError (HTTP 500); Go's ParseInt says it
    does not fit int64."""
    r = client.post("/fulfillment/202309/packages/search", query={"page_size": "9" * 5000}, json={})
    assert r.status_code == 400, r.text
    assert r.json()["code"] == 36009004 and "page_size" in r.json()["message"].lower(), r.text
