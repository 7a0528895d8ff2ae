"""The orders area's errors in the Partner API dialect, as data.

Codes and messages are the official ones from each operation's `error_code_list` (schemas/partner/orders/*.json).
Business errors answer HTTP 200 with a non-zero `code` (reference §3.2, GUESS adopted project-wide).
"""

from __future__ import annotations

from mockserver.partner.errors import PartnerError

NOT_YOURS = 21008111
NOT_YOURS_MESSAGE = "The order or package does not belong to the current seller."
INVALID_PARAMETERS = 21001001
INVALID_PARAMETERS_MESSAGE = "Invalid parameters. Please ensure you are passing the correct request parameter(s)."


def not_yours() -> PartnerError:
    """An order id of another shop (or one that does not exist: the platform cannot tell you which)."""
    return PartnerError(NOT_YOURS, NOT_YOURS_MESSAGE, 200)


def invalid_parameters() -> PartnerError:
    return PartnerError(INVALID_PARAMETERS, INVALID_PARAMETERS_MESSAGE, 200)


def invalid_page_token() -> PartnerError:
    """GUESS: the docs give no code for a page_token the API did not issue; the orders and fulfillment areas'
    documented "Invalid parameters" (HTTP 200) is used."""
    return invalid_parameters()
