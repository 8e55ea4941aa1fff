"""agent.toml: a good file loads; each mistake stops the agent with the key and the fix."""

from __future__ import annotations

import tomllib
from dataclasses import fields
from pathlib import Path

import pytest

from agent.config import ConfigError, load_config
from agent.policy import Policy

GOOD = """
[studio]
name = "Atelier Lumen"
address = "orders@atelier.example"
timezone = "Europe/Madrid"
sales_director = { name = "Sofia", address = "sofia@atelier.example" }
account_managers = [{ name = "Ana", address = "ana@atelier.example" }]

[imap]
host = "imap.atelier.example"
username = "orders@atelier.example"
password = "imap-secret"

[smtp]
host = "smtp.atelier.example"
username = "orders@atelier.example"
"""


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "agent.toml"
    path.write_text(text)
    return path


def test_good_file_loads_with_defaults_and_env_secrets(tmp_path: Path) -> None:
    """Ports and security default sensibly; the SMTP password may come from the environment."""
    config = load_config(write(tmp_path, GOOD), environ={"AGENT_SMTP_PASSWORD": "env-secret"})
    assert (config.imap.port, config.imap.security, config.imap.mailbox) == (993, "ssl", "INBOX")
    assert (config.smtp.port, config.smtp.security) == (587, "starttls")
    assert config.smtp.password == "env-secret"
    assert config.store_path == tmp_path / "state" / "agent.json"
    assert config.staff_addresses == {"sofia@atelier.example", "ana@atelier.example"}


@pytest.mark.parametrize(
    ("change", "names"),
    [
        (("imap.atelier.example", ""), "imap.host"),
        (('timezone = "Europe/Madrid"', 'timezone = "Mars/Olympus"'), "studio.timezone"),
        (('address = "orders@atelier.example"', 'address = "orders"'), "studio.address"),
        (('password = "imap-secret"', 'password = "x"\nport = 99999'), "imap.port"),
        (("[smtp]", '[smtp]\nsecurity = "tls"'), "smtp.security"),
        (("account_managers", "old_managers"), "studio.account_managers"),
        (("[imap]", "[imap"), "not valid TOML"),
        (('timezone = "Europe/Madrid"', 'timezone = "Europe/Madrid"\ncurrency = ""'), "currency"),
    ],
)
def test_each_mistake_names_its_key(tmp_path: Path, change: tuple[str, str], names: str) -> None:
    """The error message names the key to fix."""
    text = GOOD.replace(*change)
    with pytest.raises(ConfigError, match=names.replace(".", r"\.")):
        load_config(write(tmp_path, text), environ={"AGENT_SMTP_PASSWORD": "x"})


def test_missing_password_says_where_to_put_it(tmp_path: Path) -> None:
    """No SMTP password anywhere: the message offers the file key and the variable."""
    with pytest.raises(ConfigError, match=r"smtp\.password.*AGENT_SMTP_PASSWORD"):
        load_config(write(tmp_path, GOOD), environ={})


def test_missing_file_points_at_the_example(tmp_path: Path) -> None:
    """No agent.toml: the message says to copy the example."""
    with pytest.raises(ConfigError, match="agent.example.toml"):
        load_config(tmp_path / "agent.toml", environ={})


def test_the_shipped_example_is_valid_and_documents_every_policy_key() -> None:
    """agent.example.toml loads, and lists every [policy] setting with its default."""
    example = Path(__file__).resolve().parent.parent / "agent.example.toml"
    config = load_config(example, environ={"AGENT_IMAP_PASSWORD": "x", "AGENT_SMTP_PASSWORD": "y"})
    assert config.policy == Policy()
    assert config.currency == "EUR"
    documented = tomllib.loads(example.read_text())["policy"]
    assert set(documented) == {f.name for f in fields(Policy)}


def test_a_wrong_policy_value_names_its_key(tmp_path: Path) -> None:
    """A typo in [policy] stops the agent with the key and the fix."""
    text = GOOD + '\n[policy]\nweekly_update_day = "Fryday"\n'
    with pytest.raises(ConfigError, match="policy.weekly_update_day"):
        load_config(write(tmp_path, text), environ={"AGENT_SMTP_PASSWORD": "x"})
