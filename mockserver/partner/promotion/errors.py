"""The promotion area's refusals in the Partner API dialect: the documented code of each domain reason, per
operation where the operations document different codes for one rule. Texts come from each operation's
`error_code_list` (partner/documented.py). Business errors answer HTTP 200."""

from __future__ import annotations

from mockserver.partner.call import Call
from mockserver.partner.documented import business
from mockserver.partner.errors import PartnerError
from mockserver.promotion.errors import PromotionError, Reason

CODES: dict[Reason, int] = {
    Reason.INVALID: 17029001,
    Reason.NOT_FOUND: 17029009,
    Reason.NOT_YOURS: 17029028,
    Reason.DEACTIVATED: 17029010,
    Reason.EXPIRED: 17029012,
    Reason.TYPE_NOT_SUPPORTED: 17029036,
    Reason.LEVEL_NOT_SUPPORTED: 17029052,
    Reason.LEVEL_CHANGED: 17029102,
    Reason.TITLE_EMPTY: 17029003,
    Reason.TITLE_TOO_LONG: 17029002,
    Reason.TITLE_TAKEN: 17029004,
    Reason.BEGIN_IN_PAST: 17029005,
    Reason.BEGIN_LOCKED: 17029011,
    Reason.PERIOD_TOO_SHORT: 17029006,
    Reason.PERIOD_TOO_LONG: 17029007,
    Reason.FLASHSALE_TOO_LONG: 17029008,
    Reason.LIMIT_CHANGED: 17029106,
    Reason.THRESHOLD_CHANGED: 17029105,
    Reason.FREE_SHIPPING_ACTIVE: 17003203,
    Reason.TIER_INVALID: 17029111,
    Reason.GIFT_EMPTY: 17029070,
    Reason.GIFT_SKU_NOT_INTEGER: 17029071,
    Reason.GIFT_SKU_REPEATED: 17029072,
    Reason.GIFT_OUT_OF_STOCK: 17029076,
    Reason.GIFT_TIERS: 17029078,
    Reason.GIFT_IS_PRODUCT: 17029074,
    Reason.PRODUCTS_EMPTY: 17029033,
    Reason.TOO_MANY_ITEMS: 17029046,
    Reason.DUPLICATE_PRODUCT: 17029039,
    Reason.DUPLICATE_SKU: 17029040,
    Reason.PRODUCT_NOT_IN_SHOP: 17029017,
    Reason.PRODUCT_STATUS: 17029056,
    Reason.SKU_NOT_IN_PRODUCT: 17029053,
    Reason.SKU_ID_INVALID: 17029016,
    Reason.SKUS_NOT_ALLOWED: 17029013,
    Reason.SKUS_REQUIRED: 17029037,
    Reason.PRODUCT_DEAL_NOT_ALLOWED: 17029038,
    Reason.VARIATION_LIMIT: 17029015,
    Reason.PRICE_INVALID: 17029034,
    Reason.QUANTITY_INVALID: 17029050,
    Reason.PER_USER_INVALID: 17029014,
    Reason.LIMIT_DECREASED: 17029058,
    Reason.CONFLICT: 17029022,
}
#: Reasons whose code depends on the level (product or SKU) the rule was broken at.
BY_LEVEL: dict[Reason, tuple[int, int]] = {
    Reason.DISCOUNT_REQUIRED: (17029041, 17029043),
    Reason.PRICE_REQUIRED: (17029042, 17029044),
    Reason.PRICE_GIVEN: (17029029, 17029031),
    Reason.DISCOUNT_GIVEN: (17029030, 17029032),
    Reason.DISCOUNT_TOO_HIGH: (17029020, 17029021),
    Reason.DISCOUNT_TOO_LOW: (17029062, 17029063),
    Reason.FLASHSALE_ONGOING: (17029047, 17029048),
    Reason.NOT_IN_ACTIVITY: (17029023, 17029024),
}
#: Where an operation documents its own code for a shared rule.
OVERRIDES: dict[str, dict[Reason, int]] = {
    "remove_activity_product": {Reason.NOT_YOURS: 17029069},
    "update_activity_product": {Reason.TITLE_TAKEN: 17011102},
    "get_coupon": {Reason.COUPON_NOT_FOUND: 17029001},
}


def to_partner(call: Call, e: PromotionError) -> PartnerError:
    op = call.admitted.match.operation.operation_id
    why = e.why
    code = OVERRIDES.get(op, {}).get(why)
    if code is None and why in BY_LEVEL:
        code = BY_LEVEL[why][1 if e.facts.get("level") == "sku" else 0]
    if code is None:
        code = CODES.get(why, 17029001)
    return business(call, code, e.detail)
