"""The legacy dialect's own OpenAPI 3.1 document (`GET /legacy/openapi.json`), built from schemas/legacy.

Separate from /openapi.json (the Partner API): another host, another envelope, another auth scheme. An operation
that real clients call with more than one method (delete via POST or DELETE) appears once per method, the extra
ones with an operationId suffixed `__<method>`.
"""

from __future__ import annotations

import copy
from collections.abc import Collection
from typing import Any

import orjson

from mockserver.legacy.schemas import LegacyOperation, LegacySchemas
from mockserver.version import __version__

#: The int64 range (Go's), which every number of a request must fit.
INT64 = (-(2**63), 2**63 - 1)
ERROR_STATUSES = ("400", "401", "403", "404", "405", "413", "429", "500")
RATE_HEADERS = ("X-Ratelimit-Limit", "X-Ratelimit-Remaining", "X-Ratelimit-Reset-After", "X-Ratelimit-Full-Reset-After")

_DESCRIPTION = """\
The legacy Tokopedia Seller API (accounts.tokopedia.com + fs.tokopedia.net) as tokopedia-mock serves it, over the
same shops, products and orders as the TikTok Shop Partner API (/openapi.json).

Get a token with `POST /token?grant_type=client_credentials` and HTTP Basic `client_id:client_secret`; send it as
`Authorization: Bearer <access_token>` on every other call. Answers use the `{header, data}` envelope (the webhook
registry: `{data, status, error_message}`), and every answer carries the `X-Ratelimit-*` headers.
`x-mock-implemented: false` marks operations the mock knows but answers with 501; `x-envelope` names an operation's
envelope (`standard`, `registry`, `oauth` or `html`).
"""


def _ref(name: str) -> dict[str, Any]:
    return {"$ref": f"#/components/schemas/{name}"}


def _int64(schema: Any) -> Any:
    """A copy of a request schema with the range the Go services behind the API read numbers in: every integer is an
    int64 (`format: int64`) and every number must fit one (mockserver.legacy.call parses them so)."""
    if isinstance(schema, list):
        return [_int64(s) for s in schema]
    if not isinstance(schema, dict):
        return schema
    out = {k: _int64(v) for k, v in schema.items()}
    types = schema.get("type")
    types = types if isinstance(types, list) else [types]
    if "integer" in types:
        out.setdefault("format", "int64")
    elif "number" in types:
        out.setdefault("minimum", INT64[0])
        out.setdefault("maximum", INT64[1])
    return out


def _parameters(lop: LegacyOperation) -> list[dict[str, Any]]:
    op = lop.op
    out: list[dict[str, Any]] = []
    for name, schema in op.path_params.get("properties", {}).items():
        out.append({"name": name, "in": "path", "required": True, "schema": _int64(schema)})
    required = set(op.query.get("required", ()))
    for name, schema in op.query.get("properties", {}).items():
        param: dict[str, Any] = {"name": name, "in": "query", "required": name in required}
        param["schema"] = _int64({k: v for k, v in schema.items() if k != "description"})
        if "description" in schema:
            param["description"] = schema["description"]
        if schema.get("type") == "array":
            param.update(style="form", explode=True)
        out.append(param)
    return out


def _success(lop: LegacyOperation) -> dict[str, Any]:
    data = copy.deepcopy(lop.op.response)
    if lop.envelope == "html":
        return {"text/html": {"schema": {"type": "string"}}}
    if lop.envelope == "oauth":
        return {"application/json": {"schema": data}}
    if lop.envelope == "registry":
        schema = {"allOf": [_ref("RegistryEnvelope"), {"properties": {"data": data}}]}
    else:
        schema = {"allOf": [_ref("Envelope"), {"properties": {"data": data}}]}
    return {"application/json": {"schema": schema}}


def _error_ref(lop: LegacyOperation) -> dict[str, Any]:
    return _ref({"oauth": "OAuthError", "registry": "RegistryError"}.get(lop.envelope, "Error"))


def _operation(lop: LegacyOperation, method: str, implemented: bool) -> dict[str, Any]:
    op = lop.op
    headers = {h: {"schema": {"type": "string"}} for h in RATE_HEADERS}
    responses: dict[str, Any] = {
        "200": {
            "description": "Success (bulk calls: per-row failures inside data)",
            "headers": headers,
            "content": _success(lop),
        },
    }
    for status in ERROR_STATUSES:
        responses[status] = {
            "description": "Error in the dialect's envelope",
            "headers": headers,
            "content": {"application/json": {"schema": _error_ref(lop)}},
        }
    if not implemented:
        responses["501"] = {
            "description": "Not implemented by the mock",
            "content": {"application/json": {"schema": _ref("Error")}},
        }
    doc: dict[str, Any] = {
        "operationId": op.operation_id if method == op.method else f"{op.operation_id}__{method.lower()}",
        "summary": op.summary,
        "description": op.description,
        "tags": [op.area],
        "parameters": _parameters(lop),
        "responses": responses,
        "security": [{"basicClient": []}] if lop.envelope == "oauth" else [{"bearerToken": []}],
        "x-mock-implemented": implemented,
        "x-host": "legacy",
        "x-error-domain": lop.domain,
        "x-envelope": lop.envelope,
        "x-error-codes": op.errors,
    }
    if op.body is not None:
        media = "application/x-www-form-urlencoded" if lop.envelope == "oauth" else "application/json"
        body = _int64({k: v for k, v in op.body.items() if k != "x-required"})
        doc["requestBody"] = {"required": op.body.get("x-required", True), "content": {media: {"schema": body}}}
    return doc


def build(schemas: LegacySchemas, implemented: Collection[str]) -> dict[str, Any]:
    paths: dict[str, dict[str, Any]] = {}
    for lop in sorted(schemas.operations.values(), key=lambda o: (o.path, o.op.method)):
        served = lop.operation_id in implemented and lop.implemented
        for method in lop.methods:
            paths.setdefault(lop.path, {})[method.lower()] = _operation(lop, method, served)
    common = schemas.common
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "Tokopedia Seller API, legacy (tokopedia-mock)",
            "version": __version__,
            "description": _DESCRIPTION,
        },
        "servers": [{"url": "/"}],
        "paths": paths,
        "components": {
            "schemas": {
                "Envelope": common["envelope"],
                "Error": common["error"],
                "RegistryEnvelope": common["registry-envelope"],
                "RegistryError": common["registry-error"],
                "OAuthError": common["oauth-error"],
            },
            "securitySchemes": {
                "bearerToken": {"type": "http", "scheme": "bearer"},
                "basicClient": {"type": "http", "scheme": "basic"},
            },
        },
    }


def dumps(schemas: LegacySchemas, implemented: Collection[str]) -> bytes:
    return orjson.dumps(build(schemas, implemented))
