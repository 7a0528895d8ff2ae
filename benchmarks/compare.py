"""Side by side, in one run: our mock, a same-bytes floor app and Prism, per route; cold start, memory, reset, plugin.

    python benchmarks/compare.py [--quick] [--routes product,shops] [--json out.json]

- ours: `tokopedia-mock serve` (uvicorn, one worker) doing all its work: gate, signature, token, scope,
  validation, state.
- floor: a bare Starlette + orjson app answering each route with exactly the bytes ours answered (captured first),
  doing no work (`benchlib/floor_app.py`).
- prism: `npx @stoplight/prism-cli mock` on our own /openapi.json (and /legacy/openapi.json for the legacy routes),
  when npx is there; skipped with a note otherwise.

Servers run pinned to one core, the load generator (wrk -t1 -c32, or a small httpx loader without wrk) on the
other; reps are interleaved (rep 1 of every route and server, then rep 2, ...) and each ratio to the floor is
taken within one rep. Signed requests are signed again before every run (the gate's window is 5 minutes).
Prints a table; --json writes every figure. Asserts nothing about speed.
"""

from __future__ import annotations

import argparse
import base64
import dataclasses
import json
import os
import platform
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import httpx
from benchlib import load, report, routes, servers, timings

SECTIONS = ("throughput", "cold", "reset", "plugin")


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--quick", action="store_true", help="one short rep, few cold starts and resets, no Prism")
    p.add_argument("--routes", help=f"comma-separated, from: {','.join(routes.BY_NAME)} (default: all)")
    p.add_argument("--servers", help="comma-separated: ours,floor,prism (default: all three; --quick: ours,floor)")
    p.add_argument("--skip", default="", help=f"comma-separated sections to leave out: {','.join(SECTIONS)}")
    p.add_argument("--seconds", type=float, help="seconds per load run (default 5; --quick 1)")
    p.add_argument("--warmup", type=float, help="seconds of warm-up per route and server (default 1; --quick 0)")
    p.add_argument("--reps", type=int, help="interleaved reps (default 3; --quick 1)")
    p.add_argument("--connections", type=int, default=32)
    p.add_argument("--loader", choices=("auto", "wrk", "python"), default="auto", help="auto: wrk if installed")
    p.add_argument("--cold-runs", type=int, help="fresh processes per server for cold start (default 7; --quick 1)")
    p.add_argument("--reset-runs", type=int, help="POST /_mock/reset calls (default 20; --quick 3)")
    p.add_argument("--plugin-tests", type=int, help="trivial tests per pytest file (default 50; --quick 4)")
    p.add_argument(
        "--orders-per-shop",
        type=int,
        default=200,
        help="seeded orders per shop of the throughput server (default 200: a page of 100 is full)",
    )
    p.add_argument("--no-pin", action="store_true", help="do not pin servers and load generator to cores")
    p.add_argument("--json", type=Path, help="write every figure to this file")
    args = p.parse_args(argv)
    quick = args.quick
    defaults = {
        "seconds": 1.0 if quick else 5.0,
        "warmup": 0.0 if quick else 1.0,
        "reps": 1 if quick else 3,
        "cold_runs": 1 if quick else 7,
        "reset_runs": 3 if quick else 20,
        "plugin_tests": 4 if quick else 50,
    }
    for name, value in defaults.items():
        if getattr(args, name) is None:
            setattr(args, name, value)
    args.skip = {s for s in args.skip.split(",") if s}
    unknown = args.skip - set(SECTIONS)
    if unknown:
        p.error(f"unknown section(s) to skip: {', '.join(sorted(unknown))}")
    args.prism_note = None
    if args.servers is None:
        args.servers = "ours,floor" if quick else "ours,floor,prism"
        if quick:
            args.prism_note = "Prism skipped (--quick; add --servers ours,floor,prism to include it)"
    args.servers = [s for s in args.servers.split(",") if s]
    if "ours" not in args.servers:
        p.error("--servers must include ours (the floor answers ours' bytes)")
    args.routes = routes.select(args.routes.split(",") if args.routes else None)
    return args


def capture(base_url: str, ctx: routes.Context, chosen: list[routes.Route]) -> list[dict[str, Any]]:
    """Each route's answer from our mock, which must be a success: the floor will send exactly these bytes."""
    captured = []
    for route in chosen:
        request = route.build(ctx)
        r = request.send(base_url)
        body = r.content
        why = routes.problem(route, r)
        if why:
            raise RuntimeError(f"{route.name}: our mock answered {why}")
        headers = [(k, v) for k, v in r.headers.items() if k not in ("date", "server", "content-length")]
        captured.append(
            {
                "route": route.name,
                "method": request.method,
                "path": request.path,
                "query": request.query,
                "status": r.status_code,
                "headers": headers,
                "body_b64": base64.b64encode(body).decode(),
            }
        )
    return captured


def check_floor(base_url: str, ctx: routes.Context, chosen: list[routes.Route], captured: list[dict[str, Any]]) -> None:
    for route, c in zip(chosen, captured, strict=True):
        r = route.build(ctx).send(base_url)
        if r.status_code != c["status"] or r.content != base64.b64decode(c["body_b64"]):
            raise RuntimeError(f"{route.name}: the floor app does not answer the captured bytes")


def throughput(args: argparse.Namespace, pinning: servers.Pinning, doc: dict[str, Any], tmp: Path) -> None:
    notes: list[str] = doc["notes"]
    loader = args.loader
    if loader == "auto":
        loader = "wrk" if load.wrk_available() else "python"
        if loader == "python":
            notes.append("wrk not found (apt-get install wrk): httpx loader used, figures not comparable with wrk's")
    elif loader == "wrk" and not load.wrk_available():
        sys.exit("wrk not found: apt-get install wrk")
    doc["settings"]["loader"] = loader
    extra = ["--orders-per-shop", str(args.orders_per_shop), "--legacy-rate-limit", "1000000000/1000000000"]
    doc["settings"]["ours_flags"] = extra
    notes.append(
        "the throughput server runs with " + " ".join(extra) + " (a full page of 100; no 429 from the legacy "
        "rate limiter, which is still checked on every request)"
    )
    running: dict[str, servers.Server] = {}
    try:
        ours = running["ours"] = servers.ours(pinning, extra)
        doc["rss_mb"]["ours (throughput server) after start"] = ours.rss_mb()
        ctx = routes.discover(ours.base_url)
        captured = capture(ours.base_url, ctx, args.routes)
        captured_file = tmp / "captured.json"
        captured_file.write_text(json.dumps(captured))
        doc["captured_file"] = str(captured_file)
        if "floor" in args.servers:
            floor = running["floor"] = servers.floor(pinning, captured_file)
            check_floor(floor.base_url, ctx, args.routes, captured)
            doc["rss_mb"]["floor after start"] = floor.rss_mb()
        prism_for: dict[str, servers.Server] = {}
        if "prism" in args.servers:
            prism_for = start_prisms(args, pinning, ours.base_url, tmp, notes)
            running.update({s.name: s for s in prism_for.values()})
            for s in prism_for.values():
                doc["rss_mb"][f"{s.name} after start"] = s.rss_mb()
            if prism_for:
                notes.append("Prism's memory includes the npx process that starts it; one Prism per OpenAPI document")

        def targets(route: routes.Route) -> dict[str, servers.Server]:
            found = {"ours": ours}
            if "floor" in running:
                found["floor"] = running["floor"]
            if route.dialect in prism_for:
                found["prism"] = prism_for[route.dialect]
            return found

        for route in args.routes:
            for name, server in targets(route).items():
                if name == "prism":
                    probe_prism(route, ctx, server, doc)
                if args.warmup > 0:
                    load.run(loader, server.base_url, route.build(ctx), args.warmup, args.connections, pinning)
        results: dict[str, dict[str, list[load.Result]]] = {r.name: {} for r in args.routes}
        for _ in range(args.reps):
            for route in args.routes:
                request = route.build(ctx)  # signed now: inside the 5-minute window for every server of this rep
                why = routes.problem(route, request.send(ours.base_url))
                if why:
                    raise RuntimeError(f"{route.name}: our mock answered {why}")
                for name, server in targets(route).items():
                    cpu_before = server.cpu_seconds()
                    result = load.run(loader, server.base_url, request, args.seconds, args.connections, pinning)
                    result = dataclasses.replace(result, server_cpu_s=server.cpu_seconds() - cpu_before)
                    results[route.name].setdefault(name, []).append(result)
        for route in args.routes:
            per_server = results[route.name]
            floor_reps = per_server.get("floor")
            doc["routes"][route.name] = {
                "label": route.label,
                "method": route.build(ctx).method,
                "path": route.build(ctx).path,
                "servers": {
                    name: report.summarise(reps, floor_reps if name != "floor" else None)
                    for name, reps in per_server.items()
                },
            }
        doc["rss_mb"]["ours (throughput server) after the run"] = ours.rss_mb()
        if "floor" in running:
            doc["rss_mb"]["floor after the run"] = running["floor"].rss_mb()
        for s in prism_for.values():
            doc["rss_mb"][f"{s.name} after the run"] = s.rss_mb()
        if "reset" not in args.skip:
            doc["reset"][f"throughput server, --orders-per-shop {args.orders_per_shop}"] = timings.resets(
                ours, args.reset_runs
            )
    finally:
        for server in running.values():
            server.stop()


def start_prisms(
    args: argparse.Namespace, pinning: servers.Pinning, ours_url: str, tmp: Path, notes: list[str]
) -> dict[str, servers.Server]:
    why = servers.prism_available() or servers.prism_install()
    if why:
        notes.append(f"Prism skipped: {why}")
        return {}
    started: dict[str, servers.Server] = {}
    for dialect, path in (("partner", "/openapi.json"), ("legacy", "/legacy/openapi.json")):
        if not any(r.dialect == dialect for r in args.routes):
            continue
        document = tmp / f"{dialect}-openapi.json"
        document.write_bytes(httpx.get(ours_url + path).content)
        started[dialect] = servers.prism(pinning, document)
    return started


def probe_prism(route: routes.Route, ctx: routes.Context, server: servers.Server, doc: dict[str, Any]) -> None:
    r = route.build(ctx).send(server.base_url)
    doc.setdefault("prism_status", {})[route.name] = r.status_code
    if r.status_code >= 300:
        doc["notes"].append(f"Prism answers {route.name} with HTTP {r.status_code}: its figures are for that answer")


def cold(args: argparse.Namespace, pinning: servers.Pinning, doc: dict[str, Any], tmp: Path) -> None:
    """Defaults everywhere (no flags): what a user's `tokopedia-mock serve` pays."""
    doc["cold_start"]["ours"] = timings.cold_starts(lambda: servers.ours(pinning), args.cold_runs)
    if "floor" in args.servers:
        captured = Path(doc.get("captured_file") or tmp / "empty.json")
        if not captured.exists():
            captured.write_text("[]")
        doc["cold_start"]["floor"] = timings.cold_starts(lambda: servers.floor(pinning, captured), args.cold_runs)
    prisms = [p for p in (tmp / "partner-openapi.json",) if p.exists()]
    if "prism" in args.servers and prisms:
        runs = max(1, args.cold_runs // 2)
        doc["cold_start"]["prism"] = timings.cold_starts(lambda: servers.prism(pinning, prisms[0]), runs)


def reset_at_defaults(args: argparse.Namespace, pinning: servers.Pinning, doc: dict[str, Any]) -> None:
    server = servers.ours(pinning)
    try:
        doc["rss_mb"]["ours (defaults) after start"] = server.rss_mb()
        doc["reset"]["defaults"] = timings.resets(server, args.reset_runs)
        doc["rss_mb"]["ours (defaults) after the resets"] = server.rss_mb()
    finally:
        server.stop()


def main(argv: list[str] | None = None) -> dict[str, Any]:
    args = parse_args(argv)
    pinning = servers.Pinning.detect(not args.no_pin)
    if pinning.load is not None:
        os.sched_setaffinity(0, {pinning.load})  # this process (and the httpx loader) stays off the server's core
    doc: dict[str, Any] = {
        "machine": {
            "cpus": os.cpu_count(),
            "python": platform.python_version(),
            "pinning": pinning.describe(),
            "load_average_before": os.getloadavg(),
        },
        "settings": {
            "quick": args.quick,
            "seconds": args.seconds,
            "warmup": args.warmup,
            "reps": args.reps,
            "connections": args.connections,
            "servers": args.servers,
        },
        "routes": {},
        "cold_start": {},
        "rss_mb": {},
        "reset": {},
        "plugin": {},
        "notes": [args.prism_note] if args.prism_note else [],
    }
    started = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="tokopedia-mock-bench-") as tmp_name:
        tmp = Path(tmp_name)
        sections = doc["machine"]["section_seconds"] = {}
        for section, run in (
            ("throughput", lambda: throughput(args, pinning, doc, tmp)),
            ("cold", lambda: cold(args, pinning, doc, tmp)),
            ("reset", lambda: reset_at_defaults(args, pinning, doc)),
            ("plugin", lambda: doc.update(plugin=timings.plugin_overhead(args.plugin_tests))),
        ):
            if section not in args.skip:
                t = time.perf_counter()
                run()
                sections[section] = time.perf_counter() - t
        doc.pop("captured_file", None)
    doc["machine"]["load_average_after"] = os.getloadavg()
    doc["machine"]["harness_seconds"] = time.perf_counter() - started
    print(report.table(doc))
    la = doc["machine"]["load_average_before"]
    print(
        f"({doc['machine']['pinning']}; load average at start {la[0]:.2f}; {doc['machine']['harness_seconds']:.0f} s)"
    )
    if args.json:
        args.json.write_text(json.dumps(doc, indent=2))
    return doc


if __name__ == "__main__":
    main()
