"""`idempotency_key` of the return-and-refund writes: the same key again (same shop, operation and path) answers
what the first call answered and changes nothing (GUESS: the docs say the server "recognizes" the request; a
failed call is not remembered, so it can be retried). Keys are up to 255 characters (docs); a longer one is an
invalid parameter. The newest `Settings.idempotency_keys` answers are kept."""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable
from typing import Any

from mockserver.partner.call import Call
from mockserver.partner.return_refund import errors
from mockserver.partner.scope import shop_of
from mockserver.store import Store

MAX_KEY = 255
FRONTEND = "partner.return_refund.idempotency"

Answers = OrderedDict[tuple[str, str, str, str], dict[str, Any]]


def _answers(store: Store) -> Answers:
    answers: Answers = store.frontend(FRONTEND, lambda _: OrderedDict())
    return answers


def run(call: Call, operation: str, act: Callable[[], dict[str, Any]]) -> dict[str, Any]:
    key = call.query.get("idempotency_key")
    if not key:
        return act()
    if len(str(key)) > MAX_KEY:
        raise errors.invalid()
    answers = _answers(call.mock.store)
    target = ",".join(f"{k}={v}" for k, v in sorted(call.path_params.items()))
    slot = (shop_of(call).id, operation, target, str(key))
    if slot in answers:
        return answers[slot]
    data = act()
    answers[slot] = data
    while len(answers) > call.mock.settings.idempotency_keys:
        answers.popitem(last=False)
    return data
