"""Email bodies from Jinja2 templates: a text part and an autoescaped HTML part."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, StrictUndefined, pass_context
from jinja2.runtime import Context

TEMPLATE_DIR = Path(__file__).parent / "templates"


class Templates:
    def __init__(self, directory: Path = TEMPLATE_DIR) -> None:
        self.directory = directory
        loader = FileSystemLoader(str(directory))
        self.text = Environment(loader=loader, undefined=StrictUndefined, autoescape=False)
        self.html = Environment(loader=loader, undefined=StrictUndefined, autoescape=True)
        for env in (self.text, self.html):
            env.trim_blocks = True
            env.lstrip_blocks = True
            env.filters["money"] = _money

    def render(self, name: str, context: dict[str, Any]) -> tuple[str, str]:
        """Return (text, html) for template `name` (e.g. "client/confirmation")."""
        text = self.text.get_template(f"{name}.txt.j2").render(context)
        html = self.html.get_template(f"{name}.html.j2").render(context)
        return text.strip() + "\n", html

    def names(self) -> list[str]:
        """Every template pair, for tests that render each one with its sample context."""
        files = self.directory.glob("*/*.txt.j2")
        return sorted(f"{p.parent.name}/{p.name.removesuffix('.txt.j2')}" for p in files)


@pass_context
def _money(context: Context, amount: float) -> str:
    """4500 -> "4,500.00 EUR", in the studio's currency when the context names one."""
    return money(amount, context.get("currency", ""))


def money(amount: float, currency: str) -> str:
    return f"{amount:,.2f} {currency}".rstrip()


def counted(number: int, noun: str) -> str:
    """ "1 day", "5 days": people read counts, not "day(s)"."""
    return f"{number} {noun}{'' if number == 1 else 's'}"
