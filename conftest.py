"""How this repository's own tests run (not part of the package or its pytest plugin).

`pytest` runs the suite on every core (pytest-xdist, `-n auto --dist worksteal` in pyproject.toml). When the command
line names only single tests (`pytest tests/test_gate.py::test_unknown_path`), starting workers would cost more than
the tests: those run in this process, as without xdist. `-n N` on the command line always wins; `-n0` runs anything
in-process (and `--pdb` does so by itself).
"""

from __future__ import annotations

import os
import shlex

import pytest


def _numprocesses_given(args: list[str]) -> bool:
    return any(a.startswith("--numprocesses") or (a.startswith("-n") and not a.startswith("--")) for a in args)


@pytest.hookimpl(tryfirst=True)
def pytest_cmdline_main(config: pytest.Config) -> None:
    given = [*config.invocation_params.args, *shlex.split(os.environ.get("PYTEST_ADDOPTS", ""))]
    if not hasattr(config.option, "numprocesses") or _numprocesses_given(given):
        return
    if config.args and all("::" in arg for arg in config.args):
        config.option.numprocesses = 0
