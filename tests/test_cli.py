"""`tokopedia-mock serve`: help, settings from flags and env, the banner, readiness."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections.abc import Iterator

import httpx
import pytest

from mockserver.cli import build_parser, main, settings_from_args
from mockserver.settings import from_env


def test_help_explains_each_option(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        main(["serve", "--help"])
    out = capsys.readouterr().out
    for word in ("--host", "--port", "--seed", "--app-key", "--app-secret", "--service-id", "TOKOPEDIA_MOCK_PORT"):
        assert word in out


def test_flags_win_over_env(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TOKOPEDIA_MOCK_PORT", "9999")
    monkeypatch.setenv("TOKOPEDIA_MOCK_APP_KEY", "fromenv")
    args = build_parser().parse_args(["serve", "--port", "1234"])
    settings = settings_from_args(args)
    assert (settings.port, settings.app_key) == (1234, "fromenv")


def test_bad_env_value_is_a_clear_error() -> None:
    with pytest.raises(ValueError, match="TOKOPEDIA_MOCK_SEED must be an integer"):
        from_env({"TOKOPEDIA_MOCK_SEED": "abc"})


@pytest.fixture
def served() -> Iterator[tuple[subprocess.Popen[str], str]]:
    env = {**os.environ, "TOKOPEDIA_MOCK_APP_KEY": "envappkey", "TOKOPEDIA_MOCK_SEED": "7"}
    proc = subprocess.Popen(
        [sys.executable, "-m", "mockserver", "serve", "--port", "0", "--no-access-log"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    )
    assert proc.stdout is not None
    banner = [proc.stdout.readline() for _ in range(7)]
    yield proc, "".join(banner)
    proc.terminate()
    proc.communicate(timeout=10)


def test_serve_prints_credentials_and_answers(served: tuple[subprocess.Popen[str], str]) -> None:
    _, banner = served
    assert "app_key:      envappkey" in banner and "app_secret:   tokopedia-mock-app-secret-0001" in banner
    assert "service_id:   7400000000000000001" in banner and "redirect URL:" in banner
    base = next(line.split(": ", 1)[1].strip() for line in banner.splitlines() if "base URL" in line)
    deadline = time.monotonic() + 10
    while True:
        try:
            r = httpx.get(f"{base}/_mock/health")
            break
        except httpx.TransportError:
            assert time.monotonic() < deadline, "mock did not become ready"
            time.sleep(0.02)
    assert r.json()["data"]["seed"] == 7
    apps = httpx.get(f"{base}/_mock/apps").json()["data"]["apps"]
    assert apps[0]["app_key"] == "envappkey"


def test_port_in_use_is_a_clear_error(served: tuple[subprocess.Popen[str], str]) -> None:
    _, banner = served
    port = next(line for line in banner.splitlines() if "base URL" in line).rsplit(":", 1)[1].strip()
    r = subprocess.run(
        [sys.executable, "-m", "mockserver", "serve", "--port", port], capture_output=True, text=True, timeout=30
    )
    assert r.returncode == 2 and "cannot listen" in r.stderr


def test_catalog_and_orders_sizes_from_flags_and_env(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TOKOPEDIA_MOCK_CATALOG_SIZE", "12")
    settings = settings_from_args(build_parser().parse_args(["serve", "--orders-per-shop", "5"]))
    assert (settings.catalog_size, settings.orders_per_shop) == (12, 5)
