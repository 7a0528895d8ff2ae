"""The integer check of Partner request bodies (partner/params.py) answers the same with its raw-text shortcut."""

from __future__ import annotations

import json
import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from mockserver.partner import errors, params
from mockserver.schemas import SchemaRegistry

REGISTRY = SchemaRegistry()
#: A body with int64 fields at the top and nested (Search Packages' times; Update Inventory's quantities).
OPERATIONS = ["search_package", "update_inventory"]

_numbers = st.one_of(
    st.integers(min_value=-(2**70), max_value=2**70),
    st.floats(allow_nan=False, allow_infinity=False),
    st.sampled_from([5.0, 1e5, -0.0, 2**63 - 1, 2**63, -(2**63), -(2**63) - 1, 10**18]),
)


def _outcome(op_id: str, body: dict[str, object], raw: bytes | None) -> str:
    op = REGISTRY.operations[op_id]
    try:
        params.validate_body(op, body, raw)
    except errors.PartnerError as e:
        return e.message
    return "ok"


@pytest.mark.parametrize("op_id", OPERATIONS)
@given(value=_numbers, text=st.text(alphabet='0123456789.eE x"\\', max_size=25))
def test_the_shortcut_never_changes_the_answer(op_id: str, value: object, text: str) -> None:
    if op_id == "search_package":
        body: dict[str, object] = {"create_time_ge": value, "note": text}
    else:
        body = {"skus": [{"id": "1", "inventory": [{"warehouse_id": text or "w", "quantity": value}]}]}
    raw = json.dumps(body).encode()  # the standard library writes any integer, and floats as 5.0, 1e+16
    parsed = params.parse_body(REGISTRY.operations[op_id], raw, "application/json")  # as the dispatcher reads it
    assert _outcome(op_id, parsed, raw) == _outcome(op_id, parsed, None)


def test_ids_in_strings_take_the_shortcut_and_numbers_do_not() -> None:
    assert not params._may_hold_wide_number(b'{"skus": [{"id": "1729592969712207013", "quantity": 120}]}')
    for raw in (b'{"a": 17295929697122070130}', b'{"a": -9223372036854775809}', b'{"a":[1,9223372036854775808]}'):
        assert params._may_hold_wide_number(raw), raw


def test_a_float_or_a_wide_integer_is_still_refused() -> None:
    op = REGISTRY.operations["search_package"]
    for raw in (b'{"create_time_lt": 5.0}', b'{"create_time_lt": 1e3}', b'{"create_time_ge": 9223372036854775808}'):
        assert "type invalid" in _outcome("search_package", params.parse_body(op, raw, "application/json"), raw)
    assert _outcome("search_package", {"create_time_lt": 5}, b'{"create_time_lt": 5}') == "ok"


#: The shortcut's definition as a pattern: a digit then `.`, `e` or `E`; or 19 digits not right after a quote or a
#: digit. `_may_hold_wide_number` must say yes wherever this matches (it may say yes more often, never less).
_WIDE = re.compile(rb'[0-9][.eE]|(?<!["0-9])[0-9]{19}')
_json_bytes = st.lists(
    st.one_of(
        st.sampled_from([b'"', b".", b"e", b"E", b":", b",", b"-", b"[", b"{", b" ", b"a"]),
        st.integers(min_value=0, max_value=10**45).map(lambda n: str(n).encode()),
    ),
    max_size=30,
).map(b"".join)


@given(_json_bytes)
def test_the_raw_text_shortcut_never_misses_a_wide_number(raw: bytes) -> None:
    if _WIDE.search(raw) is not None:
        assert params._may_hold_wide_number(raw), raw


@pytest.mark.parametrize(
    ("raw", "may"),
    [
        (b'{"id":"1234567890123456789","n":5}', False),  # the 19-digit ids every body carries, in strings
        (b'{"n":12345678901234567890}', True),
        (b'{"n":-1234567890123456789}', True),
        (b'{"n":5.0}', True),
        (b'{"n":1e3}', True),
        (b'{"quantity":57,"name":"abc"}', False),
    ],
)
def test_the_raw_text_shortcut_on_typical_bodies(raw: bytes, may: bool) -> None:
    assert params._may_hold_wide_number(raw) is may
