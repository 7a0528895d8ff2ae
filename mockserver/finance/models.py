"""Finance records: fee rules, refunds as booked, transactions, statements, payments, and the ledger in the store.

Conventions: amounts are `Decimal`s in the shop's currency (IDR: whole rupiah), signed as they reach the seller —
revenue positive, fees and costs negative, refunds negative, adjustments either way. A statement is one shop's
day: the transactions booked in [statement_time - 1 day, statement_time), generated at 00:00 UTC (official docs).
Ids are numeric strings derived from the seed and what they name, so lazily built history has the same ids
whenever it is built.
"""

from __future__ import annotations

from array import array
from dataclasses import dataclass, field
from decimal import Decimal

from mockserver.errors import DomainError
from mockserver.events import Event

DAY = 24 * 3600

# --- statuses and types (official values) ----------------------------------------------------------------------
PAID = "PAID"
FAILED = "FAILED"
PROCESSING = "PROCESSING"
PAYMENT_STATUSES = (PAID, FAILED, PROCESSING)
SETTLED = "SETTLED"  # Get Transactions by Statement `status`: "Only supports SETTLED"
UNSETTLED = "UNSETTLED"
ORDER = "ORDER"
#: Adjustment transaction types (Get Transactions by Statement `transactions.type`).
ADJUSTMENT_TYPES = (
    "CHARGE_BACK",
    "CUSTOMER_SERVICE_COMPENSATION",
    "DEDUCTIONS_INCURRED_BY_SELLER",
    "GMV_PAYMENT_FOR_ADS",
    "PLATFORM_COMMISSION_ADJUSTMENT",
    "PLATFORM_COMMISSION_COMPENSATION",
    "PLATFORM_PENALTY",
    "PROMOTION_ADJUSTMENT",
    "REBATE",
    "PLATFORM_COMPENSATION",
    "PLATFORM_REIMBURSEMENT",
    "COFUNDED_CREATOR_REWARDS",
    "FBT_WAREHOUSE_SERVICE_FEE",
    "LOGISTICS_REIMBURSEMENT",
    "SHIPPING_FEE_ADJUSTMENT",
    "SHIPPING_FEE_COMPENSATION",
    "SHIPPING_FEE_REBATE",
    "SAMPLE_SHIPPING_FEE",
    "SELLER_MISSION_REWARD",
    "OTHER_ADJUSTMENT",
)
# Get Withdrawals `type` and `status`.
WITHDRAW = "WITHDRAW"
SETTLE = "SETTLE"
TRANSFER = "TRANSFER"
REVERSE = "REVERSE"
WITHDRAWAL_TYPES = (WITHDRAW, SETTLE, TRANSFER, REVERSE)
SUCCESS = "SUCCESS"

# --- domain events of this area ----------------------------------------------------------------------------------
TRANSACTION_SETTLED = "transaction.settled"
STATEMENT_CREATED = "statement.created"
PAYMENT_CREATED = "payment.created"
PAYMENT_STATUS_CHANGED = "payment.status_changed"
FEES_CHANGED = "finance.fees_changed"
#: Emitted by the returns area when money went back to the buyer (order_id, return_id or cancel_id, amounts).
REFUND_COMPLETED = "refund.completed"

# --- timer kinds (world.py runs them) ----------------------------------------------------------------------------
SETTLE_TIMER = "finance.settle"  # subject: order id; an order's settlement delay is over
CLOSE_TIMER = "finance.close"  # subject: ""; 00:00 UTC, every day: statements, payouts
PAYOUT_TIMER = "finance.payout"  # subject: payment id; the bank transfer went through

#: Fees the rules know, by the official `fee_tax_breakdown.fee` field name (without `_amount`), and what each is a
#: share of: "revenue" (product revenue after seller discounts and refunds) or "payment" (what the buyer paid, net of
#: refunds). `when` narrows the orders it applies to.
FEE_KINDS: dict[str, tuple[str, str]] = {
    "platform_commission": ("revenue", "always"),
    "dynamic_commission": ("revenue", "always"),
    "transaction_fee": ("payment", "always"),
    "credit_card_handling_fee": ("payment", "card_payment"),
    "sfp_service_fee": ("revenue", "platform_shipping_discount"),
}
#: The payment method (fixtures/orders.json) that pays by card.
CARD_PAYMENT = "Kartu Kredit/Debit"


@dataclass(frozen=True)
class FeeRule:
    name: str  # a FEE_KINDS key
    rate: Decimal  # 0.04 = 4 %
    cap: Decimal | None = None  # per order, in the currency; None = uncapped


FeeTable = tuple[FeeRule, ...]


@dataclass(frozen=True)
class RefundLine:
    line_item_id: str
    sku_id: str
    amount: Decimal  # refunded to the buyer for this unit


@dataclass(frozen=True)
class Refund:
    """A `refund.completed` event as the ledger keeps it."""

    key: str  # "return:<id>" or "cancel:<id>"
    order_id: str
    time: int
    currency: str
    total: Decimal
    subtotal: Decimal
    shipping: Decimal
    lines: tuple[RefundLine, ...]


@dataclass(slots=True)
class Transaction:
    """One line of a statement: an order's settlement (or a later refund of it), or an adjustment."""

    id: str
    kind: str  # ORDER or one of ADJUSTMENT_TYPES
    time: int  # when it was booked (settled)
    statement_time: int  # the statement it belongs to (00:00 UTC after `time`)
    sort_time: int  # order_create_time, or the booking time of an adjustment without an order
    revenue: Decimal
    shipping: Decimal
    fee_tax: Decimal
    adjustment: Decimal
    order_id: str | None = None
    order_create_time: int | None = None
    #: ORDER: the fee table in force at settlement (index into Ledger.fees) and the refunds included so far.
    fees_version: int = 0
    refunds_before: tuple[str, ...] = ()
    refunds_after: tuple[str, ...] = ()
    adjustment_id: str = ""
    adjustment_order_id: str = ""
    note: str = ""

    @property
    def settlement(self) -> Decimal:
        return self.revenue + self.shipping + self.fee_tax + self.adjustment


@dataclass
class Statement:
    id: str
    shop_id: str
    statement_time: int
    currency: str
    transaction_ids: list[str]  # sorted by (sort_time, booking order)
    sort_keys: array[int]  # key(sort_time, position) of each transaction, same order
    revenue: Decimal
    shipping: Decimal
    fee_tax: Decimal
    adjustment: Decimal
    payment_id: str = ""

    @property
    def settlement(self) -> Decimal:
        return self.revenue + self.shipping + self.fee_tax + self.adjustment

    @property
    def fee(self) -> Decimal:
        """Get Statements `fee_amount`: for local SEA sellers it includes the shipping costs (official docs)."""
        return self.shipping + self.fee_tax


@dataclass
class Payment:
    id: str
    shop_id: str
    create_time: int
    currency: str
    statement_ids: list[str]
    amount: Decimal
    status: str = PROCESSING
    paid_time: int | None = None
    failed_time: int | None = None
    bank_account: str = ""


@dataclass
class ShopLedger:
    """One shop's books, built lazily (finance/history.py) and kept up by the feed (finance/feed.py)."""

    shop_id: str
    currency: str
    bank_account: str
    #: Every day up to here has its statement (a 00:00 UTC instant).
    closed_through: int
    transactions: dict[str, Transaction] = field(default_factory=dict)
    by_order: dict[str, list[str]] = field(default_factory=dict)  # order id -> its transaction ids, in order
    open_ids: list[str] = field(default_factory=list)  # booked since the last statement
    statements: dict[str, Statement] = field(default_factory=dict)
    statement_ids: list[str] = field(default_factory=list)  # by statement_time
    payments: dict[str, Payment] = field(default_factory=dict)
    payment_ids: list[str] = field(default_factory=list)  # by create_time
    unpaid: list[str] = field(default_factory=list)  # statements waiting for a payout
    #: Paid, not cancelled, not yet settled orders: index key (create_time, seq) -> order id, and the sorted keys.
    unsettled: dict[int, str] = field(default_factory=dict)
    unsettled_keys: array[int] = field(default_factory=lambda: array("q"))
    adjustments: int = 0  # injected so far (names the next adjustment id)
    #: Get Unsettled Transactions' sums, by what they depend on (the order book's version, fee tables, refunds).
    sums: dict[tuple[object, ...], object] = field(default_factory=dict)


@dataclass
class FinanceConfig:
    """What the rules are told by Settings (copied at seeding, so the store stands alone)."""

    seed: int
    #: The seeding instant: history before it is the seed's, silent; after it, events are emitted.
    seed_now: int
    settlement_seconds: int
    history_days: int
    payout_days: int
    payout_seconds: int


@dataclass
class Ledger:
    """Store.finance: the config, the fee tables over time, every built shop, and what the feed has not read yet."""

    config: FinanceConfig = field(default_factory=lambda: FinanceConfig(1, 0, 7 * DAY, 90, 1, DAY))
    #: (from time, table): the table in force for settlements at or after `from time`; the first is the seed's.
    fees: list[tuple[int, FeeTable]] = field(default_factory=list)
    shops: dict[str, ShopLedger] = field(default_factory=dict)
    #: Events the listener noted (only enqueued there; read under the store lock by feed.sync).
    inbox: list[Event] = field(default_factory=list)
    #: Completed refunds by order id, for every shop (built or not), and their keys (a refund is booked once).
    refunds: dict[str, list[Refund]] = field(default_factory=dict)
    refund_keys: set[str] = field(default_factory=set)
    #: Set once the listener is attached and the first daily close is scheduled (feed.attach).
    attached: bool = False


# --- domain errors (each dialect maps them) -------------------------------------------------------------------
class FinanceError(DomainError):
    REASON = "finance.refused"

    def __init__(self, detail: str = "", **facts: object) -> None:
        super().__init__(None, detail, **facts)


class StatementNotFound(FinanceError):
    REASON = "finance.statement_not_found"


class OrderNotFound(FinanceError):
    REASON = "finance.order_not_found"


class PaymentNotFound(FinanceError):
    REASON = "finance.payment_not_found"


class InvalidValue(FinanceError):
    """A parameter value the operation does not accept (facts: name, value, allowed)."""

    REASON = "finance.invalid_value"


class InvalidPageToken(FinanceError):
    REASON = "finance.invalid_page_token"


class InvalidTransition(FinanceError):
    REASON = "finance.invalid_transition"
