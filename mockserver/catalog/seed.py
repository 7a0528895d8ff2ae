"""Seeds each shop's catalog: warehouses and `Settings.catalog_size` products, deterministic from the seed.

Cheap by design (no Faker, one RNG per shop): a few hundred products per shop cost a few milliseconds, so the
app still starts well under a second.
"""

from __future__ import annotations

import json
import random
import threading
from collections import OrderedDict
from dataclasses import dataclass
from typing import Any, TypeVar

from mockserver.catalog import taxonomy
from mockserver.catalog.backend import new_id
from mockserver.catalog.models import (
    ACTIVATE,
    DELETED,
    DRAFT,
    ENABLED,
    FAILED,
    FREEZE,
    PLATFORM_DEACTIVATED,
    RETURN_WAREHOUSE,
    SALES_WAREHOUSE,
    SELLER_DEACTIVATED,
    TIKTOK_SHOP,
    TOKOPEDIA,
    Address,
    Image,
    Price,
    Product,
    ProductAttribute,
    SalesAttribute,
    Sku,
    Stock,
    UploadedImage,
    Warehouse,
)
from mockserver.models import Shop
from mockserver.store import Store

T = TypeVar("T")

#: Seeded status mix (cumulative weights): mostly live, some of every other state.
STATUS_MIX = (
    (ACTIVATE, 80),
    (SELLER_DEACTIVATED, 88),
    (DRAFT, 93),
    (PLATFORM_DEACTIVATED, 95),
    (FAILED, 96),
    (FREEZE, 97),
    (DELETED, 100),
)
SEED_IMAGE_NAMESPACE = "tos-alisg-i-tkpdmock-sg"
YEAR = 365 * 24 * 3600


class _QuickRandom(random.Random):
    """`random.Random` with a float-based `_randbelow` (which choice, randrange, randint and sample use): about
    twice as fast, and as deterministic. Fine for seed data; not for anything that needs unbiased large ranges."""

    def _randbelow(self, n: int) -> int:
        if n < 1 << 48:
            return int(self.random() * n)
        return int(random.Random._randbelow(self, n))  # type: ignore[attr-defined]


def seed_taxonomy(store: Store) -> tuple[dict[str, Any], list[taxonomy.LeafSpec]]:
    """Categories, brands and attributes for everyone; the spec and leaves each shop's catalog is drawn from."""
    spec = taxonomy.load_spec()
    return spec, taxonomy.install(store, spec)


def seed_shop_catalog(
    store: Store, shop: Shop, spec: dict[str, Any], leaves: list[taxonomy.LeafSpec], seed: int, size: int, now: int
) -> None:
    """One shop's warehouses and `size` products, from a stream of its own.

    Drawn once per process (`_drawn`, with every time relative to the instant of seeding) and copied into the
    store at `now` on every build: the same records a fresh draw would give, in a third of the time."""
    drawn = _drawn(seed, shop, size, spec)
    for w in drawn.warehouses:
        store.warehouses[w.id] = _clone(w)
    store.warehouses_by_shop[shop.id] = [w.id for w in drawn.warehouses]
    index = store.products_by_shop.setdefault(shop.id, {})
    skus = store.skus
    for p in drawn.products:
        product = _at(p, now)
        store.products[product.id] = product
        index[product.id] = None
        for sku in product.skus:
            skus[sku.id] = sku
    store.images.update(drawn.images)  # seeded images are never changed in place (an upload replaces the entry)


@dataclass(frozen=True)
class _Drawn:
    warehouses: list[Warehouse]
    products: list[Product]
    images: dict[str, UploadedImage]


#: Drawn catalogs by what they are drawn from, least recently used first (a few per seed and shop in a process).
_DRAWN: OrderedDict[tuple[Any, ...], _Drawn] = OrderedDict()
_DRAWN_KEPT = 32
_DRAWN_LOCK = threading.Lock()


def _drawn(seed: int, shop: Shop, size: int, spec: dict[str, Any]) -> _Drawn:
    key = (seed, shop.id, shop.name, shop.region, shop.platforms, size, json.dumps(spec, sort_keys=True))
    with _DRAWN_LOCK:
        found = _DRAWN.get(key)
        if found is None:
            found = _DRAWN[key] = _draw(seed, shop, size, spec)
            if len(_DRAWN) > _DRAWN_KEPT:
                _DRAWN.popitem(last=False)
        else:
            _DRAWN.move_to_end(key)
        return found


def _draw(seed: int, shop: Shop, size: int, spec: dict[str, Any]) -> _Drawn:
    """A shop's catalog drawn at instant 0 into a store of its own (the taxonomy installed): a template."""
    scratch = Store(seed=seed)
    leaves = taxonomy.install(scratch, spec)
    rng = _QuickRandom(f"catalog:{seed}:{shop.id}")
    _warehouses(scratch, shop, spec, rng)
    _products(scratch, shop, spec, leaves, rng, size, 0)
    return _Drawn(list(scratch.warehouses.values()), list(scratch.products.values()), dict(scratch.images))


def _clone(record: T) -> T:
    """A shallow copy of a dataclass record (what `copy.copy` does, without its dispatch)."""
    new = object.__new__(type(record))
    new.__dict__.update(record.__dict__)
    return new


def _at(p: Product, now: int) -> Product:
    """A fresh copy of a drawn product, its times moved to `now`: new containers and stock, the immutable parts
    (prices, images, attributes) shared."""
    product = _clone(p)
    product.create_time, product.update_time = p.create_time + now, p.update_time + now
    product.statuses = dict(p.statuses)
    product.main_images = list(p.main_images)
    product.product_attributes = list(p.product_attributes)
    product.package_weight = dict(p.package_weight) if p.package_weight is not None else None
    product.package_dimensions = dict(p.package_dimensions) if p.package_dimensions is not None else None
    product.statuses_before_delete = dict(p.statuses_before_delete) if p.statuses_before_delete else None
    product.extra, product.tokopedia = dict(p.extra), dict(p.tokopedia)
    skus = []
    for s in p.skus:
        sku = _clone(s)
        sku.sales_attributes = list(s.sales_attributes)
        sku.inventory = {w: Stock(st.available, st.committed) for w, st in s.inventory.items()}
        sku.extra = dict(s.extra)
        skus.append(sku)
    product.skus = skus
    return product


def _warehouses(store: Store, shop: Shop, spec: dict[str, Any], rng: random.Random) -> None:
    entries = [(w, SALES_WAREHOUSE) for w in spec["warehouses"]] + [(spec["return_warehouse"], RETURN_WAREHOUSE)]
    ids = store.warehouses_by_shop.setdefault(shop.id, [])
    for i, (w, kind) in enumerate(entries):
        address = Address(
            region="Indonesia",
            region_code=shop.region,
            state=w["state"],
            city=w["city"],
            district=w["district"],
            town=w["town"],
            postal_code=w["postal_code"],
            full_address=f"{w['street']}, {w['town']}, {w['district']}, {w['city']}, {w['state']} {w['postal_code']}",
            contact_person=f"Admin {shop.name}",
            phone_number=f"(+62)81{rng.randrange(10)}****{rng.randrange(10000):04d}",
        )
        warehouse = Warehouse(
            id=new_id(rng, store.warehouses, prefix="70"),
            name=w["name"],
            shop_id=shop.id,
            type=kind,
            is_default=i == 0 or kind == RETURN_WAREHOUSE,
            effect_status=ENABLED,
            address=address,
        )
        store.warehouses[warehouse.id] = warehouse
        ids.append(warehouse.id)


def _products(
    store: Store,
    shop: Shop,
    spec: dict[str, Any],
    leaves: list[taxonomy.LeafSpec],
    rng: random.Random,
    size: int,
    now: int,
) -> None:
    warehouses = [w for w in store.warehouses_by_shop[shop.id] if store.warehouses[w].type == SALES_WAREHOUSE]
    brands_by_leaf: dict[str, list[str]] = {}
    for brand in store.brands.values():
        for cat in brand.category_ids:
            brands_by_leaf.setdefault(cat, []).append(brand.id)
    modifiers = spec["title_modifiers"]
    both = TOKOPEDIA in shop.platforms
    created = sorted(now - rng.randrange(60, YEAR) for _ in range(size))
    index = store.products_by_shop.setdefault(shop.id, {})
    for n, create_time in enumerate(created):
        leaf = rng.choice(leaves)
        product_id = new_id(rng, store.products)
        brand_ids = brands_by_leaf.get(leaf.category_id)
        brand_id = rng.choice(brand_ids) if brand_ids and rng.random() < 0.5 else None
        title = _title(rng, leaf, modifiers, store.brands[brand_id].name if brand_id else None)
        product = Product(
            id=product_id,
            shop_id=shop.id,
            title=title,
            description=_description(rng, title, modifiers),
            category_id=leaf.category_id,
            statuses=_statuses(rng, both),
            skus=[],
            create_time=create_time,
            update_time=create_time + rng.randrange(0, max(1, now - create_time)),
            main_images=[_image(store, rng) for _ in range(rng.randint(1, 5))],
            brand_id=brand_id,
            product_attributes=_attributes(store, rng, leaf),
            package_weight={"value": f"{rng.randint(1, 40) * 0.125:g}", "unit": "KILOGRAM"},
            package_dimensions={
                "length": str(rng.randint(5, 60)),
                "width": str(rng.randint(5, 40)),
                "height": str(rng.randint(1, 30)),
                "unit": "CENTIMETER",
            },
            is_cod_allowed=rng.random() < 0.6,
        )
        product.skus = _skus(store, rng, product, leaf, warehouses, n)
        if product.status == DELETED:
            product.statuses_before_delete = dict.fromkeys(product.statuses, SELLER_DEACTIVATED)
        store.products[product.id] = product
        index[product.id] = None
        for sku in product.skus:
            store.skus[sku.id] = sku


def _statuses(rng: random.Random, both: bool) -> dict[str, str]:
    roll = rng.randrange(100)
    status = next(s for s, cum in STATUS_MIX if roll < cum)
    if not both:
        return {TIKTOK_SHOP: status}
    shape = rng.randrange(10)
    if shape < 7:  # listed on both; now and then deactivated on Tokopedia only
        other = SELLER_DEACTIVATED if status == ACTIVATE and rng.random() < 0.1 else status
        return {TIKTOK_SHOP: status, TOKOPEDIA: other}
    return {TIKTOK_SHOP: status} if shape < 9 else {TOKOPEDIA: status}


def _title(rng: random.Random, leaf: taxonomy.LeafSpec, modifiers: list[str], brand: str | None) -> str:
    words = [rng.choice(leaf.nouns)]
    if brand:
        words.insert(0, brand)
    for extra in rng.sample(modifiers, 4):
        if len(" ".join(words)) >= 25 and rng.random() < 0.5:
            break
        words.append(extra)
    return " ".join(words)


def _description(rng: random.Random, title: str, modifiers: list[str]) -> str:
    points = "".join(f"<li>{m}</li>" for m in rng.sample(modifiers, 3))
    return f"<p>{title}.</p><p>Barang dijamin 100% baru dan siap kirim dari gudang kami.</p><ul>{points}</ul>"


def _image(store: Store, rng: random.Random) -> Image:
    uri = f"{SEED_IMAGE_NAMESPACE}/{rng.getrandbits(128):032x}"
    side = rng.choice((600, 800, 1000))
    store.images[uri] = UploadedImage(uri, "image/png", b"", side, side, "MAIN_IMAGE")
    return Image(uri, side, side)


def _attributes(store: Store, rng: random.Random, leaf: taxonomy.LeafSpec) -> list[ProductAttribute]:
    out: list[ProductAttribute] = []
    for attr_id in leaf.attributes:
        attr = taxonomy.attribute(store, leaf.category_id, attr_id)
        if attr is None or (not attr.is_required and rng.random() < 0.3):
            continue
        if attr.values:
            picks = rng.sample(attr.values, rng.randint(1, 2) if attr.is_multiple_selection else 1)
            values = [{"id": v.id, "name": v.name} for v in picks]
        else:  # free text (e.g. a BPOM registration number): a custom value with a generated id
            values = [{"id": new_id(rng), "name": f"NA18{rng.randrange(10**9):09d}"}]
        out.append(ProductAttribute(attr.id, attr.name, values))
    value_id = taxonomy.DANGEROUS_GOODS_CATEGORIES.get(leaf.category_id)
    if value_id is not None:  # the mandatory Dangerous Goods attribute (issue 14), without a draw: the rest stays
        attr = taxonomy.attribute(store, leaf.category_id, taxonomy.DANGEROUS_GOODS_ID)
        assert attr is not None
        out.append(
            ProductAttribute(attr.id, attr.name, [{"id": value_id, "name": taxonomy.value_name(attr, value_id) or ""}])
        )
    return out


def _skus(
    store: Store,
    rng: random.Random,
    product: Product,
    leaf: taxonomy.LeafSpec,
    warehouses: list[str],
    n: int,
) -> list[Sku]:
    lo, hi = leaf.price
    base = max(1000, rng.randrange(lo, hi) // 1000 * 1000 - rng.choice((0, 0, 100, 500)))
    combos: list[list[SalesAttribute]] = [[]]
    if leaf.variants and rng.random() < 0.6:
        for attr_id in leaf.variants[:2]:
            attr = taxonomy.attribute(store, leaf.category_id, attr_id)
            assert attr is not None
            picks = rng.sample(attr.values, rng.randint(2 if not combos[0] else 1, 3))
            combos = [c + [SalesAttribute(attr.id, attr.name, v.id, v.name)] for c in combos for v in picks]
    stocked = warehouses[:1] if rng.random() < 0.7 else warehouses[:2]
    prefix = "".join(w[0] for w in product.title.split()[:3]).upper()
    skus: list[Sku] = []
    for k, attrs in enumerate(combos):
        step = 0 if k == 0 else rng.choice((0, 0, 5000, 10000))
        suffix = "-".join(a.value_name.replace(" ", "").upper()[:4] for a in attrs)
        seller_sku = f"{prefix}-{n:04d}" + (f"-{suffix}" if suffix else "")
        skus.append(
            Sku(
                id=new_id(rng, store.skus),
                product_id=product.id,
                seller_sku=seller_sku,
                price=Price(str(base + step), "IDR"),
                sales_attributes=attrs,
                inventory={w: Stock(available=_quantity(rng)) for w in stocked},
            )
        )
    return skus


def _quantity(rng: random.Random) -> int:
    """Mostly in stock, a few sold out."""
    roll = rng.random()
    return 0 if roll < 0.08 else rng.randint(1, 80) if roll < 0.6 else rng.randint(80, 500)
