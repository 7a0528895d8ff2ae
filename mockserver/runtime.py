"""One mock instance: settings, clock, schemas, store and id streams, built by the app factory."""

from __future__ import annotations

import time
from collections.abc import Callable

from mockserver import world
from mockserver.clock import Clock
from mockserver.faults.rules import FaultSet, Rule, build, parse_spec
from mockserver.ids import IdFactory, RequestIds
from mockserver.journal import Journal
from mockserver.schemas import SchemaRegistry
from mockserver.seed import SeedRefs, build_store
from mockserver.settings import Settings
from mockserver.store import Store


class Mock:
    def __init__(self, settings: Settings, registry: SchemaRegistry | None = None) -> None:
        started = time.perf_counter()
        self.settings = settings
        self.clock: Clock = settings.clock
        self.registry = registry or SchemaRegistry()
        self.store, self.refs, self.ids = self._seed()
        self.request_ids = RequestIds(settings.seed)
        #: Called after every reset (the new store is in place) and after every clock move: the webhook delivery
        #: engine listens to the new store's events and looks at the clock again.
        self.on_reset: list[Callable[[], None]] = []
        self.on_clock_moved: list[Callable[[], None]] = []
        #: The requests this mock answered (control/journal.py records them; a reset forgets them).
        self.journal = Journal(settings.journal_size)
        #: Fault rules (mockserver/faults): the configured ones; /_mock/faults adds more, a reset drops those.
        self.faults = FaultSet(self.configured_faults())
        #: Called after a reset, under the new store's lock (durable state forgets the journal there).
        self.reset_listeners: list[Callable[[], None]] = []
        #: True while durable state replays the journal at startup: event listeners with effects outside the mock
        #: (sending a webhook) should skip what they see then, it already happened.
        self.replaying = False
        self._watch_seeding()
        self.startup_seconds = time.perf_counter() - started

    def _watch_seeding(self) -> None:
        """Shops built lazily (mockserver/lazyshops.py) catch up on their seeded timers as soon as they are built,
        so a read finds them as if they had been built at the reset and lived through the time since."""
        self.store.lazy.on_built(self.catch_up)

    def _seed(self) -> tuple[Store, SeedRefs, IdFactory]:
        ids = IdFactory(self.settings.seed)
        store, refs = build_store(self.settings, self.clock, ids, self.registry.all_scopes())
        return store, refs, ids

    def reset(self) -> None:
        """Back to the seed: a new store built exactly as at startup (moto's reset), and domain time un-shifted."""
        self.clock.thaw()
        self.clock.set_offset(0)
        store, refs, ids = self._seed()
        with self.store.lock:
            # The store replaced lets go of what closes over it (its builder, the finance and analytics listeners),
            # so reference counting frees it: serve froze the start-up store out of the collector's sight.
            self.store.lazy.close()
            self.store.events.listeners.clear()
            self.store, self.refs, self.ids = store, refs, ids
            self._watch_seeding()
            for listener in self.reset_listeners:
                listener()
        self.request_ids = RequestIds(self.settings.seed)
        self.journal.clear()
        self.faults = FaultSet(self.configured_faults())
        for hook in self.on_reset:
            hook()

    def configured_faults(self) -> list[Rule]:
        specs = parse_spec(self.settings.faults)
        return [build(spec, f"rule-{i + 1}", self.settings.seed) for i, spec in enumerate(specs)]

    def clock_moved(self) -> None:
        """After the clock moved: what came due happens now (each at its own time), and the hooks hear of it."""
        with self.store.lock:
            # Every shop lives through the move now: what comes due sends its events and webhooks at this moment.
            self.store.lazy.all()
            self.catch_up()
        for hook in self.on_clock_moved:
            hook()

    def catch_up(self) -> int:
        """Let the platform do what came due by now (world.py); call it under the store lock."""
        done = world.catch_up(self.store, self.clock.now_s())
        observer = self.store.lock.observer
        if observer is not None:
            observer.caught_up()
        return done

    def request_id(self) -> str:
        return self.request_ids.next(self.clock.now())
