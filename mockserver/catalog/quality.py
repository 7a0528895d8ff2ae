"""Listing prerequisites and quality (the CAT-PRE-* and CAT-NFOQUAL-* use cases), computed from the real content
of the shop and its products. No HTTP here.

- `check_listing`: the same rules Create Product runs (listing.parse), every problem collected, nothing created;
- `diagnose`: what would improve a listing — short title, thin description, few images, unfilled attributes, no
  size chart — with suggestions (SEO words, a fuller title and description, a white-background first image);
- `seo_words`, `suggestions`: the same suggestions on their own; `recommend_category`: the leaf whose words the
  title matches best; `prerequisites`: whether the shop can list at all; `optimize`: white-background copies.

Codes, thresholds and texts are the mock's (GUESS, README): the official docs name only TITLE_LESS_THAN_40_CHARACTERS
and point to a "Listing quality diagnosis" page we do not have. Everything is deterministic from the content.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from typing import Any

from mockserver import events
from mockserver.catalog import listing, taxonomy
from mockserver.catalog.backend import warehouses_of
from mockserver.catalog.errors import CatalogError, Problems
from mockserver.catalog.models import ACTIVATE, RETURN_WAREHOUSE, SALES_WAREHOUSE, Product, UploadedImage
from mockserver.catalog.policy import CatalogPolicy
from mockserver.models import Shop
from mockserver.store import Store

TITLE_MIN = 40
DESCRIPTION_MIN = 300
IMAGES_MIN = 5
IMAGE_SIDE_MIN = 800
DESCRIPTION_MAX = 10_000
#: Words buyers search with in Indonesian marketplaces, offered when the title lacks them (GUESS).
TRENDING = ("original", "murah", "terbaru", "premium", "berkualitas", "promo")
#: Most products a shop may have live or in review before listing stops (GUESS: PRODUCT_QUANTITY_LIMIT).
PRODUCT_LIMIT = 10_000
OPTIMIZED_NAMESPACE = "tos-alisg-i-tkpdmock-sg/opt"
_TAG = re.compile(r"<[^>]+>")
_WORD = re.compile(r"[a-z0-9]+")


# --- check listing ------------------------------------------------------------------------------------------------
@dataclass
class Check:
    problems: list[CatalogError]
    warnings: list[str]


def check_listing(store: Store, shop: Shop, doc: dict[str, Any], policy: CatalogPolicy, now: int) -> Check:
    """Every problem Create Product would refuse this document for (in the order it checks them)."""
    problems = Problems(first_only=False)
    parsed = listing.parse(store, shop, doc, policy, problems, now=now)
    warnings = list(parsed.warnings) if parsed is not None else []
    return Check(list(problems.found), warnings)


# --- diagnosis ----------------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Content:
    """What a diagnosis looks at: a product's content, or a draft's (Diagnose and Optimize Product)."""

    title: str
    description: str
    category_id: str
    brand_id: str | None
    image_uris: tuple[str, ...]
    attribute_ids: tuple[str, ...]
    attribute_values: tuple[str, ...]
    has_size_chart: bool
    key: str  # what seeds the choice of suggestions (the product id, or the title)


def content_of(product: Product) -> Content:
    return Content(
        title=product.title,
        description=product.description,
        category_id=product.category_id,
        brand_id=product.brand_id,
        image_uris=tuple(i.uri for i in product.main_images),
        attribute_ids=tuple(a.id for a in product.product_attributes),
        attribute_values=tuple(v.get("name", "") for a in product.product_attributes for v in a.values),
        has_size_chart=bool(product.extra.get("size_chart")),
        key=product.id,
    )


def merged_content(base: Content | None, doc: dict[str, Any]) -> Content:
    """A draft's content: the document's fields over the product's (when one is given)."""
    attrs = doc.get("product_attributes")
    images = doc.get("main_images")
    return Content(
        title=str(doc.get("title") or (base.title if base else "")),
        description=str(doc.get("description") or (base.description if base else "")),
        category_id=str(doc.get("category_id") or (base.category_id if base else "")),
        brand_id=doc.get("brand_id") or (base.brand_id if base else None),
        image_uris=tuple(i.get("uri", "") for i in images) if images else (base.image_uris if base else ()),
        attribute_ids=tuple(a["id"] for a in attrs) if attrs else (base.attribute_ids if base else ()),
        attribute_values=tuple(v.get("name", "") for a in attrs for v in a.get("values") or ())
        if attrs
        else (base.attribute_values if base else ()),
        has_size_chart=bool(doc.get("size_chart")) or (base.has_size_chart if base else False),
        key=base.key if base else str(doc.get("title") or ""),
    )


@dataclass
class Finding:
    code: str
    how_to_solve: str
    quality_tier: str  # the tier fixing it reaches: FAIR | GOOD


@dataclass
class Diagnosis:
    target: str  # the field diagnosed: TITLE | DESCRIPTION | IMAGE | ATTRIBUTE | SIZE_CHART
    findings: list[Finding]
    seo_words: list[str] = field(default_factory=list)
    smart_texts: list[str] = field(default_factory=list)
    images: list[dict[str, Any]] = field(default_factory=list)


def _text(html: str) -> str:
    return _TAG.sub(" ", html).strip()


def diagnose(store: Store, content: Content, *, suggest: frozenset[str] = frozenset()) -> list[Diagnosis]:
    """The fields that could be better, each with what to do; `suggest` (TITLE, DESCRIPTION, IMAGE) adds the
    generated suggestions for those fields."""
    out: list[Diagnosis] = []
    title: list[Finding] = []
    if len(content.title) < TITLE_MIN:
        title.append(Finding("TITLE_LESS_THAN_40_CHARACTERS",
                             "Judul minimal 40 karakter dan memuat informasi produk, misalnya jenis, merek dan bahan.",
                             "FAIR"))  # fmt: skip
    brand = store.brands.get(content.brand_id or "")
    if brand is not None and brand.name.lower() not in content.title.lower():
        title.append(Finding("TITLE_MISSING_BRAND", f'Cantumkan merek "{brand.name}" di judul.', "GOOD"))
    if title or "TITLE" in suggest:
        d = Diagnosis("TITLE", title)
        if "TITLE" in suggest:
            d.seo_words, d.smart_texts = seo_words(store, content), [recommended_title(store, content)]
        out.append(d)
    description: list[Finding] = []
    if len(_text(content.description)) < DESCRIPTION_MIN:
        description.append(Finding("DESCRIPTION_LESS_THAN_300_CHARACTERS",
                                   "Tulis deskripsi minimal 300 karakter: kegunaan, ukuran, bahan dan isi paket.",
                                   "FAIR"))  # fmt: skip
    if "<img" not in content.description:
        description.append(Finding("DESCRIPTION_WITHOUT_IMAGE", "Tambahkan gambar produk di deskripsi.", "GOOD"))
    if description or "DESCRIPTION" in suggest:
        d = Diagnosis("DESCRIPTION", description)
        if "DESCRIPTION" in suggest:
            d.smart_texts = [recommended_description(store, content)]
        out.append(d)
    out += _image_diagnosis(store, content, suggest)
    missing = [a for a in store.attributes.get(content.category_id, ())
               if a.type == taxonomy.PRODUCT_PROPERTY and a.id not in content.attribute_ids]  # fmt: skip
    if missing:
        names = ", ".join(a.name for a in missing)
        out.append(Diagnosis("ATTRIBUTE", [Finding("ATTRIBUTE_NOT_FILLED", f"Lengkapi atribut: {names}.", "GOOD")]))
    if _size_chart_supported(store, content.category_id) and not content.has_size_chart:
        out.append(Diagnosis("SIZE_CHART", [Finding("SIZE_CHART_MISSING", "Tambahkan tabel ukuran.", "GOOD")]))
    return out


def _size_chart_supported(store: Store, category_id: str) -> bool:
    chain = taxonomy.chain(store, category_id)
    return bool(chain) and chain[0].id in taxonomy.SIZE_CHART_ROOTS


def _image_diagnosis(store: Store, content: Content, suggest: frozenset[str]) -> list[Diagnosis]:
    findings: list[Finding] = []
    if len(content.image_uris) < IMAGES_MIN:
        findings.append(Finding("IMAGE_LESS_THAN_5", "Gunakan minimal 5 gambar produk.", "FAIR"))
    first = store.images.get(content.image_uris[0]) if content.image_uris else None
    if first is not None and min(first.width, first.height) < IMAGE_SIDE_MIN:
        findings.append(Finding("IMAGE_LOW_RESOLUTION", "Gambar utama minimal 800 x 800 piksel.", "GOOD"))
    if first is not None and not first.uri.startswith(OPTIMIZED_NAMESPACE):
        findings.append(Finding("MAIN_IMAGE_NOT_WHITE_BACKGROUND", "Gunakan latar putih untuk gambar utama.", "GOOD"))
    if not findings and "IMAGE" not in suggest:
        return []
    d = Diagnosis("IMAGE", findings)
    if "IMAGE" in suggest and first is not None:
        optimized = optimized_uri(first.uri)
        d.images = [{"uri": first.uri, "optimized_uri": optimized, "height": first.height, "width": first.width}]
    return [d]


def tier(diagnoses: list[Diagnosis]) -> tuple[str, int]:
    """(current tier, remaining recommendations): POOR while a FAIR-level issue is open, FAIR while a GOOD one is."""
    findings = [f for d in diagnoses for f in d.findings]
    if any(f.quality_tier == "FAIR" for f in findings):
        return "POOR", len(findings)
    return ("FAIR", len(findings)) if findings else ("GOOD", 0)


# --- suggestions ----------------------------------------------------------------------------------------------------
def _words(text: str) -> set[str]:
    return set(_WORD.findall(text.lower()))


def seo_words(store: Store, content: Content) -> list[str]:
    """Up to 5 search words the title lacks: its category's words and nouns, its brand, its attribute values,
    trending words; in an order seeded by the product."""
    have = _words(content.title)
    candidates: list[str] = []
    for cat in reversed(taxonomy.chain(store, content.category_id)):
        candidates += [*cat.keywords, cat.local_name]
    brand = store.brands.get(content.brand_id or "")
    if brand is not None:
        candidates.append(brand.name)
    candidates += list(content.attribute_values)
    seen: list[str] = []
    for c in candidates:
        word = c.strip().lower()
        if word and not _words(word) <= have and word not in seen:
            seen.append(word)
    start = int(hashlib.sha256(content.key.encode()).hexdigest(), 16) % len(TRENDING)
    seen += [w for w in TRENDING[start:] + TRENDING[:start] if w not in have]
    return seen[:5]


def recommended_title(store: Store, content: Content) -> str:
    """The title with the brand first and the most useful missing words after, within 255 characters."""
    brand = store.brands.get(content.brand_id or "")
    parts = [brand.name] if brand is not None and brand.name.lower() not in content.title.lower() else []
    parts.append(content.title.strip())
    parts += [w.title() for w in seo_words(store, content)[:3]]
    return " ".join(p for p in parts if p)[:255]


def recommended_description(store: Store, content: Content) -> str:
    """The description with a list of the product's facts added (attributes, category)."""
    leaf = store.categories.get(content.category_id)
    facts = [f"<li>{v}</li>" for v in content.attribute_values if v]
    if leaf is not None:
        facts.append(f"<li>Kategori: {leaf.local_name}</li>")
    body = content.description.strip() or f"<p>{content.title}</p>"
    closing = "<p>Produk dikemas dengan aman dan dikirim di hari yang sama untuk pesanan sebelum pukul 15.00.</p>"
    return f"{body}<ul>{''.join(facts)}</ul>{closing}"[:DESCRIPTION_MAX]


# --- recommend category ------------------------------------------------------------------------------------------
def recommend_category(store: Store, title: str, description: str = "") -> list[str] | None:
    """The leaf whose nouns and names best match the title (a description breaks ties), root first; None when no
    word matches. Deterministic: on a tie, the lowest category id."""
    words, extra = _words(title), _words(_text(description))
    best: tuple[int, int, str] | None = None
    for cat in store.categories.values():
        if not cat.is_leaf:
            continue
        chain = taxonomy.chain(store, cat.id)
        nouns = {w for k in cat.keywords for w in _words(k)}
        names = {w for c in chain for w in _words(c.local_name) if len(w) > 2}
        score = 3 * len(words & nouns) + 2 * len(words & names)
        tie = len(extra & (nouns | names))
        if score and (best is None or (score, tie, _neg(cat.id)) > (best[0], best[1], _neg(best[2]))):
            best = (score, tie, cat.id)
    if best is None:
        return None
    return [c.id for c in taxonomy.chain(store, best[2])]


def _neg(category_id: str) -> int:
    return -int(category_id) if category_id.isdigit() else 0


# --- prerequisites ------------------------------------------------------------------------------------------------
def prerequisites(store: Store, shop: Shop) -> list[tuple[str, list[str]]]:
    """(check item, fail reasons) for every requirement that applies to the shop's market."""
    warehouses = warehouses_of(store, shop.id)
    sales = [w for w in warehouses if w.type == SALES_WAREHOUSE and w.effect_status == "ENABLED"]
    returns = [w for w in warehouses if w.type == RETURN_WAREHOUSE and w.effect_status == "ENABLED"]
    live = sum(1 for p in store.products_by_shop.get(shop.id, {}) if store.products[p].status in (ACTIVATE, "PENDING"))
    out: list[tuple[str, list[str]]] = [
        ("SHOP_STATUS", [] if shop.status == "ACTIVE" else [f"The shop is {shop.status.lower()}: it cannot list."]),
        ("PICKUP_WAREHOUSE", [] if sales else [
            "Couldn't publish this product as you haven't set a pickup warehouse for your shop. Add one on TikTok "
            "Shop Seller Center first and try again."]),
        ("RETURN_WAREHOUSE", [] if returns else [
            "Couldn't publish this product as you haven't set the return warehouse for your shop. Add the return "
            "warehouse information on TikTok Shop Seller Center first and try again."]),
        ("DELIVERY_OPTION", [] if store.logistics.options else ["No delivery option is enabled for the shop."]),
        ("PRODUCT_QUANTITY_LIMIT", [] if live < PRODUCT_LIMIT else [
            f"The shop has reached its limit of {PRODUCT_LIMIT} products."]),
        ("CONTACT_INFO", [] if any(w.address.phone_number for w in sales) else [
            "Add the shop's contact phone number on TikTok Shop Seller Center."]),
        ("BANk_ACCOUNT", []),  # the official spelling; seeded sellers have one (GUESS)
    ]  # fmt: skip
    return out


# --- optimized images ---------------------------------------------------------------------------------------------
def optimized_uri(uri: str) -> str:
    return f"{OPTIMIZED_NAMESPACE}/{hashlib.sha256(uri.encode()).hexdigest()[:32]}"


def optimize(store: Store, uri: str, now: int) -> tuple[UploadedImage, UploadedImage, bool]:
    """A white-background copy of an uploaded image: (original, optimized, newly made). An optimized image, or one
    optimized before, is not processed again. KeyError for an unknown uri."""
    original = store.images[uri]
    if uri.startswith(OPTIMIZED_NAMESPACE):
        return original, original, False
    target = optimized_uri(uri)
    done = store.images.get(target)
    if done is not None:
        return original, done, False
    copy = UploadedImage(target, "image/png", b"", original.width, original.height, original.use_case)
    store.images[target] = copy
    store.events.emit(events.IMAGE_STORED, now, None, "image", target, use_case=original.use_case,
                      width=copy.width, height=copy.height, optimized_from=uri)  # fmt: skip
    return original, copy, True
