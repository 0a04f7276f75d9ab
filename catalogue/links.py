"""Which links a procedure may carry: https only, on the district's own channels, at most 1,000 characters (LINE's
limit on a URI). A refused link says why, in Thai, for the staff member who typed it."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from urllib.parse import urlsplit

from core.settings import Settings

MAX_LINK = 1000


class LinkError(ValueError):
    """A link a procedure cannot carry."""


@dataclass(frozen=True)
class LinkPolicy:
    """The hosts allowed for clip links and for manual links (a host or any of its subdomains)."""

    clip_hosts: tuple[str, ...]
    manual_hosts: tuple[str, ...]


def policy(settings: Settings) -> LinkPolicy:
    """The link policy the settings give (``PARU_CLIP_HOSTS``, ``PARU_MANUAL_HOSTS``)."""
    return LinkPolicy(settings.clip_hosts, settings.manual_hosts)


def host_allowed(host: str, allowed: Sequence[str]) -> bool:
    host = host.lower().rstrip(".")
    return any(host == a or host.endswith("." + a) for a in allowed)


def check_link(url: str, allowed: Sequence[str], what: str = "ลิงก์") -> str:
    """The link, trimmed; or :class:`LinkError` saying why it cannot be used. An empty link is allowed (none set)."""
    url = url.strip()
    if not url:
        return ""
    if len(url) > MAX_LINK:
        raise LinkError(f"{what}ยาวเกิน {MAX_LINK:,} ตัวอักษร (ข้อจำกัดของ LINE)")
    if any(ch.isspace() for ch in url):
        raise LinkError(f"{what}มีช่องว่างอยู่ข้างใน")
    try:
        parts = urlsplit(url)
    except ValueError as exc:
        raise LinkError(f"{what}ไม่ใช่ลิงก์ที่ถูกต้อง") from exc
    if parts.scheme != "https":
        raise LinkError(f"{what}ต้องขึ้นต้นด้วย https:// (ลิงก์ที่ปลอดภัย)")
    if not parts.hostname or parts.username or parts.password:
        raise LinkError(f"{what}ไม่ใช่ลิงก์ที่ถูกต้อง")
    if not host_allowed(parts.hostname, allowed):
        raise LinkError(f"{what}ต้องอยู่บนช่องทางของเขต: {', '.join(allowed)} (ไม่ใช่ {parts.hostname})")
    return url
