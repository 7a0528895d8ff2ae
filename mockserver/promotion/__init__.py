"""Promotions: seller activities (product discounts, flash deals, shipping discounts, buy-more-save-more, gifts)
and coupons, over the store. No HTTP here; the Partner API's handlers are in mockserver/partner/promotion/."""
