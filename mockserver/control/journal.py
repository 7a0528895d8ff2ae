"""The request journal's two ends: the listener that records every answered request, and `/_mock/requests`.

`Recorder` is one of the app's request listeners (observe.py): when a response is complete it turns the request's
`RequestInfo` and raw exchange into a journal entry — time, dialect, operation, shop, status, business code,
latency, the gate's verdict (which check refused and why, with the signature diagnosis), a fault that touched it,
and both bodies — with every secret and token masked (`mockserver.redact`: values under secret keys, the app
secrets, the access-token and Authorization headers, codes in redirect URLs), and appends it to `mock.journal`.
Reads of the journal itself (`/_mock/requests...`) and the inspector page (`/_mock/ui`) are not recorded.

Endpoints (Partner envelope):
- `GET /_mock/requests?operation=&dialect=&code=&status=&method=&path=<glob>&shop_id=&since=<seq>&since_time=
  &fault=true|false&limit=` -> `{requests, count, last_seq, dropped}` (oldest first);
- `GET /_mock/requests/count?...` -> `{count}`; `DELETE /_mock/requests` -> `{cleared}`;
- `GET /_mock/requests/har?...` -> the matching entries as a HAR 1.2 document (not enveloped).
"""

from __future__ import annotations

import marshal
import threading
import time
from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Any
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

import orjson
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from mockserver.control import answers
from mockserver.control.backend import MAX_EVENTS
from mockserver.http import json_response
from mockserver.journal import Entry, Filter
from mockserver.observe import Exchange, RequestInfo, info_of
from mockserver.partner import errors
from mockserver.redact import MASK, SECRET_KEYS, Redactor
from mockserver.runtime import Mock

#: Query parameters and headers whose values are masked whatever they hold.
SECRET_PARAMS = frozenset({*SECRET_KEYS, "code", "client_secret"})
SECRET_HEADERS = frozenset({"x-tts-access-token", "authorization", "cookie", "set-cookie", "proxy-authorization"})
TEXT_TYPES = ("json", "text/", "x-www-form-urlencoded", "xml", "javascript")
OWN_PATH = "/_mock/requests"
#: Paths whose requests are not recorded: reads of the journal itself, and the inspector page that shows it.
UNRECORDED = (OWN_PATH, "/_mock/ui")


class Recorder:
    """The journal's request listener for one mock (a tenant has its own). It keeps what the request cost and the
    raw exchange; masking secrets and decoding bodies wait until someone reads the entry (`reveal`), so a request
    pays a few microseconds for its entry, not the redaction."""

    def __init__(self, mock: Mock) -> None:
        self.mock = mock

    def __call__(self, info: RequestInfo) -> None:
        journal = self.mock.journal
        if not journal.enabled or info.path.startswith(UNRECORDED):
            return
        # The entry is made when the journal is next read (Journal.append_lazy): a request pays for its record only,
        # and the record is one bytes object (marshal, which writes these types in C): the ring keeps none of the
        # request's objects alive. A thousand requests' worth of small objects (a header list alone is dozens),
        # and orjson's 4 KB buffer behind every body, would cycle through the CPU caches between requests and
        # slow every request down, not only the journal's own work.
        details, ex = info.details, info.exchange
        record = (
            self.mock.clock.now(),
            time.time(),
            info.method,
            info.path,
            info.dialect,
            info.operation_id,
            info.app_key,
            info.shop_id,
            info.status,
            info.code,
            info.request_id,
            info.seconds,
            details.get("gate"),
            details.get("fault"),
            info.error,
            None
            if ex is None
            else (
                ex.limit,
                ex.query,
                ex.request_headers,
                ex.request_body,
                ex.request_truncated,
                ex.response_headers,
                ex.response_body,
                ex.response_truncated,
            ),
        )
        try:
            kept: bytes | tuple[Any, ...] = marshal.dumps(record, MARSHAL_VERSION)
        except ValueError:  # something marshal cannot write (an odd value in a fault's description): kept as it is
            kept = record
        journal.append_lazy(_entry, kept)


#: marshal's format 2: floats in binary, no back-references (the fastest to write; the record never leaves the
#: process).
MARSHAL_VERSION = 2


def _entry(kept: bytes | tuple[Any, ...]) -> Entry:
    record: tuple[Any, ...] = marshal.loads(kept) if isinstance(kept, bytes) else kept
    now, wall, method, path, dialect, operation, app_key, shop_id, status, code, request_id, seconds = record[:12]
    gate, fault, error, exchange = record[12:]
    if record is kept and gate is not None:
        gate = dict(gate)  # its own copy: a verdict may be a shared constant (marshal made one already)
    return {
        "seq": 0,
        "time": round(now, 3),
        "wall": round(wall, 3),
        "method": method,
        "path": path,
        "dialect": dialect,
        "operation": operation,
        "app_key": app_key,
        "shop_id": shop_id,
        "status": status,
        "code": code,
        "request_id": request_id,
        "latency_ms": round(seconds * 1000, 3),
        "gate": gate,
        "fault": fault,
        RAW: (None if exchange is None else Exchange(*exchange), error),
    }


#: Where an entry keeps its raw exchange and error text until it is first read.
RAW = "_raw"


class Reader:
    """Turns journal entries into what may be shown: secrets masked, bodies decoded (once per entry)."""

    def __init__(self, mock: Mock) -> None:
        self.mock = mock
        self._redact: Redactor | None = None
        self._lock = threading.Lock()

    def redactor(self) -> Redactor:
        if self._redact is None:  # the apps' secrets come from settings and fixtures: the same after a reset
            store = self.mock.store
            secrets = [a.app_secret for a in store.apps.values()]
            secrets += [a.client_secret for a in store.legacy_apps.values()]
            self._redact = Redactor(secrets)
        return self._redact

    def reveal(self, entries: list[Entry]) -> list[Entry]:
        with self._lock:
            for e in entries:
                raw = e.pop(RAW, None)
                if raw is not None:
                    ex, error = raw
                    redact = self.redactor()
                    e["query"] = _query(ex.query if ex else b"")
                    e["error"] = redact(error) if error else ""
                    e["request"] = _side(ex, "request", redact)
                    e["response"] = _side(ex, "response", redact)
        return entries


def _query(raw: bytes) -> list[list[str]]:
    pairs = parse_qsl(raw.decode("latin-1"), keep_blank_values=True)
    return [[k, MASK if k.lower() in SECRET_PARAMS else v] for k, v in pairs]


def _headers(raw: list[tuple[bytes, bytes]], redact: Redactor) -> list[list[str]]:
    out = []
    for k, v in raw:
        name, value = k.decode("latin-1").lower(), v.decode("latin-1")
        if name in SECRET_HEADERS:
            value = MASK
        elif name == "location":
            value = _masked_url(value)
        out.append([name, redact(value)])
    return out


def _masked_url(url: str) -> str:
    parts = urlsplit(url)
    if not parts.query:
        return url
    query = urlencode([(k, MASK if k.lower() in SECRET_PARAMS else v) for k, v in parse_qsl(parts.query, True)])
    return urlunsplit(parts._replace(query=query))


def _side(ex: Exchange | None, side: str, redact: Redactor) -> dict[str, Any]:
    if ex is None:
        return {"headers": [], "body": "", "size": 0, "truncated": False}
    headers = ex.request_headers if side == "request" else ex.response_headers
    body = bytes(ex.request_body if side == "request" else ex.response_body)
    truncated = ex.request_truncated if side == "request" else ex.response_truncated
    content_type = next((v.decode("latin-1") for k, v in headers if k.lower() == b"content-type"), "")
    if not body:
        text = ""
    elif not content_type or any(t in content_type for t in TEXT_TYPES):
        text = redact(body.decode("utf-8", "replace"))
    else:
        text = f"({len(body)} bytes of {content_type} not shown)"
    return {"headers": _headers(headers, redact), "body": text, "size": len(body), "truncated": truncated}


# --- reading it ---------------------------------------------------------------------------------------------------
def parse_filter(params: Mapping[str, str]) -> tuple[Filter, int]:
    def number(name: str, default: int, lo: int, hi: int) -> int:
        raw = params.get(name) or ""
        if not raw:
            return default
        if not raw.isascii() or not raw.isdigit() or len(raw) > 12 or not lo <= int(raw) <= hi:
            raise ValueError(f"'{name}' must be a whole number within [{lo}, {hi}].")
        return int(raw)

    fault = params.get("fault")
    if fault not in (None, "", "true", "false"):
        raise ValueError("'fault' must be true or false.")
    status = number("status", 0, 100, 599)
    since_time = number("since_time", -1, 0, 10**12)
    f = Filter(
        operation=params.get("operation") or None,
        dialect=params.get("dialect") or None,
        code=params.get("code") or None,
        status=status or None,
        method=(params.get("method") or "").upper() or None,
        path=params.get("path") or None,
        shop_id=params.get("shop_id") or None,
        since=number("since", 0, 0, 10**12),
        since_time=None if since_time < 0 else float(since_time),
        fault=None if not fault else fault == "true",
    )
    return f, number("limit", 1000, 1, MAX_EVENTS)


class JournalControl:
    def __init__(self, mock: Mock) -> None:
        self.mock = mock
        self.reader = Reader(mock)

    def _ok(self, request: Request, data: Any) -> Response:
        return answers.ok(request, self.mock.request_id(), data)

    def _query(self, request: Request) -> tuple[Filter, int] | Response:
        try:
            return parse_filter(request.query_params)
        except ValueError as e:
            return answers.refuse(request, self.mock.request_id(), errors.invalid_param(str(e)))

    async def requests(self, request: Request) -> Response:
        if request.method == "DELETE":
            return self._ok(request, {"cleared": self.mock.journal.clear()})
        parsed = self._query(request)
        if isinstance(parsed, Response):
            return parsed
        f, limit = parsed
        journal = self.mock.journal
        found = self.reader.reveal(journal.query(f, limit))
        data = {
            "requests": found,
            "count": len(found),
            "last_seq": journal.last_seq,
            "dropped": journal.dropped,
            "enabled": journal.enabled,
        }
        return self._ok(request, data)

    async def requests_count(self, request: Request) -> Response:
        parsed = self._query(request)
        if isinstance(parsed, Response):
            return parsed
        return self._ok(request, {"count": self.mock.journal.count(parsed[0])})

    async def requests_har(self, request: Request) -> Response:
        parsed = self._query(request)
        if isinstance(parsed, Response):
            return parsed
        info_of(request.scope).answered(0)
        base = str(request.base_url).rstrip("/")
        return json_response(orjson.dumps(har(self.reader.reveal(self.mock.journal.query(*parsed)), base)))

    def routes(self) -> list[Route]:
        return [
            Route("/requests", self.requests, methods=["GET", "DELETE"]),
            Route("/requests/count", self.requests_count, methods=["GET"]),
            Route("/requests/har", self.requests_har, methods=["GET"]),
        ]


# --- HAR 1.2 (http://www.softwareishard.com/blog/har-12-spec/) -------------------------------------------------------
def har(entries: list[Entry], base_url: str) -> dict[str, Any]:
    from mockserver.version import __version__

    return {
        "log": {
            "version": "1.2",
            "creator": {"name": "tokopedia-mock", "version": __version__},
            "entries": [_har_entry(e, base_url) for e in entries],
        }
    }


def _har_entry(e: Entry, base_url: str) -> dict[str, Any]:
    query = e["query"]
    url = base_url + e["path"] + ("?" + urlencode([tuple(p) for p in query]) if query else "")
    req, res = e["request"], e["response"]
    request: dict[str, Any] = {
        "method": e["method"],
        "url": url,
        "httpVersion": "HTTP/1.1",
        "cookies": [],
        "headers": [{"name": k, "value": v} for k, v in req["headers"]],
        "queryString": [{"name": k, "value": v} for k, v in query],
        "headersSize": -1,
        "bodySize": req["size"],
    }
    if req["body"]:
        request["postData"] = {"mimeType": _type(req["headers"]), "text": req["body"]}
    content: dict[str, Any] = {"size": res["size"], "mimeType": _type(res["headers"]), "text": res["body"]}
    return {
        "startedDateTime": datetime.fromtimestamp(e["wall"], UTC).isoformat().replace("+00:00", "Z"),
        "time": e["latency_ms"],
        "request": request,
        "response": {
            "status": e["status"],
            "statusText": "",
            "httpVersion": "HTTP/1.1",
            "cookies": [],
            "headers": [{"name": k, "value": v} for k, v in res["headers"]],
            "content": content,
            "redirectURL": next((v for k, v in res["headers"] if k == "location"), ""),
            "headersSize": -1,
            "bodySize": res["size"],
        },
        "cache": {},
        "timings": {"send": 0, "wait": e["latency_ms"], "receive": 0},
        "comment": f"{e['dialect']} {e['operation']} code={e['code']}",
    }


def _type(headers: list[list[str]]) -> str:
    return next((v for k, v in headers if k == "content-type"), "")
