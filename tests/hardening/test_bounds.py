"""Bounded everything (issue 16, item 2): the clock, control-plane bodies, multipart forms, upload bytes, the
materialized-order cache, auth codes and tokens kept."""

from __future__ import annotations

import struct
import zlib

import pytest
from starlette.testclient import TestClient

from mockserver import Settings, create_app
from mockserver.auth import backend as auth
from mockserver.orders import backend, search
from mockserver.runtime import Mock
from mockserver.testing import PartnerClient

UPLOAD = "/product/202309/images/upload"


@pytest.mark.parametrize(
    "body", [{"advance": 1e17}, {"advance": -1e17}, {"offset": 3.2e9}, {"advance": True}, {"advance": "1"}, []]
)
def test_the_clock_refuses_a_poison_pill(raw: TestClient, body: object) -> None:
    r = raw.post("/_mock/clock", json=body)
    assert r.status_code == 400 and r.json()["code"] == 36009004
    assert (
        raw.get("/_mock/health").json()["code"] == 0 and raw.get("/_mock/clock").json()["data"]["offset_seconds"] == 0
    )


def test_the_clock_moves_within_its_bounds(raw: TestClient) -> None:
    before = raw.get("/_mock/clock").json()["data"]["now"]
    assert raw.post("/_mock/clock", json={"advance": 86400}).json()["data"]["now"] == before + 86400


def test_the_clock_bound_is_a_setting() -> None:
    client = TestClient(create_app(Settings(max_clock_offset=100)))
    assert client.post("/_mock/clock", json={"advance": 101}).status_code == 400
    assert client.post("/_mock/clock", json={"advance": 100}).status_code == 200


def test_a_control_plane_body_past_the_limit_is_refused() -> None:
    client = TestClient(create_app(Settings(max_body_bytes=1000)))
    r = client.post("/_mock/orders", content=b'{"shop":"' + b"a" * 2000 + b'"}')
    assert r.status_code == 413 and r.json()["code"] == 36009021


def png(side: int, size: int) -> bytes:
    header = struct.pack(">IIBBBBB", side, side, 8, 2, 0, 0, 0)
    data = (
        b"\x89PNG\r\n\x1a\n"
        + struct.pack(">I", 13)
        + b"IHDR"
        + header
        + struct.pack(">I", zlib.crc32(b"IHDR" + header))
    )
    return data + b"\x00" * (size - len(data))


def upload(client: PartnerClient, body: bytes, boundary: str = "b0und") -> dict[str, object]:
    params = client.signed_params(UPLOAD, None, b"", cipher=None, multipart=True)
    headers = {
        "x-tts-access-token": client.access_token or "",
        "content-type": f"multipart/form-data; boundary={boundary}",
    }
    r = client.http.post(UPLOAD, params=params, content=body, headers=headers)
    result: dict[str, object] = r.json()
    return result


def form(parts: list[tuple[str, bytes]], boundary: str = "b0und") -> bytes:
    pieces = [
        f"--{boundary}\r\ncontent-disposition: form-data; name={name}\r\n\r\n".encode() + value + b"\r\n"
        for name, value in parts
    ]
    return b"".join(pieces) + f"--{boundary}--\r\n".encode()


def test_a_form_of_many_parts_is_refused_at_the_bound(signed: PartnerClient) -> None:
    answer = upload(signed, form([("x", b"")] * 180_000))
    assert answer["code"] == 36009022 and "more than 16 parts" in str(answer["message"])


def test_a_part_past_its_bound_is_refused() -> None:
    client = PartnerClient.in_process(create_app(Settings(max_multipart_part_bytes=5000)))
    assert upload(client, form([("data", png(400, 6000))]))["code"] == 36009021
    assert upload(client, form([("data", png(400, 4000))]))["code"] == 0


def test_a_good_form_still_uploads(signed: PartnerClient) -> None:
    answer = upload(signed, form([("data", png(400, 2000)), ("use_case", b"MAIN_IMAGE")]))
    assert answer["code"] == 0 and answer["data"]["width"] == 400  # type: ignore[index]


def test_uploads_past_the_byte_budget_lose_their_bytes_oldest_first() -> None:
    app = create_app(Settings(upload_store_bytes=10_000))
    client, mock = PartnerClient.in_process(app), app.state.mock
    uris = [upload(client, form([("data", png(400, 4000))]))["data"]["uri"] for _ in range(4)]  # type: ignore[index]
    held = [bool(mock.store.images[u].data) for u in uris]
    assert held == [False, False, True, True] and sum(mock.store.image_lru.values()) <= 10_000
    served = client.http.get(f"/img/{uris[0]}")  # still known: a placeholder of its size
    assert served.status_code == 200 and served.headers["content-type"] == "image/png"


def test_a_walk_over_every_order_keeps_only_the_cache_size() -> None:
    app = create_app(Settings(orders_per_shop=3000, order_cache_size=200))
    mock: Mock = app.state.mock
    book = mock.store.order_book
    mock.store.lazy.all()  # every shop's seeded world built (lazyshops.py): its open orders hold stock
    changed_before = len(book.order_by_seq) - len(book.clean)  # open seeded orders hold stock: changed, kept
    query = search.Query(shop_ids=(mock.refs.shops["migrated"],))
    token = None
    walked = 0
    while True:
        page = search.search_orders(mock.store, query, 100, token)
        walked += len([backend.order_at(mock.store, s) for s in page.seqs])
        token = page.next_page_token or None
        if token is None:
            break
    assert walked == 3000 and len(book.clean) <= 200
    assert len(book.order_by_seq) - len(book.clean) == changed_before


def test_a_walk_through_the_partner_api_keeps_at_most_the_cache_size_materialized() -> None:
    """Every page of Search Orders and Get Order Detail of its ids, as a client syncing a shop does: the orders kept
    materialized never pass the changed ones (open orders hold stock) plus `order_cache_size`."""
    app = create_app(Settings(orders_per_shop=3000, order_cache_size=200))
    book = app.state.mock.store.order_book
    app.state.mock.store.lazy.all()  # every shop's seeded world built (lazyshops.py): its open orders hold stock
    bound = len(book.order_by_seq) - len(book.clean) + 200
    client = PartnerClient.in_process(app)
    query: dict[str, object] = {"page_size": 100}
    walked = 0
    while True:
        data = client.post("/order/202309/orders/search", query=query, json={}).json()["data"]
        ids = [o["id"] for o in data["orders"]]
        for chunk in (ids[:50], ids[50:]):
            detail = client.get("/order/202309/orders", query={"ids": ",".join(chunk)}).json()["data"]
            assert len(detail["orders"]) == 50
        walked += len(ids)
        assert len(book.order_by_seq) <= bound
        if not data["next_page_token"]:
            break
        query["page_token"] = data["next_page_token"]
    assert walked == 3000 and len(book.clean) == 200


def test_an_evicted_order_comes_back_the_same_and_a_changed_one_is_never_evicted() -> None:
    app = create_app(Settings(orders_per_shop=500, order_cache_size=10))
    mock: Mock = app.state.mock
    store, shop = mock.store, mock.refs.shops["migrated"]
    seqs = search.search_orders(store, search.Query(shop_ids=(shop,)), 100, None).seqs
    first = backend.order_at(store, seqs[0])
    snapshot = (first.id, first.status, [li.id for li in first.line_items], first.recipient)
    first.buyer_message = "changed by a test"
    for seq in seqs[1:60]:
        backend.order_at(store, seq)
    assert backend.order_at(store, seqs[0]) is first and first.buyer_message == "changed by a test"
    second = backend.order_at(store, seqs[1])
    if second.seq not in store.order_book.clean:
        return  # an open order: it holds stock, so it was never clean
    for seq in seqs[60:90]:
        backend.order_at(store, seq)
    again = backend.order_at(store, seqs[1])
    assert again is not second and again == second and snapshot[0] == first.id


def test_auth_codes_and_tokens_kept_are_bounded(mock: Mock, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(auth, "MAX_AUTH_CODES", 5)
    monkeypatch.setattr(auth, "MAX_TOKENS_PER_SELLER", 3)
    store, app = mock.store, mock.store.apps[mock.settings.app_key]
    c = auth.consent(store, app.service_id)
    codes = [auth.grant_code(store, mock.settings, mock.ids, mock.clock, c) for _ in range(8)]
    assert len(store.auth_codes) == 5 and codes[-1] in store.auth_codes and codes[0] not in store.auth_codes
    pair = auth.exchange_code(store, mock.settings, mock.ids, mock.clock, app, codes[-1])
    for _ in range(6):
        auth.refresh(store, mock.settings, mock.ids, mock.clock, app, pair.refresh_token)
    mine = [p for p in store.access_tokens.values() if p.app_key == app.app_key and p.seller_id == pair.seller_id]
    assert len(mine) == 3 and store.refresh_tokens[pair.refresh_token] in mine
