"""Webhook subscriptions: the Partner API's per shop and event type, the legacy Seller API's per fs_id."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass
class LegacyRegistration:
    """`POST /v1/fs/{fs_id}/register`: the URLs per event type and the HMAC secret."""

    fs_id: int
    urls: dict[str, str]
    webhook_secret: str
    update_time: int
