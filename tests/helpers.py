"""Small builders shared by the database tests (real objects, no mocks)."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
from pathlib import Path

from sqlalchemy.orm import Session

from core.inquiries import NewInquiry, RankedMatch, add_followup, record_inquiry
from core.thaidate import BANGKOK


def new(
    text: str = "ข้อความ",
    decision: str = "answer",
    intent: str = "procedure",
    ids: tuple[str, ...] = ("birth-registration",),
    *,
    channel: str = "line",
    received_at: dt.datetime | None = None,
    user: str | None = None,
    webhook_event_id: str | None = None,
) -> NewInquiry:
    """An inquiry as the bot would store it."""
    matches = tuple(RankedMatch(i, 0.9) for i in ids) if decision != "none" else ()
    return NewInquiry(
        channel=channel,
        text=text,
        normalised_text=text,
        decision=decision,
        intent=intent,
        matches=matches,
        received_at=received_at,
        user=user,
        webhook_event_id=webhook_event_id,
    )


def bangkok(y: int, m: int, d: int, hh: int = 10, mm: int = 0) -> dt.datetime:
    """A Bangkok wall-clock time as an aware datetime."""
    return dt.datetime(y, m, d, hh, mm, tzinfo=BANGKOK)


def store_inquiry(
    session: Session,
    at: dt.datetime,
    channel: str = "line",
    text: str = "ข้อความ",
    decision: str = "answer",
    intent: str = "procedure",
    ids: tuple[str, ...] = ("birth-registration",),
) -> int:
    """Record one inquiry at ``at``; returns its id."""
    inquiry_id = record_inquiry(session, new(text, decision, intent, ids, channel=channel, received_at=at))
    assert inquiry_id is not None
    return inquiry_id


def rate(session: Session, inquiry_id: int, rating: int, at: dt.datetime) -> None:
    """Record a 1-5 rating."""
    add_followup(session, inquiry_id, "rating", rating=rating, at=at)


#: The installed `paru` console script of the test environment.
PARU = Path(sys.executable).parent / "paru"


def run_paru(
    *args: str, cwd: Path | str, stdin: str = "", env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    """Run `paru` as a real process (bounded in time) and capture what it prints."""
    return subprocess.run(
        [str(PARU), *args], input=stdin, capture_output=True, text=True, encoding="utf-8", cwd=cwd, env=env, timeout=120
    )
