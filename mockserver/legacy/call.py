"""What a legacy handler receives: the admitted request, typed parameter access, and the JSON body.

Query parameters are parsed the way the Go services behind fs.tokopedia.net do (strconv on each value): a value
that is not a number answers the module's "invalid ... format" code, a missing required one its "cannot be
empty" code. A JSON body is checked against the operation's schema as a Go `json.Unmarshal` into typed structs
would: wrong types fail the whole request; missing fields are zero values for the use case to judge.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import orjson

from mockserver.legacy import errors
from mockserver.legacy.gate import Admitted
from mockserver.legacy.schemas import LegacyOperation
from mockserver.store import Store

if TYPE_CHECKING:
    from mockserver.runtime import Mock

#: Largest int64: ids beyond it are "invalid format" in Go.
INT64_MAX = 2**63 - 1


@dataclass(frozen=True)
class LegacyCall:
    mock: Mock
    operation: LegacyOperation
    admitted: Admitted | None
    path_params: dict[str, str]
    query: Sequence[tuple[str, str]]
    headers: Mapping[str, str]
    body: bytes
    content_type: str
    base_url: str
    now: int

    @property
    def store(self) -> Store:
        return self.mock.store

    @property
    def domain(self) -> str:
        return self.operation.domain

    @property
    def auth(self) -> Admitted:
        assert self.admitted is not None, "only the token endpoint runs without a Bearer token"
        return self.admitted

    # --- query -------------------------------------------------------------------------------------------------
    def get(self, name: str) -> str | None:
        """The first non-empty value of a query parameter."""
        return next((v for k, v in self.query if k == name and v != ""), None)

    def all(self, name: str) -> list[str]:
        """Every value of a repeatable parameter; comma-separated lists are accepted too (clients differ)."""
        out: list[str] = []
        for k, v in self.query:
            if k == name:
                out.extend(p.strip() for p in v.split(",") if p.strip())
        return out

    def int_param(self, name: str, invalid: str, empty: str | None = None) -> int | None:
        """`name` as an int64: `invalid` (an error code) when malformed, `empty` when required and missing."""
        raw = self.get(name)
        if raw is None:
            if empty is not None:
                raise errors.error(empty)
            return None
        value = parse_int(raw)
        if value is None:
            raise errors.error(invalid)
        return value

    def field_int(self, name: str, required: bool = False, source: str | None = None) -> int | None:
        """A common parameter (`shop_id`, `warehouse_id`...) with the module's codes for it."""
        raw = self.path_params.get(name) if source == "path" else self.get(name)
        if raw is None or raw == "":
            if required:
                raise errors.field_error(self.domain, f"{name}:empty")
            return None
        value = parse_int(raw)
        if value is None:
            raise errors.field_error(self.domain, f"{name}:invalid")
        return value

    # --- body --------------------------------------------------------------------------------------------------
    def json(self, *, required: bool = True) -> Any:
        """The JSON body, validated against the operation's body schema; None when empty and not required."""
        if not self.body.strip():
            if not required:
                return None
            raise self._body_error("the request body is empty")
        try:
            value = orjson.loads(self.body)
        except orjson.JSONDecodeError:
            raise self._body_error("the request body is not valid JSON") from None
        if not _fits_int64(value):
            raise self._body_error("a number is out of the int64 range")
        validator = self.operation.op.body_validator
        if validator is not None:
            # A missing field is a zero value for the use case to judge (its own error code), not a format error.
            problems = (e for e in validator.iter_errors(value) if type(e.kind).__name__ != "Required")
            problem = next(problems, None)
            if problem is not None:
                where = "/".join(str(p) for p in problem.instance_path) or "body"
                raise self._body_error(f"{where}: {problem.message}")
        return value

    def _body_error(self, detail: str) -> errors.LegacyError:
        err = errors.field_error(self.domain, "body:invalid")
        err.reason = f"{err.reason} ({detail})"
        return err


def parse_int(raw: str) -> int | None:
    """strconv.ParseInt(raw, 10, 64): None when it would fail."""
    digits = raw[1:] if raw[:1] in "+-" else raw
    if not digits.isascii() or not digits.isdigit() or abs(int(raw)) > INT64_MAX:
        return None
    return int(raw)


def _fits_int64(value: Any) -> bool:
    """Go unmarshals JSON numbers into int64 fields: larger ones fail the whole body (the mock applies the int64
    range to every number, float fields included, so no id or quantity can overflow later)."""
    stack = [value]
    while stack:
        v = stack.pop()
        if isinstance(v, bool):
            continue
        if isinstance(v, (int, float)) and not abs(v) <= INT64_MAX:  # also NaN/inf and 1e300 given for an int
            return False
        if isinstance(v, dict):
            stack.extend(v.values())
        elif isinstance(v, list):
            stack.extend(v)
    return True
