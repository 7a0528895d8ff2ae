"""Results of a contract run, collected from pytest by a plugin: per test, its outcome and its failures (which
check, what it said), redacted. Rendered as a summary, a JUnit XML report and JSON.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterator
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any
from xml.etree import ElementTree as ET

import pytest

_CUSTOM = re.compile(r"Custom check failed: `([^`]+)`")


@dataclass
class Finding:
    check: str
    title: str
    message: str


@dataclass
class TestResult:
    name: str
    outcome: str  # passed | failed | skipped
    seconds: float
    findings: list[Finding] = field(default_factory=list)
    details: str = ""

    @property
    def checks(self) -> set[str]:
        return {f.check for f in self.findings}


def _failures(exc: BaseException) -> Iterator[BaseException]:
    """The leaves of nested exception groups (hypothesis groups schemathesis' FailureGroups)."""
    if isinstance(exc, BaseExceptionGroup):
        for inner in exc.exceptions:
            yield from _failures(inner)
    else:
        yield exc


def finding(exc: BaseException) -> Finding:
    title = str(getattr(exc, "title", "") or str(exc).split("\n", 1)[0])
    message = str(getattr(exc, "message", "") or str(exc))
    custom = _CUSTOM.search(title)
    if custom:
        check = custom.group(1)
    else:
        names = getattr(type(exc), "checks", ())
        check = names[0] if names else ("stateful_consistency" if type(exc) is AssertionError else type(exc).__name__)
    return Finding(check=check, title=title, message=message)


class Collector:
    """A pytest plugin: records each test's outcome and findings, with every text passed through `redact`."""

    def __init__(self, redact: Callable[[str], str]) -> None:
        self.redact = redact
        self.results: dict[str, TestResult] = {}

    @pytest.hookimpl(hookwrapper=True)
    def pytest_runtest_makereport(self, item: pytest.Item, call: pytest.CallInfo[None]) -> Iterator[Any]:
        outcome: Any = yield
        report: pytest.TestReport = outcome.get_result()
        if report.when == "call" or (report.when == "setup" and report.outcome != "passed"):
            result = self.results.setdefault(item.name, TestResult(item.name, "passed", 0.0))
            result.seconds += report.duration
            if report.outcome != "passed":
                result.outcome = report.outcome
                result.details = self.redact(str(report.longreprtext))[-4000:]
            if call.excinfo is not None and report.outcome == "failed":
                for exc in _failures(call.excinfo.value):
                    f = finding(exc)
                    result.findings.append(Finding(f.check, self.redact(f.title), self.redact(f.message)))

    @property
    def failed(self) -> list[TestResult]:
        return [r for r in self.results.values() if r.outcome == "failed"]


def write_junit(path: Path, results: list[TestResult], suite_name: str) -> None:
    failures = sum(r.outcome == "failed" for r in results)
    skipped = sum(r.outcome == "skipped" for r in results)
    root = ET.Element("testsuites", name="tokopedia-mock contract", tests=str(len(results)), failures=str(failures))
    suite = ET.SubElement(
        root,
        "testsuite",
        name=suite_name,
        tests=str(len(results)),
        failures=str(failures),
        skipped=str(skipped),
        errors="0",
        time=f"{sum(r.seconds for r in results):.3f}",
    )
    for r in results:
        case = ET.SubElement(suite, "testcase", classname="contract", name=r.name, time=f"{r.seconds:.3f}")
        if r.outcome == "failed":
            summary = "; ".join(sorted({f"{f.check}: {f.title}" for f in r.findings})) or "failed"
            text = "\n\n".join(f"[{f.check}] {f.message}" for f in r.findings) or r.details
            ET.SubElement(case, "failure", message=summary[:1000], type="ContractFailure").text = text
        elif r.outcome == "skipped":
            ET.SubElement(case, "skipped", message=r.details[:500])
    ET.indent(root)
    path.parent.mkdir(parents=True, exist_ok=True)
    ET.ElementTree(root).write(path, encoding="utf-8", xml_declaration=True)


def write_json(path: Path, results: list[TestResult], extra: dict[str, Any]) -> None:
    data = {**extra, "tests": [asdict(r) for r in results]}
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(data, indent=2), encoding="utf-8")
