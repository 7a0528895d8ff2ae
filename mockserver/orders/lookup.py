"""Finding orders and packages by id or index position, materializing lazy seeded ones on first use."""

from __future__ import annotations

from mockserver.orders import cache, lazy
from mockserver.orders import models as m
from mockserver.orders.book import SeedBlock
from mockserver.store import Store


def get_order(store: Store, order_id: str) -> m.Order | None:
    """The order with this id, materializing a lazy seeded one on first use."""
    order = store.orders.get(order_id)
    if order is not None:
        cache.touch(store, order.seq)
        return order
    located = store.order_book.locate_order_id(order_id)
    if located is None:
        return None
    return _materialize(store, *located)


def _materialize(store: Store, block: SeedBlock, i: int) -> m.Order:
    order = lazy.materialize(store, block, i, store.order_book.spec)
    cache.admit(store, order.seq)
    return order


def require_order(store: Store, order_id: str, shop_id: str | None = None) -> m.Order:
    order = get_order(store, order_id)
    if order is None:
        raise m.OrderNotFound(order_id)
    if shop_id is not None and order.shop_id != shop_id:
        raise m.NotOwned("order", order_id)
    return order


def get_package(store: Store, package_id: str) -> m.Package | None:
    package = store.packages.get(package_id)
    if package is not None:
        cache.touch(store, package.seq)
        return package
    located = store.order_book.locate_package_id(package_id)
    if located is None:
        return None
    _materialize(store, *located)
    return store.packages.get(package_id)


def require_package(store: Store, package_id: str, shop_id: str | None = None) -> m.Package:
    package = get_package(store, package_id)
    if package is None:
        raise m.PackageNotFound(package_id)
    if shop_id is not None and package.shop_id != shop_id:
        raise m.NotOwned("package", package_id)
    return package


def order_at(store: Store, seq: int) -> m.Order:
    """The order filed under `seq` in the index (materialized on demand)."""
    book = store.order_book
    order = book.order_by_seq.get(seq)
    if order is not None:
        cache.touch(store, seq)
        return order
    located = book.block_of(seq)
    assert located is not None, f"no order with seq {seq}"
    return _materialize(store, *located)


def package_at(store: Store, seq: int) -> m.Package:
    book = store.order_book
    package = book.package_by_seq.get(seq)
    if package is None:
        order_at(store, seq)
        package = book.package_by_seq[seq]
    else:
        cache.touch(store, seq)
    return package


def packages_of(store: Store, order: m.Order) -> list[m.Package]:
    return [store.packages[p] for p in order.packages]


def order_of(store: Store, package: m.Package) -> m.Order:
    return require_order(store, package.order_id)
