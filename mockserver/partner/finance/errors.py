"""The finance area's errors in the Partner API dialect, and how the domain's map to them.

The finance docs list only 36009003 (internal error) and, for Get Withdrawals, 22005007 ("given merchant does
not exist", which cannot happen to an authorized shop). A value outside a documented list (sort_field "Only
supports statement_time", payment_status, withdrawal types) is refused by the schema with 400 / 36009004 like every
parameter. GUESS for the rest: what the request points at does not exist for this shop — a statement, an order
(another shop's included), the page a page_token names (one its query did not issue) — answers HTTP 404 with
36009004 naming the parameter. A `_ge` later than its `_lt` is an empty range, as in Get Order List.
"""

from __future__ import annotations

from mockserver.finance.models import FinanceError
from mockserver.partner import errors
from mockserver.partner.errors import PartnerError

INVALID = 36009004
NOT_FOUND = {
    "finance.invalid_page_token": "Invalid 'page_token' query parameter. It was not issued for this query.",
    "finance.statement_not_found": "Invalid 'statement_id'. The statement does not exist in the current shop.",
    "finance.order_not_found": "Invalid 'order_id'. The order does not exist in the current shop.",
}


def from_domain(e: FinanceError) -> PartnerError:
    if e.reason in NOT_FOUND:
        return PartnerError(INVALID, NOT_FOUND[e.reason], 404)
    if e.reason == "finance.invalid_value":
        allowed = ", ".join(e.facts.get("allowed") or ())
        return errors.invalid_param(f"Invalid '{e.facts['name']}' query parameter. Possible values: {allowed}.")
    return errors.internal_error()
