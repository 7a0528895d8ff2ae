"""Webhook subscription rules shared by both dialects, the legacy registration, and the legacy manual trigger.
No HTTP here.

An address is an http(s) URL with a host (the Partner API caps it at 255 characters; the legacy registration's
URL fields carry the same `pattern` in schemas/legacy/webhook/register-webhook.json). The real platforms want
https on a domain name without a port; the mock takes http and any host too, so local receivers work (GUESS).
"""

from __future__ import annotations

import re

from mockserver import events
from mockserver.errors import DomainError
from mockserver.store import Store
from mockserver.webhooks.models import LegacyRegistration

#: Whitespace as the schemas' patterns (ECMA-262 `\s`, jsonschema-rs) see it: Python's `\s` also takes \x1c-\x1f
#: and \x85, which would refuse what the schema accepted.
_WS = "\t\n\x0b\x0c\r \xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000\ufeff"
#: An http(s) URL with a host: the schemas' pattern `^https?://[^/?#\s]+([/?#]\S*)?$`.
URL = re.compile(f"https?://[^/?#{_WS}]+(?:[/?#][^{_WS}]*)?")
ADDRESS_MAX = 255


class WebhookError(DomainError):
    REASON = "webhook.invalid_address"


def check_address(name: str, value: object, *, allow_empty: bool = False, max_length: int | None = None) -> str:
    """`value` as a subscription address, or a `WebhookError` naming the field (`facts["field"]`)."""
    if allow_empty and (value is None or value == ""):
        return ""
    if not isinstance(value, str) or URL.fullmatch(value) is None:
        raise WebhookError(detail=f"{name} must be an http(s) URL", field=name)
    if max_length is not None and len(value) > max_length:
        raise WebhookError(detail=f"{name} must be at most {max_length} characters", field=name)
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


def legacy_targets(store: Store, shop_id: str, url_field: str) -> list[tuple[int, str, str]]:
    """(fs_id, url, webhook_secret) of every legacy app linked to the shop that registered `url_field`."""
    out: list[tuple[int, str, str]] = []
    for app in store.legacy_apps.values():
        registration = store.legacy_webhooks.get(app.fs_id)
        if registration is None or shop_id not in app.linked_shop_ids:
            continue
        url = registration.urls.get(url_field, "")
        if url:
            out.append((app.fs_id, url, registration.webhook_secret))
    return out


def trigger_legacy(store: Store, fs_id: int, topic: str, shop_id: str, order_id: str, url: str, now: int) -> None:
    """The legacy manual trigger: send the order's current `topic` payload to `url` ("" = the registered one)."""
    store.events.emit(events.WEBHOOK_TRIGGERED, now, shop_id, "order", order_id, fs_id=fs_id, topic=topic, url=url)
