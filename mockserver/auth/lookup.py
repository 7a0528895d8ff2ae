"""The seller's authorization of an app that covers one shop: shared by the steps that act on it. No HTTP here."""

from __future__ import annotations

from mockserver.auth.errors import NOT_AUTHORIZED, UNKNOWN_SHOP, AuthError
from mockserver.models import Authorization, Shop
from mockserver.store import Store


def shop_authorization(store: Store, app_key: str, shop_id: str) -> tuple[Shop, Authorization]:
    """The shop and the authorization of `app_key` that includes it; `AuthError` when there is none."""
    shop = store.shops.get(shop_id)
    if shop is None:
        raise AuthError(UNKNOWN_SHOP, f"no shop with id '{shop_id}'", shop_id=shop_id)
    auth = store.authorization_for(app_key, shop.seller_id)
    if auth is None or shop_id not in auth.shop_ids:
        raise AuthError(NOT_AUTHORIZED, f"shop {shop_id} has not authorized app {app_key}", shop_id=shop_id)
    return shop, auth
