"""The seller's listing helpers that are records of their own: custom brands, manufacturers and EU responsible
persons (GPSR), size chart templates, uploaded product files. Per seller (the operations take no shop_cipher).
No HTTP here; each refusal is a `ComplianceError` with a neutral reason the Partner API maps to its codes.

Limits: brands 2-30 characters, 50 a day and 1,000 in all per seller (official). The others are the mock's
(GUESS, README): names and trade names up to 200 characters, addresses up to 500, phone numbers 5-15 digits,
100 manufacturers and 100 responsible persons per seller, a responsible person's address and phone in the EU.
"""

from __future__ import annotations

import random
import re
import unicodedata
from collections.abc import Sequence
from enum import StrEnum
from typing import Any

from mockserver import events
from mockserver.catalog.compliance_models import Manufacturer, ProductFile, ResponsiblePerson, SizeChart
from mockserver.catalog.models import Brand, UploadedImage
from mockserver.errors import DomainError
from mockserver.store import Store

DAY = 86400
BRAND_LENGTH = (2, 30)
BRANDS_PER_DAY = 50
BRANDS_TOTAL = 1000
NAME_MAX = 200
ADDRESS_MAX = 500
PHONE_DIGITS = (5, 15)
MAX_RECORDS = 100
DEFAULT_LOCALE = "id-ID"
LOCALES = frozenset({"de-DE", "en-GB", "en-IE", "en-US", "es-ES", "es-MX", "fr-FR", "id-ID", "it-IT", "ja-JP",
                     "ms-MY", "pt-BR", "th-TH", "vi-VN", "zh-CN"})  # fmt: skip
AVAILABILITY = ("AVAILABLE", "UNAVAILABLE")
#: EU member states (ISO 3166-1 alpha-2) and their calling codes, for responsible persons.
EU = frozenset("AT BE BG HR CY CZ DK EE FI FR DE GR HU IE IT LV LT LU MT NL PL PT RO SK SI ES SE".split())
EU_CALLING = frozenset("43 32 359 385 357 420 45 372 358 33 49 30 36 353 39 371 370 352 356 31 48 351 40 421 386 34 "
                       "46".split())  # fmt: skip
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[A-Za-z]{2,}$")
_CALLING = re.compile(r"^\+?(\d{1,4})$")
_DIGITS5 = re.compile(r"\d{5,}")
#: Files Upload Product File accepts, by their first bytes (official: PDF up to 20 MB, videos up to 100 MB).
FILE_MAX = {"PDF": 20 * 1024 * 1024}
VIDEO_MAX = 100 * 1024 * 1024


class Why(StrEnum):
    GLOBAL_SELLER = "compliance.global_seller"
    NOT_FOUND = "compliance.not_found"
    NOT_YOURS = "compliance.not_yours"
    LIMIT = "compliance.limit"
    NAME_INVALID = "compliance.name_invalid"
    NAME_LENGTH = "compliance.name_length"
    TRADE_NAME_INVALID = "compliance.trade_name_invalid"
    TRADE_NAME_LENGTH = "compliance.trade_name_length"
    EMAIL = "compliance.email"
    PHONE_LENGTH = "compliance.phone_length"
    CALLING_CODE = "compliance.calling_code"
    EU_CALLING_CODE = "compliance.eu_calling_code"
    AVAILABILITY = "compliance.availability"
    ADDRESS_INVALID = "compliance.address_invalid"
    ADDRESS_LENGTH = "compliance.address_length"
    EU_COUNTRY = "compliance.eu_country"
    LOCALE = "compliance.locale"
    PAGE_SIZE = "compliance.page_size"
    PAGE_TOKEN = "compliance.page_token"
    TOO_MANY_IDS = "compliance.too_many_ids"
    BRAND_TOO_SHORT = "brand.too_short"
    BRAND_TOO_LONG = "brand.too_long"
    BRAND_SYMBOLS = "brand.symbols"
    BRAND_DIGITS = "brand.digits"
    BRAND_CJK = "brand.cjk"
    BRAND_TAKEN = "brand.taken"
    BRANDS_TODAY = "brand.daily_limit"
    BRANDS_TOTAL = "brand.total_limit"
    FILE_EMPTY = "file.empty"
    FILE_NAME = "file.name"
    FILE_FORMAT = "file.format"
    FILE_TOO_LARGE = "file.too_large"


class ComplianceError(DomainError):
    def __init__(self, why: Why, detail: str = "", **facts: Any) -> None:
        super().__init__(why, detail, **facts)

    @property
    def why(self) -> Why:
        return Why(self.reason)


def _new_id(rng: random.Random, taken: Any) -> str:
    while True:
        candidate = f"7{rng.randrange(10**18):018d}"
        if candidate not in taken:
            return candidate


def not_global(store: Store, seller_id: str) -> None:
    """Manufacturers and responsible persons are for local sellers (38023050)."""
    if any(s.seller_type == "CROSS_BORDER" for s in store.shops_of(seller_id)):
        raise ComplianceError(Why.GLOBAL_SELLER)


# --- custom brands ------------------------------------------------------------------------------------------------
def create_brand(store: Store, rng: random.Random, seller_id: str, name: str, now: int) -> Brand:
    lo, hi = BRAND_LENGTH
    name = name.strip()
    if len(name) < lo:
        raise ComplianceError(Why.BRAND_TOO_SHORT)
    if len(name) > hi:
        raise ComplianceError(Why.BRAND_TOO_LONG)
    if any("\u4e00" <= ch <= "\u9fff" for ch in name):
        raise ComplianceError(Why.BRAND_CJK)
    if any(unicodedata.category(ch) in ("So", "Cs", "Co") or ord(ch) > 0xFFFF for ch in name):
        raise ComplianceError(Why.BRAND_SYMBOLS)
    if _DIGITS5.search(name):
        raise ComplianceError(Why.BRAND_DIGITS)
    if any(b.name.casefold() == name.casefold() for b in store.brands.values()):
        raise ComplianceError(Why.BRAND_TAKEN)
    mine = store.compliance.custom_brands.setdefault(seller_id, [])
    if len(mine) >= BRANDS_TOTAL:
        raise ComplianceError(Why.BRANDS_TOTAL, max=BRANDS_TOTAL)
    if sum(1 for _, t in mine if t // DAY == now // DAY) >= BRANDS_PER_DAY:
        raise ComplianceError(Why.BRANDS_TODAY, max=BRANDS_PER_DAY)
    brand = Brand(_new_id(rng, store.brands), name, authorized_status="UNAUTHORIZED")
    store.brands[brand.id] = brand
    mine.append((brand.id, now))
    store.events.emit(events.BRAND_CREATED, now, None, "brand", brand.id, name=name, seller_id=seller_id)
    return brand


# --- manufacturers and responsible persons --------------------------------------------------------------------------
def _text(value: object, *, blank: Why, length: Why, most: int) -> str:
    text = str(value or "").strip()
    if not text:
        raise ComplianceError(blank)
    if len(text) > most:
        raise ComplianceError(length, max=most)
    return text


def _email(value: object) -> str:
    email = str(value or "").strip()
    if not _EMAIL.match(email) or len(email) > NAME_MAX:
        raise ComplianceError(Why.EMAIL)
    return email


def _phone(raw: dict[str, Any], *, eu: bool) -> dict[str, str]:
    out: dict[str, str] = {}
    if "availability" in raw or not eu:
        availability = str(raw.get("availability") or "AVAILABLE")
        if availability not in AVAILABILITY:
            raise ComplianceError(Why.AVAILABILITY)
        out["availability"] = availability
        if availability == "UNAVAILABLE":
            return out
    code = _CALLING.match(str(raw.get("country_code") or ""))
    if code is None:
        raise ComplianceError(Why.CALLING_CODE)
    if eu and code.group(1) not in EU_CALLING:
        raise ComplianceError(Why.EU_CALLING_CODE)
    number = re.sub(r"[\s-]", "", str(raw.get("local_number") or ""))
    lo, hi = PHONE_DIGITS
    if not number.isdigit() or not lo <= len(number) <= hi:
        raise ComplianceError(Why.PHONE_LENGTH, min=lo, max=hi)
    out.update(country_code=f"+{code.group(1)}", local_number=number)
    return out


def _locale(value: object) -> str:
    locale = str(value or DEFAULT_LOCALE)
    if locale not in LOCALES:
        raise ComplianceError(Why.LOCALE)
    return locale


def _manufacturer_profile(body: dict[str, Any], base: dict[str, Any] | None) -> dict[str, Any]:
    """A manufacturer's profile from `body` (over `base` for a partial edit), every field checked."""
    merged = {**(base or {}), **{k: v for k, v in body.items() if k != "locale"}}
    profile: dict[str, Any] = {
        "name": _text(merged.get("name"), blank=Why.NAME_INVALID, length=Why.NAME_LENGTH, most=NAME_MAX),
        "email": _email(merged.get("email")),
        "phone_number": _phone(dict(merged.get("phone_number") or {}), eu=False),
        "address": _text(merged.get("address"), blank=Why.ADDRESS_INVALID, length=Why.ADDRESS_LENGTH,
                         most=ADDRESS_MAX),
    }  # fmt: skip
    if merged.get("registered_trade_name"):
        profile["registered_trade_name"] = _text(
            merged["registered_trade_name"], blank=Why.TRADE_NAME_INVALID, length=Why.TRADE_NAME_LENGTH, most=NAME_MAX
        )
    return profile


def _person_profile(body: dict[str, Any], base: dict[str, Any] | None) -> dict[str, Any]:
    merged = {**(base or {}), **{k: v for k, v in body.items() if k != "locale"}}
    address = dict(merged.get("address") or {})
    country = str(address.get("country") or "").upper()
    if country not in EU:
        raise ComplianceError(Why.EU_COUNTRY)
    for key in ("street_address_line1", "postal_code"):
        _text(address.get(key), blank=Why.ADDRESS_INVALID, length=Why.ADDRESS_LENGTH, most=ADDRESS_MAX)
    if len(" ".join(str(v) for v in address.values())) > ADDRESS_MAX:
        raise ComplianceError(Why.ADDRESS_LENGTH, max=ADDRESS_MAX)
    return {
        "name": _text(merged.get("name"), blank=Why.NAME_INVALID, length=Why.NAME_LENGTH, most=NAME_MAX),
        "email": _email(merged.get("email")),
        "phone_number": _phone(dict(merged.get("phone_number") or {}), eu=True),
        "address": {**address, "country": country},
    }


def create_manufacturer(store: Store, rng: random.Random, seller_id: str, body: dict[str, Any], now: int) -> str:
    not_global(store, seller_id)
    records = store.compliance.manufacturers
    if sum(1 for r in records.values() if r.seller_id == seller_id) >= MAX_RECORDS:
        raise ComplianceError(Why.LIMIT, max=MAX_RECORDS)
    locale = _locale(body.get("locale"))
    record = Manufacturer(_new_id(rng, records), seller_id, {locale: _manufacturer_profile(body, None)}, now, now)
    records[record.id] = record
    _changed(store, record.id, "manufacturer", "created", seller_id, now)
    return record.id


def create_responsible_person(store: Store, rng: random.Random, seller_id: str, body: dict[str, Any], now: int) -> str:
    not_global(store, seller_id)
    records = store.compliance.responsible_persons
    if sum(1 for r in records.values() if r.seller_id == seller_id) >= MAX_RECORDS:
        raise ComplianceError(Why.LIMIT, max=MAX_RECORDS)
    locale = _locale(body.get("locale"))
    record = ResponsiblePerson(_new_id(rng, records), seller_id, {locale: _person_profile(body, None)}, now, now)
    records[record.id] = record
    _changed(store, record.id, "responsible_person", "created", seller_id, now)
    return record.id


def _owned(records: dict[str, Any], record_id: str, seller_id: str) -> Any:
    record = records.get(record_id)
    if record is None:
        raise ComplianceError(Why.NOT_FOUND)
    if record.seller_id != seller_id:
        raise ComplianceError(Why.NOT_YOURS)
    return record


def edit_manufacturer(store: Store, seller_id: str, record_id: str, body: dict[str, Any], now: int) -> None:
    """Partial edit: the fields given replace those of the `locale` profile (a new locale adds one)."""
    not_global(store, seller_id)
    record = _owned(store.compliance.manufacturers, record_id, seller_id)
    locale = _locale(body.get("locale"))
    record.profiles[locale] = _manufacturer_profile(body, record.profiles.get(locale) or _any(record))
    record.update_time = now
    _changed(store, record.id, "manufacturer", "edited", seller_id, now)


def edit_responsible_person(store: Store, seller_id: str, record_id: str, body: dict[str, Any], now: int) -> None:
    not_global(store, seller_id)
    record = _owned(store.compliance.responsible_persons, record_id, seller_id)
    locale = _locale(body.get("locale"))
    record.profiles[locale] = _person_profile(body, record.profiles.get(locale) or _any(record))
    record.update_time = now
    _changed(store, record.id, "responsible_person", "edited", seller_id, now)


def _any(record: Manufacturer | ResponsiblePerson) -> dict[str, Any]:
    return dict(next(iter(record.profiles.values())))


def _changed(store: Store, record_id: str, kind: str, what: str, seller_id: str, now: int) -> None:
    store.events.emit(events.COMPLIANCE_CHANGED, now, None, kind, record_id, what=what, seller_id=seller_id)


def search_records(
    records: dict[str, Any], seller_id: str, ids: Sequence[str], keyword: str, locales: Sequence[str] | None
) -> list[Any]:
    """The seller's records, oldest first: by id when `ids` are given, else those whose name has `keyword`."""
    if locales is not None and any(loc not in LOCALES for loc in locales):
        raise ComplianceError(Why.LOCALE)
    mine = [r for r in records.values() if r.seller_id == seller_id]
    if ids:
        wanted = set(ids)
        mine = [r for r in mine if r.id in wanted]
    elif keyword:
        word = keyword.casefold()
        mine = [r for r in mine if any(word in str(p.get("name", "")).casefold() for p in r.profiles.values())]
    return sorted(mine, key=lambda r: (r.create_time, r.id))


# --- size charts -------------------------------------------------------------------------------------------------
#: Seeded size chart templates of every seller (GUESS: the mock's names).
SIZE_CHARTS = ("Tabel Ukuran Kaos", "Tabel Ukuran Kemeja", "Tabel Ukuran Celana", "Tabel Ukuran Dress")


def seed_size_charts(store: Store, seed: int) -> None:
    for seller_id in sorted(store.sellers):
        rng = random.Random(f"size-charts:{seed}:{seller_id}")
        for name in SIZE_CHARTS:
            uri = f"tos-alisg-i-tkpdmock-sg/size/{rng.getrandbits(128):032x}"
            store.images[uri] = UploadedImage(uri, "image/png", b"", 800, 800, "SIZE_CHART_IMAGE")
            chart_id = _new_id(rng, store.compliance.size_charts)
            chart = SizeChart(chart_id, name, [{"uri": uri, "locale": DEFAULT_LOCALE}], seller_id)
            store.compliance.size_charts[chart_id] = chart


def search_size_charts(store: Store, seller_id: str, ids: Sequence[str], keyword: str) -> list[SizeChart]:
    """The seller's size charts: by template id when `ids` are given (they take priority), else by a keyword of
    the name (case-insensitive)."""
    mine = [c for c in store.compliance.size_charts.values() if c.seller_id == seller_id]
    if ids:
        wanted = set(ids)
        return [c for c in mine if c.template_id in wanted]
    word = keyword.casefold()
    return [c for c in mine if word in c.template_name.casefold()]


# --- product files ---------------------------------------------------------------------------------------------------
def sniff_file(data: bytes) -> str | None:
    """The format of a product file from its first bytes (PDF or one of the documented video formats)."""
    if data.startswith(b"%PDF-"):
        return "PDF"
    if data[4:8] == b"ftyp":
        brand = data[8:12]
        return "MOV" if brand == b"qt  " else ("3GP" if brand.startswith(b"3g") else "MP4")
    if data.startswith(b"\x1aE\xdf\xa3"):
        return "WEBM" if b"webm" in data[:64] else "MKV"
    if data[:4] == b"RIFF" and data[8:12] == b"AVI ":
        return "AVI"
    if data.startswith(b"FLV"):
        return "FLV"
    if data.startswith(b"0&\xb2u\x8ef\xcf\x11"):
        return "WMV"
    if data[:4] in (b"\x00\x00\x01\xba", b"\x00\x00\x01\xb3"):
        return "MPEG"
    return None


def store_file(store: Store, rng: random.Random, seller_id: str, name: str, data: bytes, now: int) -> ProductFile:
    """Keep an uploaded certificate or video (served back under the documents path)."""
    if not data:
        raise ComplianceError(Why.FILE_EMPTY)
    if not name.strip():
        raise ComplianceError(Why.FILE_NAME)
    kind = sniff_file(data)
    if kind is None:
        raise ComplianceError(Why.FILE_FORMAT)
    if len(data) > FILE_MAX.get(kind, VIDEO_MAX):
        raise ComplianceError(Why.FILE_TOO_LARGE, max=FILE_MAX.get(kind, VIDEO_MAX))
    file = ProductFile(f"v{rng.getrandbits(124):031x}", name.strip(), kind, len(data), seller_id, data)
    store.compliance.files[file.id] = file
    store.events.emit(events.FILE_STORED, now, None, "file", file.id, use_case="PRODUCT_FILE", size=len(data))
    return file
