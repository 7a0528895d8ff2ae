"""The finance area's errors in the Partner API dialect, and how the domain's map to them.

The finance docs list only 36009003 (internal error) and, for Get Withdrawals, 22005007 ("given merchant does
not exist", which cannot happen to an authorized shop). GUESS for the rest, in the gateway's parameter style
(HTTP 400, 36009004, the parameter quoted with single quotes): a `_ge` not before its `_lt`, a value outside the
documented list, a page_token this query did not issue, a statement or order id the shop does not have.
"""

from __future__ import annotations

from mockserver.finance.models import FinanceError
from mockserver.partner import errors
from mockserver.partner.errors import PartnerError

INTERNAL = 36009003


def from_domain(e: FinanceError) -> PartnerError:
    facts = e.facts
    if e.reason == "finance.invalid_range":
        ge, lt = facts["names"]
        return errors.invalid_param(f"Invalid '{ge}' query parameter. It must not be later than '{lt}'.")
    if e.reason == "finance.invalid_value":
        allowed = ", ".join(facts.get("allowed") or ())
        return errors.invalid_param(f"Invalid '{facts['name']}' query parameter. Possible values: {allowed}.")
    if e.reason == "finance.invalid_page_token":
        return errors.invalid_param("Invalid 'page_token' query parameter.")
    if e.reason == "finance.statement_not_found":
        return errors.invalid_param("Invalid 'statement_id'. The statement does not exist in the current shop.")
    if e.reason == "finance.order_not_found":
        return errors.invalid_param("Invalid 'order_id'. The order does not exist in the current shop.")
    return errors.internal_error()
