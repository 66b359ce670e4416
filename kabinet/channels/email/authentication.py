"""Whether the supplier's own MTA vouched for the From address (RFC 8601
Authentication-Results, RFC 7489 alignment).

Only the topmost Authentication-Results header with the mailbox's authserv-id counts: the
MTA adds it above whatever the sender forged lower down.
"""

from __future__ import annotations

import re

from kabinet.channels.email.parsing import ParsedMail

RESULT = re.compile(r"\b(dmarc|spf|dkim)\s*=\s*(\w+)([^;]*)", re.I)
PROPERTY = re.compile(r"\b(header\.from|header\.d|header\.i|smtp\.mailfrom)\s*=\s*([^\s;]+)", re.I)


def authenticated(mail: ParsedMail, authserv_id: str) -> tuple[bool, str]:
    """Whether DMARC passed, or SPF or DKIM passed for the From address's domain; with the
    reason in words for the quarantine list."""
    header = _topmost(mail, authserv_id)
    if header is None:
        return False, f"no Authentication-Results from {authserv_id}"
    domain = mail.sender.rpartition("@")[2]
    seen: list[str] = []
    for method, result, rest in RESULT.findall(header):
        method, result = method.lower(), result.lower()
        seen.append(f"{method}={result}")
        if result != "pass":
            continue
        if method == "dmarc":
            return True, "dmarc=pass"
        properties = {key.lower(): value for key, value in PROPERTY.findall(rest)}
        vouched = properties.get("header.d") or properties.get("smtp.mailfrom") or ""
        vouched = vouched.rpartition("@")[2].lower().strip("<>")
        if domain and vouched == domain:
            return True, f"{method}=pass for {domain}"
    return False, " ".join(seen) or "no results"


def _topmost(mail: ParsedMail, authserv_id: str) -> str | None:
    for header in mail.all_headers("Authentication-Results"):
        server = header.split(";", 1)[0].strip().split()[0] if header.strip() else ""
        if server.lower() == authserv_id.lower():
            return header
    return None
