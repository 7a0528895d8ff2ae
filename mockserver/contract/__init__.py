"""The contract-testing kit: the same schemas, checks and authenticated requests against the mock or the real API,
for both dialects: the TikTok Shop Partner API (`partner.py`: signed requests) and the legacy Tokopedia Seller API
(`legacy/`: client-credentials Bearer tokens, per-endpoint rate limits).

`contract_tests/` (pytest, one file per dialect) and `tokopedia-mock contract` run the suite built by
`suite.build_tests`; `drift` compares two targets. Needs the `test` extra (schemathesis).
"""
