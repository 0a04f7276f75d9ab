"""What the bot does with a webhook's events: match, store, and decide the replies.

Two steps. :meth:`Conversation.prepare` runs on the event loop and does the work that needs no database: it reads
each event, matches each text (a fraction of a millisecond) and checks each postback's signature.
:meth:`Conversation.apply` then runs on the process's writer thread (:class:`core.writer.WriteBatcher`) and stores
every event of the body in **one transaction**, deciding each reply as it goes; a body of 1,000 events is one
round of the writer, not 1,000.

Every event is stored: a question as an inquiry, anything else (a follow, a sticker, a postback, a group's small
talk, an event type LINE adds tomorrow) as a line event, each deduplicated on its ``webhookEventId``. A redelivered
question whose reply is still pending because the worker that stored it died is answered now
(:func:`core.pending.claim_redelivered`). Raw LINE user ids are held in memory only, to show the loading animation;
the store gets their HMAC.
"""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

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
from bot.replies import Message, ReplyContext
from catalogue.agencies import Directory
from catalogue.live import LiveIndex
from catalogue.matcher import MatchResult, match
from catalogue.models import Procedure
from core.inquiries import (
    NewInquiry,
    RankedMatch,
    StoreError,
    add_followup,
    forget_message,
    last_language,
    picked_procedures,
    record_inquiry,
    record_line_event,
    storable,
    user_key,
    verdict,
)
from core.metrics import MATCH_DECISIONS, RECOVERED_REPLIES, WEBHOOK_EVENTS
from core.models import Inquiry
from core.office import Office
from core.pending import PendingReply, claim_redelivered

#: Event times outside this window are not a LINE event's (a fuzzed or broken timestamp): the arrival time is used.
_EARLIEST_EVENT = dt.datetime(2011, 1, 1, tzinfo=dt.UTC)
_LATEST_SKEW = dt.timedelta(days=1)
#: The largest id a database integer column holds (a postback's inquiry id is checked against it).
_MAX_ID = 2**63 - 1

SourceType = Literal["user", "group", "room"]


@dataclass
class Outgoing:
    """A reply to send for one event, and what to record about it."""

    reply_token: str
    messages: list[Message]
    inquiry_id: int | None = None
    loading_chat_id: str | None = field(default=None, repr=False)  # a raw user id: held in memory only
    #: When LINE created the event (the reply token's age is counted from here).
    event_time: dt.datetime = field(default_factory=lambda: dt.datetime.now(dt.UTC))
    received: float = field(default_factory=time.monotonic)
    #: A reply a stopped worker left pending: it may already have gone out before that worker died.
    recovered: bool = False


@dataclass(frozen=True)
class View:
    """The catalogue as the replies need it: procedures by id and the reply context (one per index)."""

    procedures: dict[str, Procedure]
    ctx: ReplyContext


@dataclass(frozen=True)
class Incoming:
    """One event of a webhook, read and prepared on the event loop, ready to be stored."""

    event: Any
    kind: str
    source_type: SourceType | None
    raw_user: str | None = field(repr=False)
    user: str | None
    at: dt.datetime
    event_id: str | None
    token: str | None
    result: MatchResult | None = None
    postback: postback.Postback | None = None


@dataclass(frozen=True)
class Body:
    """A webhook's events, prepared, with the catalogue view they were prepared against."""

    steps: tuple[Incoming, ...]
    view: View


def event_time(event: Any) -> dt.datetime:
    """When LINE created the event; the arrival time if the timestamp is missing or not a plausible one."""
    now = dt.datetime.now(dt.UTC)
    stamp = getattr(event, "timestamp", None)
    if isinstance(stamp, int) and not isinstance(stamp, bool):
        try:
            at = dt.datetime.fromtimestamp(stamp / 1000, dt.UTC)
        except (OverflowError, OSError, ValueError):
            return now
        if _EARLIEST_EVENT <= at <= now + _LATEST_SKEW:
            return at
    return now


def _source(event: Any) -> tuple[SourceType | None, str | None]:
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
    reply_token: str | None = None,
    reply_owner: str | None = None,
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
        reply_token=reply_token,
        reply_owner=reply_owner,
        lang=result.lang,
        alternatives=tuple(RankedMatch(m.id, m.score) for m in result.alternatives),
    )


class Conversation:
    """The bot's behaviour, shared by the LINE webhook and the simulator."""

    def __init__(
        self,
        live: LiveIndex,
        office: Office,
        secret: bytes,
        channel: str,
        worker_id: str = "paru-worker",
        directory: Directory | None = None,
    ) -> None:
        self.live = live
        self.office = office
        self.directory = directory
        self.secret = secret
        self.channel = channel
        self.worker_id = worker_id
        self._view_of: tuple[object, Office] | None = None
        self._view = View({}, ReplyContext(office, secret, ()))

    def view(self) -> View:
        """Procedures by id and the reply context, worked out once per index and office (they change only with
        them: staff edit the catalogue, an admin edits the office's settings)."""
        index = self.live.current()
        if self._view_of != (index, self.office):
            procedures = {p.id: p for p in index.procedures}
            sections = tuple(dict.fromkeys(p.department_th for p in index.procedures if p.department_th))
            english = {p.department_th: p.department_en for p in index.procedures if p.department_en}
            ctx = ReplyContext(self.office, self.secret, sections, english, self.directory)
            self._view = View(procedures, ctx)
            self._view_of = (index, self.office)
        return self._view

    def _user(self, raw_user: str | None) -> str | None:
        return user_key(self.secret, raw_user)

    # -- on the event loop ----------------------------------------------------------------------------------------
    def prepare(self, events: Sequence[Any]) -> Body:
        """Read every event and do the work that needs no database: match the texts, check the postbacks."""
        index = self.live.current()
        steps = []
        for event in events:
            source_type, raw_user = _source(event)
            kind = self._kind(event)
            WEBHOOK_EVENTS.labels(kind).inc()
            result = pb = None
            if kind == "text":
                result = match(storable(event.message.text or ""), index)
                MATCH_DECISIONS.labels(result.decision).inc()
                if source_type in ("group", "room") and result.decision == "none":
                    kind = "group_text"  # in a group, Paru speaks only when a message is about a procedure
            elif kind == "postback":
                try:
                    pb = postback.decode(self.secret, event.postback.data or "")
                except postback.PostbackError:
                    pb = None
            steps.append(
                Incoming(
                    event=event,
                    kind=kind,
                    source_type=source_type,
                    raw_user=raw_user,
                    user=self._user(raw_user),
                    at=event_time(event),
                    event_id=getattr(event, "webhook_event_id", None),
                    token=getattr(event, "reply_token", None) or None,
                    result=result,
                    postback=pb,
                )
            )
        return Body(tuple(steps), self.view())

    @staticmethod
    def _kind(event: Any) -> str:
        if isinstance(event, MessageEvent):
            if isinstance(event.message, TextMessageContent):
                return "text"
            return storable(str(getattr(event.message, "type", None) or "message"))[:16]
        for cls, kind in (
            (PostbackEvent, "postback"),
            (FollowEvent, "follow"),
            (UnfollowEvent, "unfollow"),
            (UnsendEvent, "unsend"),
        ):
            if isinstance(event, cls):
                return kind
        # join, leave, beacon ... and event types the SDK does not know yet: stored, nothing to say
        return storable(str(getattr(event, "type", None) or "other"))[:16]

    # -- on the writer thread, in one transaction -----------------------------------------------------------------
    def apply(self, session: Session, body: Body) -> list[Outgoing]:
        """Store every event of the body and decide its reply; returns the replies to send."""
        out = []
        for step in body.steps:
            outgoing = self._apply(session, step, body.view)
            if outgoing is not None:
                out.append(outgoing)
        return out

    def _apply(self, session: Session, step: Incoming, view: View) -> Outgoing | None:
        if step.kind == "text":
            return self._text(session, step, view)
        if not self._record(session, step):
            return None  # a redelivery of an event already handled
        if step.kind == "postback":
            return self._postback(session, step, view)
        if step.kind == "follow":
            return self._outgoing(step, replies.welcome(view.ctx))
        if step.kind == "unsend":
            message_id = step.event.unsend.message_id
            forget_message(session, message_id, step.user)
            return None
        if isinstance(step.event, MessageEvent) and step.kind != "group_text" and step.source_type == "user":
            ctx = view.ctx.speaking(last_language(session, step.user))  # in the language the citizen last wrote
            return self._outgoing(step, replies.not_text(ctx))  # a sticker, an image ...: please type
        return None

    def _record(self, session: Session, step: Incoming) -> bool:
        return (
            record_line_event(
                session,
                kind=step.kind,
                channel=self.channel,
                user=step.user,
                source_type=step.source_type,
                webhook_event_id=step.event_id,
                received_at=step.at,
            )
            is not None
        )

    def _outgoing(self, step: Incoming, messages: list[Message], inquiry_id: int | None = None) -> Outgoing | None:
        if not step.token:
            return None  # nothing to reply with (an event without a reply token): stored, not answered
        check(messages)
        loading = step.raw_user if step.source_type == "user" else None
        return Outgoing(step.token, messages, inquiry_id, loading, step.at)

    def _text(self, session: Session, step: Incoming, view: View) -> Outgoing | None:
        result = step.result
        assert result is not None
        new = new_inquiry(
            result,
            self.channel,
            step.at,
            step.user,
            step.source_type,
            step.event_id,
            getattr(step.event.message, "id", None),
            reply_token=step.token,
            reply_owner=self.worker_id,
        )
        inquiry_id = record_inquiry(session, new)
        if inquiry_id is None:  # a redelivery: answer it only if the worker that stored it died before replying
            pending = claim_redelivered(session, self.worker_id, step.event_id or "", step.token)
            if pending is None:
                return None
            RECOVERED_REPLIES.inc()
            return self.recovered(pending, view)
        ids = tuple(m.id for m in result.matches)
        # Without a user id (some group chats) nobody can be told apart: no buttons that record a verdict.
        owned = inquiry_id if step.user is not None else None
        messages = self._reply_for(result.decision, result.intent, ids, owned, view.ctx.speaking(result.lang), view)
        return self._outgoing(step, messages, inquiry_id)

    @staticmethod
    def _reply_for(
        decision: str,
        intent: str,
        procedure_ids: Sequence[str],
        inquiry_id: int | None,
        ctx: ReplyContext,
        view: View,
    ) -> list[Message]:
        offered = [view.procedures[i] for i in procedure_ids if i in view.procedures]
        # a report of a problem that a service resolves (garbage not collected): the clip and Traffy Fondue
        report = intent == "complaint"
        if decision == "answer" and offered:
            return replies.answer(offered[0], ctx, inquiry_id, report=report)
        if decision == "choose" and offered:
            return replies.choose(offered, ctx, inquiry_id, report=report, explain=intent == "explanation")
        return replies.no_clip(intent, ctx)

    def recovered(self, pending: PendingReply, view: View | None = None) -> Outgoing:
        """The reply of an inquiry whose first sender died, built again from what was stored."""
        view = view or self.view()
        ctx = view.ctx.speaking(pending.lang)
        messages = self._reply_for(
            pending.decision, pending.intent, pending.procedure_ids, pending.inquiry_id, ctx, view
        )
        check(messages)
        return Outgoing(pending.reply_token, messages, pending.inquiry_id, None, pending.received_at, recovered=True)

    # -- postbacks ------------------------------------------------------------------------------------------------
    def _postback(self, session: Session, step: Incoming, view: View) -> Outgoing | None:
        try:
            if step.postback is None:
                raise postback.PostbackError("not ours")
            messages = self._postback_reply(session, step.postback, step, view)
        except (postback.PostbackError, StoreError, ValueError):
            pb = step.postback
            menu = pb is not None and pb.action in ("sec", "show")  # a menu button says its language itself
            lang = pb.lang if pb is not None and menu else last_language(session, step.user)
            messages = replies.bad_postback(view.ctx.speaking(lang))
        return self._outgoing(step, messages)

    def _own_inquiry(self, session: Session, inquiry_id: str, step: Incoming) -> Inquiry:
        number = int(inquiry_id)
        inquiry = session.get(Inquiry, number) if 0 < number <= _MAX_ID else None
        if inquiry is None:
            raise StoreError("unknown inquiry")
        # An inquiry with no user key (a group chat without user ids) belongs to nobody who could be told apart.
        if inquiry.user_key is None or step.user != inquiry.user_key:
            raise StoreError("this button belongs to someone else's conversation")
        return inquiry

    def _postback_reply(self, session: Session, pb: postback.Postback, step: Incoming, view: View) -> list[Message]:
        procedures, ctx = view.procedures, view.ctx.speaking(pb.lang)
        if pb.action == "sec":
            listed = [p for p in procedures.values() if p.department_th == pb.args[0]]
            if not listed:
                raise postback.PostbackError("unknown section")
            return replies.section(pb.args[0], listed, ctx)
        if pb.action == "show":
            p = procedures.get(pb.args[0])
            if p is None:
                raise postback.PostbackError("unknown procedure")
            new = NewInquiry(
                channel=self.channel,
                text=ctx.words.picked_from_section.format(title=p.title(ctx.lang)),
                normalised_text=None,
                decision="answer",
                intent="menu",
                matches=(RankedMatch(p.id, 1.0),),
                received_at=step.at,
                user=step.user,
                source_type=step.source_type,
                lang=ctx.lang,
            )
            inquiry_id = record_inquiry(session, new)
            return replies.answer(p, ctx, inquiry_id if step.user is not None else None)
        return self._followup(session, pb, step, view)

    def _followup(self, session: Session, pb: postback.Postback, step: Incoming, view: View) -> list[Message]:
        """A verdict, a pick or a rating on one of this user's inquiries.

        An inquiry keeps its first verdict and its first rating: a repeated tap is thanked and changes nothing.
        """
        procedures = view.procedures
        inquiry = self._own_inquiry(session, pb.args[0], step)
        ctx = view.ctx.speaking(inquiry.lang)
        if pb.action == "fb":
            kind = "helpful" if pb.args[1] == "y" else "not_helpful"
            if add_followup(session, inquiry.id, kind, at=step.at) is None:
                return replies.already_noted(ctx)
            if kind == "helpful":
                return replies.ask_rating(inquiry.id, ctx)
            seen = picked_procedures(session, inquiry.id)
            return replies.not_what_i_asked(inquiry.id, self._alternatives(inquiry, procedures, seen), ctx)
        if pb.action == "pick":
            p = procedures.get(pb.args[1])
            if p is None:
                raise postback.PostbackError("unknown procedure")
            add_followup(session, inquiry.id, "chose", procedure_id=p.id, at=step.at)
            # The verdict buttons only while the inquiry has none: after "not what I asked", a pick shows the clip.
            return replies.answer(p, ctx, inquiry.id if verdict(session, inquiry.id) is None else None)
        if pb.action == "rate":
            rating = int(pb.args[1])
            if add_followup(session, inquiry.id, "rating", rating=rating, at=step.at) is None:
                return replies.already_noted(ctx)
            return replies.thanks_for_rating(rating, ctx)
        raise postback.PostbackError("unknown action")

    @staticmethod
    def _alternatives(inquiry: Inquiry, procedures: dict[str, Procedure], picked: set[str]) -> list[Procedure]:
        """What to offer after "not what I asked": the candidates that were offered, then those the matcher had but
        did not offer, best first, at most a carousel's worth; never the clip shown nor one the citizen picked."""
        seen = set(picked)
        if inquiry.decision == "answer" and inquiry.procedure_id:
            seen.add(inquiry.procedure_id)
        ids = [m["id"] for m in (*(inquiry.matches or ()), *(inquiry.alternatives or ()))]
        out = [procedures[i] for i in dict.fromkeys(ids) if i in procedures and i not in seen]
        return out[: replies.MAX_BUBBLES]
