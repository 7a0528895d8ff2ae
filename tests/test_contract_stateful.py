"""Stateful sequences over OpenAPI links: the mechanism on the token endpoints, and the consistency rules."""

from __future__ import annotations

from typing import Any

import hypothesis
import pytest
from hypothesis import HealthCheck

from mockserver.contract.config import ContractConfig
from mockserver.contract.document import active_links
from mockserver.contract.stateful import updated_inventory_is_readable
from mockserver.contract.suite import ContractRun


def test_links_follow_the_implemented_operations() -> None:
    run = ContractRun(ContractConfig(operations=("get_access_token", "refresh_access_token")))
    try:
        assert active_links(run.document) == ["get_access_token -> refresh_access_token"]
        seen: list[tuple[str, int | None, bool]] = []
        machine = run.state_machine()

        class Recording(machine):  # type: ignore[misc,valid-type]
            def after_call(self, response: Any, case: Any) -> None:
                super().after_call(response, case)
                linked = str(case.meta.phase.name) == "stateful" and "refresh_token" in (case.query or {})
                seen.append((case.operation.definition.raw["operationId"], response.json().get("code"), linked))

        Recording.run(
            settings=hypothesis.settings(
                max_examples=6, deadline=None, database=None, derandomize=True,
                suppress_health_check=list(HealthCheck),
            )
        )  # fmt: skip
    finally:
        run.close()
    assert ("refresh_access_token", 0, True) in seen, seen


class Step:
    def __init__(self, op: str, path: dict[str, str], body: Any, answer: dict[str, Any]) -> None:
        self.operation = type("Op", (), {"definition": type("D", (), {"raw": {"operationId": op}})()})()
        self.path_parameters, self.body, self._answer = path, body, answer

    def json(self) -> dict[str, Any]:
        return self._answer


def test_inventory_rule_flags_a_get_that_does_not_show_the_update() -> None:
    update = Step("update_inventory", {"product_id": "1"}, {"skus": [{"id": "s1", "inventory": [{"quantity": 17}]}]},
                  {"code": 0, "data": {}})  # fmt: skip
    stale = {"code": 0, "data": {"id": "1", "skus": [{"id": "s1", "inventory": [{"quantity": 3}]}]}}
    fresh = {"code": 0, "data": {"id": "1", "skus": [{"id": "s1", "inventory": [{"quantity": 17}]}]}}
    get = Step("get_product", {"product_id": "1"}, None, stale)
    with pytest.raises(AssertionError, match="shows 3"):
        updated_inventory_is_readable(get, get, [(update, update)])
    get = Step("get_product", {"product_id": "1"}, None, fresh)
    updated_inventory_is_readable(get, get, [(update, update)])
