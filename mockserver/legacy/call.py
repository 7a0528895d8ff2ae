"""What a legacy handler receives: the admitted request, typed parameter access, and the JSON body.

Query parameters are parsed the way the Go services behind fs.tokopedia.net do (strconv on each value): a value
that is not a number answers the module's "invalid ... format" code, a missing required one its "cannot be
empty" code. A JSON body is checked against the operation's schema as a Go `json.Unmarshal` into typed structs
would: wrong types fail the whole request; missing fields are zero values for the use case to judge.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from mockserver import bounded
from mockserver.legacy import errors
from mockserver.legacy.gate import Admitted
from mockserver.legacy.schemas import LegacyOperation
from mockserver.renders import RenderCache
from mockserver.store import Store

if TYPE_CHECKING:
    from mockserver.runtime import Mock

#: Schema keywords the use cases check themselves, with their own codes (not "invalid request body").
USE_CASE_RULES = frozenset({"Required", "MinItems", "MaxItems", "Pattern"})
#: The int64 range: ids beyond it are "invalid format" in Go.
INT64_MIN, INT64_MAX = -(2**63), 2**63 - 1


@dataclass(frozen=True)
class LegacyCall:
    mock: Mock
    operation: LegacyOperation
    admitted: Admitted | None
    path_params: Mapping[str, str]  # read-only (the route is shared)
    query: Sequence[tuple[str, str]]
    headers: Mapping[str, str]
    body: bytes
    content_type: str
    base_url: str
    now: int
    #: The front-end's renderings (mockserver/renders.py); None renders every time (a handler called directly).
    renders: RenderCache | None = None

    @property
    def store(self) -> Store:
        return self.mock.store

    def rendered(self, key: Hashable, render: Callable[[], Any]) -> Any:
        """`render()`, from the cache of renderings while the store is unchanged (`key` names what it renders)."""
        if self.renders is None:
            return render()
        return self.renders.json(self.mock.store, key, render)

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
            value = bounded.loads(self.body, self.mock.settings.max_json_depth)
        except bounded.BadJson as e:
            detail = f"the JSON body is {e}" if e.too_deep else "the request body is not valid JSON"
            raise self._body_error(detail) from None
        body_schema = self.operation.op.body
        if not _fits_int64(value, _ANY if body_schema is None else body_schema):
            raise self._body_error("a number does not fit its field: int64, or out of the int64 range")
        validator = self.operation.op.body_validator
        if validator is not None:
            # A missing field is a zero value for the use case to judge (its own error code), not a format error;
            # so are empty or too long lists and malformed URLs, which the use cases answer with their own codes.
            problems = (e for e in validator.iter_errors(value) if type(e.kind).__name__ not in USE_CASE_RULES)
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
    return bounded.int64(raw)


def _fits_int64(value: Any, schema: Any) -> bool:
    """Go unmarshals JSON numbers into the struct's int64 fields: a larger one, or one with a fraction or an exponent
    (`1.0` included), fails the whole body. The mock applies the int64 range to every number of a field the schema
    declares, float fields included, so no id, price or quantity can overflow later; fields it does not declare are
    skipped, as json.Unmarshal skips unknown fields."""
    stack: list[tuple[Any, Any]] = [(value, schema)]
    while stack:
        v, s = stack.pop()
        if s is None or isinstance(v, bool):
            continue
        if isinstance(v, int) and not INT64_MIN <= v <= INT64_MAX:
            return False
        if isinstance(v, float):
            # orjson reads an integer below -2**63 as a float rounded to -2**63: that bound is out for floats. (The
            # comparison is also False for NaN and inf.)
            if not INT64_MIN < v < -INT64_MIN or ("integer" in _types(s) and "number" not in _types(s)):
                return False
        if not isinstance(s, dict) or not s.keys() & {"type", "properties", "items", "additionalProperties"}:
            s = _ANY  # {} or a combinator: every number below counts
        if isinstance(v, dict):
            declared, extra = s.get("properties", {}), s.get("additionalProperties")
            default = _ANY if s is _ANY else (extra if isinstance(extra, dict) else None)
            stack.extend((item, declared.get(key, default)) for key, item in v.items())
        elif isinstance(v, list):
            items = s.get("items", _ANY if s is _ANY else None)
            stack.extend((item, items) for item in v)
    return True


def _types(schema: Any) -> set[str]:
    kind = schema.get("type") if isinstance(schema, dict) else None
    return {kind} if isinstance(kind, str) else set(kind) if isinstance(kind, list) else set()


#: The schema of a value whose every number is held to the range (the field's type is not known more precisely).
_ANY: dict[str, Any] = {}
