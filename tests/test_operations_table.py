"""The README's "operations served" table is what the app serves (tools/operations_table.py writes it)."""

from __future__ import annotations

from pathlib import Path

from mockserver.partner.registry import handlers
from mockserver.schemas import SchemaRegistry
from tests.scripts import load_tool

ROOT = Path(__file__).resolve().parent.parent


tool = load_tool("operations_table")


def test_the_readme_table_matches_what_the_app_serves() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert tool.readme_table(readme) == tool.served_table(), (
        "stale: run python tools/operations_table.py --write README.md"
    )


def test_the_table_counts_every_operation_once() -> None:
    registry, table = SchemaRegistry(), handlers()
    last = tool.served_table().splitlines()[-1]
    total, implemented, unimplemented, from_client = (int(c.strip(" *")) for c in last.strip("|").split("|")[1:])
    assert total == len(registry.operations) == implemented + unimplemented
    assert implemented == sum(1 for op in registry.operations.values() if op.host == "auth" or op.operation_id in table)
    assert from_client == sum(1 for op in registry.operations.values() if op.source)
