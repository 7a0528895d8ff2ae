"""The printed table and the JSON document of one `compare.py` run."""

from __future__ import annotations

import statistics
from typing import Any

from benchlib.load import Result


def summarise(reps: list[Result], floor_reps: list[Result] | None) -> dict[str, Any]:
    """Medians over the reps; the ratio to the floor is taken rep by rep (same moment, same machine load)."""
    out: dict[str, Any] = {
        "rps": statistics.median(r.rps for r in reps),
        "p50_ms": statistics.median(r.p50_ms for r in reps),
        "p99_ms": statistics.median(r.p99_ms for r in reps),
        "errors": sum(r.errors for r in reps),
        "reps": [r.to_json() for r in reps],
    }
    cpu = [c for r in reps if (c := r.cpu_us_per_request) is not None]
    out["cpu_us_per_request"] = statistics.median(cpu) if cpu else None
    if floor_reps:
        ratios = [r.rps / f.rps for r, f in zip(reps, floor_reps, strict=True) if f.rps]
        out["ratio_to_floor"] = statistics.median(ratios) if ratios else None
        pairs = zip(reps, floor_reps, strict=True)
        cpu_ratios = [fc / rc for r, f in pairs if (rc := r.cpu_us_per_request) and (fc := f.cpu_us_per_request)]
        out["cpu_ratio_to_floor"] = statistics.median(cpu_ratios) if cpu_ratios else None
    return out


def _num(value: float | None, digits: int) -> str:
    return "-" if value is None else f"{value:.{digits}f}"


def table(doc: dict[str, Any]) -> str:
    lines = []
    if doc["routes"]:
        reps = doc["settings"]["reps"]
        lines.append(
            f"{'route':<40} {'server':<6} {'req/s':>7} {'p50 ms':>7} {'p99 ms':>8} {'x floor':>7} "
            f"{'CPU us/req':>10} {'x floor':>7}  errors"
        )
        for name, route in doc["routes"].items():
            label = f"{name}: {route['label']}"
            for server, s in route["servers"].items():
                note = f"  {s['errors']}" if s["errors"] else ""
                lines.append(
                    f"{label[:40]:<40} {server:<6} {s['rps']:>7.0f} {s['p50_ms']:>7.2f} {s['p99_ms']:>8.2f} "
                    f"{_num(s.get('ratio_to_floor'), 2):>7} {_num(s.get('cpu_us_per_request'), 0):>10} "
                    f"{_num(s.get('cpu_ratio_to_floor'), 2):>7}{note}"
                )
                label = ""
        lines.append(
            f"(median of {reps} interleaved reps. x floor: req/s over the floor's in the same rep; CPU us/req: server "
            "CPU time per request, which other load on the machine hardly moves; its x floor: the floor's CPU per "
            "request over this server's)"
        )
    if doc.get("cold_start"):
        lines.append("")
        lines.append("cold start, process start to first answer (median):")
        for server, c in doc["cold_start"].items():
            runs, rss, cpu = len(c["runs_s"]), c["rss_after_start_mb"], c["cpu_s"]
            lines.append(f"  {server:<6} {c['median_s']:.3f} s ({cpu:.2f} s CPU) over {runs} runs, RSS {rss:.0f} MB")
    if doc.get("rss_mb"):
        lines.append("")
        lines.append("resident memory (MB): " + ", ".join(f"{k} {v:.0f}" for k, v in doc["rss_mb"].items()))
    if doc.get("reset"):
        lines.append("")
        for where, r in doc["reset"].items():
            lines.append(
                f"POST /_mock/reset ({where}): median {r['median_ms']:.1f} ms (min {r['min_ms']:.1f}, "
                f"max {r['max_ms']:.1f}, {r['runs']} runs; server CPU {r['cpu_ms']:.1f} ms each)"
            )
    if doc.get("plugin"):
        p = doc["plugin"]
        lines.append("")
        lines.append(
            f"pytest plugin, overhead per test over a plain test ({p['tests']} tests each, one process, "
            f"{p['wall_s']:.1f} s; tokopedia_mock_search: one signed order search per test, the rest do nothing):"
        )
        for kind in ("tokopedia_mock", "tokopedia_mock_server", "tokopedia_mock_search"):
            lines.append(
                f"  {kind:<22} {p[f'{kind}_per_test_ms']:6.1f} ms ({p[f'{kind}_per_test_cpu_ms']:.1f} ms CPU); "
                f"the session's first test {p[f'{kind}_first_test_ms']:.0f} ms"
            )
    for note in doc["notes"]:
        lines.append(f"note: {note}")
    return "\n".join(lines)
