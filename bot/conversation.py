"""What the bot does with each LINE event: match, store, and decide the reply.

Runs on the event loop: matching is a fraction of a millisecond, and every database write goes to the process's
writer thread (:class:`core.writer.WriteBatcher`), awaited without holding a thread.

Every event is deduplicated on its ``webhookEventId`` by the store (a redelivered event is neither answered nor
counted twice) and every inquiry is stored before its reply is built. Raw LINE user ids are used only to show the
loading animation and are never stored: the store gets their HMAC.
"""

from __future__ import annotations

import datetime as dt
import time
from dataclasses import dataclass, field
from typing import Any

from linebot.v3.webhooks import (
    FollowEvent,
    GroupSource,
    MessageEvent,
    PostbackEvent,
    RoomSource,
    TextMessageContent,
    UnfollowEvent,
    UnsendEvent,
    UserSource,
)
from sqlalchemy.orm import Session

from bot import postback, replies
from bot.limits import check
from bot.replies import Message, Office, ReplyContext
from catalogue.live import LiveIndex
from catalogue.matcher import Analysis, Match, MatchResult, match
from catalogue.models import Procedure
from core.inquiries import (
    NewInquiry,
    RankedMatch,
    StoreError,
    add_followup,
    forget_message,
    record_inquiry,
    record_line_event,
    user_key,
    verdict,
)
from core.models import Inquiry
from core.writer import WriteBatcher


@dataclass
class Outgoing:
    """A reply to send for one event, and what to record about it."""

    reply_token: str
    messages: list[Message]
    inquiry_id: int | None = None
    loading_chat_id: str | None = field(default=None, repr=False)  # a raw user id: held in memory only
    received: float = field(default_factory=time.monotonic)


def _source(event: Any) -> tuple[str | None, str | None]:
    source = getattr(event, "source", None)
    if isinstance(source, UserSource):
        return "user", source.user_id
    if isinstance(source, GroupSource):
        return "group", getattr(source, "user_id", None)
    if isinstance(source, RoomSource):
        return "room", getattr(source, "user_id", None)
    return None, None


def new_inquiry(
    result: MatchResult,
    channel: str,
    received_at: dt.datetime,
    user: str | None,
    source_type: str | None,
    webhook_event_id: str | None = None,
    line_message_id: str | None = None,
) -> NewInquiry:
    """The inquiry to store for a matcher result, as the store's plain values."""
    return NewInquiry(
        channel=channel,
        text=result.text,
        normalised_text=result.analysis.normalised or None,
        decision=result.decision,
        intent=result.intent,
        matches=tuple(RankedMatch(m.id, m.score) for m in result.matches),
        received_at=received_at,
        user=user,
        source_type=source_type,
        webhook_event_id=webhook_event_id,
        line_message_id=line_message_id,
    )


def _received_at(event: Any) -> dt.datetime:
    stamp = getattr(event, "timestamp", None)
    if isinstance(stamp, int) and stamp > 0:
        return dt.datetime.fromtimestamp(stamp / 1000, dt.UTC)
    return dt.datetime.now(dt.UTC)


class Conversation:
    """The bot's behaviour, shared by the LINE webhook and the simulator."""

    def __init__(self, writer: WriteBatcher, live: LiveIndex, office: Office, secret: bytes, channel: str) -> None:
        self.writer = writer
        self.live = live
        self.office = office
        self.secret = secret
        self.channel = channel
        self._view_of: object = None
        self._view: tuple[dict[str, Procedure], ReplyContext] = ({}, ReplyContext(office, secret, ()))

    # -- context --------------------------------------------------------------------------------------------------
    def _catalogue_view(self) -> tuple[dict[str, Procedure], ReplyContext]:
        """Procedures by id and the reply context, worked out once per index (they change only with it)."""
        index = self.live.current()
        if self._view_of is not index:
            procedures = {p.id: p for p in index.procedures}
            sections = tuple(dict.fromkeys(p.department_th for p in index.procedures if p.department_th))
            self._view = (procedures, ReplyContext(self.office, self.secret, sections))
            self._view_of = index
        return self._view

    def _procedures(self) -> dict[str, Procedure]:
        return self._catalogue_view()[0]

    def _context(self) -> ReplyContext:
        return self._catalogue_view()[1]

    # -- events ---------------------------------------------------------------------------------------------------
    async def handle(self, event: Any) -> Outgoing | None:
        """Handle one parsed event; returns the reply to send, or None (duplicate, unfollow, group small talk)."""
        if isinstance(event, MessageEvent):
            if isinstance(event.message, TextMessageContent):
                return await self._text(event)
            return await self._not_text(event)
        if isinstance(event, PostbackEvent):
            return await self._postback(event)
        if isinstance(event, FollowEvent):
            return await self._simple(event, "follow", lambda ctx: replies.welcome(ctx))
        if isinstance(event, UnfollowEvent):
            await self._record_event(event, "unfollow")
            return None
        if isinstance(event, UnsendEvent):
            if await self._record_event(event, "unsend"):
                _, raw_user = _source(event)
                message_id, user = event.unsend.message_id, self._user(raw_user)
                await self.writer.write(lambda session: forget_message(session, message_id, user))
            return None
        return None  # join, leave, unsend, beacon ... and events the SDK does not know: nothing to say

    def _user(self, raw_user: str | None) -> str | None:
        return user_key(self.secret, raw_user)

    async def _record_event(self, event: Any, kind: str) -> bool:
        source_type, raw_user = _source(event)
        values = {
            "kind": kind,
            "channel": self.channel,
            "user": self._user(raw_user),
            "source_type": source_type,
            "webhook_event_id": getattr(event, "webhook_event_id", None),
            "received_at": _received_at(event),
        }
        return await self.writer.write(lambda session: record_line_event(session, **values)) is not None

    def _outgoing(self, event: Any, messages: list[Message], inquiry_id: int | None = None) -> Outgoing | None:
        token = getattr(event, "reply_token", None)
        if not token:
            return None  # nothing to reply with (an event without a reply token): stored, not answered
        check(messages)
        source_type, raw_user = _source(event)
        return Outgoing(token, messages, inquiry_id, raw_user if source_type == "user" else None)

    async def _simple(self, event: Any, kind: str, build: Any) -> Outgoing | None:
        if not await self._record_event(event, kind):
            return None
        return self._outgoing(event, build(self._context()))

    async def _text(self, event: MessageEvent) -> Outgoing | None:
        source_type, raw_user = _source(event)
        text = event.message.text or ""  # type: ignore[union-attr]
        result = match(text, self.live.current())
        if source_type in ("group", "room") and result.decision == "none":
            return None  # in a group, Paru speaks only when a message is about one of the procedures
        new = new_inquiry(
            result,
            self.channel,
            _received_at(event),
            self._user(raw_user),
            source_type,
            event.webhook_event_id,
            getattr(event.message, "id", None),
        )
        inquiry_id = await self.writer.write(lambda session: record_inquiry(session, new))
        if inquiry_id is None:
            return None  # a redelivery of an event already answered
        return self._outgoing(event, self._reply_for(result, inquiry_id), inquiry_id)

    def _reply_for(self, result: MatchResult, inquiry_id: int) -> list[Message]:
        ctx = self._context()
        procedures = self._procedures()
        offered = [procedures[m.id] for m in result.matches if m.id in procedures]
        if result.decision == "answer" and offered:
            return replies.answer(offered[0], ctx, inquiry_id)
        if result.decision == "choose" and offered:
            return replies.choose(offered, ctx, inquiry_id)
        return replies.no_clip(result.intent, ctx)

    async def _not_text(self, event: MessageEvent) -> Outgoing | None:
        kind = str(getattr(event.message, "type", "other"))[:16]
        source_type, _ = _source(event)
        if not await self._record_event(event, kind):
            return None
        if source_type in ("group", "room"):
            return None
        return self._outgoing(event, replies.not_text(self._context()))

    # -- postbacks ------------------------------------------------------------------------------------------------
    async def _postback(self, event: PostbackEvent) -> Outgoing | None:
        if not await self._record_event(event, "postback"):
            return None
        ctx = self._context()
        try:
            pb = postback.decode(self.secret, event.postback.data)
            messages = await self._postback_reply(pb, event, ctx)
        except (postback.PostbackError, StoreError, ValueError):
            messages = replies.bad_postback(ctx)
        return self._outgoing(event, messages)

    def _own_inquiry(self, session: Session, inquiry_id: str, event: Any) -> Inquiry:
        inquiry = session.get(Inquiry, int(inquiry_id))
        if inquiry is None:
            raise StoreError("unknown inquiry")
        _, raw_user = _source(event)
        if inquiry.user_key and self._user(raw_user) != inquiry.user_key:
            raise StoreError("this button belongs to someone else's conversation")
        return inquiry

    async def _postback_reply(self, pb: postback.Postback, event: Any, ctx: ReplyContext) -> list[Message]:
        procedures = self._procedures()
        if pb.action == "sec":
            listed = [p for p in procedures.values() if p.department_th == pb.args[0]]
            if not listed:
                raise postback.PostbackError("unknown section")
            return replies.section(pb.args[0], listed, ctx)
        if pb.action == "show":
            p = procedures.get(pb.args[0])
            if p is None:
                raise postback.PostbackError("unknown procedure")
            source_type, raw_user = _source(event)
            chosen = MatchResult(
                f"[เลือกจากหมวด] {p.title_th}",
                "answer",
                "menu",
                (Match(p.id, p.title_th, 1.0),),
                Analysis("", "", False, ()),
            )
            new = new_inquiry(chosen, self.channel, _received_at(event), self._user(raw_user), source_type)
            inquiry_id = await self.writer.write(lambda session: record_inquiry(session, new))
            return replies.answer(p, ctx, inquiry_id)
        return await self.writer.write(lambda session: self._followup(session, pb, event, ctx, procedures))

    def _followup(
        self, session: Session, pb: postback.Postback, event: Any, ctx: ReplyContext, procedures: dict[str, Procedure]
    ) -> list[Message]:
        """A verdict, a pick or a rating on one of this user's inquiries, inside the writer's transaction.

        An inquiry keeps its first verdict and its first rating: a repeated tap is thanked and changes nothing.
        """
        inquiry = self._own_inquiry(session, pb.args[0], event)
        at = _received_at(event)
        if pb.action == "fb":
            kind = "helpful" if pb.args[1] == "y" else "not_helpful"
            if add_followup(session, inquiry.id, kind, at=at) is None:
                return replies.already_noted(ctx)
            if kind == "helpful":
                return replies.ask_rating(inquiry.id, ctx)
            others = [(inquiry.id, procedures[m["id"]]) for m in inquiry.matches if m["id"] in procedures]
            shown = inquiry.procedure_id
            return replies.no_clip("not_helpful", ctx, [o for o in others if o[1].id != shown] or others[1:])
        if pb.action == "pick":
            p = procedures.get(pb.args[1])
            if p is None:
                raise postback.PostbackError("unknown procedure")
            add_followup(session, inquiry.id, "chose", procedure_id=p.id, at=at)
            # The verdict buttons only while the inquiry has none: after "not what I asked", a pick shows the clip.
            return replies.answer(p, ctx, inquiry.id if verdict(session, inquiry.id) is None else None)
        if pb.action == "rate":
            rating = int(pb.args[1])
            if add_followup(session, inquiry.id, "rating", rating=rating, at=at) is None:
                return replies.already_noted(ctx)
            return replies.thanks_for_rating(rating)
        raise postback.PostbackError("unknown action")
