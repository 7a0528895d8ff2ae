"""`tokopedia-mock contract`: the contract suite (mockserver.contract.suite_tests) run through pytest, with a
readable summary, a JUnit XML report, and a drift comparison against a second target.

Exit status: 0 all passed, 1 failures (or new drift), 2 the run could not start (the contract extra missing, a bad
option, the target unreachable, credentials missing), 130 interrupted (Ctrl-C: what ran is reported as partial).
Nothing printed or written contains the app_secret, a token or an auth code.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from mockserver.contract import preflight
from mockserver.contract.config import ContractConfig, from_env, set_active
from mockserver.redact import Redactor

INTERRUPTED = 130

EPILOG = """\
Every option also reads an environment variable, TOKOPEDIA_CONTRACT_<NAME> (TARGET, AUTH_URL, DIALECT, APP_KEY,
APP_SECRET, ACCESS_TOKEN, REFRESH_TOKEN, AUTH_CODE, SHOP_CIPHER, LEGACY_CLIENT_ID, LEGACY_CLIENT_SECRET,
LEGACY_FS_ID, LEGACY_SHOP_ID, ALLOW_WRITES, RATE_LIMIT, MAX_EXAMPLES, STATEFUL_EXAMPLES, COVERAGE, SEED, OPERATIONS,
ALL_OPERATIONS, INCLUDE_AUTH_HOST, TIMEOUT, KNOWN_DEVIATIONS); flags win. Prefer the environment for secrets.
Against a mock the credentials come from its /_mock/apps.

examples:
  tokopedia-mock contract                                   # an in-process mock, no server
  tokopedia-mock contract --target http://127.0.0.1:9400 --junit contract.xml
  TOKOPEDIA_CONTRACT_APP_KEY=... TOKOPEDIA_CONTRACT_APP_SECRET=... TOKOPEDIA_CONTRACT_ACCESS_TOKEN=... \\
    tokopedia-mock contract --target https://open-api.tiktokglobalshop.com --shop-cipher ROW_...
  tokopedia-mock contract --dialect legacy --target http://127.0.0.1:9400   # the legacy Seller API of a mock
  TOKOPEDIA_CONTRACT_LEGACY_CLIENT_ID=... TOKOPEDIA_CONTRACT_LEGACY_CLIENT_SECRET=... \\
    tokopedia-mock contract --dialect legacy --target https://fs.tokopedia.net --legacy-fs-id 13004 --legacy-shop-id ...
  tokopedia-mock contract --target http://127.0.0.1:9400 --drift-against https://open-api.tiktokglobalshop.com \\
    --known-deviations contract/known-deviations.toml --drift-report drift.json
"""


def _number(kind: type[int] | type[float], low: float, what: str) -> Any:
    def convert(raw: str) -> int | float:
        try:
            value = kind(raw)
        except ValueError:
            raise argparse.ArgumentTypeError(f"must be {what}, got {raw!r}") from None
        if not value >= low or value in (float("inf"), float("-inf")):
            raise argparse.ArgumentTypeError(f"must be {what}, got {raw!r}")
        return value

    convert.__name__ = kind.__name__
    return convert


COUNT = _number(int, 0, "an integer >= 0")
POSITIVE = _number(int, 1, "an integer >= 1")
RATE = _number(float, 0, "a number of requests per second >= 0")
SECONDS = _number(float, 0.001, "a number of seconds > 0")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    a = parser.add_argument
    a("--target", help="'mock' (in-process, the default), or a base URL: a running mock or the real API")
    a("--auth-url", help="auth host base URL (default: the target for a mock, https://auth.tiktok-shops.com otherwise)")
    a(
        "--dialect",
        choices=["partner", "legacy"],
        help="partner (TikTok Shop Partner API, the default) or legacy (Seller API)",
    )
    a("--app-key", help="app_key (a mock: default its first app)")
    a("--app-secret", help="app_secret (prefer TOKOPEDIA_CONTRACT_APP_SECRET)")
    a("--access-token", help="access token (prefer the environment variable)")
    a("--refresh-token", help="refresh token: used when the access token expires, or to get one")
    a("--auth-code", help="an auth code to exchange for tokens (single-use)")
    a("--shop-cipher", help="shop_cipher for shop-scoped operations (a mock: its first authorized shop)")
    a("--legacy-client-id", help="legacy: the app's client_id (a mock: default its first app's)")
    a("--legacy-client-secret", help="legacy: client_secret (prefer TOKOPEDIA_CONTRACT_LEGACY_CLIENT_SECRET)")
    a("--legacy-fs-id", help="legacy: the app's fs_id, which fs_id parameters are pinned to")
    a("--legacy-shop-id", help="legacy: the shop_id parameters are pinned to (a mock: the app's first linked shop)")
    a("--allow-writes", action="store_true", default=None, help="also run operations that change data (real API)")
    a("--rate-limit", type=RATE, help="requests per second (default: 2 against a real API, none against a mock)")
    a("--max-examples", type=POSITIVE, help="generated cases per operation and phase (default 12)")
    a("--stateful-examples", type=COUNT, help="stateful scenarios over the OpenAPI links (default 8; 0: none)")
    a(
        "--no-coverage",
        dest="coverage",
        action="store_false",
        default=None,
        help="skip the coverage phase (its boundary cases are many: slow against a rate-limited API)",
    )
    a("--seed", type=COUNT, help="seed for the generated cases (and the in-process mock)")
    a("--operation", action="append", dest="operations", metavar="ID", help="only this operation id (repeatable)")
    a("--all-operations", action="store_true", default=None, help="include operations the mock does not implement")
    a("--include-auth-host", action="store_true", default=None, help="fuzz the token endpoints of a real API too")
    a("--timeout", type=SECONDS, help="per-request timeout in seconds (default 30)")
    a("--control-token", help="a running mock's control-plane token (prefer TOKOPEDIA_CONTRACT_CONTROL_TOKEN)")
    a("--junit", type=Path, metavar="PATH", help="write a JUnit XML report")
    a("--json", type=Path, metavar="PATH", help="write the results as JSON")
    a("--drift-against", metavar="TARGET", help="also compare every response with this second target")
    a("--known-deviations", type=Path, metavar="PATH", help="reviewed drift that does not fail the run (TOML)")
    a("--drift-report", type=Path, metavar="PATH", help="where to write the drift report (default drift-report.json)")
    a("--drift-examples", type=POSITIVE, default=6, help="cases per operation and mode for the drift comparison")
    a("-v", "--verbose", action="store_true", help="also show pytest's (redacted) output")


def config_from_args(args: argparse.Namespace) -> ContractConfig:
    return from_env().with_overrides(
        target=args.target,
        auth_url=args.auth_url,
        dialect=args.dialect,
        app_key=args.app_key,
        app_secret=args.app_secret,
        access_token=args.access_token,
        refresh_token=args.refresh_token,
        auth_code=args.auth_code,
        shop_cipher=args.shop_cipher,
        legacy_client_id=args.legacy_client_id,
        legacy_client_secret=args.legacy_client_secret,
        legacy_fs_id=args.legacy_fs_id,
        legacy_shop_id=args.legacy_shop_id,
        allow_writes=args.allow_writes,
        rate_limit=args.rate_limit,
        max_examples=args.max_examples,
        stateful_examples=args.stateful_examples,
        coverage=args.coverage,
        seed=args.seed,
        operations=tuple(args.operations) if args.operations else None,
        all_operations=args.all_operations,
        include_auth_host=args.include_auth_host,
        timeout=args.timeout,
        known_deviations=args.known_deviations,
        control_token=args.control_token,
    )


def run(
    args: argparse.Namespace, parser: argparse.ArgumentParser | None = None, out: Callable[[str], None] = print
) -> int:
    try:
        config = config_from_args(args)
    except ValueError as e:
        if parser is not None:
            parser.error(str(e))  # the contract command's usage, exit 2
        out(f"tokopedia-mock contract: {e}")
        return 2
    missing = preflight.missing_modules()
    if missing:
        out(f"tokopedia-mock contract needs the 'contract' extra (missing: {', '.join(missing)}):")
        out(f"  {preflight.INSTALL_HINT}")
        return 2
    for url in (config.base_url, args.drift_against or ""):
        problem = preflight.unreachable(url, config.timeout) if url and url != "mock" else None
        if problem:
            out(f"tokopedia-mock contract: {problem}")
            return 2
    redactor = Redactor(config.secrets())
    try:
        code = run_suite(config, args, redactor, out)
        if args.drift_against and code not in (2, INTERRUPTED):
            from mockserver.contract import drift

            other = config.with_overrides(target=args.drift_against)
            code = max(code, drift.main(config, other, args, redactor, out))
    except KeyboardInterrupt:
        out("tokopedia-mock contract: interrupted")
        return INTERRUPTED
    return code


def run_suite(
    config: ContractConfig,
    args: argparse.Namespace,
    redactor: Redactor,
    out: Callable[[str], None],
    progress_stream: Any = None,
) -> int:
    import pytest

    from mockserver.contract.progress import Progress
    from mockserver.contract.results import Collector, write_json, write_junit

    runs: list[Any] = []

    def redact(text: str) -> str:
        text = redactor(text)
        return runs[0].target.redactor(text) if runs else text

    class Started:
        """Keeps the run built at collection, so the summary can describe it."""

        def pytest_collection_finish(self, session: pytest.Session) -> None:
            from mockserver.contract import suite

            with contextlib.suppress(Exception):
                runs.append(suite.current())

    collector = Collector(redact)
    progress = Progress(progress_stream or sys.stdout, redact)  # the real stdout: pytest's own output is captured
    where = "an in-process mock" if config.in_process else config.base_url
    progress.write(f"tokopedia-mock contract: preparing the {config.dialect} API suite against {where}")
    started = time.perf_counter()
    buffer = io.StringIO()
    with tempfile.TemporaryDirectory(prefix="tokopedia-contract-") as tmp, _active_config(config):
        ini = Path(tmp) / "pytest.ini"
        ini.write_text("[pytest]\naddopts = -p no:cacheprovider\nxfail_strict = true\n", encoding="utf-8")
        module = Path(__file__).with_name("suite_tests.py")
        argv = [str(module), "-c", str(ini), "--rootdir", tmp, "-q", "--tb=short", "-W", "ignore::pytest.PytestWarning"]
        with contextlib.redirect_stdout(buffer), contextlib.redirect_stderr(buffer):
            status = pytest.main(argv, plugins=[collector, progress, Started()])
    progress.close()
    elapsed = time.perf_counter() - started
    if args.verbose:
        out(redact(buffer.getvalue()))
    results = list(collector.results.values())
    if progress.interrupted:  # (pytest's INTERRUPTED status also means "collection failed")
        return _interrupted(runs, results, elapsed, progress, args, out)
    if not runs or not results:
        out("tokopedia-mock contract: the suite could not start:")
        out(_startup_error(redact(buffer.getvalue())))
        return 2
    run_ = runs[0]
    out(summary(run_, results, elapsed))
    if args.junit:
        write_junit(args.junit, results, f"contract: {run_.target.label}")
        out(f"JUnit report: {args.junit}")
    if args.json:
        write_json(args.json, results, {"target": run_.target.label, "seconds": round(elapsed, 2)})
    failed = any(r.outcome == "failed" for r in results)
    return 1 if failed or int(status) not in (0, 5) else 0


@contextlib.contextmanager
def _active_config(config: ContractConfig) -> Iterator[None]:
    """The suite runs on `config`, from scratch (a process may run it more than once), and nothing of it is left
    active afterwards for other runs in the same process."""
    from mockserver.contract import suite

    def forget() -> None:
        suite.forget()
        for name in ("suite_tests", "mockserver.contract.suite_tests"):  # built at import from the active run
            sys.modules.pop(name, None)

    forget()
    set_active(config)
    try:
        yield
    finally:
        set_active(None)
        forget()


def _interrupted(
    runs: list[Any], results: list[Any], elapsed: float, progress: Any, args: argparse.Namespace, out: Any
) -> int:
    """Ctrl-C: say so, show what ran (partial), write the reports of what ran, exit 130."""
    from mockserver.contract.results import write_json, write_junit

    if runs and results:
        out(summary(runs[0], results, elapsed))
        if args.junit:
            write_junit(args.junit, results, f"contract (interrupted): {runs[0].target.label}")
            out(f"JUnit report (partial): {args.junit}")
        if args.json:
            write_json(args.json, results, {"target": runs[0].target.label, "interrupted": True})
    out(
        f"tokopedia-mock contract: interrupted after {progress.done} of {progress.total or '?'} tests "
        f"({elapsed:.1f}s): the results are partial"
    )
    return INTERRUPTED


def _startup_error(text: str) -> str:
    lines = [line for line in text.splitlines() if "Error" in line or "error" in line]
    return "\n".join(lines[-5:]) or text[-2000:]


def summary(run: Any, results: list[Any], elapsed: float) -> str:
    t = run.target
    lines = [
        f"tokopedia-mock contract: {run.config.dialect} API, {t.label}",
        f"  {run.dialect.describe()}, "
        f"writes {'on' if t.allow_writes else 'off (read-only)'}, "
        f"rate limit {f'{t.rate_limit:g}/s' if t.rate_limit else 'none'}, seed {run.config.seed}",
    ]
    for r in sorted(results, key=lambda r: r.name):
        mark = {"passed": "ok  ", "failed": "FAIL", "skipped": "skip"}[r.outcome]
        lines.append(f"  {mark} {r.name.replace('test_operation', '').strip('[]') or r.name}  ({r.seconds:.1f}s)")
        for f in sorted({(f.check, f.title) for f in r.findings}):
            lines.append(f"         - {f[0]}: {f[1]}")
    for s in run.skipped:
        lines.append(f"  skip {s.operation_id}: {s.reason}")
    passed = sum(r.outcome == "passed" for r in results)
    failed = sum(r.outcome == "failed" for r in results)
    skipped = sum(r.outcome == "skipped" for r in results)
    throttled = getattr(run.auth, "throttled", 0)
    extra = f", {throttled} throttled (429) and retried" if throttled else ""
    lines.append(f"{passed} passed, {failed} failed, {skipped} skipped in {elapsed:.1f}s{extra}")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="tokopedia-mock contract", epilog=EPILOG)
    add_arguments(parser)
    return run(parser.parse_args(argv), parser)


if __name__ == "__main__":
    sys.exit(main())
