"""Turns the query string and body into typed values and validates them against the operation's schemas.

Failures answer 36009004 with HTTP 400 and a field message in the style live responses use
("PageSize is required", "param create_time_ge type invalid. actual type:string, expected type:int64").
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

import orjson

from mockserver.partner import errors
from mockserver.schemas import Operation

#: Query parameters the gate consumes; they are not the operation's own parameters.
COMMON = frozenset({"app_key", "sign", "timestamp", "shop_cipher", "access_token", "version"})
_INT = re.compile(r"^-?\d+$")
INT64_MIN, INT64_MAX = -(2**63), 2**63 - 1
_JSON_TYPES = {
    "string": "string",
    "integer": "int64",
    "number": "float64",
    "boolean": "bool",
    "array": "array",
    "object": "object",
    "null": "null",
}


def camel(name: str) -> str:
    return "".join(part.capitalize() for part in name.split("_"))


def coerce_query(op: Operation, pairs: Sequence[tuple[str, str]]) -> dict[str, Any]:
    """Query values typed by the schema. Values that do not parse stay strings so validation reports them."""
    types = op.query_types
    out: dict[str, Any] = {}
    for key, value in pairs:
        if key in COMMON:
            continue
        kind = types.get(key, "string")
        if kind == "integer" and (number := _int64(value)) is not None:
            out[key] = number
        elif kind == "boolean" and value in ("true", "false"):
            out[key] = value == "true"
        elif kind == "array":  # comma-separated, or repeated (`types=A&types=B`, as httpx sends a list)
            items = [v for v in value.split(",") if v != ""]
            before = out.get(key)
            out[key] = [*before, *items] if isinstance(before, list) else items
        else:
            out[key] = value
    return out


def _int64(text: str) -> int | None:
    """Go's strconv.ParseInt(text, 10, 64), None when it fails; never int() on a huge string (Python refuses past
    4,300 digits)."""
    if not _INT.match(text):
        return None
    sign, digits = ("-", text[1:]) if text.startswith("-") else ("", text)
    digits = digits.lstrip("0") or "0"
    if len(digits) > 19:
        return None
    value = int(sign + digits)
    return value if INT64_MIN <= value <= INT64_MAX else None


def validate_query(op: Operation, query: dict[str, Any]) -> None:
    _raise_first(op.query_validator, query, where="query")


def parse_body(op: Operation, raw: bytes, content_type: str | None) -> Any:
    """The JSON body, `{}` when empty. A body that is not JSON answers 36009022."""
    if op.multipart:
        return None
    if not raw.strip():
        return {}
    if content_type and "json" not in content_type.lower():
        raise errors.invalid_body_format()
    try:
        return orjson.loads(raw)
    except orjson.JSONDecodeError:
        raise errors.invalid_body_format() from None


def validate_body(op: Operation, body: Any) -> None:
    if op.body_validator is None or op.multipart:
        return
    if not isinstance(body, dict):
        raise errors.invalid_param("Invalid request format. The request body must be a JSON object.")
    _raise_first(op.body_validator, body, where="body")
    outside = _outside_int64(body, op.body)
    if outside is not None:
        path, value = outside
        if isinstance(value, float):  # `5.0`: Go's encoding/json does not put a float into an int64
            raise errors.invalid_param(f"param {path} type invalid. actual type:float64, expected type:int64")
        raise errors.invalid_param(f"param {path} is invalid: {value} does not fit int64")


def _outside_int64(value: Any, schema: Any) -> tuple[str, Any] | None:
    """The first integer field whose value Go could not unmarshal into its int64: out of range, or a float (orjson
    reads integers from 2**64 on as floats, which JSON Schema still calls integers). (path, value), else None."""
    stack: list[tuple[Any, Any, str]] = [(value, schema, "")]
    while stack:
        v, s, path = stack.pop()
        if not isinstance(s, dict) or isinstance(v, bool):
            continue
        kind = s.get("type")
        if (kind == "integer" or (isinstance(kind, list) and "integer" in kind)) and isinstance(v, (int, float)):
            if isinstance(v, float) or not INT64_MIN <= v <= INT64_MAX:
                return path, v
        if isinstance(v, dict):
            declared = s.get("properties", {})
            stack.extend((item, declared.get(k), f"{path}.{k}" if path else k) for k, item in reversed(v.items()))
        elif isinstance(v, list):
            stack.extend((item, s.get("items"), f"{path}.{i}") for i, item in reversed(list(enumerate(v))))
    return None


def _raise_first(validator: Any, instance: Any, *, where: str) -> None:
    for err in validator.iter_errors(instance):
        raise errors.invalid_param(_message(err, instance))


def _message(err: Any, instance: Any) -> str:
    kind = type(err.kind).__name__
    path = ".".join(str(p) for p in err.instance_path)
    if kind == "Required":
        missing = str(err.kind.property)
        return f"{camel(missing)} is a required field and has not been provided."
    if kind == "Type":
        actual = _json_type(_at(instance, err.instance_path))
        expected = _JSON_TYPES.get(_first_type(err.schema_path, err), "value")
        return f"param {path} type invalid. actual type:{actual}, expected type:{expected}"
    return f"param {path or 'body'} is invalid: {err.message}"


def _first_type(schema_path: Sequence[Any], err: Any) -> str:
    kind = err.kind
    for attr in ("types", "expected"):
        value = getattr(kind, attr, None)
        if value:
            return str(value[0] if isinstance(value, list) else value)
    return "value"


def _at(instance: Any, path: Sequence[Any]) -> Any:
    for p in path:
        instance = instance[p]
    return instance


def _json_type(value: Any) -> str:
    if isinstance(value, bool):
        return "bool"
    if isinstance(value, int):
        return "int64"
    if isinstance(value, float):
        return "float64"
    if isinstance(value, str):
        return "string"
    if isinstance(value, list):
        return "array"
    if value is None:
        return "null"
    return "object"
