"""The naive Bayes reading of the word tokens (``catalogue/matcher/bayes.py``)."""

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from catalogue.matcher.bayes import train_bayes

#: Label 0: late birth; label 1: birth on time; label 2: an intent with no texts yet.
DOCS = [
    (0, ["แจ้ง", "เกิด", "เกินกำหนด"]),
    (0, ["แจ้ง", "เกิด", "ทัน"]),
    (0, ["เกิด", "ห้าขวบ", "ทัน"]),
    (1, ["แจ้ง", "เกิด", "โรงพยาบาล"]),
    (1, ["แจ้ง", "เกิด", "สูติบัตร"]),
    (1, ["เกิด", "โรงพยาบาล", "วัน"]),
]


def test_a_word_seen_with_one_label_pulls_towards_it() -> None:
    """ทัน appears only in late-birth texts: with the shared words แจ้ง and เกิด it puts late birth first; with
    โรงพยาบาล instead, birth on time."""
    bayes = train_bayes(DOCS, 3, alpha=0.1, tokens=8)
    late = bayes.probabilities(["แจ้ง", "เกิด", "ทัน"])
    on_time = bayes.probabilities(["แจ้ง", "เกิด", "โรงพยาบาล"])
    assert late[0] > 0.8 > late[1]
    assert on_time[1] > 0.8 > on_time[0]


def test_log_odds_say_which_of_two_labels_the_words_are_for() -> None:
    """The log-odds of two labels are the sum of each known word's log-probability under the first minus under the
    second: positive for the first's words, negative for the second's, nothing for words both share equally or no
    text holds; a long message's sum is scaled down as its probabilities are."""
    bayes = train_bayes(DOCS, 3, alpha=0.1, tokens=8)
    assert bayes.log_odds(["ทัน"], 0, 1) > 2.0
    assert bayes.log_odds(["โรงพยาบาล"], 0, 1) < -2.0
    assert bayes.log_odds(["ทัน"], 0, 1) == pytest.approx(-bayes.log_odds(["ทัน"], 1, 0))
    assert bayes.log_odds(["เกิด", "ไม่รู้จัก"], 0, 1) == pytest.approx(0.0)
    assert bayes.log_odds([], 0, 1) == 0.0
    short = train_bayes(DOCS, 3, alpha=0.1, tokens=1)
    assert short.log_odds(["ทัน", "ห้าขวบ"], 0, 1) == pytest.approx(bayes.log_odds(["ทัน", "ห้าขวบ"], 0, 1) / 2)


def test_probabilities_are_smoothed_counts_of_texts() -> None:
    """Each label's chance of a word is (texts of the label with it + alpha) / (the label's word count + alpha x
    vocabulary), a word counted once per text however often it is said there."""
    docs = [(0, ["เกิด", "เกิด", "ทัน"]), (0, ["เกิด"]), (1, ["ทัน", "วัน"])]
    p = train_bayes(docs, 2, alpha=0.5, tokens=8).probabilities(["เกิด"])
    vocabulary = 3  # เกิด, ทัน, วัน
    likely = np.array([(2 + 0.5) / (3 + 0.5 * vocabulary), (0 + 0.5) / (2 + 0.5 * vocabulary)])
    assert np.allclose(p, likely / likely.sum())


def test_a_short_message_is_not_tempered() -> None:
    """Up to ``tokens`` distinct words the evidence is taken as it is: the setting changes nothing below it."""
    words = ["แจ้ง", "เกิด", "ทัน"]
    assert np.allclose(
        train_bayes(DOCS, 3, alpha=0.1, tokens=3).probabilities(words),
        train_bayes(DOCS, 3, alpha=0.1, tokens=30).probabilities(words),
    )


@pytest.mark.parametrize(("alpha", "tokens"), [(0.0, 8), (-1.0, 8), (0.1, 0)])
def test_settings_that_cannot_work_are_refused(alpha: float, tokens: int) -> None:
    """No smoothing would divide 0 by 0 for a label without texts; fewer than one word would divide by zero."""
    with pytest.raises(ValueError, match="naive Bayes"):
        train_bayes(DOCS, 3, alpha=alpha, tokens=tokens)


def test_a_label_without_texts_is_never_likely() -> None:
    """Label 2 has no texts: its probability is 0, and the others still sum to one."""
    p = train_bayes(DOCS, 3, alpha=0.1, tokens=8).probabilities(["แจ้ง", "เกิด"])
    assert p[2] == 0.0
    assert np.isclose(p.sum(), 1.0)


def test_no_known_word_gives_no_preference() -> None:
    """Words the index never saw carry no evidence: the labels with texts are equally likely."""
    p = train_bayes(DOCS, 3, alpha=0.1, tokens=8).probabilities(["พาสปอร์ต"])
    assert p.tolist() == [0.5, 0.5, 0.0]


def test_an_empty_index_gives_zeros() -> None:
    """No texts at all (a catalogue being built): no label is likely, and nothing fails."""
    assert train_bayes([], 2, alpha=0.1, tokens=8).probabilities(["เกิด"]).tolist() == [0.0, 0.0]


def test_a_long_message_is_not_surer_for_its_length() -> None:
    """Past ``tokens`` distinct words, the evidence is scaled down to that many words' worth: the same leaning,
    less sharp."""
    words = ["แจ้ง", "เกิด", "ทัน", "ห้าขวบ", "เกินกำหนด", "วัน"]
    sharp = train_bayes(DOCS, 3, alpha=0.1, tokens=8).probabilities(words)
    tempered = train_bayes(DOCS, 3, alpha=0.1, tokens=2).probabilities(words)
    assert np.argmax(sharp) == np.argmax(tempered) == 0
    assert tempered[0] < sharp[0]


@given(st.lists(st.sampled_from(["แจ้ง", "เกิด", "ทัน", "โรงพยาบาล", "วัน", "พาสปอร์ต"]), max_size=12))
def test_words_count_once_in_any_order(words: list[str]) -> None:
    """Presence, not frequency or order: a word said twice, or the words shuffled, change nothing."""
    bayes = train_bayes(DOCS, 3, alpha=0.1, tokens=3)
    p = bayes.probabilities(words)
    assert np.allclose(p, bayes.probabilities([*reversed(words), *words]))
    assert np.isclose(p.sum(), 1.0) and p[2] == 0.0
