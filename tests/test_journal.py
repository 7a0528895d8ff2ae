"""The request journal: every request of both dialects and the control plane, filtered, counted, exported, redacted."""

from __future__ import annotations

import base64
import gc
import sys
import tracemalloc
from typing import Any
from urllib.parse import parse_qs, urlparse

import orjson
import pytest
from starlette.testclient import TestClient
from tiktok_shop_api import TikTokShop, TikTokShopError

from mockserver import Settings, create_app
from mockserver.journal import Filter
from mockserver.observe import GATE_PASSED, RequestInfo
from mockserver.runtime import Mock
from mockserver.testing import PartnerClient
from mockserver.testkit.handle import TokopediaMock
from mockserver.testkit.transport import InProcessTransport
from tests.legacy.conftest import LegacyClient


@pytest.fixture
def app() -> Any:
    return create_app(Settings(validate_responses=True))  # the real client signs with the real time


@pytest.fixture
def mock(app: Any) -> Mock:
    mock: Mock = app.state.mock
    return mock


@pytest.fixture
def http(app: Any) -> TestClient:
    return TestClient(app, base_url="http://testserver")


def journal(http: TestClient, **query: Any) -> list[dict[str, Any]]:
    r = http.get("/_mock/requests", params=query)
    assert r.status_code == 200, r.text
    found: list[dict[str, Any]] = r.json()["data"]["requests"]
    return found


def sdk(app: Any, mock: Mock, shop: str = "migrated") -> TikTokShop:
    client = PartnerClient.in_process(app, shop=shop)
    return TikTokShop(
        mock.settings.app_key,
        mock.settings.app_secret,
        access_token=client.access_token,
        shop_cipher=client.shop_cipher,
        base_url="http://testserver",
        transport=InProcessTransport(app),
    )


def test_a_partner_call_through_the_real_client_is_journaled(app: Any, http: TestClient, mock: Mock) -> None:
    with sdk(app, mock) as client:
        client.authorization.get_authorized_shops()
    [entry] = journal(http, operation="get_authorized_shops")
    assert (entry["dialect"], entry["method"], entry["status"], entry["code"]) == ("partner", "GET", 200, 0)
    assert entry["gate"] == {"passed": True} and entry["latency_ms"] >= 0
    assert orjson.loads(entry["response"]["body"])["request_id"] == entry["request_id"]
    assert dict(entry["request"]["headers"])["x-tts-access-token"] == "***"
    assert {k for k, _ in entry["query"]} >= {"app_key", "timestamp", "sign"}


def test_filters_count_and_since(app: Any, http: TestClient, mock: Mock) -> None:
    client = PartnerClient.in_process(app)
    client.get("/authorization/202309/shops", shop_cipher=None)
    client.get("/order/202309/orders", query={"ids": "570000000000000001"})
    http.get("/_mock/health")
    everything = journal(http)
    assert [e["operation"] for e in everything] == ["get_authorized_shops", "get_order_detail", "control.health"]
    assert [e["dialect"] for e in journal(http, dialect="control")] == ["control"]
    assert [e["operation"] for e in journal(http, path="/order/*")] == ["get_order_detail"]
    assert journal(http, since=everything[0]["seq"]) == everything[1:]
    assert journal(http, code="0", status="200", method="get", limit=2) == everything[:2]
    assert http.get("/_mock/requests/count", params={"dialect": "partner"}).json()["data"]["count"] == 2


def test_the_gate_verdict_names_the_check_and_diagnoses_the_signature(app: Any, http: TestClient) -> None:
    client = PartnerClient.in_process(app)
    params = client.signed_params("/authorization/202309/shops", None, b"")
    bad = [(k, v.upper() if k == "sign" else v) for k, v in params]
    client.http.get("/authorization/202309/shops", params=bad, headers={"x-tts-access-token": client.access_token})
    [entry] = journal(http, code="106001")
    gate = entry["gate"]
    assert (gate["passed"], gate["check"], gate["code"]) == (False, "sign", 106001)
    assert gate["sign_hint"] == "sign is uppercase hex; it must be lowercase hex"
    assert gate["string_to_sign"].startswith("<app_secret>/authorization/202309/shops")


def test_an_unknown_path_is_refused_by_the_routing_check(app: Any, http: TestClient) -> None:
    PartnerClient.in_process(app).get("/order/202309/nowhere")
    [entry] = journal(http, code="36009009")
    assert entry["gate"]["check"] == "route" and entry["status"] == 404


def test_legacy_requests_are_journaled_with_their_code(app: Any, http: TestClient) -> None:
    legacy = LegacyClient(app).login()
    r = legacy.get("/v2/order/list", params={"fs_id": 1, "from_date": 1, "to_date": 2, "page": 1, "per_page": 1})
    token, listing = journal(http, dialect="legacy")
    assert token["operation"] == "legacy_get_token" and token["code"] == 0
    assert listing["operation"] == "legacy_get_order_list" and listing["gate"]["check"] == "credentials"
    assert listing["status"] == r.status_code >= 400
    assert listing["code"] == listing["gate"]["code"] == r.json()["header"]["error_code"]


def test_secrets_and_tokens_never_reach_the_journal(app: Any, http: TestClient, mock: Mock) -> None:
    r = http.get("/open/authorize", params={"service_id": mock.settings.service_id}, follow_redirects=False)
    code = parse_qs(urlparse(r.headers["location"]).query)["code"][0]
    s = mock.settings
    tokens = http.get(
        "/api/v2/token/get",
        params={"app_key": s.app_key, "app_secret": s.app_secret, "auth_code": code, "grant_type": "authorized_code"},
    ).json()["data"]
    legacy = LegacyClient(app).login()
    http.get("/_mock/apps")
    with sdk(app, mock) as client:
        client.authorization.get_authorized_shops()
    dump = orjson.dumps(journal(http)).decode()
    basic = base64.b64encode(f"{s.legacy_client_id}:{s.legacy_client_secret}".encode()).decode()
    secrets = [s.app_secret, s.legacy_client_secret, code, tokens["access_token"], tokens["refresh_token"], basic]
    secrets += [legacy.token, *(p.access_token for p in mock.store.access_tokens.values())]
    assert [x for x in secrets if x in dump] == []
    assert dump.count("***") >= len(secrets)


def test_clear_and_reset_empty_it(http: TestClient, mock: Mock) -> None:
    http.get("/_mock/health")
    assert http.delete("/_mock/requests").json()["data"]["cleared"] == 1
    assert journal(http) == []
    http.get("/_mock/health")
    http.post("/_mock/reset")
    assert [e["operation"] for e in journal(http)] == ["control.reset"]  # recorded after it answered


def test_the_ring_is_bounded_and_bodies_are_cut() -> None:
    app = create_app(Settings(journal_size=3, journal_body_bytes=10))
    http = TestClient(app, base_url="http://testserver")
    for _ in range(5):
        http.post("/_mock/sign", json={"path": "/x", "query": {}, "body": "a long enough body"})
    r = http.get("/_mock/requests").json()["data"]
    assert len(r["requests"]) == 3 and r["dropped"] == 2 and r["last_seq"] == 5
    body = r["requests"][0]["request"]
    assert (len(body["body"]), body["size"], body["truncated"]) == (10, 10, True)


def test_each_entry_keeps_a_few_small_blocks_not_the_request() -> None:
    """An entry is one compact record: it keeps none of its request's objects (the header list alone is dozens of
    them) and not orjson's 4 KB buffer behind the body, so a full ring costs little and churns the caches little."""
    app = create_app(Settings(journal_size=5000))
    client = PartnerClient.in_process(app)
    n = 80
    for _ in range(20):  # warm: the shop built, the renderings cached
        client.get("/authorization/202309/shops", shop_cipher=None)
    gc.collect()
    tracemalloc.start()
    try:
        before, blocks = tracemalloc.get_traced_memory()[0], sys.getallocatedblocks()
        for _ in range(n):
            assert client.get("/authorization/202309/shops", shop_cipher=None).json()["code"] == 0
        gc.collect()
        kept, kept_blocks = tracemalloc.get_traced_memory()[0] - before, sys.getallocatedblocks() - blocks
    finally:
        tracemalloc.stop()
    assert kept_blocks / n <= 4, kept_blocks / n  # the record, its ring slot, its sequence number
    assert kept / n < 2048, kept / n  # the answer is ~250 bytes; its 4 KB buffer would show here
    entry = journal(TestClient(app, base_url="http://testserver"), operation="get_authorized_shops")[-1]
    assert entry["response"]["headers"][0] == ["content-length", str(entry["response"]["size"])]
    assert dict(entry["request"]["headers"])["x-tts-access-token"] == "***"


def test_an_entry_marshal_cannot_write_is_kept_as_it_is(app: Any, http: TestClient, mock: Mock) -> None:
    def odd(info: RequestInfo) -> None:  # a listener before the journal's: a detail marshal has no format for
        info.details["fault"] = {"id": "odd", "value": object()}

    app.listeners.insert(0, odd)
    PartnerClient.in_process(app).get("/authorization/202309/shops", shop_cipher=None)
    app.listeners.remove(odd)
    entry = mock.journal.query(Filter(operation="get_authorized_shops"))[-1]
    assert entry["fault"]["id"] == "odd" and entry["status"] == 200 and entry["gate"] == {"passed": True}
    assert entry["gate"] is not GATE_PASSED  # the shared verdict is never handed out


def test_a_journal_can_be_off() -> None:
    http = TestClient(create_app(Settings(journal_size=0)), base_url="http://testserver")
    http.get("/_mock/health")
    assert http.get("/_mock/requests").json()["data"] | {"last_seq": 0} == {
        "requests": [], "count": 0, "last_seq": 0, "dropped": 0, "enabled": False
    }  # fmt: skip


def test_har_export(app: Any, http: TestClient) -> None:
    PartnerClient.in_process(app).get("/authorization/202309/shops", shop_cipher=None)
    har = http.get("/_mock/requests/har", params={"dialect": "partner"}).json()["log"]
    assert har["version"] == "1.2" and har["creator"]["name"] == "tokopedia-mock"
    [entry] = har["entries"]
    assert entry["request"]["url"].startswith("http://testserver/authorization/202309/shops?app_key=")
    assert entry["response"]["status"] == 200 and orjson.loads(entry["response"]["content"]["text"])["code"] == 0
    assert entry["startedDateTime"].endswith("Z") and entry["time"] >= 0


@pytest.mark.parametrize("query", [{"limit": "0"}, {"status": "7"}, {"since": "-1"}, {"fault": "maybe"}])
def test_bad_filters_are_refused(http: TestClient, query: dict[str, str]) -> None:
    r = http.get("/_mock/requests", params=query)
    assert r.status_code == 400 and r.json()["code"] == 36009004


# --- the pytest plugin's handle --------------------------------------------------------------------------------------
def test_the_handle_finds_and_verifies_requests(tokopedia_mock: TokopediaMock) -> None:
    client = tokopedia_mock.client()
    client.get("/authorization/202309/shops", shop_cipher=None)
    [entry] = tokopedia_mock.verify(operation="get_authorized_shops", count=1, code=0)
    assert entry["shop_id"] == "" and tokopedia_mock.requests(operation="ship_package") == []
    with pytest.raises(AssertionError, match=r"(?s)expected at least 1 request.*ship_package.*get_authorized_shops"):
        tokopedia_mock.verify(operation="ship_package")


def test_the_sdk_error_and_its_journal_entry_agree(app: Any, http: TestClient, mock: Mock) -> None:
    s = mock.settings
    wrong = TikTokShop(
        s.app_key, s.app_secret, "not-a-token", base_url="http://testserver", transport=InProcessTransport(app)
    )
    with wrong as client, pytest.raises(TikTokShopError) as e:
        client.authorization.get_authorized_shops()
    [entry] = journal(http, operation="get_authorized_shops")
    assert entry["gate"]["check"] == "access_token" and entry["status"] == e.value.http_status == 401
    assert entry["code"] == e.value.code and entry["request_id"] == e.value.request_id


def test_an_entry_appended_lazily_is_made_on_the_first_read_with_its_seq() -> None:
    from mockserver.journal import Filter, Journal

    made: list[int] = []

    def make(n: int) -> dict[str, Any]:
        made.append(n)
        return {"seq": 0, "n": n, "operation": "op", "path": "/p", "time": 0.0}

    journal = Journal(3)
    journal.append({"seq": 0, "n": -1, "operation": "op", "path": "/p", "time": 0.0})
    for n in range(4):
        journal.append_lazy(make, n)
    assert made == [] and journal.last_seq == 5 and journal.dropped == 2
    assert [(e["seq"], e["n"]) for e in journal.query(Filter())] == [(3, 1), (4, 2), (5, 3)]
    assert made == [1, 2, 3]  # the dropped one was never made
    assert journal.count(Filter(since=4)) == 1 and made == [1, 2, 3]  # made once
