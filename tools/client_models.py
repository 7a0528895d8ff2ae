"""What the public `tiktok-shop-api` client knows of each operation, read from its generated code.

The client (an unofficial PyPI package, generated from a spec built from the official docs) is evidence for
operations and versions newer than our copy of the docs. This module lists its operations (group, method, path,
parameters, body and response models) and turns its attrs models into JSON Schemas (for tools/import_client.py)
or into minimal plausible values (for tools/client_census.py). Needs the test extra (``pip install -e '.[test]'``).
"""

from __future__ import annotations

import datetime
import enum
import importlib
import inspect
import re
import struct
import types
import typing
import zlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import cache
from typing import Any
from urllib.parse import unquote

import attrs
from tiktok_shop_api import __version__ as CLIENT_VERSION
from tiktok_shop_api.generated import _groups, models
from tiktok_shop_api.generated import types as client_types
from tiktok_shop_api.generated._meta import OPERATIONS

__all__ = ["CLIENT_VERSION", "ClientOperation", "Param", "client_operations", "sample_of", "schema_of"]

_OP_IMPORT = re.compile(r"from \.api\.(\w+) import (\w+) as _op")
_METHOD = re.compile(r'"method": "(\w+)"')
_URL = re.compile(r'"url": "([^"]+)"')
_QUERY_KEY = re.compile(r'params\["([^"]+)"\] = (?:json_)?(\w+)')
_FIELD_KEYS = (re.compile(r'field_dict\["([^"]+)"\] = (\w+)'), re.compile(r'^\s+"([^"]+)": (\w+),\s*$', re.M))


def png(width: int = 600, height: int = 600) -> bytes:
    """A valid white PNG: what a census sends where the client wants a file (600x600 fits every image use)."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    rows = b"".join(b"\x00" + b"\xff" * (3 * width) for _ in range(height))
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(rows)) + chunk(b"IEND", b"")


@dataclass(frozen=True)
class Param:
    name: str  # on the wire
    python: str  # the keyword the client method takes
    type: Any
    required: bool


@dataclass(frozen=True)
class ClientOperation:
    group: str  # the client's attribute: products, fulfillment, ...
    method_name: str  # the group's method
    operation_id: str  # the client spec's (camelCase)
    summary: str
    http_method: str  # upper case
    path: str  # with its version: /fulfillment/202610/orders/{order_id}/packages
    requires_shop_cipher: bool
    path_params: tuple[Param, ...]
    query: tuple[Param, ...]
    body: Param | None
    multipart: bool
    response: Any  # the response model (envelope), or None
    call: Callable[..., Any]  # the group's method, unbound

    @property
    def version(self) -> str:
        return self.path.strip("/").split("/")[1]

    @property
    def template(self) -> str:
        """The path with ``{version}`` for its version segment, as schemas/ writes it."""
        parts = self.path.strip("/").split("/")
        return "/" + "/".join([parts[0], "{version}", *parts[2:]])


def _namespace() -> dict[str, Any]:
    ns: dict[str, Any] = dict(vars(models))
    ns.update(
        datetime=datetime,
        Unset=client_types.Unset,
        File=client_types.File,
        Any=Any,
        Literal=typing.Literal,
    )
    return ns


@cache
def _hints(obj: Any) -> dict[str, Any]:
    module = inspect.getmodule(obj)
    ns = _namespace()
    if module is not None:
        ns.update(vars(module))
    return typing.get_type_hints(obj, globalns=ns)


def _strip_unset(tp: Any) -> tuple[Any, bool]:
    """``X | Unset`` -> (X, True); ``X`` -> (X, False). ``None`` in a union stays."""
    if typing.get_origin(tp) in (typing.Union, types.UnionType):
        args = [a for a in typing.get_args(tp) if a is not client_types.Unset]
        if len(args) != len(typing.get_args(tp)):
            rest: Any = args[0] if len(args) == 1 else typing.Union[tuple(args)]  # noqa: UP007
            return rest, True
    return tp, False


def _api_module(call: Callable[..., Any]) -> Any:
    found = _OP_IMPORT.search(inspect.getsource(call))
    if found is None:
        raise ValueError(f"{call.__qualname__}: cannot find its api module")
    return importlib.import_module(f"tiktok_shop_api.generated.api.{found.group(1)}.{found.group(2)}")


def _operation(
    group: str, name: str, call: Callable[..., Any], meta: dict[tuple[str, str], dict[str, Any]]
) -> ClientOperation:
    module = _api_module(call)
    source = inspect.getsource(module._get_kwargs)
    method_match, url_match = _METHOD.search(source), _URL.search(source)
    if method_match is None or url_match is None:
        raise ValueError(f"{group}.{name}: cannot read its method and url")
    http_method, path = method_match.group(1).upper(), unquote(url_match.group(1))
    wire = {python: key for key, python in _QUERY_KEY.findall(source)}
    hints = _hints(module._get_kwargs)
    path_params: list[Param] = []
    query: list[Param] = []
    body: Param | None = None
    for param in inspect.signature(module._get_kwargs).parameters.values():
        tp, optional = _strip_unset(hints[param.name])
        required = param.default is inspect.Parameter.empty and not optional
        if param.kind is inspect.Parameter.POSITIONAL_OR_KEYWORD:
            path_params.append(Param(param.name, param.name, tp, True))
        elif param.name == "body":
            body = Param("body", "body", tp, required)
        else:
            query.append(Param(wire.get(param.name, param.name), param.name, tp, required))
    response, _ = _strip_unset(_hints(module._parse_response)["return"])
    if typing.get_origin(response) in (typing.Union, types.UnionType):
        response = next((a for a in typing.get_args(response) if a is not type(None)), None)
    spec = meta.get((http_method, path), {})
    doc = inspect.getdoc(call) or ""
    return ClientOperation(
        group=group,
        method_name=name,
        operation_id=str(spec.get("operationId", name)),
        summary=doc.splitlines()[0].strip() if doc else name,
        http_method=http_method,
        path=path,
        requires_shop_cipher=bool(spec.get("requiresShopCipher", False)),
        path_params=tuple(path_params),
        query=tuple(query),
        body=body,
        multipart=body is not None and hasattr(body.type, "to_multipart"),
        response=response,
        call=call,
    )


@cache
def client_operations() -> tuple[ClientOperation, ...]:
    """Every public method of every group of the sync client, in group then method order."""
    meta = {(str(o["method"]).upper(), str(o["path"])): o for o in OPERATIONS}
    out = []
    for group, cls in _groups.SYNC_GROUPS.items():
        for name, call in inspect.getmembers(cls, inspect.isfunction):
            if not name.startswith("_"):
                out.append(_operation(group, name, call, meta))
    return tuple(out)


def model_fields(model: type) -> Iterator[tuple[str, Any, bool]]:
    """``(wire name, type, required)`` of each field of an attrs model of the client."""
    source = inspect.getsource(model.to_dict)  # type: ignore[attr-defined]
    wire = {python: key for pattern in _FIELD_KEYS for key, python in pattern.findall(source)}
    hints = _hints(model)
    for f in attrs.fields(model):
        if f.name == "additional_properties":
            continue
        tp, optional = _strip_unset(hints[f.name])
        yield wire.get(f.name, f.name), tp, f.default is attrs.NOTHING and not optional


def _is_model(tp: Any) -> bool:
    return isinstance(tp, type) and attrs.has(tp) and tp is not client_types.File


def schema_of(tp: Any, *, request: bool, _seen: frozenset[type] = frozenset()) -> dict[str, Any]:
    """JSON Schema (draft 2020-12 vocabulary) of a client type; requests list their required fields."""
    origin = typing.get_origin(tp)
    if origin in (typing.Union, types.UnionType):
        args = typing.get_args(tp)
        inner = [schema_of(a, request=request, _seen=_seen) for a in args if a is not type(None)]
        schema = inner[0] if len(inner) == 1 else {"anyOf": inner}
        return {"anyOf": [schema, {"type": "null"}]} if type(None) in args else schema
    if origin is list:
        return {"type": "array", "items": schema_of(typing.get_args(tp)[0], request=request, _seen=_seen)}
    if origin is typing.Literal:
        return {"enum": list(typing.get_args(tp))}
    if origin is dict or tp is Any:
        return {}
    if _is_model(tp):
        if tp in _seen:  # a recursive model: the deeper levels stay open
            return {"type": "object"}
        props: dict[str, Any] = {}
        required: list[str] = []
        for key, field_type, is_required in model_fields(tp):
            props[key] = schema_of(field_type, request=request, _seen=_seen | {tp})
            if is_required:
                required.append(key)
        out: dict[str, Any] = {"type": "object", "properties": props}
        if request and required:
            out["required"] = required
        return out
    if isinstance(tp, type) and issubclass(tp, enum.Enum):
        values = [m.value for m in tp]
        kind = "integer" if all(isinstance(v, int) for v in values) else "string"
        return {"type": kind, "enum": values}
    scalars: dict[Any, dict[str, Any]] = {
        str: {"type": "string"},
        bool: {"type": "boolean"},
        int: {"type": "integer"},
        float: {"type": "number"},
        datetime.date: {"type": "string", "format": "date"},
        datetime.datetime: {"type": "string", "format": "date-time"},
        client_types.File: {"type": "string", "format": "binary"},
    }
    if tp in scalars:
        return dict(scalars[tp])
    raise TypeError(f"no JSON Schema for client type {tp!r}")


def sample_of(tp: Any, name: str = "", *, python: bool = False, today: datetime.date | None = None) -> Any:
    """A minimal plausible value of a client type: required fields only, JSON (or, ``python=True``, the typed value
    a client method takes: enum members and dates)."""
    today = today or datetime.date.today()
    origin = typing.get_origin(tp)
    if origin in (typing.Union, types.UnionType):
        return sample_of(next(a for a in typing.get_args(tp) if a is not type(None)), name, python=python, today=today)
    if origin is list:
        return [sample_of(typing.get_args(tp)[0], name, python=python, today=today)]
    if origin is typing.Literal:
        return typing.get_args(tp)[0]
    if _is_model(tp):
        return {k: sample_of(t, k, today=today) for k, t, required in model_fields(tp) if required}
    if isinstance(tp, type) and issubclass(tp, enum.Enum):
        member = next(iter(tp))
        return member if python else member.value
    if tp is bool:
        return False
    if tp is int:
        return 10 if name == "page_size" else 1
    if tp is datetime.date:
        # A range's start a week back, its end today.
        day = today if re.search(r"(^|_)(end|lt|le|to)(_|$)", name) else today - datetime.timedelta(days=7)
        return day if python else day.isoformat()
    if tp is datetime.datetime:
        moment = datetime.datetime.combine(today, datetime.time(), tzinfo=datetime.UTC)
        return moment if python else moment.isoformat()
    if tp is client_types.File:
        return png()
    return "1"
