"""Records only the legacy Seller API has: its apps (client_id, fs_id), tokens, webhook registrations, id maps.

Everything else (shops, products, orders) is the shared domain in the store; these records sit beside it in
`Store.legacy`, so a reset or snapshot of the store covers them too.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from typing import Any


@dataclass
class LegacyApp:
    """An app registered on the legacy developer console: `client_id`/`client_secret` and its `fs_id` ("App ID")."""

    client_id: str
    client_secret: str
    fs_id: int
    #: The Partner app this legacy app became (same owner): its seller authorizations decide the linked shops.
    app_key: str
    #: Shop ids (Partner ids) linked to `fs_id`; any other shop answers 403 RBAC_MDLW_001.
    linked_shop_ids: set[str] = field(default_factory=set)


@dataclass
class LegacyToken:
    access_token: str
    client_id: str
    fs_id: int
    issued_at: int
    expires_at: int


@dataclass
class WebhookRegistration:
    """`POST /v1/fs/{fs_id}/register`: the URLs per event type and the HMAC secret. Delivery is a later issue."""

    fs_id: int
    urls: dict[str, str]
    webhook_secret: str
    update_time: int


@dataclass
class LegacyIdMap:
    """Legacy numeric ids <-> Partner ids, one map per kind (product, sku, warehouse, order, user).

    The legacy id of a Partner id is a pure function (its last 10 digits, see `legacy/ids.py`); this map only
    remembers the answers so that a legacy id can be turned back, and settles the (unlikely) collisions.
    """

    to_legacy: dict[tuple[str, str], int] = field(default_factory=dict)  # (kind, partner id) -> legacy id
    to_partner: dict[tuple[str, int], str] = field(default_factory=dict)  # (kind, legacy id) -> partner id


@dataclass
class LegacyState:
    apps: dict[str, LegacyApp] = field(default_factory=dict)  # by client_id
    tokens: dict[str, LegacyToken] = field(default_factory=dict)  # by access token
    webhooks: dict[int, WebhookRegistration] = field(default_factory=dict)  # by fs_id
    ids: LegacyIdMap = field(default_factory=LegacyIdMap)
    #: Stock increment/decrement retries: (fs_id, operation, request_id) -> the first answer's `data`.
    idempotency: dict[tuple[int, str, str], Any] = field(default_factory=dict)
    #: What only the legacy API knows about a product (condition, min_order, picture URLs...), by Partner id.
    product_meta: dict[str, dict[str, Any]] = field(default_factory=dict)
    #: What only the legacy order flow knows, by the order's `seq` (its legacy id is derived from it): when the
    #: seller accepted it (ack), requested pick-up, or rejected it (nack: reason code and text), the AWB given on
    #: confirm shipping of a platform-logistics order, and whether the shipping label was printed.
    acks: dict[int, int] = field(default_factory=dict)
    pickups: dict[int, int] = field(default_factory=dict)
    rejections: dict[int, dict[str, Any]] = field(default_factory=dict)
    awbs: dict[int, str] = field(default_factory=dict)
    labels_printed: set[int] = field(default_factory=set)
    #: Rate-limit buckets by (client, operation): [tokens left, time of the last refill] (legacy/ratelimit.py).
    rate_buckets: dict[tuple[str, str], list[float]] = field(default_factory=dict)
    #: Tokens come from their own stream, so legacy traffic never shifts the Partner API's ids.
    rng: random.Random = field(default_factory=lambda: random.Random("legacy"))

    def app_by_fs_id(self, fs_id: int) -> LegacyApp | None:
        return next((a for a in self.apps.values() if a.fs_id == fs_id), None)
