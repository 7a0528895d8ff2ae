"""What a start does and leaves for later: every schema still compiles (here, since a server compiles each on first
use), and `serve` imports none of the tooling it does not need to answer (no timing asserts: which modules)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from mockserver.legacy.schemas import LegacySchemas
from mockserver.schemas import SchemaRegistry

#: What `serve` must not import before it answers (at the defaults): the contract kit's, the clients', the webhook
#: worker's (httpx), durable state's (sqlite3), a config file's (tomllib), the name pools' generator (faker).
NOT_AT_START = ("schemathesis", "hypothesis", "jsonschema", "httpx", "rich", "pygments", "sqlite3", "tomllib", "faker")

SERVE = """
import sys
from mockserver.app import create_app
from mockserver.cli import build_parser, resolve_args
from mockserver.server import uvicorn_config
settings, _ = resolve_args(build_parser().parse_args(["serve", "--port", "0"]))
app = create_app(settings)
uvicorn_config(app, settings)
"""


def test_every_partner_schema_compiles() -> None:
    SchemaRegistry().compile_all()


def test_every_legacy_schema_compiles() -> None:
    for lop in LegacySchemas().operations.values():
        lop.op.compile()


def test_a_validator_is_compiled_once() -> None:
    op = SchemaRegistry().operations["get_order_detail"]
    assert op.query_validator is op.query_validator


def test_serve_does_not_import_what_it_does_not_need(tmp_path: Path) -> None:
    probe = SERVE + f"print(','.join(m for m in {NOT_AT_START!r} if m in sys.modules))\n"
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True, cwd=tmp_path)
    assert out.stdout.strip() == ""


def test_the_name_pools_are_faker_id_id_and_the_seed_draws_from_them(tmp_path: Path) -> None:
    """fixtures/names.json is what tools/faker_names.py writes (Faker id_ID); the seeded names come from it."""
    import json

    from mockserver import Settings
    from mockserver.runtime import Mock

    out = tmp_path / "names.json"
    tool = Path(__file__).parent.parent / "tools" / "faker_names.py"
    subprocess.run([sys.executable, str(tool), str(out)], check=True)
    drawn = json.loads(out.read_text(encoding="utf-8"))
    assert len(drawn["people"]) > 100 and len(drawn["cities"]) > 20 and all(" " in p for p in drawn["people"])
    committed = json.loads((Path(__file__).parent.parent / "fixtures" / "names.json").read_text(encoding="utf-8"))
    assert set(committed) == set(drawn)
    mock = Mock(Settings(seed=4))
    assert all(s.name in committed["people"] for s in mock.store.sellers.values())
    assert all(any(s.name.endswith(" " + c) for c in committed["cities"]) for s in mock.store.shops.values())

    def names(seed: int) -> list[str]:
        store = Mock(Settings(seed=seed)).store
        return [s.name for s in (*store.sellers.values(), *store.shops.values())]

    assert names(4) == [s.name for s in (*mock.store.sellers.values(), *mock.store.shops.values())] != names(5)
