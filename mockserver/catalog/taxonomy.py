"""The seeded category tree, brands and category attributes (fixtures/catalog.json), and lookups over them."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from mockserver.catalog.models import Attribute, AttributeValue, Brand, Category
from mockserver.resources import fixtures_dir
from mockserver.store import Store

PRODUCT_PROPERTY = "PRODUCT_PROPERTY"
SALES_PROPERTY = "SALES_PROPERTY"


@dataclass(frozen=True)
class LeafSpec:
    """How the seed fills a leaf category: title nouns, IDR price range, variant axes, attributes to set."""

    category_id: str
    nouns: tuple[str, ...]
    price: tuple[int, int]
    variants: tuple[str, ...]
    attributes: tuple[str, ...]


def load_spec() -> dict[str, Any]:
    """The parsed fixture. Read at every seeding (a few kB): no cached module state."""
    with open(fixtures_dir() / "catalog.json", encoding="utf-8") as f:
        spec: dict[str, Any] = json.load(f)
    return spec


def install(store: Store, spec: dict[str, Any]) -> list[LeafSpec]:
    """Put categories, brands and attributes into the store; return the leaves with their seeding specs."""
    leaves: list[LeafSpec] = []
    sales = spec["sales_attributes"]
    props = spec["product_attributes"]

    def walk(node: dict[str, Any], parent: str) -> None:
        leaf = node.get("leaf")
        nouns = tuple(leaf["nouns"]) if leaf is not None else ()
        store.categories[node["id"]] = Category(
            node["id"], parent, node["name"], is_leaf=leaf is not None, keywords=nouns
        )
        if leaf is None:
            for child in node["children"]:
                walk(child, node["id"])
            return
        required = set(leaf["required"])
        attrs = [_attribute(a, sales[a], SALES_PROPERTY, False) for a in leaf["variants"]]
        attrs += [_attribute(a, props[a], PRODUCT_PROPERTY, a in required) for a in leaf["attributes"]]
        if node["id"] in DANGEROUS_GOODS_CATEGORIES:
            attrs.append(dangerous_goods_attribute())
        # Every leaf also offers the sales attributes it does not seed with, so sellers can pick them.
        attrs += [_attribute(a, sales[a], SALES_PROPERTY, False) for a in sales if a not in leaf["variants"]]
        store.attributes[node["id"]] = attrs
        leaves.append(
            LeafSpec(
                node["id"],
                tuple(leaf["nouns"]),
                (leaf["price"][0], leaf["price"][1]),
                tuple(leaf["variants"]),
                tuple(leaf["attributes"]),
            )
        )

    for root in spec["categories"]:
        walk(root, "0")
    for b in spec["brands"]:
        store.brands[b["id"]] = Brand(
            b["id"],
            b["name"],
            authorized_status=b.get("authorized_status", "AUTHORIZED"),
            category_ids=tuple(b["categories"]),
        )
    return leaves


def _attribute(attr_id: str, raw: dict[str, Any], kind: str, required: bool) -> Attribute:
    return Attribute(
        id=attr_id,
        name=raw["name"],
        type=kind,
        is_required=required,
        values=[AttributeValue(v[0], v[1]) for v in raw["values"]],
        is_multiple_selection=bool(raw.get("multiple", False)),
    )


def chain(store: Store, category_id: str) -> list[Category]:
    """The category and its ancestors, root first."""
    out: list[Category] = []
    cat = store.categories.get(category_id)
    while cat is not None:
        out.append(cat)
        cat = store.categories.get(cat.parent_id)
    return out[::-1]


def attribute(store: Store, category_id: str, attribute_id: str) -> Attribute | None:
    return next((a for a in store.attributes.get(category_id, ()) if a.id == attribute_id), None)


def value_name(attr: Attribute, value_id: str) -> str | None:
    return next((v.name for v in attr.values if v.id == value_id), None)


#: Certifications some categories ask for (GUESS: the mock's choice, in the shape of the official example; SNI is
#: Indonesia's national standard mark, BPOM its food and drug agency). `expiry_required`: the certificate must carry
#: an `expiration_date` (changelog "add expire date on product certifications", SEA markets from 2025-06-28; which
#: certificates need one is the mock's choice: SNI does).
CERTIFICATIONS: dict[str, list[dict[str, Any]]] = {
    "604012": [{"id": "602362", "name": "SNI Certificate", "is_required": True, "expiry_required": True}],
    "602011": [{"id": "602363", "name": "Sertifikat BPOM", "is_required": False, "expiry_required": False}],
    "602012": [{"id": "602363", "name": "Sertifikat BPOM", "is_required": False, "expiry_required": False}],
}

#: The mandatory "Dangerous Goods" attribute of SEA categories (changelog "various categories will require the
#: mandatory attribute Dangerous Goods", ID/SG/PH/VN/TH/MY local sellers from 2024-10-10). The mock's taxonomy is its
#: own, so its categories that stand for listed ones require it: Kabel & Charger (Cables, Chargers & Adapters
#: 601937), Speaker Bluetooth (batteries), Serum Wajah (Serums & Essences 601619) — each with the value its seeded
#: products carry. Attribute and value ids are the mock's.
DANGEROUS_GOODS_ID = "101610"
DANGEROUS_GOODS_VALUES = (
    ("1000810", "Tidak mengandung barang berbahaya"),
    ("1000811", "Mengandung baterai"),
    ("1000812", "Mengandung cairan mudah terbakar"),
    ("1000813", "Mengandung gas bertekanan"),
)
DANGEROUS_GOODS_CATEGORIES: dict[str, str] = {"604012": "1000810", "604022": "1000811", "602011": "1000810"}


def dangerous_goods_attribute() -> Attribute:
    values = [AttributeValue(i, n) for i, n in DANGEROUS_GOODS_VALUES]
    return Attribute(DANGEROUS_GOODS_ID, "Barang Berbahaya (Dangerous Goods)", PRODUCT_PROPERTY, True, values)


SIZE_CHART_ROOTS = ("601152", "601300")


def required_certifications(category_id: str) -> list[str]:
    return [c["id"] for c in CERTIFICATIONS.get(category_id, ()) if c["is_required"]]


def expiry_required(category_id: str, certification_id: str) -> bool:
    return any(c["id"] == certification_id and c["expiry_required"] for c in CERTIFICATIONS.get(category_id, ()))


def rules(store: Store, category_id: str) -> dict[str, Any]:
    """Get Category Rules for a leaf (GUESS: values chosen for the seeded Indonesian categories)."""
    root = chain(store, category_id)[0].id
    sized = root in SIZE_CHART_ROOTS
    return {
        "product_certifications": [
            {
                **{k: v for k, v in c.items() if k != "expiry_required"},
                "document_details": "Unggah sertifikat yang masih berlaku.",
                "expiration_date": {"is_required": c["expiry_required"]},
            }
            for c in CERTIFICATIONS.get(category_id, ())
        ],
        "size_chart": {"is_supported": sized, "is_required": False},
        "cod": {"is_supported": True},
        "package_dimension": {"is_required": False},  # official: optional for ID, TH, VN
        "epr": {"is_required": False},
        "responsible_person": {"is_required": False},
        "manufacturer": {"is_required": False},
        "allowed_special_product_types": ["PRE_ORDER"],
        "fees": [],
    }
