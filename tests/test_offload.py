"""Which requests run off the event loop (mockserver/offload.py): the rule, and the legacy Get Product by id."""

from __future__ import annotations

import base64
from typing import Any

import pytest
from starlette.testclient import TestClient

from mockserver import Settings, create_app, offload


@pytest.mark.parametrize(
    ("names", "expected"),
    [
        (["product_id"], True),
        (["product_id", "product_id", "shop_id"], True),
        (["product"], True),
        (["shop_id"], False),  # a shop's page
        (["product_id", "page"], False),
        (["product_id", "per_page"], False),
        (["product_id", "sku"], False),  # a SKU code is a search
        (["product_url"], False),
        (["product_id"] * (offload.MAX_IDS + 1), False),
        ([], False),
    ],
)
def test_a_read_by_ids_is_bounded_only_with_ids_alone(names: list[str], expected: bool) -> None:
    assert offload.by_ids(names) is expected


def test_legacy_get_product_by_id_runs_on_the_loop_and_a_page_does_not(monkeypatch: pytest.MonkeyPatch) -> None:
    from mockserver.legacy import dispatch

    heavy: list[bool] = []
    real = dispatch.locked

    async def spy(lock: Any, work: Any, **kw: Any) -> Any:
        heavy.append(bool(kw.get("heavy", False)))
        return await real(lock, work, **kw)

    monkeypatch.setattr(dispatch, "locked", spy)
    app = create_app(Settings())
    http = TestClient(app)
    creds = next(iter(app.state.mock.store.legacy_apps.values()))
    basic = "Basic " + base64.b64encode(f"{creds.client_id}:{creds.client_secret}".encode()).decode()
    token = http.post("/token", params={"grant_type": "client_credentials"}, headers={"authorization": basic})
    bearer = {"authorization": f"Bearer {token.json()['access_token']}"}
    shop = next(s for s in app.state.mock.store.shops.values() if s.tokopedia_shop_id)
    path = f"/inventory/v1/fs/{creds.fs_id}/product/info"
    page = http.get(path, params={"shop_id": shop.tokopedia_shop_id, "page": 1, "per_page": 2}, headers=bearer)
    assert page.status_code == 200, page.text
    product_id = page.json()["data"][0]["basic"]["productID"]
    one = http.get(path, params={"product_id": product_id}, headers=bearer)
    assert one.status_code == 200 and one.json()["data"][0]["basic"]["productID"] == product_id
    assert heavy[-2:] == [True, False]
