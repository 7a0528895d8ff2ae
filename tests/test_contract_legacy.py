"""The legacy dialect of the contract kit: what a run selects and pins, `tokopedia-mock contract --dialect legacy`
against a live mock (its own rate limit, and the default 5 req/s one), and a target that looks like the real API."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest

from mockserver.app import create_app
from mockserver.contract.config import ContractConfig
from mockserver.contract.drift import compare
from mockserver.contract.suite import ContractRun
from mockserver.settings import DEFAULT_LEGACY_CLIENT_SECRET, Settings
from mockserver.testing import LiveServer
from tests.test_contract_cli import without_control_plane
from tests.wrong_server.serve import serving

REPO = Path(__file__).resolve().parent.parent
FAST = ["--max-examples", "3", "--stateful-examples", "2"]
#: One operation of each kind: token, read, HTML label, webhook registry, bulk write, order list (query fs_id).
SOME = ("legacy_get_token", "legacy_get_shop_info", "legacy_get_shipping_label", "legacy_register_webhook",
        "legacy_update_stock", "legacy_get_order_list")  # fmt: skip


def cli(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "mockserver", "contract", "--dialect", "legacy", *args],
        capture_output=True, text=True, cwd=REPO, timeout=600, env={**os.environ, **(env or {})},
    )  # fmt: skip


def operations(*ids: str) -> list[str]:
    return [arg for op in ids for arg in ("--operation", op)]


@pytest.fixture(scope="module")
def run() -> Any:
    r = ContractRun(ContractConfig(dialect="legacy"))
    yield r
    r.close()


def test_a_mock_run_takes_its_credentials_from_the_control_plane(run: ContractRun) -> None:
    identity = run.dialect.identity  # type: ignore[attr-defined]
    assert (identity.client_id, identity.fs_id, identity.shop_id) == (
        "tkpdmock-legacy-client-0001",
        "13004",
        "13004512",
    )
    assert identity.other_shop_id == "13004777"  # the seeded shop the app is not linked to


def test_only_implemented_legacy_operations_are_selected(run: ContractRun) -> None:
    assert "legacy_get_shop_info" in run.selected and "legacy_get_token" in run.selected
    assert all(op.startswith("legacy_") for op in run.selected)
    assert "legacy_get_categories" not in run.selected  # answered 501 by the mock


def test_valid_cases_are_pinned_to_our_fs_id_and_shop(run: ContractRun) -> None:
    from mockserver.contract.runner import MODES, draw_cases, selected_operations

    operation = next(o for o in selected_operations(run) if o.definition.raw["operationId"] == "legacy_update_stock")
    for case in draw_cases(operation, MODES[0], 3):
        run.prepare(case)
        assert case.path_parameters["fs_id"] == "13004" and str(case.query["shop_id"]) == "13004512"


def test_drift_between_two_identical_mocks_is_nothing(run: ContractRun) -> None:
    other = ContractRun(ContractConfig(dialect="legacy", operations=("legacy_get_shop_info", "legacy_get_token")))
    try:
        differences, cases = compare(other, run, count=2)
    finally:
        other.close()
    assert cases > 0 and differences == []


def test_against_a_live_mock_passes_and_never_prints_secrets(tmp_path: Path) -> None:
    junit = tmp_path / "contract.xml"
    with LiveServer(Settings(legacy_rate_limit="100000/100000")) as mock:
        done = cli("--target", mock.base_url, "--junit", str(junit), *FAST, *operations(*SOME))
        token = next(iter(mock.mock.store.legacy_tokens))
        assert mock.capture.take() == []
    assert done.returncode == 0, done.stdout + done.stderr
    assert "legacy API, mock at" in done.stdout and "fs_id 13004, shop_id 13004512" in done.stdout
    assert "0 failed" in done.stdout and "ok   GET /v1/shop/fs/{fs_id}/shop-info" in done.stdout
    for secret in (DEFAULT_LEGACY_CLIENT_SECRET, token):
        assert secret not in done.stdout + done.stderr and secret not in junit.read_text()


def test_against_a_rate_limited_live_mock_the_kit_paces_itself() -> None:
    """The mock's default limit (5 req/s per endpoint, burst 5): requests wait as X-Ratelimit-* say, none fails."""
    with LiveServer() as mock:
        run = ContractRun(ContractConfig(dialect="legacy", target=mock.base_url, operations=("legacy_get_shop_info",)))
        try:
            started = time.monotonic()
            statuses = [
                run.target.http.get(f"{mock.base_url}/v1/shop/fs/13004/shop-info", auth=run.auth).status_code
                for _ in range(12)
            ]
            elapsed = time.monotonic() - started
        finally:
            run.close()
    assert statuses == [200] * 12
    assert elapsed >= 1.2  # a burst of 5, then 7 more at 5 per second


def test_a_rate_limited_live_mock_passes_from_the_command_line() -> None:
    with LiveServer() as mock:
        done = cli("--target", mock.base_url, "--no-coverage", *FAST, *operations("legacy_get_shop_info"))
    assert done.returncode == 0, done.stdout + done.stderr
    assert "1 passed, 0 failed" in done.stdout


def test_in_process_from_the_command_line() -> None:
    done = cli("--target", "mock", "--seed", "7", *FAST, *operations("legacy_get_shop_info", "legacy_get_single_order"))
    assert done.returncode == 0, done.stdout + done.stderr
    assert "legacy API, in-process mock" in done.stdout
    assert "seed 7" in done.stdout  # the summary says which seed replays the run


@pytest.fixture
def real_like() -> Any:
    app = create_app(Settings(validate_responses=True, legacy_rate_limit="100000/100000"))
    with serving(without_control_plane(app)) as url:
        yield url


def test_a_real_target_needs_legacy_credentials(real_like: str) -> None:
    done = cli("--target", real_like, env={"TOKOPEDIA_CONTRACT_LEGACY_CLIENT_ID": ""})
    assert done.returncode == 2
    assert "TOKOPEDIA_CONTRACT_LEGACY_CLIENT_ID" in done.stdout and "TOKOPEDIA_CONTRACT_LEGACY_FS_ID" in done.stdout


def test_a_real_target_is_read_only_and_spares_the_token_endpoint(real_like: str) -> None:
    config = ContractConfig(
        dialect="legacy", target=real_like, auth_url=real_like, rate_limit=0.0,
        legacy_client_id="tkpdmock-legacy-client-0001", legacy_client_secret=DEFAULT_LEGACY_CLIENT_SECRET,
        legacy_fs_id="13004", legacy_shop_id="13004512",
    )  # fmt: skip
    run = ContractRun(config)
    try:
        assert not run.target.is_mock and "legacy_get_shop_info" in run.selected
        reasons = {s.operation_id: s.reason for s in run.skipped}
        assert "read-only" in reasons["legacy_update_stock"] and "auth host" in reasons["legacy_get_token"]
    finally:
        run.close()
