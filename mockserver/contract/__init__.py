"""The contract-testing kit: the same schemas, checks and signed requests against the mock or the real API.

`contract_tests/` (pytest) and `tokopedia-mock contract` run the suite in `mockserver.contract.suite_tests`;
`drift` compares two targets. Needs the `test` extra (schemathesis).
"""
