"""Multi-package fulfillment as the Partner API offers it: shipping services and labels (Get Eligible Shipping
Service, Create Packages), several parcels per package (the 202610 shapes the public client sends), invoices and
proof-of-delivery files. No HTTP here; splitting and combining themselves are mockserver/orders/packaging.py.

Each function raises `OrderError`s that the handlers map to the operation's codes, and changes nothing when it
raises.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import random
import re
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from mockserver import events
from mockserver.catalog.compliance_models import ProductFile
from mockserver.fulfillment.backend import check_tracking_number
from mockserver.logistics.models import DeliveryOption, ShippingProvider
from mockserver.orders import backend as orders
from mockserver.orders import models as m
from mockserver.orders import packaging, state
from mockserver.store import Store

#: Parcels one package may ship in (Mark Package As Shipped 202610 `shipping_info_list`; GUESS: the docs say only
#: "multiple tracking numbers" for allow-listed sellers; the mock treats every seller as allow-listed).
MAX_PARCELS = 10
POUND_GRAMS = Decimal("453.59237")
INCH_CM = Decimal("2.54")
_DAYS = re.compile(r"(\d+)\s*-\s*(\d+)\s*hari")
#: Upload Invoice: only Brazil (official); the file is base64 XML of at most 1 MB.
INVOICE_REGIONS = frozenset({"BR"})
INVOICE_MAX_BYTES = 1024 * 1024


# --- shipping services ---------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class ShippingService:
    id: str
    name: str
    price: int
    currency: str
    earliest_days: int
    latest_days: int
    provider: ShippingProvider
    option: DeliveryOption
    is_default: bool


def service_id(option: DeliveryOption, provider: ShippingProvider) -> str:
    """A stable 19-digit id for (delivery option, courier): the mock's shipping services."""
    return f"73{option.id[-6:]}{provider.id[-11:]}"


def grams(weight: dict[str, str] | None, fallback: int) -> int:
    if weight is None:
        return fallback
    value = _decimal(weight.get("value"), "weight.value")
    unit = weight.get("unit", "GRAM")
    if unit not in ("GRAM", "POUND"):
        raise m.InvalidLineItems("weight.unit must be GRAM or POUND")
    return int((value * POUND_GRAMS) if unit == "POUND" else value)


def longest_side_cm(dimension: dict[str, str] | None, fallback: tuple[int, int, int]) -> tuple[int, int, int]:
    if dimension is None:
        return fallback
    unit = dimension.get("unit", "CM")
    if unit not in ("CM", "INCH"):
        raise m.InvalidLineItems("dimension.unit must be CM or INCH")
    factor = INCH_CM if unit == "INCH" else Decimal(1)
    sides = [_decimal(dimension.get(k), f"dimension.{k}") * factor for k in ("length", "width", "height")]
    return (int(sides[0]) or 1, int(sides[1]) or 1, int(sides[2]) or 1)


def _decimal(raw: object, name: str) -> Decimal:
    try:
        value = Decimal(str(raw))
    except (InvalidOperation, ValueError):
        raise m.InvalidLineItems(f"{name} must be a number") from None
    if not value.is_finite() or value <= 0 or value > 10**7:
        raise m.InvalidLineItems(f"{name} must be a positive number")
    return value


def services(store: Store, order: m.Order, weight_grams: int, sides_cm: tuple[int, int, int]) -> list[ShippingService]:
    """The platform-logistics services that can carry such a package, the order's own first (the default).
    Prices and days are the mock's (GUESS): 9,000 IDR + 2,000 per started kg over the first, express x2."""
    if order.shipping_type != m.SHIPPING_TIKTOK:
        return []
    out: list[ShippingService] = []
    for option in store.logistics.options_for(m.SHIPPING_TIKTOK):
        if weight_grams > option.max_weight_grams or max(sides_cm) > option.max_side_cm:
            continue
        days = _DAYS.search(option.description)
        earliest, latest = (int(days.group(1)), int(days.group(2))) if days else (0, 1)
        extra_kg = max(0, -(-weight_grams // 1000) - 1)
        price = (9000 + 2000 * extra_kg) * (2 if option.type == "EXPRESS" else 1)
        for provider_id in option.providers:
            provider = store.logistics.providers[provider_id]
            default = option.id == order.delivery_option_id and provider.id == order.shipping_provider_id
            name = f"{provider.name} {option.name}"
            out.append(ShippingService(service_id(option, provider), name, price, "IDR", earliest, latest, provider,
                                       option, default))  # fmt: skip
    out.sort(key=lambda s: not s.is_default)
    if out and not out[0].is_default:
        out[0] = ShippingService(**{**out[0].__dict__, "is_default": True})
    return out


def _items(store: Store, order: m.Order, line_item_ids: Sequence[str] | None, *, whole: bool = False) -> list[str]:
    """The line items a package is for: those named (unshipped items of the order), every unshipped item (`whole`:
    gathered into one package), else the order's one open package (MultiplePackages when it has several)."""
    if order.status not in (m.AWAITING_SHIPMENT, m.PARTIALLY_SHIPPING):
        if order.status in (m.AWAITING_COLLECTION, m.IN_TRANSIT, m.DELIVERED, m.COMPLETED):
            raise m.AlreadyShipped("order")
        raise m.InvalidTransition("ship", order.status)
    pending = packaging.pending_items(store, order)
    if line_item_ids:
        wanted = list(dict.fromkeys(line_item_ids))
        unknown = [li for li in wanted if order.line_item(li) is None]
        if unknown:
            raise m.InvalidLineItems(f"line items {unknown} are not in order {order.id}")
        if any(li not in pending for li in wanted):
            raise m.AlreadyShipped("line item")
        return wanted
    open_packages = packaging.open_packages(store, order)
    if len(open_packages) > 1 and not whole:
        raise m.MultiplePackages("the order has several packages: name the line items")
    if not pending:
        raise m.AlreadyShipped("order")
    return pending


def eligible_services(
    store: Store, shop_id: str, order_id: str, body: dict[str, Any]
) -> tuple[m.Order, list[str], int, tuple[int, int, int], list[ShippingService]]:
    """Get Eligible Shipping Service: (order, line items, grams, sides in cm, services); NoShippingService when
    nothing can carry the package."""
    order = orders.require_order(store, order_id, shop_id)
    items = _items(store, order, body.get("order_line_item_ids"))
    weight = grams(body.get("weight"), 250 * len(items) + 100)
    sides = longest_side_cm(body.get("dimension"), (20, 15, 10))
    found = services(store, order, weight, sides)
    if not found:
        raise m.NoShippingService("no shipping service can carry this package")
    return order, items, weight, sides, found


@dataclass(frozen=True)
class Label:
    """What Create Packages bought: the package, its service, weight and size."""

    package: m.Package
    service: ShippingService
    weight_grams: int
    sides_cm: tuple[int, int, int]


def create_packages(
    store: Store, rng: random.Random, shop_id: str, body: dict[str, Any], now: int, *, order_ids: Sequence[str] = ()
) -> Label:
    """Create Packages: buy a label for some line items of an order (or, `order_ids`, for orders combined into one
    package): the package is created (split off, or combined) and shipped with the chosen or default service."""
    if order_ids:
        first = orders.require_order(store, order_ids[0], shop_id)
        items: list[str] = []
        for oid in order_ids:
            o = orders.require_order(store, oid, shop_id)
            if not packaging.combinable(store, o):
                raise m.NotCombinable(f"order {oid} cannot share a package")
            items += [li.id for li in o.line_items]
        order = first
    else:
        order = orders.require_order(store, str(body.get("order_id") or ""), shop_id)
        items = _items(store, order, body.get("order_line_item_ids"), whole=bool(body.get("whole_order")))
        combined = next((p for p in packaging.open_packages(store, order) if p.combined_order_ids), None)
        if combined is not None:
            raise m.PackageCombined("the order shares a combined package")
    weight = grams(body.get("weight"), 250 * len(items) + 100)
    sides = longest_side_cm(body.get("dimension"), (20, 15, 10))
    found = services(store, order, weight, sides)
    if not found:
        raise m.NoShippingService("no shipping service can carry this package")
    wanted = body.get("shipping_service_id")
    service = next((s for s in found if s.id == wanted), None) if wanted else found[0]
    if service is None:
        raise m.NoShippingService(f"shipping service {wanted} not found", unknown=True)
    if order_ids:
        pre_id = packaging.pre_package_id(store, order_ids)
        package = packaging.combine(store, shop_id, pre_id, order_ids, now)
    else:
        package = state.package_for(store, order, items, now)
    package.weight_grams, package.dimension_cm = weight, sides
    package.shipping_service_id = service.id
    package.delivery_option_id, package.delivery_option_name = service.option.id, service.option.name
    package.shipping_provider_id, package.shipping_provider_name = service.provider.id, service.provider.name
    orders.ship(store, package.id, now, rng=rng, shop_id=shop_id)
    return Label(package, service, weight, sides)


def ship_type_202512(body: dict[str, Any]) -> tuple[dict[str, Any], list[str]]:
    """Create Packages 202512 (the public client's shape): `ship_type` 1 whole order, 2 some line items
    (`order_line_item[].order_line_id`), 3 several orders in one package (`order_list_ids`, at least two) ->
    (a 202309-shaped body, the orders to combine)."""
    kind = str(body.get("ship_type", ""))
    common: dict[str, Any] = {k: body[k] for k in ("dimension", "weight", "shipping_service_id") if k in body}
    if kind == "1" and body.get("order_id"):
        return {**common, "order_id": body["order_id"], "whole_order": True}, []
    if kind == "2" and body.get("order_id") and body.get("order_line_item"):
        ids = [str(li.get("order_line_id") or "") for li in body["order_line_item"]]
        return {**common, "order_id": body["order_id"], "order_line_item_ids": ids}, []
    if kind == "3" and len(set(body.get("order_list_ids") or ())) >= 2:
        return common, list(dict.fromkeys(body["order_list_ids"]))
    raise m.InvalidLineItems("ship_type must be 1 or 2 (with order_id) or 3 (with two or more order_list_ids)")


# --- several parcels per package (202610) --------------------------------------------------------------------------
def parcels(store: Store, shop_id: str, package_id: str | None, raw: Sequence[dict[str, Any]]) -> list[dict[str, str]]:
    """`shipping_info_list` checked: 1..MAX_PARCELS entries with a well-formed, distinct tracking number and a known
    courier each, none used by another package of the shop."""
    if not raw:
        raise m.InvalidTracking("missing", "shipping_info_list needs at least one tracking number")
    if len(raw) > MAX_PARCELS:
        raise m.InvalidLineItems(f"at most {MAX_PARCELS} tracking numbers per package")
    out: list[dict[str, str]] = []
    for entry in raw:
        number, provider = entry.get("tracking_number"), entry.get("shipping_provider_id")
        if not number or not provider:
            raise m.InvalidTracking("missing", "each shipping_info_list entry needs tracking_number and provider")
        check_tracking_number(str(number))
        if str(provider) not in store.logistics.providers:
            raise m.InvalidTracking("provider", f"shipping provider {provider} does not exist")
        state.check_tracking_free(store, shop_id, str(number), package_id)
        out.append({"tracking_number": str(number), "shipping_provider_id": str(provider),
                    "note": str(entry.get("note") or "")})  # fmt: skip
    if len({p["tracking_number"] for p in out}) != len(out):
        raise m.InvalidTracking("duplicate", "the same tracking number twice")
    return out


def mark_shipped_202610(
    store: Store, rng: random.Random, shop_id: str, order_id: str, body: dict[str, Any], now: int
) -> m.Package:
    """Mark Package As Shipped 202610: `order_line_list[].order_line_id` (sub items of bundles are not modelled)
    and `shipping_info_list` — the first parcel is the package's tracking number, the others its extra parcels."""
    given = parcels(store, shop_id, None, body.get("shipping_info_list") or ())
    lines = [str(li.get("order_line_id") or "") for li in body.get("order_line_list") or ()]
    package = orders.mark_shipped(
        store,
        rng,
        order_id,
        now,
        tracking_number=given[0]["tracking_number"],
        shipping_provider_id=given[0]["shipping_provider_id"],
        line_item_ids=lines or None,
        shop_id=shop_id,
    )
    if len(given) > 1:
        state.assign_parcels(store, package, given[1:])
        state.touch_package(store, package, now, "tracking", parcels=len(given))
    return package


def update_parcels_202610(store: Store, shop_id: str, package_id: str, body: dict[str, Any], now: int) -> None:
    """Update Package Shipping Info 202610: the package's parcels replaced by `shipping_info_list`."""
    package = orders.require_package(store, package_id, shop_id)
    given = parcels(store, shop_id, package.id, body.get("shipping_info_list") or ())
    orders.update_tracking(
        store,
        package.id,
        now,
        tracking_number=given[0]["tracking_number"],
        shipping_provider_id=given[0]["shipping_provider_id"],
    )
    state.assign_parcels(store, package, given[1:])


# --- invoices (Brazil) ------------------------------------------------------------------------------------------------
def upload_invoices(
    store: Store, shop_id: str, entries: Sequence[dict[str, Any]], now: int
) -> list[tuple[m.OrderError, dict[str, Any]]]:
    """Upload Invoice: each `{package_id, order_ids, file_type: XML, file: base64}` kept on its package; the refused
    ones come back with their entry."""
    failures: list[tuple[m.OrderError, dict[str, Any]]] = []
    for entry in entries:
        try:
            _invoice(store, shop_id, entry, now)
        except m.OrderError as e:
            failures.append((e, entry))
    return failures


def invoice_order_ids(entry: dict[str, Any]) -> list[str]:
    raw = entry.get("order_ids")
    return [str(raw)] if isinstance(raw, str) else [str(o) for o in raw or ()]


def _invoice(store: Store, shop_id: str, entry: dict[str, Any], now: int) -> None:
    package = orders.require_package(store, str(entry["package_id"]), shop_id)
    ids = invoice_order_ids(entry)
    strangers = [o for o in ids if o not in package.order_ids]
    if not ids or strangers:
        raise m.NotOwned("order", ",".join(strangers) or "(none)")
    if entry.get("file_type") != "XML":
        raise m.InvalidLineItems("file_type must be XML")
    try:
        data = base64.b64decode(str(entry["file"]), validate=True)
    except (binascii.Error, ValueError):
        raise m.InvalidLineItems("file must be base64") from None
    if not data or len(data) > INVOICE_MAX_BYTES:
        raise m.InvalidLineItems("the invoice must be 1 byte to 1 MB")
    digest = hashlib.sha256(data).hexdigest()
    if any(inv.get("sha256") == digest for inv in package.invoices):
        raise m.InvalidTransition("upload", "already uploaded", "invoice")
    package.invoices.append({"order_ids": ids, "file_type": "XML", "size": len(data), "sha256": digest, "time": now})
    state.touch_package(store, package, now, "invoice", order_ids=ids)


# --- proof of delivery ------------------------------------------------------------------------------------------------
def store_delivery_file(
    store: Store, rng: random.Random, seller_id: str, name: str, content_type: str, data: bytes, now: int
) -> str:
    """Keep an uploaded proof-of-delivery file; its key (the mock serves it under the documents path)."""
    key = f"pod{rng.getrandbits(96):024x}"
    store.compliance.files[key] = ProductFile(key, name, "PDF", len(data), seller_id, data)
    store.events.emit(events.FILE_STORED, now, None, "file", key, use_case="PROOF_OF_DELIVERY", size=len(data))
    return key
