"""The order book: every order and package of every shop, materialized or still lazy, and their indexes.

Seeded history is kept as compact `SeedBlock`s (a few arrays per shop) and only turned into `Order` objects when
something reads or changes one (`mockserver/orders/lazy.py`). The book answers "which records, in which order"
from its `TimeIndex`es without touching the records themselves; `head()` gives the few fields a search filters on,
for lazy and materialized records alike.
"""

from __future__ import annotations

from array import array
from bisect import bisect_right, insort
from dataclasses import dataclass, field
from typing import Any, NamedTuple

from mockserver.lazyshops import LazyShops
from mockserver.orders.index import MAX_SEQ, TimeIndex
from mockserver.orders.models import (
    ORDER_STATUSES,
    PACKAGE_STATUSES,
    SHIPPING_SELLER,
    SHIPPING_TIKTOK,
    LineItem,
    Order,
    Package,
)
from mockserver.orders.windows import OrderWindows

#: Order ids are "57" + 16 digits (18 digits, like the official examples); packages "115" + the same 16 digits.
ORDER_PREFIX = "57"
PACKAGE_PREFIX = "115"
CORE_MOD = 10**16
#: Lazy ids walk the 16-digit space with this stride (coprime with 10**16, so the walk is invertible).
STRIDE = 6_364_136_223_846_793
STRIDE_INV = pow(STRIDE, -1, CORE_MOD)
BUYER_MOD = 10**18
BUYER_STRIDE = 422_223_474_123_456_789

ORDER_STATUS_CODE = {s: i for i, s in enumerate(ORDER_STATUSES)}
PACKAGE_STATUS_CODE = {s: i for i, s in enumerate(PACKAGE_STATUSES)}


def bits(salt: int, lo: int, n: int) -> int:
    """`n` bits of a seeded order's salt from bit `lo` (lazy.py documents the layout)."""
    return (salt >> lo) & ((1 << n) - 1)


#: Bits (118, 3) of a seeded order's salt pick its shipping type.
SHIPPING_BITS = 118


def stub_shipping_type(salt: int) -> str:
    """One seeded order in eight uses seller shipping; the rest platform logistics."""
    return SHIPPING_SELLER if bits(salt, SHIPPING_BITS, 3) == 0 else SHIPPING_TIKTOK


@dataclass(frozen=True)
class SkuSnapshot:
    """What a line item copies from the catalog when an order is generated."""

    sku_id: str
    product_id: str
    product_name: str
    sku_name: str
    seller_sku: str
    image_uri: str
    price: int


def line_item(rng: Any, snap: SkuSnapshot, seller_discount: int = 0) -> LineItem:
    """A line item of one unit of the snapshot's SKU (its id drawn from `rng`, a `random.Random`)."""
    return LineItem(
        id=f"577{rng.randrange(10**15):015d}",
        sku_id=snap.sku_id,
        product_id=snap.product_id,
        product_name=snap.product_name,
        sku_name=snap.sku_name,
        seller_sku=snap.seller_sku,
        sku_image_uri=snap.image_uri,
        original_price=str(snap.price),
        sale_price=str(snap.price - seller_discount),
        seller_discount=str(seller_discount),
    )


@dataclass
class SeedBlock:
    """One shop's seeded orders, as arrays: order i has seq `start + i` and id core `(base + i * STRIDE) % 10**16`."""

    shop_id: str
    start: int
    base: int
    seed: int
    #: The moment the block was generated: lazy orders are materialized as they were then.
    now: int
    warehouse_id: str
    region: str
    platforms: tuple[str, ...]
    skus: tuple[SkuSnapshot, ...]
    buyer_base: int
    buyer_pool: int
    create: array[int] = field(default_factory=lambda: array("q"))
    update: array[int] = field(default_factory=lambda: array("q"))
    status: array[int] = field(default_factory=lambda: array("b"))
    package_status: array[int] = field(default_factory=lambda: array("b"))  # -1: no package yet
    package_create: array[int] = field(default_factory=lambda: array("q"))
    package_update: array[int] = field(default_factory=lambda: array("q"))
    buyer: array[int] = field(default_factory=lambda: array("I"))
    salt_lo: array[int] = field(default_factory=lambda: array("Q"))
    salt_hi: array[int] = field(default_factory=lambda: array("Q"))

    @property
    def count(self) -> int:
        return len(self.create)

    def core(self, i: int) -> int:
        return (self.base + i * STRIDE) % CORE_MOD

    def index_of_core(self, core: int) -> int | None:
        i = ((core - self.base) * STRIDE_INV) % CORE_MOD
        return i if i < self.count else None

    def order_id(self, i: int) -> str:
        return f"{ORDER_PREFIX}{self.core(i):016d}"

    def package_id(self, i: int) -> str:
        return f"{PACKAGE_PREFIX}{self.core(i):016d}"

    def salt(self, i: int) -> int:
        return (self.salt_hi[i] << 64) | self.salt_lo[i]

    def buyer_id(self, b: int) -> str:
        return f"7{(self.buyer_base + b * BUYER_STRIDE) % BUYER_MOD:018d}"

    def buyer_index(self, user_id: str) -> int | None:
        if len(user_id) != 19 or not user_id.isascii() or not user_id.isdigit() or user_id[0] != "7":
            return None
        inv = pow(BUYER_STRIDE, -1, BUYER_MOD)
        b = ((int(user_id[1:]) - self.buyer_base) * inv) % BUYER_MOD
        return b if b < self.buyer_pool else None


class Head(NamedTuple):
    """The fields an order search filters on."""

    status: str
    create_time: int
    update_time: int
    shipping_type: str
    buyer_user_id: str
    warehouse_id: str
    is_buyer_request_cancel: bool


class PackageHead(NamedTuple):
    status: str
    create_time: int
    update_time: int


@dataclass
class OrderBook:
    orders_index: TimeIndex = field(default_factory=TimeIndex)
    packages_index: TimeIndex = field(default_factory=TimeIndex)
    blocks: list[SeedBlock] = field(default_factory=list)
    block_starts: list[int] = field(default_factory=list)
    order_by_seq: dict[int, Order] = field(default_factory=dict)
    package_by_seq: dict[int, Package] = field(default_factory=dict)
    next_seq: int = 0
    #: Bumped by every change to an order or package; caches (search totals) key on it.
    version: int = 0
    count_cache: dict[tuple[object, ...], int] = field(default_factory=dict)
    #: (shop_id, tracking number) -> package id, for the duplicate check (materialized packages only).
    tracking_numbers: dict[tuple[str, str], str] = field(default_factory=dict)
    #: fixtures/orders.json: names, addresses and texts orders are generated from.
    spec: dict[str, Any] = field(default_factory=dict)
    #: The platform's deadlines (Settings): the timers and the rendered SLA fields read them.
    windows: OrderWindows = field(default_factory=OrderWindows)
    # --- hardening (issue 16): seeded orders materialized (seq -> fingerprint), least recently used first, at
    # most `cache_size` of them (mockserver/orders/cache.py evicts the oldest; a changed order is never evicted).
    clean: dict[int, bytes] = field(default_factory=dict)
    cache_size: int = 2000
    #: Shops whose seeded history is not here yet (mockserver/lazyshops.py): a miss by id or seq builds them.
    lazy: LazyShops = field(default_factory=LazyShops, repr=False, compare=False)

    def attach(self, lazy: LazyShops) -> None:
        self.lazy = self.orders_index.lazy = self.packages_index.lazy = lazy

    def allocate(self, n: int = 1) -> int:
        first = self.next_seq
        self.next_seq += n
        if self.next_seq > MAX_SEQ:
            raise OverflowError("tokopedia-mock holds at most 67 million orders and packages")
        return first

    def add_block(self, block: SeedBlock) -> None:
        """File a shop's seeded block (shops are built in any order; their seq ranges were reserved in order)."""
        pos = bisect_right(self.block_starts, block.start)
        self.blocks.insert(pos, block)
        insort(self.block_starts, block.start)

    def block_of(self, seq: int, build: bool = False) -> tuple[SeedBlock, int] | None:
        """The seeded block holding `seq`, if any. A seq read from an index is a built shop's; one from outside (a
        legacy order id) may be a shop's not built yet: `build` builds every shop on a miss."""
        found = self._block_of(seq)
        if found is None and build and self.lazy:
            self.lazy.all()
            found = self._block_of(seq)
        return found

    def _block_of(self, seq: int) -> tuple[SeedBlock, int] | None:
        pos = bisect_right(self.block_starts, seq) - 1
        if pos < 0:
            return None
        block = self.blocks[pos]
        i = seq - block.start
        return (block, i) if i < block.count else None

    def locate_order_id(self, order_id: str, build: bool = True) -> tuple[SeedBlock, int] | None:
        """The lazy seeded order with this id, if any (`build=False`: among the shops built so far)."""
        return self._locate(order_id, ORDER_PREFIX, 18, build)

    def locate_package_id(self, package_id: str, build: bool = True) -> tuple[SeedBlock, int] | None:
        found = self._locate(package_id, PACKAGE_PREFIX, 19, build)
        if found is None or found[0].package_status[found[1]] < 0:
            return None
        return found

    def _locate(self, ident: str, prefix: str, length: int, build: bool) -> tuple[SeedBlock, int] | None:
        if len(ident) != length or not ident.isascii() or not ident.isdigit() or not ident.startswith(prefix):
            return None
        core = int(ident[len(prefix) :])
        found = self._find_core(core)
        if found is None and build and self.lazy:
            self.lazy.all()
            found = self._find_core(core)
        return found

    def _find_core(self, core: int) -> tuple[SeedBlock, int] | None:
        for block in self.blocks:
            i = block.index_of_core(core)
            if i is not None:
                return block, i
        return None

    def head(self, seq: int) -> Head:
        order = self.order_by_seq.get(seq)
        if order is not None:
            return Head(
                order.status,
                order.create_time,
                order.update_time,
                order.shipping_type,
                order.buyer.user_id,
                order.warehouse_id,
                order.is_buyer_request_cancel,
            )
        located = self.block_of(seq)
        assert located is not None, f"no order with seq {seq}"
        block, i = located
        return Head(
            ORDER_STATUSES[block.status[i]],
            block.create[i],
            block.update[i],
            stub_shipping_type(block.salt(i)),
            block.buyer_id(block.buyer[i]),
            block.warehouse_id,
            False,
        )

    def package_head(self, seq: int) -> PackageHead:
        package = self.package_by_seq.get(seq)
        if package is not None:
            return PackageHead(package.status, package.create_time, package.update_time)
        located = self.block_of(seq)
        assert located is not None, f"no package with seq {seq}"
        block, i = located
        return PackageHead(PACKAGE_STATUSES[block.package_status[i]], block.package_create[i], block.package_update[i])

    def changed(self) -> None:
        self.version += 1
        if self.count_cache:
            self.count_cache.clear()
