"""Census of the public `tiktok-shop-api` client against the mock: every public method of every group, called
in-process with plausible arguments, classified by what the mock answers.

Outcomes: ``works`` (the client returned a response), ``501`` (routed, not implemented), ``404`` (unknown path),
``405`` (unknown method), ``36009014`` (unknown version), ``other`` (any other error: a business error for made-up
ids, a validation error, a response the client's model rejects). Arguments: seeded ids (found through the mock's
own search operations) for the path and query parameters named like ids, the official doc's example body where
schemas/ has one, else the required fields of the client's request model.

Usage: ``python tools/client_census.py [--detail]`` prints a table of counts per group (``--detail``: each
method that does not work, with its answer). Needs the test extra (``pip install -e '.[test]'``).
"""

from __future__ import annotations

import argparse
import os
import sys
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

from starlette.testclient import TestClient  # noqa: E402
from tiktok_shop_api import TikTokShop, TikTokShopError  # noqa: E402

from mockserver import Settings, create_app  # noqa: E402
from mockserver.testing import PartnerClient  # noqa: E402
from tools.client_models import ClientOperation, client_operations, sample_of  # noqa: E402

OUTCOMES = ("works", "501", "404", "405", "36009014", "other")
#: The groups the issue holds to "works or 501": none of them may answer 404, 405 or 36009014.
REQUIRED_GROUPS = ("products", "fulfillment", "orders", "logistics", "seller", "authorization", "event", "promotion")
GATEWAY_MISSES = ("404", "405", "36009014")


@dataclass(frozen=True)
class Result:
    group: str
    method_name: str
    http_method: str
    path: str
    outcome: str
    detail: str  # the error's code and message, or "" when it works
    http_status: int | None = None  # of the error (None when it works)
    code: int | None = None  # the error's code (None when it works)


def classify(error: TikTokShopError | None) -> str:
    if error is None:
        return "works"
    if error.http_status == 501:
        return "501"
    if error.code == 36009014:
        return "36009014"
    if error.http_status in (404, 405) and error.code in (36009009, 36009010):
        return str(error.http_status)
    return "other"


def _first(items: Any, key: str = "id") -> str:
    return str(items[0][key]) if items else "1"


def discover_ids(app: Any) -> dict[str, str]:
    """Seeded ids of the default shop, found through the mock's own Partner API (as a user would)."""
    client = PartnerClient.in_process(app)
    products = client.post("/product/202502/products/search", query={"page_size": 1}, json={}).json()["data"]
    product = (products.get("products") or [{}])[0]
    orders = client.post("/order/202309/orders/search", query={"page_size": 1}, json={}).json()["data"]
    packages = client.post("/fulfillment/202309/packages/search", query={"page_size": 1}, json={}).json()["data"]
    warehouses = client.get("/logistics/202309/warehouses").json()["data"].get("warehouses") or []
    warehouse = _first(warehouses)
    options = client.get(f"/logistics/202309/warehouses/{warehouse}/delivery_options").json()["data"]
    categories = client.get("/product/202309/categories").json()["data"].get("categories") or []
    leaves = [c for c in categories if c.get("is_leaf")] or categories
    activities = client.post("/promotion/202309/activities/search", json={}).json()["data"] or {}
    coupons = client.post("/promotion/202406/coupons/search", query={"page_size": 1}, json={}).json()["data"] or {}
    return {
        "activity_id": _first(activities.get("activities") or []),
        "coupon_id": _first(coupons.get("coupons") or []),
        "product_id": str(product.get("id", "1")),
        "sku_id": _first(product.get("skus") or []),
        "order_id": _first(orders.get("orders") or []),
        "package_id": _first(packages.get("packages") or []),
        "warehouse_id": warehouse,
        "delivery_option_id": _first(options.get("delivery_options") or []),
        "category_id": _first(leaves),
    }


def _id_for(name: str, ids: dict[str, str]) -> str | None:
    if name in ids:
        return ids[name]
    if name.endswith("_ids") and name[:-1] in ids:
        return ids[name[:-1]]
    return ids["order_id"] if name == "ids" else None


#: A list under one of these keys holds that entity: its items' ``id`` is a seeded one.
_LISTS_OF = {"skus": "sku_id", "products": "product_id", "orders": "order_id", "packages": "package_id"}


def with_seeded_ids(value: Any, ids: dict[str, str], entity: str | None = None) -> Any:
    """A doc example with its ids replaced by seeded ones (``product_id``, ``skus[].id``, ``order_ids``...)."""
    if isinstance(value, list):
        return [with_seeded_ids(v, ids, entity) for v in value]
    if not isinstance(value, dict):
        return value
    out = {}
    for key, item in value.items():
        known = ids.get(entity or "") if key == "id" else _id_for(key, ids)
        if known is not None and isinstance(item, str | int):
            out[key] = known
        elif known is not None and isinstance(item, list) and all(isinstance(i, str | int) for i in item):
            out[key] = [known]
        else:
            out[key] = with_seeded_ids(item, ids, _LISTS_OF.get(key))
    return out


@dataclass(frozen=True)
class Served:
    """What the mock's schemas say of one served (method, path with version)."""

    request_example: Any
    query: dict[str, Any]


def arguments(op: ClientOperation, ids: dict[str, str], served: dict[tuple[str, str], Served]) -> dict[str, Any]:
    """Plausible keyword arguments for one client method."""
    kwargs: dict[str, Any] = {}
    known_op = served.get((op.http_method, op.path))
    query_props = known_op.query.get("properties", {}) if known_op else {}
    for param in (*op.path_params, *op.query):
        known = _id_for(param.python, ids)
        enum = query_props.get(param.name, {}).get("enum")
        if known is not None and (param.required or param in op.path_params):
            kwargs[param.python] = [known] if param.python.endswith("ids") else known
        elif param.required and enum and param.type is str:
            kwargs[param.python] = enum[0]
        elif param.required:
            kwargs[param.python] = sample_of(param.type, param.name, python=True)
    if op.body is not None:
        model = op.body.type
        example = with_seeded_ids(known_op.request_example, ids) if known_op else None
        candidates = [example] if isinstance(example, dict) and not op.multipart else []
        candidates.append(sample_of(model))
        for candidate in candidates:
            try:
                kwargs["body"] = model.from_dict(candidate)
                break
            except (KeyError, TypeError, ValueError, AttributeError):
                continue
    return kwargs


def served_operations(app: Any) -> dict[tuple[str, str], Served]:
    """The mock's schemas by served (method, path with version)."""
    out: dict[tuple[str, str], Served] = {}
    for op in app.state.mock.registry.partner_operations:
        for version in op.versions:
            out[(op.method, op.path.replace("{version}", version))] = Served(op.examples.get("request_body"), op.query)
    return out


def run_census(groups: Iterable[str] | None = None) -> list[Result]:
    """Call every public method of the client's groups (all of them by default) against a fresh mock."""
    app = create_app(Settings(seed=1, validate_responses=True))
    mock = app.state.mock
    ids = discover_ids(app)
    served = served_operations(app)
    partner = PartnerClient.in_process(app)
    http = TestClient(app, base_url="http://testserver")
    wanted = set(groups) if groups is not None else None
    results = []
    with TikTokShop(
        mock.settings.app_key,
        mock.settings.app_secret,
        access_token=partner.access_token,
        shop_cipher=partner.shop_cipher,
        base_url="http://testserver",
        transport=http._transport,
    ) as client:
        for op in client_operations():
            if wanted is not None and op.group not in wanted:
                continue
            error: TikTokShopError | None = None
            try:
                op.call(getattr(client, op.group), **arguments(op, ids, served))
            except TikTokShopError as exc:
                error = exc
            detail = "" if error is None else f"{error.http_status} {error.code} {error.message[:90]}"
            outcome = classify(error)
            status, code = (None, None) if error is None else (error.http_status, error.code)
            results.append(Result(op.group, op.method_name, op.http_method, op.path, outcome, detail, status, code))
            if outcome in ("works", "other"):  # a handler may have changed state: the next call starts afresh
                http.post("/_mock/reset").raise_for_status()
    return results


def counts(results: Iterable[Result]) -> dict[str, Counter[str]]:
    per_group: dict[str, Counter[str]] = {}
    for r in results:
        per_group.setdefault(r.group, Counter())[r.outcome] += 1
    return per_group


def table(results: Sequence[Result]) -> str:
    per_group = counts(results)
    header = ["group", "methods", *OUTCOMES]
    rows = [[g, str(sum(c.values())), *(str(c[o]) for o in OUTCOMES)] for g, c in sorted(per_group.items())]
    total: Counter[str] = sum(per_group.values(), Counter())
    rows.append(["**all**", str(len(results)), *(str(total[o]) for o in OUTCOMES)])
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(row) + " |" for row in rows]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--detail", action="store_true", help="list every method that does not work")
    args = parser.parse_args(argv)
    results = run_census()
    print(table(results))
    if args.detail:
        for r in results:
            if r.outcome != "works":
                print(f"{r.outcome:9} {r.group}.{r.method_name}  {r.http_method} {r.path}  {r.detail}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
