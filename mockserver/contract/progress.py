"""Live progress of a contract run: a pytest plugin that prints one line per test (an operation, or the stateful
sequences) as it finishes — its outcome, a count and the elapsed time — and, on a terminal, a rich progress bar
under those lines. Every line passes through the run's redaction.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from typing import Any, TextIO

import pytest

MARKS = {"passed": "ok  ", "failed": "FAIL", "skipped": "skip"}


def test_name(name: str) -> str:
    """`test_operation[GET /x]` -> `GET /x`; `test_stateful_links` stays."""
    return name.removeprefix("test_operation").strip("[]") or name


class Progress:
    def __init__(self, stream: TextIO, redact: Callable[[str], str], *, tty: bool | None = None) -> None:
        self.stream = stream
        self.redact = redact
        self.tty = stream.isatty() if tty is None else tty
        self.started = time.perf_counter()
        self.total = 0
        self.done = 0
        self.interrupted = False
        self._bar: Any = None
        self._task: Any = None

    # --- pytest hooks -------------------------------------------------------------------------------------------
    def pytest_collection_finish(self, session: pytest.Session) -> None:
        self.total = len(session.items)
        if self.total:  # none: the suite could not start, which the summary explains
            self.write(f"running {self.total} tests (one per operation, plus the stateful sequences)")
            if self.tty:
                self._start_bar()

    @pytest.hookimpl(hookwrapper=True)
    def pytest_runtest_makereport(self, item: pytest.Item, call: pytest.CallInfo[None]) -> Iterator[Any]:
        outcome: Any = yield
        self.finished(item.name, outcome.get_result())

    def finished(self, name: str, report: pytest.TestReport) -> None:
        if report.when == "call" or (report.when == "setup" and report.outcome != "passed"):
            self.done += 1
            elapsed = time.perf_counter() - self.started
            self.write(
                f"[{self.done}/{self.total}] {MARKS.get(report.outcome, report.outcome)} "
                f"{test_name(name)}  {report.duration:.1f}s  (elapsed {elapsed:.0f}s)"
            )
            if self._bar is not None:
                self._bar.advance(self._task)

    def pytest_keyboard_interrupt(self, excinfo: pytest.ExceptionInfo[BaseException]) -> None:
        # pytest stops a session whose collection failed with a KeyboardInterrupt subclass: that is no Ctrl-C.
        value = excinfo.value
        self.interrupted = isinstance(value, KeyboardInterrupt) and not isinstance(value, pytest.Session.Interrupted)

    def pytest_unconfigure(self, config: pytest.Config) -> None:
        self.close()

    # --- output -------------------------------------------------------------------------------------------------
    def write(self, line: str) -> None:
        line = self.redact(line)
        if self._bar is not None:
            self._bar.console.print(line, markup=False, highlight=False)
        else:
            self.stream.write(line + "\n")
            self.stream.flush()

    def _start_bar(self) -> None:
        try:
            from rich.console import Console
            from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
        except ImportError:  # rich is in the contract extra; without it, the lines alone
            return
        console = Console(file=self.stream, force_terminal=True)
        self._bar = Progress(
            TextColumn("contract"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(), console=console
        )
        self._task = self._bar.add_task("contract", total=self.total)
        self._bar.start()

    def close(self) -> None:
        if self._bar is not None:
            self._bar.stop()
            self._bar = None
