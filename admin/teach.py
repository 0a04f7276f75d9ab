"""Teaching the bot from the unanswered queue: each group of questions the bot could not settle, with the matcher's
best guesses beside it, and one action each: add it as a phrasing of a procedure (the example is stored, every
worker's index picks it up, and the same question is answered from then on), note that a new clip is needed, or
dismiss it. A group that was acted on leaves the queue."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Literal

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from admin.unanswered import UnansweredGroup, unanswered
from catalogue.matcher import MatcherIndex, explain
from catalogue.matcher.index import INTENT_PREFIX
from catalogue.store import CatalogueError, add_example
from core.models import UnansweredAction

Action = Literal["taught", "needs_clip", "dismissed"]
ACTIONS_TH = {"taught": "สอนแล้ว", "needs_clip": "ต้องทำคลิปใหม่", "dismissed": "ไม่ต้องทำอะไร"}
_THAI = re.compile(r"[\u0e00-\u0e7f]")


class TeachError(ValueError):
    """An action on the queue that cannot be taken (the group was handled already, an unknown procedure ...)."""


@dataclass(frozen=True)
class Guess:
    """A procedure the matcher leans to for a group's text, with its score."""

    procedure_id: str
    title_th: str
    score: float


@dataclass(frozen=True)
class QueueItem:
    """A group of the unanswered queue and the matcher's best guesses for it."""

    group: UnansweredGroup
    guesses: tuple[Guess, ...]


def guesses(text: str, index: MatcherIndex, k: int = 3) -> tuple[Guess, ...]:
    """The ``k`` procedures the matcher scores highest for ``text`` (intents left out)."""
    titles = {p.id: p.title_th for p in index.procedures}
    ranked = [(label, score) for label, score in explain(text, index, k + 12) if not label.startswith(INTENT_PREFIX)]
    return tuple(Guess(label, titles.get(label, label), score) for label, score in ranked[:k])


def queue(session: Session, index: MatcherIndex, start: dt.date, end: dt.date, limit: int = 50) -> list[QueueItem]:
    """The groups still to handle, most frequent first, each with the matcher's best guesses."""
    return [QueueItem(g, guesses(g.text, index)) for g in unanswered(session, start, end, limit)]


def act(
    session: Session,
    text: str,
    action: Action,
    username: str,
    count: int = 0,
    procedure_id: str | None = None,
    note: str = "",
) -> UnansweredAction:
    """Handle one group: teach it (as an example of ``procedure_id``), note that it needs a clip, or dismiss it."""
    text = text.strip()
    if not text:
        raise TeachError("ไม่มีข้อความของคำถาม")
    if action not in ACTIONS_TH:
        raise TeachError(f"ไม่รู้จักการจัดการ {action!r}")
    if session.scalar(select(UnansweredAction.id).where(UnansweredAction.normalised_text == text)) is not None:
        raise TeachError("คำถามนี้จัดการไปแล้ว")
    if action == "taught":
        if not procedure_id:
            raise TeachError("เลือกเรื่องที่คำถามนี้หมายถึง")
        try:
            add_example(session, procedure_id, text, lang="th" if _THAI.search(text) else "en", source="taught")
        except CatalogueError as exc:
            raise TeachError(str(exc)) from exc
    row = UnansweredAction(
        normalised_text=text,
        action=action,
        procedure_id=procedure_id if action == "taught" else None,
        note=note.strip()[:1000],
        count=count,
        username=username,
    )
    session.add(row)
    try:
        session.flush()
    except IntegrityError as exc:  # another member of staff handled it at the same moment
        raise TeachError("คำถามนี้จัดการไปแล้ว") from exc
    return row


def needs_clip(session: Session) -> list[UnansweredAction]:
    """The questions staff noted as needing a new clip, newest first: the office's list for its next filming."""
    return list(
        session.scalars(
            select(UnansweredAction).where(UnansweredAction.action == "needs_clip").order_by(UnansweredAction.at.desc())
        )
    )
