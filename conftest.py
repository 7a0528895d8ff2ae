"""How this repository's own tests run (not part of the package or its pytest plugin).

`pytest` (and `pytest tests/orders`, any folder) runs on every core: pytest-xdist, `-n auto --dist worksteal` in
pyproject.toml. When the command line names only test files or single tests (`pytest tests/test_gate.py`,
`pytest tests/test_gate.py::test_unknown_path`), starting the workers (each imports everything again) would cost
more than it saves: those run in this process, as without xdist. `-n N` on the command line (or in PYTEST_ADDOPTS)
always wins; `-n0` runs anything in-process, and `--pdb` does so by itself.
"""

from __future__ import annotations

import os
import shlex
from pathlib import Path

import pytest


def _numprocesses_given(args: list[str]) -> bool:
    return any(a.startswith("--numprocesses") or (a.startswith("-n") and not a.startswith("--")) for a in args)


def _only_files(config: pytest.Config) -> bool:
    """Every positional argument is a test file or a test in one (`path.py` or `path.py::name`)."""
    here = config.invocation_params.dir
    return bool(config.args) and all((here / Path(arg.split("::")[0])).is_file() for arg in config.args)


@pytest.hookimpl(tryfirst=True)
def pytest_cmdline_main(config: pytest.Config) -> None:
    given = [*config.invocation_params.args, *shlex.split(os.environ.get("PYTEST_ADDOPTS", ""))]
    if hasattr(config.option, "numprocesses") and not _numprocesses_given(given) and _only_files(config):
        config.option.numprocesses = 0
