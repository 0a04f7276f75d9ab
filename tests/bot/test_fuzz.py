"""Property-based fuzzing of the webhook (Hypothesis), on SQLite and PostgreSQL, with a bounded budget.

Correctly signed bodies built from valid events, then mutated: fields of the wrong type, fields removed, odd Unicode
(lone surrogates, NUL, controls, Thai marks, emoji), deep nesting, absurd ids and timestamps, repeated event ids.
Whatever arrives: the status is 200, 400, 413 or 503; a 200 means every event of the body is stored exactly once;
and with the database up there is never a 503.
"""

from __future__ import annotations

import json
import re
import uuid
from dataclasses import dataclass
from typing import Any

import hypothesis
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import func, select

from core.models import Inquiry, LineEvent
from tests.bot.conftest import Running
from tests.bot.servers import event, postback_event, sticker_event, text_event

pytestmark = pytest.mark.slow  # real servers or processes

ODD = st.characters(categories=["Cs", "Cc", "Lo", "Mn", "Mc", "So", "Zs", "Nd", "Cf", "Co"])
THAI = st.sampled_from(["แจ้งเกิด", "บัตรหาย", "ย้ายบ้าน", "ภาษีป้าย", "สวัสดี", "ร้องเรียนเสียงดัง", "ทร.14"])
LEAF = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(2**80), max_value=2**80),
    st.floats(allow_nan=False, allow_infinity=False),
    st.text(ODD, max_size=20),
    THAI,
)
JSON = st.recursive(
    LEAF,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=6), inner, max_size=3),
    max_leaves=8,
)
NEST = "__nest__"
PATHS = [
    ("type",),
    ("webhookEventId",),
    ("replyToken",),
    ("timestamp",),
    ("mode",),
    ("source",),
    ("source", "userId"),
    ("source", "type"),
    ("deliveryContext", "isRedelivery"),
    ("message",),
    ("message", "text"),
    ("message", "id"),
    ("message", "type"),
    ("postback", "data"),
]


def base_event(kind: str) -> dict[str, Any]:
    if kind == "text":
        return text_event("แจ้งเกิดลูกต้องใช้อะไร")
    if kind == "group_text":
        return text_event("ใครไปกินข้าวบ้าง", source="group")
    if kind == "postback":
        return postback_event("v1|rate|1|5|xxxxxxxxxxxx")
    if kind == "sticker":
        return sticker_event()
    if kind == "follow":
        return event("follow", follow={"isUnblocked": False})
    return event(kind, token=None)


@st.composite
def mutated_event(draw: st.DrawFn) -> dict[str, Any]:
    ev = base_event(draw(st.sampled_from(["text", "text", "group_text", "postback", "sticker", "follow", "unfollow"])))
    ev["webhookEventId"] = uuid.uuid4().hex[:26].upper()
    for _ in range(draw(st.integers(0, 2))):
        path = draw(st.sampled_from(PATHS))
        holder = ev
        for key in path[:-1]:
            holder = holder.setdefault(key, {}) if isinstance(holder, dict) else {}
        if not isinstance(holder, dict):
            continue
        how = draw(st.sampled_from(["value", "delete", "nest", "odd_text", "long"]))
        if how == "value":
            holder[path[-1]] = draw(JSON)
        elif how == "delete":
            holder.pop(path[-1], None)
        elif how == "nest":  # written into the JSON text later: too deep for Python's json to build
            holder[path[-1]] = f"{NEST}{draw(st.integers(1, 3000))}"
        elif how == "odd_text":
            holder[path[-1]] = draw(st.text(ODD, max_size=40)) + draw(THAI)
        else:
            holder[path[-1]] = "9" * draw(st.integers(20, 400))
    return ev


@dataclass(frozen=True)
class Body:
    """A signed-to-be body and the event ids it carries (as strings, where they are strings)."""

    raw: bytes
    ids: tuple[str, ...]


@st.composite
def bodies(draw: st.DrawFn) -> Body:
    if draw(st.integers(0, 9)) == 0:  # now and then, not even an object of events
        return Body(json.dumps(draw(JSON)).encode("utf-8"), ())
    events = draw(st.lists(mutated_event(), min_size=1, max_size=4))
    if draw(st.booleans()):
        events.append(json.loads(json.dumps(events[0])))  # the same event twice in one body
    ids = tuple(i for ev in events if isinstance(i := ev.get("webhookEventId"), str) and NEST not in i)
    # ensure_ascii keeps lone surrogates as \udXXX escapes, as a hostile sender would write them
    text = json.dumps({"destination": "Uparu", "events": events}, ensure_ascii=True)
    text = re.sub(f'"{NEST}(\\d+)"', lambda m: "[" * int(m.group(1)) + "]" * int(m.group(1)), text)
    return Body(text.encode("utf-8"), ids)


def stored_times(paru: Running, event_id: str) -> int:
    with paru.runtime.store.sessions() as session:
        return sum(
            int(session.scalar(select(func.count()).select_from(m).where(m.webhook_event_id == event_id)) or 0)
            for m in (Inquiry, LineEvent)
        )


@settings(
    max_examples=120,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(body=bodies())
def test_fuzzed_bodies_get_a_clear_answer_and_a_200_means_stored(paru: Running, body: Body) -> None:
    """Status in {200, 400, 413, 503}; no 503 with the database up; a 200 stores every event exactly once."""
    response = paru.line.post(body.raw)
    hypothesis.event(f"status {response.status_code}")
    assert response.status_code in (200, 400, 413), (response.status_code, response.text)
    if response.status_code != 200:
        return
    for event_id in body.ids:
        assert stored_times(paru, event_id) == 1, event_id
    assert paru.line.post(body.raw).status_code == 200  # a redelivery: still stored once
    for event_id in body.ids:
        assert stored_times(paru, event_id) == 1, event_id
