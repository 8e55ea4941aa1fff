"""The JSON store: orders, the message ledger, the outbox and the mailbox cursor.

TinyDB rewrites its whole file on every write, and its default storage rewrites it
in place, so a crash can leave half a file. Here every write goes to a temp file
that is fsynced and renamed over the old one, and a transaction turns many table
operations into that one write: an order change, its ledger entry and the emails
it causes land together or not at all.
"""

from __future__ import annotations

import contextlib
import copy
import fcntl
import json
import os
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from tinydb import Query, TinyDB
from tinydb.middlewares import Middleware
from tinydb.storages import Storage
from tinydb.table import Table

from agent.model import Order, next_order_id


class StoreError(Exception):
    """The store file cannot be read; the message says what to do."""


class AtomicJSONStorage(Storage):
    """TinyDB storage that replaces the file atomically on every write."""

    def __init__(self, path: str) -> None:
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)

    def read(self) -> dict[str, Any] | None:
        try:
            text = self.path.read_text(encoding="utf-8")
        except FileNotFoundError:
            return None
        try:
            return json.loads(text) if text.strip() else None
        except json.JSONDecodeError as exc:
            raise StoreError(
                f"{self.path} is not valid JSON ({exc}); restore it from a backup "
                "or move it aside to start with an empty store"
            ) from exc

    def write(self, data: dict[str, Any]) -> None:
        fd, tmp = tempfile.mkstemp(prefix=".tmp-", dir=self.path.parent)
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as handle:
                json.dump(data, handle, ensure_ascii=False, indent=1, sort_keys=True)
                handle.flush()
                os.fsync(handle.fileno())
            os.replace(tmp, self.path)
        except BaseException:
            with contextlib.suppress(FileNotFoundError):
                os.unlink(tmp)
            raise
        _fsync_dir(self.path.parent)

    def close(self) -> None:
        """Nothing is held open between writes."""


def _fsync_dir(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


class TransactionMiddleware(Middleware):
    """Holds TinyDB's writes in memory inside `transaction()` and writes once at the end."""

    def __init__(self, storage_cls: type[Storage]) -> None:
        super().__init__(storage_cls)
        self.pending: dict[str, Any] | None = None

    def read(self) -> dict[str, Any] | None:
        if self.pending is not None:
            return copy.deepcopy(self.pending)
        return self.storage.read()

    def write(self, data: dict[str, Any]) -> None:
        if self.pending is not None:
            self.pending = data
        else:
            self.storage.write(data)

    @contextlib.contextmanager
    def transaction(self) -> Iterator[None]:
        if self.pending is not None:
            raise RuntimeError("transactions do not nest")
        self.pending = self.storage.read() or {}
        try:
            yield
            data = self.pending
        finally:
            self.pending = None
        self.storage.write(data)


class FreshTable(Table):
    """A table that trusts only the file: the daemon and a CLI command share it.

    TinyDB caches query results and the next document id per process; another
    process's write makes both wrong (a stale outbox, a duplicate id).
    """

    def __init__(self, storage: Storage, name: str, cache_size: int = 0) -> None:
        super().__init__(storage, name, cache_size=0)  # type: ignore[arg-type]

    def _get_next_id(self) -> int:
        self._next_id = None
        return super()._get_next_id()


class AgentDB(TinyDB):
    table_class = FreshTable


@dataclass(frozen=True)
class Cursor:
    """Where the agent is in the watched mailbox.

    After the server renumbers the mailbox (a new UIDVALIDITY) the agent looks again
    at mail since `rescan_since`; until that pass completes, `rescan_until` (the highest
    UID at the time) says where normal reading resumes.
    """

    uidvalidity: int = 0
    last_uid: int = 0
    updated_at: str = ""
    rescan_since: str = ""
    rescan_until: int = 0


@dataclass
class Commit:
    """Everything one decision changes, written together."""

    orders: list[Order] = field(default_factory=list)
    ledger: list[dict[str, Any]] = field(default_factory=list)
    outbox: list[dict[str, Any]] = field(default_factory=list)
    cursor: tuple[int, int, str] | None = None
    done: list[dict[str, Any]] = field(default_factory=list)


class Store:
    def __init__(self, path: Path) -> None:
        self.path = path
        self.db = AgentDB(str(path), storage=TransactionMiddleware(AtomicJSONStorage))
        self.middleware: TransactionMiddleware = self.db.storage  # type: ignore[assignment]
        self._lock_depth = 0
        self._lock_file: Any = None

    @contextlib.contextmanager
    def lock(self) -> Iterator[None]:
        """Exclusive use of the store across processes (the daemon and a CLI command).

        Reentrant within this object: flock locks per open file, so a second open in the
        same process would deadlock.
        """
        if self._lock_depth == 0:
            self._lock_file = open(f"{self.path}.lock", "a")  # noqa: SIM115
            fcntl.flock(self._lock_file, fcntl.LOCK_EX)
        self._lock_depth += 1
        try:
            yield
        finally:
            self._lock_depth -= 1
            if self._lock_depth == 0:
                self._lock_file.close()

    def close(self) -> None:
        self.db.close()

    def commit(self, change: Commit) -> None:
        with self.lock(), self.middleware.transaction():
            for order in change.orders:
                self.db.table("orders").upsert(order.to_dict(), Query().id == order.id)
            for entry in change.ledger:
                self.db.table("ledger").upsert(entry, Query().message_id == entry["message_id"])
            for row in change.outbox:
                if not self.db.table("outbox").contains(Query().key == row["key"]):
                    self.db.table("outbox").insert(row)
            for item in change.done:
                self.db.table("done").upsert(item, Query().key == item["key"])
            if change.cursor is not None:
                self._upsert_cursor(*change.cursor)

    def order(self, order_id: str) -> Order | None:
        doc = self.db.table("orders").get(Query().id == order_id)
        return Order.from_dict(dict(doc)) if doc else None  # type: ignore[arg-type]

    def orders(self) -> list[Order]:
        docs = self.db.table("orders").all()
        return sorted((Order.from_dict(dict(d)) for d in docs), key=lambda o: o.id)

    def next_order_id(self) -> str:
        return next_order_id(self.orders())

    def seen(self, message_id: str) -> bool:
        return self.db.table("ledger").contains(Query().message_id == message_id)

    def is_done(self, key: str) -> bool:
        """Whether a scheduled item (by its idempotency key) was already carried out."""
        return self.db.table("done").contains(Query().key == key)

    def done(self) -> list[dict[str, Any]]:
        return sorted((dict(d) for d in self.db.table("done").all()), key=lambda d: d["at"])

    def ledger(self) -> list[dict[str, Any]]:
        return [dict(d) for d in self.db.table("ledger").all()]

    def cursor(self) -> Cursor:
        doc = self.db.table("meta").get(Query().name == "cursor")
        if not doc:
            return Cursor()
        return Cursor(**{k: v for k, v in dict(doc).items() if k != "name"})  # type: ignore[arg-type]

    def set_cursor(self, uidvalidity: int, last_uid: int, updated_at: str, **rescan: Any) -> None:
        """Move the cursor; `rescan_since`/`rescan_until` are kept unless given."""
        with self.lock():
            self._upsert_cursor(uidvalidity, last_uid, updated_at, **rescan)

    def _upsert_cursor(
        self, uidvalidity: int, last_uid: int, updated_at: str, **rescan: Any
    ) -> None:
        doc = {
            "name": "cursor",
            "uidvalidity": uidvalidity,
            "last_uid": last_uid,
            "updated_at": updated_at,
            **rescan,
        }
        self.db.table("meta").upsert(doc, Query().name == "cursor")

    def outbox(self, status: str | None = None) -> list[dict[str, Any]]:
        table = self.db.table("outbox")
        docs = table.all() if status is None else table.search(Query().status == status)
        return sorted((dict(d) for d in docs), key=lambda row: row["created_at"])

    def update_outbox(self, key: str, **fields: Any) -> None:
        with self.lock():
            self.db.table("outbox").update(fields, Query().key == key)
