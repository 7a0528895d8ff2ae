"""The README's "operations served" table: every area with its operations, how many the mock implements and how
many answer 501, from what the app serves (its schemas and its handler table).

Usage: ``python tools/operations_table.py`` prints the table; ``--write README.md`` replaces the table between the
README's ``operations-table`` markers. tests/test_operations_table.py fails when the README's table is stale.
"""

from __future__ import annotations

import argparse
import os
import re
import sys
from collections.abc import Collection, Iterable
from pathlib import Path

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

from mockserver.partner.registry import handlers  # noqa: E402
from mockserver.schemas import Operation, SchemaRegistry  # noqa: E402

START = "<!-- operations-table:start (tools/operations_table.py --write README.md) -->"
END = "<!-- operations-table:end -->"
_BLOCK = re.compile(re.escape(START) + r"\n(?P<table>.*?)" + re.escape(END), re.S)
HEADER = (
    "| area | operations | implemented | 501 | of which from the client's models |",
    "|---|---:|---:|---:|---:|",
)


def table(operations: Iterable[Operation], implemented: Collection[str]) -> str:
    """One row per area (the auth host first, then by name) and a total; auth-host operations are implemented."""
    rows: dict[str, list[int]] = {}
    for op in operations:
        area = "auth host" if op.host == "auth" else op.area
        row = rows.setdefault(area, [0, 0, 0, 0])
        done = op.host == "auth" or op.operation_id in implemented
        row[0] += 1
        row[1 if done else 2] += 1
        row[3] += bool(op.source)
    order = sorted(rows, key=lambda a: (a != "auth host", a))
    lines = list(HEADER)
    lines += [f"| {a} | " + " | ".join(str(n) for n in rows[a]) + " |" for a in order]
    totals = [sum(r[i] for r in rows.values()) for i in range(4)]
    lines.append("| **all** | " + " | ".join(f"**{n}**" for n in totals) + " |")
    return "\n".join(lines)


def served_table() -> str:
    return table(SchemaRegistry().operations.values(), handlers())


def block(text: str) -> str:
    return f"{START}\n{text}\n{END}"


def readme_table(readme: str) -> str | None:
    """The table between the markers of a README, or None without markers."""
    found = _BLOCK.search(readme)
    return found.group("table").rstrip("\n") if found else None


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--write", type=Path, metavar="README", help="replace the table between the markers")
    args = parser.parse_args(argv)
    text = served_table()
    if args.write is None:
        print(text)
        return 0
    readme = args.write.read_text(encoding="utf-8")
    if readme_table(readme) is None:
        sys.exit(f"{args.write}: no {START!r} ... {END!r} markers")
    args.write.write_text(_BLOCK.sub(lambda _: block(text), readme, count=1), encoding="utf-8")
    print(f"{args.write}: table updated")
    return 0


if __name__ == "__main__":
    sys.exit(main())
