"""Opt-in durable state (`--state-dir PATH`): a restart resumes exactly where the mock stopped, `kill -9` included.

The mock is deterministic — the same seed and the same requests at the same instants give the same state — so what
survives a restart is the list of changes, not a copy of every record (see ARCHITECTURE.md, "Durable state"):

- `recorder.py` watches the store lock (`mockserver.sections`): each outermost critical section that changed
  something is appended, in the order the sections ran, to a write-ahead journal before its response is sent —
  the HTTP request itself (method, path, query, headers, body) and the instant it ran at (the clock is pinned for
  the section), or a bare "tick" when only the platform's own timers moved;
- `journal.py` keeps those records in SQLite (WAL mode: a record is on disk once its insert returns, and a torn
  write at `kill -9` is rolled back, never half-read);
- `snapshot.py` writes the whole `Store` (every field, by rule: nothing per field) with `pickle` to a temporary
  file, fsyncs and renames it into place every `state_snapshot_every` records and at shutdown, then drops the
  records it covers; seed-only data (the lazy order blocks) is referenced, not copied;
- `replay.py` rebuilds at startup: the seed, the latest snapshot, then every later record run through the app.
"""

from __future__ import annotations

from mockserver.durable.state import DurableState, StateDirError

__all__ = ["DurableState", "StateDirError"]
