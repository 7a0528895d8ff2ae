"""The Docker images' install, reproduced without Docker: the build context that .dockerignore lets through, the
dependencies layer (docker/requirements.py, before any code), then `pip install --no-deps .` (not editable) into a
fresh venv; then the console script serving on a free port, its health check, and the slim contract image's suite
against it.

No Docker engine runs on our machines; hadolint lints docker/Dockerfile in CI, and this test proves what the image
runs. Slow-ish (a venv and an install; pip's cache makes it a local one), so it is one test.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parent.parent
DOCKERFILE = ROOT / "docker" / "Dockerfile"
SLIM = "[contract]"  # the contract image's EXTRAS (docker/compose.yaml)


def build_context(dest: Path) -> Path:
    """What `docker build` sees: the allowlist in .dockerignore (`*`, then `!path` lines)."""
    dest.mkdir()
    allowed = [line[1:].rstrip("/") for line in (ROOT / ".dockerignore").read_text().splitlines() if line[:1] == "!"]
    for name in allowed:
        src, target = ROOT / name, dest / name
        target.parent.mkdir(parents=True, exist_ok=True)
        if src.is_dir():
            shutil.copytree(src, target, ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
        else:
            shutil.copy2(src, target)
    return dest


def clean_env() -> dict[str, str]:
    return {k: v for k, v in os.environ.items() if not k.startswith(("TOKOPEDIA_", "PYTHON", "VIRTUAL_ENV"))}


def wait_for_base_url(process: subprocess.Popen[str], timeout: float = 60) -> str:
    assert process.stdout is not None
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        line = process.stdout.readline()
        if match := re.search(r"base URL \(API and auth host\): (\S+)", line):
            return match.group(1)
        if not line and process.poll() is not None:
            break
    raise AssertionError(f"tokopedia-mock printed no base URL (exit code {process.poll()})")


def wait_for_health(base_url: str, timeout: float = 30) -> httpx.Response:
    deadline = time.monotonic() + timeout
    while True:
        try:
            return httpx.get(f"{base_url}/_mock/health", timeout=2)
        except httpx.TransportError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.05)


def test_dependencies_are_a_layer_before_the_code() -> None:
    lines = [line for line in DOCKERFILE.read_text().splitlines() if line.startswith(("COPY", "RUN"))]
    deps = next(i for i, line in enumerate(lines) if "requirements.py" in line and line.startswith("RUN"))
    code = next(i for i, line in enumerate(lines) if line.startswith("COPY mockserver/"))
    assert lines[deps - 1].startswith("COPY pyproject.toml docker/requirements.py") and deps < code
    assert "--no-deps ." in next(line for line in lines[code:] if line.startswith("RUN"))


def test_the_health_check_follows_the_configured_port() -> None:
    text = DOCKERFILE.read_text()
    assert 'CMD ["tokopedia-mock", "health"]' in text and "TOKOPEDIA_MOCK_READY_FILE=" in text


def test_the_slim_contract_image_installs_serves_and_runs_the_suite(tmp_path: Path) -> None:
    context = build_context(tmp_path / "context")
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    env = clean_env()
    python = str(venv / "bin" / "python")
    pip = [python, "-m", "pip", "install", "--quiet", "--disable-pip-version-check"]
    # The Dockerfile's two RUN steps, in its order: dependencies first (no code in the context yet), then the code.
    requirements = subprocess.run(
        [python, str(context / "docker" / "requirements.py"), str(context / "pyproject.toml"), SLIM],
        check=True, capture_output=True, text=True, env=env,
    ).stdout  # fmt: skip
    (tmp_path / "requirements.txt").write_text(requirements)
    subprocess.run([*pip, "-r", str(tmp_path / "requirements.txt")], check=True, env=env, cwd=tmp_path)
    subprocess.run([*pip, "--no-deps", str(context)], check=True, env=env, cwd=tmp_path)
    subprocess.run([python, "-m", "pip", "check"], check=True, env=env, cwd=tmp_path, capture_output=True)
    shutil.rmtree(context)  # from here on, nothing can be read from a source tree

    for linter in ("ruff", "mypy", "hadolint"):  # the slim image carries no linters
        assert not (venv / "bin" / linter).exists(), linter
    data = subprocess.run(
        [python, "-c", "from mockserver.resources import schemas_dir; print(schemas_dir())"],
        check=True, env=env, cwd=tmp_path, capture_output=True, text=True,
    ).stdout.strip()  # fmt: skip
    assert Path(data).is_relative_to(venv) and data.endswith("mockserver/_data/schemas")

    ready = tmp_path / "ready"
    serve_env = {**env, "TOKOPEDIA_MOCK_READY_FILE": str(ready), "TOKOPEDIA_MOCK_CATALOG_SIZE": "20"}
    command = [str(venv / "bin" / "tokopedia-mock"), "serve", "--port", "0", "--no-access-log"]
    process = subprocess.Popen(
        command, env=serve_env, cwd=tmp_path, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True
    )
    try:
        base_url = wait_for_base_url(process)
        assert wait_for_health(base_url).json()["data"]["status"] == "ok"
        health = subprocess.run([str(venv / "bin" / "tokopedia-mock"), "health"], env=serve_env, capture_output=True)
        assert health.returncode == 0  # the image's HEALTHCHECK: the port came from the ready file
        (app, *_) = httpx.get(f"{base_url}/_mock/apps", timeout=5).json()["data"]["apps"]
        assert app["app_key"] == "tkpdmockapp01"
        suite = subprocess.run(
            [str(venv / "bin" / "tokopedia-mock"), "contract", "--target", base_url, "--junit", "reports/c.xml",
             "--operation", "get_authorized_shops", "--max-examples", "2", "--stateful-examples", "0"],
            env=env, cwd=tmp_path, capture_output=True, text=True, timeout=300,
        )  # fmt: skip
        assert suite.returncode == 0, suite.stdout + suite.stderr
        assert (tmp_path / "reports" / "c.xml").is_file()
    finally:
        process.terminate()
        process.wait(timeout=15)
        assert process.stdout is not None
        process.stdout.close()
