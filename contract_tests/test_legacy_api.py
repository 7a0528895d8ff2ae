"""The legacy Seller API contract suite against the target in TOKOPEDIA_CONTRACT_TARGET (default: an in-process
mock, its rate limit lifted).

8 examples per operation and mode unless TOKOPEDIA_CONTRACT_MAX_EXAMPLES says otherwise: the coverage phase already
walks every parameter's boundaries, and more random cases cost more than they find (12: ~36 s, 8: ~29 s on 2 cores).
"""

from mockserver.contract import suite

test_operation, test_stateful_links = suite.build_tests(suite.current("legacy", max_examples=8))
