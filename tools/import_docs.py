"""Convert the official TikTok Shop per-operation docs into our operation schemas.

Reads ``<DOCS_DIR>/<area>/<name>.json`` (each ``{"document_id": ..., "document_api_meta": {...}}``) for every
DOCS_DIR given, by default both ``api/`` and ``api-more/`` of the official docs (together every documented
seller-side operation), and writes ``<OUT>/<area>/<name>.json``: one object per operation holding JSON Schemas
(draft 2020-12 vocabulary) for the path, query, body and the response ``data`` field, plus errors and the doc's
examples.

The docs flatten nested params with a leading ``^`` per depth level (``data``, ``^shops``, ``^^id`` is
``data.shops[].id``); a param belongs to the closest preceding param with one fewer ``^``.

Usage: ``python tools/import_docs.py [DOCS_DIR ...] [--out schemas/partner]``. Output is byte-stable.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from mockserver.webhooks.subscriptions import EVENT_API_TOPICS as WEBHOOK_EVENT_TYPES  # the docs' list, kept once

REPO_ROOT = Path(__file__).resolve().parent.parent
DOCS_ROOT = REPO_ROOT.parent / "shared" / "reference" / "tiktok-shop-docs"
DEFAULT_DOCS_DIRS = (DOCS_ROOT / "api", DOCS_ROOT / "api-more")
DEFAULT_OUT_DIR = REPO_ROOT / "schemas" / "partner"

METHODS = {1: "POST", 2: "GET", 3: "PUT", 4: "DELETE"}
CONTENT_TYPES = ("multipart/form-data", "application/json")
BASE_VERSION = "202309"
# The operations of these folders are also served at BASE_VERSION: their 202309 paths remain valid per the SDKs
# (reference §4). An operation only api-more/ documents, at a later version, is served at its documented version
# alone (GUESS: nothing says it existed at 202309, and a mock that accepts a version the API rejects fails at go-live).
BASE_VERSION_FOLDERS = frozenset({"api"})
# Sent on every call and checked by the signing/auth layer, not by the operation's query schema.
COMMON_QUERY_PARAMS = frozenset({"app_key", "sign", "timestamp", "shop_cipher", "access_token", "version"})
VERSION_SEGMENT = re.compile(r"/(\d{6})(?=/|$)")

SCALAR_TYPES = {"string": "string", "int": "integer", "bool": "boolean"}
ARRAY_TYPES = {"[]string": "string", "[]int": "integer"}

# Enumerations of the orders/fulfillment docs (stated in each field's prose).
ORDER_STATUSES = (
    "UNPAID",
    "ON_HOLD",
    "AWAITING_SHIPMENT",
    "PARTIALLY_SHIPPING",
    "AWAITING_COLLECTION",
    "IN_TRANSIT",
    "DELIVERED",
    "COMPLETED",
    "CANCELLED",
)
DOCUMENT_TYPES = (
    "SHIPPING_LABEL",
    "PACKING_SLIP",
    "SHIPPING_LABEL_AND_PACKING_SLIP",
    "SHIPPING_LABEL_PICTURE",
    "HAZMAT_LABEL",
    "INVOICE_LABEL",
)
FAIL_DELIVERY_REASONS = (
    "INVALID_ADDRESS",
    "UNABLE_RECEIVE",
    "UNABLE_CONTACT_BUYER",
    "BUYER_REFUSED",
    "DELAY_DELIVERY",
    "PACKAGE_LOST",
    "PACKAGE_DAMAGE",
    "FORCE_MAJEURE",
    "OTHER",
)

# The external order management systems an external order reference may name (orders, api-more).
EXTERNAL_PLATFORMS = (
    "SHOPIFY",
    "WOOCOMMERCE",
    "BIGCOMMERCE",
    "MAGENTO",
    "SALESFORCE_COMMERCE_CLOUD",
    "CHANNEL_ADVISOR",
    "AMAZON",
    "ORDER_MANAGEMENT_SYSTEM",
    "WAREHOUSE_MANAGEMENT_SYSTEM",
    "ERP_SYSTEM",
)
SORT_ORDERS = ["ASC", "DESC"]

# --- returns: the return-and-refund docs' value lists (Search Returns, Approve / Reject Return, ...) ---
RETURN_TYPES = ("REFUND", "RETURN_AND_REFUND", "REPLACEMENT")
RETURN_STATUSES = (
    "RETURN_OR_REFUND_REQUEST_PENDING",
    "REFUND_OR_RETURN_REQUEST_REJECT",
    "AWAITING_BUYER_SHIP",
    "BUYER_SHIPPED_ITEM",
    "REJECT_RECEIVE_PACKAGE",
    "RETURN_OR_REFUND_REQUEST_SUCCESS",
    "RETURN_OR_REFUND_REQUEST_CANCEL",
    "RETURN_OR_REFUND_REQUEST_COMPLETE",
    "REPLACEMENT_REQUEST_PENDING",
    "REPLACEMENT_REQUEST_REJECT",
    "REPLACEMENT_REQUEST_REFUND_SUCCESS",
    "REPLACEMENT_REQUEST_CANCEL",
    "REPLACEMENT_REQUEST_COMPLETE",
    "AWAITING_BUYER_RESPONSE",
)
ARBITRATION_STATUSES = ("IN_PROGRESS", "SUPPORT_BUYER", "SUPPORT_SELLER", "CLOSED")
CANCEL_STATUSES = (
    "CANCELLATION_REQUEST_PENDING",
    "CANCELLATION_REQUEST_SUCCESS",
    "CANCELLATION_REQUEST_CANCEL",
    "CANCELLATION_REQUEST_CANCELLED",
    "CANCELLATION_REQUEST_COMPLETE",
)
APPROVE_DECISIONS = (
    "APPROVE_REFUND",
    "APPROVE_RETURN",
    "APPROVE_RECEIVED_PACKAGE",
    "APPROVE_REPLACEMENT",
    "ISSUE_REPLACEMENT_REFUND",
    "OFFER_PARTIAL_REFUND",
)
REJECT_DECISIONS = ("REJECT_REFUND", "REJECT_RETURN", "REJECT_RECEIVED_PACKAGE", "REJECT_REPLACEMENT")
RETURN_SHIPMENTS = ("PLATFORM", "BUYER_ARRANGE")


# Where a doc's example contradicts the type it declares, both forms are accepted.
ARRAY_OR_STRING = {"type": ["array", "string"]}
STRING_OR_NUMBER = {"type": ["string", "integer"]}
SPECIFIC_AREAS = "discount.properties.shipping_discount.properties.area_scope.properties.specific_areas"


def page_size(low: int, high: int) -> dict[str, int]:
    return {"minimum": low, "maximum": high}


def paged_query(high: int, *, sort_order: bool = False) -> dict[str, dict[str, Any]]:
    """A query's ``page_size`` range 1..high (and its ``sort_order`` values)."""
    out: dict[str, dict[str, Any]] = {"query.properties.page_size": page_size(1, high)}
    if sort_order:
        out["query.properties.sort_order"] = {"enum": SORT_ORDERS}
    return out


# Hand-written corrections merged into the generated schemas, keyed by operation_id, then by a dotted path
# into the output object (e.g. "query.properties.page_size"); the dict is merged into that node.
OVERRIDES: dict[str, dict[str, dict[str, Any]]] = {
    # The docs state page_size ranges in prose only; we do not parse prose.
    "search_products": {"query.properties.page_size": {"minimum": 1, "maximum": 100}},
    "get_order_list": {
        "query.properties.page_size": {"minimum": 1, "maximum": 100},
        # Enumerations the docs give in prose; values outside them answer 36009004.
        "query.properties.sort_field": {"enum": ["create_time", "update_time"]},
        "query.properties.sort_order": {"enum": ["ASC", "DESC"]},
        "body.properties.order_status": {"enum": list(ORDER_STATUSES)},
        "body.properties.shipping_type": {"enum": ["TIKTOK", "SELLER"]},
        "body.properties.warehouse_ids": {"maxItems": 100},
    },
    "get_order_detail": {"query.properties.ids": {"maxItems": 50}},
    "get_brands": {"query.properties.page_size": {"minimum": 1, "maximum": 100}},
    "search_package": {
        "query.properties.page_size": {"minimum": 1, "maximum": 50},
        "query.properties.sort_field": {"enum": ["create_time", "update_time", "order_pay_time"]},
        "query.properties.sort_order": {"enum": ["ASC", "DESC"]},
        "body.properties.package_status": {"enum": ["PROCESSING", "FULFILLING", "COMPLETED", "CANCELLED"]},
    },
    "ship_package": {"body.properties.handover_method": {"enum": ["PICKUP", "DROP_OFF"]}},
    "batch_ship_packages": {
        "body.properties.packages.items.properties.handover_method": {"enum": ["PICKUP", "DROP_OFF"]}
    },
    "get_package_shipping_document": {
        "query.properties.document_type": {"enum": list(DOCUMENT_TYPES)},
        "query.properties.document_size": {"enum": ["A6", "A5"]},
        "query.properties.document_format": {"enum": ["PDF", "ZPL"]},
    },
    "update_package_delivery_status": {
        "body.properties.packages.items.properties.delivery_type": {
            "enum": ["DELIVERY_SUCCESS", "DELIVERY_FAILED", "UPDATE_POD"]
        },
        "body.properties.packages.items.properties.fail_delivery_reason": {"enum": list(FAIL_DELIVERY_REASONS)},
    },
    "get_warehouse_delivery_options": {"query.properties.scope": {"enum": ["WAREHOUSE", "PRODUCT"]}},
    # The Event API: "Max length: 255 characters" and the event_type values are prose in the docs.
    "update_shop_webhook": {
        # ... and the address is a URL (the mock takes http too, for local receivers: README GUESS).
        "body.properties.address": {"maxLength": 255, "pattern": "^https?://[^/?#\\s]+([/?#]\\S*)?$"},
        "body.properties.event_type": {"enum": list(WEBHOOK_EVENT_TYPES)},
    },
    "delete_shop_webhook": {"body.properties.event_type": {"enum": list(WEBHOOK_EVENT_TYPES)}},
    # The doc declares []string but its response example gives the bare string "\"PRE_ORDER\"": the doc
    # example disagrees with the declared type, so accept both (the list is most likely what the API returns).
    "get_category_rules": {"response.properties.allowed_special_product_types": {"type": ["array", "string"]}},
    # --- api-more: page sizes, list counts and enumerations its docs state in prose --------------------------------
    "search_combinable_packages": paged_query(50),
    # The invoice example sends order_ids as one string where the doc declares []string: accept both on input.
    "upload_invoice": {"body.properties.invoices.items.properties.order_ids": ARRAY_OR_STRING},
    "add_external_order_references": {
        "body.properties.orders": {"maxItems": 100},
        "body.properties.orders.items.properties.external_order.properties.platform": {
            "enum": list(EXTERNAL_PLATFORMS)
        },
        "body.properties.orders.items.properties.external_order.properties.line_items": {"maxItems": 100},
    },
    **{
        name: {"query.properties.platform": {"enum": list(EXTERNAL_PLATFORMS)}}
        for name in ("get_external_order_references", "search_order_by_external_order_reference")
    },
    **{
        name: paged_query(100)
        for name in (
            "search_global_products",
            "search_manufacturers",
            "search_responsible_persons",
            "search_size_charts",
            "search_coupons",
            "search_fbt_inventory",
            "search_fbt_inventory_record",
            "search_goods_info",
        )
    },
    **{
        name: paged_query(100, sort_order=True)
        for name in (
            "get_shop_product_performance_list",
            "get_shop_sku_performance_list",
            "get_shop_video_performance_list",
            "get_shop_video_product_performance_list",
            "get_shop_live_performance_list",
        )
    },
    # Finance: "Only supports `statement_time`" (and the like), the payment statuses and withdrawal types in prose.
    "get_statements": paged_query(100, sort_order=True)
    | {
        "query.properties.sort_field": {"enum": ["statement_time"]},
        "query.properties.payment_status": {"enum": ["PAID", "FAILED", "PROCESSING"]},
    },
    "get_payments": paged_query(100, sort_order=True) | {"query.properties.sort_field": {"enum": ["create_time"]}},
    **{
        name: paged_query(100, sort_order=True) | {"query.properties.sort_field": {"enum": ["order_create_time"]}}
        for name in ("get_transactions_by_statement", "get_unsettled_transactions")
    },
    "get_withdrawals": paged_query(100)
    | {
        "query.properties.types": {"minItems": 1},
        "query.properties.types.items": {"enum": ["WITHDRAW", "SETTLE", "TRANSFER", "REVERSE"]},
    },
    "get_conversations": paged_query(20),
    "get_conversation_messages": paged_query(10),
    "get_products_seo_words": {"query.properties.product_ids": {"maxItems": 20}},
    "get_recommended_product_title_and_description": {"query.properties.product_ids": {"maxItems": 20}},
    "product_information_issue_diagnosis": {"query.properties.product_ids": {"maxItems": 200}},
    "get_image_translation_tasks": {"query.properties.translation_task_ids": {"maxItems": 20}},
    "delete_global_products": {"body.properties.global_product_ids": {"maxItems": 20}},
    # The example sends optimization_fields as the bare string "ALL" where the doc declares []string.
    "diagnose_and_optimize_product": {"body.properties.optimization_fields": ARRAY_OR_STRING},
    # The activity docs declare []string; their examples give the bare string "IMMUTABLE" (see get_category_rules)
    # and the list of areas as the string "[Washington, New York]".
    "search_activities": {
        "body.properties.page_size": page_size(0, 100),
        "response.properties.activities.items.properties.activity_commands": ARRAY_OR_STRING,
        "response.properties.activities.items.properties." + SPECIFIC_AREAS: ARRAY_OR_STRING,
    },
    "get_activity": {
        "response.properties.activity_commands": ARRAY_OR_STRING,
        "response.properties." + SPECIFIC_AREAS: ARRAY_OR_STRING,
    },
    **{name: {"body.properties." + SPECIFIC_AREAS: ARRAY_OR_STRING} for name in ("create_activity", "update_activity")},
    "remove_activity_product": {
        "body.properties.product_ids": {"maxItems": 300},
        "body.properties.sku_ids": {"maxItems": 300},
    },
    "get_global_listing_rules": {"response.properties.listing_methods": ARRAY_OR_STRING},
    # The example gives is_combined_return as the string "true " where the doc declares bool.
    "search_returns": {
        "response.properties.return_orders.items.properties.is_combined_return": {"type": ["boolean", "string"]},
        # --- returns: the value lists each return-and-refund doc gives in prose ---
        "query.properties.sort_field": {"enum": ["create_time", "update_time"]},
        "query.properties.sort_order": {"enum": SORT_ORDERS},
        "body.properties.return_types.items": {"enum": list(RETURN_TYPES)},
        "body.properties.return_status.items": {"enum": list(RETURN_STATUSES)},
        "body.properties.arbitration_status.items": {"enum": list(ARBITRATION_STATUSES)},
        "body.properties.seller_proposed_return_type.items": {"enum": ["PARTIAL_REFUND"]},
    },
    "search_cancellations": {
        "query.properties.sort_field": {"enum": ["create_time", "update_time"]},
        "query.properties.sort_order": {"enum": SORT_ORDERS},
        "body.properties.cancel_types.items": {"enum": ["CANCEL", "BUYER_CANCEL"]},
        # The filter's list says CANCELLATION_REQUEST_CANCEL, the response's CANCELLATION_REQUEST_CANCELLED: both.
        "body.properties.cancel_status.items": {"enum": list(CANCEL_STATUSES)},
    },
    "approve_return": {"body.properties.decision": {"enum": list(APPROVE_DECISIONS)}},
    "reject_return": {"body.properties.decision": {"enum": list(REJECT_DECISIONS)}},
    "create_return": {
        "body.properties.return_type": {"enum": ["REFUND", "RETURN_AND_REFUND"]},
        "body.properties.shipment_type": {"enum": list(RETURN_SHIPMENTS)},
        "body.properties.handover_method": {"enum": ["DROP_OFF", "PICKUP"]},
    },
    "calculate_refund": {
        "body.properties.request_type": {"enum": ["CANCEL", "REFUND", "RETURN_AND_REFUND"]},
        "body.properties.shipment_type": {"enum": list(RETURN_SHIPMENTS)},
        "body.properties.handover_method": {"enum": ["DROP_OFF", "PICKUP"]},
    },
    "get_aftersale_eligibility": {"query.properties.initiate_aftersale_user": {"enum": ["SELLER", "BUYER"]}},
    # The examples send the ids as JSON numbers (precision already lost) where the doc declares []string.
    **{
        name: {
            "body.properties.product_ids.items": STRING_OR_NUMBER,
            "body.properties.coupon_ids.items": STRING_OR_NUMBER,
        }
        for name in ("create_engagement_task", "create_custom_engagement_task")
    },
    "get_task_performances": {"body.properties.task_ids.items": STRING_OR_NUMBER},
}

# Extra API versions an operation is served under, merged into "versions".
EXTRA_VERSIONS: dict[str, list[str]] = {}


@dataclass
class ParamNode:
    """One documented param with the params nested under it."""

    name: str
    type: str
    required: bool
    desc: str
    children: list[ParamNode] = field(default_factory=list)

    def child_names(self) -> set[str]:
        return {child.name for child in self.children}


def build_tree(params: Iterable[dict[str, Any]]) -> list[ParamNode]:
    """Rebuild the nesting of a ``^``-flattened param list; duplicate names at one level keep the first."""
    root = ParamNode(name="", type="object", required=False, desc="")
    stack: list[ParamNode] = [root]  # stack[d] is the parent of params at depth d
    for param in params:
        raw = str(param["name"])
        depth = len(raw) - len(raw.lstrip("^"))
        if depth >= len(stack):
            raise ValueError(f"param {raw!r} has no parent at depth {depth - 1}")
        node = ParamNode(
            name=raw.lstrip("^").strip(),
            type=str(param["type"]).strip(),
            required=str(param.get("required", "N")).strip().upper() == "Y",
            desc=str(param.get("desc") or "").strip(),
        )
        parent = stack[depth]
        # A duplicate is left detached, so its own children are dropped with it.
        if node.name not in parent.child_names():
            parent.children.append(node)
        del stack[depth + 1 :]
        stack.append(node)
    return root.children


def node_schema(node: ParamNode, *, request: bool, allow_file: bool = False) -> dict[str, Any]:
    """JSON Schema for one param (and its children)."""
    kind = node.type
    if node.children and kind not in ("object", "[]object"):
        raise ValueError(f"param {node.name!r} of type {kind!r} has nested params")
    if kind in SCALAR_TYPES:
        schema: dict[str, Any] = {"type": SCALAR_TYPES[kind], "description": node.desc}
        if request and node.required and kind == "string":
            schema["minLength"] = 1
        return schema
    if kind in ARRAY_TYPES:
        return {"type": "array", "description": node.desc, "items": {"type": ARRAY_TYPES[kind]}}
    if kind == "object":
        return {"type": "object", "description": node.desc, **object_body(node.children, request=request)}
    if kind == "[]object":
        items = {"type": "object", **object_body(node.children, request=request)}
        return {"type": "array", "description": node.desc, "items": items}
    if kind == "file":
        if not allow_file:
            raise ValueError(f"param {node.name!r} has type 'file' outside a multipart body")
        return {"type": "string", "format": "binary", "description": node.desc}
    raise ValueError(f"param {node.name!r} has unknown type {kind!r}")


def object_body(children: list[ParamNode], *, request: bool, allow_file: bool = False) -> dict[str, Any]:
    """The ``properties`` (and, for requests, ``required``) of an object schema."""
    body: dict[str, Any] = {
        "properties": {c.name: node_schema(c, request=request, allow_file=allow_file) for c in children}
    }
    required = [c.name for c in children if c.required]
    if request and required:
        body["required"] = required
    return body


def path_params_schema(params: list[dict[str, Any]]) -> dict[str, Any]:
    nodes = build_tree(params)
    for node in nodes:
        node.type = "string"  # path segments are always strings, whatever the doc says
    body = object_body(nodes, request=True)
    return {"type": "object", **body, "required": body.get("required", []), "additionalProperties": False}


def query_schema(params: list[dict[str, Any]]) -> dict[str, Any]:
    nodes = [n for n in build_tree(params) if n.name not in COMMON_QUERY_PARAMS]
    body = object_body(nodes, request=True)
    return {"type": "object", **body, "required": body.get("required", []), "additionalProperties": True}


def body_schema(params: list[dict[str, Any]], content_type: str) -> dict[str, Any] | None:
    nodes = build_tree(params)
    if not nodes:
        return None
    return {"type": "object", **object_body(nodes, request=True, allow_file=content_type == "multipart/form-data")}


def response_schema(params: list[dict[str, Any]]) -> dict[str, Any]:
    """Schema of the response envelope's ``data`` field."""
    for node in build_tree(params):
        if node.name == "data":
            return node_schema(node, request=False)
    raise ValueError("response has no 'data' param")


def split_version(interface_path: str) -> tuple[str, str]:
    """``/product/202502/products/search`` -> (``/product/{version}/products/search``, ``202502``)."""
    versions = VERSION_SEGMENT.findall(interface_path)
    if len(versions) != 1:
        raise ValueError(f"expected one version segment in {interface_path!r}, found {versions}")
    return VERSION_SEGMENT.sub("/{version}", interface_path), versions[0]


def shop_cipher_mode(meta: dict[str, Any]) -> str:
    for param in meta.get("request_query_param") or []:
        if param["name"] == "shop_cipher":
            return "required" if str(param.get("required", "N")).strip().upper() == "Y" else "optional"
    return "forbidden"


def content_type_of(meta: dict[str, Any]) -> str:
    for param in meta.get("request_header_param") or []:
        if param["name"].lower() == "content-type":
            desc = str(param.get("desc") or "")
            for content_type in CONTENT_TYPES:
                if content_type in desc:
                    return content_type
            raise ValueError(f"unknown content-type in {desc!r}")
    raise ValueError("no content-type header documented")


def first_paragraph(text: str) -> str:
    return re.split(r"\n\s*\n", text.strip(), maxsplit=1)[0].strip()


def parse_example(raw: Any) -> Any:
    if isinstance(raw, dict | list):
        return raw
    if not isinstance(raw, str) or not raw.strip():
        return None
    try:
        return json.loads(raw)
    except json.JSONDecodeError:
        return None


def error_list(codes: list[dict[str, Any]]) -> list[dict[str, Any]]:
    errors: dict[int, dict[str, Any]] = {}
    for entry in codes:
        code = int(str(entry["code"]).strip())
        errors.setdefault(code, {"code": code, "message": str(entry.get("msg") or "").strip()})
    return list(errors.values())


def unique(items: Iterable[str]) -> list[str]:
    return list(dict.fromkeys(items))


def convert(meta: dict[str, Any], area: str, name: str, *, base_version: bool = True) -> dict[str, Any]:
    """Convert one doc's ``document_api_meta`` into our operation object (overrides not applied)."""
    operation_id = name.replace("-", "_")
    path, version = split_version(meta["interface_path"])
    method = METHODS.get(meta["method"])
    if method is None:
        raise ValueError(f"unknown method code {meta['method']!r}")
    content_type = content_type_of(meta)
    return {
        "operation_id": operation_id,
        "area": area,
        "summary": str(meta.get("title") or "").strip(),
        "description": first_paragraph(str(meta.get("env_desc") or "")),
        "method": method,
        "path": path,
        "versions": sorted({version, *([BASE_VERSION] if base_version else []), *EXTRA_VERSIONS.get(operation_id, [])}),
        "shop_cipher": shop_cipher_mode(meta),
        "scopes": unique(s["scope_key"] for s in meta.get("scope_list") or []),
        "content_type": content_type,
        "path_params": path_params_schema(meta.get("request_path_param") or []),
        "query": query_schema(meta.get("request_query_param") or []),
        "body": body_schema(meta.get("request_body_param") or [], content_type),
        "response": response_schema(meta.get("response_param") or []),
        "errors": error_list(meta.get("error_code_list") or []),
        "examples": {
            "request_body": parse_example(meta.get("request_body")),
            "response_body": parse_example(meta.get("response_body")),
        },
    }


def apply_overrides(operation: dict[str, Any], overrides: dict[str, dict[str, Any]]) -> dict[str, Any]:
    """Merge each override into the node at its dotted path; a path that does not exist is an error."""
    for dotted, patch in overrides.items():
        node: Any = operation
        for key in dotted.split("."):
            if not isinstance(node, dict) or key not in node:
                raise KeyError(f"{operation['operation_id']}: override path {dotted!r} not found")
            node = node[key]
        if not isinstance(node, dict):
            raise TypeError(f"{operation['operation_id']}: override path {dotted!r} is not an object")
        node.update(patch)
    return operation


def render(operation: dict[str, Any]) -> str:
    return json.dumps(operation, indent=2, ensure_ascii=False, sort_keys=False) + "\n"


def load_operation(doc_path: Path) -> dict[str, Any]:
    meta = json.loads(doc_path.read_text(encoding="utf-8"))["document_api_meta"]
    base_version = doc_path.parent.parent.name in BASE_VERSION_FOLDERS
    operation = convert(meta, doc_path.parent.name, doc_path.stem, base_version=base_version)
    return apply_overrides(operation, OVERRIDES.get(operation["operation_id"], {}))


def find_docs(docs_dirs: Iterable[Path]) -> list[tuple[Path, Path]]:
    """Every ``(docs_dir, doc)`` under the folders, each folder in sorted order."""
    found: list[tuple[Path, Path]] = []
    for docs_dir in docs_dirs:
        docs = sorted(docs_dir.glob("*/*.json"))
        if not docs:
            raise FileNotFoundError(f"no docs found under {docs_dir}")
        found += [(docs_dir, doc) for doc in docs]
    return found


def generate(docs_dirs: Iterable[Path]) -> dict[Path, str]:
    """Rendered output keyed by path relative to the output dir (``<area>/<name>.json``, whichever folder)."""
    outputs: dict[Path, str] = {}
    seen: dict[str, Path] = {}
    for docs_dir, doc in find_docs(docs_dirs):
        relative = doc.relative_to(docs_dir)
        where = Path(docs_dir.name) / relative
        try:
            operation = load_operation(doc)
        except (KeyError, TypeError, ValueError) as exc:
            raise ValueError(f"{where}: {exc}") from exc
        if operation["operation_id"] in seen:
            raise ValueError(f"{where}: operation_id clashes with {seen[operation['operation_id']]}")
        seen[operation["operation_id"]] = where
        outputs[relative] = render(operation)
    unknown = set(OVERRIDES) - set(seen)
    if unknown:
        raise ValueError(f"OVERRIDES name unknown operations: {sorted(unknown)}")
    return outputs


def write(outputs: dict[Path, str], out_dir: Path) -> None:
    for relative, text in outputs.items():
        target = out_dir / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("docs_dirs", nargs="*", type=Path, default=list(DEFAULT_DOCS_DIRS))
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT_DIR)
    args = parser.parse_args(argv)
    outputs = generate(args.docs_dirs)
    write(outputs, args.out)
    print(f"wrote {len(outputs)} operations to {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
