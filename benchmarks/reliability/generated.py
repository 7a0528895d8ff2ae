"""Generated-case volume per dialect: schemathesis cases over /openapi.json and /legacy/openapi.json, signed (or
with a Bearer token) like a real client's, sent to a running mock; every answer judged (harness.judge).

    python benchmarks/reliability/generated.py --cases 10000            # both dialects, 10,000 cases each
    python benchmarks/reliability/generated.py --dialect legacy --cases 2000

Cases come from the contract kit's run (mockserver/contract: the same documents, credentials from /_mock/apps,
the same signing), positive and negative modes, every implemented operation, in rounds with new seeds until the
count is reached. Prints: cases, answers by verdict (app-5xx and non-envelope must be 0), RSS before/after,
/_mock/health's worst delay, whether the server is still alive.
"""

from __future__ import annotations

import argparse
import logging
import sys
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

import harness  # noqa: E402
import hypothesis  # noqa: E402
from hypothesis import HealthCheck, Phase  # noqa: E402
from schemathesis import GenerationMode  # noqa: E402

from mockserver.contract.config import ContractConfig  # noqa: E402
from mockserver.contract.suite import ContractRun  # noqa: E402

MODES = (GenerationMode.POSITIVE, GenerationMode.NEGATIVE)


def draw(operation: Any, mode: GenerationMode, count: int, seed: int) -> list[Any]:
    cases: list[Any] = []

    @hypothesis.seed(seed)
    @hypothesis.settings(
        max_examples=count,
        database=None,
        deadline=None,
        phases=[Phase.generate],
        suppress_health_check=list(HealthCheck),
    )
    @hypothesis.given(operation.as_strategy(generation_mode=mode))
    def collect(case: Any) -> None:
        cases.append(case)

    try:
        collect()
    except hypothesis.errors.Unsatisfiable:
        pass
    return cases


def run_dialect(base_url: str, dialect: str, target_cases: int, control_token: str = "") -> tuple[int, harness.Tally]:
    config = ContractConfig(
        target=base_url, dialect=dialect, coverage=False, stateful_examples=0, control_token=control_token
    )
    run = ContractRun(config)
    operations = [r.ok() for r in run.schema.get_all_operations()]  # type: ignore[union-attr]
    tally = harness.Tally()
    per_stream = max(1, -(-target_cases // (len(operations) * len(MODES))))
    sent, seed = 0, 1
    try:
        while sent < target_cases and seed <= 50:
            before = sent
            for operation in operations:
                for mode in MODES:
                    for case in draw(operation, mode, per_stream, seed):
                        send(run, case, tally)
                        sent += 1
                        if sent >= target_cases:
                            return sent, tally
            if sent == before:
                break
            seed += 1
    finally:
        run.close()
    return sent, tally


def send(run: ContractRun, case: Any, tally: harness.Tally) -> None:
    run.prepare(case)
    try:
        response = case.call()
    except Exception as e:  # noqa: BLE001 - a dropped connection is a finding, not a crash
        tally.add(harness.Verdict("no-answer", 0, type(e).__name__), _label(case))
        return
    headers = {k: ", ".join(v) for k, v in response.headers.items()}
    verdict = harness.judge(case.formatted_path, response.status_code, headers, response.content, case.method)
    tally.add(verdict, _label(case))


def _label(case: Any) -> str:
    return f"{case.method} {case.formatted_path}"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--cases", type=int, default=10_000, help="cases per dialect (default 10000)")
    parser.add_argument("--dialect", choices=["partner", "legacy", "both"], default="both")
    args = parser.parse_args(argv)
    logging.disable(logging.WARNING)
    failures = 0
    # Rate limits off for the legacy dialect: the kit would otherwise wait out every 429.
    with harness.Server(args=["--legacy-rate-limit", "100000/100000"]) as server:
        rss_before = server.rss_mb()
        with harness.HealthProbe(server.base_url) as probe:
            for dialect in ("partner", "legacy") if args.dialect == "both" else (args.dialect,):
                started = time.perf_counter()
                sent, tally = run_dialect(server.base_url, dialect, args.cases)
                print(f"{dialect}: {sent} generated cases in {time.perf_counter() - started:.0f} s")
                for line in tally.lines():
                    print("  " + line)
                failures += tally.of("app-5xx") + tally.of("non-envelope") + tally.of("no-answer")
        print(probe.summary())
        print(f"RSS: {rss_before:.0f} MB before, {server.rss_mb():.0f} MB after (peak {server.peak_rss_mb():.0f} MB)")
        alive = server.alive()
        print(f"server alive: {alive}")
        if failures and "Traceback" in server.output():
            print("server log (tracebacks):\n" + server.output()[-6000:])
        server.stop()
        print(server.loop_summary())
    return 0 if failures == 0 and alive else 1


if __name__ == "__main__":
    sys.exit(main())
