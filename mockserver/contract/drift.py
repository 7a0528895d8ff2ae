"""Drift: the same cases sent to two targets (the mock and the real API; or two mocks), every difference in
HTTP status, envelope `code` and response shape reported, and only the ones not in a reviewed "known deviations"
file failing the run.

Known deviations (TOML), matched with shell-style wildcards:

    [[deviation]]
    operation = "get_active_shops"        # operation id
    kind = "shape"                        # status | code | shape
    detail = "+data.shops[].status:*"     # as printed in the report
    reason = "the real API also returns the shop status"
"""

from __future__ import annotations

import argparse
import fnmatch
import json
import tomllib
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import requests

from mockserver.contract.config import ContractConfig
from mockserver.contract.runner import MODES, draw_cases, selected_operations
from mockserver.redact import Redactor

if TYPE_CHECKING:
    from schemathesis import Case

    from mockserver.contract.suite import ContractRun


@dataclass(frozen=True)
class Observation:
    status: int
    #: 0 on success; else the Partner `code`, the legacy `error_code` or the token endpoint's OAuth `error`.
    code: int | str | None
    shape: frozenset[str]


def outcome_code(body: Any) -> int | str | None:
    """What an answer says happened, in either dialect (None: not an envelope)."""
    if not isinstance(body, dict):
        return None
    if isinstance(body.get("code"), int) and not isinstance(body.get("code"), bool):
        return int(body["code"])
    header = body.get("header")
    if isinstance(header, dict):  # legacy {header, data}: error_code is absent, "" or 0 on success
        return header.get("error_code") or 0
    if "error_message" in body:  # legacy webhook registry: "<code>: <reason>" messages
        messages = body["error_message"] or [""]
        return str(messages[0]).split(":", 1)[0] or 0
    if "error" in body:  # the token endpoint's OAuth error
        return str(body["error"])
    return 0 if "access_token" in body else None


@dataclass
class Difference:
    operation: str
    kind: str
    detail: str
    count: int = 0
    known: bool = False
    reason: str = ""
    example: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Deviation:
    operation: str
    kind: str
    detail: str
    reason: str

    def matches(self, d: Difference) -> bool:
        return (
            fnmatch.fnmatchcase(d.operation, self.operation)
            and fnmatch.fnmatchcase(d.kind, self.kind)
            and fnmatch.fnmatchcase(d.detail, self.detail)
        )


def load_known(path: Path | None) -> list[Deviation]:
    if path is None:
        return []
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    return [
        Deviation(str(d["operation"]), str(d.get("kind", "*")), str(d.get("detail", "*")), str(d.get("reason", "")))
        for d in data.get("deviation", [])
    ]


def shape(value: Any, prefix: str = "") -> set[str]:
    """`path:type` for every leaf and container; array items merged under `[]`."""
    if isinstance(value, dict):
        out = {f"{prefix or '.'}:object"}
        for key, item in value.items():
            out |= shape(item, f"{prefix}.{key}" if prefix else str(key))
        return out
    if isinstance(value, list):
        out = {f"{prefix}:array"}
        for item in value:
            out |= shape(item, f"{prefix}[]")
        return out
    kind = {bool: "boolean", int: "integer", float: "number", str: "string", type(None): "null"}.get(type(value), "?")
    return {f"{prefix}:{kind}"}


def observe(response: requests.Response) -> Observation:
    try:
        body = response.json()
    except ValueError:
        body = None
    code = outcome_code(body)
    fields = shape(body) if code == 0 else set()
    # Values that always differ between two servers are not drift.
    fields.discard("request_id:string")
    return Observation(response.status_code, code, frozenset(fields))


def send(run: ContractRun, case: Case[Any]) -> requests.Response:
    run.prepare(case)
    kwargs = case.as_transport_kwargs(base_url=run.target.base_url)
    kwargs.pop("auth", None)
    kwargs.pop("cookies", None)
    return run.target.http.request(**kwargs, auth=run.auth, timeout=run.config.timeout, allow_redirects=False)


def compare(a: ContractRun, b: ContractRun, count: int = 6) -> tuple[list[Difference], int]:
    """Every difference between what `a` and `b` answer to the same cases, and how many cases were sent."""
    found: dict[tuple[str, str, str], Difference] = {}
    cases = 0
    for operation in selected_operations(a):
        op_id = str(operation.definition.raw.get("operationId"))
        if op_id not in b.selected:
            continue
        for mode in MODES:
            for case in draw_cases(operation, mode, count, a.config.seed):
                cases += 1
                first, second = observe(send(a, case)), observe(send(b, case))
                example = {"method": case.method, "path": case.formatted_path, "mode": mode.value,
                           "a": {"status": first.status, "code": first.code},
                           "b": {"status": second.status, "code": second.code}}  # fmt: skip
                for kind, detail in _differences(first, second):
                    d = found.setdefault((op_id, kind, detail), Difference(op_id, kind, detail, example=example))
                    d.count += 1
    return sorted(found.values(), key=lambda d: (d.operation, d.kind, d.detail)), cases


def _differences(a: Observation, b: Observation) -> list[tuple[str, str]]:
    out: list[tuple[str, str]] = []
    if a.status != b.status:
        out.append(("status", f"{a.status} != {b.status}"))
    if a.code != b.code:
        out.append(("code", f"{a.code} != {b.code}"))
    elif a.code == 0:
        out += [("shape", f"-{path}") for path in sorted(a.shape - b.shape)]
        out += [("shape", f"+{path}") for path in sorted(b.shape - a.shape)]
    return out


def review(differences: list[Difference], known: list[Deviation]) -> list[Deviation]:
    """Marks known differences; returns the known deviations that no longer happen (stale)."""
    used: set[Deviation] = set()
    for d in differences:
        for k in known:
            if k.matches(d):
                d.known, d.reason = True, k.reason
                used.add(k)
                break
    return [k for k in known if k not in used]


def write_report(path: Path, a: str, b: str, cases: int, differences: list[Difference], stale: list[Deviation]) -> None:
    new = [d for d in differences if not d.known]
    report = {
        "a": a,
        "b": b,
        "cases": cases,
        "new": len(new),
        "known": len(differences) - len(new),
        "differences": [asdict(d) for d in differences],
        "stale_known_deviations": [asdict(k) for k in stale],
    }
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(report, indent=2), encoding="utf-8")


def main(
    config: ContractConfig,
    other: ContractConfig,
    args: argparse.Namespace,
    redactor: Redactor,
    out: Callable[[str], None],
) -> int:
    """The CLI's drift step. Exit 1 when a difference is not a known deviation."""
    from mockserver.contract.suite import ConfigError, ContractRun
    from mockserver.contract.tokens import CredentialsError

    try:
        known = load_known(args.known_deviations or config.known_deviations)
        with_runs = [ContractRun(config), ContractRun(other)]
    except (ConfigError, CredentialsError, OSError, tomllib.TOMLDecodeError) as e:
        out(redactor(f"tokopedia-mock contract: drift: {e}"))
        return 2
    a, b = with_runs
    try:
        differences, cases = compare(a, b, args.drift_examples)
    finally:
        a.close()
        b.close()
    stale = review(differences, known)
    path = args.drift_report or Path("drift-report.json")
    redact = _chain(redactor, a.target.redactor, b.target.redactor)
    write_report(path, a.target.label, b.target.label, cases, differences, stale)
    path.write_text(redact(path.read_text(encoding="utf-8")), encoding="utf-8")
    out(redact(render(a.target.label, b.target.label, cases, differences, stale, path)))
    return 1 if any(not d.known for d in differences) else 0


def render(a: str, b: str, cases: int, differences: list[Difference], stale: list[Deviation], path: Path) -> str:
    new = [d for d in differences if not d.known]
    lines = [f"drift: {cases} cases sent to {a} (A) and {b} (B): {len(differences)} differences, {len(new)} new"]
    for d in differences:
        tag = "known" if d.known else "NEW  "
        lines.append(f"  {tag} {d.operation} {d.kind}: {d.detail}  (x{d.count})")
    for k in stale:
        lines.append(f"  stale known deviation (no longer seen): {k.operation} {k.kind} {k.detail}")
    lines.append(f"drift report: {path}")
    return "\n".join(lines)


def _chain(*redactors: Redactor) -> Callable[[str], str]:
    def redact(text: str) -> str:
        for r in redactors:
            text = r(text)
        return text

    return redact
