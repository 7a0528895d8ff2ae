"""`tokopedia-mock serve`: help, settings from flags and env, the banner, readiness."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from mockserver.cli import build_parser, main, settings_from_args
from mockserver.options import from_env


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
    banner = [proc.stdout.readline() for _ in range(9)]  # the banner without a config file
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


# --- usage errors: the subcommand's usage, exit 2, never a traceback --------------------------------------------
@pytest.mark.parametrize(
    ("argv", "says"),
    [
        (["serve", "--port", "-5"], "--port: must be an integer from 0 to 65535, got -5"),
        (["serve", "--port", "70000"], "--port: must be an integer from 0 to 65535, got 70000"),
        (["serve", "--port", "abc"], "--port: must be an integer from 0 to 65535, got 'abc'"),
        (["serve", "--catalog-size", "-1"], "--catalog-size: must be an integer from 0 to 1000000, got -1"),
        (["serve", "--log-level", "loud"], "--log-level"),
        (["serve", "--log-format", "xml"], "--log-format: must be one of text, json"),
        (["serve", "--header-timeout", "nan"], "--header-timeout"),
        (["serve", "--legacy-rate-limit", "fast"], "--legacy-rate-limit"),
        (["serve", "--prot", "9400"], "unrecognized arguments: --prot 9400"),
        (["contract", "--max-examples", "0"], "--max-examples: must be an integer >= 1, got '0'"),
        (["contract", "--bogus"], "unrecognized arguments: --bogus"),
        (["health", "--wait", "forever"], "--wait"),
    ],
)
def test_bad_flags_are_usage_errors_of_their_subcommand(
    argv: list[str], says: str, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit) as exit_:
        main(argv)
    err = capsys.readouterr().err
    assert exit_.value.code == 2 and says in err
    assert f"usage: tokopedia-mock {argv[0]}" in err and "Traceback" not in err


@pytest.mark.parametrize(
    ("name", "value", "says"),
    [
        ("TOKOPEDIA_MOCK_PORT", "70000", "TOKOPEDIA_MOCK_PORT must be an integer from 0 to 65535, got 70000"),
        ("TOKOPEDIA_MOCK_SEED", "abc", "TOKOPEDIA_MOCK_SEED must be an integer"),
        ("TOKOPEDIA_MOCK_ACCESS_LOG", "maybe", "TOKOPEDIA_MOCK_ACCESS_LOG must be true or false"),
        ("TOKOPEDIA_MOCK_LEGACY_RATE_LIMIT", "x/y", "TOKOPEDIA_MOCK_LEGACY_RATE_LIMIT"),
    ],
)
def test_bad_env_values_are_usage_errors(
    name: str, value: str, says: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv(name, value)
    with pytest.raises(SystemExit) as exit_:
        main(["serve"])
    err = capsys.readouterr().err
    assert exit_.value.code == 2 and says in err and "usage: tokopedia-mock serve" in err


def test_a_bad_config_file_is_a_usage_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    config = tmp_path / "mock.toml"
    config.write_text("[serve]\nport = 'high'\n")
    with pytest.raises(SystemExit):
        main(["serve", "--config", str(config)])
    err = capsys.readouterr().err
    assert f"config file {config}: serve.port must be an integer from 0 to 65535" in err
    assert "usage: tokopedia-mock serve" in err


def test_a_missing_config_file_is_a_usage_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        main(["serve", "--config", str(tmp_path / "nope.toml")])
    assert "No such file or directory" in capsys.readouterr().err


def test_ctrl_c_while_seeding_exits_130_without_a_traceback() -> None:
    proc = subprocess.Popen(
        [sys.executable, "-m", "mockserver", "serve", "--port", "0", "--catalog-size", "1000000"]
        + ["--seed-mode", "eager"],  # seeding a million products per shop at startup: long enough to interrupt
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={k: v for k, v in os.environ.items() if not k.startswith("TOKOPEDIA_MOCK_")},
    )
    assert proc.stderr is not None
    line = proc.stderr.readline()  # the first log line says seeding has begun (a million products per shop)
    assert "seeding 1000000 products" in line
    proc.send_signal(signal.SIGINT)
    out, err = proc.communicate(timeout=60)
    assert proc.returncode == 130 and "interrupted" in err
    assert "Traceback" not in err and "ready in" not in out


def test_ctrl_c_stops_a_running_server_cleanly(served: tuple[subprocess.Popen[str], str]) -> None:
    proc, _ = served
    proc.send_signal(signal.SIGINT)
    _, err = proc.communicate(timeout=30)
    assert proc.returncode == 0 and "Traceback" not in err and "Shutting down" in err


def test_health_reads_the_ready_file(tmp_path: Path) -> None:
    ready = tmp_path / "ready"
    env = {**clean_env(), "TOKOPEDIA_MOCK_READY_FILE": str(ready)}
    proc = subprocess.Popen(
        [sys.executable, "-m", "mockserver", "serve", "--port", "0", "--catalog-size", "5"],
        stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True, env=env,
    )  # fmt: skip
    try:
        assert proc.stdout is not None and "ready in" in proc.stdout.readline()
        check = subprocess.run(
            [sys.executable, "-m", "mockserver", "health", "--wait", "20"], env=env, capture_output=True, text=True
        )
        assert check.returncode == 0 and check.stdout.startswith("ok: http://127.0.0.1:")
        assert ready.read_text().strip() in check.stdout
    finally:
        proc.send_signal(signal.SIGINT)
        proc.communicate(timeout=30)
    assert not ready.exists()  # removed on exit


def test_health_of_nothing_fails(capsys: pytest.CaptureFixture[str]) -> None:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    assert main(["health", "--url", f"http://127.0.0.1:{port}"]) == 1
    assert "is not reachable" in capsys.readouterr().err


def test_the_banner_points_at_the_docs(served: tuple[subprocess.Popen[str], str]) -> None:
    _, banner = served
    docs = banner.splitlines()[-1]
    assert "/docs" in docs and "/openapi.json" in docs and "/legacy/openapi.json" in docs


def clean_env() -> dict[str, str]:
    return {k: v for k, v in os.environ.items() if not k.startswith("TOKOPEDIA_MOCK_")}
