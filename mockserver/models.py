"""Domain records shared by both API dialects: apps and their credentials, sellers, shops, authorizations, tokens.

Plain dataclasses: no HTTP, no rendering. The legacy Seller API's client credentials (`LegacyApp`) and its Bearer
tokens (`LegacyToken`) are records of the same apps, so they live here too; `mockserver/auth/` issues both kinds.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class App:
    """A partner app registered in Partner Center."""

    app_key: str
    app_secret: str
    service_id: str
    name: str
    redirect_url: str
    #: The API scope packages the app was granted in Partner Center.
    scopes: tuple[str, ...]


@dataclass
class Seller:
    """A seller account (one `open_id` per seller)."""

    id: str
    name: str
    open_id: str
    base_region: str
    user_type: int = 0
    #: True for "Tokopedia & Shop" sellers whose Tokopedia shop was migrated to TikTok Shop.
    tokopedia_migrated: bool = False


@dataclass
class Shop:
    id: str
    seller_id: str
    name: str
    region: str
    seller_type: str  # LOCAL | CROSS_BORDER
    cipher: str
    code: str
    #: Platforms the shop sells on: TIKTOK_SHOP, and TOKOPEDIA for migrated Indonesian shops.
    platforms: tuple[str, ...] = ("TIKTOK_SHOP",)
    #: The shop's id in the legacy Tokopedia Seller API, for migrated shops.
    tokopedia_shop_id: int | None = None
    status: str = "ACTIVE"
    #: TikTok Shop -> Tokopedia mirroring (mockserver/shops/mirror.py): MIRRORED, ROLLED_BACK, CANCELED; None: never.
    mirror_status: str | None = None


@dataclass
class Authorization:
    """A seller's consent for an app: which shops and scopes."""

    app_key: str
    seller_id: str
    shop_ids: set[str]
    scopes: tuple[str, ...]
    create_time: int
    #: When the authorization expires by itself (the refresh token's expiry: "equivalent to the authorization
    #: duration", official); None: never (auth/deadlines.py arms the timers).
    expires_at: int | None = None
    #: When the next "upcoming expiration" notice is due; a notice timer for another time is stale.
    notice_due: int | None = None


@dataclass
class AuthCode:
    code: str
    app_key: str
    seller_id: str
    shop_ids: frozenset[str]
    expires_at: int
    used: bool = False


@dataclass
class TokenPair:
    """An access token and its refresh token, issued to one app for one seller."""

    access_token: str
    access_expires_at: int
    refresh_token: str
    refresh_expires_at: int
    app_key: str
    seller_id: str
    scopes: tuple[str, ...]
    issued_at: int
    extra: dict[str, str] = field(default_factory=dict)


@dataclass
class LegacyApp:
    """An app on the legacy Tokopedia developer console: `client_id`/`client_secret` and its `fs_id` ("App ID")."""

    client_id: str
    client_secret: str
    fs_id: int
    #: The Partner app this legacy app became (same owner): its seller authorizations decide the linked shops.
    app_key: str
    #: Shop ids (Partner ids) linked to `fs_id`; any other shop answers 403 RBAC_MDLW_001.
    linked_shop_ids: set[str] = field(default_factory=set)


@dataclass
class LegacyToken:
    """A Bearer token of the legacy accounts host (client credentials grant)."""

    access_token: str
    client_id: str
    fs_id: int
    issued_at: int
    expires_at: int
