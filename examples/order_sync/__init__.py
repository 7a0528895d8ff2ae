"""order_sync: a seller's ERP job on the TikTok Shop Partner API, and its tests against tokopedia-mock.

The job (job.py) is ordinary application code written against the public `tiktok-shop-api` client; nothing in it
knows about the mock. The tests (tests/) point it at the mock through the pytest plugin's fixtures.
"""

from order_sync.erp import Erp
from order_sync.job import OrderSync, Report
from order_sync.tokens import TokenKeeper

__all__ = ["Erp", "OrderSync", "Report", "TokenKeeper"]
