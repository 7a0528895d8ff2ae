"""Every input gets a 4xx in its dialect's envelope (issue 16, item 1): depth, number size, non-ASCII, encodings,
duplicated parameters, enumerations, and a 500 that says `Connection: close`."""

from __future__ import annotations

import pytest
from starlette.applications import Starlette
from starlette.testclient import TestClient

from mockserver import bounded
from mockserver.secrets import same_secret
from mockserver.testing import PartnerClient
from tests.hardening.conftest import FS_ID, SHOP_ID

SEARCH = "/product/202502/products/search"
CREATE = "/product/202309/products"
STOCK = f"/inventory/v1/fs/{FS_ID}/stock/update"


def deep(depth: int) -> bytes:
    return b'{"title":' + b"[" * depth + b"]" * depth + b"}"


@pytest.mark.parametrize("depth", [33, 900, 1024, 5000])
def test_a_deep_partner_body_is_refused_in_the_envelope(signed: PartnerClient, depth: int) -> None:
    r = signed.post(CREATE, content=deep(depth))
    assert r.status_code == 400 and r.json()["code"] == 36009022 and "nests deeper than 32" in r.json()["message"]


def test_the_depth_bound_is_a_setting(signed: PartnerClient) -> None:
    from mockserver import Settings, create_app

    roomy = PartnerClient.in_process(create_app(Settings(max_json_depth=200)))
    assert roomy.post(SEARCH, query={"page_size": 5}, content=deep(100)).json()["code"] == 0  # "title": not a filter
    assert signed.post(SEARCH, query={"page_size": 5}, content=deep(100)).json()["code"] == 36009022


@pytest.mark.parametrize("depth", [33, 1000])
def test_a_deep_legacy_body_is_refused_in_its_envelope(raw: TestClient, bearer: dict[str, str], depth: int) -> None:
    r = raw.post(STOCK, params={"shop_id": SHOP_ID}, content=b"[" * depth + b"]" * depth, headers=bearer)
    assert r.status_code == 400 and r.json()["header"]["error_code"].startswith("PRD_DLV_")


@pytest.mark.parametrize("value", ["1" * 5000, "1" * 20, "9223372036854775808", "٣", "²", "1_0", " 5"])
def test_partner_integers_past_int64_or_not_ascii_are_a_type_error(signed: PartnerClient, value: str) -> None:
    r = signed.post(SEARCH, query={"page_size": value}, json={})
    assert r.status_code == 400 and r.json()["code"] == 36009004 and "page_size type invalid" in r.json()["message"]


@pytest.mark.parametrize("literal", [b"1.0", b"18446744073709551615", b"1" * 5000])
def test_a_float_or_a_huge_number_in_an_integer_field_is_a_type_error(signed: PartnerClient, literal: bytes) -> None:
    r = signed.post(
        "/fulfillment/202309/packages/search", query={"page_size": 5}, content=b'{"create_time_lt":' + literal + b"}"
    )
    assert r.status_code == 400 and r.json()["code"] in (36009004, 36009022)


@pytest.mark.parametrize("value", ["1" * 5000, "²²", "-1" + "0" * 30])
def test_legacy_numbers_past_int64_are_invalid_format(raw: TestClient, bearer: dict[str, str], value: str) -> None:
    query = {"fs_id": FS_ID, "from_date": value, "to_date": 1780000000, "page": 1, "per_page": 10}
    r = raw.get("/v2/order/list", params=query, headers=bearer)
    assert r.status_code == 400 and r.json()["header"]["error_code"] == "ORD_DLV_010"


@pytest.mark.parametrize("sign", ["é", "😀", "\x00", "٠" * 64])
def test_a_non_ascii_sign_is_an_invalid_sign(signed: PartnerClient, sign: str) -> None:
    params = [
        (k, v) for k, v in signed.signed_params("/authorization/202309/shops", None, b"", cipher=None) if k != "sign"
    ]
    r = signed.http.get(
        "/authorization/202309/shops",
        params=[*params, ("sign", sign)],
        headers={"x-tts-access-token": signed.access_token or ""},
    )
    assert r.status_code == 401 and r.json()["code"] == 106001


def test_same_secret_takes_any_text() -> None:
    assert same_secret("é", "é") and not same_secret("é", "e") and not same_secret("\udcff", "x")


@pytest.mark.parametrize("ident", ["é", "²" * 18, "٣" * 18, "57" + "²" * 16])
def test_non_ascii_ids_are_unknown_ids(signed: PartnerClient, ident: str) -> None:
    assert signed.get(f"/product/202309/products/{ident}").status_code < 500
    r = signed.get("/order/202309/orders", query={"ids": ident})
    assert r.status_code == 200 and r.json()["data"]["orders"] == []


@pytest.mark.parametrize("name", ["app_key", "sign", "timestamp", "shop_cipher"])
def test_a_parameter_given_twice_is_refused(signed: PartnerClient, name: str) -> None:
    params = signed.signed_params(SEARCH, {"page_size": 5}, b"{}")
    value = dict(params)[name]
    r = signed.http.post(
        SEARCH,
        params=[*params, (name, value)],
        content=b"{}",
        headers={"x-tts-access-token": signed.access_token or "", "content-type": "application/json"},
    )
    assert r.status_code == 400 and r.json()["code"] == 36009004 and f"'{name}'" in r.json()["message"]


def test_an_operation_parameter_given_twice_is_refused(signed: PartnerClient) -> None:
    from mockserver.partner import signing

    pairs = [("page_size", "5"), ("page_size", "6"), ("app_key", signed.app_key), ("timestamp", str(int(signed.now())))]
    pairs += [("shop_cipher", signed.shop_cipher or "")]
    pairs.append(("sign", signing.sign(SEARCH, pairs, b"{}", signed.app_secret)))
    headers = {"x-tts-access-token": signed.access_token or "", "content-type": "application/json"}
    r = signed.http.post(SEARCH, params=pairs, content=b"{}", headers=headers)
    assert r.status_code == 400 and r.json()["code"] == 36009004 and "'page_size'" in r.json()["message"]


@pytest.mark.parametrize("body", [b"\xff\xfe{\x00}\x00", "{}".encode("utf-16"), b'{"a":"\\ud800"}', b"\x00" * 8])
def test_odd_encodings_are_answered_in_the_envelope(signed: PartnerClient, body: bytes) -> None:
    r = signed.post(SEARCH, query={"page_size": 5}, content=body)
    assert r.status_code < 500 and isinstance(r.json()["code"], int)


@pytest.mark.parametrize("status", ["-1", "12345", "99"])
def test_the_legacy_status_filter_refuses_unknown_codes(raw: TestClient, bearer: dict[str, str], status: str) -> None:
    query = {
        "fs_id": FS_ID,
        "from_date": 1780000000,
        "to_date": 1780000100,
        "page": 1,
        "per_page": 10,
        "status": status,
    }
    r = raw.get("/v2/order/list", params=query, headers=bearer)
    assert r.status_code == 400 and r.json()["header"]["error_code"] == "ORD_DLV_023"


def test_a_known_legacy_status_is_accepted(raw: TestClient, bearer: dict[str, str]) -> None:
    query = {"fs_id": FS_ID, "from_date": 1780000000, "to_date": 1780000100, "page": 1, "per_page": 10, "status": 220}
    assert raw.get("/v2/order/list", params=query, headers=bearer).status_code == 200


def test_rate_limit_reset_after_keeps_the_real_apis_negative_zero(raw: TestClient, bearer: dict[str, str]) -> None:
    """Confirmed in the reference (§4): `-0.000000` while quota remains (kept, as the real API answers it)."""
    r = raw.get(f"/v1/shop/fs/{FS_ID}/shop-info", headers=bearer)
    assert r.headers["x-ratelimit-reset-after"] == "-0.000000"


def test_a_500_closes_the_connection(app: Starlette, monkeypatch: pytest.MonkeyPatch) -> None:
    """A bug in a handler: the envelope's 500, and `Connection: close` (uvicorn drops the connection after it)."""

    def broken(call: object) -> object:
        raise RuntimeError("a bug")

    dispatcher = next(r.endpoint for r in app.routes if getattr(r, "path", "") == "/{path:path}")
    monkeypatch.setitem(dispatcher.table, "get_authorized_shops", broken)
    client = PartnerClient.in_process(app)
    client.http = TestClient(app, raise_server_exceptions=False)
    r = client.get("/authorization/202309/shops", shop_cipher=None)
    assert r.status_code == 500 and r.json()["code"] == 36009003 and r.headers["connection"] == "close"


def test_bounded_loads() -> None:
    assert bounded.loads(b'{"a":[1,[2]]}', 3) == {"a": [1, [2]]}
    with pytest.raises(bounded.BadJson) as e:
        bounded.loads(b"[[[[1]]]]", 3)
    assert e.value.too_deep
    with pytest.raises(bounded.BadJson) as e:
        bounded.loads(b"nope", 3)
    assert not e.value.too_deep
    assert bounded.int64("-9223372036854775808") == -(2**63) and bounded.int64("9" * 19 + "0") is None
