"""The dependency rule (ARCHITECTURE.md), checked on the code's own imports: layers only import downwards, no module
imports another of its layer in a circle, the domain imports no web framework, and the two dialects stay apart.

Every `import` counts, at module level or inside a function, except those under `if TYPE_CHECKING:` (they never
run). A module's layer is the first entry of LAYERS whose prefix names it.
"""

from __future__ import annotations

import ast
from collections.abc import Collection, Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent / "mockserver"

#: Bottom to top. A prefix names a module and everything under it.
LAYERS: list[tuple[str, tuple[str, ...]]] = [
    (
        "base",
        (
            "mockserver.version",
            "mockserver.clock",
            "mockserver.ids",
            "mockserver.settings",
            "mockserver.resources",
            "mockserver.errors",
            "mockserver.events",
            "mockserver.options",
            "mockserver.redact",
            "mockserver.journal",
            "mockserver.ratelimit",
            "mockserver.faults",  # its rules; the codes are control, the middleware app (below)
            "mockserver.secrets",  # hardening: constant-time comparison of secrets
            "mockserver.bounded",  # hardening: JSON depth and int64 bounds on untrusted input
            "mockserver.pagetokens",  # hardening: page tokens bound to their query, for every paginated operation
            "mockserver.sections",  # hardening: the store lock that reports its critical sections
            "mockserver.lazyshops",  # issue 18: maps that build a shop's seeded world when read
        ),
    ),
    (
        "records",
        (
            "mockserver.models",
            "mockserver.catalog.models",
            "mockserver.catalog.errors",
            "mockserver.catalog.policy",
            "mockserver.orders.models",
            "mockserver.orders.index",
            "mockserver.orders.book",
            "mockserver.orders.windows",
            "mockserver.fulfillment.models",
            "mockserver.logistics.models",
            "mockserver.webhooks.models",
            "mockserver.auth.errors",
            "mockserver.returns.models",
            "mockserver.finance.models",
            "mockserver.analytics.models",
            "mockserver.promotion.models",  # issue 14
            "mockserver.catalog.compliance_models",  # issue 14
        ),
    ),
    ("store", ("mockserver.store",)),
    ("timers", ("mockserver.timers",)),
    (
        "domain",
        (
            "mockserver.catalog",
            "mockserver.orders",
            "mockserver.fulfillment",
            "mockserver.logistics",
            "mockserver.auth",
            "mockserver.shops",
            "mockserver.webhooks",
            "mockserver.returns",
            "mockserver.finance",
            "mockserver.analytics",
            "mockserver.promotion",  # issue 14
            "mockserver.seed",
            "mockserver.schemas",
        ),
    ),
    ("world", ("mockserver.world",)),
    ("runtime", ("mockserver.runtime",)),
    (
        "dialects",
        (
            "mockserver.http",
            "mockserver.headers",  # a request's header map, made once (plain ASGI)
            "mockserver.observe",
            "mockserver.limits",
            "mockserver.web",
            "mockserver.partner",
            "mockserver.legacy",
            "mockserver.openapi",
            "mockserver.offload",  # hardening: which requests run off the event loop
            "mockserver.renders",  # renderings kept as JSON while the store is unchanged
        ),
    ),
    ("delivery", ("mockserver.delivery",)),  # webhooks over HTTP: above both dialects, below the control plane
    ("control", ("mockserver.control", "mockserver.faults.codes")),
    (
        "app",
        (
            "mockserver.app",
            "mockserver.routing",
            "mockserver.lane",  # speed: the dialects' requests without Starlette's middleware stack
            "mockserver.logs",
            "mockserver.server",
            "mockserver.tls",
            "mockserver.faults.middleware",
            "mockserver.durable",
        ),
    ),
    (
        "tooling",
        (
            "mockserver.testkit",
            "mockserver.testing",
            "mockserver.pytest_plugin",
            "mockserver.contract",
            "mockserver.cli",
            "mockserver.__main__",
            "mockserver",  # the package itself: lazy re-exports of create_app and Settings for users
        ),
    ),
]
#: Below this layer nothing may import a web framework or server.
FRAMEWORK_FREE_BELOW = "dialects"
FRAMEWORKS = ("starlette", "uvicorn", "httpx")
#: Sibling front-ends that must not import each other.
APART = ("mockserver.partner", "mockserver.legacy")


def _module_name(path: Path) -> str:
    parts = path.relative_to(ROOT.parent).with_suffix("").parts
    name = ".".join(parts)
    return name.removesuffix(".__init__")


def _runtime_imports(tree: ast.AST, modules: Collection[str] = ()) -> Iterator[str]:
    """Imported module names, skipping `if TYPE_CHECKING:` blocks. `from pkg import sub` counts as importing
    `pkg.sub` when that is one of `modules`, else as importing `pkg`."""
    stack: list[ast.AST] = [tree]
    while stack:
        node = stack.pop()
        if isinstance(node, ast.If) and isinstance(node.test, ast.Name) and node.test.id == "TYPE_CHECKING":
            stack.extend(node.orelse)
            continue
        if isinstance(node, ast.Import):
            yield from (a.name for a in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            for a in node.names:
                sub = f"{node.module}.{a.name}"
                yield sub if sub in modules else node.module
        stack.extend(ast.iter_child_nodes(node))


def _graph() -> dict[str, set[str]]:
    modules = {_module_name(p): p for p in ROOT.rglob("*.py")}
    graph: dict[str, set[str]] = {}
    for name, path in modules.items():
        deps = set()
        for imported in _runtime_imports(ast.parse(path.read_text(encoding="utf-8")), modules):
            if imported.startswith("mockserver") and imported in modules and imported != name:
                deps.add(imported)
            elif imported.split(".")[0] in FRAMEWORKS:
                deps.add(imported.split(".")[0])
        graph[name] = deps
    return graph


def _layer(module: str) -> int:
    best, rank = -1, -1
    for i, (_, prefixes) in enumerate(LAYERS):
        for prefix in prefixes:
            within = module.startswith(prefix + ".") and prefix != "mockserver"  # the bare package names itself only
            if (module == prefix or within) and len(prefix) > best:
                best, rank = len(prefix), i
    return rank


GRAPH = _graph()
NAMES = [name for name, _ in LAYERS]


def test_every_module_has_a_layer() -> None:
    assert [m for m in GRAPH if _layer(m) < 0] == []


def test_no_import_runs_up_a_layer() -> None:
    upward = [
        f"{m} ({NAMES[_layer(m)]}) -> {d} ({NAMES[_layer(d)]})"
        for m, deps in GRAPH.items()
        for d in deps
        if d.startswith("mockserver") and _layer(d) > _layer(m)
    ]
    assert upward == []


def test_no_circle_of_imports() -> None:
    inner = {m: {d for d in deps if d in GRAPH and not m.startswith(d + ".")} for m, deps in GRAPH.items()}
    circles: list[str] = []
    state: dict[str, int] = {}  # 1: on the path, 2: done

    def visit(m: str, path: list[str]) -> None:
        state[m] = 1
        for d in sorted(inner[m]):
            if state.get(d) == 1:
                circles.append(" -> ".join([*path[path.index(d) :], d]))
            elif d not in state:
                visit(d, [*path, d])
        state[m] = 2

    for m in sorted(inner):
        if m not in state:
            visit(m, [m])
    assert circles == []


def test_the_domain_imports_no_web_framework() -> None:
    limit = NAMES.index(FRAMEWORK_FREE_BELOW)
    found = [f"{m} -> {d}" for m, deps in GRAPH.items() if _layer(m) < limit for d in deps if d in FRAMEWORKS]
    assert found == []


@pytest.mark.parametrize("front", APART)
def test_the_dialects_do_not_import_each_other(front: str) -> None:
    others = [a for a in APART if a != front]
    found = [
        f"{m} -> {d}"
        for m, deps in GRAPH.items()
        if m == front or m.startswith(front + ".")
        for d in deps
        if any(d == o or d.startswith(o + ".") for o in others)
    ]
    assert found == []


def test_the_check_sees_a_planted_upward_import(tmp_path: Path) -> None:
    tree = ast.parse("from mockserver.partner.errors import PartnerError\nif TYPE_CHECKING:\n    import starlette\n")
    assert list(_runtime_imports(tree, GRAPH)) == ["mockserver.partner.errors"]
    assert _layer("mockserver.catalog.listing") < _layer("mockserver.partner.errors")
