"""The base of every domain error: a rule that refused a change, in neutral terms.

The domain (catalog, orders, fulfillment, auth, ...) raises these and never a dialect's error: `reason` names the
rule that was broken (a stable string such as "product.not_found"), `detail` says what was wrong in words, and
`facts` carries the values a dialect may need to render its own message (a warehouse id, a limit, a field name).
Each dialect's errors module maps reasons to its codes, messages and HTTP statuses (partner/*/errors.py,
legacy/errors.py). A refused change changes nothing.
"""

from __future__ import annotations

from typing import Any


class DomainError(Exception):
    """A domain rule refused the change; nothing was changed."""

    #: The default reason of a subclass (subclasses that stand for one rule set it).
    REASON = "domain.refused"

    def __init__(self, reason: str | None = None, detail: str = "", **facts: Any) -> None:
        self.reason = reason or self.REASON
        self.detail = detail
        self.facts = facts
        super().__init__(detail or self.reason)
