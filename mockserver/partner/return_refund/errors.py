"""The return-and-refund area's errors in the Partner API dialect: the domain's neutral reasons
(returns/models.py `Reason`) mapped to the official codes and messages of each operation's `error_code_list`
(schemas/partner/return-and-refund/). Business errors answer HTTP 200.

Which code answers which situation is the mock's reading of the messages (GUESS where the docs only list the code);
where an operation documents only a few codes (Calculate Refund: 25001001 and 25007006), the rest fold into its
"invalid request parameter".
"""

from __future__ import annotations

from mockserver.partner.errors import PartnerError
from mockserver.returns.models import AftersaleError, Reason

MESSAGES: dict[int, str] = {
    25001001: "An invalid request parameter was passed. Please check that you have the correct parameter type(s) "
    "and format.",
    25001003: "Invalid order status.",
    25001010: "A return request has already been completed, or the order has already been cancelled.",
    25001011: "A return request is already in process, or the order has already been cancelled.",
    25001014: "Unknown return reason. Please ensure you are passing a valid return reason.",
    25001015: "The provided return reason cannot be used by the seller. Please select a valid return reason and try "
    "again.",
    25001016: "reverse reason not match action type",
    25001020: "The provided return reason is currently offline. Please select a different return reason.",
    25001021: "Reason not match order status",
    25001045: "The order has already been shipped and we are unable to cancel shipment with the courier.",
    25001051: "Not allowed to return or cancel since order is completed or cancelled",
    25001057: "reverse reason not match reason type",
    25005005: "Refund total amount is larger than the refundable amount.",
    25005010: "Unable to cancel individual line items within this request.",
    25005011: "The requested line item(s) for return or refund exceeds the allowable limit.",
    25007006: "Order not found.",
    25011010: "request has been transferred to platform operator",
    25011011: "reverse status cannot reject application",
    25011012: "reverse status cannot approve application",
    25011013: "reverse status cannot approve receive",
    25011032: "ReverseInvalidStatusPartialRefund",
    25011035: "could not reject parcel now",
    25020004: "decision not match reverse type",
    25020005: "No permission to process this order",
    25020009: "reverse already cancelled",
    25020010: "Aftersales has been approved and cannot be rejected.",
    25020011: "return already received",
    25020012: "status can't reject receive",
}
INVALID = 25001001

CODES: dict[str, int] = {
    Reason.NOT_FOUND: 25007006,
    Reason.NOT_OWNED: 25020005,
    Reason.ORDER_NOT_FOUND: 25007006,
    Reason.ORDER_NOT_OWNED: 25020005,
    Reason.INVALID_REQUEST: INVALID,
    Reason.TOO_MANY_ITEMS: 25005011,
    Reason.PARTIAL_NOT_SUPPORTED: 25005010,
    Reason.IN_PROGRESS: 25001011,
    Reason.ALREADY_DONE: 25001010,
    Reason.ORDER_CLOSED: 25001051,
    Reason.ORDER_SHIPPED: 25001045,
    Reason.ORDER_STATUS: 25001003,
    Reason.REASON_UNKNOWN: 25001014,
    Reason.REASON_NOT_FOR_ROLE: 25001015,
    Reason.REASON_OFFLINE: 25001020,
    Reason.REASON_WRONG_STAGE: 25001021,
    Reason.REASON_WRONG_ACTION: 25001016,
    Reason.REASON_WRONG_TYPE: 25001057,
    Reason.CANNOT_APPROVE: 25011012,
    Reason.CANNOT_APPROVE_RECEIVE: 25011013,
    Reason.CANNOT_REJECT: 25011011,
    Reason.DECISION_TYPE: 25020004,
    Reason.CANCELLED: 25020009,
    Reason.APPROVED: 25020010,
    Reason.RECEIVED: 25020011,
    Reason.CANNOT_REJECT_RECEIVE: 25020012,
    Reason.PARCEL_NOT_ARRIVED: 25011035,
    Reason.IN_ARBITRATION: 25011010,
    Reason.PARTIAL_REFUND_STATUS: 25011032,
    Reason.REFUND_TOO_LARGE: 25005005,
    Reason.NOT_ALLOWED: 25001003,
}

#: Per operation, where its own list says otherwise.
OVERRIDES: dict[str, dict[str, int]] = {
    # Cancel Order and Create Return document no "order not found": an unknown order is "no permission".
    "cancel_order": {Reason.ORDER_NOT_FOUND: 25020005},
    "create_return": {Reason.ORDER_NOT_FOUND: 25020005},
    # Reject Cancellation: a request that is not pending "cannot reject".
    "reject_cancellation": {Reason.CANNOT_APPROVE: 25011011},
}
#: Operations whose list is short: everything else is an invalid parameter.
ONLY: dict[str, frozenset[int]] = {"calculate_refund": frozenset({INVALID, 25007006})}


def code_of(e: AftersaleError, operation: str = "") -> int:
    """The code for `e` in `operation` (the documented operation's name, whatever version was called)."""
    code = OVERRIDES.get(operation, {}).get(e.reason) or CODES.get(e.reason, INVALID)
    allowed = ONLY.get(operation)
    if allowed is not None and code not in allowed:
        code = 25007006 if e.reason in (Reason.ORDER_NOT_FOUND, Reason.ORDER_NOT_OWNED) else INVALID
    return code


def error(code: int) -> PartnerError:
    return PartnerError(code, MESSAGES[code], 200)


def of(e: AftersaleError, operation: str = "") -> PartnerError:
    return error(code_of(e, operation))


def invalid() -> PartnerError:
    return error(INVALID)
