"""Handlers over a domain area: the area's neutral errors turned into the dialect's answer, in one place per area.

`maps(FinanceError, answer)` wraps a handler so that a `FinanceError` it lets out goes to `answer(call, error)`,
which raises the area's `PartnerError` (or returns the data to answer instead).
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any, TypeVar

from mockserver.errors import DomainError
from mockserver.partner.call import Call, Handler

E = TypeVar("E", bound=DomainError)
Answer = Callable[[Call, Any], dict[str, Any]]


def maps(kind: type[E], answer: Answer) -> Callable[[Callable[[Call], dict[str, Any]]], Handler]:
    def wrap(handler: Callable[[Call], dict[str, Any]]) -> Handler:
        @wraps(handler)
        def run(call: Call) -> dict[str, Any]:
            try:
                return handler(call)
            except kind as e:
                return answer(call, e)

        return run

    return wrap
