"""Loads schemas/ once, compiles one validator per operation part, and routes paths to operations.

An operation file (schemas/partner/<area>/<name>.json, generated from the official docs by
tools/import_docs.py, or schemas/auth/<name>.json, written by hand) holds the method, the path template with a
`{version}` segment, the versions served, the shop_cipher rule, the scopes, and JSON Schemas for the path
parameters, query, body and response `data`.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any

import jsonschema_rs

from mockserver.partner import errors
from mockserver.resources import schemas_dir

_PARAM = re.compile(r"\{([a-z_]+)\}")


@dataclass
class Operation:
    operation_id: str
    area: str
    summary: str
    method: str
    path: str
    versions: tuple[str, ...]
    shop_cipher: str  # required | optional | forbidden
    scopes: tuple[str, ...]
    content_type: str
    query: dict[str, Any]
    body: dict[str, Any] | None
    response: dict[str, Any]
    path_params: dict[str, Any]
    errors: list[dict[str, Any]]
    examples: dict[str, Any]
    host: str  # "open-api" or "auth"
    description: str = ""
    regex: re.Pattern[str] = field(init=False, repr=False)
    literals: int = field(init=False)

    def __post_init__(self) -> None:
        segments = self.path.strip("/").split("/")
        self.literals = sum(1 for s in segments if not _PARAM.fullmatch(s))
        pattern = "/".join(f"(?P<{m.group(1)}>[^/]+)" if (m := _PARAM.fullmatch(s)) else re.escape(s) for s in segments)
        self.regex = re.compile(f"^/{pattern}$")

    @property
    def multipart(self) -> bool:
        return self.content_type.startswith("multipart/")

    @cached_property
    def query_types(self) -> dict[str, str]:
        props = self.query.get("properties", {})
        return {name: str(p.get("type", "string")) for name, p in props.items()}

    @cached_property
    def query_validator(self) -> Any:
        return jsonschema_rs.validator_for(self.query)

    @cached_property
    def body_validator(self) -> Any:
        return jsonschema_rs.validator_for(self.body) if self.body is not None else None

    @cached_property
    def response_validator(self) -> Any:
        return jsonschema_rs.validator_for(self.response)

    def compile(self) -> None:
        """Compile the request validators now (at startup), so a broken schema fails fast."""
        _ = self.query_validator, self.body_validator


@dataclass(frozen=True)
class Match:
    operation: Operation
    version: str
    path_params: dict[str, str]


def load_operation(path: Path) -> Operation:
    raw = json.loads(path.read_text(encoding="utf-8"))
    return Operation(
        operation_id=raw["operation_id"],
        area=raw.get("area", path.parent.name),
        summary=raw.get("summary", raw["operation_id"]),
        description=raw.get("description", ""),
        method=raw["method"].upper(),
        path=raw["path"],
        versions=tuple(raw.get("versions", ())),
        shop_cipher=raw.get("shop_cipher", "forbidden"),
        scopes=tuple(raw.get("scopes", ())),
        content_type=raw.get("content_type", "application/json"),
        query=raw.get("query") or {"type": "object"},
        body=raw.get("body"),
        response=raw.get("response") or {"type": "object"},
        path_params=raw.get("path_params") or {"type": "object"},
        errors=raw.get("errors", []),
        examples=raw.get("examples", {}),
        host=raw.get("host", "open-api"),
    )


class SchemaRegistry:
    """All operations, compiled once; a router over the open-api host's paths."""

    def __init__(self, root: Path | None = None) -> None:
        root = root or schemas_dir()
        self.root = root
        self.operations: dict[str, Operation] = {}
        for file in sorted((root / "partner").rglob("*.json")) + sorted((root / "auth").glob("*.json")):
            op = load_operation(file)
            if op.operation_id in self.operations:
                raise ValueError(f"duplicate operation_id {op.operation_id} in {file}")
            op.compile()
            self.operations[op.operation_id] = op
        self.error_schema: dict[str, Any] = json.loads((root / "common" / "error.json").read_text(encoding="utf-8"))
        # Route table: by the first path segment, most specific template first.
        self._by_prefix: dict[str, list[Operation]] = {}
        for op in self.operations.values():
            if op.host == "open-api":
                self._by_prefix.setdefault(op.path.strip("/").split("/")[0], []).append(op)
        for ops in self._by_prefix.values():
            ops.sort(key=lambda o: -o.literals)

    @property
    def partner_operations(self) -> list[Operation]:
        return [op for op in self.operations.values() if op.host == "open-api"]

    def all_scopes(self) -> set[str]:
        return {s for op in self.operations.values() for s in op.scopes}

    def route(self, method: str, path: str) -> Match:
        """The operation for a request, or the gateway error the real API gives (path, version, method)."""
        candidates = self._by_prefix.get(path.strip("/").split("/")[0], ())
        seen_path = seen_version = False
        for op in candidates:
            m = op.regex.match(path)
            if m is None:
                continue
            seen_path = True
            params = m.groupdict()
            version = params.pop("version", "")
            if version not in op.versions:
                continue
            seen_version = True
            if op.method == method:
                return Match(op, version, params)
        if not seen_path:
            raise errors.invalid_path()
        if not seen_version:
            raise errors.invalid_version()
        raise errors.invalid_method()
