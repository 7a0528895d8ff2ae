"""The OpenAPI 3.1 document, built from schemas/ (the same schemas that validate requests)."""

from __future__ import annotations

import copy
from collections.abc import Collection, Iterable
from typing import Any

from mockserver.schemas import Operation, SchemaRegistry
from mockserver.version import __version__

GATEWAY_STATUSES = ("400", "401", "403", "404", "405", "413")

_DESCRIPTION = """\
The TikTok Shop Partner API as tokopedia-mock serves it (Tokopedia & Shop sellers, Indonesia).

Every open-api operation also takes the common query parameters `app_key`, `timestamp` (Unix seconds, within
5 minutes back and 30 seconds ahead), `sign` (lowercase hex HMAC-SHA256, see the signing guide) and, where
`x-shop-cipher` is `required` or `optional`, `shop_cipher`; and the header `x-tts-access-token`. They are
described here rather than listed per operation, because a client library or the contract kit's auth hook adds
them to every request. `x-mock-implemented: false` marks operations the mock knows but answers with 501.
`x-mock-source` marks operations whose shapes come from the public `tiktok-shop-api` client's models rather than
the official docs; a newer version of an operation with other shapes is its own operation, at its own concrete
path (`/fulfillment/202610/orders/{order_id}/packages`).
"""


def _envelope(data_schema: dict[str, Any], message: str) -> dict[str, Any]:
    return {
        "type": "object",
        "required": ["code", "message", "request_id", "data"],
        "properties": {
            "code": {"type": "integer", "const": 0},
            "message": {"type": "string", "const": message},
            "request_id": {"type": "string"},
            "data": data_schema,
        },
    }


def _parameters(op: Operation, path: str) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    for name in op.path_params.get("properties", {}):
        out.append({"name": name, "in": "path", "required": True, "schema": {"type": "string", "minLength": 1}})
    if "{version}" in path:
        out.append(
            {"name": "version", "in": "path", "required": True, "schema": {"type": "string", "enum": list(op.versions)}}
        )
    required = set(op.query.get("required", ()))
    for name, schema in op.query.get("properties", {}).items():
        param: dict[str, Any] = {
            "name": name,
            "in": "query",
            "required": name in required,
            "schema": copy.deepcopy(schema),
        }
        if schema.get("type") == "array":
            param.update(style="form", explode=False)
        param["schema"].pop("description", None)
        if "description" in schema:
            param["description"] = schema["description"]
        out.append(param)
    return out


def _operation(op: Operation, implemented: bool, path: str) -> dict[str, Any]:
    message = "success" if op.host == "auth" else "Success"
    doc: dict[str, Any] = {
        "operationId": op.operation_id,
        "summary": op.summary,
        "description": op.description,
        "tags": [op.area],
        "parameters": _parameters(op, path),
        "responses": {
            "200": {
                "description": "Success, or a business error in the envelope (code != 0)",
                "content": {
                    "application/json": {
                        "schema": {"oneOf": [_envelope(op.response, message), {"$ref": "#/components/schemas/Error"}]}
                    }
                },
            },
            **{
                s: {
                    "description": "Gateway error",
                    "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}},
                }
                for s in GATEWAY_STATUSES
            },
        },
        "x-mock-implemented": implemented,
        "x-host": op.host,
        "x-shop-cipher": op.shop_cipher,
        "x-scopes": list(op.scopes),
        "x-versions": list(op.versions),
        "x-error-codes": op.errors,
    }
    if op.source:
        doc["x-mock-source"] = op.source
    if not implemented:
        doc["responses"]["501"] = {
            "description": "Not implemented by the mock",
            "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}},
        }
    if op.host == "open-api":
        doc["security"] = [{"accessToken": []}]
    if op.body is not None:
        media = "multipart/form-data" if op.multipart else "application/json"
        doc["requestBody"] = {"required": bool(op.body.get("required")), "content": {media: {"schema": op.body}}}
    return doc


def _placed(operations: Iterable[Operation]) -> list[tuple[str, str, Operation]]:
    """Where each operation goes in `paths`: its template, except that when several operations share a template
    and method (versions with other shapes), the documented one keeps the template and each other one takes the
    concrete path of its one version."""
    shared: dict[tuple[str, str], list[Operation]] = {}
    for op in sorted(operations, key=lambda o: (o.path, o.method, o.operation_id)):
        shared.setdefault((op.path, op.method), []).append(op)
    out: list[tuple[str, str, Operation]] = []
    for (path, method), ops in shared.items():
        main, *others = sorted(ops, key=lambda o: (bool(o.source), -len(o.versions), o.operation_id))
        out.append((path, method, main))
        for op in others:
            if len(op.versions) != 1 or "{version}" not in path:
                raise ValueError(f"{op.operation_id} shares {method} {path} with {main.operation_id}: one version only")
            out.append((path.replace("{version}", op.versions[0]), method, op))
    return out


def build(registry: SchemaRegistry, implemented: Collection[str], server_url: str = "/") -> dict[str, Any]:
    paths: dict[str, dict[str, Any]] = {}
    for path, method, op in _placed(registry.operations.values()):
        is_impl = op.host == "auth" or op.operation_id in implemented
        paths.setdefault(path, {})[method.lower()] = _operation(op, is_impl, path)
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "TikTok Shop Partner API (tokopedia-mock)",
            "version": __version__,
            "description": _DESCRIPTION,
        },
        "servers": [{"url": server_url}],
        "paths": paths,
        "components": {
            "schemas": {"Error": registry.error_schema},
            "securitySchemes": {"accessToken": {"type": "apiKey", "in": "header", "name": "x-tts-access-token"}},
        },
    }
