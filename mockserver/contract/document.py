"""The OpenAPI document as the kit tests it: stateful links added, and which operations a run may call.

Links are declared here, by operation id, and added to a copy of the document when both ends are in it and are
implemented: the product and order sequences switch themselves on as those operations land in the mock.
"""

from __future__ import annotations

import copy
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

METHODS = ("get", "post", "put", "delete", "patch")


@dataclass(frozen=True)
class Link:
    source: str
    target: str
    name: str
    parameters: dict[str, str]
    request_body: Any = None


#: The stateful sequences (OpenAPI links, on the source's 200 response).
LINKS: tuple[Link, ...] = (
    # Tokens: exchange a code, then refresh with the refresh token the exchange returned.
    Link(
        "get_access_token",
        "refresh_access_token",
        "RefreshTheIssuedToken",
        {"query.refresh_token": "$response.body#/data/refresh_token"},
    ),
    # Products: create -> get -> update inventory -> get shows it.
    Link(
        "create_product",
        "get_product",
        "GetCreatedProduct",
        {"path.product_id": "$response.body#/data/product_id"},
    ),
    Link(
        "create_product",
        "update_inventory",
        "UpdateCreatedProductInventory",
        {"path.product_id": "$response.body#/data/product_id"},
        {"skus": [{"id": "$response.body#/data/skus/0/id", "inventory": [{"quantity": 17}]}]},
    ),
    Link(
        "get_product",
        "update_inventory",
        "UpdateInventoryOfFetchedProduct",
        {"path.product_id": "$response.body#/data/id"},
        {"skus": [{"id": "$response.body#/data/skus/0/id", "inventory": [{"quantity": 23}]}]},
    ),
    Link(
        "update_inventory",
        "get_product",
        "GetUpdatedProduct",
        {"path.product_id": "$request.path.product_id"},
    ),
    # Orders: search -> get detail -> ship -> tracking.
    Link(
        "get_order_list",
        "get_order_detail",
        "GetFoundOrder",
        {"query.ids": "$response.body#/data/orders/0/id"},
    ),
    Link(
        "get_order_detail",
        "ship_package",
        "ShipOrderPackage",
        {"path.package_id": "$response.body#/data/orders/0/packages/0/id"},
    ),
    Link(
        "get_order_detail",
        "get_tracking",
        "TrackOrder",
        {"path.order_id": "$response.body#/data/orders/0/id"},
    ),
    Link(
        "ship_package",
        "get_package_detail",
        "GetShippedPackage",
        {"path.package_id": "$request.path.package_id"},
    ),
    # Returns: search -> records, reject reasons, a decision; cancellations: search -> a decision.
    Link(
        "search_returns",
        "get_return_records",
        "GetFoundReturnRecords",
        {"path.return_id": "$response.body#/data/return_orders/0/return_id"},
    ),
    Link(
        "search_returns",
        "get_reject_reasons",
        "GetFoundReturnRejectReasons",
        {"query.return_or_cancel_id": "$response.body#/data/return_orders/0/return_id"},
    ),
    Link(
        "search_returns",
        "approve_return",
        "DecideFoundReturn",
        {"path.return_id": "$response.body#/data/return_orders/0/return_id"},
    ),
    Link(
        "search_cancellations",
        "reject_cancellation",
        "RejectFoundCancellation",
        {"path.cancel_id": "$response.body#/data/cancellations/0/cancel_id"},
    ),
)


#: Both APIs are Go services: an integer is an int64 (the gateway's messages say "expected type:int64", reference
#: §3.2; the legacy services parse with strconv.ParseInt(_, 10, 64)).
INT64_MIN, INT64_MAX = -(2**63), 2**63 - 1


def int64_integers(document: dict[str, Any]) -> dict[str, Any]:
    """A copy of `document` in which every integer schema without a bound gets the int64 one: a larger value is
    invalid input (to be refused), not valid data the API must accept."""
    doc = copy.deepcopy(document)
    stack: list[Any] = [doc]
    while stack:
        node = stack.pop()
        if isinstance(node, list):
            stack.extend(node)
            continue
        if not isinstance(node, dict):
            continue
        kind = node.get("type")
        if kind == "integer" or (isinstance(kind, list) and "integer" in kind):
            if "minimum" not in node and "exclusiveMinimum" not in node:
                node["minimum"] = INT64_MIN
            if "maximum" not in node and "exclusiveMaximum" not in node:
                node["maximum"] = INT64_MAX
        stack.extend(v for k, v in node.items() if not (k.startswith("x-") or k in ("example", "examples")))
    return doc


def operations(document: dict[str, Any]) -> Iterator[tuple[str, str, dict[str, Any]]]:
    """(path, method, operation) for every operation in the document."""
    for path, item in document.get("paths", {}).items():
        for method in METHODS:
            op = item.get(method)
            if isinstance(op, dict):
                yield path, method, op


def is_read_only(method: str, path: str) -> bool:
    """GETs and the search/query POSTs: what a run may send to a real API without --allow-writes."""
    method = method.upper()
    return method == "GET" or (method == "POST" and path.rstrip("/").rsplit("/", 1)[-1] in ("search", "query"))


def with_links(document: dict[str, Any], active: set[str], links: tuple[Link, ...] = LINKS) -> dict[str, Any]:
    """A copy of `document` with every link whose two ends are in `active` (operation ids)."""
    doc = copy.deepcopy(document)
    by_id = {op["operationId"]: op for _, _, op in operations(doc)}
    for link in links:
        if link.source not in active or link.target not in active:
            continue
        if link.source not in by_id or link.target not in by_id:
            continue
        response = by_id[link.source].setdefault("responses", {}).setdefault("200", {"description": "Success"})
        definition: dict[str, Any] = {"operationId": link.target, "parameters": dict(link.parameters)}
        if link.request_body is not None:
            definition["requestBody"] = copy.deepcopy(link.request_body)
        response.setdefault("links", {})[link.name] = definition
    return doc


def active_links(document: dict[str, Any]) -> list[str]:
    """`source -> target` for every link in the document."""
    return [
        f"{op['operationId']} -> {link['operationId']}"
        for _, _, op in operations(document)
        for response in op.get("responses", {}).values()
        for link in response.get("links", {}).values()
    ]
