"""Handlers for the seller's listing records (issue 14): Create Custom Brands, Search Size Charts, manufacturers and
responsible persons (search, create, partial edit), Upload Product File. The rules are catalog/compliance.py;
each reason answers the code the operation documents (or a sibling products operation's, partner/documented.py)."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from typing import Any

from mockserver.catalog import compliance, images
from mockserver.catalog.compliance import ComplianceError, Why
from mockserver.pagetokens import InvalidPageToken
from mockserver.partner.call import Call, Handler
from mockserver.partner.catalog.upload import parse_form
from mockserver.partner.documented import business
from mockserver.partner.errors import PartnerError
from mockserver.partner.fulfillment.handlers import DOC_PATH

CODES: dict[Why, int] = {
    Why.GLOBAL_SELLER: 38023050,
    Why.NOT_FOUND: 38023051,
    Why.NOT_YOURS: 38023052,
    Why.LIMIT: 38023032,
    Why.NAME_INVALID: 38023033,
    Why.NAME_LENGTH: 38023044,
    Why.TRADE_NAME_INVALID: 38023037,
    Why.TRADE_NAME_LENGTH: 38023045,
    Why.EMAIL: 38023042,
    Why.PHONE_LENGTH: 38023041,
    Why.CALLING_CODE: 38023046,
    Why.EU_CALLING_CODE: 38023028,
    Why.AVAILABILITY: 38023060,
    Why.ADDRESS_INVALID: 38023034,
    Why.ADDRESS_LENGTH: 38023043,
    Why.EU_COUNTRY: 38023026,
    Why.LOCALE: 38023057,
    Why.PAGE_SIZE: 38023047,
    Why.PAGE_TOKEN: 38023048,
    Why.TOO_MANY_IDS: 38023049,
    Why.BRAND_TOO_SHORT: 12052189,
    Why.BRAND_TOO_LONG: 12052190,
    Why.BRAND_SYMBOLS: 12052191,
    Why.BRAND_DIGITS: 12052192,
    Why.BRAND_CJK: 12052204,
    Why.BRAND_TAKEN: 12052205,
    Why.BRANDS_TODAY: 12052202,
    Why.BRANDS_TOTAL: 12052203,
    Why.FILE_EMPTY: 12019103,
    Why.FILE_NAME: 12019104,
    Why.FILE_FORMAT: 12019105,
    Why.FILE_TOO_LARGE: 12038005,
}
#: Responsible persons document their own codes for the shared rules.
PERSON_CODES: dict[Why, int] = {
    Why.LIMIT: 38023027,
    Why.NAME_INVALID: 38023022,
    Why.ADDRESS_INVALID: 38023024,
    Why.CALLING_CODE: 38023028,
}


def _refused(call: Call, action: Callable[..., Any], *args: Any) -> Any:
    try:
        return action(*args)
    except ComplianceError as e:
        person = "responsible_person" in call.admitted.match.operation.operation_id
        code = (PERSON_CODES.get(e.why) if person else None) or CODES[e.why]
        raise business(call, code, e.detail) from None


def _seller(call: Call) -> str:
    return call.admitted.tokens.seller_id


def _now(call: Call) -> int:
    return call.mock.clock.now_s()


def create_custom_brands(call: Call) -> dict[str, Any]:
    mock = call.mock
    brand = _refused(
        call, compliance.create_brand, mock.store, mock.ids.rng, _seller(call), call.body["name"], _now(call)
    )
    return {"id": brand.id}


# --- size charts -----------------------------------------------------------------------------------------------------
def search_size_charts(call: Call) -> dict[str, Any]:
    q, b = call.query, call.body or {}
    found = compliance.search_size_charts(call.mock.store, _seller(call), b.get("ids") or [], b.get("keyword") or "")
    locales = set(q.get("locales") or ())
    page, total, token = _page(call, "size_charts", found, q["page_size"], q.get("page_token"), 12019108)
    return {
        "size_chart": [
            {
                "template_id": c.template_id,
                "template_name": c.template_name,
                "images": [
                    {**i, "url": images.image_url(call.base_url, i["uri"])}
                    for i in c.images
                    if not locales or i["locale"] in locales
                ],
            }
            for c in page
        ],
        "next_page_token": token,
        "total_count": total,
    }


def _page(
    call: Call, kind: str, items: list[Any], size: int, token: str | None, bad: int
) -> tuple[list[Any], int, str]:
    fingerprint = hashlib.sha256(f"{kind}|{_seller(call)}|{call.raw_body!r}".encode()).digest()[:8]
    start = 0
    if token:
        try:
            start = int(call.mock.store.page_tokens().read(f"compliance.{kind}", fingerprint.hex(), token)[0])
        except (InvalidPageToken, ValueError, IndexError):
            raise business(call, bad, "page_token is not one this API issued.") from None
    page = items[start : start + size]
    end = start + len(page)
    tokens = call.mock.store.page_tokens()
    return page, len(items), tokens.issue(f"compliance.{kind}", fingerprint.hex(), (end,)) if end < len(items) else ""


# --- manufacturers and responsible persons -------------------------------------------------------------------------
def _profiles(record: Any, locales: list[str] | None) -> list[dict[str, Any]]:
    return [
        {"locale": locale, **profile} for locale, profile in record.profiles.items() if not locales or locale in locales
    ]


def _search(call: Call, records: dict[str, Any], ids_key: str, list_key: str) -> dict[str, Any]:
    q, b = call.query, call.body or {}
    ids = [str(i) for i in b.get(ids_key) or ()]
    if len(ids) > q["page_size"]:
        raise business(call, 38023049)
    locales = b.get("locales")
    found = _refused(call, compliance.search_records, records, _seller(call), ids, b.get("keyword") or "", locales)
    page, total, token = _page(call, list_key, found, q["page_size"], q.get("page_token"), 38023048)
    return {
        list_key: [{"id": r.id, "regional_profiles": _profiles(r, locales)} for r in page],
        "total_count": total,
        "next_page_token": token,
    }


def search_manufacturers(call: Call) -> dict[str, Any]:
    _refused(call, compliance.not_global, call.mock.store, _seller(call))
    return _search(call, call.mock.store.compliance.manufacturers, "manufacturer_ids", "manufacturers")


def search_responsible_persons(call: Call) -> dict[str, Any]:
    _refused(call, compliance.not_global, call.mock.store, _seller(call))
    return _search(
        call, call.mock.store.compliance.responsible_persons, "responsible_person_ids", "responsible_persons"
    )


def create_manufacturer(call: Call) -> dict[str, Any]:
    mock = call.mock
    new_id = _refused(
        call, compliance.create_manufacturer, mock.store, mock.ids.rng, _seller(call), call.body, _now(call)
    )
    return {"manufacturer_id": new_id}


def create_responsible_person(call: Call) -> dict[str, Any]:
    mock = call.mock
    args = (mock.store, mock.ids.rng, _seller(call), call.body, _now(call))
    return {"responsible_person_id": _refused(call, compliance.create_responsible_person, *args)}


def partial_edit_manufacturer(call: Call) -> dict[str, Any]:
    record_id = call.path_params["manufacturer_id"]
    _refused(call, compliance.edit_manufacturer, call.mock.store, _seller(call), record_id, call.body, _now(call))
    return {}


def partial_edit_responsible_person(call: Call) -> dict[str, Any]:
    record_id = call.path_params["responsible_person_id"]
    args = (call.mock.store, _seller(call), record_id, call.body, _now(call))
    _refused(call, compliance.edit_responsible_person, *args)
    return {}


# --- files ---------------------------------------------------------------------------------------------------------
def upload_product_file(call: Call) -> dict[str, Any]:
    fields = parse_form(call.raw_body, call.content_type)
    if "data" not in fields:
        raise PartnerError(36009004, "Data is a required field and has not been provided.", 400)
    name = fields.get("name", (b"", ""))[0].decode("utf-8", "replace")
    mock = call.mock
    file = _refused(
        call, compliance.store_file, mock.store, mock.ids.rng, _seller(call), name, fields["data"][0], _now(call)
    )
    return {"id": file.id, "url": f"{call.base_url}{DOC_PATH}/{file.id}", "name": file.name, "format": file.format}


HANDLERS: dict[str, Handler] = {
    "create_custom_brands": create_custom_brands,
    "search_size_charts": search_size_charts,
    "search_manufacturers": search_manufacturers,
    "create_manufacturer": create_manufacturer,
    "partial_edit_manufacturer": partial_edit_manufacturer,
    "search_responsible_persons": search_responsible_persons,
    "create_responsible_person": create_responsible_person,
    "partial_edit_responsible_person": partial_edit_responsible_person,
    "upload_product_file": upload_product_file,
}
