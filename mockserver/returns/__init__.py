"""Cancellations, returns and refunds: the after-sales domain both dialects and the control plane act on.

models.py (records, statuses, errors), reasons.py (SEA/Indonesia reason lists), rules.py (stages, eligibility, which
units), money.py (refund amounts), state.py (the only writers: records, events, timers), cancellations.py,
aftersales.py (returns and the seller's decisions), buyer.py (buyer, courier, platform), deadlines.py (timers),
stock.py (restock on receipt), search.py, seed.py.
"""
