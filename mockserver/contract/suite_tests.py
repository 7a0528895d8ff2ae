"""The contract suite as pytest tests, for the active configuration (`TOKOPEDIA_CONTRACT_*`, or the CLI's flags;
by default the Partner API of an in-process mock). `tokopedia-mock contract` runs this module; `contract_tests/`
builds the same tests once per dialect (`suite.build_tests`).
"""

from __future__ import annotations

from mockserver.contract import suite

test_operation, test_stateful_links = suite.build_tests(suite.current())
