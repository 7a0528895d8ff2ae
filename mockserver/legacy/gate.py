"""The checks every fs.tokopedia.net call passes, in order: Bearer token -> fs_id -> (in the handler) shop link.

Pure functions over plain values: no Starlette here, so each rule is unit-testable.

- no, unknown or malformed token: 401; expired token: 401 (the 22-Oct-2021 news: "unauthorized");
- `fs_id` (path, or query for the order list) missing or not a number: the module's `*_DLV_001/002` (400);
- `fs_id` that is not the token's app: 401 — a token is only good for the app it was issued to;
- a shop (or an order's, product's shop) not linked to the app's `fs_id`: 403 `RBAC_MDLW_001` (`require_shop`).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from mockserver.legacy import errors
from mockserver.models import LegacyApp, LegacyToken, Shop
from mockserver.store import Store


@dataclass(frozen=True)
class Admitted:
    app: LegacyApp
    token: LegacyToken
    fs_id: int


def bearer(headers: Mapping[str, str]) -> str | None:
    """The token of an `Authorization: Bearer <token>` header (scheme case-insensitive), else None."""
    value = headers.get("authorization", "")
    scheme, _, token = value.strip().partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        return None
    return token.strip()


def check_token(store: Store, token: str | None, now: float) -> LegacyToken:
    if token is None:
        raise errors.error("MOCK_AUTH_001")
    found = store.legacy_tokens.get(token)
    if found is None or found.client_id not in store.legacy_apps:
        raise errors.error("MOCK_AUTH_002")
    if found.expires_at <= now:
        raise errors.error("MOCK_AUTH_003")
    return found


def parse_fs_id(raw: str | None, domain: str) -> int:
    if raw is None or raw == "":
        raise errors.field_error(domain, "fs_id:empty")
    if not raw.isascii() or not raw.isdigit() or len(raw) > 18:
        raise errors.field_error(domain, "fs_id:invalid")
    return int(raw)


def admit(store: Store, token: LegacyToken, fs_id: int) -> Admitted:
    if fs_id != token.fs_id:
        raise errors.error("MOCK_AUTH_004", fs_id)
    return Admitted(store.legacy_apps[token.client_id], token, fs_id)


def linked(app: LegacyApp, shop: Shop) -> bool:
    return shop.id in app.linked_shop_ids and shop.tokopedia_shop_id is not None


def shop_by_legacy_id(store: Store, shop_id: int) -> Shop | None:
    return next((s for s in store.shops.values() if s.tokopedia_shop_id == shop_id), None)


def require_shop(store: Store, app: LegacyApp, shop_id: int) -> Shop:
    """The linked shop with that legacy id; 403 RBAC_MDLW_001 for any other id, known or not (as the middleware
    cannot tell an unknown shop from someone else's)."""
    shop = shop_by_legacy_id(store, shop_id)
    if shop is None or not linked(app, shop):
        raise errors.error("RBAC_MDLW_001")
    return shop


def require_linked(app: LegacyApp, shop: Shop) -> Shop:
    if not linked(app, shop):
        raise errors.error("RBAC_MDLW_001")
    return shop


def linked_shops(store: Store, app: LegacyApp) -> list[Shop]:
    return [s for s in store.shops.values() if linked(app, s)]
