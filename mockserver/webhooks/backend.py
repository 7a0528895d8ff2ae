"""Webhook subscription rules shared by both dialects. No HTTP here.

An address is an http(s) URL with a host (the Partner API caps it at 255 characters; the legacy registration's
URL fields carry the same `pattern` in schemas/legacy/webhook/register-webhook.json).
"""

from __future__ import annotations

import re

from mockserver import events
from mockserver.errors import DomainError
from mockserver.store import Store
from mockserver.webhooks.models import LegacyRegistration

#: An http(s) URL with a host.
URL = re.compile(r"https?://[^/?#\s]+(?:[/?#]\S*)?")
ADDRESS_MAX = 255


class WebhookError(DomainError):
    REASON = "webhook.invalid_address"


def check_address(name: str, value: object, *, allow_empty: bool = False) -> str:
    """`value` as a subscription address, or a `WebhookError` naming the field (`facts["field"]`)."""
    if allow_empty and (value is None or value == ""):
        return ""
    if not isinstance(value, str) or URL.fullmatch(value) is None:
        raise WebhookError(detail=f"{name} must be an http(s) URL", field=name)
    return value


def register_legacy(store: Store, fs_id: int, urls: dict[str, str], secret: str, now: int) -> LegacyRegistration:
    """Replace the fs_id's registration: URLs left out become "" (the legacy API overwrites, confirmed)."""
    registration = LegacyRegistration(fs_id, dict(urls), secret, now)
    store.legacy_webhooks[fs_id] = registration
    store.events.emit(
        events.WEBHOOK_SUBSCRIBED,
        now,
        None,
        "legacy_registration",
        str(fs_id),
        event_types=sorted(k for k, v in urls.items() if v),
    )
    return registration
