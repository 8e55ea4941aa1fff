"""The JSON store: one atomic write per decision, readable after a crash."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from studio import make_config, sample_order

from agent.store import Commit, Store, StoreError


def test_commit_writes_order_ledger_and_outbox_in_one_file_write(
    tmp_path: Path, monkeypatch
) -> None:
    """An order change, its ledger entry and its emails land in a single replace of the file."""
    store = Store(tmp_path / "agent.json")
    replaces: list[str] = []
    real_replace = os.replace
    monkeypatch.setattr(os, "replace", lambda a, b: (replaces.append(b), real_replace(a, b)))
    order = sample_order(make_config(tmp_path))
    row = {"key": "k1", "created_at": "2026-01-26T09:00:00+00:00", "status": "pending"}
    store.commit(
        Commit(
            orders=[order],
            ledger=[{"message_id": "<m@x>"}],
            outbox=[row],
            cursor=(7, 42, "2026-01-26T09:00:00+00:00"),
        )
    )
    assert len(replaces) == 1
    data = json.loads((tmp_path / "agent.json").read_text())
    assert set(data) == {"orders", "ledger", "outbox", "meta"}
    assert (store.cursor().uidvalidity, store.cursor().last_uid) == (7, 42)
    assert store.seen("<m@x>")


def test_failed_commit_leaves_the_store_as_it_was(tmp_path: Path) -> None:
    """An exception inside a transaction writes nothing."""
    store = Store(tmp_path / "agent.json")
    store.commit(Commit(ledger=[{"message_id": "<a@x>"}]))
    with pytest.raises(RuntimeError), store.middleware.transaction():
        store.db.table("ledger").insert({"message_id": "<b@x>"})
        raise RuntimeError("boom")
    assert store.seen("<a@x>") and not store.seen("<b@x>")


def test_outbox_rows_are_idempotent_by_key(tmp_path: Path) -> None:
    """Queuing the same email twice keeps one row."""
    store = Store(tmp_path / "agent.json")
    row = {"key": "ORD-0001/confirm/<m@x>", "created_at": "t", "status": "pending"}
    store.commit(Commit(outbox=[row]))
    store.commit(Commit(outbox=[dict(row)]))
    assert len(store.outbox()) == 1


def test_corrupt_store_gives_an_actionable_error(tmp_path: Path) -> None:
    """A damaged file is reported with what to do, not a traceback from deep inside TinyDB."""
    (tmp_path / "agent.json").write_text('{"orders": {')
    with pytest.raises(StoreError, match="restore it from a backup"):
        Store(tmp_path / "agent.json").orders()


def test_next_order_id_counts_up(tmp_path: Path) -> None:
    """Order ids run ORD-0001, ORD-0002, …"""
    store = Store(tmp_path / "agent.json")
    config = make_config(tmp_path)
    assert store.next_order_id() == "ORD-0001"
    store.commit(Commit(orders=[sample_order(config, "ORD-0007")]))
    assert store.next_order_id() == "ORD-0008"


def test_two_processes_sharing_the_store_see_each_others_writes(tmp_path: Path) -> None:
    """The daemon sees an email queued by a CLI command, and inserts after it without clashing."""
    daemon, command = Store(tmp_path / "agent.json"), Store(tmp_path / "agent.json")
    row = {"created_at": "t", "status": "pending"}
    daemon.commit(Commit(outbox=[{**row, "key": "a"}]))
    assert len(daemon.outbox("pending")) == 1
    command.commit(Commit(outbox=[{**row, "key": "b"}]))
    assert [r["key"] for r in daemon.outbox("pending")] == ["a", "b"]
    daemon.commit(Commit(outbox=[{**row, "key": "c"}]))
    assert [r["key"] for r in command.outbox("pending")] == ["a", "b", "c"]
