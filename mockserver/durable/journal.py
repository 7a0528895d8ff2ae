"""The write-ahead journal: one SQLite database in WAL mode, one row per critical section that changed state.

SQLite is in the standard library, is crash-safe by design (a transaction is all there or not at all after a
`kill -9` or a power cut) and its WAL mode makes an append one small sequential write. `synchronous=NORMAL` keeps
every committed record through a process crash (it is in the OS's hands once the insert returns); only a power cut
or OS crash can lose the last few (`FULL` would fsync each one). The database is opened on the first record, so a
mock that changes nothing writes nothing.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from pathlib import Path

FILE = "journal.sqlite3"


class Journal:
    def __init__(self, directory: Path) -> None:
        self.path = directory / FILE
        self._db: sqlite3.Connection | None = None

    def exists(self) -> bool:
        return self.path.exists()

    def _open(self) -> sqlite3.Connection:
        if self._db is None:
            db = sqlite3.connect(self.path, isolation_level=None, check_same_thread=False)
            db.execute("PRAGMA journal_mode=WAL")
            db.execute("PRAGMA synchronous=NORMAL")
            db.execute("CREATE TABLE IF NOT EXISTS records (seq INTEGER PRIMARY KEY AUTOINCREMENT, data BLOB NOT NULL)")
            db.execute("CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)")
            self._db = db
        return self._db

    def meta(self, key: str) -> str | None:
        if not self.exists():
            return None
        row = self._open().execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
        return None if row is None else str(row[0])

    def set_meta(self, key: str, value: str) -> None:
        self._open().execute("INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)", (key, value))

    def append(self, data: bytes) -> int:
        """Store one record; its sequence number (1, 2, ...) once it is committed."""
        cursor = self._open().execute("INSERT INTO records (data) VALUES (?)", (data,))
        assert cursor.lastrowid is not None
        return cursor.lastrowid

    def after(self, seq: int) -> Iterator[tuple[int, bytes]]:
        """Records past `seq`, in order."""
        if not self.exists():
            return
        rows = self._open().execute("SELECT seq, data FROM records WHERE seq > ? ORDER BY seq", (seq,))
        for number, data in rows:
            yield int(number), bytes(data)

    def last_seq(self) -> int:
        if not self.exists():
            return 0
        row = self._open().execute("SELECT MAX(seq) FROM records").fetchone()
        return int(row[0] or 0)

    def count_after(self, seq: int) -> int:
        if not self.exists():
            return 0
        row = self._open().execute("SELECT COUNT(*) FROM records WHERE seq > ?", (seq,)).fetchone()
        return int(row[0])

    def drop_through(self, seq: int) -> None:
        """Forget the records a snapshot now covers (AUTOINCREMENT: sequence numbers are never reused)."""
        if self.exists():
            self._open().execute("DELETE FROM records WHERE seq <= ?", (seq,))

    def clear(self) -> None:
        """Back to nothing (a reset: the state is the seed again)."""
        self.close()
        for suffix in ("", "-wal", "-shm"):
            Path(str(self.path) + suffix).unlink(missing_ok=True)

    def close(self) -> None:
        if self._db is not None:
            self._db.close()
            self._db = None
