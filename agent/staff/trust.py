"""Whether mail from a staff address really comes from it, as the receiving server judged.

Only the topmost Authentication-Results header counts: it is the one our own server
added (RFC 8601); any below it came with the message and may be forged. Without the
header there is nothing to judge, and the configured staff address is trusted.
"""

from __future__ import annotations

import re

from agent.parsers.envelope import InboundMail

RESULT = re.compile(r"(?<![\w.-])(dmarc|dkim|spf)\s*=\s*([a-z]+)", re.I)
SIGNER = re.compile(r"\bheader\.d\s*=\s*([\w.-]+)", re.I)


def forged_because(mail: InboundMail) -> str:
    """Why the server's checks say the sender is forged ("dmarc=fail"), or "" if they do not."""
    results: dict[str, set[str]] = {"dmarc": set(), "dkim": set(), "spf": set()}
    signed = False
    for part in mail.header("authentication-results").split(";"):
        for method, result in RESULT.findall(part):
            results[method.lower()].add(result.lower())
            signed = signed or _signs_for_sender(method, result, part, mail.from_addr)
    if "fail" in results["dmarc"]:
        return "dmarc=fail"
    # A message may carry several signatures (the studio's and its mail provider's): one
    # failing is not forgery when the sender's domain signed or DMARC, which judges them, passed.
    if "fail" in results["dkim"] and not signed and "pass" not in results["dmarc"]:
        return "dkim=fail"
    if "fail" in results["spf"] and not signed:
        return "spf=fail and no dkim=pass from the sender's domain"
    return ""


def _signs_for_sender(method: str, result: str, part: str, address: str) -> bool:
    """A DKIM pass vouches for the sender only when its domain is the From address's domain
    or a parent of it: anyone can sign their own mail with a domain of their own."""
    if (method.lower(), result.lower()) != ("dkim", "pass"):
        return False
    signer = SIGNER.search(part)
    if signer is None:
        return False
    domain, by = address.rpartition("@")[2].lower(), signer.group(1).lower().rstrip(".")
    return domain == by or domain.endswith(f".{by}")
