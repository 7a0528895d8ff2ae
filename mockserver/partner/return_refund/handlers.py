"""Handlers for /return_refund/{v}/...: cancellations, returns, refunds. Parse, call mockserver/returns, render.

Served at 202309 (the docs) and at the newer versions the public `tiktok-shop-api` client calls (202602 for Cancel
Order, Search Cancellations, Create Return, Search Returns, Calculate Refund and Get Aftersale Eligibility; 202606
for Reject Return): same behaviour, plus the fields those versions add (`order_line_list`, `request_types`,
`available_reason_names`, `should_replenish_stock`, `is_quick_refund`, the after-receipt partial refund).
"""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal, InvalidOperation
from typing import Any

from mockserver import lazyshops
from mockserver.partner.call import Call, Handler
from mockserver.partner.return_refund import errors, idempotency, render
from mockserver.partner.scope import base_url, shop_of
from mockserver.returns import aftersales, cancellations, lookup, money, reasons, rules, search
from mockserver.returns import models as r
from mockserver.returns.models import AftersaleError

#: Evidence a seller may attach to a rejection, and the longest comment (GUESS: the docs give no limits).
MAX_IMAGES = 9
MAX_COMMENT = 1000
CANCEL_PAGE = (1, 50)  # Search Cancellations: "Valid range: [1-50]"
RETURN_PAGE = (10, 50)  # Search Returns: "Valid range: [10-50]"


def _now(call: Call) -> int:
    return call.mock.clock.now_s()


def _locale(call: Call) -> str | None:
    value = call.query.get("locale") or (call.body or {}).get("locale")
    return str(value) if value else None


def _wanted(body: dict[str, Any]) -> rules.Wanted:
    line_ids = list(body.get("order_line_item_ids") or [])
    line_ids += [str(e["order_line_item_id"]) for e in body.get("order_line_list") or [] if e.get("order_line_item_id")]
    skus = tuple((str(s["sku_id"]), int(s["quantity"])) for s in body.get("skus") or [])
    return rules.Wanted(tuple(line_ids), skus)


def _amount(raw: Any) -> int:
    """A decimal string in whole rupiah ("10000", "10000.00")."""
    try:
        value = Decimal(str(raw))
    except InvalidOperation:
        raise errors.invalid() from None
    if not value.is_finite() or value != value.to_integral_value() or value < 0 or value > 10**12:
        raise errors.invalid()
    return int(value)


def _rejection(body: dict[str, Any]) -> r.Rejection:
    """The seller's reason, comment and images (image ids: uploaded image URIs)."""
    images = body.get("images") or []
    comment = body.get("comment") or ""
    if len(images) > MAX_IMAGES or len(comment) > MAX_COMMENT:
        raise errors.invalid()
    shown = tuple(
        {"uri": i["image_id"], "width": i.get("width") or 200, "height": i.get("height") or 200} for i in images
    )
    return r.Rejection(body["reject_reason"], comment, shown)


# --- cancellations ----------------------------------------------------------------------------------------------------
def cancel_order(call: Call) -> dict[str, Any]:
    b = call.body
    try:
        c = cancellations.seller_cancel(
            call.mock.store, shop_of(call).id, b["order_id"], _now(call), reason=b["cancel_reason"], wanted=_wanted(b)
        )
    except AftersaleError as e:
        raise errors.of(e, "cancel_order") from None
    return {"cancel_id": c.id, "cancel_status": c.status}


def search_cancellations(call: Call) -> dict[str, Any]:
    b = call.body
    statuses = b.get("cancel_status")
    aliased = [r.CANCEL_STATUS_ALIASES.get(s, s) for s in statuses] if statuses is not None else None
    query = _query(call, False, b.get("cancel_ids"), b.get("cancel_types"), aliased)
    page = _search(call, query, CANCEL_PAGE)
    store, url, locale = call.mock.store, base_url(call), _locale(call)
    shown = [c for c in page.items if isinstance(c, r.Cancellation)]
    items = [render.cancellation(store, c, url, locale, call.version) for c in shown]
    return {"cancellations": items, "total_count": page.total_count, "next_page_token": page.next_page_token}


def approve_cancellation(call: Call) -> dict[str, Any]:
    def act() -> dict[str, Any]:
        cancellations.approve(call.mock.store, call.path_params["cancel_id"], _now(call), shop_id=shop_of(call).id)
        return {}

    return _once(call, "approve_cancellation", act)


def reject_cancellation(call: Call) -> dict[str, Any]:
    b = call.body

    def act() -> dict[str, Any]:
        why = _rejection(b)
        cancellations.reject(call.mock.store, call.path_params["cancel_id"], _now(call), why, shop_id=shop_of(call).id)
        return {}

    return _once(call, "reject_cancellation", act)


def get_reject_reasons(call: Call) -> dict[str, Any]:
    store, now = call.mock.store, _now(call)
    try:
        request = lookup.any_request(store, call.query["return_or_cancel_id"], shop_of(call).id)
        if isinstance(request, r.Cancellation):
            cancellations.refresh(store, lookup.order_of(store, request), now)
    except AftersaleError as e:
        raise errors.of(e, "get_reject_reasons") from None
    kind = _reject_kind(request)
    locale = _locale(call)
    found = reasons.usable(kind, r.SELLER) if kind else []
    return {"reasons": [{"name": s.name, "text": s.label(locale)} for s in found]}


def _reject_kind(request: r.Aftersale) -> str | None:
    """The rejection the request can take now (none once it is decided)."""
    if isinstance(request, r.Cancellation):
        return reasons.REJECT_CANCEL if request.status == r.CANCEL_PENDING else None
    assert isinstance(request, r.Return)
    if request.arbitration_status == r.ARBITRATION_IN_PROGRESS:
        return None
    if request.status == r.BUYER_SHIPPED_ITEM:
        return reasons.REJECT_PACKAGE if request.received_time is not None else None
    if request.status in (r.RETURN_PENDING, r.REPLACEMENT_PENDING):
        kinds = {r.REFUND: reasons.REJECT_REFUND, r.RETURN_AND_REFUND: reasons.REJECT_RETURN}
        return kinds.get(request.type, reasons.REJECT_REPLACEMENT)
    return None


# --- eligibility and refunds ------------------------------------------------------------------------------------------
def get_aftersale_eligibility(call: Call) -> dict[str, Any]:
    store, now = call.mock.store, _now(call)
    user = call.query.get("initiate_aftersale_user") or r.SELLER
    try:
        order = lookup.order(store, call.path_params["order_id"], shop_of(call).id)
    except AftersaleError as e:
        raise errors.of(e, "get_aftersale_eligibility") from None
    cancellations.refresh(store, order, now)
    types = call.query.get("request_types") or list(rules.REQUEST_TYPES)
    verdicts = rules.eligibility(store, order, user, now, dict.fromkeys(types))
    newer = call.version >= render.NEWER
    at = rules.stage(order)
    by_sku: dict[str, dict[tuple[str, bool, str], list[str]]] = {}
    for v in verdicts:
        by_sku.setdefault(v.sku_id, {}).setdefault((v.request_type, v.eligible, v.refusal), []).append(v.line_item_id)
    out = []
    for sku_id, groups in by_sku.items():
        entries = []
        for (kind, eligible, refusal), line_ids in groups.items():
            entry: dict[str, Any] = {"request_type": kind, "order_line_items_ids": line_ids, "eligible": eligible}
            if not eligible:
                entry["ineligible_code"] = errors.CODES.get(refusal, errors.INVALID)
                entry["ineligible_reason"] = errors.MESSAGES[entry["ineligible_code"]]
            if newer:
                entry["order_line_list"] = [{"order_line_item_id": i} for i in line_ids]
                kind_of = reasons.CANCEL if kind == rules.CANCEL else kind
                usable = reasons.usable(kind_of, user, at) if eligible else []
                entry["available_reason_names"] = [s.name for s in usable]
            entries.append(entry)
        out.append({"sku_id": sku_id, "line_item_eligibility": entries})
    return {"sku_eligibility": out}


def calculate_refund(call: Call) -> dict[str, Any]:
    b, store = call.body, call.mock.store
    kind = b["request_type"]
    try:
        order = lookup.order(store, b["order_id"], shop_of(call).id)
        spec = reasons.get(b["reason_name"])
        if spec is None or (reasons.CANCEL if kind == rules.CANCEL else kind) not in spec.kinds:
            raise AftersaleError(r.Reason.INVALID_REQUEST, "reason does not fit the request type")
        busy, done = rules.taken(store, order)
        if kind == rules.CANCEL:
            if rules.stage(order) not in (reasons.UNPAID, reasons.TO_SHIP) or rules.collected(store, order):
                raise AftersaleError(r.Reason.INVALID_REQUEST, "the order can no longer be cancelled")
            items = rules.select(order, _wanted(b))
        else:
            if rules.stage(order) != reasons.DELIVERED:
                raise AftersaleError(r.Reason.INVALID_REQUEST, "the order is not delivered")
            items = rules.select(order, _wanted(b), busy, done)
        refund, _ = money.quote(order, items, reasons.CANCEL if kind == rules.CANCEL else kind, spec, done)
    except AftersaleError as e:
        raise errors.of(e, "calculate_refund") from None
    return {"order_refund_amount": render.amount(refund, with_fees=False)}


# --- returns ----------------------------------------------------------------------------------------------------------
def create_return(call: Call) -> dict[str, Any]:
    b = call.body

    def act() -> dict[str, Any]:
        spec = aftersales.NewReturn(
            type=b["return_type"],
            reason=b["return_reason"],
            wanted=_wanted(b),
            shipment_type=b.get("shipment_type"),
            handover_method=b.get("handover_method"),
            refund_total=_amount(b["refund_total"]) if b.get("refund_total") not in (None, "") else None,
            currency=b.get("currency") or None,
        )
        ret = aftersales.create(call.mock.store, b["order_id"], _now(call), spec, by=r.SELLER, shop_id=shop_of(call).id)
        return {"return_id": ret.id, "return_status": ret.status}

    return _once(call, "create_return", act)


def search_returns(call: Call) -> dict[str, Any]:
    b = call.body
    query = _query(call, True, b.get("return_ids"), b.get("return_types"), b.get("return_status"))
    query = replace(
        query, arbitration=_set(b.get("arbitration_status")), proposed=_set(b.get("seller_proposed_return_type"))
    )
    page = _search(call, query, RETURN_PAGE)
    store, url, locale = call.mock.store, base_url(call), _locale(call)
    items = [render.return_order(store, x, url, locale, call.version) for x in page.items if isinstance(x, r.Return)]
    return {"return_orders": items, "total_count": page.total_count, "next_page_token": page.next_page_token}


def approve_return(call: Call) -> dict[str, Any]:
    b = call.body
    partial = b.get("partial_refund") or {}

    def act() -> dict[str, Any]:
        offer = (_amount(partial["amount"]), partial.get("currency") or None) if partial.get("amount") else None
        aftersales.approve(call.mock.store, call.path_params["return_id"], _now(call), b["decision"],
                           buyer_keep_item=bool(b.get("buyer_keep_item")), partial=offer,
                           shop_id=shop_of(call).id)  # fmt: skip
        return {}

    return _once(call, "approve_return", act)


def reject_return(call: Call) -> dict[str, Any]:
    b = call.body
    partial = b.get("partial_refund_amount") or {}

    def act() -> dict[str, Any]:
        offer = None
        if partial.get("partial_refund_total"):
            offer = (_amount(partial["partial_refund_total"]), partial.get("currency") or None)
        aftersales.reject(call.mock.store, call.path_params["return_id"], _now(call), b["decision"], _rejection(b),
                          partial=offer, shop_id=shop_of(call).id)  # fmt: skip
        return {}

    return _once(call, "reject_return", act)


def get_return_records(call: Call) -> dict[str, Any]:
    store = call.mock.store
    try:
        request = lookup.any_request(store, call.path_params["return_id"], shop_of(call).id)
    except AftersaleError as e:
        raise errors.of(e, "get_return_records") from None
    return {"records": render.records(request, base_url(call), _locale(call))}


# --- shared -----------------------------------------------------------------------------------------------------------
def _set(values: Any) -> frozenset[str] | None:
    return frozenset(str(v) for v in values) if values is not None else None


def _query(call: Call, returns: bool, ids: Any, types: Any, statuses: Any) -> search.Query:
    """The filters both searches share: ids, orders, buyers, types, statuses, times, sort."""
    b, q = call.body, call.query
    return search.Query(
        shop_id=shop_of(call).id,
        returns=returns,
        ids=_set(ids),
        order_ids=_set(b.get("order_ids")),
        buyer_user_ids=_set(b.get("buyer_user_ids")),
        types=_set(types),
        statuses=_set(statuses),
        create_ge=b.get("create_time_ge"),
        create_lt=b.get("create_time_lt"),
        update_ge=b.get("update_time_ge"),
        update_lt=b.get("update_time_lt"),
        sort_field=search.UPDATE if q.get("sort_field") == "update_time" else search.CREATE,
        descending=q.get("sort_order") == "DESC",
    )


def _search(call: Call, query: search.Query, bounds: tuple[int, int]) -> search.Page:
    raw = call.query.get("page_size", 10)
    size = int(raw) if isinstance(raw, int) or (isinstance(raw, str) and raw.isascii() and raw.isdigit()) else -1
    if not bounds[0] <= size <= bounds[1]:
        raise errors.invalid()
    store = call.mock.store
    book = store.aftersales
    for c in [lazyshops.peek(book.cancellations, i) for i in book.by_shop.get(query.shop_id, ())]:
        if c is not None and c.status == r.CANCEL_PENDING:
            cancellations.refresh(store, lookup.order_of(store, c), _now(call))
    try:
        return search.search(store, query, size, call.query.get("page_token") or None)
    except AftersaleError as e:
        raise errors.of(e) from None


def _once(call: Call, operation: str, act: Any) -> dict[str, Any]:
    """Run `act` once per idempotency key (a repeat answers like the first time); map domain errors."""
    try:
        return idempotency.run(call, operation, act)
    except AftersaleError as e:
        raise errors.of(e, operation) from None


HANDLERS: dict[str, Handler] = {
    "cancel_order": cancel_order,
    "cancel_order_202602": cancel_order,
    "search_cancellations": search_cancellations,
    "search_cancellations_202602": search_cancellations,
    "approve_cancellation": approve_cancellation,
    "reject_cancellation": reject_cancellation,
    "get_reject_reasons": get_reject_reasons,
    "get_aftersale_eligibility": get_aftersale_eligibility,
    "get_aftersale_eligibility_202602": get_aftersale_eligibility,
    "calculate_refund": calculate_refund,
    "calculate_refund_202602": calculate_refund,
    "create_return": create_return,
    "create_return_202602": create_return,
    "search_returns": search_returns,
    "search_returns_202602": search_returns,
    "approve_return": approve_return,
    "reject_return": reject_return,
    "reject_return_202606": reject_return,
    "get_return_records": get_return_records,
}
