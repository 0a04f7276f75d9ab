"""Paru's Thai question matcher: a citizen's message in, the right procedure clip(s) out, or an honest "none".

The pipeline is pure (no I/O): normalise -> rescue keyboard layout -> tokenise -> score -> decide. Build an index
once per catalogue version with :func:`build_index`, then call :func:`match` for each message.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from catalogue.matcher.decide import (
    COMPLAINT,
    EMPTY,
    OFFICE_INFO,
    STAFF,
    UNKNOWN,
    Decision,
    Verdict,
    decide,
    is_agency,
)
from catalogue.matcher.index import (
    COURTESY,
    GREETING,
    INTENT_PREFIX,
    Analysis,
    MatcherConfig,
    MatcherIndex,
    Scores,
    build_index,
)
from catalogue.matcher.tokenise import COMPLAINT_MARK, EXPLANATION_MARK, QUESTION_MARK, REPORT_MARK, tokenise

__all__ = [
    "Analysis",
    "Decision",
    "Match",
    "MatchResult",
    "MatcherConfig",
    "MatcherIndex",
    "build_index",
    "explain",
    "match",
    "ranked",
]


#: How many candidates beyond those offered are kept for "not what I asked".
ALTERNATIVES = 4

#: The admin addressed at the start of a message ("แอดมินคะ ใบมรณะ", "admin, ..."): a way to open it, not a request
#: for a person by itself; and the words it leaves at the start of the tokens.
_VOCATIVE = re.compile(
    r"^(?:(?:พี่|น้อง|คุณ|hi|hello|dear) ?)?(?:แอดมิน|แอดมิ้น|แอด|admin)(?:นะ)?(?:คะ|ค่ะ|ครับ|คับ|จ้า|จ้ะ|ค่า|ขา)? "
)
_ADMIN = frozenset({"แอดมิน", "แอดมิ้น", "แอด", "admin"})
_HONORIFICS = frozenset({"พี่", "น้อง", "คุณ", "hi", "hello", "dear"})
#: Words of asking for a person: after the admin addressed, the message still asks for one ("แอดมินครับ
#: ขอคุยกับเจ้าหน้าที่เรื่องบัตรหาย"). Not ใช่ (a question tag: ใบมรณะใช่มั้ย) nor พูด or บอก (an officer who said so).
_ASKS_FOR_A_PERSON = frozenset(
    {"คุย", "เจ้าหน้าที่", "คนจริง", "พนักงาน", "แอดมิน", "admin", "staff", "human", "agent", "officer", "talk", "speak"}
)
#: The intents a message's own topic may hide behind (``_past_courtesy``).
_LOOKED_PAST = COURTESY | {STAFF}
#: The purpose a citizen gives for a request (ขอสำเนาทะเบียนบ้านเพื่อไปทำพาสปอร์ต: a copy of the house registration is
#: asked for, the passport is what it is for), opened by เพื่อ (เพื่อให้, เพื่อที่จะ, เพื่อนำ; not เพื่อน, a friend).
_PURPOSE = re.compile(r"เพื่อ(?!น(?!ำ))")
#: A request as Thai opens it: a verb of asking or doing (ขอ, แจ้ง, จด ...; not thanks, ขอบคุณ or ขอบใจ, nor ขอโทษ,
#: ขอสอบถาม, ขอถาม, ขอทราบ, ขอปรึกษา, ต่อมา, ทำไม), maybe after a greeting and "want to", "will" or "please".
_REQUEST = re.compile(
    r"^(?:สวัสดี\S* )?(?:(?:อยาก|จะ|ต้องการ|รบกวน|ช่วย)(?:จะ)?)?"
    r"(?:ขอ(?!บ|โทษ|สอบถาม|ถาม|ทราบ|ปรึกษา)|แจ้ง|จด|คัด|เปลี่ยน|ต่อ(?!มา)|ย้าย|ลงทะเบียน|ทำ(?!ไม))"
)
#: A step already taken, or when it was (แจ้งตายแล้ว, จดทะเบียนเสร็จ, แจ้งตายแม่เรียบร้อย, ไปเมื่อวาน, มาได้ 3 เดือน):
#: what the citizen asks next is the purpose's.
_DONE = re.compile(r"แล้ว|เสร็จ|เรียบร้อย|เมื่อ|ตั้งแต่|มาได้")
#: What opens the next step after one taken ("ได้ใบรับรองอาคารแล้ว ต่อไปขอใบอนุญาตโรงแรมที่ไหน", the building
#: certified, next the hotel's licence): as a purpose does, it says what the citizen asks about now. Not ต่อไปนี้
#: ("the following"); a token of its own, maybe opened by หลัง (หลังจากนั้น).
_NEXT_STEP = re.compile(r"ต่อไป(?!นี้)|(?:หลัง)?จากนั้น|(?:ต่อ|หลัง)จากนี้")
#: What reads as done before a next step but is none: "and then" (แล้วต่อไป, แล้วจากนั้น) and "when?" (เมื่อไหร่).
_NOT_DONE = re.compile(r"แล้ว\s*$|เมื่อไ\S*")
#: A step still wanted or planned (อยากจด..., จะเปิด..., ต้องการ...): not taken yet.
_PLANNED = re.compile(r"อยาก|จะ|ต้องการ")
#: Words that ask, besides the vocabulary's question cues (a question mark is a space once normalised): which or
#: where (ไหน, often misspelt ใหน), what, who, when, how many or much, "really?", "or not", "I want to know", a phone
#: number.
_ASKS = re.compile(r"ไหน|ใหน|อะไร|ใคร|เมื่อไ|กี่|เท่าไ|บ้าง|เหรอ|หรอ|มั๊ย|ป่าว|ป่ะ|หรือไม่|อยากทราบ|อยากรู้|เบอร์")


@dataclass(frozen=True)
class Match:
    """One procedure offered to the citizen."""

    id: str
    title_th: str
    score: float


@dataclass(frozen=True)
class MatchResult:
    """The matcher's answer for one message."""

    text: str
    decision: Decision
    intent: str
    matches: tuple[Match, ...]
    analysis: Analysis
    #: The next candidates, not offered: what "not what I asked" shows.
    alternatives: tuple[Match, ...] = ()

    @property
    def lang(self) -> str:
        """The language to reply in ("th" or "en")."""
        return self.analysis.lang

    def as_dict(self) -> dict[str, object]:
        """The JSON-lines form used by ``paru match --jsonl`` and the store."""
        return {
            "text": self.text,
            "decision": self.decision,
            "intent": self.intent,
            "lang": self.lang,
            "matches": [{"id": m.id, "title_th": m.title_th, "score": round(m.score, 4)} for m in self.matches],
        }


def _scores(index: MatcherIndex, tokens: list[str], analysis: Analysis) -> Scores:
    """The message's scores for every label."""
    return index.scores(tokens, analysis.marks)


def _ranking(index: MatcherIndex, tokens: list[str], analysis: Analysis, scores: np.ndarray) -> np.ndarray:
    """The scores plus the labels' profiles and the naive Bayes posterior, the two sides of an area limit put in the
    order the message's area says, and a procedure and its late twin in the order the time since the birth says: what
    orders the procedures once the scores have said the message is about one."""
    config = index.config
    ranking = scores
    if config.profile_weight:
        ranking = ranking + config.profile_weight * index.profile(tokens)
    if config.bayes_weight:
        ranking = ranking + config.bayes_weight * index.bayes(tokens)
    swaps = index.area_swaps(analysis.areas) + index.deadline_swaps(analysis.deadlines)
    if swaps:
        # The area (or the time since the birth) decides between the two by law, whatever words the citizen uses for
        # either ("ร้านอาหาร 180 ตรม ต้องขอใบอนุญาตไหม", "ลูกเกิดได้ 10 วัน"): the procedure on its side takes the better
        # place of the two, and the other falls out of the close ones (so it is answered when the pair was clearly
        # the topic).
        ranking = ranking.copy()
        for wrong, right in swaps:
            better, worse = max(ranking[wrong], ranking[right]), min(ranking[wrong], ranking[right])
            ranking[right], ranking[wrong] = better, worse - 1.0
    return ranking


@dataclass(frozen=True)
class _Ruling:
    """A procedure the citizen rules out (``ruled``), the one the rest of the message puts first (``heir``) and the
    ranking's first (``leader``, maybe the heir or the ruled-out one)."""

    ruled: int
    heir: int
    leader: int

    def apply(self, values: np.ndarray, *, ranking: bool = False) -> np.ndarray:
        """A copy of scores (or, with ``ranking``, of the ranking) with the heir and the leader trading places (as
        the area's side takes the better place, ``_ranking``); in the ranking the ruled-out one falls by 1, below
        any offer."""
        values = values.copy()
        values[self.heir], values[self.leader] = values[self.leader], values[self.heir]
        if ranking:
            values[self.ruled] -= 1.0
        return values


def _ruled_out(index: MatcherIndex, analysis: Analysis, ranking: np.ndarray) -> _Ruling | None:
    """The procedure the citizen rules out among the three the ranking puts first, if any: what the message says it
    is not (``Analysis.denial``: "ไม่ใช่ขยะชิ้นใหญ่", not bulky waste), read by the learned model alone, names that
    procedure as surely as a message must name one (``MatcherConfig.min_score``) and ``MatcherConfig.denied_lead``
    times as surely as either of the other two ("ไม่ใช่ญาติ", not a relative, names none), and the rest of the
    message, without the denial, ranks another of the three first. When the rest still ranks the denied procedure
    first, what is denied is a detail of the story, not its topic ("ไม่ใช่ส้วมเต็มนะคะ ส้วมเหม็นมาก...", a septic tank
    pumped for another reason). The denial is the whole message's: a part of it decided on its own (past a greeting,
    a request before its purpose) is ruled on it too."""
    config, n, denial = index.config, index.n_procedures, analysis.denial
    if not denial.words or not config.denied_lead or n < 2:
        return None
    top = [int(i) for i in np.argsort(-ranking[:n], kind="stable")[:3]]
    said = index.scores(denial.words).learned
    p = int(np.argmax(said[:n]))
    if p not in top or said[p] < config.min_score or said[p] < config.denied_lead * max(said[q] for q in top if q != p):
        return None
    rest = index.correct(tokenise(denial.rest, index.lexicon))
    if not index.knows_a_word(rest):
        return None
    rest_ranking = _ranking(index, rest, analysis, _scores(index, rest, analysis).blended)
    heir = max((q for q in top if q != p), key=lambda q: rest_ranking[q])
    return _Ruling(p, heir, top[0]) if rest_ranking[heir] > rest_ranking[p] else None


@dataclass(frozen=True)
class _Decided:
    """What the matcher made of some tokens: the blended scores (what later steps compare, whichever reading gave
    the verdict), the ranking and the verdict."""

    scores: np.ndarray
    ranking: np.ndarray
    verdict: Verdict


def _decided(index: MatcherIndex, tokens: list[str], analysis: Analysis) -> _Decided:
    """Score the tokens and decide; a clip the ranking does not back strongly, for a message that tells no story, is
    decided again on the sharpened scores (``MatcherConfig.sharpen``), and none there is none: with the intent that
    reading names, as for a choice too weak to offer (``Verdict.weak``), whose intent the first reading left unknown."""
    scored = _scores(index, tokens, analysis)
    scores = scored.blended
    ranking = _ranking(index, tokens, analysis, scores)
    ruling = _ruled_out(index, analysis, ranking)
    if ruling is not None:
        scores, ranking = ruling.apply(scores), ruling.apply(ranking, ranking=True)
    config = index.config
    story = len(analysis.normalised) >= config.long_chars
    verdict = _verdict(index, tokens, analysis, scores, ranking, scored, story)
    if (
        (verdict.decision != "none" or verdict.weak)
        and config.sharpen != 1.0
        and not story
        and float(ranking[: index.n_procedures].max()) < config.sharpen_below  # a clip has a procedure to rank
    ):
        sharp = scored.sharpened(config.sharpen, config.similarity_weight)
        if ruling is not None:
            sharp = ruling.apply(sharp)
        second = _verdict(index, tokens, analysis, sharp, ranking, scored, story)
        if second.decision == "none":
            verdict = second
    return _Decided(scores, ranking, verdict)


def _verdict(
    index: MatcherIndex,
    tokens: Sequence[str],
    analysis: Analysis,
    scores: np.ndarray,
    ranking: np.ndarray,
    scored: Scores,
    story: bool,
) -> Verdict:
    """The decision on ``scores`` (one per label) with the ranking and the marks of the message (a ``story``: long
    enough to need a smaller lead)."""
    # "where can I complain" asks, but what it asks about is the report it makes: it is decided as a report.
    reports = REPORT_MARK in analysis.marks
    return decide(
        scores,
        index.n_procedures,
        index.labels,
        index.config,
        complaint=reports or COMPLAINT_MARK in analysis.marks,
        question=QUESTION_MARK in analysis.marks and not reports,
        explanation=EXPLANATION_MARK in analysis.marks,
        long=story,
        report_services=index.report_services,
        ranking=ranking,
        siblings=index.siblings,
        learned=scored.learned,
        nearest=scored.nearest,
        told_apart=lambda first, second: index.told_apart(tokens, first, second),
    )


def _topic_score(index: MatcherIndex, scores: np.ndarray) -> float:
    """The best procedure's score with its siblings' (0 when there are no procedures)."""
    procedures = scores[: index.n_procedures]
    if not len(procedures):
        return 0.0
    first = int(np.argmax(procedures))
    return float(procedures[first] + procedures[index.sibling_groups.get(first, [])].sum())


def _opening(tokens: list[str]) -> int:
    """How many tokens the admin addressed at the start takes: its honorifics, then one word for the admin (a second
    one, "แอดมินครับ มีแอดมินตอบไหม", asks for a person)."""
    at = 0
    while at < len(tokens) and tokens[at] in _HONORIFICS:
        at += 1
    return at + 1 if at < len(tokens) and tokens[at] in _ADMIN else 0


def _past_courtesy(index: MatcherIndex, tokens: list[str], analysis: Analysis, whole: _Decided) -> _Decided:
    """A greeting, or thanks, that wraps a message with a topic of its own ("สวัสดีค่ะ ทำสูติบัตรคับ", "ขอบคุณค่ะ
    แล้วย้ายเข้าใช้อะไรบ้าง"): the courtesy's words outweigh one topic word, so the rest of the message is decided on
    its own. It is taken when it is one clear answer, a choice of clips for a question or for a topic its words name
    (a procedure with its siblings) as surely as an answer must (``answer_score``: "สวัสดีค่ะ ใบสมรส", "hello,
    moving"), or another intent at least as sure (the office's hours, another agency, a complaint). Thanks are looked
    past only in a message that asks ("ขอบคุณมากค่ะ ได้ใบมรณบัตรแล้ว" closes a conversation), and a greeting with only
    small talk left stays a greeting (อรุณสวัสดิ์วันจันทร์, สวัสดีค่ะ มีเรื่องจะถาม). The admin addressed at the start
    ("แอดมินคะ ใบมรณะ") is looked past too, but only for one clear answer: anything else may be asking for a person."""
    question = QUESTION_MARK in analysis.marks
    intent = whole.verdict.intent
    addressed = intent == STAFF and _VOCATIVE.match(analysis.normalised) is not None
    if intent == STAFF:
        if not addressed:
            return whole
    elif intent != GREETING and not question:
        return whole
    if addressed:
        rest = [t for t in tokens[_opening(tokens) :] if t not in index.courtesy_words]
        if not _ASKS_FOR_A_PERSON.isdisjoint(rest):
            return whole  # "แอดมินครับ ขอคุยกับเจ้าหน้าที่เรื่อง...": still asks for a person
    else:
        rest = [t for t in tokens if t not in index.courtesy_words]
        if len(rest) == len(tokens):
            return whole
    if not index.knows_a_word(rest):
        return whole
    inner = _decided(index, rest, analysis)
    verdict = inner.verdict
    if addressed:
        taken = verdict.decision == "answer"  # "แอดมินคะ ขอคุยกับคนหน่อย" still asks for a person
    elif verdict.decision == "none":
        sure = _intent_score(index, inner.scores, verdict.intent) >= index.config.answer_score
        taken = sure and verdict.intent not in COURTESY
    else:
        # A bare topic after a greeting ("สวัสดีค่ะ ใบสมรส", "hello, moving") asks about it when its words name a
        # procedure, with the siblings its score is spread over, as surely as an answer must; what small talk leaves
        # (อรุณสวัสดิ์วันจันทร์: a Monday) names none so surely.
        taken = (
            verdict.decision == "answer" or question or _topic_score(index, inner.scores) >= index.config.answer_score
        )
    return inner if taken else whole


def _a_request_with_its_purpose(index: MatcherIndex, analysis: Analysis) -> bool:
    """Whether the message is a request, then its purpose, and nothing more: the request opens with its verb
    (``_REQUEST``) and is not done yet (``_DONE``), and the purpose, one clause (thanks after it aside), asks nothing
    (``_ASKS`` and the question cues).

    Before a purpose there is often no request: a document the citizen has and asks whether the agency takes
    ("ใช้สูติบัตรเพื่อทำพาสปอร์ตเด็กได้ไหม", "ใบหย่าใช้เพื่อ..."), a step already taken ("แจ้งตายแล้ว ...", "แจ้งตาย
    แม่เรียบร้อยค่ะ เพื่อ...", "จดทะเบียนสมรสไปเมื่อเดือนก่อน เพื่อ..."), a question with no topic ("ต้องใช้เอกสารอะไร
    เพื่อทำพาสปอร์ต"); and a purpose that asks, or goes on in a sentence of its own, is what the citizen wants to know
    ("แจ้งตายเพื่อเบิกค่าทำศพประกันสังคม ได้เงินเท่าไหร่", "แจ้งเกิดเพื่อทำบัตรทอง แต่รพ.ไม่ยอมลงทะเบียนให้ค่ะ"): the
    agency answers those."""
    text = analysis.rescued  # the normalised text, or what the keyboard layout's rescue made of it
    found = _PURPOSE.search(text)
    if found is None:
        return False
    asked, purpose = text[: found.start()].strip(), text[found.start() :]
    if not _REQUEST.match(asked) or _DONE.search(asked):
        return False
    if _asks(index, purpose):
        return False
    _, _, after = purpose[len(found.group()) :].lstrip().partition(" ")
    return all(t in index.courtesy_words for t in tokenise(after, index.lexicon))


def _asks(index: MatcherIndex, text: str) -> bool:
    """Whether normalised ``text`` asks something: a word of ``_ASKS`` or one of the vocabulary's question cues."""
    question = index.lexicon.question_pattern
    return bool(_ASKS.search(text) or (question is not None and question.search(text)))


def _intent_score(index: MatcherIndex, scores: np.ndarray, intent: str) -> float:
    """The score ``scores`` give ``intent``'s label (0 for an intent the index has no label of)."""
    label = INTENT_PREFIX + intent
    return float(scores[index.labels.index(label)]) if label in index.labels else 0.0


def _beside(index: MatcherIndex, tokens: Sequence[str], opener: re.Pattern[str], *, after: bool) -> list[str]:
    """The tokens before or after the first that ``opener`` opens (เพื่อ: the request before it, the purpose after),
    greetings and thanks aside; none without one (typo repair may take เพื่อ into a word: the text's first เพื่อ is
    then no token of its own)."""
    at = next((i for i, t in enumerate(tokens) if opener.match(t)), None)
    if at is None:
        return []
    return [t for t in (tokens[at + 1 :] if after else tokens[:at]) if t not in index.courtesy_words]


def _before_purpose(index: MatcherIndex, tokens: list[str], analysis: Analysis, whole: _Decided) -> _Decided:
    """A district request with its purpose, another agency's service ("ขอสำเนาใบมรณบัตรเพื่อไปเบิกประกันสังคม",
    "แจ้งย้ายเข้าเพื่อขอติดมิเตอร์น้ำประปา"): the agency's words outweigh the request's, or blur it into a choice
    ("ต้องการจดทะเบียนสมรสเพื่อให้ภรรยาได้สิทธิ์ประกันสังคม", marriage or the certificate of single status), so the
    request is decided on its own (``_a_request_with_its_purpose`` says when it is one), and taken when it is one
    clear answer, whose procedure scores as surely as an answer must rank (ขอคัดหนังสือรับรองนิติบุคคล, a company's
    certificate, the district does not give, scores none so surely), and when it names no matter of that agency
    itself (its intent under the floor every label needs: เปลี่ยนชื่อในทะเบียนรถ, a car's registration book, is the
    transport office's). A choice is not enough: which clip would be a guess."""
    if not _a_request_with_its_purpose(index, analysis):
        return whole
    request = _beside(index, tokens, _PURPOSE, after=False)  # สวัสดีค่ะ before the request is set aside
    if not index.knows_a_word(request):
        return whole
    inner = _decided(index, request, analysis)
    config = index.config
    named = _intent_score(index, inner.scores, whole.verdict.intent) >= config.min_score
    if inner.verdict.decision != "answer" or named:
        return whole
    return inner if float(inner.scores[inner.verdict.offered[0].index]) >= config.answer_score else whole


def _for_a_step_taken(index: MatcherIndex, tokens: list[str], analysis: Analysis, whole: _Decided) -> _Decided:
    """A step already taken, then what it was for ("แจ้งตายแม่เรียบร้อยค่ะ เพื่อรับเงินค่าทำศพประกันสังคม", the death
    registered, for the social security's funeral grant): the step is done, so its purpose is what the citizen asks
    about, though the step's words may outweigh the purpose's in the whole message. The purpose is decided on its own
    and taken when it is another agency's matter."""
    text = analysis.rescued
    found = _PURPOSE.search(text)
    if found is None or not _DONE.search(text[: found.start()]):
        return whole
    inner = _agency_after(index, tokens, analysis, _PURPOSE)
    return whole if inner is None else inner


def _for_the_next_step(index: MatcherIndex, tokens: list[str], analysis: Analysis, whole: _Decided) -> _Decided:
    """A step told as done, then the next one ("ได้ใบรับรองอาคารแล้ว ต่อไปขอใบอนุญาตประกอบธุรกิจโรงแรมที่ไหน", the
    building certified, next the hotel's licence): the next step is what the citizen asks about, though the step's
    words may outweigh it in the whole message. The step before the opener (``_NEXT_STEP``) must be done (``_DONE``,
    not "and then" nor "when?", ``_NOT_DONE``), not asked about nor planned ("ขอเลขที่บ้านยังไง แล้วต่อไปขอมิเตอร์ไฟ
    ที่ไหน" asks two things, the district's first); the next step is decided on its own and taken when it is another
    agency's matter, which it names as surely as an answer must score (``MatcherConfig.answer_score``): one that names
    no topic ("ขั้นต่อไปต้องทำอะไรที่เขต") or a word or two ("ต่อไปถ้าอยากเปลี่ยนใจ", a typo repair's car colour) meets an
    agency only by a hair."""
    text = analysis.rescued
    found = _NEXT_STEP.search(text)
    if found is None:
        return whole
    before = text[: found.start()]
    if not _DONE.search(_NOT_DONE.sub(" ", before)) or _PLANNED.search(before) or _asks(index, before):
        return whole
    inner = _agency_after(index, tokens, analysis, _NEXT_STEP)
    if inner is None or _intent_score(index, inner.scores, inner.verdict.intent) < index.config.answer_score:
        return whole
    return inner


def _agency_after(
    index: MatcherIndex, tokens: list[str], analysis: Analysis, opener: re.Pattern[str]
) -> _Decided | None:
    """The tokens after the first that ``opener`` opens (a purpose's เพื่อ, a next step's ต่อไป), decided on their own,
    when they are another agency's matter; None otherwise."""
    part = _beside(index, tokens, opener, after=True)
    if not index.knows_a_word(part):
        return None
    inner = _decided(index, part, analysis)
    return inner if inner.verdict.decision == "none" and is_agency(inner.verdict.intent) else None


def _about_the_office(index: MatcherIndex, analysis: Analysis, text: str, tokens: Sequence[str]) -> bool:
    """Whether a message asks about the office itself: it names the office (the vocabulary's office words, which are
    stopwords), asks (a question cue, a word of ``_ASKS``, a question mark), and its words, greetings and thanks aside,
    are all the vocabulary's office topics (สำนักงานเขตบางนาอยู่ที่ไหน, no word left; เขตอยู่ถนนอะไร,
    โทรหาเขตเบอร์อะไร: a road, a phone number). Not ไปเขตมาแล้วค่ะ, "I've been to the district", which asks nothing,
    nor เขตทำพาสปอร์ตได้ไหม, which asks about a passport."""
    office = index.lexicon.office_pattern
    if office is None or not office.search(analysis.rescued):
        return False
    if not (QUESTION_MARK in analysis.marks or _ASKS.search(analysis.rescued) is not None or "?" in text):
        return False
    return all(t in index.office_topics or t in index.courtesy_words for t in tokens)


def _without_topic(index: MatcherIndex, analysis: Analysis, text: str) -> str:
    """The intent of a message with no topic word: nothing readable; a question about the office
    (``_about_the_office``: every word a stopword, yet it names the office and asks where or when); or unknown."""
    if not analysis.normalised:
        return EMPTY
    return OFFICE_INFO if _about_the_office(index, analysis, text, ()) else UNKNOWN


def match(text: str, index: MatcherIndex) -> MatchResult:
    """Match one message against the catalogue."""
    analysis = index.analyse(text)
    tokens = index.correct(analysis.tokens)
    if not tokens:
        return MatchResult(text, "none", _without_topic(index, analysis, text), (), analysis)
    if not index.knows_a_word(tokens):
        # Only character 3-grams could match (เพนกวิน จักรพรรดิ ฟักไข่: no word the catalogue uses): the resemblance
        # of a few letters is not a topic. A report that asks nothing stays a complaint, as the decision has it.
        reported = COMPLAINT_MARK in analysis.marks and QUESTION_MARK not in analysis.marks
        return MatchResult(text, "none", COMPLAINT if reported else UNKNOWN, (), analysis)
    decided = _decided(index, tokens, analysis)
    if decided.verdict.decision == "none" and decided.verdict.intent in _LOOKED_PAST:
        decided = _past_courtesy(index, tokens, analysis, decided)
    if decided.verdict.decision == "choose" or is_agency(decided.verdict.intent):
        decided = _before_purpose(index, tokens, analysis, decided)
    if not is_agency(decided.verdict.intent):
        decided = _for_a_step_taken(index, tokens, analysis, decided)
    if not is_agency(decided.verdict.intent):
        decided = _for_the_next_step(index, tokens, analysis, decided)
    if decided.verdict.decision != "answer" and _about_the_office(index, analysis, text, tokens):
        # A question about the office that no clip answers: not what its words alone say (a road is a complaint's, a
        # phone number another agency's, a soi a choice of clips), nor the greeting or thanks around it.
        return MatchResult(text, "none", OFFICE_INFO, (), analysis)
    verdict, ranking = decided.verdict, decided.ranking
    procs = index.procedures
    matches = tuple(Match(procs[r.index].id, procs[r.index].title_th, r.score) for r in verdict.offered)
    alternatives: tuple[Match, ...] = ()
    if matches:
        offered = {r.index for r in verdict.offered}
        order = np.argsort(-ranking[: index.n_procedures], kind="stable")[: ALTERNATIVES + len(offered)]
        config = index.config
        floor = config.offer_floor(float(ranking[order[0]]))
        alternatives = tuple(
            Match(procs[i].id, procs[i].title_th, float(ranking[i]))
            for i in order
            if int(i) not in offered and ranking[i] >= floor
        )[:ALTERNATIVES]
    return MatchResult(text, verdict.decision, verdict.intent, matches, analysis, alternatives)


def ranked(text: str, index: MatcherIndex, k: int = 3) -> list[str]:
    """The ``k`` procedures the ranking puts first, whatever the decision (an answer, a choice or none), for people
    measuring the ranking apart from the decision (``benchmarks/crossval.py``)."""
    analysis = index.analyse(text)
    tokens = index.correct(analysis.tokens)
    if not tokens:
        return []
    ranking = _ranking(index, tokens, analysis, _scores(index, tokens, analysis).blended)[: index.n_procedures]
    return [index.procedures[i].id for i in np.argsort(-ranking, kind="stable")[:k]]


def explain(text: str, index: MatcherIndex, k: int = 6) -> list[tuple[str, float]]:
    """The ``k`` best labels (procedure ids and ``intent:...``) with their scores, for people tuning the matcher."""
    analysis = index.analyse(text)
    tokens = index.correct(analysis.tokens)
    if not tokens:
        return []
    scores = _scores(index, tokens, analysis).blended
    order = scores.argsort()[::-1][:k]
    return [(index.labels[i], float(scores[i])) for i in order]
