"""Stage 5: turn scores into a decision for the bot: one clip, a short list to choose from, or none.

* ``answer``: the best procedure is clearly ahead of the other procedures, and no non-procedure intent scores above
  it (but a report about a service the district gives, which its clip answers).
* ``choose``: two or three procedures are close (ย้ายทะเบียนบ้าน may be moving out, in, or at the destination), or
  the message asks why or what a word means (intent ``explanation``), which no clip answers by itself, or the scores
  are under their floors but the ranking puts one procedure clearly first (a story that names no procedure).
* ``none``: a non-procedure intent wins (greeting, thanks, staff, office hours, another agency's matter, a complaint
  no clip resolves, off-topic) or nothing scores high enough, or the choice would be too weak while such an intent
  pulls (its best procedure ranking under ``choice_ranking``). The intent tells the bot how to reply.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Literal

import numpy as np

from catalogue.matcher.index import GREETING, INTENT_PREFIX, MatcherConfig, Siblings

Decision = Literal["answer", "choose", "none"]

#: Intent of a message that asks about one of the procedures.
PROCEDURE = "procedure"
#: A report of a problem (garbage not collected, a tree on the wires) that a procedure's clip still helps with.
COMPLAINT = "complaint"
#: A question about why something happened or what a word means: related clips are offered, and the staff's phone.
EXPLANATION = "explanation"
#: Nothing scored high enough to say what the message is about.
UNKNOWN = "unknown"
#: Nothing readable at all: empty, or only emoji and symbols.
EMPTY = "empty"
#: The intent of a message that asks for a person (the bot gives the office's phone).
STAFF = "staff"
#: The office itself: hours, where it is, its phone (an intent of ``intents.json``; the matcher also gives it to a
#: message that names the office and nothing else, สำนักงานเขตบางนาอยู่ที่ไหน, as those words are stopwords).
OFFICE_INFO = "office_info"
#: Another agency's matter: ``agency:<id>`` for an agency of the directory in ``intents.json``, ``other_agency`` for
#: one it does not list.
AGENCY_PREFIX = "agency:"
OTHER_AGENCY = "other_agency"


#: Intents that come with a question as often as instead of one (a greeting or thanks around it, "อยากถาม", I'd
#: like to ask, read as asking for a person): they do not pull a weak choice to none (``MatcherConfig.choice_intent``).
BESIDE_A_QUESTION = frozenset({GREETING, "thanks", STAFF})


def is_agency(intent: str) -> bool:
    """Whether an intent sends the citizen to another agency."""
    return intent == OTHER_AGENCY or intent.startswith(AGENCY_PREFIX)


@dataclass(frozen=True)
class Ranked:
    """A procedure's position in the ranking."""

    index: int
    score: float


@dataclass(frozen=True)
class Verdict:
    """The decision, the intent and the procedures offered (indices into the index's procedures)."""

    decision: Decision
    intent: str
    offered: tuple[Ranked, ...]
    #: No clip because the choice was too weak beside an intent's pull (``MatcherConfig.choice_ranking``): a second
    #: reading may still name that intent.
    weak: bool = False


def decide(
    scores: np.ndarray,
    n_procedures: int,
    labels: list[str],
    config: MatcherConfig,
    *,
    complaint: bool = False,
    question: bool = True,
    explanation: bool = False,
    long: bool = False,
    report_services: frozenset[int] = frozenset(),
    ranking: np.ndarray | None = None,
    siblings: Siblings = frozenset(),
    learned: np.ndarray | None = None,
    nearest: np.ndarray | None = None,
    told_apart: Callable[[int, int], bool] | None = None,
) -> Verdict:
    """Decide from one score per label (procedures first, then intents); ``ranking``, when given, orders the
    procedures and measures how sure the answer is, once the scores have said the message is about one.

    A report of a problem that asks no question (``complaint`` and not ``question``) is offered a clip only when the
    clip is a service the citizen can request (``report_services``): a clip on loudspeaker permits does not help someone
    kept awake by a neighbour's karaoke; a service whose score alone names it needs the ``learned`` model's backing too
    (``answer_learned``: broken street lights are no tree pruning). A message that asks why something happened or what a
    word means (``explanation``) and reports nothing is never answered with one confident clip: a clip may be related,
    so it is offered to choose, alone when nothing else is close. A ``long`` message (a story) needs a smaller lead to
    be answered: its many topic words spread the scores, and one of two ``siblings`` a larger one: a word or two tells
    them apart, and a message without it is offered both; unless its words tell the best from the sibling
    after it (``told_apart``, naive Bayes' log-odds of the two, ``MatcherConfig.told_apart_odds``), when the usual lead
    answers. A message under the score floors that reports nothing, or
    reports a problem with a service the district gives, is still offered the procedure its ``ranking`` puts clearly
    first (for a report, the service), to choose: the words of a story that dilute the scores still point at its topic.
    A short message is answered only when the ``learned`` model's probability (one per label, as the scores) gives the
    answer ``answer_learned`` at least: the nearest example, the profiles and naive Bayes alone, against the model, are
    a choice; unless the message is one of the answer's examples word for word (its ``nearest`` example's similarity
    ``taught_similarity`` or more), as a question staff taught is. A choice whose best procedure ranks under
    ``choice_ranking`` while an intent that comes instead of a question scores ``choice_intent`` or more (not a
    greeting, thanks or asking for a person, ``BESIDE_A_QUESTION``) is none, marked ``weak`` so that a second
    reading may name the intent: a word or two shared with unrelated procedures is no topic, and a why-question's
    related clips are not offered then either; a report about a service the district gives keeps its service.
    """
    proc_scores = scores[:n_procedures]
    order = np.argsort(-proc_scores, kind="stable")
    best = float(proc_scores[order[0]]) if n_procedures else 0.0
    second = float(proc_scores[order[1]]) if n_procedures > 1 else 0.0

    intent_scores = scores[n_procedures:]
    if len(intent_scores):
        j = int(np.argmax(intent_scores))
        best_intent, best_intent_score = labels[n_procedures + j].removeprefix(INTENT_PREFIX), float(intent_scores[j])
    else:
        best_intent, best_intent_score = UNKNOWN, 0.0
    if not n_procedures:  # every procedure retired: what the intents say, or nothing
        return Verdict("none", best_intent if best_intent_score >= config.min_score else UNKNOWN, ())

    clear = _ranking_is_clear(ranking, n_procedures, config)
    # A report whose ranking clearly puts a service first, though the scores do not ("ต้นไม้ล้มขวางซอย" beside a
    # storm's story): the service's clip, only to choose (``rescued``).
    clear_service = clear and ranking is not None and int(np.argmax(ranking[:n_procedures])) in report_services
    # A service whose score the learned model does not back (under ``answer_learned``) is a word or two the nearest
    # example caught (broken street lights and the tree pruning's "street"): its score names no service.
    scored_service = (
        int(order[0]) in report_services
        and best >= config.min_score
        and (learned is None or float(learned[order[0]]) >= config.answer_learned)
    )
    rescued = False
    if best_intent_score > best + config.intent_margin and best_intent_score >= config.min_score:
        if best_intent != COMPLAINT or not (scored_service or clear_service):
            return Verdict("none", best_intent, ())
        complaint = True  # a report about a service the district gives: show how to ask for it
        rescued = not scored_service
    # Probability spread over sibling procedures (moving out / in / at the destination) is still a clear topic, so
    # the floor applies to the best score or to the three best together.
    top3_mass = float(proc_scores[order[:3]].sum())
    # A message phrased as a question ("ต้องทำยังไง", "do we need") is more likely about a procedure than a report or
    # small talk, so its spread floor is lower.
    spread_floor = config.question_spread if question else config.min_score_spread
    unsure = best < config.min_score and (top3_mass < config.min_mass or best < spread_floor)
    if unsure and not (clear and (clear_service or not complaint)):
        # no clip; a message that reads as a report is still a complaint, so the bot can point to the right channel
        return Verdict("none", COMPLAINT if complaint and not question else UNKNOWN, ())

    if complaint and not question and int(order[0]) not in report_services:
        if not clear_service:
            return Verdict("none", COMPLAINT, ())
        rescued = True
    intent = COMPLAINT if complaint else EXPLANATION if explanation else PROCEDURE
    if ranking is not None:
        # Whether the message is about a procedure at all is settled above, on the scores (or, under their floors, on
        # a ranking clear enough); which procedure, and how sure, on the ranking (the scores plus the labels'
        # profiles and naive Bayes).
        proc_scores = ranking[:n_procedures]
        order = np.argsort(-proc_scores, kind="stable")
        best = float(proc_scores[order[0]])
        second = float(proc_scores[order[1]]) if n_procedures > 1 else 0.0
        if complaint and not question and int(order[0]) not in report_services:
            return Verdict("none", COMPLAINT, ())
    first = int(order[0])
    explained = explanation and not complaint  # "ทำไมขยะไม่มาเก็บ" reports a missed service: it is answered
    if (
        n_procedures > 1
        and (first, int(order[1])) in siblings
        and not (told_apart and told_apart(first, int(order[1])))
    ):
        margin = config.long_sibling_answer_margin if long else config.sibling_answer_margin
    else:
        margin = config.long_answer_margin if long else config.answer_margin
    # A short message whose answer the learned model does not back: a word or two caught the nearest example (not
    # when the message is that example word for word).
    sure = (
        learned is None
        or long
        or float(learned[first]) >= config.answer_learned
        or (nearest is not None and float(nearest[first]) >= config.taught_similarity)
    )
    if best >= config.answer_score and best - second >= margin and sure and not (explained or unsure or rescued):
        return Verdict("answer", intent, (Ranked(first, best),))
    weak = best < config.choice_ranking and not (complaint and first in report_services)
    if weak and _pull(intent_scores, labels, n_procedures) >= config.choice_intent:
        # a word or two shared with procedures that make no topic, while an intent pulls: no clip, as under the
        # floors (a report about a service the district gives keeps its service, the complaint's pull being its own)
        return Verdict("none", COMPLAINT if complaint and not question else UNKNOWN, (), weak=True)
    # The close ones (up to three) that rank high enough to be worth a citizen's look: a third at 0.01 is not. A
    # sibling of the best is close however far behind (moving at the destination beside moving in and out).
    floor = config.offer_floor(best)
    close = [Ranked(first, best)] + [
        Ranked(int(i), float(proc_scores[i]))
        for i in order[1:3]
        if (best - proc_scores[i] <= config.choose_window or _related(first, int(i), siblings))
        and proc_scores[i] >= floor
    ]
    if len(close) < 2 and not explained:  # an explanation shows only what is related, even one clip
        close = [Ranked(int(i), float(proc_scores[i])) for i in order[:2]]
    return Verdict("choose", intent, tuple(close))


def _pull(intent_scores: np.ndarray, labels: list[str], n_procedures: int) -> float:
    """The best score of an intent that comes instead of a question (another agency, small talk, a complaint, the
    office ...), not beside one (``BESIDE_A_QUESTION``)."""
    return max(
        (
            float(score)
            for label, score in zip(labels[n_procedures:], intent_scores, strict=True)
            if label.removeprefix(INTENT_PREFIX) not in BESIDE_A_QUESTION
        ),
        default=0.0,
    )


def _ranking_is_clear(ranking: np.ndarray | None, n_procedures: int, config: MatcherConfig) -> bool:
    """Whether the ranking puts one procedure clearly first (at least ``rescue_score``, ahead of the second by
    ``rescue_lead``) although the blended scores are under their floors: a story's many words dilute the model and the
    nearest example, while its topic words still point at one procedure through the profiles and naive Bayes. A
    catalogue of one procedure has no second to be ahead of: never clear."""
    if ranking is None or n_procedures < 2 or not config.rescue_score:
        return False
    top = np.partition(ranking[:n_procedures], n_procedures - 2)[-2:]
    return bool(top[1] >= config.rescue_score and top[1] - top[0] >= config.rescue_lead)


def _related(first: int, other: int, siblings: Siblings) -> bool:
    """Whether two procedures are siblings, in either order (the general case and its special one too)."""
    return (first, other) in siblings or (other, first) in siblings
