"""Bad input answers this dialect's error in its envelope — never a 500 — and changes no state."""

from __future__ import annotations

import copy
from typing import Any

import pytest
from starlette.applications import Starlette

from mockserver.legacy.schemas import LegacySchemas
from mockserver.legacy.state import state_of
from mockserver.runtime import Mock
from tests.legacy.conftest import FS_ID, SHOP_ID, LegacyClient, code
from tests.legacy.helpers import lid, product

BODIES: list[Any] = [None, "text", 1, [], {}, [1], [None], [{"product_id": -1}], {"products": [1]}, {"products": None}]
QUERIES: list[dict[str, Any]] = [
    {},
    {"shop_id": "x"},
    {"shop_id": "-1"},
    {"shop_id": "99999999999999999999999"},
    {"order_id": "0"},
    {"warehouse_id": "1.5"},
]


def _paths(schemas: LegacySchemas) -> list[tuple[str, str]]:
    out = []
    for op in schemas.operations.values():
        if op.envelope == "oauth":
            continue
        path = op.path.replace("{fs_id}", str(FS_ID)).replace("{order_id}", "100000001")
        path = path.replace("{inventory_version}", "v2").replace("{page}", "1").replace("{per_page}", "1")
        path = path.replace("{product_id}", "1").replace("{upload_id}", "1")
        out.extend((m, path) for m in op.methods)
    return out


def _state(mock: Mock) -> Any:
    """What a request could change. Reading a lazy seeded order materializes it: that is not a change."""
    store = mock.store
    orders = {
        o.id: (o.status, o.update_time, o.accepted_time, o.rejection, o.pickup_requested_time, o.awb)
        for o in store.orders.values()
    }
    # (Register Webhook with {} is valid input: it unregisters everything, so registrations are left out.)
    legacy = state_of(store).idempotency
    return copy.deepcopy((store.products, store.skus, orders, store.order_book.next_seq, legacy))


def _same(before: Any, after: Any) -> bool:
    orders_before, orders_after = before[2], after[2]
    return (
        before[:2] == after[:2]
        and before[3:] == after[3:]
        and all(orders_after[k] == v for k, v in orders_before.items())
    )


@pytest.mark.parametrize("query", QUERIES)
def test_no_500_and_no_change_on_bad_input(
    app: Starlette, mock: Mock, legacy: LegacyClient, query: dict[str, Any]
) -> None:
    before = _state(mock)
    for method, path in _paths(app.state.legacy.schemas):
        for body in BODIES if method != "GET" else [None]:
            kw: dict[str, Any] = {"params": query}
            if body is not None:
                kw["json"] = body
            r = legacy.request(method, path, **kw)
            assert (
                r.status_code < 500
                or r.json()["header"]["error_code"]
                in {
                    "MOCK_NOT_IMPLEMENTED",
                    "PRD_GRPC_003",
                    "ORD_API_008",
                    "SHP_USC_004",
                }
                or r.json()["header"]["error_code"].split("_")[1] in {"USC", "API", "GRPC"}
            ), (method, path, body, r.text)
            assert r.json() is not None if r.headers["content-type"] == "application/json" else True
    assert _same(before, _state(mock))


# --- numbers as Go's json.Unmarshal reads them into the request structs -----------------------------------------------
STOCK = f"/inventory/v1/fs/{FS_ID}/stock/update"


def test_a_huge_number_in_a_field_nobody_declared_is_ignored(legacy: LegacyClient, mock: Mock) -> None:
    row = {"product_id": lid(mock, product(mock)), "new_stock": 7, "note": 1e300}
    r = legacy.post(STOCK, params={"shop_id": SHOP_ID}, json=[row])
    assert r.status_code == 200 and r.json()["data"]["succeed_rows"] == 1


def test_an_id_below_int64_is_an_invalid_body(legacy: LegacyClient) -> None:
    raw = b'[{"product_id": -9223372036854775809, "new_stock": 1}]'
    r = legacy.post(STOCK, params={"shop_id": SHOP_ID}, content=raw, headers={"Content-Type": "application/json"})
    assert r.status_code == 400 and code(r) == "PRD_DLV_043"


def test_the_smallest_int64_is_a_number_like_any_other(legacy: LegacyClient, mock: Mock) -> None:
    row = {"product_id": lid(mock, product(mock)), "new_stock": -(2**63)}
    r = legacy.post(STOCK, params={"shop_id": SHOP_ID}, json=[row])
    assert r.status_code == 200 and r.json()["data"]["failed_rows"] == 1  # a stock out of range: the row fails


def test_a_fraction_in_an_int64_field_is_an_invalid_body(legacy: LegacyClient) -> None:
    r = legacy.post(f"/inventory/v1/fs/{FS_ID}/pick-up", json={"order_id": 100000001.0, "shop_id": SHOP_ID})
    assert r.status_code == 400 and code(r) == "LGS_DLV_006"
