"""`--contract-seed N`: run the contract suites under another seed (the generated cases and the in-process mock's
data). The same as TOKOPEDIA_CONTRACT_SEED=N; the default is 1. The seed in use is printed in pytest's header."""

from __future__ import annotations

import os

import pytest

from mockserver.contract.config import ENV_PREFIX, active

SEED_ENV = ENV_PREFIX + "SEED"


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--contract-seed",
        type=int,
        default=None,
        metavar="N",
        help=f"seed of the contract suites' cases and in-process mock (default: ${SEED_ENV}, else 1)",
    )


def pytest_configure(config: pytest.Config) -> None:
    seed = config.getoption("--contract-seed")
    if seed is not None:
        # The suites are built when their modules are imported, from the environment (config.from_env); pytest-xdist
        # workers get the option too.
        os.environ[SEED_ENV] = str(seed)


def pytest_report_header(config: pytest.Config) -> str:
    return f"contract suites: seed {active().seed} (--contract-seed N or {SEED_ENV}=N to change it)"
