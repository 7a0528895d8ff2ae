"""What a sequence of calls must show: state written by one call is read back by the next.

Rules look at the current step and the scenario's earlier steps (case, response) and raise AssertionError; a step
generated as invalid input (a negative case) is not judged.
- get_product after create_product: the product exists (code 0, same id).
- get_product after a successful update_inventory of that product: each updated SKU shows the new quantity.
- get_package_detail after a successful ship_package: the package is no longer waiting to be shipped.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from mockserver.contract.checks import is_negative

Step = tuple[Any, Any]  # (case, response)
Rule = Callable[[Any, Any, Sequence[Step]], None]


def _op(case: Any) -> str:
    return str(case.operation.definition.raw.get("operationId", ""))


def _ok(response: Any) -> dict[str, Any] | None:
    """The success `data`, or None when the call failed."""
    try:
        body = response.json()
    except Exception:
        return None
    if not isinstance(body, dict) or body.get("code") != 0 or not isinstance(body.get("data"), dict):
        return None
    data: dict[str, Any] = body["data"]
    return data


def _last(history: Sequence[Step], operation_id: str, **path: str) -> Step | None:
    for case, response in reversed(history):
        if _op(case) == operation_id and all((case.path_parameters or {}).get(k) == v for k, v in path.items()):
            return case, response
    return None


def created_product_is_readable(case: Any, response: Any, history: Sequence[Step]) -> None:
    product_id = (case.path_parameters or {}).get("product_id")
    for prior, answer in reversed(history):
        if _op(prior) == "create_product" and (data := _ok(answer)) and data.get("product_id") == product_id:
            got = _ok(response)
            if got is None or got.get("id") != product_id:
                raise AssertionError(f"Product {product_id} was created but get_product does not return it")
            return


def updated_inventory_is_readable(case: Any, response: Any, history: Sequence[Step]) -> None:
    product_id = (case.path_parameters or {}).get("product_id", "")
    step = _last(history, "update_inventory", product_id=product_id)
    if step is None or (updated := _ok(step[1])) is None or updated.get("errors"):
        return
    got = _ok(response)
    if got is None:
        raise AssertionError(f"Inventory of product {product_id} was updated but get_product fails")
    skus = {s.get("id"): s for s in got.get("skus", []) if isinstance(s, dict)}
    body = step[0].body if isinstance(step[0].body, dict) else {}
    for sku in body.get("skus", []):
        wanted = sum(int(i.get("quantity", 0)) for i in sku.get("inventory", []) if isinstance(i, dict))
        shown = skus.get(sku.get("id"))
        have = sum(int(i.get("quantity", 0)) for i in (shown or {}).get("inventory", []))
        if shown is None or have != wanted:
            raise AssertionError(
                f"update_inventory set SKU {sku.get('id')} of product {product_id} to {wanted}, get_product shows "
                f"{have if shown is not None else 'no such SKU'}"
            )


def shipped_package_is_shipped(case: Any, response: Any, history: Sequence[Step]) -> None:
    package_id = (case.path_parameters or {}).get("package_id", "")
    step = _last(history, "ship_package", package_id=package_id)
    if step is None or _ok(step[1]) is None:
        return
    got = _ok(response)
    if got is not None and got.get("package_status") in ("PROCESSING", "TO_FULFILL"):
        raise AssertionError(f"Package {package_id} was shipped but its status is still {got['package_status']}")


class ConsistencyRules:
    RULES: dict[str, tuple[Rule, ...]] = {
        "get_product": (created_product_is_readable, updated_inventory_is_readable),
        "get_package_detail": (shipped_package_is_shipped,),
    }

    def check(self, case: Any, response: Any, history: Sequence[Step]) -> None:
        if is_negative(case):
            return  # invalid on purpose: its refusal says nothing about the state the earlier steps wrote
        for rule in self.RULES.get(_op(case), ()):
            rule(case, response, history)
