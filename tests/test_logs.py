"""The serve command's logs: one format for every line (ours and uvicorn's), text or JSON, the access line's fields,
control characters escaped everywhere, and no secret ever written."""

from __future__ import annotations

import io
import logging
import os
import re
import subprocess
import sys
from collections.abc import Iterator

import httpx
import orjson
import pytest
from starlette.testclient import TestClient

from mockserver.app import MockApp
from mockserver.logs import AccessLog, JsonFormatter, TextFormatter, escape
from mockserver.runtime import Mock
from mockserver.testing import PartnerClient

FORGED = "/x\n2026-01-01 00:00:00,000 INFO    tokopedia_mock.access: GET /admin 200"


def record(message: str, *args: object, exc: bool = False) -> logging.LogRecord:
    exc_info = None
    if exc:
        try:
            raise ValueError("bad\ninput" + FORGED)
        except ValueError:
            exc_info = sys.exc_info()
    return logging.LogRecord("tokopedia_mock", logging.INFO, __file__, 1, message, args, exc_info)


@pytest.fixture
def access(app: MockApp) -> Iterator[io.StringIO]:
    """The app's access log, in the text format, into a buffer."""
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(TextFormatter())
    logger = logging.getLogger(f"test.access.{id(stream)}")
    logger.addHandler(handler)
    logger.setLevel(logging.INFO)
    logger.propagate = False
    app.listeners.append(AccessLog(logger))
    yield stream


@pytest.mark.parametrize("char", ["\n", "\r", "\x1b", "\x00", "\x7f", "\x85", "\u2028", "\u202e"])
def test_control_characters_are_escaped(char: str) -> None:
    out = escape(f"a{char}b")
    assert char not in out and out.startswith("a\\") and out.endswith("b")


def test_plain_text_is_left_alone() -> None:
    assert escape("GET /product/202309/products ünïcode 200") == "GET /product/202309/products ünïcode 200"


def test_a_text_record_is_one_line_whatever_its_arguments() -> None:
    line = TextFormatter().format(record("%s %s", "GET", FORGED))
    assert line.count("\n") == 0 and "\\x0a2026-01-01" in line


def test_a_traceback_cannot_forge_a_record() -> None:
    lines = TextFormatter().format(record("failed", exc=True)).splitlines()
    assert lines[0].endswith("tokopedia_mock: failed") and len(lines) > 1
    assert all(line.startswith("    ") for line in lines[1:])  # only records start at column 0


def test_a_json_record_is_one_line_of_json() -> None:
    line = JsonFormatter().format(record("%s %s", "GET", FORGED, exc=True))
    assert "\n" not in line
    parsed = orjson.loads(line)
    assert parsed["message"] == f"GET {FORGED}" and parsed["level"] == "info" and "ValueError" in parsed["exception"]


def test_the_access_line_carries_what_a_user_greps_for(client: PartnerClient, access: io.StringIO) -> None:
    r = client.get("/authorization/202309/shops", shop_cipher=None)
    (line,) = access.getvalue().splitlines()
    assert f"request_id={r.json()['request_id']}" in line
    assert "GET /authorization/202309/shops 200" in line
    assert "dialect=partner op=get_authorized_shops code=0" in line


def test_a_failed_token_exchange_is_logged_with_its_code(app: MockApp, mock: Mock, access: io.StringIO) -> None:
    secret, code = mock.settings.app_secret, "a-made-up-auth-code"
    query = {"app_key": mock.settings.app_key, "app_secret": secret, "auth_code": code, "grant_type": "authorized_code"}
    with TestClient(app) as http:
        r = http.get("/api/v2/token/get", params=query)
    line = access.getvalue()
    assert "op=get_access_token code=36004004" in line and r.json()["request_id"] in line
    assert secret not in line and code not in line and "?" not in line  # never the query string


def test_no_token_or_secret_is_logged(client: PartnerClient, mock: Mock, access: io.StringIO) -> None:
    client.get("/authorization/202309/shops", shop_cipher=None)
    client.post("/product/202502/products/search", query={"page_size": 1}, json={})
    refresh = {
        "app_key": mock.settings.app_key,
        "app_secret": mock.settings.app_secret,
        "refresh_token": "some-refresh-token-value",
        "grant_type": "refresh_token",
    }
    client.http.get("/api/v2/token/refresh", params=refresh)
    logged = access.getvalue()
    for secret in (mock.settings.app_secret, client.access_token or "", "some-refresh-token-value", client.shop_cipher):
        assert secret and secret not in logged


def test_a_forged_line_in_the_path_stays_in_its_line(app: MockApp, access: io.StringIO) -> None:
    with TestClient(app) as http:
        http.get("/x%0A2026-01-01%2000:00:00,000%20INFO%20tokopedia_mock.access:%20GET%20/admin%20200")
    (line,) = access.getvalue().splitlines()
    assert "/x\\x0a2026-01-01" in line


def serve_lines(*flags: str) -> tuple[str, str]:
    """Start `serve`, make two requests (one with a newline in its path), stop it; its stdout and stderr."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("TOKOPEDIA_MOCK_")}
    proc = subprocess.Popen(
        [sys.executable, "-m", "mockserver", "serve", "--port", "0", "--catalog-size", "5", *flags],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env,
    )  # fmt: skip
    assert proc.stdout is not None
    base = next(line.split(": ", 1)[1].strip() for line in iter(proc.stdout.readline, "") if "base URL" in line)
    httpx.get(f"{base}/_mock/health")
    httpx.get(f"{base}/forged%0Aline")
    proc.terminate()
    out, err = proc.communicate(timeout=30)
    return out, err


def test_json_logs_are_json_on_every_line_uvicorns_included() -> None:
    _, err = serve_lines("--log-format", "json")
    records = [orjson.loads(line) for line in err.splitlines()]
    assert {r["logger"] for r in records} >= {"tokopedia_mock", "tokopedia_mock.access", "uvicorn.error"}
    health = next(r for r in records if r.get("path") == "/_mock/health")
    assert (health["status"], health["dialect"], health["operation_id"], health["code"]) == (
        200,
        "control",
        "control.health",
        0,
    )
    assert health["request_id"] and health["duration_ms"] >= 0
    assert any(r.get("path") == "/forged\nline" for r in records)  # the value kept, safely encoded


def test_text_logs_share_one_format_uvicorns_included() -> None:
    _, err = serve_lines()
    lines = err.splitlines()
    assert any("uvicorn.error: Started server process" in line for line in lines)
    pattern = r"^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d,\d{3} (INFO|WARNING|ERROR|DEBUG|CRITICAL) +[\w.]+: "
    assert all(re.match(pattern, line) for line in lines), lines
    assert any("GET /forged\\x0aline 404" in line for line in lines)
