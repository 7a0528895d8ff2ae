"""Turns the query string and body into typed values and validates them against the operation's schemas.

Failures answer 36009004 with HTTP 400 and a field message in the style live responses use
("PageSize is required", "param create_time_ge type invalid. actual type:string, expected type:int64").
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from mockserver import bounded
from mockserver.partner import errors
from mockserver.schemas import Operation

#: Query parameters the gate consumes; they are not the operation's own parameters.
COMMON = frozenset({"app_key", "sign", "timestamp", "shop_cipher", "access_token", "version"})
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
    """Query values typed by the schema. Values that do not parse stay strings so validation reports them.

    An array parameter may be repeated (its values add up); any other parameter given twice answers 36009004."""
    types = op.query_types
    out: dict[str, Any] = {}
    for key, value in pairs:
        if key in COMMON:
            continue
        kind = types.get(key, "string")
        if kind == "array":
            out.setdefault(key, []).extend(v for v in value.split(",") if v != "")
            continue
        if key in out:
            raise errors.duplicate_param(key)
        number = bounded.int64(value) if kind == "integer" and value[:1] != "+" else None
        if number is not None:
            out[key] = number
        elif kind == "boolean" and value in ("true", "false"):
            out[key] = value == "true"
        else:
            out[key] = value
    return out


def validate_query(op: Operation, query: dict[str, Any]) -> None:
    if not query and op.takes_no_query:
        return
    _raise_first(op.query_validator, query, where="query")


def parse_body(op: Operation, raw: bytes, content_type: str | None, max_depth: int = 32) -> Any:
    """The JSON body, `{}` when empty. A body that is not JSON, or nests deeper than `max_depth`, answers 36009022."""
    if op.multipart:
        return None
    if not raw.strip():
        return {}
    if content_type and "json" not in content_type.lower():
        raise errors.invalid_body_format()
    try:
        return bounded.loads(raw, max_depth)
    except bounded.BadJson as e:
        raise (errors.body_too_deep(max_depth) if e.too_deep else errors.invalid_body_format()) from None


def validate_body(op: Operation, body: Any, raw: bytes | None = None) -> None:
    """`raw`: the body as sent, when at hand: without a number that is a float or too long for int64 in it (no
    digit followed by `.`, `e` or `E`; no 19 digits in a row but right after a quote: the ids in strings), the
    integer check has nothing to find and is skipped."""
    if op.body_validator is None or op.multipart:
        return
    if not isinstance(body, dict):
        raise errors.invalid_param("Invalid request format. The request body must be a JSON object.")
    if not body and op.takes_no_body:
        return
    _raise_first(op.body_validator, body, where="body")
    if raw is None or _may_hold_wide_number(raw):
        _check_integers(op.body, body)


#: Where a JSON text may hold a float (a digit then `.`, `e` or `E`) or an integer of 19 digits or more (int64 has
#: at most 19): the only numbers `_check_integers` refuses. A number never follows a quote (only `:`, `[`, `,`,
#: `-` or white space), so a run of digits right after one is the start of a string — the 19-digit ids every body
#: carries — and is no reason for the full check. With every digit made `0` (one `translate`), that is: `0.`,
#: `0e` or `0E` somewhere, or more 19-digit runs than runs right after a quote (a run after a quote counts once in
#: the second and at least once in the first; any other run only in the first). Any false alarm, in a string or
#: not, only costs the full check; a number the check would refuse is never missed.
_ZEROED = bytes.maketrans(b"123456789", b"000000000")
_RUN = b"0" * 19
_QUOTED_RUN = b'"' + _RUN


def _may_hold_wide_number(raw: bytes) -> bool:
    zeroed = raw.translate(_ZEROED)
    return b"0." in zeroed or b"0e" in zeroed or b"0E" in zeroed or zeroed.count(_RUN) > zeroed.count(_QUOTED_RUN)


def _check_integers(schema: Any, body: Any) -> None:
    """JSON Schema counts 1.0 as an integer, and orjson reads an integer too long for 64 bits as a float; the real
    API (Go, int64 fields) refuses both, and so does the mock: a float or an out-of-range number in an integer
    field answers "type invalid", like any other wrong type."""
    if not isinstance(schema, dict):
        return
    # Each entry: (value, its schema, where it is as (parent's where, key) links; the dotted path only on a refusal).
    stack: list[tuple[Any, Any, Any]] = [(body, schema, None)]
    while stack:
        value, s, where = stack.pop()
        kind = s.get("type")
        integer = kind == "integer" or (isinstance(kind, list) and "integer" in kind and "number" not in kind)
        if integer and not isinstance(value, bool) and isinstance(value, (int, float)):
            if isinstance(value, float) or not bounded.INT64_MIN <= value <= bounded.INT64_MAX:
                actual = "float64" if isinstance(value, float) else "uint64"
                path = _dotted(where)
                raise errors.invalid_param(f"param {path} type invalid. actual type:{actual}, expected type:int64")
        if isinstance(value, dict):
            props, extra = s.get("properties") or {}, s.get("additionalProperties")
            for key, item in value.items():
                child = props.get(key, extra)
                if isinstance(child, dict):
                    stack.append((item, child, (where, key)))
        elif isinstance(value, list):
            items = s.get("items")
            if isinstance(items, dict):
                stack.extend((item, items, (where, i)) for i, item in enumerate(value))


def _dotted(where: Any) -> str:
    keys = []
    while where is not None:
        where, key = where
        keys.append(str(key))
    return ".".join(reversed(keys))


def _raise_first(validator: Any, instance: Any, *, where: str) -> None:
    if validator.is_valid(instance):  # the common case, without building error objects
        return
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
