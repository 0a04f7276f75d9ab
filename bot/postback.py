"""Postback data: compact, versioned and signed, so a tampered or stale button gets a polite reply, not an error.

Format: ``v1|<action>|<arg>|<arg>|<signature>``; the signature is the first 12 characters of a URL-safe base64
HMAC-SHA256 of the rest with the secret key. Always at most 300 characters (LINE's limit).
"""

from __future__ import annotations

import base64
import hashlib
import hmac
from dataclasses import dataclass

from bot.limits import MAX_POSTBACK_DATA

VERSION = "v1"
#: Each action and how many arguments it takes (buttons sent before the language argument keep working).
ACTIONS: dict[str, tuple[int, ...]] = {
    "fb": (2,),  # feedback: inquiry id, y|n
    "pick": (2,),  # the citizen picked a procedure from a list: inquiry id (or 0), procedure id
    "rate": (2,),  # satisfaction: inquiry id, 1-5
    "sec": (1, 2),  # show a section's procedures: department name[, language]
    "show": (1, 2),  # show one procedure (from a section list): procedure id[, language]
}


class PostbackError(ValueError):
    """Postback data that is not ours, was altered, or uses an unknown version or action."""


@dataclass(frozen=True)
class Postback:
    """A decoded postback."""

    action: str
    args: tuple[str, ...]

    @property
    def lang(self) -> str:
        """The language a section or menu button was sent in ("th" for buttons sent before languages)."""
        return "en" if self.action in ("sec", "show") and self.args[1:] == ("en",) else "th"


def _signature(secret: bytes, body: str) -> str:
    digest = hmac.new(secret, body.encode("utf-8", "surrogatepass"), hashlib.sha256).digest()
    return base64.urlsafe_b64encode(digest).decode("ascii")[:12]


def encode(secret: bytes, action: str, *args: object) -> str:
    """Postback data for a button."""
    if len(args) not in ACTIONS.get(action, ()):
        raise PostbackError(f"action {action!r} takes {ACTIONS.get(action)} arguments")
    parts = [str(a) for a in args]
    if any("|" in p for p in parts):
        raise PostbackError("postback arguments cannot contain '|'")
    body = "|".join((VERSION, action, *parts))
    data = f"{body}|{_signature(secret, body)}"
    if len(data) > MAX_POSTBACK_DATA:
        raise PostbackError("postback data longer than 300 characters")
    return data


def decode(secret: bytes, data: str) -> Postback:
    """The postback behind ``data``; raises :class:`PostbackError` for anything we did not sign."""
    if not data or len(data) > MAX_POSTBACK_DATA:
        raise PostbackError("empty or too long")
    body, _, signature = data.rpartition("|")
    if not body or not hmac.compare_digest(signature, _signature(secret, body)):
        raise PostbackError("bad signature")
    version, action, *args = body.split("|")
    if version != VERSION:
        raise PostbackError(f"unknown version {version!r}")
    if len(args) not in ACTIONS.get(action, ()):
        raise PostbackError(f"unknown action {action!r}")
    return Postback(action, tuple(args))
