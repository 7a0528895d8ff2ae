"""After-sales records shared by both dialects: cancellations, returns (refund only, return and refund, replacement),
their lines, money, records timeline, and the book that holds them. The operations that move them live in
mockserver/returns/ (cancellations.py, aftersales.py); the Partner API renders them in partner/return_refund/.

Status values are the official ones (Search Cancellations / Search Returns, webhooks 11 and 12). A closed
cancellation is `CANCELLATION_REQUEST_CANCELLED`, the spelling of the search response and the webhook; the
Cancel Order doc and the search filter say `CANCELLATION_REQUEST_CANCEL`, accepted on input as the same status.

Money is whole IDR (ints here, decimal strings on the wire). A line is one unit of one order line item (orders have
one line item per unit), so a request for 2 of a SKU has 2 lines.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from mockserver.errors import DomainError
from mockserver.lazyshops import build_all
from mockserver.settings import Settings

# --- cancellations ----------------------------------------------------------------------------------------------------
CANCEL_PENDING = "CANCELLATION_REQUEST_PENDING"
CANCEL_SUCCESS = "CANCELLATION_REQUEST_SUCCESS"
CANCEL_CANCELLED = "CANCELLATION_REQUEST_CANCELLED"
CANCEL_COMPLETE = "CANCELLATION_REQUEST_COMPLETE"
CANCEL_STATUSES = (CANCEL_PENDING, CANCEL_SUCCESS, CANCEL_CANCELLED, CANCEL_COMPLETE)
#: Other spellings of a status the docs use on input.
CANCEL_STATUS_ALIASES = {"CANCELLATION_REQUEST_CANCEL": CANCEL_CANCELLED}
CANCEL = "CANCEL"  # by the seller or the system
BUYER_CANCEL = "BUYER_CANCEL"  # by the buyer: the seller (or the system) decides
CANCEL_TYPES = (CANCEL, BUYER_CANCEL)

# --- returns ----------------------------------------------------------------------------------------------------------
REFUND = "REFUND"
RETURN_AND_REFUND = "RETURN_AND_REFUND"
REPLACEMENT = "REPLACEMENT"
RETURN_TYPES = (REFUND, RETURN_AND_REFUND, REPLACEMENT)

RETURN_PENDING = "RETURN_OR_REFUND_REQUEST_PENDING"
RETURN_REJECTED = "REFUND_OR_RETURN_REQUEST_REJECT"
AWAITING_BUYER_SHIP = "AWAITING_BUYER_SHIP"
BUYER_SHIPPED_ITEM = "BUYER_SHIPPED_ITEM"
REJECT_RECEIVE_PACKAGE = "REJECT_RECEIVE_PACKAGE"
RETURN_SUCCESS = "RETURN_OR_REFUND_REQUEST_SUCCESS"
RETURN_CANCELLED = "RETURN_OR_REFUND_REQUEST_CANCEL"
RETURN_COMPLETE = "RETURN_OR_REFUND_REQUEST_COMPLETE"
AWAITING_BUYER_RESPONSE = "AWAITING_BUYER_RESPONSE"
REPLACEMENT_PENDING = "REPLACEMENT_REQUEST_PENDING"
REPLACEMENT_REJECTED = "REPLACEMENT_REQUEST_REJECT"
REPLACEMENT_REFUNDED = "REPLACEMENT_REQUEST_REFUND_SUCCESS"
REPLACEMENT_CANCELLED = "REPLACEMENT_REQUEST_CANCEL"
REPLACEMENT_COMPLETE = "REPLACEMENT_REQUEST_COMPLETE"
RETURN_STATUSES = (
    RETURN_PENDING,
    RETURN_REJECTED,
    AWAITING_BUYER_SHIP,
    BUYER_SHIPPED_ITEM,
    REJECT_RECEIVE_PACKAGE,
    RETURN_SUCCESS,
    RETURN_CANCELLED,
    RETURN_COMPLETE,
    AWAITING_BUYER_RESPONSE,
    REPLACEMENT_PENDING,
    REPLACEMENT_REJECTED,
    REPLACEMENT_REFUNDED,
    REPLACEMENT_CANCELLED,
    REPLACEMENT_COMPLETE,
)
#: The buyer may still get a refund or replacement: these lines are taken.
RETURN_OPEN = frozenset(
    {RETURN_PENDING, AWAITING_BUYER_SHIP, BUYER_SHIPPED_ITEM, AWAITING_BUYER_RESPONSE, REPLACEMENT_PENDING}
)
#: The seller agreed (or the platform decided for the buyer): the request can no longer be rejected.
RETURN_APPROVED = frozenset({RETURN_SUCCESS, RETURN_COMPLETE, REPLACEMENT_COMPLETE, REPLACEMENT_REFUNDED})
#: Rejected by the seller: the buyer may appeal to the platform.
RETURN_REJECTIONS = frozenset({RETURN_REJECTED, REJECT_RECEIVE_PACKAGE, REPLACEMENT_REJECTED})
RETURN_CLOSED = frozenset({RETURN_CANCELLED, REPLACEMENT_CANCELLED})

# --- roles, arbitration, seller actions -------------------------------------------------------------------------------
BUYER = "BUYER"
SELLER = "SELLER"
SYSTEM = "SYSTEM"
OPERATOR = "OPERATOR"  # the platform's customer service
ROLES = (BUYER, SELLER, SYSTEM, OPERATOR)

ARBITRATION_IN_PROGRESS = "IN_PROGRESS"
SUPPORT_BUYER = "SUPPORT_BUYER"
SUPPORT_SELLER = "SUPPORT_SELLER"
ARBITRATION_CLOSED = "CLOSED"
ARBITRATION_STATUSES = (ARBITRATION_IN_PROGRESS, SUPPORT_BUYER, SUPPORT_SELLER, ARBITRATION_CLOSED)

SELLER_RESPOND_CANCEL = "SELLER_RESPOND_CANCEL"
SELLER_RESPOND_REFUND = "SELLER_RESPOND_REFUND"
SELLER_RESPOND_RETURN = "SELLER_RESPOND_RETURN"
SELLER_RESPOND_RECEIVE_PACKAGE = "SELLER_RESPOND_RECEIVE_PACKAGE"
SELLER_RESPOND_REPLACEMENT = "SELLER_RESPOND_REPLACEMENT"
#: Deadlines that are the buyer's (not shown as the seller's next action).
BUYER_SHIP = "BUYER_SHIP"
BUYER_RESPOND = "BUYER_RESPOND"
SELLER_ACTIONS = frozenset(
    {
        SELLER_RESPOND_CANCEL,
        SELLER_RESPOND_REFUND,
        SELLER_RESPOND_RETURN,
        SELLER_RESPOND_RECEIVE_PACKAGE,
        SELLER_RESPOND_REPLACEMENT,
    }
)

PARTIAL_REFUND = "PARTIAL_REFUND"
PLATFORM = "PLATFORM"  # return shipment by the platform's courier
BUYER_ARRANGE = "BUYER_ARRANGE"
SHIPMENT_TYPES = (PLATFORM, BUYER_ARRANGE)
DROP_OFF = "DROP_OFF"
PICKUP = "PICKUP"


@dataclass(frozen=True)
class Windows:
    """How long each party has, in seconds, and the return shipping fee (Settings, `# --- returns ---`)."""

    cancel_response: int
    return_response: int
    buyer_ship: int
    receive_response: int
    buyer_response: int
    return_window: int
    refund: int
    return_shipping_fee: int

    @classmethod
    def of(cls, settings: Settings) -> Windows:
        s = settings
        return cls(
            s.cancel_response_seconds,
            s.return_response_seconds,
            s.return_ship_seconds,
            s.return_receive_seconds,
            s.partial_refund_response_seconds,
            s.return_window_seconds,
            s.refund_seconds,
            s.return_shipping_fee,
        )


@dataclass
class Money:
    """What one request refunds, whole units of `currency`."""

    currency: str = "IDR"
    subtotal: int = 0
    shipping: int = 0
    tax: int = 0
    seller_discount: int = 0
    platform_discount: int = 0
    shipping_seller_discount: int = 0
    shipping_platform_discount: int = 0

    @property
    def total(self) -> int:
        return self.subtotal + self.shipping + self.tax


@dataclass
class Line:
    """One unit of one order line item in a request, with its share of the refund."""

    id: str  # cancel_line_item_id / return_line_item_id
    order_line_item_id: str
    sku_id: str
    subtotal: int = 0
    shipping: int = 0

    @property
    def total(self) -> int:
        return self.subtotal + self.shipping


@dataclass
class Record:
    """One step of the request's timeline (Get Return Records)."""

    time: int
    role: str
    description: str
    reason: str = ""  # a reason name (reasons.py)
    note: str = ""
    images: list[dict[str, Any]] = field(default_factory=list)  # {"url", "width", "height"} or {"uri", ...}
    videos: list[dict[str, Any]] = field(default_factory=list)


@dataclass(frozen=True)
class Rejection:
    """What the seller gives when refusing a request: a reason name, a comment, images (uploaded image URIs)."""

    reason: str
    comment: str = ""
    images: tuple[dict[str, Any], ...] = ()


@dataclass
class Aftersale:
    """What cancellations and returns share."""

    id: str
    seq: int  # creation order, never reused (page tokens sort on it)
    shop_id: str
    order_id: str
    buyer_user_id: str
    type: str
    status: str
    role: str  # who initiated it
    reason: str  # a reason name
    create_time: int
    update_time: int
    lines: list[Line]
    money: Money
    records: list[Record] = field(default_factory=list)
    #: The pending deadline and what happens then (an action name above); None when nothing is due.
    deadline: int | None = None
    deadline_action: str = ""
    #: The refund is paid at this time (a timer); None when no refund is pending.
    refund_due: int | None = None
    refund_time: int | None = None

    @property
    def line_item_ids(self) -> list[str]:
        return [line.order_line_item_id for line in self.lines]


@dataclass
class Cancellation(Aftersale):
    pass


@dataclass
class Return(Aftersale):
    shipment_type: str = PLATFORM
    handover_method: str = DROP_OFF
    can_buyer_keep_item: bool = False
    tracking_number: str = ""
    provider_id: str = ""
    provider_name: str = ""
    shipped_time: int | None = None
    #: The return package reached the seller's return warehouse (the courier delivered it).
    received_time: int | None = None
    return_warehouse_id: str = ""
    restocked: bool = False
    arbitration_status: str = ""
    seller_proposed_return_type: str = ""
    partial_refund: int | None = None
    buyer_rejected_partial_refund: bool | None = None
    #: Where a partial-refund offer was made: "request" (pending) or "receipt" (package received).
    offer_stage: str = ""
    #: Who pays the return shipping (PLATFORM shipment): "SELLER", "BUYER" or "" (no fee).
    shipping_fee_payer: str = ""
    shipping_fee: int = 0


@dataclass
class AftersaleBook:
    """Every cancellation and return, by id, with the per-order and per-shop lists searches read."""

    cancellations: dict[str, Cancellation] = field(default_factory=dict)
    returns: dict[str, Return] = field(default_factory=dict)
    by_order: dict[str, list[str]] = field(default_factory=dict)
    by_shop: dict[str, list[str]] = field(default_factory=dict)
    next_seq: int = 0
    windows: Windows = field(default_factory=lambda: Windows.of(Settings()))

    def get(self, ident: str) -> Aftersale | None:
        # Looked up in both maps before any shop not built yet is built (a miss in the first is no miss).
        found = dict.get(self.cancellations, ident) or dict.get(self.returns, ident)
        if found is None and build_all(self.returns):
            found = dict.get(self.cancellations, ident) or dict.get(self.returns, ident)
        return found

    def of_order(self, order_id: str) -> list[Aftersale]:
        return [a for a in (self.get(i) for i in self.by_order.get(order_id, ())) if a is not None]


# --- domain errors (each dialect maps the reason to its codes) --------------------------------------------------------
class AftersaleError(DomainError):
    """A cancellation, return or refund step that cannot be taken; nothing was changed."""

    REASON = "aftersale.refused"

    def __init__(self, reason: str | None = None, detail: str = "", **facts: Any) -> None:
        super().__init__(reason, detail, **facts)


class Reason:
    """The neutral reasons an `AftersaleError` carries (partner/return_refund/errors.py maps them)."""

    NOT_FOUND = "aftersale.not_found"  # no such cancellation or return
    NOT_OWNED = "aftersale.not_owned"  # another shop's
    ORDER_NOT_FOUND = "aftersale.order_not_found"
    ORDER_NOT_OWNED = "aftersale.order_not_owned"
    INVALID_REQUEST = "aftersale.invalid_request"  # unknown line items or SKUs, bad amounts or currency
    TOO_MANY_ITEMS = "aftersale.too_many_items"  # more units than the order has
    PARTIAL_NOT_SUPPORTED = "aftersale.partial_not_supported"  # item-level cancellation (not in Indonesia)
    IN_PROGRESS = "aftersale.in_progress"  # another request is open for these items, or the order is cancelled
    ALREADY_DONE = "aftersale.already_done"  # the items were already refunded
    ORDER_CLOSED = "aftersale.order_closed"  # completed outside the window, or cancelled
    ORDER_SHIPPED = "aftersale.order_shipped"  # the courier has the parcel: too late to cancel
    ORDER_STATUS = "aftersale.order_status"  # the order is not in a state this request is for
    REASON_UNKNOWN = "reason.unknown"
    REASON_NOT_FOR_ROLE = "reason.not_for_role"  # a buyer's reason given by the seller (or the other way)
    REASON_OFFLINE = "reason.offline"  # withdrawn in this market
    REASON_WRONG_STAGE = "reason.wrong_stage"  # does not fit the order's status
    REASON_WRONG_ACTION = "reason.wrong_action"  # not a rejection reason at all
    REASON_WRONG_TYPE = "reason.wrong_type"  # a rejection reason of another decision
    CANNOT_APPROVE = "aftersale.cannot_approve"  # not pending
    CANNOT_APPROVE_RECEIVE = "aftersale.cannot_approve_receive"  # no return package to accept
    CANNOT_REJECT = "aftersale.cannot_reject"  # not pending
    DECISION_TYPE = "aftersale.decision_type"  # the decision is for another request type
    CANCELLED = "aftersale.cancelled"  # closed by the buyer or the system
    APPROVED = "aftersale.approved"  # already approved: cannot be rejected
    RECEIVED = "aftersale.received"  # the return package was already accepted
    CANNOT_REJECT_RECEIVE = "aftersale.cannot_reject_receive"  # no return package to reject
    PARCEL_NOT_ARRIVED = "aftersale.parcel_not_arrived"  # the return package is still on its way
    IN_ARBITRATION = "aftersale.in_arbitration"  # the platform is deciding
    PARTIAL_REFUND_STATUS = "aftersale.partial_refund_status"  # no partial refund can be offered now
    REFUND_TOO_LARGE = "aftersale.refund_too_large"
    NOT_ALLOWED = "aftersale.not_allowed"  # a buyer/platform step that does not fit the request (control plane)
