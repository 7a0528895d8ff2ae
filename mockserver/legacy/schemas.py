"""Loads schemas/legacy once: one `LegacyOperation` per file, and the router over the legacy paths.

The files use the per-operation format of schemas/auth/*.json (`host: "legacy"`, `response` = the schema of
`data`), read with `mockserver.schemas.operation_of`, plus a few keys only this dialect needs:

- `domain`: the error-code module of the operation (ORD, PRD, SHP, LGS, WHK) for its parameter errors;
- `envelope`: `standard` ({header, data}), `registry` ({data, status, error_message}), `oauth` (bare token
  body) or `html` (the shipping label);
- `success_messages` / `success_header` (`short`, or `full` with `reason: ""` and `error_code: 0`);
- `method_aliases`: other methods real clients use for the same operation (delete via DELETE, edit via POST);
- `implemented: false`: known to the mock, answered 501 in the envelope.

schemas/legacy/common holds the envelope schemas. `mockserver.schemas.SchemaRegistry` never reads this folder,
so the Partner router cannot pick these operations up.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from types import MappingProxyType
from typing import Any

import jsonschema_rs
import orjson

from mockserver.legacy.errors import SUCCESS
from mockserver.resources import schemas_dir
from mockserver.schemas import Operation, keep_route, operation_of

#: Paths the legacy front-end answers (in its own envelope, 404 included), so the Partner catch-all never sees
#: them: `/token`, `/v<n>/...` and the legacy-only modules `/inventory/...`, `/resolution/...`, `/mitra/...`.
#: Partner paths are `/<category>/<6-digit version>/...`, and no Partner category has those names.
_LEGACY_PATH = re.compile(r"^/(?:token/?$|v\d+(?:/|$)|(?:inventory|resolution|mitra)(?:/|$))")
DOCUMENT_PATH = "/legacy/openapi.json"


@dataclass(frozen=True)
class LegacyOperation:
    op: Operation
    domain: str
    envelope: str
    messages: str
    header: str
    methods: tuple[str, ...]
    implemented: bool

    @property
    def operation_id(self) -> str:
        return self.op.operation_id

    @property
    def path(self) -> str:
        return self.op.path

    @cached_property
    def path_enums(self) -> dict[str, list[str]]:
        props = self.op.path_params.get("properties", {})
        return {name: list(p["enum"]) for name, p in props.items() if "enum" in p}

    def match(self, path: str) -> dict[str, str] | None:
        m = self.op.regex.match(path)
        if m is None:
            return None
        params = m.groupdict()
        if any(params[name] not in allowed for name, allowed in self.path_enums.items()):
            return None
        return params


@dataclass(frozen=True)
class Routed:
    operation: LegacyOperation
    #: Read-only: `LegacySchemas.route` hands the same answer to every request for one method and path.
    path_params: Mapping[str, str]


class RouteError(Exception):
    def __init__(self, status: int, allowed: tuple[str, ...] = ()) -> None:
        super().__init__(status)
        self.status = status
        self.allowed = allowed


def load(path: Path) -> LegacyOperation:
    raw = orjson.loads(path.read_bytes())
    op = operation_of(raw, path)
    if op.host != "legacy":
        raise ValueError(f'{path}: legacy operations must say "host": "legacy"')
    return LegacyOperation(
        op=op,
        domain=raw.get("domain", ""),
        envelope=raw.get("envelope", "standard"),
        messages=raw.get("success_messages", SUCCESS),
        header=raw.get("success_header", "short"),
        methods=(op.method, *(m.upper() for m in raw.get("method_aliases", ()))),
        implemented=bool(raw.get("implemented", True)),
    )


class LegacySchemas:
    """Every legacy operation (each compiled on its first use), and the envelope schemas the tests validate against."""

    def __init__(self, root: Path | None = None) -> None:
        root = (root or schemas_dir()) / "legacy"
        self.operations: dict[str, LegacyOperation] = {}
        for file in sorted(root.rglob("*.json")):
            if file.parent.name == "common":
                continue
            lop = load(file)
            if lop.operation_id in self.operations:
                raise ValueError(f"duplicate legacy operation_id {lop.operation_id} in {file}")
            self.operations[lop.operation_id] = lop
        self.common: dict[str, dict[str, Any]] = {
            f.stem: orjson.loads(f.read_bytes()) for f in sorted((root / "common").glob("*.json"))
        }
        # Most specific template first, as the Partner router does.
        self._ordered = sorted(self.operations.values(), key=lambda o: -o.op.literals)
        self._routed: dict[tuple[str, str], Routed] = {}

    @cached_property
    def envelope_validators(self) -> dict[str, Any]:
        return {name: jsonschema_rs.validator_for(schema) for name, schema in self.common.items()}

    @staticmethod
    def claims(path: str) -> bool:
        return path == DOCUMENT_PATH or _LEGACY_PATH.match(path) is not None

    def route(self, method: str, path: str) -> Routed:
        """The operation for a request (the most literal path first), kept for the next request with the same
        method and path (at most `ROUTES_KEPT` of them); `RouteError` 404 or 405 (with the allowed methods)."""
        key = (method, path)
        return self._routed.get(key) or keep_route(self._routed, key, self._route(method, path))

    def _route(self, method: str, path: str) -> Routed:
        allowed: list[str] = []
        for lop in self._ordered:
            params = lop.match(path)
            if params is None:
                continue
            if method in lop.methods:
                return Routed(lop, MappingProxyType(params))
            allowed.extend(m for m in lop.methods if m not in allowed)
        raise RouteError(405 if allowed else 404, tuple(allowed))
