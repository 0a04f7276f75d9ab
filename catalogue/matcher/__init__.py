"""Paru's Thai question matcher: a citizen's message in, the right procedure clip(s) out, or an honest "none".

The pipeline is pure (no I/O): normalise -> rescue keyboard layout -> tokenise -> score -> decide. Build an index
once per catalogue version with :func:`build_index`, then call :func:`match` for each message.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from catalogue.matcher.decide import AGENCY_PREFIX, COMPLAINT, EMPTY, UNKNOWN, Decision, Verdict, decide
from catalogue.matcher.index import ADDRESSING, COURTESY, Analysis, MatcherConfig, MatcherIndex, build_index
from catalogue.matcher.tokenise import COMPLAINT_MARK, EXPLANATION_MARK, QUESTION_MARK, REPORT_MARK

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


def _scores(index: MatcherIndex, tokens: list[str], analysis: Analysis) -> np.ndarray:
    """The message's score for every label."""
    return index.scores(tokens, analysis.marks)


def _ranking(index: MatcherIndex, tokens: list[str], scores: np.ndarray) -> np.ndarray:
    """The scores plus the labels' profiles and the naive Bayes posterior: what orders the procedures once the scores
    have said the message is about one."""
    config = index.config
    ranking = scores
    if config.profile_weight:
        ranking = ranking + config.profile_weight * index.profile(tokens)
    if config.bayes_weight:
        ranking = ranking + config.bayes_weight * index.bayes(tokens)
    return ranking


def _verdict(index: MatcherIndex, tokens: list[str], analysis: Analysis) -> tuple[Verdict, np.ndarray]:
    """Score the tokens and decide: the verdict and the ranking it ordered the procedures by."""
    scores = _scores(index, tokens, analysis)
    ranking = _ranking(index, tokens, scores)
    # "where can I complain" asks, but what it asks about is the report it makes: it is decided as a report.
    reports = REPORT_MARK in analysis.marks
    verdict = decide(
        scores,
        index.n_procedures,
        index.labels,
        index.config,
        complaint=reports or COMPLAINT_MARK in analysis.marks,
        question=QUESTION_MARK in analysis.marks and not reports,
        explanation=EXPLANATION_MARK in analysis.marks,
        long=len(analysis.normalised) >= index.config.long_chars,
        report_services=index.report_services,
        ranking=ranking,
    )
    return verdict, ranking


def _past_courtesy(
    index: MatcherIndex, tokens: list[str], analysis: Analysis, verdict: Verdict, ranking: np.ndarray
) -> tuple[Verdict, np.ndarray]:
    """A greeting, thanks or a word to the admin that wraps a message with a topic of its own ("สวัสดีค่ะ
    ทำสูติบัตรคับ", "ขอบคุณค่ะ แล้วย้ายเข้าใช้อะไรบ้าง", "แอดมินคะ ภาษีที่ดินยังไงคะ"): the courtesy's words outweigh one
    topic word, so the rest of the message is decided on its own. It is taken when it is one clear answer, a choice
    of clips for a question, or another agency's matter. Thanks are looked past only in a
    message that asks ("ขอบคุณค่ะ ย้ายเข้าเสร็จแล้ว" closes a conversation); a greeting with only small talk left
    stays a greeting (อรุณสวัสดิ์วันจันทร์), and asking for a person stays that ("ขอคุยกับเจ้าหน้าที่เรื่องภาษีที่ดิน"):
    what is left of it is no clear answer."""
    question = QUESTION_MARK in analysis.marks
    if verdict.intent not in ADDRESSING and not question:
        return verdict, ranking
    rest = [t for t in tokens if t not in index.courtesy_words]
    if len(rest) == len(tokens) or not index.knows_a_word(rest):
        return verdict, ranking
    inner, inner_ranking = _verdict(index, rest, analysis)
    taken = (
        inner.decision == "answer"
        or (inner.decision == "choose" and question)
        or (inner.decision == "none" and inner.intent.startswith(AGENCY_PREFIX))
    )
    return (inner, inner_ranking) if taken else (verdict, ranking)


def match(text: str, index: MatcherIndex) -> MatchResult:
    """Match one message against the catalogue."""
    analysis = index.analyse(text)
    tokens = index.correct(analysis.tokens)
    if not tokens:
        return MatchResult(text, "none", EMPTY if not analysis.normalised else UNKNOWN, (), analysis)
    if not index.knows_a_word(tokens):
        # Only character 3-grams could match (เพนกวิน จักรพรรดิ ฟักไข่: no word the catalogue uses): the resemblance
        # of a few letters is not a topic. A report that asks nothing stays a complaint, as the decision has it.
        reported = COMPLAINT_MARK in analysis.marks and QUESTION_MARK not in analysis.marks
        return MatchResult(text, "none", COMPLAINT if reported else UNKNOWN, (), analysis)
    verdict, ranking = _verdict(index, tokens, analysis)
    if verdict.decision == "none" and verdict.intent in COURTESY:
        verdict, ranking = _past_courtesy(index, tokens, analysis, verdict, ranking)
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
    ranking = _ranking(index, tokens, _scores(index, tokens, analysis))[: index.n_procedures]
    return [index.procedures[i].id for i in np.argsort(-ranking, kind="stable")[:k]]


def explain(text: str, index: MatcherIndex, k: int = 6) -> list[tuple[str, float]]:
    """The ``k`` best labels (procedure ids and ``intent:...``) with their scores, for people tuning the matcher."""
    analysis = index.analyse(text)
    tokens = index.correct(analysis.tokens)
    if not tokens:
        return []
    scores = _scores(index, tokens, analysis)
    order = scores.argsort()[::-1][:k]
    return [(index.labels[i], float(scores[i])) for i in order]
