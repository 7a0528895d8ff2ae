"""Order records shared by both API dialects: orders, their line items, packages and tracking events.

Stable API for other areas (the legacy Tokopedia Seller API, the control plane): the status constants, `Order`,
`LineItem`, `Package`, `RecipientAddress`, `Payment`, `TrackingEvent` and the `OrderError` family. The lifecycle
functions that move these records live in `mockserver/orders/backend.py`.

Conventions: money is a decimal string in the order's currency (IDR has no minor unit: "125000"); ids are numeric
strings; times are Unix seconds from `mock.clock` (tracking events keep milliseconds, as the API shows them).
One line item is one unit: an order for 3 of a SKU has 3 line items with that `sku_id` (the official line item has
no quantity field). Line item `display_status` and `package_status` are derived from the order and the package,
so they cannot disagree with them.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from mockserver.errors import DomainError

# --- order status (official values, Get Order Detail / Get Order List) ------------------------------------------
UNPAID = "UNPAID"
ON_HOLD = "ON_HOLD"
AWAITING_SHIPMENT = "AWAITING_SHIPMENT"
PARTIALLY_SHIPPING = "PARTIALLY_SHIPPING"
AWAITING_COLLECTION = "AWAITING_COLLECTION"
IN_TRANSIT = "IN_TRANSIT"
DELIVERED = "DELIVERED"
COMPLETED = "COMPLETED"
CANCELLED = "CANCELLED"
ORDER_STATUSES = (
    UNPAID,
    ON_HOLD,
    AWAITING_SHIPMENT,
    PARTIALLY_SHIPPING,
    AWAITING_COLLECTION,
    IN_TRANSIT,
    DELIVERED,
    COMPLETED,
    CANCELLED,
)
#: Paid orders whose stock is held (committed) in the warehouse until the courier collects the package.
STOCK_HELD = frozenset({ON_HOLD, AWAITING_SHIPMENT, PARTIALLY_SHIPPING, AWAITING_COLLECTION})
#: Statuses a seller (or the platform) can still cancel from.
CANCELLABLE = frozenset({UNPAID, ON_HOLD, AWAITING_SHIPMENT, PARTIALLY_SHIPPING, AWAITING_COLLECTION})

# --- package status (line item `package_status`; Get Package Detail / Search Package `package_status`) --------------
PKG_TO_FULFILL = "TO_FULFILL"  # waiting for the seller to arrange shipment
PKG_PROCESSING = "PROCESSING"  # shipment arranged, waiting for the carrier to collect
PKG_FULFILLING = "FULFILLING"  # collected, in transit
PKG_COMPLETED = "COMPLETED"  # delivered
PKG_CANCELLED = "CANCELLED"
PACKAGE_STATUSES = (PKG_TO_FULFILL, PKG_PROCESSING, PKG_FULFILLING, PKG_COMPLETED, PKG_CANCELLED)
#: Package statuses after the seller shipped.
SHIPPED = frozenset({PKG_PROCESSING, PKG_FULFILLING, PKG_COMPLETED})

# --- shipping and fulfilment ---------------------------------------------------------------------------------------
SHIPPING_TIKTOK = "TIKTOK"  # platform logistics: the seller gets a label from the platform
SHIPPING_SELLER = "SELLER"  # the seller ships and uploads a tracking number
SHIPPING_TYPES = (SHIPPING_TIKTOK, SHIPPING_SELLER)
PICKUP = "PICKUP"
DROP_OFF = "DROP_OFF"
HANDOVER_METHODS = (PICKUP, DROP_OFF)
FULFILLMENT_BY_SELLER = "FULFILLMENT_BY_SELLER"
HOME_DELIVERY = "HOME_DELIVERY"

# --- who cancelled ---------------------------------------------------------------------------------------------------
BUYER = "BUYER"
SELLER = "SELLER"
SYSTEM = "SYSTEM"
CANCEL_INITIATORS = (BUYER, SELLER, SYSTEM)

# --- where the order was placed (Indonesian shops only) -------------------------------------------------------------
TIKTOK_SHOP = "TIKTOK_SHOP"
TOKOPEDIA = "TOKOPEDIA"


@dataclass
class District:
    """One level of `recipient_address.district_info`: L0 country, L1 province, L2 city, L3 district, L4 village."""

    level: str  # L0..L4
    level_name: str  # Country, Province, City, District, Sub-district
    name: str


@dataclass
class RecipientAddress:
    """Where the order goes, unmasked; the Partner API masks name and phone for platform logistics."""

    name: str
    first_name: str
    last_name: str
    phone_number: str  # E.164, e.g. +6281234567890
    address_detail: str  # street, number, RT/RW
    postal_code: str
    districts: list[District]
    region_code: str = "ID"

    @property
    def full_address(self) -> str:
        parts = [self.address_detail, *(d.name for d in reversed(self.districts) if d.level != "L0")]
        return ", ".join(parts) + f" {self.postal_code}"


@dataclass
class Buyer:
    user_id: str
    email: str  # anonymized relay address
    nickname: str


@dataclass
class Payment:
    """What the buyer pays, as decimal strings (`sub_total` = products - discounts; `total_amount` = all)."""

    currency: str
    original_total_product_price: str
    seller_discount: str
    platform_discount: str
    sub_total: str
    original_shipping_fee: str
    shipping_fee_seller_discount: str
    shipping_fee_platform_discount: str
    shipping_fee: str
    tax: str
    total_amount: str
    method_name: str  # for display, e.g. "GoPay", "BCA Virtual Account", "COD"


@dataclass
class LineItem:
    """One unit of one SKU, snapshotted when the order was placed (later catalog edits do not change it)."""

    id: str
    sku_id: str
    product_id: str
    product_name: str
    sku_name: str
    seller_sku: str
    sku_image_uri: str
    original_price: str
    sale_price: str
    seller_discount: str = "0"
    platform_discount: str = "0"
    currency: str = "IDR"
    package_id: str | None = None
    is_gift: bool = False
    cancel_user: str = ""
    cancel_reason: str = ""
    #: Retail price of a free item (gift, sample), as the docs' `gift_retail_price`; "0" otherwise.
    gift_retail_price: str = "0"


@dataclass
class TrackingEvent:
    description: str
    time_ms: int  # Unix milliseconds (`update_time_millis`)


@dataclass
class Package:
    """A parcel: some (usually all) line items of one order, and where they are on the way to the buyer."""

    id: str
    seq: int  # position in the package index; never reused
    shop_id: str
    order_id: str
    line_item_ids: list[str]
    status: str  # PKG_*
    shipping_type: str
    delivery_option_id: str
    delivery_option_name: str
    shipping_provider_id: str
    shipping_provider_name: str
    create_time: int
    update_time: int
    handover_method: str | None = None
    pickup_slot: tuple[int, int] | None = None  # (start_time, end_time)
    tracking_number: str = ""
    rts_time: int | None = None  # shipped by the seller
    collection_time: int | None = None  # collected by the carrier
    delivery_time: int | None = None
    cancel_time: int | None = None
    weight_grams: int = 500
    dimension_cm: tuple[int, int, int] = (20, 15, 10)
    tracking: list[TrackingEvent] = field(default_factory=list)
    # --- multi-package fulfillment (issue 14, orders/packaging.py) ---
    #: The other orders whose line items a combined package holds (empty: only `order_id`'s).
    combined_order_ids: list[str] = field(default_factory=list)
    #: More parcels of the same package (one large item in several boxes): [{tracking_number,
    #: shipping_provider_id, note}], after the main `tracking_number`.
    extra_tracking: list[dict[str, str]] = field(default_factory=list)
    #: The shipping service the seller bought a label for (Create Packages), if any.
    shipping_service_id: str = ""
    #: Uploaded invoices (Upload Invoice): [{order_ids, file_type, size, time}].
    invoices: list[dict[str, object]] = field(default_factory=list)

    @property
    def shipped(self) -> bool:
        return self.status in SHIPPED

    @property
    def order_ids(self) -> list[str]:
        """Every order with line items in this package, its own first."""
        return [self.order_id, *self.combined_order_ids]


@dataclass
class Order:
    id: str
    seq: int  # position in the order index; never reused
    shop_id: str
    status: str
    create_time: int
    update_time: int  # time of the last status change
    buyer: Buyer
    recipient: RecipientAddress
    line_items: list[LineItem]
    payment: Payment
    shipping_type: str
    warehouse_id: str
    delivery_option_id: str
    delivery_option_name: str
    shipping_provider_id: str
    shipping_provider_name: str
    commerce_platform: str | None  # TIKTOK_SHOP or TOKOPEDIA for Indonesian shops; None elsewhere
    fulfillment_type: str = FULFILLMENT_BY_SELLER
    delivery_type: str = HOME_DELIVERY
    is_cod: bool = False
    buyer_message: str = ""
    seller_note: str = ""
    packages: list[str] = field(default_factory=list)  # package ids, in creation order
    is_on_hold_order: bool = False
    paid_time: int | None = None
    rts_time: int | None = None  # first package shipped by the seller
    collection_time: int | None = None  # status became IN_TRANSIT
    delivery_time: int | None = None  # status became DELIVERED
    completed_time: int | None = None
    cancel_time: int | None = None
    cancel_reason: str = ""
    cancellation_initiator: str = ""
    is_buyer_request_cancel: bool = False
    request_cancel_time: int | None = None
    #: The buyer's reason for the open cancellation request (a reason name, mockserver/returns/reasons.py).
    request_cancel_reason: str = ""
    #: True while this order holds committed stock in the catalog (from payment until collection or cancel).
    stock_committed: bool = False
    #: The seller accepted the order (the legacy API's "ack", status 400; the Partner API shows no such step).
    accepted_time: int | None = None
    #: The seller asked the courier to pick the order up (the legacy API's request-pickup answer time).
    pickup_requested_time: int | None = None
    #: The seller rejected the order (legacy "nack"): {"reason_code", "reason", "time"}; the order is cancelled.
    rejection: dict[str, object] | None = None
    #: The air waybill the seller gave when confirming shipment of a platform-logistics order (legacy status 500).
    awb: str = ""
    #: The shipping label was printed (legacy `printed`).
    label_printed: bool = False
    # --- the platform's deadlines (orders/deadlines.py) ---
    #: The SLAs the order missed, by the Partner API field that shows each ("rts_sla_time", ...).
    sla_missed: list[str] = field(default_factory=list)
    #: Due time of the order's live SLA timer (an older one that comes up is stale).
    sla_next: int | None = None
    # --- seeded realism (issue 14): order kinds the app-review use cases ask for ---
    #: NORMAL or PRE_ORDER (the docs' `order_type`); a pre-order waits ON_HOLD until `release_date`.
    order_type: str = "NORMAL"
    release_date: int | None = None
    #: A free sample (affiliate or seller-sent): the buyer pays nothing for the products.
    is_sample_order: bool = False
    #: A replacement the seller sends for `replaced_order_id`: the buyer pays nothing.
    replaced_order_id: str = ""

    @property
    def is_replacement_order(self) -> bool:
        return bool(self.replaced_order_id)

    def line_item(self, line_item_id: str) -> LineItem | None:
        return next((li for li in self.line_items if li.id == line_item_id), None)

    @property
    def quantities(self) -> dict[str, int]:
        """Units per SKU id."""
        out: dict[str, int] = {}
        for li in self.line_items:
            out[li.sku_id] = out.get(li.sku_id, 0) + 1
        return out


# --- domain errors (each dialect maps them to its own codes) -------------------------------------------------------
class OrderError(DomainError):
    """A lifecycle step that cannot be taken; nothing was changed. The subclass is the reason."""

    REASON = "order.refused"

    def __init__(self, detail: str = "", **facts: object) -> None:
        super().__init__(None, detail, **facts)


class OrderNotFound(OrderError):
    REASON = "order.not_found"

    def __init__(self, order_id: str) -> None:
        super().__init__(f"order {order_id} does not exist")
        self.order_id = order_id


class PackageNotFound(OrderError):
    REASON = "package.not_found"

    def __init__(self, package_id: str) -> None:
        super().__init__(f"package {package_id} does not exist")
        self.package_id = package_id


class NotOwned(OrderError):
    """The order or package belongs to another shop."""

    REASON = "order.not_owned"

    def __init__(self, what: str, ident: str) -> None:
        super().__init__(f"{what} {ident} does not belong to this shop")
        self.what = what
        self.ident = ident


class InvalidTransition(OrderError):
    """The order or package is not in a state that allows `action`."""

    REASON = "order.invalid_transition"

    def __init__(self, action: str, status: str, what: str = "order") -> None:
        super().__init__(f"cannot {action} this {what}: it is {status}")
        self.action = action
        self.status = status
        self.what = what


class AlreadyShipped(InvalidTransition):
    REASON = "order.already_shipped"

    def __init__(self, what: str = "package") -> None:
        super().__init__("ship", "already shipped", what)


class WrongShippingType(OrderError):
    """A seller-shipping operation on a platform-logistics package, or the other way round."""

    REASON = "order.wrong_shipping_type"

    def __init__(self, expected: str, actual: str) -> None:
        super().__init__(f"this operation needs shipping_type {expected}, the package uses {actual}")
        self.expected = expected
        self.actual = actual


class InvalidTracking(OrderError):
    """A tracking number or shipping provider that cannot be accepted; `kind` says why."""

    REASON = "order.invalid_tracking"

    def __init__(self, kind: str, detail: str = "") -> None:
        super().__init__(detail or kind, kind=kind)
        self.kind = kind  # "characters", "length", "provider", "duplicate", "missing"


class InvalidLineItems(OrderError):
    REASON = "order.invalid_line_items"

    def __init__(self, detail: str) -> None:
        super().__init__(detail)


class OutOfStock(OrderError):
    REASON = "order.out_of_stock"

    def __init__(self, sku_id: str, requested: int, available: int) -> None:
        super().__init__(f"SKU {sku_id}: {requested} requested, only {available} available")
        self.sku_id = sku_id
        self.requested = requested
        self.available = available


class InvalidOrderRequest(OrderError):
    """A control-plane request to place an order that cannot be honoured (unknown SKU, no stock, bad quantity)."""

    REASON = "order.invalid_request"


class SlotOutsideGrid(OrderError):
    """A pickup slot the carrier does not offer."""

    REASON = "package.slot_not_offered"


# --- multi-package fulfillment (issue 14, orders/packaging.py) ------------------------------------------------------
class SplitNotAllowed(OrderError):
    """The order cannot be split (or re-packed) now; `why` says why, in the words Get Order Split Attributes uses."""

    REASON = "order.split_not_allowed"

    def __init__(self, why: str) -> None:
        super().__init__(why)
        self.why = why


class PackageCombined(OrderError):
    """The order's items share a combined package: uncombine it first."""

    REASON = "order.combined"


class MultiplePackages(OrderError):
    """The order has several open packages: the caller must say which line items it means."""

    REASON = "order.multiple_packages"


class NotCombinable(OrderError):
    """Orders that cannot share a package (another buyer, warehouse or delivery option; already shipped...), or
    (`mismatch`) are not the orders of the pre-generated package named."""

    REASON = "package.not_combinable"

    def __init__(self, detail: str, *, mismatch: bool = False) -> None:
        super().__init__(detail)
        self.mismatch = mismatch


class NoShippingService(OrderError):
    """No shipping service can carry this package (too heavy or too large), or the one named does not exist."""

    REASON = "package.no_shipping_service"

    def __init__(self, detail: str, *, unknown: bool = False) -> None:
        super().__init__(detail)
        self.unknown = unknown


# --- external order references (issue 14, orders/references.py) ----------------------------------------------------
@dataclass
class ExternalOrder:
    """An order of the seller's own OMS attached to a TikTok Shop order: [(OMS line id, TikTok line id)]."""

    id: str
    platform: str
    line_items: list[tuple[str, str]]


@dataclass
class ExternalOrders:
    #: order id -> OMS platform -> reference (one per platform; a new one replaces it).
    by_order: dict[str, dict[str, ExternalOrder]] = field(default_factory=dict)
    #: (shop id, platform, OMS order id) -> TikTok order ids, in the order they were attached.
    by_reference: dict[tuple[str, str, str], dict[str, None]] = field(default_factory=dict)
