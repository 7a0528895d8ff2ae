"""Why the hot path validates with jsonschema-rs: validations per second of an official request body.

Validates the official Create Product example body against its schema with jsonschema (pure Python) and
jsonschema-rs. Prints numbers; asserts nothing. Usage: python benchmarks/validators.py
"""

from __future__ import annotations

import json
import timeit
from pathlib import Path

import jsonschema
import jsonschema_rs

ROOT = Path(__file__).resolve().parent.parent


def main() -> None:
    op = json.loads((ROOT / "schemas/partner/products/create-product.json").read_text())
    schema, body = op["body"], op["examples"]["request_body"]
    py = jsonschema.Draft202012Validator(schema)
    rs = jsonschema_rs.validator_for(schema)
    assert py.is_valid(body) and rs.is_valid(body)
    for name, fn in (
        ("jsonschema (pure Python)", lambda: py.is_valid(body)),
        ("jsonschema-rs", lambda: rs.is_valid(body)),
    ):
        n, t = timeit.Timer(fn).autorange()
        print(f"{name:<26} {n / t:>10.0f} validations/s")
    started = timeit.default_timer()
    for file in (ROOT / "schemas/partner").rglob("*.json"):
        o = json.loads(file.read_text())
        for part in ("query", "body"):
            if o[part] is not None:
                jsonschema_rs.validator_for(o[part])
    print(f"compile every request schema with jsonschema-rs: {(timeit.default_timer() - started) * 1000:.1f} ms")


if __name__ == "__main__":
    main()
