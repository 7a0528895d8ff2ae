"""The contract suite against the target in TOKOPEDIA_CONTRACT_TARGET (default: an in-process mock)."""

from mockserver.contract.suite_tests import test_operation, test_stateful_links

__all__ = ["test_operation", "test_stateful_links"]
