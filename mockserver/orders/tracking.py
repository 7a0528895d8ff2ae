"""Tracking events a package collects on its way (Get Tracking shows them, newest first, in milliseconds).

The wording is the mock's own (GUESS): the official example only shows "Your package was delivered!".
"""

from __future__ import annotations

from mockserver.orders import models as m

DELIVERED_TEXT = "Your package was delivered!"


def add(package: m.Package, description: str, at: int) -> None:
    package.tracking.append(m.TrackingEvent(description, at * 1000))


def shipped(package: m.Package, at: int) -> None:
    if package.shipping_type == m.SHIPPING_SELLER:
        add(package, f"Seller has shipped the package with {package.shipping_provider_name}", at)
    elif package.handover_method == m.DROP_OFF:
        add(package, f"Seller will drop off the package at a {package.shipping_provider_name} drop-off point", at)
    else:
        add(package, f"Seller has arranged shipment; {package.shipping_provider_name} will pick up the package", at)


def collected(package: m.Package, at: int) -> None:
    add(package, f"Package picked up by {package.shipping_provider_name}", at)


def in_transit(package: m.Package, order: m.Order, at: int) -> None:
    add(package, f"Package arrived at the {package.shipping_provider_name} sorting center, {_city(order)}", at)


def out_for_delivery(package: m.Package, at: int) -> None:
    add(package, "Package is out for delivery", at)


def delivered(package: m.Package, at: int) -> None:
    add(package, DELIVERED_TEXT, at)


def delivery_failed(package: m.Package, reason: str, at: int) -> None:
    add(package, f"Delivery attempt failed: {reason.replace('_', ' ').lower()}", at)


def cancelled(package: m.Package, at: int) -> None:
    add(package, "Package cancelled", at)


def replay(package: m.Package, order: m.Order, now: int) -> None:
    """Events for a seeded package, from the times already on it (none later than `now`)."""
    if package.rts_time is not None:
        shipped(package, package.rts_time)
    if package.collection_time is not None:
        collected(package, package.collection_time)
        if package.collection_time + 4 * 3600 <= now:
            in_transit(package, order, package.collection_time + 4 * 3600)
    if package.delivery_time is not None:
        out_for_delivery(package, package.delivery_time - 3 * 3600)
        delivered(package, package.delivery_time)
    if package.cancel_time is not None and package.rts_time is not None:
        cancelled(package, package.cancel_time)


def events(*packages: m.Package) -> list[m.TrackingEvent]:
    """The packages' events, newest first (GUESS: the usual carrier-tracking order); ties keep the later-added first."""
    tagged = [(e.time_ms, n, i, e) for n, p in enumerate(packages) for i, e in enumerate(p.tracking)]
    tagged.sort(key=lambda t: (t[0], t[1], t[2]), reverse=True)
    return [t[3] for t in tagged]


def _city(order: m.Order) -> str:
    return next((d.name for d in order.recipient.districts if d.level == "L2"), "")
