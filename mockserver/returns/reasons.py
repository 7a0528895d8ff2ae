"""The reasons a buyer or seller gives, for Indonesia (a SEA market): cancel, refund, return, replacement and reject.

Sources: the names the official docs use in examples (`ecom_order_to_ship_canceled_reason_created_by_mistakes`,
`ecom_order_delivered_refund_reason_missing_product_seller`, `…_refund_and_return_reason_wrong_product_seller`,
`seller_reject_apply_product_has_been_packed`, `seller_reject_apply_you_have_reached_an_agreement_with_the_buyer`,
`seller_reject_apply_package_has_not_exceeded_estimated_delivery_time`) and the SEA changelogs: "unable to deliver
to buyer address" may not be used to cancel in ID since 2024-03-01 (`seller_cancel_unable_to_deliver_to_buyer_address`),
`seller_cancel_paid_reason_address_not_deliver` was removed in ID on 2025-08-31, and `seller_cancel_reason_out_of_stock`
became a seller-fault reason in ID then. The full lists live on pages the reference does not hold (cancel-reasons,
refund-reasons, return-reasons): the other names below follow the same patterns and are the mock's own (GUESS).
Reasons ending in `_seller` are the ones a seller may give when creating a request on the buyer's behalf.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from mockserver.returns import models as r

# Kinds: what a reason is given for.
CANCEL = "CANCEL"
REFUND = r.REFUND
RETURN_AND_REFUND = r.RETURN_AND_REFUND
REPLACEMENT = r.REPLACEMENT
REJECT_CANCEL = "REJECT_CANCEL"
REJECT_REFUND = "REJECT_REFUND"
REJECT_RETURN = "REJECT_RETURN"
REJECT_PACKAGE = "REJECT_RECEIVED_PACKAGE"
REJECT_REPLACEMENT = "REJECT_REPLACEMENT"
REJECT_KINDS = frozenset({REJECT_CANCEL, REJECT_REFUND, REJECT_RETURN, REJECT_PACKAGE, REJECT_REPLACEMENT})

# Stages: what state the order is in when the reason fits.
UNPAID = "UNPAID"
TO_SHIP = "TO_SHIP"  # paid, the courier does not have it yet
DELIVERED = "DELIVERED"


@dataclass(frozen=True)
class ReasonSpec:
    name: str
    text: str  # en
    text_id: str  # id (Bahasa Indonesia)
    kinds: frozenset[str]
    users: frozenset[str]  # who may give it: BUYER, SELLER
    stages: frozenset[str] = frozenset()
    #: The seller is at fault: shipping is refunded and the seller pays the return shipping (money.py).
    seller_fault: bool = False
    #: Withdrawn in this market: refused with "currently offline".
    offline: bool = False

    def label(self, locale: str | None) -> str:
        return self.text_id if is_indonesian(locale) else self.text


def _r(
    name: str,
    text: str,
    text_id: str,
    kinds: Iterable[str],
    users: Iterable[str],
    stages: Iterable[str] = (),
    *,
    seller_fault: bool = False,
    offline: bool = False,
) -> ReasonSpec:
    return ReasonSpec(name, text, text_id, frozenset(kinds), frozenset(users), frozenset(stages), seller_fault, offline)


B, S = r.BUYER, r.SELLER
_CANCEL_BUYER = "ecom_order_to_ship_canceled_reason_"
_UNPAID_BUYER = "ecom_order_unpaid_canceled_reason_"
_REFUND = "ecom_order_delivered_refund_reason_"
_RETURN = "ecom_order_delivered_refund_and_return_reason_"
_REPLACE = "ecom_order_delivered_replacement_reason_"
_REJECT = "seller_reject_apply_"
_PACKAGE = "seller_reject_receive_package_"
_SELLER_REJECTS = (REJECT_REFUND, REJECT_RETURN, REJECT_REPLACEMENT)

REASONS: tuple[ReasonSpec, ...] = (
    # --- the buyer cancels ------------------------------------------------------------------------------------------
    _r(_UNPAID_BUYER + "change_payment_method", "Need to change payment method", "Ingin mengubah metode pembayaran",
       [CANCEL], [B], [UNPAID]),
    _r(_UNPAID_BUYER + "no_longer_needed", "No longer needed", "Tidak dibutuhkan lagi", [CANCEL], [B], [UNPAID]),
    _r(_CANCEL_BUYER + "created_by_mistakes", "Order created by mistake", "Pesanan dibuat tanpa sengaja",
       [CANCEL], [B], [TO_SHIP]),
    _r(_CANCEL_BUYER + "no_longer_needed", "No longer needed", "Tidak dibutuhkan lagi", [CANCEL], [B], [TO_SHIP]),
    _r(_CANCEL_BUYER + "change_address", "Need to change delivery address", "Perlu mengubah alamat pengiriman",
       [CANCEL], [B], [TO_SHIP]),
    _r(_CANCEL_BUYER + "better_price", "Found a better price elsewhere", "Menemukan harga lebih murah",
       [CANCEL], [B], [TO_SHIP]),
    _r(_CANCEL_BUYER + "shipping_too_long", "Shipping takes too long", "Pengiriman terlalu lama",
       [CANCEL], [B], [TO_SHIP], seller_fault=True),
    # --- the seller cancels -----------------------------------------------------------------------------------------
    _r("seller_cancel_reason_out_of_stock", "Out of stock", "Stok habis", [CANCEL], [S], [UNPAID, TO_SHIP],
       seller_fault=True),
    _r("seller_cancel_reason_wrong_price", "Pricing error", "Kesalahan harga", [CANCEL], [S], [UNPAID, TO_SHIP],
       seller_fault=True),
    _r("seller_cancel_paid_reason_buyer_requested", "Buyer requested cancellation", "Pembeli meminta pembatalan",
       [CANCEL], [S], [TO_SHIP]),
    _r("seller_cancel_unpaid_reason_buyer_not_paid", "Buyer has not paid", "Pembeli belum membayar",
       [CANCEL], [S], [UNPAID]),
    _r("seller_cancel_unable_to_deliver_to_buyer_address", "Unable to deliver to buyer address",
       "Tidak dapat mengirim ke alamat pembeli", [CANCEL], [S], [UNPAID, TO_SHIP], offline=True),
    _r("seller_cancel_paid_reason_address_not_deliver", "Address cannot be delivered to", "Alamat tidak terjangkau",
       [CANCEL], [S], [TO_SHIP], offline=True),
    # --- refund only (the buyer keeps the parcel) ---------------------------------------------------------------------
    _r(_REFUND + "missing_product", "Missing product or parts", "Produk atau bagian tidak lengkap",
       [REFUND], [B], [DELIVERED], seller_fault=True),
    _r(_REFUND + "package_not_received", "Package not received", "Paket tidak diterima",
       [REFUND], [B], [DELIVERED], seller_fault=True),
    _r(_REFUND + "damaged_product", "Product arrived damaged", "Produk diterima dalam keadaan rusak",
       [REFUND], [B], [DELIVERED], seller_fault=True),
    _r(_REFUND + "missing_product_seller", "Missing product or parts", "Produk atau bagian tidak lengkap",
       [REFUND], [S], [DELIVERED], seller_fault=True),
    _r(_REFUND + "damaged_product_seller", "Product arrived damaged", "Produk diterima dalam keadaan rusak",
       [REFUND], [S], [DELIVERED], seller_fault=True),
    # --- return and refund -----------------------------------------------------------------------------------------
    _r(_RETURN + "wrong_product", "Wrong product was sent", "Produk yang dikirim salah",
       [RETURN_AND_REFUND], [B], [DELIVERED], seller_fault=True),
    _r(_RETURN + "damaged_product", "Product arrived damaged", "Produk diterima dalam keadaan rusak",
       [RETURN_AND_REFUND], [B], [DELIVERED], seller_fault=True),
    _r(_RETURN + "not_as_described", "Product not as described", "Produk tidak sesuai deskripsi",
       [RETURN_AND_REFUND], [B], [DELIVERED], seller_fault=True),
    _r(_RETURN + "no_longer_needed", "No longer needed", "Tidak dibutuhkan lagi",
       [RETURN_AND_REFUND], [B], [DELIVERED]),
    _r(_RETURN + "wrong_product_seller", "Wrong product was sent", "Produk yang dikirim salah",
       [RETURN_AND_REFUND], [S], [DELIVERED], seller_fault=True),
    _r(_RETURN + "damaged_product_seller", "Product arrived damaged", "Produk diterima dalam keadaan rusak",
       [RETURN_AND_REFUND], [S], [DELIVERED], seller_fault=True),
    # --- replacement -----------------------------------------------------------------------------------------------
    _r(_REPLACE + "damaged_product", "Product arrived damaged", "Produk diterima dalam keadaan rusak",
       [REPLACEMENT], [B], [DELIVERED], seller_fault=True),
    _r(_REPLACE + "wrong_product", "Wrong product was sent", "Produk yang dikirim salah",
       [REPLACEMENT], [B], [DELIVERED], seller_fault=True),
    _r(_REPLACE + "defective_product", "Product does not work", "Produk tidak berfungsi",
       [REPLACEMENT], [B], [DELIVERED], seller_fault=True),
    # --- the seller rejects ----------------------------------------------------------------------------------------
    _r(_REJECT + "product_has_been_packed", "The product has been packed", "Produk sudah dikemas",
       [REJECT_CANCEL], [S]),
    _r(_REJECT + "product_has_been_shipped", "The product has been handed to the courier",
       "Produk sudah diserahkan ke kurir", [REJECT_CANCEL], [S]),
    _r(_REJECT + "you_have_reached_an_agreement_with_the_buyer", "You have reached an agreement with the buyer",
       "Anda sudah mencapai kesepakatan dengan pembeli", [REJECT_CANCEL, *_SELLER_REJECTS], [S]),
    _r(_REJECT + "package_has_not_exceeded_estimated_delivery_time",
       "The package has not exceeded the estimated delivery time", "Paket belum melewati perkiraan waktu tiba",
       [REJECT_REFUND, REJECT_PACKAGE], [S]),
    _r(_REJECT + "product_was_sent_complete", "The product was sent complete", "Produk sudah dikirim lengkap",
       [REJECT_REFUND], [S]),
    _r(_REJECT + "product_not_eligible_for_return", "The product is not eligible for return",
       "Produk tidak dapat dikembalikan", [REJECT_RETURN, REJECT_REPLACEMENT], [S]),
    _r(_REJECT + "buyer_did_not_contact_seller", "The buyer did not contact the seller first",
       "Pembeli tidak menghubungi penjual terlebih dahulu", [REJECT_CANCEL, *_SELLER_REJECTS], [S], offline=True),
    _r(_PACKAGE + "product_damaged_by_buyer", "The returned product was damaged by the buyer",
       "Produk yang dikembalikan dirusak oleh pembeli", [REJECT_PACKAGE], [S]),
    _r(_PACKAGE + "wrong_product_returned", "The returned product is not the one sold",
       "Produk yang dikembalikan bukan produk yang dijual", [REJECT_PACKAGE], [S]),
    _r(_PACKAGE + "empty_package", "The return package was empty", "Paket pengembalian kosong",
       [REJECT_PACKAGE], [S]),
)  # fmt: skip

BY_NAME: dict[str, ReasonSpec] = {spec.name: spec for spec in REASONS}


def is_indonesian(locale: str | None) -> bool:
    first = (locale or "").split(",")[0].strip().lower()
    return first == "id" or first.startswith("id-") or first.startswith("id_")


def get(name: str) -> ReasonSpec | None:
    return BY_NAME.get(name)


def label(name: str, locale: str | None = None) -> str:
    spec = BY_NAME.get(name)
    return spec.label(locale) if spec is not None else name


def usable(kind: str, user: str, stage: str | None = None) -> list[ReasonSpec]:
    """The online reasons `user` may give for `kind` (at `stage`), in catalog order."""
    return [s for s in REASONS if kind in s.kinds and user in s.users and not s.offline and _fits(s, stage)]


def _fits(spec: ReasonSpec, stage: str | None) -> bool:
    return stage is None or not spec.stages or stage in spec.stages


def default(kind: str, user: str, stage: str | None = None) -> str:
    """The first usable reason: what the control plane's buyer gives when the test does not say."""
    found = usable(kind, user, stage)
    if not found:
        raise LookupError(f"no {kind} reason for {user} at {stage}")
    return found[0].name
