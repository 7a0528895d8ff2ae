"""Faults, seeded and scoped: every effect as a real client (httpx, tiktok-shop-api) sees it, over a socket."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from tiktok_shop_api import TikTokShop, TikTokShopError

from mockserver import Settings, create_app
from mockserver.faults.rules import build
from mockserver.options import file_values, resolve
from mockserver.testing import LiveServer, PartnerClient
from mockserver.testkit.transport import InProcessTransport
from tests.legacy.conftest import LegacyClient
from tests.legacy.helpers import product

WAREHOUSES = "/logistics/202309/warehouses"


@pytest.fixture(scope="module")
def server() -> Iterator[LiveServer]:
    with LiveServer() as s:
        yield s


OPEN: list[httpx.Client] = []


@pytest.fixture
def live(server: LiveServer) -> Iterator[LiveServer]:
    yield server
    httpx.post(f"{server.base_url}/_mock/reset")
    while OPEN:
        OPEN.pop().close()


def add(base_url: str, **rule: Any) -> dict[str, Any]:
    r = httpx.post(f"{base_url}/_mock/faults", json=rule)
    assert r.status_code == 200, r.text
    added: dict[str, Any] = r.json()["data"]["added"][0]
    return added


def client_for(server: LiveServer) -> PartnerClient:
    OPEN.append(httpx.Client(base_url=server.base_url))
    return PartnerClient(OPEN[-1], server.mock.settings.app_key,
                         server.mock.settings.app_secret).use_shop(server.mock, "migrated")  # fmt: skip


def sdk(server: LiveServer) -> TikTokShop:
    c = client_for(server)
    return TikTokShop(c.app_key, c.app_secret, c.access_token, c.shop_cipher, base_url=server.base_url)


def last(server: LiveServer, **query: Any) -> dict[str, Any]:
    found = httpx.get(f"{server.base_url}/_mock/requests", params=query).json()["data"]["requests"]
    assert found, query
    entry: dict[str, Any] = found[-1]
    return entry


# --- each effect, over a socket --------------------------------------------------------------------------------------
def test_an_error_fault_answers_a_documented_code_in_the_envelope(live: LiveServer) -> None:
    add(live.base_url, operation="get_warehouse_list", error=36009003, status=503)
    with sdk(live) as client, pytest.raises(TikTokShopError) as e:
        client.logistics.get_warehouse_list()
    assert (e.value.code, e.value.http_status) == (36009003, 503) and e.value.request_id
    entry = last(live, operation="get_warehouse_list")
    assert entry["fault"]["id"] == "rule-1" and entry["status"] == 503 and entry["gate"] is None


def test_latency_holds_the_answer_back(live: LiveServer) -> None:
    add(live.base_url, path="/logistics/*", latency=300)
    assert client_for(live).get(WAREHOUSES).json()["code"] == 0
    entry = last(live, fault="true")
    assert entry["fault"]["latency_s"] == 0.3 and entry["latency_ms"] >= 300


def test_reset_aborts_the_connection(live: LiveServer) -> None:
    add(live.base_url, operation="get_warehouse_list", connection="reset")
    with pytest.raises(httpx.ReadError):
        client_for(live).get(WAREHOUSES)


def test_empty_closes_without_a_byte(live: LiveServer) -> None:
    add(live.base_url, operation="get_warehouse_list", connection="empty")
    with pytest.raises(httpx.RemoteProtocolError, match="without sending a response"):
        client_for(live).get(WAREHOUSES)


def test_truncate_cuts_the_body_short(live: LiveServer) -> None:
    add(live.base_url, operation="get_warehouse_list", connection="truncate")
    with pytest.raises(httpx.RemoteProtocolError, match="incomplete|complete message body"):
        client_for(live).get(WAREHOUSES)
    with sdk(live) as client, pytest.raises(TikTokShopError, match="without sending complete message body"):
        client.logistics.get_warehouse_list()


def test_slow_body_arrives_in_pieces(live: LiveServer) -> None:
    add(live.base_url, operation="get_warehouse_list", connection="slow", chunk=32, slow_ms=40)
    c = client_for(live)
    params = c.signed_params(WAREHOUSES, None, b"")
    with c.http.stream("GET", WAREHOUSES, params=params, headers={"x-tts-access-token": c.access_token or ""}) as r:
        pieces = list(r.iter_raw())
    body = b"".join(pieces)
    assert len(pieces) > 2 and httpx.Response(200, content=body).json()["code"] == 0


def test_after_the_request_is_handled_the_answer_is_lost(live: LiveServer) -> None:
    mock = live.mock
    order = httpx.post(f"{live.base_url}/_mock/orders", json={"items": [{"sku_id": product(mock).skus[0].id,
                       "quantity": 1}], "paid": True, "shipping_type": "TIKTOK"}).json()["data"]  # fmt: skip
    package_id = mock.store.orders[order["order"]["id"]].packages[0]
    add(live.base_url, operation="ship_package", connection="reset", after=True)
    with pytest.raises(httpx.ReadError):
        client_for(live).post(f"/fulfillment/202309/packages/{package_id}/ship", json={"handover_method": "DROP_OFF"})
    assert mock.store.packages[package_id].status == "PROCESSING"  # shipped, though the seller never heard


# --- matching: deterministic from the seed, scoped ---------------------------------------------------------------
def in_process(**settings: Any) -> tuple[PartnerClient, httpx.Client]:
    app = create_app(Settings(**settings))
    return PartnerClient.in_process(app), httpx.Client(base_url="http://testserver", transport=InProcessTransport(app))


def codes(client: PartnerClient, n: int) -> list[int]:
    return [client.get(WAREHOUSES).json()["code"] for _ in range(n)]


def test_every_and_first() -> None:
    client, _ = in_process(faults="operation=get_warehouse_list,error=36009003,every=2")
    assert codes(client, 4) == [0, 36009003, 0, 36009003]
    client, _ = in_process(faults="operation=get_warehouse_list,error=105002,first=2")
    assert codes(client, 4) == [105002, 105002, 0, 0]


def test_probability_is_the_same_for_the_same_seed() -> None:
    spec = "operation=get_warehouse_list,error=36009003,probability=0.5"
    runs = [codes(in_process(seed=seed, faults=spec)[0], 24) for seed in (1, 1, 2)]
    assert runs[0] == runs[1] != runs[2] and 0 < runs[0].count(36009003) < 24


def test_uniform_and_lognormal_latencies_are_seeded() -> None:
    def drawn(seed: int, latency: str) -> list[float]:
        client, http = in_process(seed=seed, faults=f"operation=get_warehouse_list,latency={latency}")
        codes(client, 5)
        found = http.get("/_mock/requests", params={"fault": "true"}).json()["data"]["requests"]
        return [e["fault"]["latency_s"] for e in found]

    uniform = drawn(1, "uniform:1:5")
    assert uniform == drawn(1, "uniform:1:5") and all(0.001 <= s <= 0.005 for s in uniform) and len(set(uniform)) > 1
    assert drawn(3, "lognormal:2:0.5") == drawn(3, "lognormal:2:0.5") != drawn(4, "lognormal:2:0.5")


def test_a_rule_can_be_scoped_to_a_shop_and_a_method() -> None:
    app = create_app(Settings())
    migrated = app.state.mock.store.shops[app.state.mock.refs.shops["migrated"]]
    app.state.mock.faults.add(build({"shop": migrated.cipher, "method": "GET", "error": 36009003}, "r", 1))
    assert codes(PartnerClient.in_process(app), 1) == [36009003]
    assert codes(PartnerClient.in_process(app, shop="second"), 1) == [0]


def test_connection_faults_in_process_raise_what_httpx_raises() -> None:
    _, http = in_process(faults="path=/logistics/*,connection=reset;path=/product/*,connection=empty")
    with pytest.raises(httpx.ReadError):
        http.get(WAREHOUSES)
    with pytest.raises(httpx.RemoteProtocolError):
        http.get("/product/202309/categories")


# --- the Prefer header ------------------------------------------------------------------------------------------------
def test_prefer_forces_a_documented_code_on_one_call() -> None:
    client, _ = in_process()
    r = client.get(WAREHOUSES, headers={"Prefer": "code=36009002"})
    assert (r.status_code, r.json()["code"]) == (429, 36009002)
    assert client.get(WAREHOUSES).json()["code"] == 0


def test_prefer_with_an_operations_own_code_and_an_unknown_one() -> None:
    client, _ = in_process()
    own = client.get("/order/202309/orders", query={"ids": "1"}, headers={"Prefer": "code=21008111"})
    assert own.status_code == 200 and own.json()["code"] == 21008111 and own.json()["message"]
    r = client.get(WAREHOUSES, headers={"Prefer": "code=12345"})
    assert r.status_code == 400 and r.json()["code"] == 36009004 and "12345" in r.json()["message"]


def test_prefer_on_the_legacy_api_answers_its_envelope() -> None:
    app = create_app(Settings())
    legacy = LegacyClient(app).login()
    r = legacy.get("/v2/order/list", params={"fs_id": 13004}, headers={"Prefer": "code=ORD_DLV_013"})
    assert r.json()["header"]["error_code"] == "ORD_DLV_013" and r.status_code == 400


def test_prefer_can_be_switched_off() -> None:
    client, _ = in_process(prefer_header=False)
    assert client.get(WAREHOUSES, headers={"Prefer": "code=36009002"}).json()["code"] == 0


# --- the control plane, flags, the config file, reset -------------------------------------------------------------
def test_list_count_delete_and_refusals() -> None:
    client, http = in_process(faults="id=cfg,operation=get_warehouse_list,error=36009003,first=1")
    codes(client, 2)
    assert http.get("/_mock/faults").json()["data"]["rules"][0] | {} == {
        "id": "cfg", "operation": "get_warehouse_list", "first": 1, "error": 36009003, "seen": 2, "fired": 1
    }  # fmt: skip
    for bad in ({"error": 99999999}, {"latency": "soon"}, {"colour": "red"}, {"operation": "x"}, [1]):
        r = http.post("/_mock/faults", json=bad)
        assert r.status_code == 400 and r.json()["code"] == 36009004, bad
    assert http.delete("/_mock/faults/cfg").json()["data"] == {"removed": True}
    assert http.delete("/_mock/faults/cfg").status_code == 404


def test_reset_drops_added_rules_and_restores_configured_ones() -> None:
    client, http = in_process(faults="id=cfg,operation=get_warehouse_list,latency=1")
    http.post("/_mock/faults", json={"id": "added", "path": "/product/*", "error": 36009003})
    http.delete("/_mock/faults/cfg")
    http.post("/_mock/reset")
    assert [r["id"] for r in http.get("/_mock/faults").json()["data"]["rules"]] == ["cfg"]


def test_flags_and_the_config_file(tmp_path: Path) -> None:
    spec = "operation=get_warehouse_list,error=36009003"
    settings, _ = resolve({"faults": spec}, None, {}, tmp_path)
    assert codes(PartnerClient.in_process(create_app(settings)), 1) == [36009003]
    toml = tmp_path / "tokopedia-mock.toml"
    toml.write_text('[serve]\nseed = 3\n\n[[faults]]\noperation = "get_warehouse_list"\nlatency = "uniform:1:2"\n'
                    '\n[[faults]]\npath = "/order/*"\nerror = 36009003\nprobability = 0.5\n')  # fmt: skip
    values = file_values(toml)
    assert values["seed"] == 3 and '"probability": 0.5' in values["faults"]
    toml.write_text('[[faults]]\nerror = "nope"\n')
    with pytest.raises(ValueError, match="not a documented error code"):
        create_app(Settings(**file_values(toml)))
