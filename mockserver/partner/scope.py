"""Which shop(s) a Partner API call acts on: the one from `shop_cipher`, or every shop the token may see."""

from __future__ import annotations

from mockserver.models import Shop
from mockserver.partner.call import Call


def shop_of(call: Call) -> Shop:
    """The shop of an operation whose `shop_cipher` is required (the gate has already resolved it)."""
    shop = call.admitted.shop
    assert shop is not None, f"{call.admitted.match.operation.operation_id} needs shop_cipher"
    return shop


def shops_of(call: Call) -> list[Shop]:
    """The cipher's shop, or, when the cipher is optional and absent, every shop the token's seller authorized."""
    if call.admitted.shop is not None:
        return [call.admitted.shop]
    store, tokens = call.mock.store, call.admitted.tokens
    auth = store.authorization_for(tokens.app_key, tokens.seller_id)
    allowed = auth.shop_ids if auth is not None else set()
    return [s for s in store.shops_of(tokens.seller_id) if s.id in allowed]


def base_url(call: Call) -> str:
    """Where the client reached the mock (URLs in responses point back there)."""
    return call.base_url or call.mock.settings.base_url
