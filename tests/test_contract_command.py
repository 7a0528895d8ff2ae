"""`tokopedia-mock contract` before and around the suite: the extra it needs, an unreachable target told apart from
one that is not a mock, live progress, and Ctrl-C."""

from __future__ import annotations

import io
import os
import signal
import socket
import subprocess
import sys
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest

from mockserver.cli import main
from mockserver.contract.progress import Progress

REPO = Path(__file__).resolve().parent.parent
QUICK = ["--operation", "get_authorized_shops", "--operation", "get_product", "--max-examples", "2"]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.mark.parametrize("module", ["pytest", "schemathesis", "hypothesis"])
def test_without_the_extra_it_says_what_to_install(
    module: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setitem(sys.modules, module, None)  # import fails as if not installed
    assert main(["contract"]) == 2
    out = capsys.readouterr().out
    assert f"missing: {module}" in out and "pip install 'tokopedia-mock[contract]'" in out
    assert "Traceback" not in out


def test_a_refused_connection_is_not_called_a_real_api(capsys: pytest.CaptureFixture[str]) -> None:
    url = f"http://127.0.0.1:{free_port()}"
    assert main(["contract", "--target", url]) == 2
    out = capsys.readouterr().out
    assert "connection refused" in out and "is the mock running?" in out and "not a tokopedia-mock" not in out


def test_a_bad_target_url_is_reported(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["contract", "--target", "127.0.0.1:9400"]) == 2
    assert "is not an http(s) URL" in capsys.readouterr().out


class NotAMock(BaseHTTPRequestHandler):
    def do_GET(self) -> None:
        self.send_response(404)
        self.send_header("content-type", "text/html")
        self.end_headers()
        self.wfile.write(b"<h1>Not Found</h1>")

    def log_message(self, *args: Any) -> None:
        pass


@pytest.fixture
def not_a_mock() -> Iterator[str]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), NotAMock)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def test_a_server_that_is_not_a_mock_needs_credentials(
    not_a_mock: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    for name in ("APP_KEY", "APP_SECRET", "ACCESS_TOKEN", "REFRESH_TOKEN", "AUTH_CODE"):
        monkeypatch.delenv(f"TOKOPEDIA_CONTRACT_{name}", raising=False)
    assert main(["contract", "--target", not_a_mock, "--max-examples", "1"]) == 2
    out = capsys.readouterr().out
    assert "answers, but is not a tokopedia-mock" in out and "TOKOPEDIA_CONTRACT_APP_SECRET" in out
    assert "connection refused" not in out


def contract(*args: str) -> subprocess.Popen[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("TOKOPEDIA_CONTRACT_", "TOKOPEDIA_MOCK_"))}
    return subprocess.Popen(
        [sys.executable, "-m", "mockserver", "contract", *args],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=REPO, env=env,
    )  # fmt: skip


def test_progress_is_one_line_per_test_as_it_finishes() -> None:
    proc = contract(*QUICK, "--stateful-examples", "0", "--no-coverage")
    out, err = proc.communicate(timeout=600)
    assert proc.returncode == 0, out + err
    lines = out.splitlines()
    assert lines[0] == "tokopedia-mock contract: preparing the partner API suite against an in-process mock"
    assert lines[1] == "running 3 tests (one per operation, plus the stateful sequences)"
    progress = [line for line in lines if line.startswith("[")]
    assert [line.split("]")[0] for line in progress] == ["[1/3", "[2/3", "[3/3"]
    assert all("(elapsed " in line for line in progress)
    assert any("GET /authorization/{version}/shops" in line and " ok " in line for line in progress)


def test_an_interrupted_run_says_so_and_exits_130(tmp_path: Path) -> None:
    junit = tmp_path / "contract.xml"
    proc = contract(*QUICK, "--operation", "search_products", "--junit", str(junit))
    assert proc.stdout is not None
    while not (line := proc.stdout.readline()).startswith("[1/"):  # the first test has finished
        assert line, "the run ended before its first test finished"
    proc.send_signal(signal.SIGINT)
    out, err = proc.communicate(timeout=120)
    assert proc.returncode == 130, out + err
    assert "interrupted after" in out and "the results are partial" in out and "Traceback" not in out + err
    assert junit.exists() and "interrupted" in junit.read_text()


def fake_report(outcome: str) -> Any:
    return SimpleNamespace(when="call", outcome=outcome, duration=0.5)


def test_on_a_terminal_the_lines_come_with_a_progress_bar() -> None:
    stream = io.StringIO()
    progress = Progress(stream, lambda text: text.replace("s3cret", "***"), tty=True)
    progress.pytest_collection_finish(SimpleNamespace(items=[1, 2]))  # type: ignore[arg-type]
    progress.finished("test_operation[GET /a?key=s3cret]", fake_report("passed"))
    progress.finished("test_operation[GET /b]", fake_report("failed"))
    progress.close()
    text = stream.getvalue()
    assert "[1/2] ok   GET /a?key=***" in text and "[2/2] FAIL GET /b" in text and "s3cret" not in text
    assert "2/2" in text and "\x1b[" in text  # the bar (a terminal: ANSI sequences) reached its end


def test_off_a_terminal_there_are_only_lines() -> None:
    stream = io.StringIO()
    progress = Progress(stream, str, tty=False)
    progress.pytest_collection_finish(SimpleNamespace(items=[1]))  # type: ignore[arg-type]
    progress.finished("test_operation[GET /a]", fake_report("skipped"))
    assert stream.getvalue().splitlines()[1].startswith("[1/1] skip GET /a") and "\x1b[" not in stream.getvalue()
