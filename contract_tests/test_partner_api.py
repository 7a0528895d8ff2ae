"""The Partner API contract suite against the target in TOKOPEDIA_CONTRACT_TARGET (default: an in-process mock)."""

from mockserver.contract import suite

test_operation, test_stateful_links = suite.build_tests(suite.current("partner"))
