from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from jsonschema import Draft202012Validator

from tests.scripts import load_tool

REPO_ROOT = Path(__file__).resolve().parent.parent
SCHEMAS_DIR = REPO_ROOT / "schemas" / "partner"


import_docs = load_tool("import_docs")
COMMITTED = sorted(SCHEMAS_DIR.glob("*/*.json"))


def param(name: str, type_: str, required: str = "N", desc: str = "") -> dict[str, str]:
    return {"name": name, "type": type_, "required": required, "desc": desc}


def load(path: Path) -> dict[str, Any]:
    return json.loads(path.read_text(encoding="utf-8"))


def test_nesting_follows_carets() -> None:
    params = [param("code", "int"), param("data", "object"), param("^shops", "[]object"), param("^^id", "string")]
    assert import_docs.response_schema(params) == {
        "type": "object",
        "description": "",
        "properties": {
            "shops": {
                "type": "array",
                "description": "",
                "items": {"type": "object", "properties": {"id": {"type": "string", "description": ""}}},
            }
        },
    }


def test_param_belongs_to_closest_shallower_param() -> None:
    params = [param("a", "object"), param("^x", "string"), param("b", "object"), param("^y", "int")]
    schema = import_docs.body_schema(params, "application/json")
    assert list(schema["properties"]["a"]["properties"]) == ["x"]
    assert list(schema["properties"]["b"]["properties"]) == ["y"]


def test_request_required_flags_apply_per_level() -> None:
    params = [
        param("name", "string", "Y", "  The name.  "),
        param("note", "string", "N"),
        param("skus", "[]object", "N"),
        param("^id", "string", "Y"),
        param("^qty", "int", "Y"),
    ]
    schema = import_docs.body_schema(params, "application/json")
    assert schema["required"] == ["name"]
    assert schema["properties"]["name"] == {"type": "string", "description": "The name.", "minLength": 1}
    assert "minLength" not in schema["properties"]["note"]
    assert schema["properties"]["skus"]["items"]["required"] == ["id", "qty"]
    assert schema["properties"]["skus"]["items"]["properties"]["qty"] == {"type": "integer", "description": ""}


def test_response_has_no_required() -> None:
    params = [param("data", "object"), param("^id", "string", "Y")]
    schema = import_docs.response_schema(params)
    assert "required" not in schema
    assert "minLength" not in schema["properties"]["id"]


def test_duplicate_names_keep_the_first() -> None:
    params = [param("a", "string"), param("a", "object"), param("^b", "string"), param("c", "int")]
    schema = import_docs.body_schema(params, "application/json")
    assert schema["properties"] == {
        "a": {"type": "string", "description": ""},
        "c": {"type": "integer", "description": ""},
    }


def test_unknown_type_fails_loudly() -> None:
    with pytest.raises(ValueError, match="unknown type"):
        import_docs.body_schema([param("x", "float")], "application/json")


def test_file_only_in_multipart() -> None:
    params = [param("data", "file", "Y")]
    schema = import_docs.body_schema(params, "multipart/form-data")
    assert schema["properties"]["data"] == {"type": "string", "format": "binary", "description": ""}
    with pytest.raises(ValueError):
        import_docs.body_schema(params, "application/json")


def test_query_drops_common_params() -> None:
    params = [param(n, "string", "Y") for n in ("app_key", "sign", "shop_cipher", "access_token", "version")]
    params += [param("timestamp", "int", "Y"), param("page_size", "int", "Y")]
    schema = import_docs.query_schema(params)
    assert list(schema["properties"]) == ["page_size"]
    assert schema["required"] == ["page_size"]
    assert schema["additionalProperties"] is True


def test_path_params_are_closed_strings() -> None:
    schema = import_docs.path_params_schema([param("product_id", "string", "Y")])
    assert schema == {
        "type": "object",
        "properties": {"product_id": {"type": "string", "description": "", "minLength": 1}},
        "required": ["product_id"],
        "additionalProperties": False,
    }


def test_version_segment_is_replaced() -> None:
    assert import_docs.split_version("/product/202502/products/search") == (
        "/product/{version}/products/search",
        "202502",
    )
    assert import_docs.split_version("/product/202309/products/{product_id}") == (
        "/product/{version}/products/{product_id}",
        "202309",
    )
    with pytest.raises(ValueError):
        import_docs.split_version("/product/products/search")


@pytest.mark.parametrize(("required", "expected"), [("Y", "required"), ("N", "optional"), (None, "forbidden")])
def test_shop_cipher_classification(required: str | None, expected: str) -> None:
    query = [param("app_key", "string", "Y")]
    if required is not None:
        query.append(param("shop_cipher", "string", required))
    assert import_docs.shop_cipher_mode({"request_query_param": query}) == expected


def test_errors_are_ints_deduplicated_keeping_first() -> None:
    codes = [{"code": "12", "msg": "first"}, {"code": "12", "msg": "second"}, {"code": "7", "msg": "other"}]
    assert import_docs.error_list(codes) == [{"code": 12, "message": "first"}, {"code": 7, "message": "other"}]


def test_bad_example_becomes_null() -> None:
    assert import_docs.parse_example("") is None
    assert import_docs.parse_example("{not json") is None
    assert import_docs.parse_example('{"a": 1}') == {"a": 1}


def test_regenerating_reproduces_committed_files() -> None:
    if not all(d.is_dir() for d in import_docs.DEFAULT_DOCS_DIRS):
        pytest.skip("official docs not present")
    outputs = import_docs.generate(import_docs.DEFAULT_DOCS_DIRS)
    assert sorted(outputs) == [path.relative_to(SCHEMAS_DIR) for path in COMMITTED]
    for relative, text in outputs.items():
        assert (SCHEMAS_DIR / relative).read_text(encoding="utf-8") == text, relative


def test_committed_schemas_exist() -> None:
    assert COMMITTED


def _with_example(kind: str) -> list[Path]:
    """The committed operations whose official docs carry a `kind` example (the others have nothing to check)."""
    out = []
    for path in COMMITTED:
        op = load(path)
        example = op["examples"][kind]
        if kind == "response_body" and isinstance(example, dict) and "data" in example:
            out.append(path)
        if kind == "request_body" and example is not None and op["body"] is not None:
            out.append(path)
    return out


@pytest.mark.parametrize("path", COMMITTED, ids=lambda p: f"{p.parent.name}/{p.stem}")
def test_schemas_are_valid_json_schema(path: Path) -> None:
    operation = load(path)
    for part in ("query", "body", "response", "path_params"):
        if operation[part] is not None:
            Draft202012Validator.check_schema(operation[part])


@pytest.mark.parametrize("path", _with_example("response_body"), ids=lambda p: f"{p.parent.name}/{p.stem}")
def test_response_example_matches_schema(path: Path) -> None:
    operation = load(path)
    example = operation["examples"]["response_body"]
    errors = [e.message for e in Draft202012Validator(operation["response"]).iter_errors(example["data"])]
    assert errors == []


@pytest.mark.parametrize("path", _with_example("request_body"), ids=lambda p: f"{p.parent.name}/{p.stem}")
def test_request_example_matches_body_schema(path: Path) -> None:
    operation = load(path)
    errors = [
        e.message for e in Draft202012Validator(operation["body"]).iter_errors(operation["examples"]["request_body"])
    ]
    assert errors == []
