"""External order references: the seller's own OMS order (and line) ids attached to TikTok Shop orders, and the
lookups back. No HTTP here. One reference per (order, OMS platform): attaching again with the same platform
replaces it (official: "To edit the attached information ... call the API with the same OMS")."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from mockserver import events
from mockserver.orders import models as m
from mockserver.orders.lookup import get_order
from mockserver.store import Store


@dataclass(frozen=True)
class Refused:
    """One entry of Add External Order References that was not attached, and why (`what`: order | line_item)."""

    order_id: str
    external_id: str
    platform: str
    what: str
    detail: str


def add(store: Store, shop_id: str, entries: Sequence[dict[str, object]], now: int) -> list[Refused]:
    """Attach each `{id, external_order: {id, platform, line_items: [{id, origin_id}]}}`; the refused ones come back
    (an order of another shop or unknown, a line item not in the order), the rest are attached."""
    refused: list[Refused] = []
    for entry in entries:
        order_id = str(entry["id"])
        ext = entry["external_order"]
        assert isinstance(ext, dict)
        ref = m.ExternalOrder(
            id=str(ext["id"]),
            platform=str(ext["platform"]),
            line_items=[(str(li["id"]), str(li["origin_id"])) for li in ext.get("line_items") or ()],
        )
        order = get_order(store, order_id)
        if order is None or order.shop_id != shop_id:
            refused.append(Refused(order_id, ref.id, ref.platform, "order", f"order {order_id} is not this shop's"))
            continue
        unknown = [origin for _, origin in ref.line_items if order.line_item(origin) is None]
        if unknown:
            detail = f"line items {unknown} are not in order {order_id}"
            refused.append(Refused(order_id, ref.id, ref.platform, "line_item", detail))
            continue
        _attach(store, order, ref, now)
    return refused


def _attach(store: Store, order: m.Order, ref: m.ExternalOrder, now: int) -> None:
    refs = store.external_orders
    mine = refs.by_order.setdefault(order.id, {})
    old = mine.get(ref.platform)
    if old is not None:
        _unindex(store, order, old)
    mine[ref.platform] = ref
    refs.by_reference.setdefault((order.shop_id, ref.platform, ref.id), {})[order.id] = None
    store.events.emit(
        events.ORDER_UPDATED,
        now,
        order.shop_id,
        "order",
        order.id,
        fields=["external_orders"],
        platform=ref.platform,
        external_order_id=ref.id,
    )


def _unindex(store: Store, order: m.Order, ref: m.ExternalOrder) -> None:
    key = (order.shop_id, ref.platform, ref.id)
    holders = store.external_orders.by_reference.get(key)
    if holders is not None:
        holders.pop(order.id, None)
        if not holders:
            del store.external_orders.by_reference[key]


def of_order(store: Store, order: m.Order, platform: str) -> list[m.ExternalOrder]:
    """The references of an order in one OMS (GUESS: `platform` is required by the docs, so it filters)."""
    ref = store.external_orders.by_order.get(order.id, {}).get(platform)
    return [ref] if ref is not None else []


def search(store: Store, shop_id: str, platform: str, external_id: str) -> list[tuple[m.Order, m.ExternalOrder]]:
    """The shop's orders carrying this OMS order id, in the order they were attached."""
    ids: Iterable[str] = store.external_orders.by_reference.get((shop_id, platform, external_id), {})
    out = []
    for order_id in ids:
        order = get_order(store, order_id)
        ref = store.external_orders.by_order.get(order_id, {}).get(platform)
        if order is not None and ref is not None:
            out.append((order, ref))
    return out
