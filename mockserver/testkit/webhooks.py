"""The `tokopedia_mock_webhooks` fixture's object: the mock's built-in receiver as a test sees it.

It subscribes (through the real APIs: the Partner Event API, Partner Center's configuration in the control plane,
the legacy registration), collects what is delivered to `/_mock/webhooks/receiver/<name>`, verifies each signature
(Partner `Authorization`, legacy `Authorization-Hmac`), parses Partner deliveries with the public `tiktok-shop-api`
client's `Webhooks.verify_and_parse` when it is installed, and waits for a given notification with a timeout.

    hooks = tokopedia_mock.webhooks()            # or the `tokopedia_mock_webhooks` fixture
    ...drive an order...
    hook = hooks.wait_for("ORDER_STATUS_CHANGE", order_status="AWAITING_SHIPMENT")
    assert hook.data["order_id"] == order_id
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import itertools
import time
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Protocol

import orjson

from mockserver.legacy.webhooks import URL_FIELDS
from mockserver.partner.webhooks.notifications import TYPES
from mockserver.webhooks.subscriptions import EVENT_API_TOPICS, PARTNER_CENTER_TOPICS

if TYPE_CHECKING:
    from mockserver.delivery.engine import DeliveryEngine
    from mockserver.delivery.receiver import Received

#: The secret the inbox registers for the legacy webhooks of its fs_id.
LEGACY_SECRET = "tokopedia-mock-test-webhook-secret"
TOPICS_BY_TYPE = {number: name for name, number in TYPES.items()}
_names = itertools.count(1)


class MockHandle(Protocol):
    """What the inbox needs of a test handle (mockserver/testkit/handle.py `TokopediaMock` is one)."""

    @property
    def app(self) -> Any: ...
    @property
    def app_key(self) -> str: ...
    @property
    def app_secret(self) -> str: ...
    @property
    def base_url(self) -> str: ...
    def shop(self, ref: str = "migrated") -> Any: ...
    def client(self, shop: str | None = "migrated", *, rate_limit_retries: int = 3) -> Any: ...
    def http_client(self) -> Any: ...


class WebhookSignatureMismatch(AssertionError):
    """A delivery's signature does not match its body: the mock signed it wrong (or the test's credentials are)."""


@dataclass(frozen=True)
class Webhook:
    """One delivery the receiver got: its dialect, topic, raw request and body."""

    dialect: str  # "partner" | "legacy"
    topic: str  # ORDER_STATUS_CHANGE ... for the Partner API; order_status ... for the legacy API
    received: Received
    body: dict[str, Any]
    #: The `tiktok-shop-api` client's typed model (Partner deliveries, when the client is installed).
    event: Any = None

    @property
    def data(self) -> dict[str, Any]:
        """The Partner notification's `data` (the whole body for a legacy payload)."""
        data = self.body.get("data") if self.dialect == "partner" else self.body
        return data if isinstance(data, dict) else {}

    @property
    def raw_body(self) -> bytes:
        return self.received.body

    def header(self, name: str) -> str | None:
        return self.received.header(name)


class WebhookInbox:
    def __init__(self, handle: MockHandle, shop: str = "migrated", name: str | None = None) -> None:
        self.handle = handle
        self.shop = handle.shop(shop)
        self.name = name or f"test-{next(_names)}"
        self.legacy_secret = LEGACY_SECRET
        self._parsed: dict[tuple[int, float], Webhook] = {}

    # --- where deliveries go ------------------------------------------------------------------------------------
    @property
    def engine(self) -> DeliveryEngine:
        engine: DeliveryEngine = self.handle.app.state.webhooks
        return engine

    def url(self, *, status: int = 200, delay: float = 0.0, legacy: bool = False, event: str = "") -> str:
        """The receiver's URL (answering `status` after `delay` seconds); legacy deliveries go to `<name>.legacy`."""
        path = f"{self.handle.base_url}/_mock/webhooks/receiver/{self.name}{'.legacy' if legacy else ''}"
        query = [f"status={status}"] if status != 200 else []
        query += [f"delay={delay:g}"] if delay else []
        query += [f"event={event}"] if event else []
        return path + ("?" + "&".join(query) if query else "")

    # --- subscribing ----------------------------------------------------------------------------------------------
    def subscribe(
        self, event_types: tuple[str, ...] = EVENT_API_TOPICS, *, status: int = 200, delay: float = 0.0
    ) -> None:
        """Update Shop Webhook for each event type (signed, as the app), pointing at this receiver."""
        client = self.handle.client(self.shop.ref)
        for event_type in event_types:
            body = {"address": self.url(status=status, delay=delay), "event_type": event_type}
            answer = client.put("/event/202309/webhooks", json=body).json()
            if answer.get("code") != 0:
                raise AssertionError(f"Update Shop Webhook {event_type} was refused: {answer}")

    def subscribe_partner_center(
        self, event_types: tuple[str, ...] = PARTNER_CENTER_TOPICS, *, status: int = 200, delay: float = 0.0
    ) -> None:
        """The app's Partner Center URL and topics (for every shop), for the topics the Event API does not list."""
        body = {"address": self.url(status=status, delay=delay), "event_types": list(event_types)}
        answer = self.handle.http_client().put("/_mock/webhooks/partner_center", json=body).json()
        if answer.get("code") != 0:
            raise AssertionError(f"Partner Center configuration was refused: {answer}")

    def subscribe_legacy(self, *, status: int = 200, delay: float = 0.0) -> None:
        """`POST /v1/fs/{fs_id}/register` with every URL field pointing at `<name>.legacy`, signed with
        `legacy_secret`."""
        http = self.handle.http_client()
        legacy = self._legacy_app()
        basic = base64.b64encode(f"{legacy['client_id']}:{legacy['client_secret']}".encode()).decode()
        token = http.post(
            "/token", params={"grant_type": "client_credentials"}, headers={"Authorization": f"Basic {basic}"}
        ).json()["access_token"]
        body: dict[str, Any] = {
            name: self.url(status=status, delay=delay, legacy=True, event=name.removesuffix("_url"))
            for name in URL_FIELDS
        }
        body["webhook_secret"] = self.legacy_secret
        answer = http.post(
            f"/v1/fs/{legacy['fs_id']}/register", json=body, headers={"Authorization": f"Bearer {token}"}
        )
        if answer.status_code != 200:
            raise AssertionError(f"legacy webhook registration was refused: {answer.text}")

    def subscribe_all(self) -> None:
        self.subscribe()
        self.subscribe_partner_center()
        if self._legacy_app() is not None:
            self.subscribe_legacy()

    def _legacy_app(self) -> Any:
        apps = self.handle.http_client().get("/_mock/apps").json()["data"]["apps"]
        return next(a["legacy"] for a in apps if a["app_key"] == self.handle.app_key)

    # --- what arrived -----------------------------------------------------------------------------------------------
    def received(self) -> list[Webhook]:
        """Every delivery so far, Partner and legacy, in arrival order; raises if any signature is wrong."""
        receiver = self.engine.receiver
        items = receiver.received(self.name) + receiver.received(self.name + ".legacy")
        return [self._read(r) for r in sorted(items, key=lambda r: r.seq)]

    def partner(self, topic: str | None = None) -> list[Webhook]:
        return [w for w in self.received() if w.dialect == "partner" and topic in (None, w.topic)]

    def legacy(self, topic: str | None = None) -> list[Webhook]:
        return [w for w in self.received() if w.dialect == "legacy" and topic in (None, w.topic)]

    def wait_for(self, topic: str, timeout: float = 10.0, count: int = 1, **data: Any) -> Webhook:
        """The `count`-th delivery of `topic` whose data has these values, waiting up to `timeout` (wall) seconds
        for it. Fails the test when it does not come."""
        name = self.name + ".legacy" if topic not in TYPES else self.name
        receiver = self.engine.receiver
        deadline = time.monotonic() + timeout
        while True:
            items = receiver.received(name)
            found = [w for w in map(self._read, items) if w.topic == topic and _has(w.data, data)]
            if len(found) >= count:
                return found[count - 1]
            last = items[-1].seq if items else 0
            if not receiver.wait_newer(name, last, deadline - time.monotonic()):
                seen = [(w.topic, w.data) for w in map(self._read, receiver.received(name))]
                raise AssertionError(f"no {count} x {topic} {data or ''} within {timeout} s; received: {seen}")

    def clear(self) -> None:
        self.engine.receiver.clear(self.name)
        self.engine.receiver.clear(self.name + ".legacy")
        self._parsed.clear()

    def _read(self, r: Received) -> Webhook:
        """The delivery, verified and parsed (once: the inbox remembers)."""
        key = (r.seq, r.received_at)  # a reset handle has a new receiver, counting from 1 again
        known = self._parsed.get(key)
        if known is None:
            known = self._parsed[key] = self._verify(r)
        return known

    def _verify(self, r: Received) -> Webhook:
        body = orjson.loads(r.body)
        if r.name.endswith(".legacy"):
            expected = hmac.new(self.legacy_secret.encode(), r.body, hashlib.sha256).hexdigest()
            if not hmac.compare_digest(expected, r.header("authorization-hmac") or ""):
                raise WebhookSignatureMismatch(f"legacy delivery {r.seq}: Authorization-Hmac does not match its body")
            topic = dict(p.split("=", 1) for p in r.query.split("&") if "=" in p).get("event", "")
            return Webhook("legacy", topic, r, body)
        app_key, app_secret = self.handle.app_key, self.handle.app_secret
        signature = r.header("authorization") or ""
        expected = hmac.new(app_secret.encode(), app_key.encode() + r.body, hashlib.sha256).hexdigest()
        if not hmac.compare_digest(expected, signature):
            raise WebhookSignatureMismatch(f"Partner delivery {r.seq}: Authorization does not match its body")
        return Webhook(
            "partner",
            TOPICS_BY_TYPE.get(body.get("type"), str(body.get("type"))),
            r,
            body,
            _parse(app_key, app_secret, r.body, signature),
        )


def _has(data: dict[str, Any], wanted: dict[str, Any]) -> bool:
    return all(data.get(k) == v for k, v in wanted.items())


def _parse(app_key: str, app_secret: str, raw: bytes, signature: str) -> Any:
    try:
        from tiktok_shop_api import Webhooks
    except ImportError:  # the client is optional: the inbox verified the signature itself
        return None
    return Webhooks.verify_and_parse(app_key=app_key, app_secret=app_secret, raw_body=raw, signature=signature)
