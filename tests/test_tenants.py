"""Tenants: independent mocks in one server, by header or path prefix; one per xdist worker on a shared server."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path
from typing import Any

import httpx
import pytest
from starlette.testclient import TestClient
from tiktok_shop_api import TikTokShop

from mockserver import Settings, create_app
from mockserver.testing import LiveServer
from mockserver.testkit.transport import InProcessTransport
from tests.legacy.helpers import product

HEADER = "x-tokopedia-mock-tenant"


@pytest.fixture
def app() -> Any:
    return create_app(Settings(max_tenants=3))


@pytest.fixture
def http(app: Any) -> TestClient:
    return TestClient(app, base_url="http://testserver")


def offset(http: TestClient, **kw: Any) -> float:
    value: float = http.get(kw.pop("path", "/_mock/clock"), **kw).json()["data"]["offset_seconds"]
    return value


def test_header_and_prefix_name_the_same_tenant_and_the_default_is_untouched(http: TestClient) -> None:
    assert http.post("/_tenants/a/_mock/clock", json={"advance": 60}).status_code == 200
    assert offset(http, headers={HEADER: "a"}) == 60
    assert offset(http, path="/_tenants/b/_mock/clock") == 0 and offset(http) == 0


def test_each_tenant_has_its_own_store_and_events(app: Any, http: TestClient) -> None:
    tenant = app.state.tenants.get("a").app.state.mock
    body = {"items": [{"sku_id": product(tenant).skus[0].id, "quantity": 1}]}
    assert http.post("/_mock/orders", json=body, headers={HEADER: "a"}).status_code == 200
    events = http.get("/_mock/events", headers={HEADER: "a"}).json()["data"]["events"]
    assert [e["type"] for e in events] == ["order.created"]
    assert http.get("/_mock/events").json()["data"]["events"] == []
    assert http.get("/_mock/requests", headers={HEADER: "b"}).json()["data"]["requests"] == []


def test_the_real_client_signs_the_prefixed_path_and_links_keep_the_prefix(app: Any) -> None:
    mock = app.state.tenants.get("a").app.state.mock
    shop = mock.store.shops[mock.refs.shops["migrated"]]
    pair = next(p for p in mock.store.access_tokens.values() if p.seller_id == shop.seller_id)
    s = mock.settings
    # (the client adds shop_cipher only to paths it knows, so a prefixed base URL suits the shop-less calls; a
    # shop's calls go by the header: a transport that adds it)
    with TikTokShop(s.app_key, s.app_secret, pair.access_token, base_url="http://testserver/_tenants/a",
                    transport=InProcessTransport(app)) as client:  # fmt: skip
        found = client.authorization.get_authorized_shops()
    assert found is not None and found.to_dict()["data"]["shops"][0]["cipher"] == shop.cipher  # tenant a's token
    r = TestClient(app, base_url="http://testserver").post("/_tenants/a/_mock/orders", json={})
    urls = [li["sku_image"] for li in r.json()["data"]["order"]["line_items"] if li["sku_image"]]
    assert urls and all(u.startswith("http://testserver/_tenants/a/img/") for u in urls)  # links keep the prefix


def test_tenants_are_listed_with_their_memory_and_bounded(http: TestClient) -> None:
    for name in ("a", "b"):
        http.get("/_mock/health", headers={HEADER: name})
    assert http.put("/_mock/tenants/c", json={"seed": 7}).json()["data"]["seed"] == 7
    listed = http.get("/_mock/tenants").json()["data"]
    assert [t["name"] for t in listed["tenants"]] == ["a", "b", "c"] and listed["max_tenants"] == 3
    assert all(t["memory_bytes"] >= 0 for t in listed["tenants"]) and listed["process_rss_bytes"] > 10**7
    r = http.get("/_mock/health", headers={HEADER: "d"})
    assert r.status_code == 400 and "At most 3 tenants" in r.json()["message"]
    assert http.delete("/_mock/tenants/a").json()["data"] == {"deleted": "a"}
    assert http.get("/_mock/health", headers={HEADER: "d"}).status_code == 200


def test_a_tenants_memory_is_what_its_store_took() -> None:
    script = (
        "from mockserver import Settings, create_app\n"
        "from starlette.testclient import TestClient\n"
        "http = TestClient(create_app(Settings(orders_per_shop=40000, seed_mode='eager')), base_url='http://testserver')\n"
        "http.put('/_mock/tenants/big')\n"
        "print(http.get('/_mock/tenants').json()['data']['tenants'][0]['memory_bytes'])\n"
    )
    run = subprocess.run([sys.executable, "-W", "ignore", "-c", script], capture_output=True, text=True, timeout=300)
    assert run.returncode == 0, run.stderr
    assert int(run.stdout.split()[-1]) > 10 * 1024**2  # a fresh process: its growth is the tenant's


def test_a_tenant_seeded_differently_has_other_data(app: Any, http: TestClient) -> None:
    http.put("/_mock/tenants/seven", json={"seed": 7})
    seven = app.state.tenants.get("seven").app.state.mock
    assert seven.refs.shops["migrated"] != app.state.mock.refs.shops["migrated"]


@pytest.mark.parametrize("name", ["bad name", "x" * 65, "a/b"])
def test_bad_names_are_refused(http: TestClient, name: str) -> None:
    r = http.get("/_mock/health", headers={HEADER: name})
    assert r.status_code == 400 and r.json()["code"] == 36009004


def test_tenants_can_be_off() -> None:
    http = TestClient(create_app(Settings(max_tenants=0)), base_url="http://testserver")
    assert http.get("/_mock/clock", headers={HEADER: "a"}).json()["data"]["offset_seconds"] == 0
    assert http.get("/_tenants/a/_mock/clock").json()["code"] == 36009009  # no such path without tenants


# --- two pytest-xdist workers on one live server ---------------------------------------------------------------------
WORKER_TESTS = textwrap.dedent(
    """
    import os
    import pytest

    @pytest.mark.parametrize("i", range(6))
    def test_my_tenant_is_mine(tokopedia_mock_server, i):
        worker = os.environ["PYTEST_XDIST_WORKER"]
        hours = 1 + int(worker[2:])
        http = tokopedia_mock_server.http_client()
        assert http.get("/_mock/clock").json()["data"]["offset_seconds"] == 0  # reset before the test
        tokopedia_mock_server.advance_clock(hours * 3600)
        shop = tokopedia_mock_server.shop("migrated")
        client = tokopedia_mock_server.client()
        assert client.get("/logistics/202309/warehouses").json()["code"] == 0
        assert http.get("/_mock/clock").json()["data"]["offset_seconds"] == hours * 3600
        seen = tokopedia_mock_server.requests(operation="get_warehouse_list")
        assert [e["shop_id"] for e in seen] == [shop.id]  # only this test's call, in this tenant
        print(worker, "ok")
    """
)


def test_two_xdist_workers_on_one_server_are_isolated(tmp_path: Path) -> None:
    (tmp_path / "test_workers.py").write_text(WORKER_TESTS)
    with LiveServer(Settings(journal_size=100)) as server:
        env = {**os.environ, "TOKOPEDIA_MOCK_URL": server.base_url}
        env.pop("PYTEST_XDIST_WORKER", None)
        env.pop("PYTEST_ADDOPTS", None)
        run = subprocess.run(
            [sys.executable, "-m", "pytest", "-q", "-p", "xdist", "-n", "2", "-p", "no:cacheprovider", str(tmp_path)],
            cwd=tmp_path, env=env, capture_output=True, text=True, timeout=600,
        )  # fmt: skip
        assert run.returncode == 0, run.stdout[-3000:] + run.stderr[-3000:]
        assert "6 passed" in run.stdout
        tenants = httpx.get(f"{server.base_url}/_mock/tenants").json()["data"]["tenants"]
        assert sorted(t["name"] for t in tenants) == ["gw0", "gw1"]
        assert httpx.get(f"{server.base_url}/_mock/events").json()["data"]["events"] == []  # the default untouched
