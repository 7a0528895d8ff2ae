"""Operation schemas for what the public `tiktok-shop-api` client calls but our copy of the official docs lacks.

The client (unofficial, generated from a spec built from newer official docs) is the evidence for
- newer versions of documented operations whose shapes changed (Mark Package As Shipped at 202610 takes
  ``shipping_info_list`` and ``order_line_list``): a separate operation ``<documented id>_<version>`` served at that
  version alone, with the documented operation's scopes, shop_cipher rule and errors;
- operations the docs do not have at all: their own operation, no scope check, shop_cipher as the client sends it.
A newer version whose shapes are the documented ones is not written here: tools/import_docs.py serves it through
``EXTRA_VERSIONS``, so an implemented operation answers it too.

Every file says ``"source": "tiktok-shop-api <version> client models, not the official docs"``. The affiliate
groups are left out, as the docs leave them out. Reads the committed schemas/partner/<area>/*.json (run
tools/import_docs.py first); writes schemas/partner/from-client/<area>/<name>.json. Output is byte-stable for a
given client version.

Usage: ``python tools/import_client.py [--out schemas/partner/from-client]``. Needs the test extra.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path
from typing import Any

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

from tools.client_models import CLIENT_VERSION, ClientOperation, client_operations, model_fields, schema_of  # noqa: E402

REPO_ROOT = Path(__file__).resolve().parent.parent
DOCS_SCHEMAS = REPO_ROOT / "schemas" / "partner"
DEFAULT_OUT_DIR = DOCS_SCHEMAS / "from-client"
SOURCE = f"tiktok-shop-api {CLIENT_VERSION} client models, not the official docs"
LEFT_OUT_GROUPS = frozenset({"affiliate_creator", "affiliate_partner", "affiliate_seller"})
#: The client's group -> our area (the docs' folder names).
AREAS = {
    "analytics": "analytics",
    "authorization": "authorization",
    "customer_engagement": "customer-engagement",
    "customer_service": "customer-service",
    "event": "event",
    "finance": "finance",
    "fulfilled_by_tiktok": "fulfilled-by-tiktok-fbt",
    "fulfillment": "fulfillment",
    "logistics": "logistics",
    "orders": "orders",
    "products": "products",
    "promotion": "promotion",
    "return_and_refund": "return-and-refund",
    "seller": "seller",
    "supply_chain": "supply-chain",
    "tools": "tools",
}


def documented(docs_dir: Path = DOCS_SCHEMAS) -> dict[tuple[str, str], dict[str, Any]]:
    """The docs' operations (schemas/partner/<area>/*.json) by (method, path template)."""
    out = {}
    for file in sorted(docs_dir.glob("*/*.json")):
        op = json.loads(file.read_text(encoding="utf-8"))
        out[(op["method"], op["path"])] = op
    if not out:
        raise FileNotFoundError(f"no documented operations under {docs_dir}: run tools/import_docs.py first")
    return out


def query_schema(op: ClientOperation) -> dict[str, Any]:
    props = {p.name: schema_of(p.type, request=True) for p in op.query}
    required = [p.name for p in op.query if p.required]
    return {"type": "object", "properties": props, "required": required, "additionalProperties": True}


def path_params_schema(op: ClientOperation) -> dict[str, Any]:
    props = {p.name: {"type": "string", "minLength": 1} for p in op.path_params}
    return {"type": "object", "properties": props, "required": list(props), "additionalProperties": False}


def response_schema(op: ClientOperation) -> dict[str, Any]:
    """The schema of the envelope's ``data``, from the client's response model."""
    if op.response is None:
        return {"type": "object"}
    data = next((t for key, t, _ in model_fields(op.response) if key == "data"), None)
    return schema_of(data, request=False) if data is not None else {"type": "object"}


def _shape(schema: Any) -> Any:
    """A schema's structure (types and property names), for comparing the docs' shapes with the client's."""
    if not isinstance(schema, dict):
        return None
    kind = schema.get("type")
    if kind == "object":
        return ("object", tuple(sorted((k, _shape(v)) for k, v in schema.get("properties", {}).items())))
    if kind == "array":
        return ("array", _shape(schema.get("items")))
    return kind


def same_shapes(doc: dict[str, Any], converted: dict[str, Any]) -> bool:
    return all(_shape(doc[part]) == _shape(converted[part]) for part in ("query", "body", "response"))


#: Value rules of a documented query parameter that a newer version of the operation keeps.
KEPT_RULES = ("enum", "minimum", "maximum", "minItems", "maxItems")


def keep_rules(query: dict[str, Any], doc: dict[str, Any]) -> dict[str, Any]:
    """The documented value lists and limits of the parameters the client sends with the same type."""
    documented = doc["query"].get("properties", {})
    for name, prop in query["properties"].items():
        known = documented.get(name)
        if known is None or known.get("type") != prop.get("type"):
            continue
        prop.update({k: v for k, v in known.items() if k in KEPT_RULES})
        if isinstance(known.get("items"), dict) and isinstance(prop.get("items"), dict):
            prop["items"].update({k: v for k, v in known["items"].items() if k in KEPT_RULES})
    return query


def convert(op: ClientOperation, doc: dict[str, Any] | None) -> dict[str, Any]:
    operation_id = f"{doc['operation_id']}_{op.version}" if doc else op.method_name
    body = schema_of(op.body.type, request=True) if op.body is not None else None
    return {
        "operation_id": operation_id,
        "area": doc["area"] if doc else AREAS[op.group],
        "summary": doc["summary"] if doc else op.summary,
        "description": f"Version {op.version}: shapes taken from the {SOURCE}." if doc else f"Taken from the {SOURCE}.",
        "source": SOURCE,
        "method": op.http_method,
        "path": op.template,
        "versions": [op.version],
        "shop_cipher": doc["shop_cipher"] if doc else ("required" if op.requires_shop_cipher else "forbidden"),
        "scopes": doc["scopes"] if doc else [],
        "content_type": "multipart/form-data" if op.multipart else "application/json",
        "path_params": path_params_schema(op),
        "query": keep_rules(query_schema(op), doc) if doc else query_schema(op),
        "body": body,
        "response": response_schema(op),
        "errors": doc["errors"] if doc else [],
        "examples": {"request_body": None, "response_body": None},
    }


def generate(docs_dir: Path = DOCS_SCHEMAS) -> tuple[dict[Path, str], list[str]]:
    """Rendered output keyed by path relative to the output dir, and the newer versions with the documented
    shapes (for ``EXTRA_VERSIONS`` of tools/import_docs.py) as ``operation_id version`` lines."""
    docs = documented(docs_dir)
    ids = {op["operation_id"] for op in docs.values()}
    outputs: dict[Path, str] = {}
    same: list[str] = []
    for op in client_operations():
        if op.group in LEFT_OUT_GROUPS:
            continue
        doc = docs.get((op.http_method, op.template))
        if doc is not None and op.version in doc["versions"]:
            continue
        converted = convert(op, doc)
        if doc is not None and same_shapes(doc, converted):
            same.append(f"{doc['operation_id']} {op.version}")
            continue
        if converted["operation_id"] in ids:
            raise ValueError(f"{op.group}.{op.method_name}: operation_id {converted['operation_id']} is taken")
        ids.add(converted["operation_id"])
        name = converted["operation_id"].replace("_", "-") + ".json"
        outputs[Path(converted["area"]) / name] = json.dumps(converted, indent=2, ensure_ascii=False) + "\n"
    return dict(sorted(outputs.items())), same


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT_DIR)
    args = parser.parse_args(argv)
    outputs, same = generate()
    for relative, text in outputs.items():
        target = args.out / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
    print(f"wrote {len(outputs)} operations to {args.out}")
    for line in same:
        print(f"same shapes as documented (add to EXTRA_VERSIONS in tools/import_docs.py): {line}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
