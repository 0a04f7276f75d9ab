"""Stage 5: the decision rule, on hand-made scores."""

import numpy as np

from catalogue.matcher import MatcherConfig
from catalogue.matcher.decide import COMPLAINT, EXPLANATION, PROCEDURE, UNKNOWN, decide

LABELS = ["a", "b", "c", "d", "intent:greeting", "intent:other_agency"]
N = 4
CONFIG = MatcherConfig()


def scores(*values: float) -> np.ndarray:
    return np.array(values, dtype=float)


def test_clear_winner_is_answered() -> None:
    """One procedure far ahead of the rest: one confident clip."""
    v = decide(scores(0.8, 0.1, 0.05, 0.0, 0.02, 0.03), N, LABELS, CONFIG)
    assert (v.decision, v.intent, [r.index for r in v.offered]) == ("answer", PROCEDURE, [0])


def test_close_siblings_are_offered_as_a_choice() -> None:
    """Two or three close procedures: the citizen chooses, best first."""
    v = decide(scores(0.40, 0.35, 0.30, 0.01, 0.0, 0.0), N, LABELS, CONFIG)
    assert v.decision == "choose"
    assert [r.index for r in v.offered] == [0, 1, 2]


def test_a_choice_has_at_least_two_candidates() -> None:
    """Below the answer threshold with no close sibling, the two best are still offered."""
    v = decide(scores(0.28, 0.05, 0.01, 0.0, 0.0, 0.0), N, LABELS, CONFIG)
    assert v.decision == "choose"
    assert len(v.offered) == 2


def test_a_choice_offers_a_third_only_when_it_is_worth_a_look() -> None:
    """A third procedure within the choose window is offered (three close siblings); one within the window but
    ranking below the floor of what is worth offering is not."""
    three = decide(scores(0.50, 0.35, 0.25, 0.0, 0.0, 0.0), N, LABELS, CONFIG)
    assert (three.decision, [r.index for r in three.offered]) == ("choose", [0, 1, 2])
    weak_third = decide(scores(0.28, 0.20, 0.14, 0.0, 0.0, 0.0), N, LABELS, CONFIG)
    assert (weak_third.decision, [r.index for r in weak_third.offered]) == ("choose", [0, 1])


def test_a_question_about_why_is_never_one_confident_clip() -> None:
    """Asking why, or what a word means: even a clear winner is offered to choose, alone when nothing else is close,
    with the explanation intent; "why was my garbage not collected" reports a missed service and is answered."""
    s = scores(0.8, 0.1, 0.05, 0.0, 0.02, 0.03)
    v = decide(s, N, LABELS, CONFIG, explanation=True)
    assert (v.decision, v.intent, [r.index for r in v.offered]) == ("choose", EXPLANATION, [0])
    close = decide(scores(0.5, 0.4, 0.05, 0.0, 0.0, 0.0), N, LABELS, CONFIG, explanation=True)
    assert (close.decision, [r.index for r in close.offered]) == ("choose", [0, 1])
    report = decide(
        s, N, LABELS, CONFIG, explanation=True, complaint=True, question=False, report_services=frozenset({0})
    )
    assert (report.decision, report.intent) == ("answer", COMPLAINT)
    unsure = decide(scores(0.1, 0.05, 0.02, 0.0, 0.01, 0.01), N, LABELS, CONFIG, explanation=True)
    assert (unsure.decision, unsure.intent) == ("none", UNKNOWN)


def test_a_long_story_needs_a_smaller_lead() -> None:
    """A lead of 0.2 is not enough for a short question, and is for a long story, whose many words spread the
    scores; a lead below the long margin is still a choice."""
    lead = scores(0.55, 0.35, 0.05, 0.0, 0.0, 0.0)
    assert decide(lead, N, LABELS, CONFIG).decision == "choose"
    assert decide(lead, N, LABELS, CONFIG, long=True).decision == "answer"
    close = scores(0.50, 0.42, 0.05, 0.0, 0.0, 0.0)
    assert decide(close, N, LABELS, CONFIG, long=True).decision == "choose"


def test_winning_intent_means_no_clip() -> None:
    """A greeting or another agency's matter gets no clip, and the intent says which."""
    v = decide(scores(0.1, 0.05, 0.0, 0.0, 0.02, 0.7), N, LABELS, CONFIG)
    assert (v.decision, v.intent, v.offered) == ("none", "other_agency", ())


def test_low_scores_mean_no_clip() -> None:
    """Nothing scores high enough: an honest "I don't know"."""
    v = decide(scores(0.1, 0.05, 0.02, 0.0, 0.01, 0.01), N, LABELS, CONFIG)
    assert (v.decision, v.intent) == ("none", UNKNOWN)


def test_a_story_under_the_floors_is_offered_what_its_words_point_at() -> None:
    """Scores under the floors (a story's words dilute the model and the nearest example) but a ranking that puts
    one procedure clearly first (its words' profiles and naive Bayes): it is offered to choose, with the close ones,
    never as one confident clip. A ranking without a clear first, or a report, still gets no clip."""
    low = scores(0.12, 0.05, 0.02, 0.0, 0.01, 0.01)
    clear = scores(0.9, 0.3, 0.1, 0.0, 0.0, 0.0)
    v = decide(low, N, LABELS, CONFIG, ranking=clear)
    assert (v.decision, v.intent, [r.index for r in v.offered]) == ("choose", PROCEDURE, [0, 1])
    assert decide(scores(0.9, 0.1, 0.05, 0.0, 0.0, 0.0), N, LABELS, CONFIG, ranking=clear).decision == "answer"
    tied = scores(0.9, 0.9 - CONFIG.rescue_lead + 0.01, 0.1, 0.0, 0.0, 0.0)  # not far enough ahead
    assert decide(low, N, LABELS, CONFIG, ranking=tied).decision == "none"
    ahead = scores(0.9, 0.9 - CONFIG.rescue_lead - 0.01, 0.1, 0.0, 0.0, 0.0)
    assert decide(low, N, LABELS, CONFIG, ranking=ahead).decision == "choose"
    weak = scores(CONFIG.rescue_score - 0.01, 0.0, 0.0, 0.0, 0.0, 0.0)
    assert decide(low, N, LABELS, CONFIG, ranking=weak).decision == "none"
    report = decide(low, N, LABELS, CONFIG, ranking=clear, complaint=True, question=False)
    assert (report.decision, report.intent) == ("none", COMPLAINT)
    off = MatcherConfig(rescue_score=0.0)
    assert decide(low, N, LABELS, off, ranking=clear).decision == "none"


def test_a_weak_choice_beside_an_intent_is_no_clip() -> None:
    """Procedures that would be offered to choose, the best ranking under ``choice_ranking``, while an intent that
    comes instead of a question (another agency, small talk) has some pull (``choice_intent``): a word or two shared
    with unrelated procedures, no topic; no clip, marked weak (a second reading may name the intent). The same ranking
    with no intent pulling, or pulled only by one that comes with a question (a greeting, asking for a person), or a
    ranking at the floor, is still a choice; a report about a service the district gives keeps the service, and 0
    turns the floor off."""
    labels = ["a", "b", "c", "d", "intent:greeting", "intent:other_agency", "intent:staff", "intent:complaint"]
    under = CONFIG.choice_ranking - 0.01
    ranking = scores(under, under - 0.1, 0.1, 0.0, 0.0, 0.0, 0.0, 0.0)
    pulled = scores(0.3, 0.2, 0.05, 0.0, 0.0, CONFIG.choice_intent, 0.0, 0.0)
    v = decide(pulled, N, labels, CONFIG, ranking=ranking)
    assert (v.decision, v.intent, v.offered, v.weak) == ("none", UNKNOWN, (), True)
    alone = scores(0.3, 0.2, 0.05, 0.0, 0.0, CONFIG.choice_intent - 0.01, 0.0, 0.0)
    assert decide(alone, N, labels, CONFIG, ranking=ranking).decision == "choose"
    courtesy = scores(0.3, 0.2, 0.05, 0.0, 0.2, 0.0, 0.2, 0.0)
    assert decide(courtesy, N, labels, CONFIG, ranking=ranking).decision == "choose"
    at = scores(CONFIG.choice_ranking, under - 0.1, 0.1, 0.0, 0.0, 0.0, 0.0, 0.0)
    assert decide(pulled, N, labels, CONFIG, ranking=at).decision == "choose"
    off = MatcherConfig(choice_ranking=0.0)
    assert decide(pulled, N, labels, off, ranking=ranking).decision == "choose"
    report = scores(0.3, 0.2, 0.05, 0.0, 0.0, 0.0, 0.0, 0.2)
    kept = decide(
        report, N, labels, CONFIG, ranking=ranking, complaint=True, question=False, report_services=frozenset({0})
    )
    assert (kept.decision, kept.intent, kept.offered[0].index) == ("choose", COMPLAINT, 0)
    asked = decide(report, N, labels, CONFIG, ranking=ranking, complaint=True, question=True)
    assert (asked.decision, asked.intent, asked.weak) == ("none", UNKNOWN, True)
    told = decide(
        report, N, labels, CONFIG, ranking=ranking, complaint=True, question=False, report_services=frozenset({3})
    )
    assert (told.decision, told.intent) == ("none", COMPLAINT)


def test_report_without_question_gets_only_a_service_clip() -> None:
    """A report with no question is offered a clip only when the clip is a service it can request."""
    s = scores(0.8, 0.1, 0.05, 0.0, 0.0, 0.0)
    refused = decide(s, N, LABELS, CONFIG, complaint=True, question=False, report_services=frozenset({3}))
    assert (refused.decision, refused.intent) == ("none", COMPLAINT)
    served = decide(s, N, LABELS, CONFIG, complaint=True, question=False, report_services=frozenset({0}))
    assert (served.decision, served.intent) == ("answer", COMPLAINT)
    asked = decide(s, N, LABELS, CONFIG, complaint=True, question=True, report_services=frozenset())
    assert (asked.decision, asked.intent) == ("answer", COMPLAINT)


def test_a_report_gets_a_services_clip_only_when_the_model_backs_it() -> None:
    """A report the complaint intent wins, whose best procedure is a service scoring over the floor only through the
    nearest example (the learned model gives it less than ``answer_learned``: broken street lights and the tree
    pruning's "street"), gets no clip; the same scores with the model behind the service get its clip."""
    labels = ["a", "b", "c", "d", "intent:greeting", "intent:complaint"]
    s = scores(0.22, 0.15, 0.05, 0.0, 0.0, 0.5)
    unbacked = np.array([0.03, 0.05, 0.0, 0.0, 0.0, 0.2])
    backed = np.array([0.3, 0.05, 0.0, 0.0, 0.0, 0.2])
    services = frozenset({0})
    refused = decide(s, N, labels, CONFIG, complaint=True, question=False, report_services=services, learned=unbacked)
    assert (refused.decision, refused.intent) == ("none", COMPLAINT)
    served = decide(s, N, labels, CONFIG, complaint=True, question=False, report_services=services, learned=backed)
    assert (served.decision, served.intent, served.offered[0].index) == ("choose", COMPLAINT, 0)


def test_unmatched_report_keeps_its_complaint_intent() -> None:
    """No clip fits a report (a noisy pub): the decision is none, the intent still says complaint."""
    low = scores(0.1, 0.05, 0.02, 0.0, 0.01, 0.01)
    assert decide(low, N, LABELS, CONFIG, complaint=True, question=False).intent == COMPLAINT
    assert decide(low, N, LABELS, CONFIG, complaint=True, question=True).intent == UNKNOWN


def test_siblings_need_a_larger_lead() -> None:
    """A lead that answers one of two unrelated procedures only offers the choice between two siblings (moving out
    or in, a first or a lost ID card): the word that tells them apart is not in the message. A lead as large as the
    siblings' margin still answers."""
    lead = scores(0.60, 0.60 - (CONFIG.answer_margin + CONFIG.sibling_answer_margin) / 2, 0.05, 0.0, 0.0, 0.0)
    siblings = frozenset({(0, 1), (1, 0)})
    assert decide(lead, N, LABELS, CONFIG).decision == "answer"
    v = decide(lead, N, LABELS, CONFIG, siblings=siblings)
    assert (v.decision, [r.index for r in v.offered]) == ("choose", [0, 1])
    assert decide(lead, N, LABELS, CONFIG, siblings=frozenset({(0, 2), (2, 0)})).decision == "answer"
    clear = scores(0.70, 0.70 - CONFIG.sibling_answer_margin - 0.01, 0.05, 0.0, 0.0, 0.0)
    assert decide(clear, N, LABELS, CONFIG, siblings=siblings).decision == "answer"
    story = scores(0.55, 0.55 - (CONFIG.long_answer_margin + CONFIG.long_sibling_answer_margin) / 2, 0.0, 0.0, 0, 0)
    assert decide(story, N, LABELS, CONFIG, long=True).decision == "answer"
    assert decide(story, N, LABELS, CONFIG, long=True, siblings=siblings).decision == "choose"


def test_siblings_told_apart_by_the_words_need_only_the_usual_lead() -> None:
    """When the message's words tell the best procedure from its sibling (``told_apart``: naive Bayes' log-odds of
    the two), the usual lead answers it; asked for another pair, or told the other way, the siblings' lead is needed
    still."""
    lead = scores(0.60, 0.60 - (CONFIG.answer_margin + CONFIG.sibling_answer_margin) / 2, 0.05, 0.0, 0.0, 0.0)
    siblings = frozenset({(0, 1), (1, 0)})
    asked: list[tuple[int, int]] = []

    def told(first: int, second: int) -> bool:
        asked.append((first, second))
        return (first, second) == (0, 1)

    v = decide(lead, N, LABELS, CONFIG, siblings=siblings, told_apart=told)
    assert (v.decision, [r.index for r in v.offered]) == ("answer", [0])
    assert asked == [(0, 1)]
    v = decide(lead, N, LABELS, CONFIG, siblings=siblings, told_apart=lambda first, second: False)
    assert (v.decision, [r.index for r in v.offered]) == ("choose", [0, 1])
    flipped = scores(lead[1], lead[0], 0.05, 0.0, 0.0, 0.0)  # the best is 1 now: told only for (0, 1)
    assert decide(flipped, N, LABELS, CONFIG, siblings=siblings, told_apart=told).decision == "choose"


def test_a_report_whose_ranking_clearly_names_a_service_gets_its_clip_to_choose() -> None:
    """A report the complaint intent wins, with every procedure score under the floors (a storm's story, then the
    fallen tree), whose ranking clearly puts a service first: that service is offered, with the complaint intent (the
    bot adds the Traffy Fondue pointer). A ranking as clear on a permit, or no clear ranking, still gets no clip."""
    labels = ["a", "b", "c", "d", "intent:greeting", "intent:complaint"]
    low = scores(0.12, 0.05, 0.02, 0.0, 0.0, 0.4)
    clear = scores(0.9, 0.3, 0.1, 0.0, 0.0, 0.0)
    served = decide(
        low, N, labels, CONFIG, complaint=True, question=False, ranking=clear, report_services=frozenset({0})
    )
    assert (served.decision, served.intent, [r.index for r in served.offered][:1]) == ("choose", COMPLAINT, [0])
    permit = decide(
        low, N, labels, CONFIG, complaint=True, question=False, ranking=clear, report_services=frozenset({1})
    )
    assert (permit.decision, permit.intent) == ("none", COMPLAINT)
    # the scores put a permit first (over their floors, or under them), the ranking the service: still only to choose
    permit_scored = scores(0.15, 0.25, 0.02, 0.0, 0.0, 0.5)
    asked = decide(permit_scored, N, labels, CONFIG, complaint=True, ranking=clear, report_services=frozenset({0}))
    assert (asked.decision, asked.intent, [r.index for r in asked.offered][:1]) == ("choose", COMPLAINT, [0])
    permit_low = scores(0.10, 0.12, 0.02, 0.0, 0.0, 0.0)
    reported = decide(
        permit_low, N, labels, CONFIG, complaint=True, question=False, ranking=clear, report_services=frozenset({0})
    )
    assert (reported.decision, reported.intent, [r.index for r in reported.offered][:1]) == ("choose", COMPLAINT, [0])
    tied = scores(0.9, 0.85, 0.1, 0.0, 0.0, 0.0)
    unclear = decide(
        low, N, labels, CONFIG, complaint=True, question=False, ranking=tied, report_services=frozenset({0})
    )
    assert (unclear.decision, unclear.intent) == ("none", COMPLAINT)


def test_a_choice_offers_a_sibling_of_the_best_beyond_the_window() -> None:
    """A third procedure further from the best than the choose window is offered when it is a sibling of the best
    (moving in, out or at the destination: the group the telling word would pick from), never when it is not."""
    s = scores(0.95, 0.80, 0.95 - CONFIG.choose_window - 0.1, 0.0, 0.0, 0.0)
    assert [r.index for r in decide(s, N, LABELS, CONFIG).offered] == [0, 1]
    group = decide(s, N, LABELS, CONFIG, siblings=frozenset({(2, 0)}))
    assert (group.decision, [r.index for r in group.offered]) == ("choose", [0, 1, 2])
    assert [r.index for r in decide(s, N, LABELS, CONFIG, siblings=frozenset({(1, 2)})).offered] == [0, 1]


def test_no_procedures_leaves_the_intents() -> None:
    """A catalogue whose procedures are all retired: the best intent, or nothing, and no clip."""
    labels = ["intent:greeting", "intent:other_agency"]
    assert decide(scores(0.7, 0.1), 0, labels, CONFIG) == decide(scores(0.7, 0.1), 0, labels, CONFIG, complaint=True)
    v = decide(scores(0.7, 0.1), 0, labels, CONFIG)
    assert (v.decision, v.intent, v.offered) == ("none", "greeting", ())
    assert decide(scores(0.05, 0.02), 0, labels, CONFIG).intent == UNKNOWN


def test_a_short_answer_the_learned_model_does_not_back_is_a_choice() -> None:
    """A clear winner on the blended scores is one confident clip when the learned model gives it its share too; when
    the model gives it under ``answer_learned`` (a word or two caught the nearest example), it is offered first to
    choose; a long message (a story spreads the model's probability) is answered all the same."""
    clear = scores(0.9, 0.1, 0.05, 0.0, 0.0, 0.0)
    backed = scores(0.6, 0.1, 0.1, 0.1, 0.05, 0.05)
    doubted = scores(CONFIG.answer_learned - 0.01, 0.3, 0.3, 0.3, 0.05, 0.05)
    assert decide(clear, N, LABELS, CONFIG, learned=backed).decision == "answer"
    v = decide(clear, N, LABELS, CONFIG, learned=doubted)
    assert (v.decision, v.offered[0].index) == ("choose", 0)
    assert decide(clear, N, LABELS, CONFIG, learned=doubted, long=True).decision == "answer"
    assert decide(clear, N, LABELS, MatcherConfig(answer_learned=0.0), learned=doubted).decision == "answer"


def test_an_example_asked_word_for_word_needs_no_backing() -> None:
    """A message that is one of the best procedure's examples word for word (its nearest example's similarity 1: a
    question staff taught from the unanswered queue, asked again) is answered even when the learned model, which
    drops words only one example has, gives it under ``answer_learned``; a near example is not enough."""
    clear = scores(0.9, 0.1, 0.05, 0.0, 0.0, 0.0)
    doubted = scores(CONFIG.answer_learned - 0.01, 0.3, 0.3, 0.3, 0.05, 0.05)
    assert decide(clear, N, LABELS, CONFIG, learned=doubted, nearest=scores(1.0, 0.2)).decision == "answer"
    v = decide(clear, N, LABELS, CONFIG, learned=doubted, nearest=scores(0.95, 0.2))
    assert (v.decision, v.offered[0].index) == ("choose", 0)
    assert decide(clear, N, LABELS, CONFIG, learned=doubted, nearest=scores(0.2, 1.0)).decision == "choose"
