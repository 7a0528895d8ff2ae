"""Loads schemas/ once, compiles one validator per operation part (on its first use, once), and routes paths to
operations.

An operation file (schemas/partner/<area>/<name>.json, generated from the official docs by
tools/import_docs.py, or schemas/auth/<name>.json, written by hand) holds the method, the path template with a
`{version}` segment, the versions served, the shop_cipher rule, the scopes, and JSON Schemas for the path
parameters, query, body and response `data`. Operations known only from the public `tiktok-shop-api` client's
models (schemas/partner/from-client/, written by tools/import_client.py) say so in `source`.

Loading reads every file (routing needs every path); compiling waits for an operation's first request, so a
server starts without compiling the ~260 operations it may never serve. `SchemaRegistry.compile_all` compiles them
all at once: the test suite calls it, so a broken schema still fails fast, in CI.

Routing (`SchemaRegistry.route`) picks the most specific path template first (a literal segment beats a
parameter at the same position: `/products/diagnoses` is never Get Product with id "diagnoses"), then the
version among that template's operations, then the method; it raises `RouteError` for the gateway to render.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Callable, Hashable, Mapping
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from types import MappingProxyType
from typing import Any, Literal, TypeVar

import jsonschema_rs
import orjson

from mockserver.resources import schemas_dir

T = TypeVar("T")
R = TypeVar("R")

_PARAM = re.compile(r"\{([a-z_]+)\}")
VERSION_PARAM = "version"
#: Method and path pairs whose match `SchemaRegistry.route` keeps.
ROUTES_KEPT = 4096


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

    @cached_property
    def literals(self) -> int:
        """How many of the path template's segments are literal (the more, the more specific)."""
        return sum(1 for s in self.path.strip("/").split("/") if not _PARAM.fullmatch(s))

    @cached_property
    def regex(self) -> re.Pattern[str]:
        """The path template as a pattern (the legacy router and the contract kit's signer match with it)."""
        segments = self.path.strip("/").split("/")
        pattern = "/".join(f"(?P<{m.group(1)}>[^/]+)" if (m := _PARAM.fullmatch(s)) else re.escape(s) for s in segments)
        return re.compile(f"^/{pattern}$")

    @cached_property
    def multipart(self) -> bool:
        return self.content_type.startswith("multipart/")

    @cached_property
    def scope_set(self) -> frozenset[str]:
        """`scopes`, for the gate's test of a token's scopes."""
        return frozenset(self.scopes)

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
    def takes_no_query(self) -> bool:
        """Whether a request with no query parameters of its own passes the query schema (decided once: most
        requests send none)."""
        return bool(self.query_validator.is_valid({}))

    @cached_property
    def takes_no_body(self) -> bool:
        """Whether an empty JSON body (`{}`, what an empty body reads as) passes the body schema."""
        return self.body_validator is None or bool(self.body_validator.is_valid({}))

    @cached_property
    def response_validator(self) -> Any:
        return jsonschema_rs.validator_for(self.response)

    def compile(self) -> None:
        """Compile every validator now (`SchemaRegistry.compile_all`: the tests' fail-fast check); a server compiles
        each one on its first use instead, once."""
        _ = self.query_validator, self.body_validator, self.response_validator


@dataclass(frozen=True)
class Match:
    operation: Operation
    version: str
    #: Read-only: `SchemaRegistry.route` hands the same match to every request for one method and path.
    path_params: Mapping[str, str]


def load_operation(path: Path) -> Operation:
    return operation_of(orjson.loads(path.read_bytes()), path)


def operation_of(raw: dict[str, Any], path: Path) -> Operation:
    """The operation an operation file (`path`, already parsed into `raw`) describes."""
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
    """One path template and the operations served under it."""

    path: str
    params: tuple[tuple[int, str], ...]  # (segment index, name) of each path parameter but the version
    version_at: int | None
    operations: list[Operation] = field(default_factory=list)

    @classmethod
    def of(cls, path: str) -> _Template:
        names = [m.group(1) if (m := _PARAM.fullmatch(s)) else None for s in path.strip("/").split("/")]
        return cls(
            path=path,
            params=tuple((i, n) for i, n in enumerate(names) if n is not None and n != VERSION_PARAM),
            version_at=next((i for i, n in enumerate(names) if n == VERSION_PARAM), None),
        )


@dataclass
class _Node:
    """A segment trie: literal children first, then the version, then a parameter (the most specific first)."""

    literals: dict[str, _Node] = field(default_factory=dict)
    version: _Node | None = None
    param: _Node | None = None
    templates: list[_Template] = field(default_factory=list)  # templates ending here: one shape

    def add(self, template: _Template) -> None:
        node = self
        for segment in template.path.strip("/").split("/"):
            m = _PARAM.fullmatch(segment)
            if m is None:
                node = node.literals.setdefault(segment, _Node())
            elif m.group(1) == VERSION_PARAM:
                node.version = node.version or _Node()
                node = node.version
            else:
                node.param = node.param or _Node()
                node = node.param
        node.templates.append(template)

    def find(self, segments: list[str], i: int = 0) -> list[_Template]:
        """The templates of the most specific shape that matches (a literal beats a parameter), or []."""
        if i == len(segments):
            return self.templates
        for child in (self.literals.get(segments[i]), self.version, self.param):
            if child is not None and (found := child.find(segments, i + 1)):
                return found
        return []


def keep_route(kept: dict[tuple[str, str], R], key: tuple[str, str], routed: R) -> R:
    """Keep a router's answer for a method and path (both dialects' routers): at most `ROUTES_KEPT` of them, all
    forgotten when full (the paths are the clients', ids in them)."""
    if len(kept) >= ROUTES_KEPT:
        kept.clear()
    kept[key] = routed
    return routed


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
        self._derived: dict[Hashable, Any] = {}
        self._derived_lock = threading.Lock()
        self.operations: dict[str, Operation] = {}
        for file in sorted((root / "partner").rglob("*.json")) + sorted((root / "auth").glob("*.json")):
            op = load_operation(file)
            if op.operation_id in self.operations:
                raise ValueError(f"duplicate operation_id {op.operation_id} in {file}")
            self.operations[op.operation_id] = op
        self.error_schema: dict[str, Any] = orjson.loads((root / "common" / "error.json").read_bytes())
        # Route table: a segment trie over the templates; each template's operations share its path.
        templates: dict[str, _Template] = {}
        for op in self.operations.values():
            if op.host == "open-api":
                templates.setdefault(op.path, _Template.of(op.path)).operations.append(op)
        self._matches: dict[tuple[str, str], Match] = {}
        self._routes = _Node()
        for template in templates.values():
            self._routes.add(template)

    def compile_all(self) -> None:
        """Compile every operation's validators now, so that a broken schema fails here (a test calls it)."""
        for op in self.operations.values():
            op.compile()

    def derived(self, key: Hashable, build: Callable[[], T]) -> T:
        """What is built from these schemas alone (the OpenAPI documents, the legacy dialect's compiled schemas),
        built once per registry: every app made with this registry (each test's, each reset tenant's) shares it."""
        with self._derived_lock:
            if key not in self._derived:
                self._derived[key] = build()
            value: T = self._derived[key]
            return value

    @property
    def partner_operations(self) -> list[Operation]:
        return [op for op in self.operations.values() if op.host == "open-api"]

    def all_scopes(self) -> set[str]:
        return {s for op in self.operations.values() for s in op.scopes}

    def route(self, method: str, path: str) -> Match:
        """The operation for a request; `RouteError` says whether its path, version or method is unknown.

        The most specific matching template wins outright (a less specific one is never tried instead): its
        operations are the candidates, first for the version, then for the method. Matches are kept (at most
        `ROUTES_KEPT` method and path pairs; the schemas never change), so a path asked again is one dict lookup.
        """
        key = (method, path)
        return self._matches.get(key) or keep_route(self._matches, key, self._route(method, path))

    def _route(self, method: str, path: str) -> Match:
        segments = _segments(path)
        candidates = self._routes.find(segments) if segments else []
        if not candidates or segments is None:
            raise RouteError("path")
        at = candidates[0].version_at
        version = segments[at] if at is not None else ""
        served = [(t, op) for t in candidates for op in t.operations if at is None or version in op.versions]
        if not served:
            raise RouteError(
                "version", tuple(sorted({v for t in candidates for op in t.operations for v in op.versions}))
            )
        for template, op in served:
            if op.method == method:
                return Match(op, version, MappingProxyType({name: segments[i] for i, name in template.params}))
        raise RouteError("method", tuple(sorted({op.method for _, op in served})))
