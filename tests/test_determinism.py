"""Same seed, same world; another seed, another world. Time only from the injected clock."""

from __future__ import annotations

from typing import Any

from mockserver import Settings, create_app
from mockserver.clock import FrozenClock
from mockserver.testing import PartnerClient
from tests.conftest import T0


def world(seed: int) -> Any:
    app = create_app(Settings(seed=seed, clock=FrozenClock(T0)))
    client = PartnerClient.in_process(app)
    return client.http.get("/_mock/apps").json()["data"], client.get(
        "/authorization/202309/shops", shop_cipher=None
    ).json()


def test_same_seed_same_data_ids_and_responses() -> None:
    assert world(3) == world(3)


def test_other_seed_other_data() -> None:
    assert world(3)[0] != world(4)[0]


def test_seeded_names_are_indonesian() -> None:
    app = create_app(Settings(seed=1, clock=FrozenClock(T0)))
    shops = app.state.mock.store.shops.values()
    assert all(s.name.split()[0] in {"Toko", "Rumah", "Pusat", "Galeri", "Warung"} for s in shops)


def test_token_expiry_follows_the_injected_clock() -> None:
    app = create_app(Settings(seed=1, clock=FrozenClock(T0)))
    pair = next(iter(app.state.mock.store.access_tokens.values()))
    assert pair.access_expires_at == T0 + 7 * 24 * 3600
