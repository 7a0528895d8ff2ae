"""Loads schemas/ once, compiles one validator per operation part, and routes paths to operations.

An operation file (schemas/partner/<area>/<name>.json, generated from the official docs by
tools/import_docs.py, or schemas/auth/<name>.json, written by hand) holds the method, the path template with a
`{version}` segment, the versions served, the shop_cipher rule, the scopes, and JSON Schemas for the path
parameters, query, body and response `data`. Operations known only from the public `tiktok-shop-api` client's
models (schemas/partner/from-client/, written by tools/import_client.py) say so in `source`.

Routing (`SchemaRegistry.route`) picks the most specific path template first (a literal segment beats a
parameter at the same position: `/products/diagnoses` is never Get Product with id "diagnoses"), then the
version among that template's operations, then the method; it raises `RouteError` for the gateway to render.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any, Literal

import jsonschema_rs

from mockserver.resources import schemas_dir

_PARAM = re.compile(r"\{([a-z_]+)\}")
VERSION_PARAM = "version"


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
    source: str = ""  # "" for the official docs; else where the shapes come from (the client's models)
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
        source=raw.get("source", ""),
    )


class RouteError(Exception):
    """No operation for a request: its path (`kind="path"`), its version (`"version"`, `allowed` the versions the
    path is served at) or its method (`"method"`, `allowed` the methods served there) is unknown."""

    def __init__(self, kind: Literal["path", "version", "method"], allowed: tuple[str, ...] = ()) -> None:
        super().__init__(kind, allowed)
        self.kind = kind
        self.allowed = allowed


@dataclass
class _Template:
    """One path template of the route table and the operations served under it."""

    path: str
    #: Per segment: 0 literal, 1 the version, 2 a parameter. A smaller tuple is more specific.
    rank: tuple[int, ...]
    literals: tuple[tuple[int, str], ...]
    version_at: int | None
    operations: list[Operation] = field(default_factory=list)

    @classmethod
    def of(cls, path: str) -> _Template:
        segments = path.strip("/").split("/")
        kinds = [(1 if m.group(1) == VERSION_PARAM else 2) if (m := _PARAM.fullmatch(s)) else 0 for s in segments]
        return cls(
            path=path,
            rank=tuple(kinds),
            literals=tuple((i, s) for i, (s, k) in enumerate(zip(segments, kinds, strict=True)) if k == 0),
            version_at=next((i for i, k in enumerate(kinds) if k == 1), None),
        )

    def matches(self, segments: list[str]) -> bool:
        return all(segments[i] == text for i, text in self.literals)


def _segments(path: str) -> list[str] | None:
    """The segments of an absolute path, or None if one is empty (`//`, a trailing `/`): no template has those."""
    if not path.startswith("/"):
        return None
    segments = path[1:].split("/")
    return segments if all(segments) else None


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
        # Route table: templates by (first segment, segment count); each template's operations share its path.
        templates: dict[str, _Template] = {}
        for op in self.operations.values():
            if op.host == "open-api":
                templates.setdefault(op.path, _Template.of(op.path)).operations.append(op)
        self._templates: dict[tuple[str, int], list[_Template]] = {}
        for template in templates.values():
            segments = template.path.strip("/").split("/")
            if template.rank[0] != 0:
                raise ValueError(f"{template.path}: a path template must start with a literal segment")
            self._templates.setdefault((segments[0], len(segments)), []).append(template)
        for group in self._templates.values():
            group.sort(key=lambda t: (t.rank, t.path))

    @property
    def partner_operations(self) -> list[Operation]:
        return [op for op in self.operations.values() if op.host == "open-api"]

    def all_scopes(self) -> set[str]:
        return {s for op in self.operations.values() for s in op.scopes}

    def route(self, method: str, path: str) -> Match:
        """The operation for a request; `RouteError` says whether its path, version or method is unknown.

        The most specific matching template wins outright (a less specific one is never tried instead): its
        operations are the candidates, first for the version, then for the method.
        """
        segments = _segments(path)
        group = self._templates.get((segments[0], len(segments)), []) if segments else []
        best = next((t for t in group if segments is not None and t.matches(segments)), None)
        if best is None or segments is None:
            raise RouteError("path")
        # Templates as specific as the best one that match too (same shape, other parameter names) are candidates.
        candidates = [t for t in group if t.rank == best.rank and t.matches(segments)]
        version = segments[best.version_at] if best.version_at is not None else ""
        served = [
            (t, op) for t in candidates for op in t.operations if best.version_at is None or version in op.versions
        ]
        if not served:
            versions = {v for t in candidates for op in t.operations for v in op.versions}
            raise RouteError("version", tuple(sorted(versions)))
        for template, op in served:
            if op.method == method:
                return Match(op, version, _path_params(template.path, segments))
        raise RouteError("method", tuple(sorted({op.method for _, op in served})))


def _path_params(template: str, segments: list[str]) -> dict[str, str]:
    params: dict[str, str] = {}
    for segment, value in zip(template.strip("/").split("/"), segments, strict=True):
        m = _PARAM.fullmatch(segment)
        if m is not None and m.group(1) != VERSION_PARAM:
            params[m.group(1)] = value
    return params
