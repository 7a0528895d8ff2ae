"""The built distribution, as a user installs it: `python -m build`, `twine check`, then the wheel in a fresh venv
— with the `pytest` extra, as a user project that uses the fixtures adds it — serving /docs from the files it
ships, telling `contract` users which extra they lack, and running a user's test through the plugin."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

import httpx
import pytest

from tests.test_docker_install import clean_env, wait_for_base_url

ROOT = Path(__file__).resolve().parent.parent

USER_TEST = """
def test_the_plugin_is_there(tokopedia_mock_client):
    r = tokopedia_mock_client.get("/authorization/202309/shops", shop_cipher=None)
    assert r.json()["code"] == 0
"""


@pytest.fixture(scope="module")
def dist(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("dist")
    subprocess.run(
        [sys.executable, "-m", "build", "--outdir", str(out), str(ROOT)], check=True, capture_output=True, text=True
    )
    return out


def wheel_of(dist: Path) -> Path:
    (wheel,) = dist.glob("tokopedia_mock-*.whl")
    return wheel


def test_twine_check_passes(dist: Path) -> None:
    files = sorted(str(p) for p in dist.iterdir())
    assert len(files) == 2  # the sdist and the wheel
    done = subprocess.run([sys.executable, "-m", "twine", "check", "--strict", *files], capture_output=True, text=True)
    assert done.returncode == 0 and done.stdout.count("PASSED") == 2, done.stdout + done.stderr


def test_the_wheel_ships_data_docs_assets_and_licences(dist: Path) -> None:
    names = set(zipfile.ZipFile(wheel_of(dist)).namelist())
    for needed in (
        "mockserver/web/static/swagger-ui/swagger-ui-bundle.js",
        "mockserver/web/static/swagger-ui/swagger-ui.css",
        "mockserver/web/static/swagger-ui/LICENSE",
        "mockserver/web/static/docs.js",
        "mockserver/web/templates/docs.html",
        "mockserver/_data/fixtures/seed.json",
    ):
        assert needed in names, needed
    assert any(n.startswith("mockserver/_data/schemas/partner/") for n in names)


def test_the_extras_are_what_users_run(dist: Path) -> None:
    metadata = next(
        zipfile.ZipFile(wheel_of(dist)).read(n).decode()
        for n in zipfile.ZipFile(wheel_of(dist)).namelist()
        if n.endswith(".dist-info/METADATA")
    )
    requires = [line.removeprefix("Requires-Dist: ") for line in metadata.splitlines() if "Requires-Dist" in line]
    extra = {name: [r for r in requires if f"extra == '{name}'" in r] for name in ("client", "pytest", "contract")}
    assert [r.split(";")[0] for r in extra["client"]] == ["tiktok-shop-api>=0.1.0"]
    assert [r.split(";")[0] for r in extra["pytest"]] == ["pytest>=8"]
    contract = {r.split(";")[0].split(">")[0].split("<")[0] for r in extra["contract"]}
    assert contract == {"pytest", "hypothesis", "schemathesis", "rich"}  # slim: no linters
    assert not any("tokopedia-mock" in r for r in requires)  # self-references are expanded: nothing to fetch


def test_the_installed_wheel_serves_docs_and_runs_a_user_test(dist: Path, tmp_path: Path) -> None:
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    env = clean_env()
    bin_ = venv / "bin"
    subprocess.run(
        [str(bin_ / "python"), "-m", "pip", "install", "--quiet", "--disable-pip-version-check",
         f"{wheel_of(dist)}[pytest]"],
        check=True, env=env, cwd=tmp_path,
    )  # fmt: skip

    # A user project's own test, with the fixtures from the plugin and nothing else installed.
    (tmp_path / "project").mkdir()
    (tmp_path / "project" / "test_user.py").write_text(USER_TEST)
    user = subprocess.run(
        [str(bin_ / "pytest"), "-q", "-p", "no:cacheprovider"], cwd=tmp_path / "project", env=env, capture_output=True,
        text=True,
    )  # fmt: skip
    assert user.returncode == 0 and "1 passed" in user.stdout, user.stdout + user.stderr

    contract = subprocess.run([str(bin_ / "tokopedia-mock"), "contract"], env=env, capture_output=True, text=True)
    assert contract.returncode == 2 and "pip install 'tokopedia-mock[contract]'" in contract.stdout

    process = subprocess.Popen(
        [str(bin_ / "tokopedia-mock"), "serve", "--port", "0", "--catalog-size", "5", "--no-access-log"],
        env=env, cwd=tmp_path, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
    )  # fmt: skip
    try:
        base = wait_for_base_url(process)
        docs = httpx.get(f"{base}/docs", timeout=10)
        bundle = httpx.get(f"{base}/docs/assets/swagger-ui/swagger-ui-bundle.js", timeout=10)
        assert docs.status_code == 200 and bundle.status_code == 200 and len(bundle.content) > 100_000
        assert str(venv) in subprocess.run(
            [str(bin_ / "python"), "-c", "from mockserver.web.pages import static_dir; print(static_dir())"],
            env=env, capture_output=True, text=True, check=True, cwd=tmp_path,
        ).stdout  # fmt: skip
    finally:
        process.terminate()
        process.wait(timeout=15)
        assert process.stdout is not None
        process.stdout.close()
