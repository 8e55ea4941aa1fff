"""Whether mail from a staff address really comes from it, as the receiving server judged.

Only the topmost Authentication-Results header counts: it is the one our own server
added (RFC 8601); any below it came with the message and may be forged. Without the
header there is nothing to judge, and the configured staff address is trusted.
"""

from __future__ import annotations

import re

from agent.parsers.envelope import InboundMail

RESULT = re.compile(r"(?<![\w.-])(dmarc|dkim|spf)\s*=\s*([a-z]+)", re.I)


def forged_because(mail: InboundMail) -> str:
    """Why the server's checks say the sender is forged ("dmarc=fail"), or "" if they do not."""
    results: dict[str, set[str]] = {"dmarc": set(), "dkim": set(), "spf": set()}
    for method, result in RESULT.findall(mail.header("authentication-results")):
        results[method.lower()].add(result.lower())
    if "fail" in results["dmarc"]:
        return "dmarc=fail"
    # A message may carry several signatures (the studio's and its mail provider's): one
    # failing is not forgery when another passes or DMARC, which judges them, passed.
    if "fail" in results["dkim"] and not {"pass"} & (results["dkim"] | results["dmarc"]):
        return "dkim=fail"
    if "fail" in results["spf"] and "pass" not in results["dkim"]:
        return "spf=fail and no dkim=pass"
    return ""
