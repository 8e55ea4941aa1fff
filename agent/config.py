"""Typed settings from agent.toml, with secrets allowed to come from the environment.

Every problem is reported as one ConfigError naming the key and the fix, so a
person starting the agent sees exactly which line to change.
"""

from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from agent.policy import Policy, PolicyError, parse_policy

SECURITY_MODES = ("ssl", "starttls", "none")


class ConfigError(Exception):
    """A setting that is missing or wrong; the message names the key and the fix."""


@dataclass(frozen=True)
class Person:
    name: str
    address: str


@dataclass(frozen=True)
class ServerSettings:
    host: str
    port: int
    username: str
    password: str
    security: str


@dataclass(frozen=True)
class ImapSettings(ServerSettings):
    mailbox: str = "INBOX"


@dataclass(frozen=True)
class Config:
    studio_name: str
    address: str
    timezone: ZoneInfo
    sales_director: Person
    account_managers: tuple[Person, ...]
    imap: ImapSettings
    smtp: ServerSettings
    store_path: Path
    confidence_threshold: float = 0.75
    policy: Policy = Policy()
    finance: Person | None = None
    poll_seconds: int = 60
    # Shown after every amount in the emails ("4,500.00 EUR"); empty shows amounts bare.
    currency: str = ""

    @property
    def domain(self) -> str:
        return self.address.rpartition("@")[2].lower()

    @property
    def staff_addresses(self) -> frozenset[str]:
        people = (self.sales_director, *self.account_managers)
        return frozenset(p.address.lower() for p in people)

    def is_insider(self, address: str) -> bool:
        """Staff, finance, the agent, or anyone else at the studio's own domain: a person
        whose being in copy does not make an email one to a client."""
        address = address.lower()
        finance = {self.finance.address.lower()} if self.finance else set()
        ours = self.staff_addresses | finance | {self.address.lower()}
        return address in ours or address.endswith(f"@{self.domain}")

    def account_manager(self, address: str) -> Person | None:
        for person in self.account_managers:
            if person.address.lower() == address.lower():
                return person
        return None


def load_config(path: Path, environ: dict[str, str] | None = None) -> Config:
    """Read and check agent.toml; raise ConfigError with the key and the fix."""
    environ = dict(os.environ) if environ is None else environ
    if not path.exists():
        raise ConfigError(
            f"{path}: no such file; copy agent.example.toml to {path} and fill it in "
            "(or pass --config PATH)"
        )
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{path}: not valid TOML ({exc}); fix the line it names") from exc
    return parse_config(data, base_dir=path.parent, environ=environ)


def parse_config(data: dict[str, Any], base_dir: Path, environ: dict[str, str]) -> Config:
    studio = _section(data, "studio")
    store = _section(data, "store", required=False)
    store_path = Path(_text(store, "store.path", default="state/agent.json"))
    return Config(
        studio_name=_text(studio, "studio.name"),
        address=_address(studio, "studio.address"),
        timezone=_timezone(studio),
        sales_director=_person(studio.get("sales_director"), "studio.sales_director"),
        account_managers=_account_managers(studio),
        imap=_imap(_section(data, "imap"), environ),
        smtp=_server(_section(data, "smtp"), "smtp", environ, default_port=587),
        store_path=store_path if store_path.is_absolute() else base_dir / store_path,
        confidence_threshold=_number(
            _section(data, "reader", required=False), "reader.confidence_threshold", 0.75
        ),
        policy=_policy(_section(data, "policy", required=False)),
        finance=_person(studio["finance"], "studio.finance") if "finance" in studio else None,
        currency=_text(studio, "studio.currency") if "currency" in studio else "",
    )


def _policy(section: dict[str, Any]) -> Policy:
    try:
        return parse_policy(section)
    except PolicyError as exc:
        raise ConfigError(str(exc)) from exc


def _section(data: dict[str, Any], name: str, required: bool = True) -> dict[str, Any]:
    section = data.get(name, None if required else {})
    if not isinstance(section, dict):
        raise ConfigError(f"[{name}]: must be a section of keys; see agent.example.toml")
    return section


def _text(section: dict[str, Any], key: str, default: str | None = None) -> str:
    value = section.get(key.rpartition(".")[2], default)
    if not isinstance(value, str) or not value.strip():
        raise ConfigError(f"{key}: missing or empty; set it, e.g. {_example(key)}")
    return value.strip()


def _example(key: str) -> str:
    examples = {
        "studio.name": 'name = "Atelier Lumen"',
        "studio.address": 'address = "orders@atelier.example"',
        "studio.currency": 'currency = "EUR"',
        "imap.host": 'host = "imap.atelier.example"',
        "smtp.host": 'host = "smtp.atelier.example"',
        "imap.username": 'username = "orders@atelier.example"',
        "smtp.username": 'username = "orders@atelier.example"',
    }
    return examples.get(key, f'{key.rpartition(".")[2]} = "..."')


def _address(section: dict[str, Any], key: str) -> str:
    value = _text(section, key)
    local, at, domain = value.partition("@")
    if not (local and at and "." in domain) or " " in value:
        raise ConfigError(f'{key}: "{value}" is not an email address; use e.g. name@studio.example')
    return value


def _timezone(studio: dict[str, Any]) -> ZoneInfo:
    name = _text(studio, "studio.timezone", default="UTC")
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError) as exc:
        raise ConfigError(
            f'studio.timezone: unknown zone "{name}"; use an IANA name such as "Europe/Madrid"'
        ) from exc


def _person(raw: Any, key: str) -> Person:
    if isinstance(raw, str):
        raw = {"name": raw.partition("@")[0], "address": raw}
    if not isinstance(raw, dict):
        raise ConfigError(f'{key}: missing; set it, e.g. {{ name = "Ana", address = "ana@..." }}')
    return Person(name=_text(raw, f"{key}.name"), address=_address(raw, f"{key}.address"))


def _account_managers(studio: dict[str, Any]) -> tuple[Person, ...]:
    raw = studio.get("account_managers")
    if not isinstance(raw, list) or not raw:
        raise ConfigError(
            "studio.account_managers: missing; add at least one, e.g. "
            '[[studio.account_managers]] name = "Ana" address = "ana@studio.example"'
        )
    return tuple(_person(item, f"studio.account_managers[{i}]") for i, item in enumerate(raw))


def _imap(section: dict[str, Any], environ: dict[str, str]) -> ImapSettings:
    server = _server(section, "imap", environ, default_port=993)
    mailbox = _text(section, "imap.mailbox", default="INBOX")
    return ImapSettings(**server.__dict__, mailbox=mailbox)


def _server(
    section: dict[str, Any], name: str, environ: dict[str, str], default_port: int
) -> ServerSettings:
    security = section.get("security", "ssl" if default_port == 993 else "starttls")
    if security not in SECURITY_MODES:
        raise ConfigError(f'{name}.security: "{security}" is not one of ssl, starttls, none')
    port = section.get("port", default_port)
    if not isinstance(port, int) or not 0 < port < 65536:
        raise ConfigError(
            f"{name}.port: must be a whole number 1-65535, e.g. port = {default_port}"
        )
    env_key = f"AGENT_{name.upper()}_PASSWORD"
    password = environ.get(env_key) or section.get("password", "")
    if not isinstance(password, str) or not password:
        raise ConfigError(f"{name}.password: missing; set it in the file or in ${env_key}")
    return ServerSettings(
        host=_text(section, f"{name}.host"),
        port=port,
        username=_text(section, f"{name}.username"),
        password=password,
        security=security,
    )


def _number(section: dict[str, Any], key: str, default: float) -> float:
    value = section.get(key.rpartition(".")[2], default)
    if not isinstance(value, int | float) or not 0 < value <= 1:
        raise ConfigError(f"{key}: must be a number between 0 and 1, e.g. 0.75")
    return float(value)
