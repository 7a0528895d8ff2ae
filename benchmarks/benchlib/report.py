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
    if floor_reps:
        ratios = [r.rps / f.rps for r, f in zip(reps, floor_reps, strict=True) if f.rps]
        out["ratio_to_floor"] = statistics.median(ratios) if ratios else None
    return out


def table(doc: dict[str, Any]) -> str:
    lines = []
    if doc["routes"]:
        reps = doc["settings"]["reps"]
        lines.append(f"{'route':<38} {'server':<7} {'req/s':>8} {'p50 ms':>7} {'p99 ms':>7} {'x floor':>7}  errors")
        for name, route in doc["routes"].items():
            label = f"{name}: {route['label']}"
            for server, s in route["servers"].items():
                ratio = s.get("ratio_to_floor")
                ratio_text = f"{ratio:.2f}" if ratio is not None else "-"
                note = f"  {s['errors']}" if s["errors"] else ""
                lines.append(
                    f"{label:<38} {server:<7} {s['rps']:>8.0f} {s['p50_ms']:>7.2f} {s['p99_ms']:>7.2f} "
                    f"{ratio_text:>7}{note}"
                )
                label = ""
        lines.append(f"(median of {reps} interleaved reps; x floor = req/s over the floor's in the same rep)")
    if doc.get("cold_start"):
        lines.append("")
        lines.append("cold start, process start to first answer (median):")
        for server, c in doc["cold_start"].items():
            runs, rss = len(c["runs_s"]), c["rss_after_start_mb"]
            lines.append(f"  {server:<7} {c['median_s']:.3f} s over {runs} runs, RSS {rss:.0f} MB")
    if doc.get("rss_mb"):
        lines.append("")
        lines.append("resident memory (MB): " + ", ".join(f"{k} {v:.0f}" for k, v in doc["rss_mb"].items()))
    if doc.get("reset"):
        lines.append("")
        for where, r in doc["reset"].items():
            lines.append(
                f"POST /_mock/reset ({where}): median {r['median_ms']:.1f} ms "
                f"(min {r['min_ms']:.1f}, max {r['max_ms']:.1f}, {r['runs']} runs)"
            )
    if doc.get("plugin"):
        p = doc["plugin"]
        lines.append("")
        lines.append(
            f"pytest plugin, {p['tests']} trivial tests per file: plain test {p['plain_per_test_ms']:.2f} ms; "
            f"overhead per test: tokopedia_mock {p['tokopedia_mock_per_test_ms']:.1f} ms "
            f"(first {p['tokopedia_mock_first_test_ms']:.0f} ms), "
            f"tokopedia_mock_server {p['tokopedia_mock_server_per_test_ms']:.1f} ms "
            f"(first {p['tokopedia_mock_server_first_test_ms']:.0f} ms)"
        )
        lines.append(f"  (3 x {p['tests']} tests in one pytest process: {p['wall_s']:.2f} s)")
    for note in doc["notes"]:
        lines.append(f"note: {note}")
    return "\n".join(lines)
