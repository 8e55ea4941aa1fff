"""The command line as a person uses it: clear output, one-line errors, JSON for machines."""

from __future__ import annotations

import json
from datetime import date, timedelta
from pathlib import Path

import pytest
from studio import client_mail
from test_config import GOOD
from test_records import paused_for_late_payment

from agent.cli import main
from agent.config import load_config
from agent.store import Commit, Store

ORDER = """
project = "Teatro Nuevo Gala"
account_manager = "ana@atelier.example"
contract_value = 18000
delivery_date = "2026-03-12"
[client]
name = "Laura Gil"
emails = ["Laura@TeatroNuevo.example"]
"""


@pytest.fixture
def config(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("AGENT_SMTP_PASSWORD", "x")
    path = tmp_path / "agent.toml"
    path.write_text(GOOD)
    return path


def add_order(config: Path, text: str = ORDER, name: str = "order.toml") -> int:
    order_file = config.parent / name
    order_file.write_text(text)
    return main(["--config", str(config), "orders", "add", str(order_file)])


def test_orders_add_list_show(config: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """An added order gets ORD-0001, shows in the list and in full with its payments."""
    assert add_order(config) == 0
    assert "added ORD-0001" in capsys.readouterr().out
    main(["--config", str(config), "orders", "list"])
    assert "ORD-0001  Design" in capsys.readouterr().out
    main(["--config", str(config), "orders", "show", "ord-0001", "--json"])
    order = json.loads(capsys.readouterr().out)
    assert order["client_emails"] == ["laura@teatronuevo.example"]
    assert [p["amount"] for p in order["payments"]] == [9000, 4500, 4500]


def test_order_from_json_keeps_its_id(config: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A JSON order file with an id keeps that id."""
    data = {
        "id": "ORD-0042",
        "project": "Film ball",
        "account_manager": "ana@atelier.example",
        "contract_value": 5000,
        "delivery_date": "2026-05-01",
        "client": {"name": "Rio Films", "email": "prod@rio.example"},
    }
    assert add_order(config, json.dumps(data), "order.json") == 0
    assert "added ORD-0042" in capsys.readouterr().out


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (("18000", "-5"), "contract_value"),
        (('"2026-03-12"', '"12/03/2026"'), "delivery_date"),
        (("ana@atelier.example", "nobody@atelier.example"), "account_manager"),
        (('project = "Teatro Nuevo Gala"', ""), "project"),
    ],
)
def test_bad_order_file_says_which_field(
    config: Path, capsys: pytest.CaptureFixture[str], change: tuple[str, str], message: str
) -> None:
    """A wrong field stops with exit 2 and names the field."""
    assert add_order(config, ORDER.replace(*change)) == 2
    err = capsys.readouterr().err
    assert err.startswith("error: ") and message in err


def test_ask_queues_the_request(config: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """`ask` opens the question and says the email is queued, not yet sent."""
    add_order(config)
    code = main(
        [
            "--config",
            str(config),
            "ask",
            "ORD-0001",
            "choice",
            "--about",
            "fabric",
            "--option",
            "Silk taffeta",
            "--option",
            "Duchess satin",
        ]
    )
    assert code == 0
    assert "queued to laura@teatronuevo.example" in capsys.readouterr().out
    main(["--config", str(config), "orders", "show", "ORD-0001"])
    assert "Q1 choice fabric — open" in capsys.readouterr().out


def test_ask_with_a_recommendation_says_it_to_the_client(
    config: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """`ask … --recommend 2` stores the recommendation and the email names it; a number that
    is no option is refused with the fix."""
    add_order(config)
    ask = ["--config", str(config), "ask", "ORD-0001", "choice", "--about", "fabric"]
    ask += ["--option", "Silk taffeta", "--option", "Duchess satin"]
    assert main([*ask, "--recommend", "3"]) == 2
    assert "give the number of one of the 2 options" in capsys.readouterr().err
    assert main([*ask, "--recommend", "2"]) == 0
    store = Store(load_config(config).store_path)
    order = store.order("ORD-0001")
    assert order is not None and order.questions[0]["recommended"] == 2
    [email] = store.outbox()
    assert "We recommend option 2: Duchess satin." in email["raw"]


def test_ask_choice_needs_two_options(config: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A one-option choice is refused with the fix."""
    add_order(config)
    code = main(["--config", str(config), "ask", "ORD-0001", "choice", "--option", "Silk"])
    assert code == 2 and "at least two --option" in capsys.readouterr().err


def test_missing_config_is_one_line_with_the_fix(tmp_path: Path, capsys) -> None:
    """No agent.toml: exit 2 and one line that says to copy the example."""
    assert main(["--config", str(tmp_path / "agent.toml"), "orders", "list"]) == 2
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1 and "agent.example.toml" in err


def test_interpret_prints_one_json_line_per_file_and_survives_bad_ones(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """One JSON line per file: an error for a missing one, "cannot read" for garbage."""
    question = tmp_path / "q.json"
    question.write_text(
        json.dumps(
            {
                "kind": "choice",
                "options": ["Silk taffeta", "Duchess satin"],
                "asked_at": "2026-01-26T09:00:00+00:00",
            }
        )
    )
    good = tmp_path / "good.eml"
    good.write_bytes(client_mail("Option 2 please.\n\nSent from my iPhone"))
    (tmp_path / "junk.eml").write_bytes(b"\x00\x01 not a message")
    files = [str(good), str(tmp_path / "missing.eml"), str(tmp_path / "junk.eml"), str(good)]
    assert (
        main(["interpret", "--timezone", "Europe/Madrid", "--question", str(question), *files]) == 0
    )
    lines = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert len(lines) == 4
    assert (lines[0]["intent"], lines[0]["choice"], lines[0]["needs_human"]) == ("choose", 2, False)
    assert "Sent from my iPhone" not in lines[0]["reply_text"]
    assert "No such file" in lines[1]["error"]
    assert lines[2]["needs_human"] and lines[2]["why"].startswith("cannot read")
    assert lines[3]["choice"] == 2


def run_cli(config: Path, *args: str) -> int:
    return main(["--config", str(config), *args])


def test_recording_phase_note_milestone_and_payment(
    config: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Each change lands in the order's history with its cause."""
    add_order(config)
    assert run_cli(config, "orders", "update", "ORD-0001", "--phase", "construction") == 0
    assert run_cli(config, "orders", "update", "ORD-0001", "--note", "lead gown pattern done") == 0
    assert (
        run_cli(config, "milestone", "ORD-0001", "first fitting", "done", "--date", "2026-02-10")
        == 0
    )
    assert run_cli(config, "paid", "ORD-0001", "deposit", "--date", "2026-01-27") == 0
    capsys.readouterr()
    run_cli(config, "orders", "show", "ORD-0001", "--json")
    order = json.loads(capsys.readouterr().out)
    assert order["phase"] == "Construction"
    assert order["notes"][0]["text"] == "lead gown pattern done"
    assert order["milestones"] == {"first fitting": "2026-02-10"}
    assert order["payments"][0]["status"] == "received"
    assert [h["event"] for h in order["history"]][-4:] == [
        "phase", "note", "milestone done", "payment received"
    ]  # fmt: skip


def test_history_names_the_person_at_the_command_line(
    config: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """A change is recorded as by --by ADDRESS, or else by the login that ran the command."""
    monkeypatch.setenv("LOGNAME", "alice")
    add_order(config)
    run_cli(config, "orders", "update", "ORD-0001", "--note", "toiles cut")
    run_cli(config, "paid", "ORD-0001", "deposit", "--by", "Ana@Atelier.example")
    capsys.readouterr()
    run_cli(config, "orders", "show", "ORD-0001", "--json")
    history = json.loads(capsys.readouterr().out)["history"]
    assert [h["by"] for h in history] == ["cli:alice", "cli:alice", "ana@atelier.example"]


def test_paid_says_the_work_it_had_paused_resumes(
    config: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Marking the late payment received tells the AM the order is back in its phase."""
    Store(load_config(config).store_path).commit(Commit(orders=[paused_for_late_payment()]))
    assert run_cli(config, "paid", "ORD-0001", "mid-project") == 0
    out = capsys.readouterr().out
    assert "ORD-0001: payment received: mid-project\n" in out
    assert "ORD-0001: resumed: back in Construction: the late mid-project payment is in" in out


def test_the_plan_is_chosen_in_the_order_file_re_planned_and_shown(
    config: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """`[plan]` sets a day, `--planned` moves one, and `orders show` lists each with done dates."""
    signed = 'signed = "2026-01-05"\n'
    add_order(config, signed + ORDER + '[plan]\n"first fitting" = 2026-02-06\n')
    run_cli(config, "milestone", "ORD-0001", "design approval", "done", "--date", "2026-01-14")
    run_cli(config, "milestone", "ORD-0001", "final fitting", "--planned", "2026-03-02")
    assert run_cli(config, "milestone", "ORD-0001", "final fitting") == 2
    assert "say done or --planned DATE" in capsys.readouterr().err
    run_cli(config, "orders", "show", "ORD-0001")
    out = capsys.readouterr().out
    plan = out[out.index("  plan:") : out.index("  change orders:")].splitlines()[1:]
    assert [" ".join(line.split()) for line in plan] == [
        "design approval planned 2026-01-18 done 2026-01-14",
        "fabric approval planned 2026-01-31 not done",
        "first fitting planned 2026-02-06 not done",
        "final fitting planned 2026-03-02 not done",
        "delivery planned 2026-03-12",
    ]


def test_delivery_moved_more_than_a_week_escalates_once(
    config: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A new date 2+ weeks late queues an email to the sales director; a reason is required;
    a date already past is refused."""
    promised = date.today() + timedelta(days=60)  # `orders update` runs on the real clock
    add_order(config, ORDER.replace("2026-03-12", promised.isoformat()))
    later = (promised + timedelta(days=18)).isoformat()
    assert run_cli(config, "orders", "update", "ORD-0001", "--delivery", later) == 2
    assert "--reason" in capsys.readouterr().err
    past = (date.today() - timedelta(days=1)).isoformat()
    assert run_cli(config, "orders", "update", "ORD-0001", "--delivery", past, "--reason", "x") == 2
    assert f"delivery: {past} is in the past" in capsys.readouterr().err
    code = run_cli(config, "orders", "update", "ORD-0001", "--delivery", later,
                   "--reason", "fabric from Italy is late")  # fmt: skip
    assert code == 0
    out = capsys.readouterr().out
    assert "queued to sofia@atelier.example: [ORD-0001] Delivery moved 18 days" in out


def test_unknown_phase_and_payment_are_refused(
    config: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A typo in a phase or a payment name says what the choices are."""
    add_order(config)
    assert run_cli(config, "orders", "update", "ORD-0001", "--phase", "sewing") == 2
    assert "Construction" in capsys.readouterr().err
    assert run_cli(config, "paid", "ORD-0001", "second") == 2
    assert "deposit, mid-project, final" in capsys.readouterr().err


DATED = 'delivery_date = "2026-02-04"\nsigned = "2026-01-05"\npaid = ["deposit"]'


def output_on(config: Path, capsys: pytest.CaptureFixture[str], dates: str, *args: str) -> str:
    """A command's output with the sample order on these dates in the store."""
    add_order(config, ORDER.replace('delivery_date = "2026-03-12"', dates))
    capsys.readouterr()
    assert run_cli(config, *args) == 0
    return capsys.readouterr().out


def test_upcoming_lists_the_next_week_without_sending(
    config: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """`upcoming` names each email, its day, recipient and reason; nothing is queued."""
    now = "2026-01-28T08:00+01:00"
    lines = output_on(config, capsys, DATED, "upcoming", "--days", "8", "--now", now).splitlines()
    weekly = "Fri 30 Jan 10:00  weekly-update      to laura@teatronuevo.example: "
    assert any(line.startswith(weekly) for line in lines)
    assert any("digest" in line and "sofia@atelier.example" in line for line in lines)
    assert any("Sun 01 Feb 09:00  payment-invoice" in line and "final payment" in line
               for line in lines)  # fmt: skip
    assert any("Wed 04 Feb 09:00  payment-due" in line for line in lines)
    run_cli(config, "orders", "show", "ORD-0001", "--json")
    assert json.loads(capsys.readouterr().out)["sent"] == []


def test_upcoming_gives_each_email_its_own_time_whatever_minute_it_is_asked(
    config: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Asked at 07:53, the next mornings' digests are listed at 08:00, the update at 10:00."""
    now = "2026-01-28T07:53+01:00"
    lines = output_on(config, capsys, DATED, "upcoming", "--days", "3", "--now", now).splitlines()
    assert [line[:16] for line in lines if "  digest " in line] == [
        "Wed 28 Jan 08:00",
        "Thu 29 Jan 08:00",
        "Fri 30 Jan 08:00",
    ]
    assert any(line.startswith("Fri 30 Jan 10:00  weekly-update") for line in lines)


def test_upcoming_shows_no_update_for_an_order_it_will_have_paused(
    config: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Signed 5 January, first invoiced 12 January: reminded 17 and 19 January, work pauses
    on the 20th, so the Friday after brings no update."""
    unpaid = 'delivery_date = "2026-03-12"\nsigned = "2026-01-05"'
    now = ("--now", "2026-01-12T08:00+01:00", "--days", "14")
    lines = output_on(config, capsys, unpaid, "upcoming", *now).splitlines()
    chase = [line[:34].strip() for line in lines if "  payment-" in line]
    assert chase == [
        "Mon 12 Jan 08:00  payment-invoice",
        "Sat 17 Jan 09:00  payment-friendly",
        "Mon 19 Jan 09:00  payment-firm",
        "Tue 20 Jan 09:00  payment-pause",
    ]
    updates = [line[:16] for line in lines if "weekly-update" in line]
    assert updates == ["Fri 16 Jan 10:00"]


def test_digest_preview_prints_the_directors_digest_and_writes_its_html(
    config: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """`digest --preview --now` shows that morning's digest, sends nothing, and saves the HTML."""
    html = config.parent / "digest.html"
    preview = ("digest", "--preview", "--now", "2026-01-30T08:00+01:00", "--html", str(html))
    out = output_on(config, capsys, DATED, *preview)
    assert out.startswith(
        "To: sofia@atelier.example\nSubject: Studio digest, Friday 30 January 2026"
    )
    assert "Wed 04 Feb delivery, ORD-0001 Teatro Nuevo Gala" in out
    assert 'title="Design: now"' in html.read_text()  # the timeline marks the current phase
    run_cli(config, "orders", "show", "ORD-0001", "--json")
    assert json.loads(capsys.readouterr().out)["sent"] == []


def test_a_date_years_away_is_refused_at_the_command_line(
    config: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A mistyped year ("9999") is refused with the fix; the order keeps its delivery date."""
    add_order(config)
    code = run_cli(config, "orders", "update", "ORD-0001", "--delivery", "9999-12-30",
                   "--reason", "postponed")  # fmt: skip
    assert code == 2
    assert "9999-12-30 is more than 3 years from today; check the year" in capsys.readouterr().err
    assert run_cli(config, "milestone", "ORD-0001", "first fitting", "--planned", "2199-02-02") == 2
    assert "more than 3 years" in capsys.readouterr().err


def test_a_milestone_the_plan_lacks_is_refused_at_the_command_line(
    config: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A free-text milestone name is refused, naming the order's milestones."""
    add_order(config)
    assert run_cli(config, "milestone", "ORD-0001", "fitting one", "done") == 2
    err = capsys.readouterr().err
    assert '"fitting one" is not a milestone of ORD-0001' in err and "first fitting" in err
