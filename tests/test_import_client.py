"""tools/import_client.py: the operations known only from the public client's models, committed byte-stable."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from jsonschema import Draft202012Validator

from tests.scripts import load_tool

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "schemas" / "partner" / "from-client"


import_client = load_tool("import_client")
COMMITTED = sorted(OUT.glob("*/*.json"))


def test_regenerating_reproduces_committed_files() -> None:
    outputs, same = import_client.generate()
    hint = f"regenerate with python tools/import_client.py (installed: {import_client.SOURCE})"
    assert sorted(outputs) == [p.relative_to(OUT) for p in COMMITTED], hint
    for relative, text in outputs.items():
        assert (OUT / relative).read_text(encoding="utf-8") == text, (relative, hint)
    # A newer version with the documented shapes is served by the documented operation (EXTRA_VERSIONS).
    assert same == []


@pytest.mark.parametrize("path", COMMITTED, ids=lambda p: f"{p.parent.name}/{p.stem}")
def test_each_says_where_it_comes_from_and_is_valid(path: Path) -> None:
    op = json.loads(path.read_text(encoding="utf-8"))
    assert op["source"].startswith("tiktok-shop-api ") and op["source"].endswith("not the official docs")
    assert len(op["versions"]) == 1 and "{version}" in op["path"]
    for part in ("query", "body", "response", "path_params"):
        if op[part] is not None:
            Draft202012Validator.check_schema(op[part])


def test_the_newer_versions_of_the_issue_are_there() -> None:
    names = {p.stem for p in COMMITTED}
    assert {"mark-package-as-shipped-202610", "update-package-shipping-info-202610", "create-packages-202512"} <= names
    shipped = json.loads((OUT / "fulfillment" / "mark-package-as-shipped-202610.json").read_text(encoding="utf-8"))
    items = shipped["body"]["properties"]["shipping_info_list"]["items"]["properties"]
    assert {"tracking_number", "shipping_provider_id"} <= set(items)
