"""Records of the listing helpers (issue 14): manufacturers and EU responsible persons (per seller), custom brands,
size chart templates and uploaded product files. Plain dataclasses; the rules are in catalog/compliance.py."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass
class Manufacturer:
    id: str
    seller_id: str
    #: locale -> {name, registered_trade_name, email, phone_number{...}, address}
    profiles: dict[str, dict[str, Any]]
    create_time: int
    update_time: int


@dataclass
class ResponsiblePerson:
    id: str
    seller_id: str
    #: locale -> {name, email, phone_number{country_code, local_number}, address{...}}
    profiles: dict[str, dict[str, Any]]
    create_time: int
    update_time: int


@dataclass
class SizeChart:
    template_id: str
    template_name: str
    #: [{uri, locale}]
    images: list[dict[str, str]]
    seller_id: str = ""


@dataclass
class ProductFile:
    id: str
    name: str
    format: str  # PDF | MP4 | ...
    size: int
    seller_id: str
    data: bytes = field(repr=False, default=b"")


@dataclass
class Compliance:
    manufacturers: dict[str, Manufacturer] = field(default_factory=dict)
    responsible_persons: dict[str, ResponsiblePerson] = field(default_factory=dict)
    size_charts: dict[str, SizeChart] = field(default_factory=dict)
    #: Uploaded files by id: product files (certificates, videos) and proofs of delivery.
    files: dict[str, ProductFile] = field(default_factory=dict)
    #: seller id -> [(brand id, create time)] of the brands the seller created (Create Custom Brands).
    custom_brands: dict[str, list[tuple[str, int]]] = field(default_factory=dict)
