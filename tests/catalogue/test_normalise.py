"""Stage 1: normalisation of what citizens type."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pythainlp.util import normalize as thai_normalize

from catalogue.matcher.normalise import _THAI_NORMALIZE_CHANGES, MAX_CHARS, clean, normalise, thai_share


def test_thai_digits_become_arabic() -> None:
    """Thai digits are read as the Arabic digits the catalogue uses."""
    assert normalise("สด.๙") == "สด9"


def test_abbreviation_dots_are_removed() -> None:
    """Every spelling of a form code meets one token: ท.ร.14, ทร.14 and ทร14."""
    assert normalise("ขอ ท.ร.14") == normalise("ขอ ทร.14") == "ขอ ทร14"
    assert normalise("ภ.ด.ส.") == "ภดส"


def test_zero_width_and_control_characters_go() -> None:
    """Invisible characters pasted from other apps do not split or join words."""
    assert normalise("แจ้ง\u200bเกิด\x00\x07") == "แจ้งเกิด"


def test_elongation_and_laughter() -> None:
    """Stretched letters collapse and laughter (555) is dropped."""
    assert normalise("ค่าาาาา") == "ค่า"
    assert normalise("5555 ขอบคุณ") == "ขอบคุณ"
    assert normalise("555 ตรงนี้เลย") == "ตรงนี้เลย"
    # a run of fives before a unit or a count is a number (a hypothesis test of the floor areas found 555 ตร.ม.)
    assert normalise("ร้าน 555 ตร.ม. ค่าปรับ 5555 บาท") == "ร้าน 555 ตรม ค่าปรับ 5555 บาท"
    assert normalise("shop of 555 sqm") == "shop of 555 sqm"
    # not before a count word, which begins too many of the words laughter comes before
    assert normalise("555 วันนี้เหนื่อยมาก") == "วันนี้เหนื่อยมาก"
    assert normalise("5555 squid") == "squid"
    assert normalise("ค่าธรรมเนียม 500 บาท") == "ค่าธรรมเนียม 500 บาท"
    assert normalise("ค่าปรับ 1000 บาท อายุ 111 ปี") == "ค่าปรับ 1000 บาท อายุ 111 ปี"  # a number is no elongation
    # 1,000 is one number, and a fraction says nothing of a topic; before a unit of area or money it rounds up, so the
    # number stays on its side of a whole limit (150.5 square metres is 151, 200.00 is 200); a form code's dots go
    assert normalise("1,000 ตร.ม. หรือ 150.5 ตร.ม.") == "1000 ตรม หรือ 151 ตรม"
    assert normalise("1,200.75 ตารางเมตร 200.00 ตรม 20.50 บาท เลขที่ 12.5") == "1201 ตารางเมตร 200 ตรม 21 บาท เลขที่ 12"
    assert normalise("ข้อ 1,2,3 ท.ร.4/1") == "ข้อ 1 2 3 ทร4/1"
    # a dotted run (a date, a phone number) is no fraction: its dots go as an abbreviation's do
    assert normalise("4.12.2569 เวลา 10.30 โทร 02.123.4567") == "4122569 เวลา 10 โทร 021234567"


@pytest.mark.parametrize(
    ("typed", "read"),
    [
        ("ยื่นแบบบ้านที่เขต", "ยื่นแบบบ้านที่เขต"),  # แบบ + บ้าน: a house plan
        ("ขอออกใบแทน", "ขอออกใบแทน"),  # ขอ + ออก: to ask for a replacement to be issued
        ("ย้ายมาจากคนนนทบุรี", "ย้ายมาจากคนนนทบุรี"),  # คน + นนทบุรี: someone from Nonthaburi
        ("ย้ายออกกกับย้ายเข้า", "ย้ายออกกับย้ายเข้า"),  # an elongated ออก before กับ keeps what กับ needs
        ("บ้านนนี้", "บ้านนี้"),
        ("มากกก", "มาก"),
        ("ดีมากกกครับ", "ดีมากครับ"),
        ("จริงงงเลย", "จริงเลย"),
        ("ไปปปป", "ไป"),
    ],
)
def test_three_letters_where_two_words_meet_are_not_an_elongation(typed: str, read: str) -> None:
    """Three of a Thai consonant are kept where one word ends and another starts among them (two words meeting); an
    elongated word before a word that starts with the same letter keeps only what that word needs; otherwise they
    collapse, and four or more always do."""
    assert normalise(typed) == read


def test_emoji_and_symbols_are_separators() -> None:
    """Emoji carry no topic; they separate words rather than glue them."""
    assert normalise("แจ้งตาย😢🙏ยังไง") == "แจ้งตาย ยังไง"
    assert normalise("👍") == ""


def test_duplicated_thai_vowels_are_repaired() -> None:
    """PyThaiNLP's normalize fixes two Sara E typed for Sara Ae."""
    assert normalise("เเจ้งเกิด") == "แจ้งเกิด"


#: Every Thai letter, vowel and mark, with whitespace of several kinds, zero-width characters and a Latin letter.
THAI_TEXT = st.text([*map(chr, range(0x0E01, 0x0E5C)), " ", "\u00a0", "\t", "\n", "\u200b", "\u200c", "a"], max_size=12)
#: Mostly vowels and marks, so that the two- and three-character sequences normalize() repairs come up often.
MARKS_TEXT = st.text(
    ["ก", "น", " ", *"\u0e30\u0e31\u0e32\u0e33\u0e34\u0e35\u0e38\u0e40\u0e41\u0e45\u0e47\u0e48\u0e49\u0e4c\u0e4d"],
    max_size=8,
)


@settings(max_examples=3000, deadline=None)
@given(text=st.one_of(THAI_TEXT, MARKS_TEXT))
def test_thai_normalize_is_skipped_only_where_it_would_change_nothing(text: str) -> None:
    """PyThaiNLP's normalize() runs only on texts where it may change something: on any other text it is the
    identity, so skipping it gives the same answer."""
    if not _THAI_NORMALIZE_CHANGES.search(text):
        assert thai_normalize(text) == text


def test_thai_normalize_still_repairs_what_it_should() -> None:
    """Doubled vowels, marks in the wrong order, a stray space before a mark, two tone marks, ๅ for า, nikhahit and
    sara aa for sara am, a vowel typed twice with a space between."""
    for broken, repaired in (
        ("เเปลก", "แปลก"),
        ("นํ้า", "น้ำ"),
        ("กา าก", "กาก"),
        ("พ ุ่มดอกไม้", "พุ่มดอกไม้"),
        ("ก่่า", "ก่า"),
        ("กๅ", "กา"),
        ("ด่ีี", "ดี่"),
    ):
        assert normalise(broken) == repaired


def test_latin_is_lower_case_and_spaces_collapse() -> None:
    """English is compared in lower case; runs of white space become one space."""
    assert normalise("  ID   Card\n\tRenewal ") == "id card renewal"


def test_accented_latin_letters_lose_their_accents() -> None:
    """café is cafe, as the vocabulary spells it (it was "caf": the tokeniser keeps only a-z); a letter that is no
    accented ASCII letter (ß, æ) and Thai stay as they are."""
    assert normalise("Café NAÏVE São fiancée") == "cafe naive sao fiancee"
    assert normalise("Straße Ærø") == "straße ærø"
    assert normalise("ร้านกาแฟ café") == "ร้านกาแฟ cafe"
    assert normalise("Ｃａｆé １２") == "cafe 12"  # full-width, as an East Asian keyboard types it
    assert clean("café ทำ") == "cafe ทำ"  # before the keyboard-layout rescue, which counts the English words it knows


def test_length_is_bounded() -> None:
    """A 5,000-character message is cut to the bounded length the matcher reads."""
    assert len(normalise("ก" * 5000)) <= MAX_CHARS
    assert len(normalise("แจ้งเกิด " * 1000)) <= MAX_CHARS


def test_clean_keeps_keyboard_punctuation() -> None:
    """Before layout rescue, punctuation must survive: on the Thai layout ; [ ] ' are letters."""
    assert clean("mtg[upo[hko'") == "mtg[upo[hko'"


def test_thai_share() -> None:
    """The share of Thai letters tells Thai text from English."""
    assert thai_share("แจ้งเกิด") == 1.0
    assert thai_share("hello") == 0.0
    assert thai_share("123") == 0.0


def test_a_denied_clause_is_dropped_before_the_wanted_one() -> None:
    """What a citizen says they do not want is not what they ask about; a plain "not yet" is kept."""
    from catalogue.matcher.normalise import without_denied

    assert without_denied("ไม่ได้ขอใบอนุญาตก่อสร้างนะคะ อยากรื้อบ้านเก่า") == "อยากรื้อบ้านเก่า"
    # What comes before the negation is what the clause is about, not what it denies: it stays.
    assert without_denied("บัตรยังไม่หมดอายุ แต่มันหักเป็นสองท่อน") == "บัตร แต่มันหักเป็นสองท่อน"
    assert without_denied("สด9ไม่หายค่ะ แค่ขาด") == "สด9 แค่ขาด"
    assert without_denied("ภาษีป้ายยังไม่ได้จ่าย แต่เลยกำหนดแล้ว") == "ภาษีป้าย แต่เลยกำหนดแล้ว"
    assert without_denied("จ่ายภาษีป้ายออนไลน์ไม่ได้ แต่จ่ายที่ธนาคารได้ไหม") == "จ่ายภาษีป้ายออนไลน์ แต่จ่ายที่ธนาคารได้ไหม"
    # ... but a clause that says what is not asked about goes whole
    assert without_denied("เบี้ยผู้สูงอายุไม่ได้ถามค่ะ แต่อยากรู้เรื่องเงินค่าทำศพ") == "แต่อยากรู้เรื่องเงินค่าทำศพ"
    assert without_denied("บัตรประชาชนไม่ใช่ค่ะ แค่อยากคัดสำเนาทะเบียนบ้าน") == "แค่อยากคัดสำเนาทะเบียนบ้าน"
    assert without_denied("ไม่แพงหรอก แต่คิดผิด") == "แต่คิดผิด"
    # Denials in a row, then "only": each is set against what the last one is (not lost, not damaged, only expired).
    assert without_denied("บัตรไม่ได้หาย ไม่ได้ชำรุด แค่หมดอายุ") == "บัตร แค่หมดอายุ"
    assert without_denied("ไม่ได้ย้ายออก ไม่ได้ย้ายเข้า แค่ขอสำเนา") == "แค่ขอสำเนา"
    assert without_denied("ลูกยังไม่ได้แจ้งเกิด ต้องทำยังไง") == "ลูกยังไม่ได้แจ้งเกิด ต้องทำยังไง"
    assert without_denied("ไม่ได้") == "ไม่ได้"
    # A denial that is not set against a following clause is the question itself.
    assert without_denied("ไม่ได้รับเบี้ยยังชีพเดือนนี้ ทำไงดีคะ") == "ไม่ได้รับเบี้ยยังชีพเดือนนี้ ทำไงดีคะ"
    # A plain negation is set aside by "but"/"only", not by "want": "no number yet, want one" keeps both.
    assert without_denied("บ้านยังไม่มีเลขที่ อยากขอเลขที่บ้าน") == "บ้านยังไม่มีเลขที่ อยากขอเลขที่บ้าน"
    assert without_denied("not a shop sign, just a loudspeaker car") == "not a shop sign, just a loudspeaker car"


def test_a_clause_that_disowns_a_topic_is_dropped_wherever_it_stands() -> None:
    """ "ไม่ได้จะ ..." (not going to), "ไม่ได้ถาม ..." (not asking about) name a topic only to set it aside, before or
    after the question and whatever follows them; what the clause goes on to want, after its "but" or "only", stays.
    A plain denial is not one ("ไม่ได้รับเบี้ย", did not get the allowance, is often the question itself)."""
    from catalogue.matcher.normalise import without_denied

    assert without_denied("พ่อได้เบี้ยคนแก่ ไม่ได้จะถามเรื่องเบี้ยนะคะ จะถามเรื่องเงินค่าทำศพ") == "พ่อได้เบี้ยคนแก่ จะถามเรื่องเงินค่าทำศพ"
    assert without_denied("ลูกติดจะใช้นามสกุลพ่อเลี้ยง ไม่ได้จะตั้งนามสกุลใหม่") == "ลูกติดจะใช้นามสกุลพ่อเลี้ยง"
    assert without_denied("ไม่ได้ถามเรื่องภาษีนะ ขออนุญาตอะไรบ้าง") == "ขออนุญาตอะไรบ้าง"
    assert without_denied("ไม่ได้จะสร้างใหม่แค่จะต่อเติม ต้องขออะไร") == "แค่จะต่อเติม ต้องขออะไร"
    assert without_denied("ไม่ได้จะสร้างใหม่") == "ไม่ได้จะสร้างใหม่"  # one clause: nothing to set it against
    # แต่ inside แต่งงาน (marry) or ตั้งแต่ (since) is no "but": the whole disowning clause goes
    assert without_denied("ไม่ได้จะแต่งงานใหม่ จะถามเรื่องเบี้ย") == "จะถามเรื่องเบี้ย"
    assert without_denied("ไม่ได้จะย้ายออกตั้งแต่เดือนหน้า ถามเรื่องย้ายเข้า") == "ถามเรื่องย้ายเข้า"
    assert without_denied("ไม่ได้รับเบี้ยเดือนนี้ ต้องทำไง") == "ไม่ได้รับเบี้ยเดือนนี้ ต้องทำไง"


def test_what_a_question_compares_with_is_dropped() -> None:
    """ "Can it be done like X?" asks about the topic, not X; a comparison that tells a fact of the story, and one
    that compares with nothing (as before, the same), stay."""
    from catalogue.matcher.normalise import without_compared

    assert without_compared("หนังสือเดินทางหมดอายุ ทำที่เขตเหมือนบัตรประชาชนได้ไหมครับ") == ("หนังสือเดินทางหมดอายุ ทำที่เขตได้ไหมครับ")
    assert without_compared("ใบขับขี่หาย แจ้งที่เขตเหมือนตอนบัตรหายไหมคะ") == "ใบขับขี่หาย แจ้งที่เขตไหมคะ"
    assert without_compared("ต้องจ่ายค่าธรรมเนียมเหมือนบัตรหายหรือเปล่า") == "ต้องจ่ายค่าธรรมเนียมหรือเปล่า"
    assert without_compared("ใบขับขี่ต่อที่เขตแบบเดียวกับบัตรประชาชนได้ไหม") == "ใบขับขี่ต่อที่เขตได้ไหม"
    # a bare แบบ is also a building's plans: kept
    assert without_compared("ต่อเติมครัวต้องยื่นแบบบ้านไหม") == "ต่อเติมครัวต้องยื่นแบบบ้านไหม"
    # not a question, or a comparison with nothing: kept
    assert without_compared("สูติบัตรก็เขียนเหมือนบัตรประชาชน อยากแก้ทะเบียนบ้าน") == (
        "สูติบัตรก็เขียนเหมือนบัตรประชาชน อยากแก้ทะเบียนบ้าน"
    )
    assert without_compared("ใช้นามสกุลเหมือนเดิมได้ไหม") == "ใช้นามสกุลเหมือนเดิมได้ไหม"
    # not a comparison (differs from, seems, looks like, to make it like), nor one that has swallowed the request
    for kept in (
        "ชื่อในทะเบียนบ้านไม่เหมือนในบัตรประชาชนแก้ได้ไหม",
        "ดูเหมือนภาษีที่ดินปีนี้คิดผิดต้องยื่นคัดค้านไหม",
        "ลูกหน้าเหมือนพ่อจะจดรับรองบุตรได้ไหม",
        "อยากเปลี่ยนนามสกุลให้เหมือนสามีได้ไหมคะ",
        "ชื่อร้านเหมือนร้านอื่นจดทะเบียนพาณิชย์ได้ไหม",
        "ชื่อร้านเหมือนร้านอื่นเปลี่ยนชื่อได้ไหม",
        "บ้านเหมือนบ้านแม่ย้ายเข้าได้ไหม",
        "ภาษีที่ดินปีนี้แพงเหมือนโดนคิดเป็นพาณิชย์คัดค้านได้ไหม",
    ):
        assert without_compared(kept) == kept
    # a procedure named as the comparison, and a polite ending
    assert without_compared("แจ้งตายต้องพาพยานไปเหมือนจดทะเบียนสมรสไหม") == "แจ้งตายต้องพาพยานไปไหม"
    assert without_compared("แจ้งย้ายออนไลน์ได้เหมือนแจ้งย้ายปลายทางไหม") == "แจ้งย้ายออนไลน์ได้ไหม"
    assert without_compared("ต่อที่เขตเหมือนบัตรประชาชนได้ไหมครับผม") == "ต่อที่เขตได้ไหมครับผม"
    assert without_compared("ต้องไปเหมือนกันไหม") == "ต้องไปเหมือนกันไหม"
