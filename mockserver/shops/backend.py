"""Shops and seller info as the Partner API shows them. No HTTP here."""

from __future__ import annotations

from typing import Any

from mockserver.store import Store


def authorized_shops(store: Store, app_key: str, seller_id: str) -> list[dict[str, Any]]:
    auth = store.authorization_for(app_key, seller_id)
    if auth is None:
        return []
    return [
        {
            "id": s.id,
            "name": s.name,
            "region": s.region,
            "seller_type": s.seller_type,
            "cipher": s.cipher,
            "code": s.code,
        }
        for s in store.shops_of(seller_id)
        if s.id in auth.shop_ids
    ]


def active_shops(store: Store, seller_id: str) -> list[dict[str, Any]]:
    return [{"id": s.id, "region": s.region} for s in store.shops_of(seller_id) if s.status == "ACTIVE"]


def permissions(store: Store, seller_id: str) -> list[str]:
    """GUESS: the official example only shows MANAGE_GLOBAL_PRODUCT, which applies to cross-border sellers."""
    shops = store.shops_of(seller_id)
    return ["MANAGE_GLOBAL_PRODUCT"] if any(s.seller_type == "CROSS_BORDER" for s in shops) else []
