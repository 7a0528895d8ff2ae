"""The state directory: its lock, its fingerprint, recovery at startup, journaling and snapshots while serving.

    state = DurableState.open(mock, Path("/var/lib/tokopedia-mock"))   # refuses a directory of other settings
    state.recover(app)    # seed + snapshot + journal replay; from here on every change is journaled
    ...
    state.close()         # a last snapshot, so the next start replays nothing

One process per directory (an exclusive `flock`, released by the OS even after `kill -9`). The directory remembers
the settings that shape the state (`fingerprint`): starting it with another seed, catalog size, app secret, TTL...
would replay the journal into a different world, so it is refused, naming the settings that differ; the serving
settings (host, port, logs, limits on a request's head, the control token) may change freely.
"""

from __future__ import annotations

import fcntl
import logging
import os
import threading
from dataclasses import fields
from pathlib import Path
from typing import IO, Any

import orjson

from mockserver.durable import recorder, replay, snapshot
from mockserver.durable.journal import Journal
from mockserver.observe import ASGIApp
from mockserver.runtime import Mock
from mockserver.settings import Settings
from mockserver.version import __version__

log = logging.getLogger("tokopedia_mock.state")

LOCK_FILE = "lock"
#: Settings that do not shape the state: a directory may be reopened with other values for these.
SERVING = frozenset(
    {
        "host",
        "port",
        "log_level",
        "log_format",
        "access_log",
        "ready_file",
        "sign_debug",
        "validate_responses",
        "max_header_count",
        "max_header_bytes",
        "header_timeout",
        "body_timeout",
        "keep_alive_timeout",
        "control_plane",
        "control_token",
        "control_token_file",
        "state_dir",
        "state_snapshot_every",
        "clock",
    }
)


class StateDirError(ValueError):
    """The state directory cannot be used (in use, written with other settings, unreadable)."""


def fingerprint(settings: Settings) -> dict[str, Any]:
    shaping = {f.name: getattr(settings, f.name) for f in fields(settings) if f.name not in SERVING}
    return {"version": __version__, "format": snapshot.FORMAT, "settings": shaping}


def _differences(stored: dict[str, Any], current: dict[str, Any]) -> list[str]:
    out = [k for k in ("version", "format") if stored.get(k) != current.get(k)]
    old, new = stored.get("settings", {}), current["settings"]
    return out + sorted(k for k in old.keys() | new.keys() if old.get(k) != new.get(k))


class DurableState:
    def __init__(self, mock: Mock, directory: Path, lock: IO[str]) -> None:
        self.mock = mock
        self.directory = directory
        self._lock_file = lock
        self.journal = Journal(directory)
        self.fingerprint = orjson.dumps(fingerprint(mock.settings)).decode()
        self.every = max(1, mock.settings.state_snapshot_every)
        self.recorder = recorder.Recorder(mock, self._append, self._unjournaled)
        self._snapshot_seq = 0
        self._since_snapshot = 0
        self._snapshotting = False
        self._dirty_outside = False
        self._generation = 0
        self.replayed = 0

    # --- opening -------------------------------------------------------------------------------------------------
    @classmethod
    def open(cls, mock: Mock, directory: Path) -> DurableState:
        try:
            directory.mkdir(parents=True, exist_ok=True)
            (directory / (snapshot.FILE + ".tmp")).unlink(missing_ok=True)  # a snapshot cut short by a crash
            lock = open(directory / LOCK_FILE, "a+", encoding="utf-8")
        except OSError as e:
            raise StateDirError(f"state directory {directory}: {e.strerror}") from None
        try:
            fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            lock.close()
            raise StateDirError(f"state directory {directory} is in use by another tokopedia-mock") from None
        lock.seek(0)
        lock.truncate()
        lock.write(f"{os.getpid()}\n")
        lock.flush()
        state = cls(mock, directory, lock)
        try:
            state._check()
        except BaseException:
            state.release()
            raise
        return state

    def _check(self) -> None:
        current = orjson.loads(self.fingerprint)
        stored_text = self.journal.meta("fingerprint")
        if stored_text is None:
            head = snapshot.header(self.directory)
            stored_text = head["fingerprint"] if head is not None else None
        if stored_text is None:
            return
        stored = orjson.loads(stored_text)
        differ = _differences(stored, current)
        if differ:
            raise StateDirError(
                f"state directory {self.directory} was written with other settings ({', '.join(differ)}): start "
                "with the same ones, or use another --state-dir"
            )

    # --- recovery ------------------------------------------------------------------------------------------------
    def recover(self, app: ASGIApp) -> None:
        """The state as it was: the snapshot, then every journaled section after it, replayed through `app`."""
        mock = self.mock
        self._snapshot_seq = snapshot.load(self.directory, mock)
        records = list(self.journal.after(self._snapshot_seq))
        if records:
            mock.replaying = True
            try:
                self.replayed = replay.run(mock, app, [r for _, r in records])
            finally:
                mock.replaying = False
        self._since_snapshot = len(records)
        self.attach()
        mock.reset_listeners.append(self._on_reset)
        log.info(
            "state from %s: snapshot of journal record %d, %d records replayed",
            self.directory,
            self._snapshot_seq,
            len(records),
        )

    def attach(self) -> None:
        self.mock.store.lock.observer = self.recorder

    # --- while serving (under the store lock) --------------------------------------------------------------------
    def _append(self, data: bytes) -> None:
        if not self.journal.exists():
            self.journal.set_meta("fingerprint", self.fingerprint)
        self.journal.append(data)
        self._since_snapshot += 1
        if self._since_snapshot >= self.every and not self._snapshotting:
            self._snapshotting = True
            threading.Thread(target=self._snapshot_in_background, name="tokopedia-mock-snapshot", daemon=True).start()

    def _unjournaled(self) -> None:
        """A change with no request to replay (made from Python): only a snapshot keeps it."""
        self._dirty_outside = True
        self.snapshot()

    def _on_reset(self) -> None:
        """Back to the seed: nothing needs keeping (the seed is not written), the new store is observed."""
        self.recorder.skip_section()
        self._generation += 1
        self.journal.clear()
        (self.directory / snapshot.FILE).unlink(missing_ok=True)
        self._snapshot_seq = self._since_snapshot = 0
        self._dirty_outside = False
        self.attach()

    # --- snapshots -----------------------------------------------------------------------------------------------
    def _snapshot_in_background(self) -> None:
        try:
            self.snapshot()
        except Exception:
            log.exception("snapshot of the state failed; the journal keeps everything meanwhile")
        finally:
            self._snapshotting = False

    def snapshot(self) -> None:
        """Write the whole state and drop the journal records it covers."""
        with self.mock.store.lock:
            seq, generation = self.journal.last_seq(), self._generation
            data = snapshot.dump(self.mock, seq, self.fingerprint)
            pending = self._since_snapshot
        snapshot.write_temporary(self.directory, data)  # the slow part, while requests go on
        with self.mock.store.lock:
            if generation != self._generation:  # a reset came in between: this state is gone
                snapshot.discard(self.directory)
                return
            snapshot.commit(self.directory)
            self.journal.drop_through(seq)
            self._snapshot_seq = seq
            self._since_snapshot -= pending
            self._dirty_outside = False

    def close(self) -> None:
        """At shutdown: a last snapshot if anything changed since the previous one; the directory is released."""
        try:
            if self._since_snapshot or self._dirty_outside:
                self.snapshot()
        finally:
            self.mock.store.lock.observer = None
            self.journal.close()
            self.release()

    def release(self) -> None:
        try:
            fcntl.flock(self._lock_file, fcntl.LOCK_UN)
        finally:
            self._lock_file.close()
