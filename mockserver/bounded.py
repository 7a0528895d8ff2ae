"""Reading untrusted input within bounds: JSON bodies no deeper than a setting, integers no longer than int64.

orjson parses in C and refuses nesting past 1,024 levels on its own, but the code behind it (schema validation, the
mock's own walks over a body) recurses: a bound far below that keeps every later step shallow. The bound is checked
after orjson has parsed the body (cheap: most bodies hold fewer brackets than the bound, and are not walked at
all), so the cost is linear in the body, which `max_body_bytes` bounds. Integers: Python's `int()` refuses strings
of more than 4,300 digits with a `ValueError` and costs quadratic time below that; ids and numbers here are int64,
so anything longer than 20 characters is not a number.
"""

from __future__ import annotations

from typing import Any

import orjson

INT64_MIN, INT64_MAX = -(2**63), 2**63 - 1
#: Characters of the longest int64 ("-9223372036854775808").
INT64_CHARS = 20


class BadJson(ValueError):
    """The body is not JSON (`too_deep` False) or nests deeper than the bound (`too_deep` True)."""

    def __init__(self, detail: str, *, too_deep: bool = False) -> None:
        super().__init__(detail)
        self.too_deep = too_deep


def loads(raw: bytes | str, max_depth: int) -> Any:
    """The JSON value of `raw`, or `BadJson`: not JSON, or arrays/objects nested more than `max_depth` deep."""
    try:
        value = orjson.loads(raw)
    except orjson.JSONDecodeError as e:
        too_deep = "depth limit" in str(e)
        detail = f"nested more than {max_depth} levels" if too_deep else "not valid JSON"
        raise BadJson(detail, too_deep=too_deep) from None
    data = raw.encode("utf-8", "surrogatepass") if isinstance(raw, str) else raw
    if data.count(b"[") + data.count(b"{") > max_depth and depth(value, max_depth) > max_depth:
        raise BadJson(f"nested more than {max_depth} levels", too_deep=True)
    return value


def depth(value: Any, limit: int) -> int:
    """How deep arrays and objects nest in `value` (a scalar is 0), counting no further than `limit` + 1."""
    if not isinstance(value, (dict, list)):
        return 0
    deepest = 0
    stack: list[tuple[Any, int]] = [(value, 1)]
    while stack:
        node, level = stack.pop()
        if level > deepest:
            deepest = level
            if deepest > limit:
                return deepest
        children = node.values() if isinstance(node, dict) else node
        stack.extend((child, level + 1) for child in children if isinstance(child, (dict, list)))
    return deepest


def ascii_digits(text: str) -> bool:
    """Whether `text` is one or more ASCII digits (`str.isdigit` also accepts "²" and "٣", which `int` refuses or
    reads as other numbers)."""
    return text.isascii() and text.isdigit()


def int64(text: str) -> int | None:
    """`text` as an int64 (optional sign, ASCII digits), or None: strconv.ParseInt(text, 10, 64)."""
    if len(text) > INT64_CHARS:
        return None
    digits = text[1:] if text[:1] in ("+", "-") else text
    if not ascii_digits(digits):
        return None
    value = int(text)
    return value if INT64_MIN <= value <= INT64_MAX else None
