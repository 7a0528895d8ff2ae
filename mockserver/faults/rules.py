"""Fault rules: which requests (match) get what trouble (effect), deterministic from the seed. No HTTP here.

A rule is written as a JSON/TOML object, or as `key=value` pairs (`,`-separated; rules `;`-separated) on the command
line:

    match:  dialect=partner|legacy|auth   operation=get_order_detail (a glob: get_order_*)   path=/order/*/orders
            method=GET   shop=<shop id, cipher or legacy shop_id>   probability=0.25   first=3   every=2
    effect: latency=200 | uniform:100:300 | lognormal:200:0.5   (milliseconds; lognormal: median, sigma)
            error=36009003 [status=503]      (a documented code, answered in the dialect's envelope)
            connection=reset|empty|truncate|slow   [after=true: the request is handled, then the answer is lost]
            slow_ms=200 chunk=64             (slow body: `chunk` bytes every `slow_ms`)
    id=<name> (default rule-<n>)

A request is matched against the rules in order; the first whose match holds (probability drawn from the rule's own
random stream, seeded from the mock's seed and the rule id; `first` and `every` counted per rule) applies. Latency
combines with any other effect of the same rule.
"""

from __future__ import annotations

import fnmatch
import json
import math
import random
from dataclasses import dataclass, field
from typing import Any

DIALECTS = ("partner", "legacy", "auth")
CONNECTION = ("reset", "empty", "truncate", "slow")
#: Bounds on what one rule may make a request cost (a rule is the operator's, but a typo must not hang a server).
MAX_LATENCY_MS = 120_000
MAX_RULES = 100
KEYS = {
    "id", "dialect", "operation", "path", "method", "shop", "probability", "first", "every",
    "latency", "error", "status", "connection", "after", "slow_ms", "chunk",
}  # fmt: skip


@dataclass(frozen=True)
class Latency:
    kind: str  # fixed | uniform | lognormal
    a: float
    b: float = 0.0

    def draw(self, rng: random.Random) -> float:
        """Seconds to wait."""
        if self.kind == "fixed":
            ms = self.a
        elif self.kind == "uniform":
            ms = rng.uniform(self.a, self.b)
        else:
            ms = rng.lognormvariate(math.log(self.a), self.b)
        return min(MAX_LATENCY_MS, max(0.0, ms)) / 1000

    def describe(self) -> str:
        return {"fixed": f"{self.a:g}", "uniform": f"uniform:{self.a:g}:{self.b:g}"}.get(
            self.kind, f"lognormal:{self.a:g}:{self.b:g}"
        )


@dataclass(frozen=True)
class Facts:
    """What the middleware knows of a request before it is handled."""

    dialect: str
    operation: str
    path: str
    method: str
    shops: tuple[str, ...]  # the ids the request names its shop by (id, cipher, legacy shop_id)


@dataclass
class Rule:
    id: str
    dialect: str | None = None
    operation: str | None = None
    path: str | None = None
    method: str | None = None
    shop: str | None = None
    probability: float = 1.0
    first: int | None = None
    every: int | None = None
    latency: Latency | None = None
    error: int | str | None = None
    status: int | None = None
    connection: str | None = None
    after: bool = False
    slow_ms: int = 200
    chunk: int = 64
    #: Requests the match held for (before probability), and the times the rule applied.
    seen: int = 0
    fired: int = 0
    rng: random.Random = field(default_factory=random.Random, repr=False)

    def matches(self, f: Facts) -> bool:
        return (
            (self.dialect is None or f.dialect == self.dialect)
            and (self.method is None or f.method == self.method)
            and (self.operation is None or fnmatch.fnmatchcase(f.operation, self.operation))
            and (self.path is None or fnmatch.fnmatchcase(f.path, self.path))
            and (self.shop is None or self.shop in f.shops)
        )

    def fires(self) -> bool:
        """Count one matching request and draw whether the rule applies to it."""
        self.seen += 1
        if self.first is not None and self.seen > self.first:
            return False
        if self.every is not None and self.seen % self.every != 0:
            return False
        if self.probability < 1.0 and self.rng.random() >= self.probability:
            return False
        self.fired += 1
        return True

    def describe(self) -> dict[str, Any]:
        out: dict[str, Any] = {"id": self.id}
        for key in ("dialect", "operation", "path", "method", "shop", "first", "every", "error", "status"):
            if getattr(self, key) is not None:
                out[key] = getattr(self, key)
        if self.probability < 1.0:
            out["probability"] = self.probability
        if self.latency is not None:
            out["latency"] = self.latency.describe()
        if self.connection is not None:
            out.update(connection=self.connection, after=self.after)
            if self.connection == "slow":
                out.update(slow_ms=self.slow_ms, chunk=self.chunk)
        return out | {"seen": self.seen, "fired": self.fired}


# --- parsing ------------------------------------------------------------------------------------------------------
def parse_spec(text: str) -> list[dict[str, Any]]:
    """Rules as written in a flag or environment variable: a JSON array, or `k=v,k=v;k=v` (values typed later)."""
    text = text.strip()
    if not text:
        return []
    if text.startswith("["):
        rules = json.loads(text)
        if not isinstance(rules, list) or not all(isinstance(r, dict) for r in rules):
            raise ValueError("faults: a JSON array of rule objects")
        return rules
    out = []
    for chunk in (c.strip() for c in text.split(";")):
        if not chunk:
            continue
        rule: dict[str, Any] = {}
        for pair in (p.strip() for p in chunk.split(",")):
            key, sep, value = pair.partition("=")
            if not sep:
                raise ValueError(f"fault rule {chunk!r}: {pair!r} is not key=value")
            rule[key.strip()] = value.strip()
        out.append(rule)
    return out


def _int(raw: Any, name: str, lo: int, hi: int) -> int:
    if isinstance(raw, bool):
        raise ValueError(f"'{name}' must be a whole number")
    try:
        value = int(raw)
    except (TypeError, ValueError):
        raise ValueError(f"'{name}' must be a whole number") from None
    if not lo <= value <= hi:
        raise ValueError(f"'{name}' must be within [{lo}, {hi}]")
    return value


def _float(raw: Any, name: str, lo: float, hi: float) -> float:
    if isinstance(raw, bool):
        raise ValueError(f"'{name}' must be a number")
    try:
        value = float(raw)
    except (TypeError, ValueError):
        raise ValueError(f"'{name}' must be a number") from None
    if not (math.isfinite(value) and lo <= value <= hi):
        raise ValueError(f"'{name}' must be within [{lo:g}, {hi:g}]")
    return value


def _bool(raw: Any, name: str) -> bool:
    if isinstance(raw, bool):
        return raw
    if str(raw).lower() in ("true", "1", "yes", "on"):
        return True
    if str(raw).lower() in ("false", "0", "no", "off"):
        return False
    raise ValueError(f"'{name}' must be true or false")


def parse_latency(raw: Any) -> Latency:
    if isinstance(raw, int | float) and not isinstance(raw, bool):
        return Latency("fixed", _float(raw, "latency", 0, MAX_LATENCY_MS))
    if isinstance(raw, dict):  # {"uniform": [100, 300]} / {"lognormal": [200, 0.5]} / {"fixed": 200}
        if len(raw) != 1:
            raise ValueError("'latency' object: one of fixed, uniform, lognormal")
        ((kind, value),) = raw.items()
        parts = [kind, *(value if isinstance(value, list) else [value])]
    else:
        parts = str(raw).split(":")
    kind, args = (parts[0], parts[1:]) if parts[0] in ("fixed", "uniform", "lognormal") else ("fixed", parts)
    numbers = [_float(a, "latency", 0, MAX_LATENCY_MS) for a in args]
    if kind == "fixed" and len(numbers) == 1:
        return Latency("fixed", numbers[0])
    if kind == "uniform" and len(numbers) == 2 and numbers[0] <= numbers[1]:
        return Latency("uniform", numbers[0], numbers[1])
    if kind == "lognormal" and len(numbers) == 2 and numbers[0] > 0 and numbers[1] <= 10:
        return Latency("lognormal", numbers[0], numbers[1])
    raise ValueError("'latency' must be MS, uniform:LOW:HIGH or lognormal:MEDIAN:SIGMA (milliseconds)")


def build(spec: dict[str, Any], default_id: str, seed: int) -> Rule:
    """A rule from its written form; ValueError names the first bad key. Error codes are checked by the caller."""
    unknown = sorted(set(spec) - KEYS)
    if unknown:
        raise ValueError(f"unknown fault key(s) {unknown}; known: {sorted(KEYS)}")
    rule_id = str(spec.get("id") or default_id)
    if not rule_id or len(rule_id) > 64:
        raise ValueError("'id' must be 1 to 64 characters")
    rule = Rule(id=rule_id, rng=random.Random(f"fault:{seed}:{rule_id}"))
    for key in ("operation", "path", "shop"):
        if spec.get(key) not in (None, ""):
            setattr(rule, key, str(spec[key]))
    if spec.get("dialect") not in (None, ""):
        if spec["dialect"] not in DIALECTS:
            raise ValueError(f"'dialect' must be one of {list(DIALECTS)}")
        rule.dialect = str(spec["dialect"])
    if spec.get("method") not in (None, ""):
        rule.method = str(spec["method"]).upper()
    if "probability" in spec:
        rule.probability = _float(spec["probability"], "probability", 0, 1)
    if "first" in spec:
        rule.first = _int(spec["first"], "first", 1, 10**9)
    if "every" in spec:
        rule.every = _int(spec["every"], "every", 1, 10**9)
    if "latency" in spec:
        rule.latency = parse_latency(spec["latency"])
    if spec.get("error") not in (None, ""):
        raw = spec["error"]
        rule.error = int(raw) if isinstance(raw, int) or str(raw).isdigit() else str(raw)
    if "status" in spec:
        rule.status = _int(spec["status"], "status", 200, 599)
    if spec.get("connection") not in (None, ""):
        if spec["connection"] not in CONNECTION:
            raise ValueError(f"'connection' must be one of {list(CONNECTION)}")
        rule.connection = str(spec["connection"])
    if "after" in spec:
        rule.after = _bool(spec["after"], "after")
    if "slow_ms" in spec:
        rule.slow_ms = _int(spec["slow_ms"], "slow_ms", 1, 10_000)
    if "chunk" in spec:
        rule.chunk = _int(spec["chunk"], "chunk", 1, 1024 * 1024)
    effects = [rule.latency is not None, rule.error is not None, rule.connection is not None]
    if not any(effects):
        raise ValueError("a fault rule needs an effect: latency, error or connection")
    if rule.error is not None and rule.connection is not None:
        raise ValueError("a fault rule answers an error or breaks the connection, not both")
    if rule.status is not None and rule.error is None:
        raise ValueError("'status' goes with 'error'")
    return rule


class FaultSet:
    """The rules of one mock, in order: those configured (Settings.faults) and those added at run time."""

    def __init__(self, configured: list[Rule] | None = None) -> None:
        self.rules: list[Rule] = list(configured or [])
        self.added = 0

    def __bool__(self) -> bool:
        return bool(self.rules)

    def add(self, rule: Rule) -> None:
        if len(self.rules) >= MAX_RULES:
            raise ValueError(f"at most {MAX_RULES} fault rules")
        if any(r.id == rule.id for r in self.rules):
            raise ValueError(f"a fault rule with id {rule.id!r} exists already")
        self.rules.append(rule)

    def remove(self, rule_id: str) -> bool:
        before = len(self.rules)
        self.rules = [r for r in self.rules if r.id != rule_id]
        return len(self.rules) != before

    def clear(self) -> int:
        n, self.rules = len(self.rules), []
        return n

    def pick(self, facts: Facts) -> Rule | None:
        for rule in self.rules:
            if rule.matches(facts) and rule.fires():
                return rule
        return None
