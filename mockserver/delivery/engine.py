"""The delivery engine: sends the webhooks the dialects render, off the request path, and retries on the mock clock.

**Where deliveries come from.** Only the domain event log: the engine's listener (`Store.events.listeners`) runs
inside `emit`, under the store lock, at the moment of each change. It asks each dialect what the change means to its
subscribers (`partner/webhooks/notifications.py`, `legacy/notifications.py`: rendered and signed `Outgoing`s, built
from the store as it is at that moment) and queues them. It never sends from there: an API request costs at most
the rendering and an append, whatever the receivers do.

**How they go out.** One worker thread runs an asyncio loop and an httpx client (started with the first
subscription or delivery, stopped by `close()`). Deliveries of one *lane* (one shop's notifications to one app or
fs_id) go out one at a time, in the order of their changes; lanes run side by side up to
`Settings.webhook_concurrency` requests. A delivery
succeeds when the receiver answers within `webhook_timeout` (3 s) with 200 or 401 (Partner API, official) or any 2xx
(legacy, GUESS); otherwise it is retried `webhook_retry_seconds` after the failed attempt's scheduled time (2 min,
30 min, 3 h, 12 h, official; the same for the legacy API, GUESS), then given up. Retry times are mock-clock times:
the worker looks at the clock every `webhook_poll_seconds` and at once when the control plane moves it
(`Mock.on_clock_moved`), so jumping the clock 16 h sends all four retries, each "at" its own time, in a moment. The
worker also lets the platform's own timers run when they come due (`mock.catch_up()`), so time-driven
notifications (an authorization about to expire) arrive without waiting for a request.

**Bounds.** At most `webhook_queue_size` deliveries wait (a new one past that is logged as dropped and counted), at
most `webhook_concurrency` are in flight, the log keeps the newest `webhook_log_size` finished ones, a receiver's
answer is read up to 1 KiB.

**Control.** pause / resume (nothing new goes out; what is in flight finishes), flush (every waiting retry is due
now), replay (a delivery sent again as a new one). A reset (`Mock.on_reset`) empties it all and listens to the new
store. Nothing it logs holds a secret: requests carry signatures only, and the console log names deliveries by id.
"""

from __future__ import annotations

import asyncio
import heapq
import logging
import threading
import time
import weakref
from collections import deque
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from mockserver import events, timers
from mockserver.delivery.log import (
    ANSWER_CHARS,
    DELIVERED,
    DROPPED,
    FAILED,
    FINISHED,
    QUEUED,
    RETRYING,
    SENDING,
    Attempt,
    Delivery,
)
from mockserver.delivery.receiver import Receiver
from mockserver.events import Event
from mockserver.legacy import notifications as legacy
from mockserver.partner.webhooks import notifications as partner
from mockserver.webhooks.models import Outgoing

if TYPE_CHECKING:
    import httpx
    from starlette.types import ASGIApp, Receive, Scope, Send

    from mockserver.runtime import Mock
    from mockserver.settings import Settings
    from mockserver.store import Store

log = logging.getLogger("tokopedia_mock.webhooks")

Mapper = Callable[["Store", "Settings", Event], list[Outgoing]]
MAPPERS: tuple[Mapper, ...] = (partner.outgoing, legacy.outgoing)
#: What counts as received: the Partner API's documented answers; any 2xx for the legacy API (GUESS).
PARTNER_OK = frozenset({200, 401})
#: Mapping failures kept for tests (a bug in a payload builder must not fail the API call that caused it).
MAX_MAPPING_ERRORS = 100


def succeeded(dialect: str, status: int | None) -> bool:
    if status is None:
        return False
    return status in PARTNER_OK if dialect == "partner" else 200 <= status < 300


class DeliveryEngine:
    def __init__(self, mock: Mock) -> None:
        self.mock = mock
        s = mock.settings
        self.timeout = float(s.webhook_timeout)
        self.schedule = tuple(int(x) for x in s.webhook_retry_seconds)
        self.queue_size = max(1, s.webhook_queue_size)
        self.concurrency = max(1, s.webhook_concurrency)
        self.log_size = max(1, s.webhook_log_size)
        self.poll = max(0.01, float(s.webhook_poll_seconds))
        self.receiver = Receiver(mock.clock.now_s)
        self.mapping_errors: deque[str] = deque(maxlen=MAX_MAPPING_ERRORS)
        self._lock = threading.Lock()
        self._records: dict[int, Delivery] = {}
        self._finished: deque[int] = deque()
        self._lanes: dict[str, list[tuple[int, int]]] = {}  # lane -> heap of (due, delivery id)
        self._busy: set[str] = set()
        self._next_id = 1
        self._waiting = 0
        self._in_flight = 0
        self._dropped = 0
        self._paused = False
        self._generation = 0
        self._stopping = False
        self._signaled = False  # a wake-up is on its way to the worker
        self._thread: threading.Thread | None = None
        self._loop: asyncio.AbstractEventLoop | None = None
        self._wake: asyncio.Event | None = None
        self._local: dict[str, ASGIApp] = {}  # base URL -> an ASGI app served in-process (no socket)
        self._attached: Store | None = None

    # --- wiring -----------------------------------------------------------------------------------------------
    def attach(self) -> None:
        """Listen to the mock's store, now and after every reset; follow clock moves."""
        self._listen()
        self.mock.on_reset.append(self._reset)
        self.mock.on_clock_moved.append(self.wake)

    def _listen(self) -> None:
        store, old = self.mock.store, self._attached
        if old is store:
            return
        if old is not None and self._on_event in old.events.listeners:
            old.events.listeners.remove(self._on_event)
        store.events.listeners.append(self._on_event)
        self._attached = store

    def serve_locally(self, base_url: str, app: ASGIApp) -> None:
        """Deliver URLs under `base_url` straight to `app` (the in-process mock's own receiver), without a socket."""
        ref = weakref.ref(app)

        async def proxy(scope: Scope, receive: Receive, send: Send) -> None:
            target = ref()
            if target is None:
                raise RuntimeError("the in-process app is gone")
            await target(scope, receive, send)

        self._local[base_url.rstrip("/")] = proxy

    # --- the listener (under the store lock: render and queue, nothing else) -----------------------------------
    def _on_event(self, event: Event) -> None:
        if self.mock.replaying:  # durable state replaying the journal at startup: these were sent before the restart
            return
        store, settings = self.mock.store, self.mock.settings
        if event.type == events.WEBHOOK_SUBSCRIBED:
            with self._lock:  # the worker starts with the first subscription, not on an ordinary API call
                self._ensure_worker()
        try:
            found = [out for mapper in MAPPERS for out in mapper(store, settings, event)]
        except Exception as exc:  # a payload bug must not break the change that caused it
            log.exception("webhook payloads for event %s (%s) failed", event.seq, event.type)
            self.mapping_errors.append(f"event {event.seq} {event.type}: {exc!r}")
            return
        for out in found:
            self.enqueue(out, event.type, event.time)

    def enqueue(self, out: Outgoing, event_type: str, due: int, replay_of: int | None = None) -> Delivery:
        with self._lock:
            delivery = Delivery(self._next_id, out, event_type, due, next_retry=due, replay_of=replay_of)
            self._next_id += 1
            self._records[delivery.id] = delivery
            if self._waiting >= self.queue_size:
                delivery.state, delivery.next_retry = DROPPED, None
                self._dropped += 1
                self._finish(delivery)
                return delivery
            self._waiting += 1
            heapq.heappush(self._lanes.setdefault(out.lane, []), (due, delivery.id))
            self._ensure_worker()
            signal, self._signaled = not self._signaled, True
        if signal:  # one wake-up per round of the worker, however many deliveries come meanwhile
            self.wake()
        return delivery

    def _finish(self, delivery: Delivery) -> None:
        """Under the lock: a finished delivery stays in the log until `log_size` newer ones have finished."""
        self._finished.append(delivery.id)
        while len(self._finished) > self.log_size:
            self._records.pop(self._finished.popleft(), None)

    # --- control --------------------------------------------------------------------------------------------------
    def pause(self) -> None:
        with self._lock:
            self._paused = True

    def resume(self) -> None:
        with self._lock:
            self._paused = False
        self.wake()

    def flush(self) -> int:
        """Every waiting delivery is due now; how many."""
        now = self.mock.clock.now_s()
        with self._lock:
            count = 0
            for lane, heap in self._lanes.items():
                self._lanes[lane] = [(min(due, now), rid) for due, rid in heap]
                heapq.heapify(self._lanes[lane])
                count += len(heap)
                for _, rid in heap:
                    self._records[rid].next_retry = min(self._records[rid].next_retry or now, now)
        self.wake()
        return count

    def replay(self, delivery_id: int) -> Delivery | None:
        with self._lock:
            original = self._records.get(delivery_id)
        if original is None:
            return None
        return self.enqueue(original.out, original.event_type, self.mock.clock.now_s(), replay_of=delivery_id)

    def get(self, delivery_id: int) -> Delivery | None:
        with self._lock:
            return self._records.get(delivery_id)

    def deliveries(self) -> list[Delivery]:
        with self._lock:
            return list(self._records.values())

    def stats(self) -> dict[str, Any]:
        with self._lock:
            return {
                "paused": self._paused,
                "waiting": self._waiting,
                "in_flight": self._in_flight,
                "dropped": self._dropped,
                "queue_size": self.queue_size,
                "concurrency": self.concurrency,
                "log_size": self.log_size,
                "timeout_seconds": self.timeout,
                "retry_seconds": list(self.schedule),
            }

    def idle(self) -> bool:
        """Nothing queued or in flight that is due by the mock clock now."""
        now = self.mock.clock.now_s()
        with self._lock:
            due = any(heap and heap[0][0] <= now for heap in self._lanes.values())
            return self._in_flight == 0 and not (due and not self._paused)

    def _reset(self) -> None:
        with self._lock:
            self._generation += 1
            self._records.clear()
            self._finished.clear()
            self._lanes.clear()
            self._busy.clear()
            self._waiting = self._in_flight = self._dropped = 0
            self._paused = False
        self.receiver.clear()
        self.mapping_errors.clear()
        self._listen()

    # --- the worker -----------------------------------------------------------------------------------------------
    def wake(self) -> None:
        loop, wake = self._loop, self._wake
        if loop is not None and wake is not None:
            try:
                loop.call_soon_threadsafe(wake.set)
            except RuntimeError:  # the loop has just closed
                pass

    def _ensure_worker(self) -> None:
        """Under the lock: start the worker thread the first time there is something to send (without waiting for
        it: its first round looks at the queue anyway)."""
        if self._thread is None and not self._stopping:
            self._thread = threading.Thread(target=_run, args=(weakref.ref(self),), name="tokopedia-mock-webhooks")
            self._thread.daemon = True
            self._thread.start()

    def close(self) -> None:
        """Stop the worker: deliveries in flight are abandoned, nothing more goes out."""
        with self._lock:
            self._stopping = True
            thread = self._thread
        self.wake()
        if thread is not None and thread is not threading.current_thread():
            thread.join(timeout=5)

    def _take(self) -> list[tuple[Delivery, int, int, int]]:
        """The deliveries to send now: (delivery, attempt number, scheduled time, generation)."""
        now = self.mock.clock.now_s()
        with self._lock:
            self._signaled = False
            if self._paused:
                return []
            taken = []
            for lane in list(self._lanes):
                heap = self._lanes[lane]
                if not heap:
                    del self._lanes[lane]
                    continue
                if self._in_flight >= self.concurrency:
                    break
                if lane in self._busy or heap[0][0] > now:
                    continue
                due, rid = heapq.heappop(heap)
                delivery = self._records[rid]
                delivery.state = SENDING
                self._busy.add(lane)
                self._waiting -= 1
                self._in_flight += 1
                taken.append((delivery, len(delivery.attempts) + 1, due, self._generation))
            return taken

    def _done(self, delivery: Delivery, generation: int, attempt: Attempt) -> None:
        with self._lock:
            if generation != self._generation:
                return  # sent before a reset: forgotten
            self._in_flight -= 1
            self._busy.discard(delivery.out.lane)
            delivery.attempts.append(attempt)
            retries_used = attempt.number - 1
            if succeeded(delivery.out.dialect, attempt.status):
                delivery.state, delivery.next_retry = DELIVERED, None
                self._finish(delivery)
            elif retries_used < len(self.schedule):
                due = attempt.scheduled_time + self.schedule[retries_used]
                delivery.state, delivery.next_retry = RETRYING, due
                self._waiting += 1
                heapq.heappush(self._lanes.setdefault(delivery.out.lane, []), (due, delivery.id))
            else:
                delivery.state, delivery.next_retry = FAILED, None
                self._finish(delivery)
        log.debug("webhook delivery %s attempt %s: %s", delivery.id, attempt.number, attempt.status or attempt.error)
        if self._wake is not None:
            self._wake.set()  # on the worker's own loop

    def _catch_up_world(self) -> None:
        """Let the platform's timers run when they come due, requests or not."""
        mock = self.mock
        due = timers.next_due(mock.store)
        if due is not None and due <= mock.clock.now_s():
            with mock.store.lock:
                mock.catch_up()

    def _client(self) -> httpx.AsyncClient:
        import httpx  # here, in the worker: a mock that sends no webhook never pays for importing it

        mounts = {base: httpx.ASGITransport(app=app) for base, app in self._local.items()}
        return httpx.AsyncClient(
            mounts=mounts,
            trust_env=False,
            follow_redirects=False,
            limits=httpx.Limits(max_connections=self.concurrency, max_keepalive_connections=self.concurrency),
        )


def _run(ref: weakref.ref[DeliveryEngine]) -> None:
    """The worker thread: holds the engine only weakly between rounds, so a forgotten mock's worker ends."""
    try:
        asyncio.run(_work(ref))
    except Exception:
        log.exception("the webhook delivery worker stopped")


async def _work(ref: weakref.ref[DeliveryEngine]) -> None:
    engine = ref()
    if engine is None:
        return
    wake = asyncio.Event()
    engine._loop, engine._wake = asyncio.get_running_loop(), wake
    client, poll = engine._client(), engine.poll
    del engine
    tasks: set[asyncio.Task[None]] = set()
    try:
        while True:
            engine = ref()
            if engine is None or engine._stopping:
                break
            wake.clear()  # before `_take` clears `_signaled`: a wake-up sent meanwhile is not lost
            try:
                engine._catch_up_world()
            except Exception:
                log.exception("the platform's timers failed")
            for delivery, number, scheduled, generation in engine._take():
                task = asyncio.create_task(_attempt(ref, client, delivery, number, scheduled, generation))
                tasks.add(task)
                task.add_done_callback(tasks.discard)
            del engine
            try:
                await asyncio.wait_for(wake.wait(), poll)
            except TimeoutError:
                pass
    finally:
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)
        await client.aclose()


async def _attempt(
    ref: weakref.ref[DeliveryEngine],
    client: httpx.AsyncClient,
    delivery: Delivery,
    number: int,
    scheduled: int,
    generation: int,
) -> None:
    engine = ref()
    if engine is None:
        return
    timeout = engine.timeout
    del engine
    out = delivery.out
    status: int | None = None
    error = answer = ""
    sent_at, started = time.time(), time.perf_counter()
    try:
        async with asyncio.timeout(timeout):
            async with client.stream("POST", out.url, content=out.body, headers=list(out.headers)) as response:
                status = response.status_code
                chunks = bytearray()
                async for chunk in response.aiter_bytes():
                    chunks += chunk
                    if len(chunks) >= ANSWER_CHARS:
                        break
                answer = bytes(chunks[:ANSWER_CHARS]).decode("utf-8", "replace")
    except TimeoutError:
        status, error = None, f"no answer within {timeout:g} s"
    except Exception as exc:  # an httpx.HTTPError, a URL httpx cannot even build a request for, ...
        status, error = None, f"{type(exc).__name__}: {exc}"[:300]
    latency = (time.perf_counter() - started) * 1000
    engine = ref()
    if engine is not None:
        engine._done(delivery, generation, Attempt(number, scheduled, sent_at, status, latency, error, answer))


__all__ = ["DELIVERED", "DROPPED", "FAILED", "FINISHED", "QUEUED", "RETRYING", "DeliveryEngine", "succeeded"]
