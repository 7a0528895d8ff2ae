"""Determinism of the contract kit: what it generates depends on the seed and the document only, every stateful
scenario and every operation's test starts from the mock's seed state, and a failure shows again when Hypothesis
replays it."""

from __future__ import annotations

import re
from collections.abc import Iterator
from types import SimpleNamespace
from typing import Any

import hypothesis
import pytest
import requests

from mockserver.contract import suite
from mockserver.contract.checks import CredentialsEnforced
from mockserver.contract.config import ContractConfig
from mockserver.contract.document import INT64_MAX, INT64_MIN, int64_integers
from mockserver.contract.isolation import Isolation
from mockserver.contract.legacy.auth import EndpointPacer
from mockserver.contract.legacy.checks import _only_empty_optional_query
from mockserver.contract.legacy.links import LegacyConsistency
from mockserver.contract.legacy.probes import LegacyAccessEnforced
from mockserver.contract.signer import RateLimiter
from mockserver.contract.suite import ContractRun
from tests.test_contract_signer import FakeAdapter

#: The legacy order sequence (get -> accept -> get / label): an accepted order cannot be accepted twice, so a
#: scenario that replays it sees another answer unless the mock is back at its seed.
ORDER_LINKS = ("legacy_get_single_order", "legacy_accept_order", "legacy_get_shipping_label")


def legacy_run(seed: int = 1, **overrides: Any) -> ContractRun:
    config = ContractConfig(dialect="legacy", operations=ORDER_LINKS, seed=seed, stateful_examples=20)
    return ContractRun(config.with_overrides(**overrides))


def scenarios(run: ContractRun) -> list[tuple[str, str, int]]:
    """What the stateful run sends and gets: (operation, path and query, HTTP status)."""
    sent: list[tuple[str, str, int]] = []

    class Recording(run.state_machine()):  # type: ignore[misc]
        def after_call(self, response: Any, case: Any) -> None:
            super().after_call(response, case)
            sent.append((case.operation.label, f"{case.path_parameters} {case.query}", response.status_code))

    Recording.run(
        settings=hypothesis.settings(
            max_examples=run.config.stateful_examples, stateful_step_count=4, deadline=None, database=None,
            derandomize=True, suppress_health_check=list(hypothesis.HealthCheck),
        )
    )  # fmt: skip
    return sent


@pytest.fixture
def run() -> Iterator[ContractRun]:
    r = legacy_run()
    yield r
    r.close()


# --- stateful scenarios -----------------------------------------------------------------------------------------------
def test_each_scenario_starts_from_the_seed_state(run: ContractRun) -> None:
    first = scenarios(run)
    assert run.isolation.resets >= run.config.stateful_examples - 1  # after every scenario that sent anything
    accepted = [
        re.search(r"'order_id': '(\d+)'", where).group(1)  # type: ignore[union-attr]
        for op, where, status in first
        if op == "POST /v1/order/{order_id}/fs/{fs_id}/ack" and status == 200
    ]
    # An order can be accepted once: the same order accepted in two scenarios means the second started from the seed.
    assert any(accepted.count(order_id) >= 2 for order_id in accepted), first
    again = scenarios(run)  # the same machine again, in the same process, after all those writes
    assert again == first


def test_the_seed_chooses_the_scenarios(run: ContractRun) -> None:
    other = legacy_run(seed=2)
    try:
        assert scenarios(other) != scenarios(run)
    finally:
        other.close()


LINK = {"operationId": "b"}


def test_a_target_that_cannot_be_reset_says_why_a_replay_failed(monkeypatch: pytest.MonkeyPatch) -> None:
    def flaky(**_: Any) -> None:
        raise hypothesis.errors.FlakyStrategyDefinition("Inconsistent data generation!")

    stub = SimpleNamespace(
        config=ContractConfig(stateful_examples=2),
        document={"paths": {"/a": {"get": {"operationId": "a", "responses": {"200": {"links": {"L": LINK}}}}}}},
        schema=SimpleNamespace(parametrize=lambda: lambda f: f),
        target=SimpleNamespace(can_reset=False, label="API at https://example.test"),
        state_machine=lambda: SimpleNamespace(run=flaky),
    )
    _, stateful = suite.build_tests(stub)  # type: ignore[arg-type]
    with pytest.raises(AssertionError, match="only a mock can be reset"):
        stateful()
    stub.target.can_reset = True
    with pytest.raises(hypothesis.errors.FlakyStrategyDefinition):
        stateful()


# --- operations -------------------------------------------------------------------------------------------------------
class FakeTarget:
    def __init__(self, can_reset: bool = True) -> None:
        self.can_reset = can_reset
        self.resets = 0

    def reset(self) -> None:
        self.resets += 1


class FakeDialect:
    mutating_reads = frozenset({"print_label"})

    def __init__(self) -> None:
        self.warmed = self.forgotten = 0

    def is_auth_operation(self, op: dict[str, Any]) -> bool:
        return op.get("operationId") == "get_token"

    def warm(self) -> None:
        self.warmed += 1

    def after_reset(self) -> None:
        self.forgotten += 1


def case(method: str, path: str, operation_id: str = "op") -> Any:
    raw = {"operationId": operation_id}
    operation = SimpleNamespace(method=method, path=path, label=f"{method} {path}", definition=SimpleNamespace(raw=raw))
    return SimpleNamespace(operation=operation, method=method, path=path)


@pytest.mark.parametrize(
    ("earlier", "reset"),
    [
        (case("POST", "/v1/order/{id}/ack"), True),
        (case("GET", "/v1/label", "print_label"), True),  # a read that writes
        (case("GET", "/token", "get_token"), True),  # token endpoints issue tokens
        (case("GET", "/v1/orders"), False),
        (case("POST", "/v1/orders/search"), False),
    ],
)
def test_an_operation_starts_from_the_seed_state_after_one_that_wrote(earlier: Any, reset: bool) -> None:
    target, dialect = FakeTarget(), FakeDialect()
    isolation = Isolation(target, dialect)  # type: ignore[arg-type]
    isolation.operation(earlier)
    isolation.sent(earlier)
    later = case("GET", "/v1/shop")
    isolation.operation(later)
    isolation.sent(later)
    assert (target.resets, dialect.forgotten) == ((1, 1) if reset else (0, 0))
    assert dialect.warmed == 1


def test_the_cases_of_one_operation_share_its_state() -> None:
    target = FakeTarget()
    isolation = Isolation(target, FakeDialect())  # type: ignore[arg-type]
    write = case("POST", "/v1/order/{id}/ack")
    for _ in range(3):
        isolation.operation(write)
        isolation.sent(write)
    assert target.resets == 0


def test_a_scenario_starts_from_the_seed_state_after_any_request() -> None:
    target = FakeTarget()
    isolation = Isolation(target, FakeDialect())  # type: ignore[arg-type]
    isolation.scenario()
    isolation.sent(case("GET", "/v1/orders"))
    isolation.scenario()
    isolation.scenario()  # nothing sent since the last reset
    assert target.resets == 1


def test_a_real_api_is_never_reset() -> None:
    target = FakeTarget(can_reset=False)
    isolation = Isolation(target, FakeDialect())  # type: ignore[arg-type]
    isolation.sent(case("POST", "/v1/order/{id}/ack"))
    isolation.scenario()
    isolation.operation(case("GET", "/v1/shop"))
    assert target.resets == 0


def test_after_a_reset_the_kit_is_still_let_in(run: ContractRun) -> None:
    url = run.target.url("/v1/shop/fs/13004/shop-info")
    assert run.target.http.get(url, auth=run.auth, timeout=30).status_code == 200
    run.target.reset()  # the mock forgets the Bearer token it issued
    run.dialect.after_reset()
    assert run.target.http.get(url, auth=run.auth, timeout=30).status_code == 200


def test_after_a_reset_the_partner_token_pair_is_the_seeded_one() -> None:
    run = ContractRun(ContractConfig(operations=("get_authorized_shops",)))
    try:

        def tokens() -> tuple[str, str]:
            pair = run.target.tokens.pair
            assert pair is not None
            return pair.access_token, pair.refresh_token

        seeded = tokens()
        run.target.tokens.refresh()  # a new access token, which a reset forgets
        assert tokens() != seeded
        run.target.reset()
        assert tokens() == seeded
    finally:
        run.close()


# --- generation ------------------------------------------------------------------------------------------------------
def test_no_literal_from_the_mocks_source_feeds_generation(run: ContractRun) -> None:
    """schemathesis reads literals from an in-process app's modules and draws them: the cases would change whenever
    the mock's code does (and differ from a run against its URL)."""
    import schemathesis
    from schemathesis.python._constants.orchestrator import build_constants_pool

    assert build_constants_pool(run.schema).is_empty()
    config = {**run.schemathesis_config(), "analysis": {"constants": {"enabled": True}}}
    harvesting = schemathesis.openapi.from_dict(run.document, config=schemathesis.Config.from_dict(config))
    harvesting.app = run.target.app
    assert not build_constants_pool(harvesting).is_empty()  # what the setting keeps out


def test_the_seed_chooses_the_cases_drift_and_sweeps_send(run: ContractRun) -> None:
    from mockserver.contract.runner import MODES, draw_cases, selected_operations

    operation = next(iter(selected_operations(run)))

    def drawn(seed: int) -> list[str]:
        return [repr(c) for mode in MODES for c in draw_cases(operation, mode, 4, seed)]

    assert drawn(1) == drawn(1) != drawn(2)


def test_every_unbounded_integer_gets_the_int64_range() -> None:
    doc = {"paths": {"/a": {"get": {
        "parameters": [{"name": "n", "in": "query", "schema": {"type": "integer", "minimum": 1}}],
        "requestBody": {"content": {"application/json": {"schema": {"type": "object", "properties": {
            "t": {"type": ["integer", "null"]}, "s": {"type": "string"}, "x": {"type": "integer", "maximum": 9}}}}}},
        "x-example": {"type": "integer"},
    }}}}  # fmt: skip
    out = int64_integers(doc)["paths"]["/a"]["get"]
    assert out["parameters"][0]["schema"] == {"type": "integer", "minimum": 1, "maximum": INT64_MAX}
    props = out["requestBody"]["content"]["application/json"]["schema"]["properties"]
    assert props["t"] == {"type": ["integer", "null"], "minimum": INT64_MIN, "maximum": INT64_MAX}
    assert props["s"] == {"type": "string"} and props["x"]["minimum"] == INT64_MIN and props["x"]["maximum"] == 9
    assert out["x-example"] == {"type": "integer"}
    assert "maximum" not in doc["paths"]["/a"]["get"]["parameters"][0]["schema"]  # a copy


# --- checks that a replay must see fail again ------------------------------------------------------------------------
def accepting_session() -> tuple[requests.Session, FakeAdapter]:
    session = requests.Session()
    adapter = FakeAdapter([(200, {}, b'{"code": 0, "data": {}}')])
    session.mount("http://", adapter)
    return session, adapter


def answer(url: str, headers: dict[str, str]) -> Any:
    return SimpleNamespace(status_code=200, request=requests.Request("GET", url, headers=headers).prepare())


def kase(op: str) -> Any:
    raw = {"operationId": op, "x-envelope": "standard", "x-host": "open-api"}
    return SimpleNamespace(operation=SimpleNamespace(definition=SimpleNamespace(raw=raw), label=op))


def test_legacy_access_probes_stay_until_they_pass() -> None:
    session, adapter = accepting_session()
    check = LegacyAccessEnforced(session, "13004", "13004777", limiter=RateLimiter(0), pacer=EndpointPacer())
    sent = answer("http://fs/v2/fs/13004/order?order_id=1", {"Authorization": "Bearer c:x"})
    for _ in range(2):  # the replay of a failing case fails again
        with pytest.raises(AssertionError, match="Access not enforced"):
            check(None, sent, kase("legacy_get_single_order"))
    adapter.script = [(401, {}, b"{}")]
    assert check(None, sent, kase("legacy_get_single_order")) is None
    probes = len(adapter.sent)
    assert check(None, sent, kase("legacy_get_single_order")) is True  # passed once: not probed again
    assert len(adapter.sent) == probes


def test_partner_credential_probes_stay_until_they_pass() -> None:
    session, adapter = accepting_session()
    check = CredentialsEnforced(session, RateLimiter(0))
    sent = answer("http://api/product/202309/products/1?app_key=k&sign=abc", {"x-tts-access-token": "t"})
    sent.json = lambda: {"code": 0, "data": {}}
    sent.content = b'{"code": 0, "data": {}}'
    for _ in range(2):
        with pytest.raises(AssertionError, match="Credentials not enforced"):
            check(None, sent, kase("get_product"))
    adapter.script = [(401, {}, b'{"code": 106001}')]
    assert check(None, sent, kase("get_product")) is None
    assert check(None, sent, kase("get_product")) is True


def test_a_whole_float_in_an_int_field_may_be_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    import schemathesis.specs.openapi.checks as builtin

    from mockserver.contract.checks import positive_data_accepted

    def builtin_check(*_: Any) -> None:
        raise AssertionError("Valid data should have been accepted")

    monkeypatch.setattr(builtin, "positive_data_acceptance", builtin_check)
    schema = {"type": "object", "properties": {"skus": {"type": "array", "items": {
        "type": "object", "properties": {"quantity": {"type": "integer"}, "price": {"type": "number"}}}}}}  # fmt: skip
    raw = {"operationId": "update_inventory", "requestBody": {"content": {"application/json": {"schema": schema}}}}
    refused = SimpleNamespace(status_code=400, json=lambda: {"code": 36009004, "message": "m", "data": None})

    def positive(body: Any) -> Any:
        meta = SimpleNamespace(generation=SimpleNamespace(mode=SimpleNamespace(is_negative=False)))
        return SimpleNamespace(operation=SimpleNamespace(definition=SimpleNamespace(raw=raw)), body=body, meta=meta)

    assert positive_data_accepted(None, refused, positive({"skus": [{"quantity": 5.0}]})) is None  # type: ignore[arg-type]
    for body in ({"skus": [{"quantity": 5}]}, {"skus": [{"quantity": 5, "price": 1.5}]}):
        with pytest.raises(AssertionError, match="should have been accepted"):
            positive_data_accepted(None, refused, positive(body))  # type: ignore[arg-type]


# --- consistency rules ---------------------------------------------------------------------------------------------
def order_case(op: str, negative: bool = False, **parts: Any) -> Any:
    mode = SimpleNamespace(is_negative=negative)
    return SimpleNamespace(
        operation=SimpleNamespace(definition=SimpleNamespace(raw={"operationId": op})),
        meta=SimpleNamespace(generation=SimpleNamespace(mode=mode)),
        path_parameters=parts.get("path", {}),
        query=parts.get("query", {}),
    )


def reply(status: int, data: Any = None) -> Any:
    body = {"header": {"process_time": 0, "messages": "m"}, "data": data}
    return SimpleNamespace(status_code=status, json=lambda: body)


ACCEPTED = [(order_case("legacy_accept_order", path={"order_id": "7"}), reply(200, "success"))]


@pytest.mark.parametrize(
    ("label", "negative", "status", "flagged"),
    [(reply(500), False, 500, True), (reply(401), True, 401, False), (reply(400), False, 400, False)],
)
def test_a_label_after_an_accept_is_judged_only_for_a_valid_read(
    label: Any, negative: bool, status: int, flagged: bool
) -> None:
    read = order_case("legacy_get_shipping_label", negative, path={"order_id": "7"})
    if flagged:
        with pytest.raises(AssertionError, match=f"shipping label answers {status}"):
            LegacyConsistency().check(read, label, ACCEPTED)
    else:
        LegacyConsistency().check(read, label, ACCEPTED)


# --- the legacy leniency for empty optional query values --------------------------------------------------------------
@pytest.fixture(scope="module")
def product_info() -> Any:
    import schemathesis

    from mockserver.legacy import openapi
    from mockserver.legacy.registry import handlers
    from mockserver.legacy.schemas import LegacySchemas

    schema = schemathesis.openapi.from_dict(openapi.build(LegacySchemas(), handlers().keys()))
    return schema["/inventory/v1/fs/{fs_id}/product/info"]["GET"]


def negative_in(*locations: str) -> Any:
    from schemathesis.core.parameters import ParameterLocation

    negative = SimpleNamespace(mode=SimpleNamespace(is_negative=True))
    return SimpleNamespace(components={ParameterLocation(loc): negative for loc in locations})


@pytest.mark.parametrize(
    ("query", "where", "lenient"),
    [
        ({"shop_id": ""}, ("query",), True),  # Go reads it as no shop_id
        ({"shop_id": "", "page": 2}, ("query",), True),
        ({"shop_id": "", "page": "abc"}, ("query",), False),  # another invalid value is still judged
        ({"shop_id": "", "sort": 99}, ("query",), False),
        ({"page": "abc"}, ("query",), False),  # nothing empty
        ({"shop_id": ""}, ("query", "path"), False),  # invalid elsewhere too
    ],
)
def test_only_an_empty_optional_query_value_is_lenient(
    product_info: Any, query: dict[str, Any], where: tuple[str, ...], lenient: bool
) -> None:
    kase = SimpleNamespace(operation=product_info, query=query, meta=negative_in(*where))
    assert _only_empty_optional_query(kase) is lenient  # type: ignore[arg-type]


@pytest.fixture(scope="module")
def order_detail() -> Any:
    import schemathesis

    from mockserver import openapi
    from mockserver.partner.registry import handlers
    from mockserver.schemas import SchemaRegistry

    schema = schemathesis.openapi.from_dict(openapi.build(SchemaRegistry(), handlers().keys()))
    return schema["/order/{version}/orders"]["GET"]


def test_a_list_whose_only_fault_is_empty_pieces_is_read_without_them(order_detail: Any) -> None:
    """Seed 15: 61 ids of which 11 were empty; the mock reads `ids=a,,b` as two ids (GUESS), so 50: within maxItems."""
    from schemathesis.core.parameters import DelimitedValue

    from mockserver.contract.checks import _valid_without_empty_list_items

    def lenient(ids: Any, *where: str) -> bool:
        kase = SimpleNamespace(operation=order_detail, query={"ids": ids}, meta=negative_in(*(where or ("query",))))
        return _valid_without_empty_list_items(kase)  # type: ignore[arg-type]

    fifty = [str(5770000000000000000 + i) for i in range(50)]
    assert lenient(fifty + [""] * 11)
    assert lenient(DelimitedValue(",".join(fifty + [""] * 11), ",".join(fifty + [""] * 11)))
    assert not lenient(fifty + ["1"] + [""] * 10)  # 51 ids: still too many
    assert not lenient(fifty + ["1"])  # nothing empty
    assert not lenient(fifty + [""], "query", "body")


def test_a_linked_integer_id_is_sent_as_the_text_a_path_is(run: ContractRun) -> None:
    """Seed 13 (stateful): a link took `order_id: 100000048` (an integer) from an answer into a string path
    parameter; the negative-data check then counted the integer as the case's invalid part."""
    operation = run.schema["/v1/order/{order_id}/fs/{fs_id}/ack"]["POST"]
    kase = operation.Case(path_parameters={"fs_id": "13004", "order_id": 100000048})
    run.prepare(kase)
    assert all(isinstance(v, str) for v in kase.path_parameters.values()), kase.path_parameters
