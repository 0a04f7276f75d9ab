"""Stage 2: rescue of text typed with the wrong keyboard layout."""

from catalogue.matcher import MatcherIndex, match
from catalogue.matcher.layout import rescue_layout, thai_coverage


def test_thai_typed_on_english_layout_is_rescued(index: MatcherIndex) -> None:
    """ทะเบียนบ้าน typed with the keyboard set to English comes back as Thai."""
    text, changed = rescue_layout("mtg[upo[hko", index.lexicon)
    assert changed
    assert text == "ทะเบียนบ้าน"


def test_whole_question_on_english_layout(index: MatcherIndex) -> None:
    """A whole question typed without spaces is rescued as one chunk."""
    text, changed = rescue_layout("c0h'gdbf]^d.=hvtwi[hk'", index.lexicon)
    assert changed
    assert text == "แจ้งเกิดลูกใช้อะไรบ้าง"


def test_english_typed_on_thai_layout_is_rescued(index: MatcherIndex) -> None:
    """English typed with the keyboard set to Thai comes back as English."""
    text, changed = rescue_layout("้ำสสน", index.lexicon)
    assert changed
    assert text == "hello"


def test_a_whole_english_message_typed_on_the_thai_layout_is_rescued(index: MatcherIndex) -> None:
    """ "lost id card" on the Thai layout is สนหะ รก แฟพก: รก ("messy") and สน ("pine") are Thai words, so no chunk
    alone is taken for English, but the whole message spells known English words and is not Thai."""
    assert rescue_layout("สนหะ รก แฟพก", index.lexicon) == ("lost id card", True)
    for thai in ("ทำ นา", "รด นา"):  # Thai words whose keys spell "me ok", "if ok": left as they are
        assert rescue_layout(thai, index.lexicon) == (thai, False)
    assert match("สนหะ รก แฟพก", index).matches[0].id == "id-card-lost-destroyed"


def test_real_english_and_thai_are_left_alone(index: MatcherIndex) -> None:
    """Real words in either script are never converted."""
    for message in ("How do I renew my ID card", "แจ้งเกิดลูก", "ขอ ทร14 รับรอง", "ok"):
        assert rescue_layout(message, index.lexicon) == (message, False)


def test_thai_form_codes_are_not_taken_for_english(index: MatcherIndex) -> None:
    """คร.22 on the Thai layout would be the keys "8i.22": a lone "i" is no evidence of English, so it stays Thai."""
    for code in ("คร.22", "คร22"):
        text, changed = rescue_layout(code, index.lexicon)
        assert (text, changed) == (code, False)
    assert index.analyse("ขอ คร.22 ค่ะ").tokens[:2] == ("ขอ", "คร")
    # ท.ร.14 would be "m.i.14": two one-letter words ("m", "i") are no evidence either, so the house book stays
    for text, term in (("ท.ร.14 หาย", "ทะเบียนบ้าน"), ("ยื่น ท.ร.1/1 ที่ไหน", "หนังสือรับรองการเกิด")):
        analysis = index.analyse(text)
        assert not analysis.layout_rescued and term in analysis.tokens, analysis


def test_an_english_message_keeps_its_unknown_words(index: MatcherIndex) -> None:
    """In a message written in English, a word the catalogue does not know ("solicitor", "wait") is English, not
    Thai typed on the English layout, so the message stays English and is answered in English."""
    for message in ("My solicitor needs a certificate that I am single", "please wait, is it different for a condo?"):
        analysis = index.analyse(message)
        assert not analysis.layout_rescued and analysis.lang == "en"


def test_thai_typed_on_the_english_layout_beside_english_terms_is_rescued(index: MatcherIndex) -> None:
    """Thai mixed with English terms, all typed on the English layout: the Thai words still come back."""
    assert rescue_layout("id card skp", index.lexicon) == ("id card หาย", True)
    assert rescue_layout("9jv passport mujwso", index.lexicon) == ("ต่อ passport ที่ไหน", True)
    assert index.analyse("id card skp").lang == "th"


def test_a_rescued_message_is_answered_in_the_language_it_was_meant_in(index: MatcherIndex) -> None:
    """Thai typed on the English layout is Thai; English typed on the Thai layout is English."""
    assert index.analyse("mtg[upo[hko").lang == "th"
    assert index.analyse("้ำสสน").lang == "en"


def test_mixed_script_words_are_left_alone(index: MatcherIndex) -> None:
    """A chunk mixing Thai and Latin letters was typed on purpose."""
    assert rescue_layout("ทำบัตรidcard", index.lexicon) == ("ทำบัตรidcard", False)


def test_coverage_measures_real_words(index: MatcherIndex) -> None:
    """Dictionary coverage is high for Thai words and low for keyboard noise."""
    assert thai_coverage("ทะเบียนบ้าน", index.lexicon) == 1.0
    assert thai_coverage("ืาสสน", index.lexicon) < 0.5
