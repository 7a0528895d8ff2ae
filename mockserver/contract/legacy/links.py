"""The legacy dialect's stateful sequences (OpenAPI links) and what each must show: state written by one call is
read back by the next.

- get_single_order -> accept_order -> get_single_order / get_shipping_label: an accepted order reads as accepted
  (status 400 or later) and has a label;
- get_product_info -> update_stock -> get_product_info: the product shows the stock just set.
A read refused for its parameters (HTTP 400) is not judged, nor is a negative case (stateful.ConsistencyRules).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from mockserver.contract.document import Link
from mockserver.contract.stateful import ConsistencyRules, Rule, Step, _op

ACCEPTED = 400

LINKS: tuple[Link, ...] = (
    Link(
        "legacy_get_single_order",
        "legacy_accept_order",
        "AcceptFetchedOrder",
        {"path.order_id": "$response.body#/data/order_id"},
    ),
    Link(
        "legacy_accept_order",
        "legacy_get_single_order",
        "GetAcceptedOrder",
        {"query.order_id": "$request.path.order_id"},
    ),
    Link(
        "legacy_accept_order",
        "legacy_get_shipping_label",
        "PrintAcceptedOrderLabel",
        {"path.order_id": "$request.path.order_id"},
    ),
    Link(
        "legacy_get_product_info",
        "legacy_update_stock",
        "SetStockOfFetchedProduct",
        {},
        [{"product_id": "$response.body#/data/0/basic/productID", "new_stock": 17}],
    ),
    Link(
        "legacy_update_stock",
        "legacy_get_product_info",
        "GetProductWithNewStock",
        {"query.product_id": "$request.body#/0/product_id"},
    ),
)


def _data(response: Any) -> Any:
    """The success `data`, or None when the call failed."""
    try:
        body = response.json()
    except Exception:
        return None
    if response.status_code != 200 or not isinstance(body, dict) or "header" not in body:
        return None
    return body.get("data")


def _refused_input(response: Any) -> bool:
    """HTTP 400: the request's parameters were refused (`*_DLV_*`, e.g. order_id and invoice_num both given), which
    says nothing about the order or product the earlier steps changed."""
    return bool(response.status_code == 400)


def _last(history: Sequence[Step], operation_id: str) -> Step | None:
    return next(((c, r) for c, r in reversed(history) if _op(c) == operation_id), None)


def accepted_order_reads_as_accepted(case: Any, response: Any, history: Sequence[Step]) -> None:
    order_id = str((case.query or {}).get("order_id", ""))
    step = _last(history, "legacy_accept_order")
    if step is None or str((step[0].path_parameters or {}).get("order_id")) != order_id or _data(step[1]) is None:
        return
    if _refused_input(response):
        return
    got = _data(response)
    status = got.get("order_status") if isinstance(got, dict) else None
    if not isinstance(status, int) or status < ACCEPTED:
        raise AssertionError(f"Order {order_id} was accepted but get_single_order shows status {status}")


def accepted_order_has_a_label(case: Any, response: Any, history: Sequence[Step]) -> None:
    order_id = str((case.path_parameters or {}).get("order_id", ""))
    step = _last(history, "legacy_accept_order")
    if step is None or str((step[0].path_parameters or {}).get("order_id")) != order_id or _data(step[1]) is None:
        return
    if response.status_code != 200 and not _refused_input(response):
        raise AssertionError(f"Order {order_id} was accepted but its shipping label answers {response.status_code}")


def updated_stock_is_readable(case: Any, response: Any, history: Sequence[Step]) -> None:
    step = _last(history, "legacy_update_stock")
    updated = _data(step[1]) if step is not None else None
    if step is None or not isinstance(updated, dict) or updated.get("failed_rows") != 0:
        return
    rows = {row.get("product_id"): row.get("new_stock") for row in step[0].body if isinstance(row, dict)}
    for product in _data(response) or []:
        pid = product.get("basic", {}).get("productID")
        if pid in rows and product.get("stock", {}).get("value") != rows[pid]:
            shown = product.get("stock", {}).get("value")
            raise AssertionError(f"update_stock set product {pid} to {rows[pid]}, get_product_info shows {shown}")


class LegacyConsistency(ConsistencyRules):
    RULES: dict[str, tuple[Rule, ...]] = {
        "legacy_get_single_order": (accepted_order_reads_as_accepted,),
        "legacy_get_shipping_label": (accepted_order_has_a_label,),
        "legacy_get_product_info": (updated_stock_is_readable,),
    }
