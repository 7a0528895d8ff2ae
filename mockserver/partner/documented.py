"""Business errors with their documented texts, looked up in the schemas: the operation's own `error_code_list`,
else (a code the operation's list lacks) the first operation of its area that documents it. Codes the docs never
list raise: a handler cannot answer with a made-up code by accident."""

from __future__ import annotations

from mockserver.partner.call import Call
from mockserver.partner.errors import PartnerError
from mockserver.schemas import Operation, SchemaRegistry


def _own(op: Operation, code: int) -> str | None:
    return next((str(e["message"]) for e in op.errors if e["code"] == code), None)


def message(registry: SchemaRegistry, op: Operation, code: int) -> str:
    found = _own(op, code)
    if found is not None:
        return found
    for name in sorted(registry.operations):
        sibling = registry.operations[name]
        found = _own(sibling, code) if sibling.area == op.area else None
        if found is not None:
            return found
    raise LookupError(f"code {code} is documented by no {op.area} operation")


def business(call: Call, code: int, detail: str = "") -> PartnerError:
    """HTTP 200 with the documented code and text (`detail` appended when it helps the caller)."""
    text = message(call.mock.registry, call.admitted.match.operation, code)
    return PartnerError(code, f"{text} {detail}".strip() if detail else text, 200)


def item(call: Call, code: int, **detail: object) -> dict[str, object]:
    """One entry of a batch answer's `data.errors`."""
    return {"code": code, "message": message(call.mock.registry, call.admitted.match.operation, code), "detail": detail}
