"""The serve command's logging: one format for every line (ours and uvicorn's), as text or JSON, and the access log.

Safe by construction: control characters (C0, DEL, C1, Unicode line/paragraph separators, bidi overrides) are
escaped in every logged value, so `%0A` in a path cannot forge a line; the access log writes method, path, status
and what the front-end recorded (`mockserver.observe.RequestInfo`) — never a query string, a header or a body,
where this API carries app_secret, auth codes and tokens.
"""

from __future__ import annotations

import logging
import logging.config
import re
from datetime import UTC, datetime
from typing import Any

import orjson

from mockserver.observe import RequestInfo

ACCESS_LOGGER = "tokopedia_mock.access"
TEXT_FORMAT = "%(asctime)s %(levelname)-7s %(name)s: %(message)s"
ACCESS_LINE = "%s %s %d %.1fms dialect=%s op=%s code=%s request_id=%s"

_UNSAFE = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")


def _escaped(match: re.Match[str]) -> str:
    code = ord(match.group())
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def escape(text: str) -> str:
    """`text` with every control character written as a visible escape (`\\x0a`, `\\u2028`)."""
    return _UNSAFE.sub(_escaped, text) if _UNSAFE.search(text) else text


class TextFormatter(logging.Formatter):
    """`TEXT_FORMAT` with the message escaped; a traceback's lines are escaped too and indented, so that every line
    that starts at column 0 is a record of its own."""

    def __init__(self) -> None:
        super().__init__(TEXT_FORMAT)

    def format(self, record: logging.LogRecord) -> str:
        record.message = escape(record.getMessage())
        record.asctime = self.formatTime(record, self.datefmt)
        line = self.formatMessage(record)
        extra = self._extra(record)
        return line + "".join("\n    " + escape(part) for part in extra.splitlines()) if extra else line

    def _extra(self, record: logging.LogRecord) -> str:
        parts = []
        if record.exc_info:
            parts.append(self.formatException(record.exc_info))
        if record.stack_info:
            parts.append(self.formatStack(record.stack_info))
        return "\n".join(parts)


class JsonFormatter(logging.Formatter):
    """One JSON object per line: time (UTC, ISO 8601), level, logger, message, and a record's `fields`."""

    def format(self, record: logging.LogRecord) -> str:
        out: dict[str, Any] = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname.lower(),
            "logger": record.name,
            "message": record.getMessage(),
        }
        fields = getattr(record, "fields", None)
        if isinstance(fields, dict):
            out.update(fields)
        if record.exc_info:
            out["exception"] = self.formatException(record.exc_info)
        if record.stack_info:
            out["stack"] = self.formatStack(record.stack_info)
        return orjson.dumps(out, default=str).decode()


FORMATTERS: dict[str, type[logging.Formatter]] = {"text": TextFormatter, "json": JsonFormatter}


def configure(level: str = "info", fmt: str = "text") -> None:
    """Route every logger — ours, uvicorn's, Python's warnings — through one stderr handler in one format."""
    logging.config.dictConfig(
        {
            "version": 1,
            "disable_existing_loggers": False,
            "formatters": {"main": {"()": FORMATTERS[fmt]}},
            "handlers": {
                "stderr": {"class": "logging.StreamHandler", "formatter": "main", "stream": "ext://sys.stderr"}
            },
            "root": {"handlers": ["stderr"], "level": level.upper()},
            # uvicorn's loggers propagate to ours (uvicorn is started with log_config=None); its access log is off:
            # ours replaces it, because uvicorn's prints the query string.
            "loggers": {
                "uvicorn": {"handlers": [], "propagate": True},
                "uvicorn.error": {"handlers": [], "propagate": True},
                "uvicorn.access": {"handlers": [], "propagate": False},
            },
        }
    )
    logging.captureWarnings(True)


class AccessLog:
    """A request listener (`MockApp.listeners`): one line per answered request."""

    def __init__(self, logger: logging.Logger | None = None) -> None:
        self.log = logger or logging.getLogger(ACCESS_LOGGER)

    def __call__(self, info: RequestInfo) -> None:
        if not self.log.isEnabledFor(logging.INFO):
            return
        ms = round(info.seconds * 1000, 3)
        code = "-" if info.code is None else info.code
        fields = {
            "method": info.method,
            "path": info.path,
            "status": info.status,
            "duration_ms": ms,
            "dialect": info.dialect or None,
            "operation_id": info.operation_id or None,
            "code": info.code,
            "request_id": info.request_id or None,
            "app_key": info.app_key or None,
            "shop_id": info.shop_id or None,
            "client": info.client or None,
        }
        args = (
            info.method,
            info.path,
            info.status,
            ms,
            info.dialect or "-",
            info.operation_id or "-",
            code,
            info.request_id or "-",
        )
        extra = {"fields": {k: v for k, v in fields.items() if v is not None}}
        # makeRecord + handle, not info(): the caller's file and line are always this one, not worth finding.
        self.log.handle(
            self.log.makeRecord(self.log.name, logging.INFO, __file__, 0, ACCESS_LINE, args, None, None, extra)
        )
