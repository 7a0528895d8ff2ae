"""Teeth: the kit run against a deliberately wrong server reports every defect. A kit that passes a broken
server is worthless."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from mockserver.contract.config import ContractConfig
from mockserver.contract.runner import Sweep, sweep
from mockserver.contract.suite import ContractRun
from tests.wrong_server import app as wrong
from tests.wrong_server.serve import serving

REPO = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def findings() -> Sweep:
    run = ContractRun(ContractConfig(), app=wrong.create_app())
    try:
        return sweep(run, count=6)
    finally:
        run.close()


@pytest.mark.parametrize("operation_id", sorted(wrong.DEFECTS))
def test_each_operation_defect_is_reported(findings: Sweep, operation_id: str) -> None:
    check, defect = wrong.DEFECTS[operation_id]
    assert check in findings.checks(operation_id), f"{defect} not reported: {findings.checks(operation_id)}"


@pytest.mark.parametrize("check", sorted(wrong.EVERYWHERE))
def test_each_server_wide_defect_is_reported(findings: Sweep, check: str) -> None:
    reported = {op for op in findings.findings if check in findings.checks(op)}
    assert reported, f"{wrong.EVERYWHERE[check]} not reported"


def test_cli_over_the_network_fails_and_never_prints_secrets(tmp_path: Path) -> None:
    junit = tmp_path / "junit.xml"
    with serving(wrong.create_app()) as url:
        done = subprocess.run(
            [sys.executable, "-m", "mockserver", "contract", "--target", url, "--max-examples", "5",
             "--junit", str(junit)],
            capture_output=True, text=True, cwd=REPO, timeout=300,
        )  # fmt: skip
    output = done.stdout + done.stderr
    assert done.returncode == 1, output
    assert "FAIL GET /seller/{version}/permissions" in output and "envelope_well_formed" in output
    for secret in (wrong.APP_SECRET, wrong.ACCESS_TOKEN, wrong.REFRESH_TOKEN):
        assert secret not in output
        assert secret not in junit.read_text()
    assert 'failures="' in junit.read_text()
