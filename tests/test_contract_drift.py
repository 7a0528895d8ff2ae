"""Drift: two targets, the same cases, every difference reported; known deviations do not fail."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from mockserver.contract import drift
from mockserver.contract.config import ContractConfig
from mockserver.contract.suite import ContractRun
from mockserver.testing import LiveServer
from tests.wrong_server.altered import altered_mock
from tests.wrong_server.serve import serving

REPO = Path(__file__).resolve().parent.parent
SHOP_OPS = ("get_authorized_shops", "get_active_shops", "get_seller_permissions")
KNOWN = """
[[deviation]]
operation = "get_active_shops"
kind = "shape"
detail = "+data.shops[].status:*"
reason = "the other target returns the shop status"

[[deviation]]
operation = "get_product"
kind = "status"
detail = "*"
reason = "never happens here: reported as stale"
"""


@pytest.fixture(scope="module")
def differences() -> list[drift.Difference]:
    config = ContractConfig(operations=SHOP_OPS)
    a, b = ContractRun(config), ContractRun(config, app=altered_mock())
    try:
        found, cases = drift.compare(a, b, count=3)
    finally:
        a.close(), b.close()
    assert cases > 0
    return found


def test_the_deliberate_difference_is_the_only_one(differences: list[drift.Difference]) -> None:
    assert [(d.operation, d.kind, d.detail) for d in differences] == [
        ("get_active_shops", "shape", "+data.shops[].status:string")
    ]


def test_known_deviations_mark_it_known_and_list_stale_ones(
    tmp_path: Path, differences: list[drift.Difference]
) -> None:
    path = tmp_path / "known.toml"
    path.write_text(KNOWN)
    stale = drift.review(differences, drift.load_known(path))
    assert all(d.known for d in differences) and [k.operation for k in stale] == ["get_product"]


def test_shape_merges_array_items() -> None:
    assert drift.shape({"a": [{"b": 1}, {"c": "x"}]}) == {".:object", "a:array", "a[]:object", "a[].b:integer",
                                                         "a[].c:string"}  # fmt: skip


def _cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "mockserver", "contract", "--max-examples", "3", "--stateful-examples", "0", *args],
        capture_output=True, text=True, cwd=REPO, timeout=300,
    )  # fmt: skip


def test_cli_drift_fails_on_new_differences_only(tmp_path: Path) -> None:
    report = tmp_path / "drift.json"
    known = tmp_path / "known.toml"
    known.write_text(KNOWN)
    ops = [arg for op in SHOP_OPS for arg in ("--operation", op)]
    with LiveServer() as mock, serving(altered_mock()) as other:
        new = _cli("--target", mock.base_url, "--drift-against", other, "--drift-report", str(report), *ops)
        reviewed = _cli("--target", mock.base_url, "--drift-against", other, "--drift-report", str(report),
                        "--known-deviations", str(known), *ops)  # fmt: skip
    assert new.returncode == 1, new.stdout + new.stderr
    assert "NEW   get_active_shops shape: +data.shops[].status:string" in new.stdout
    assert reviewed.returncode == 0, reviewed.stdout + reviewed.stderr
    data = json.loads(report.read_text())
    assert data["new"] == 0 and data["known"] == 1 and data["stale_known_deviations"][0]["operation"] == "get_product"
    for token in ("access_token", "refresh_token"):
        assert all(token not in line or "***" in line for line in report.read_text().splitlines())
