"""The daemon as it runs in production: a process, IDLE, dropped connections, SIGTERM."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from datetime import date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from mailservers import ImapAccount, SmtpSink
from studio import AM, CLIENT, client_mail

ROOT = Path(__file__).resolve().parent.parent
MADRID = ZoneInfo("Europe/Madrid")
# The daemon runs on the real clock: a delivery date well ahead keeps payments quiet.
DELIVERY = (date.today() + timedelta(days=90)).isoformat()
ORDER = f"""
project = "Teatro Nuevo Gala"
account_manager = "ana@atelier.example"
contract_value = 18000
delivery_date = "{DELIVERY}"
paid = ["deposit"]
[client]
name = "Laura Gil"
emails = ["laura@teatronuevo.example"]
"""


def write_config(folder: Path, inbox: ImapAccount, sink: SmtpSink) -> Path:
    path = folder / "agent.toml"
    path.write_text(f"""
[studio]
name = "Atelier Lumen"
address = "orders@atelier.example"
timezone = "Europe/Madrid"
sales_director = {{ name = "Sofia Marin", address = "sofia@atelier.example" }}
account_managers = [{{ name = "{AM.name}", address = "{AM.address}" }}]

[imap]
host = "{inbox.host}"
port = {inbox.port}
username = "{inbox.user}"
security = "none"

[policy]
daily_digest = false

[smtp]
host = "127.0.0.1"
port = {sink.port}
username = "agent"
password = "smtp-secret"
security = "none"
""")
    return path


def cli(config: Path, *args: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    command = [sys.executable, str(ROOT / "run_agent.py"), "--config", str(config), *args]
    return subprocess.run(command, capture_output=True, text=True, env=env, timeout=60, check=False)


@pytest.fixture
def deployed(tmp_path: Path, imap_account: ImapAccount) -> Iterator[tuple[Path, dict[str, str]]]:
    """An agent.toml on disk, an order, and an approval request already sent."""
    sink = SmtpSink(auth=("agent", "smtp-secret"))
    sink.start()
    config = write_config(tmp_path, imap_account, sink)
    env = {**os.environ, "AGENT_IMAP_PASSWORD": imap_account.password}
    (tmp_path / "order.toml").write_text(ORDER)
    for args in (("orders", "add", str(tmp_path / "order.toml")), ("once",)):
        done = cli(config, *args, env=env)
        assert done.returncode == 0, done.stderr
    asked = cli(config, "ask", "ORD-0001", "approval", "--about", "design sketches", env=env)
    assert asked.returncode == 0, asked.stderr
    sent = cli(config, "once", env=env)
    assert sent.returncode == 0, sent.stderr
    [request] = sink.wait_for(1)
    sink.clear()
    yield config, env, sink, request.message["Message-ID"]  # type: ignore[misc]
    sink.stop()


def test_daemon_handles_reply_within_seconds_survives_kick_and_stops_on_sigterm(
    deployed, imap_account: ImapAccount
) -> None:
    """IDLE sees a reply in seconds; after `doveadm kick` it reconnects; SIGTERM exits 0."""
    config, env, sink, request_id = deployed
    log_path = config.parent / "daemon.log"
    command = [sys.executable, str(ROOT / "run_agent.py"), "--config", str(config), "run"]
    with log_path.open("w") as log_file:
        daemon = subprocess.Popen(command, env=env, stdout=log_file, stderr=subprocess.STDOUT)
    try:
        wait_for_line(log_path, "connected to")
        imap_account.kick()
        wait_for_line(log_path, "reconnecting")
        started = time.monotonic()
        imap_account.deliver(client_mail("Approved, thank you", in_reply_to=request_id))
        try:
            [confirmation] = sink.wait_for(1, timeout=15)
        except AssertionError as exc:
            raise AssertionError(f"{exc}\ndaemon log:\n{log_path.read_text()}") from None
        handled_in = time.monotonic() - started
        assert confirmation.rcpt_tos[0] == CLIENT
        assert handled_in < 10
        daemon.send_signal(signal.SIGTERM)
        assert daemon.wait(timeout=10) == 0
    finally:
        if daemon.poll() is None:
            daemon.kill()
    assert "stopped cleanly" in log_path.read_text()


def wait_for_line(path: Path, text: str, timeout: float = 15) -> None:
    deadline = time.monotonic() + timeout
    while text not in path.read_text():
        if time.monotonic() > deadline:
            raise AssertionError(f"daemon never logged {text!r}:\n{path.read_text()}")
        time.sleep(0.1)


def test_cli_shows_the_answered_question_as_json(deployed, imap_account: ImapAccount) -> None:
    """`orders show --json` carries the phase, the answered question and the history."""
    config, env, sink, request_id = deployed
    imap_account.deliver(client_mail("Approved", in_reply_to=request_id))
    assert cli(config, "once", env=env).returncode == 0
    shown = cli(config, "orders", "show", "ORD-0001", "--json", env=env)
    import json

    order = json.loads(shown.stdout)
    assert order["phase"] == "Design"
    assert order["questions"][0]["status"] == "answered"
    assert order["questions"][0]["answer"]["intent"] == "approve"
    assert [p["milestone"] for p in order["payments"]] == ["deposit", "mid-project", "final"]
    assert order["history"][-1]["event"] == "approval answered"


def test_wrong_password_stops_the_agent_with_one_line(deployed) -> None:
    """A refused IMAP login at start-up: exit 2 and one line naming the keys to check."""
    config, env, sink, _ = deployed
    result = cli(config, "run", env={**env, "AGENT_IMAP_PASSWORD": "wrong"})
    assert result.returncode == 2
    assert result.stderr.strip().splitlines()[-1].startswith("error: IMAP")
    assert "imap.username and imap.password" in result.stderr


def test_a_second_agent_on_the_same_store_refuses_to_start(deployed) -> None:
    """Two runners would send the same outbox twice: the second one stops and says why."""
    config, env, sink, _ = deployed
    command = [sys.executable, str(ROOT / "run_agent.py"), "--config", str(config), "run"]
    first = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        time.sleep(1.5)
        second = cli(config, "once", env=env)
        assert second.returncode == 2
        assert f"already running on {config.parent / 'state' / 'agent.json'} (pid {first.pid})" in (
            second.stderr
        )
    finally:
        first.terminate()
        first.wait(timeout=10)


def test_once_now_acts_as_if_it_were_that_moment(deployed) -> None:
    """`once --now` on next Friday: at 09:59 no weekly update, at 10:30 one, and never twice."""
    config, env, sink, _ = deployed
    today = date.today()
    friday = today + timedelta(days=(4 - today.weekday()) % 7 or 7)

    def updates_after_once_at(clock: str) -> int:
        moment = datetime.fromisoformat(f"{friday}T{clock}").replace(tzinfo=MADRID)
        done = cli(config, "once", "--now", moment.isoformat(), env=env)
        assert done.returncode == 0, done.stderr
        return len([m for m in sink.messages if "weekly update" in m.message["Subject"]])

    assert updates_after_once_at("09:59") == 0
    assert updates_after_once_at("10:30") == 1
    assert updates_after_once_at("10:45") == 1
