"""The finance area's errors in the Partner API dialect, and what it answers for what it does not know.

The finance docs list only 36009003 (internal error) and, for Get Withdrawals, 22005007 ("given merchant does
not exist", which cannot happen to an authorized shop). A value outside a documented list (sort_field "Only
supports statement_time", payment_status, withdrawal types) is refused by the schema with 400 / 36009004 like every
parameter. GUESS, since no other error is documented: what a request points at that the shop does not have is not
an error but nothing — an order of another shop (or none) has no transactions, a statement id the shop does not
have has no transactions, a page_token its query did not issue is an empty last page; a `_ge` later than its `_lt`
is an empty range, as in Get Order List. (`UNKNOWN` lists these reasons; the handlers answer them empty.)
"""

from __future__ import annotations

from mockserver.finance.models import FinanceError
from mockserver.partner import errors
from mockserver.partner.errors import PartnerError

#: Domain reasons the Partner API answers with an empty success instead of an error.
UNKNOWN = frozenset({"finance.invalid_page_token", "finance.statement_not_found", "finance.order_not_found"})


def from_domain(e: FinanceError) -> PartnerError:
    if e.reason == "finance.invalid_value":
        allowed = ", ".join(e.facts.get("allowed") or ())
        return errors.invalid_param(f"Invalid '{e.facts['name']}' query parameter. Possible values: {allowed}.")
    return errors.internal_error()
