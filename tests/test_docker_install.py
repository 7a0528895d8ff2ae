"""The Docker image's install, reproduced without Docker: the build context that .dockerignore lets through,
`pip install .` (not editable) into a fresh venv, then the console script serving on a free port.

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


def build_context(dest: Path) -> Path:
    """What `docker build` sees: the allowlist in .dockerignore (`*`, then `!path` lines)."""
    dest.mkdir()
    allowed = [line[1:].rstrip("/") for line in (ROOT / ".dockerignore").read_text().splitlines() if line[:1] == "!"]
    for name in allowed:
        src = ROOT / name
        if src.is_dir():
            shutil.copytree(src, dest / name, ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
        else:
            shutil.copy2(src, dest / name)
    return dest


def clean_env() -> dict[str, str]:
    return {k: v for k, v in os.environ.items() if not k.startswith(("TOKOPEDIA_MOCK_", "PYTHON", "VIRTUAL_ENV"))}


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


def test_a_non_editable_install_serves_the_seeded_mock(tmp_path: Path) -> None:
    context = build_context(tmp_path / "context")
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    env = clean_env()
    pip = [str(venv / "bin" / "python"), "-m", "pip", "install", "--quiet", "--disable-pip-version-check"]
    subprocess.run([*pip, str(context)], check=True, env=env, cwd=tmp_path)
    shutil.rmtree(context)  # from here on, nothing can be read from a source tree

    data = subprocess.run(
        [str(venv / "bin" / "python"), "-c", "from mockserver.resources import schemas_dir; print(schemas_dir())"],
        check=True, env=env, cwd=tmp_path, capture_output=True, text=True,
    ).stdout.strip()  # fmt: skip
    assert Path(data).is_relative_to(venv) and data.endswith("mockserver/_data/schemas")

    command = [str(venv / "bin" / "tokopedia-mock"), "serve", "--port", "0", "--no-access-log"]
    process = subprocess.Popen(
        command, env=env, cwd=tmp_path, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True
    )
    try:
        base_url = wait_for_base_url(process)
        assert wait_for_health(base_url).json()["data"]["status"] == "ok"
        (app, *_) = httpx.get(f"{base_url}/_mock/apps", timeout=5).json()["data"]["apps"]
        assert app["app_key"] == "tkpdmockapp01"
        assert any(shop["access_token"] for shop in app["shops"] if shop["authorized"])
    finally:
        process.terminate()
        process.wait(timeout=15)
        assert process.stdout is not None
        process.stdout.close()
