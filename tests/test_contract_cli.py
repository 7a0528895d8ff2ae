"""`tokopedia-mock contract` against a live mock (URL, real signing over the network), and against a mock that
hides its control plane, i.e. looks like the real API: credentials from the environment, read-only by default."""

from __future__ import annotations

import os
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import httpx
import pytest

from mockserver.app import create_app
from mockserver.contract.config import ContractConfig
from mockserver.contract.suite import ContractRun
from mockserver.settings import Settings
from mockserver.testing import LiveServer
from tests.wrong_server.serve import serving

REPO = Path(__file__).resolve().parent.parent
FAST = ["--max-examples", "3", "--stateful-examples", "2"]


def cli(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "mockserver", "contract", *args],
        capture_output=True, text=True, cwd=REPO, timeout=600, env={**os.environ, **(env or {})},
    )  # fmt: skip


def without_control_plane(app: Any) -> Any:
    """The mock as the real API looks: no /_mock/ and no /openapi.json."""

    async def hidden(scope: Any, receive: Any, send: Any) -> None:
        if scope["type"] == "http" and (scope["path"].startswith("/_mock") or scope["path"] == "/openapi.json"):
            body = b'{"code":36009009,"message":"Invalid path.","request_id":"x","data":null}'
            await send(
                {"type": "http.response.start", "status": 404, "headers": [(b"content-type", b"application/json")]}
            )
            await send({"type": "http.response.body", "body": body})
            return
        await app(scope, receive, send)

    return hidden


def secrets_of(base_url: str) -> dict[str, str]:
    apps = httpx.get(base_url + "/_mock/apps").json()["data"]["apps"][0]
    shop = apps["shops"][0]
    return {
        "app_secret": apps["app_secret"],
        "access_token": shop["access_token"],
        "refresh_token": shop["refresh_token"],
    }


def test_against_a_live_mock_passes_with_a_junit_report(tmp_path: Path) -> None:
    junit = tmp_path / "contract.xml"
    with LiveServer() as mock:
        secrets = secrets_of(mock.base_url)
        # The coverage phase's boundary cases run in-process (contract_tests/): here, every operation over HTTP.
        done = cli("--target", mock.base_url, "--junit", str(junit), "--no-coverage", *FAST)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "0 failed" in done.stdout and "test_stateful_links" in done.stdout
    suite = ET.parse(junit).getroot().find("testsuite")
    assert suite is not None and suite.get("failures") == "0" and int(suite.get("tests", "0")) >= 6
    for value in (secrets["app_secret"], secrets["access_token"], secrets["refresh_token"]):
        assert value not in done.stdout + done.stderr and value not in junit.read_text()


@pytest.fixture
def real_like() -> Any:
    app = create_app(Settings(validate_responses=True))
    with serving(without_control_plane(app)) as url:
        yield app, url


def _env(app: Any, **extra: str) -> dict[str, str]:
    mock = app.state.mock
    from mockserver.control.backend import describe_apps

    described = describe_apps(mock)["apps"][0]
    shop = described["shops"][0]
    env = {
        "TOKOPEDIA_CONTRACT_APP_KEY": described["app_key"],
        "TOKOPEDIA_CONTRACT_APP_SECRET": described["app_secret"],
        "TOKOPEDIA_CONTRACT_ACCESS_TOKEN": shop["access_token"],
        "TOKOPEDIA_CONTRACT_REFRESH_TOKEN": shop["refresh_token"],
        "TOKOPEDIA_CONTRACT_SHOP_CIPHER": shop["cipher"],
        "TOKOPEDIA_CONTRACT_RATE_LIMIT": "0",
    }
    return {**env, **extra}


def test_a_real_target_is_read_only_by_default(real_like: Any) -> None:
    app, url = real_like
    run = ContractRun(ContractConfig(target=url, **_config(app)))
    try:
        assert not run.target.is_mock and not run.target.allow_writes
        assert "get_product" in run.selected and "search_products" in run.selected
        assert "create_product" not in run.selected and "get_access_token" not in run.selected
        reasons = {s.operation_id: s.reason for s in run.skipped}
        assert "read-only" in reasons["create_product"] and "auth host" in reasons["get_access_token"]
    finally:
        run.close()
    writes = ContractRun(ContractConfig(target=url, allow_writes=True, **_config(app)))
    try:
        assert "create_product" in writes.selected
    finally:
        writes.close()


def _config(app: Any) -> dict[str, Any]:
    env = _env(app)
    return {
        "app_key": env["TOKOPEDIA_CONTRACT_APP_KEY"],
        "app_secret": env["TOKOPEDIA_CONTRACT_APP_SECRET"],
        "access_token": env["TOKOPEDIA_CONTRACT_ACCESS_TOKEN"],
        "shop_cipher": env["TOKOPEDIA_CONTRACT_SHOP_CIPHER"],
        "auth_url": "",
        "rate_limit": 0.0,
    }


def test_a_real_target_needs_credentials(real_like: Any) -> None:
    _, url = real_like
    done = cli("--target", url, env={"TOKOPEDIA_CONTRACT_APP_KEY": ""})
    assert done.returncode == 2 and "TOKOPEDIA_CONTRACT_APP_SECRET" in done.stdout


def test_against_a_real_like_target_with_an_auth_code(real_like: Any) -> None:
    """No token given: the kit exchanges the auth code on the auth host, then signs every request itself."""
    app, url = real_like
    consent = httpx.get(url + "/open/authorize", params={"service_id": app.state.mock.settings.service_id})
    code = parse_qs(urlsplit(consent.headers["location"]).query)["code"][0]
    env = _env(
        app, TOKOPEDIA_CONTRACT_AUTH_CODE=code, TOKOPEDIA_CONTRACT_AUTH_URL=url, TOKOPEDIA_CONTRACT_RATE_LIMIT="50"
    )
    env["TOKOPEDIA_CONTRACT_ACCESS_TOKEN"] = env["TOKOPEDIA_CONTRACT_REFRESH_TOKEN"] = ""
    done = cli("--target", url, "--operation", "get_product", "--operation", "get_authorized_shops", *FAST, env=env)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "writes off (read-only)" in done.stdout and "rate limit 50/s" in done.stdout
    for key in ("TOKOPEDIA_CONTRACT_APP_SECRET", "TOKOPEDIA_CONTRACT_AUTH_CODE"):
        assert env[key] not in done.stdout + done.stderr
