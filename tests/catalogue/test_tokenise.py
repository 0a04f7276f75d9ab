"""Stage 3: tokenisation with PyThaiNLP's dictionary plus the catalogue's terms."""

from collections import Counter

import pytest

from catalogue.matcher import MatcherIndex, match
from catalogue.matcher.index import features
from catalogue.matcher.lexicon import GROUP, build_lexicon
from catalogue.matcher.normalise import normalise
from catalogue.matcher.tokenise import (
    _LETTERS_NUMBER,
    COMPLAINT_MARK,
    EXPLANATION_MARK,
    NEGATED,
    QUESTION_MARK,
    REPORT_MARK,
    cues,
    numbers_apart,
    tokenise,
)
from catalogue.models import Vocabulary
from tests.catalogue.expect import assert_answers, assert_no_clip


def tokens(text: str, index: MatcherIndex) -> list[str]:
    return tokenise(normalise(text), index.lexicon)


def test_domain_words_stay_whole(index: MatcherIndex) -> None:
    """Form codes and official terms are single tokens, not fragments."""
    assert "สด9" in tokens("ไปทำ สด.9 ครั้งแรก", index)
    assert "ทะเบียนพาณิชย์" in tokens("จดทะเบียนพาณิชย์", index)


def test_everyday_words_map_to_official_terms(index: MatcherIndex) -> None:
    """Synonyms from the vocabulary file: แต่งงาน -> สมรส, ขยะ -> มูลฝอย, บัตร ปชช -> บัตรประจำตัวประชาชน."""
    assert "สมรส" in tokens("จะแต่งงาน", index)
    assert "มูลฝอย" in tokens("ค่าขยะเดือนละเท่าไหร่", index)
    assert "บัตรประจำตัวประชาชน" in tokens("ทำบัตร ปชช ใหม่", index)
    assert "ภาษีที่ดินและสิ่งปลูกสร้าง" in tokens("จ่าย ภดส", index)


def test_the_commonest_misspelling_of_permit_is_read_as_permit(index: MatcherIndex) -> None:
    """อนุญาติ (for อนุญาต) is not in the dictionary: newmm would cut it into อนุ + ญาติ (a relative); as a variant of
    อนุญาต in the vocabulary it is one word, the right one."""
    for text in ("ขออนุญาติก่อสร้างบ้าน", "ต่อใบอนุญาติอู่ซ่อมรถ"):
        found = tokens(text, index)
        assert "อนุญาต" in found and "ญาติ" not in found


@pytest.mark.parametrize(
    ("text", "has", "lacks"),
    [
        ("ขยะไม่มาเก็บ ซอยสันติสุข14", ["สันติสุข", "14"], ["ขออนุญาตก่อสร้าง"]),  # not the form ข.1 inside สุข14
        ("ขยะไม่มาเก็บ ซอยสันติสุข1", ["สันติสุข", "1"], ["ขออนุญาตก่อสร้าง"]),  # ข ends a word here, not a code
        ("ยื่นข1", ["ขออนุญาตก่อสร้าง"], []),
        ("ทร1/12", ["12"], ["หนังสือรับรองการเกิด"]),  # the code takes 1/1, not 1/12
        ("สด99", ["99"], ["สด9"]),
        ("ยื่นทร14 ที่ไหน", ["ทะเบียนบ้าน"], ["14"]),
        ("ขอ ท.ร.4/1 ใหม่", ["หนังสือรับรองการตาย"], ["มรณบัตร"]),
        ("ทร1/1หาย", ["หนังสือรับรองการเกิด", "หาย"], []),
        ("ม.39ทวิ", ["39ทวิ"], []),
        ("อายุ21 รับหมายเรียก", ["อายุ", "21"], []),
        # A word before the code that newmm would break to use the code's letters (ขั้น|ตอ|นอ, เรือ|งอ, ขั้น|ตอ|นคร).
        ("ขั้นตอนอ.1", ["ขั้นตอน", "ใบอนุญาตก่อสร้าง"], ["นอ"]),
        ("สอบถามเรื่องอ.1ค่ะ", ["ใบอนุญาตก่อสร้าง"], ["เรือ"]),
        ("ขั้นตอนคร.3", ["ทะเบียนสมรส"], ["นคร"]),
        ("ถนนบางนาตราดกม39", ["กม", "39"], ["39ทวิ"]),  # kilometre 39, not section 39 bis
    ],
)
def test_a_number_against_thai_letters_is_a_form_code_only_where_one_is_known(
    index: MatcherIndex, text: str, has: list[str], lacks: list[str]
) -> None:
    """Letters and a number written together are a form code when the vocabulary knows one that takes the whole
    number (ทร14, ทร4/1, ม39ทวิ); otherwise the number stands apart (a soi's number, an age)."""
    found = tokens(text, index)
    assert all(t in found for t in has), found
    assert not any(t in found for t in lacks), found


def test_every_known_form_code_stays_whole_inside_a_sentence(index: MatcherIndex) -> None:
    """No code the vocabulary knows is ever pulled apart, whatever word is written before it."""
    codes = index.lexicon.codes
    assert ("ทร", "14") in codes and ("สด", "9") in codes
    for letters, rest in codes:
        for before in ("ยื่น", "ขั้นตอน", "เรื่อง", "ใบ", "แบบ", "สอบถาม"):
            text = f"{before}{letters}{rest}หาย"
            assert numbers_apart(text, index.lexicon) == text


def test_a_number_is_looked_for_only_where_a_run_of_letters_starts() -> None:
    """The pattern cannot start inside a run of Thai letters, so the engine makes one pass over a long unspaced
    message instead of one per letter (1,500 letters: 0.03 ms against 15 ms, measured)."""
    assert _LETTERS_NUMBER.search("สันติสุข14").start() == 0
    assert _LETTERS_NUMBER.search("สันติสุข14", 1) is None
    assert _LETTERS_NUMBER.search("ซอย สุข14", 1).group(1) == "สุข"


@pytest.mark.parametrize("text", ["เงิน 600 บาท", "เงิน600บาท", "ปี 1500", "ร้าน 2100 ตร.ว."])
def test_a_number_stays_whole_though_the_vocabulary_holds_a_shorter_one(index: MatcherIndex, text: str) -> None:
    """The catalogue's terms hold bare numbers (60 ปี, 15 วัน): as dictionary words they would cut 600 into 60 + 0."""
    assert {"60", "15", "21"} <= index.lexicon.words
    number = "".join(ch for ch in text if ch.isdigit())
    assert number in tokens(text, index)


def test_multi_word_terms_also_yield_their_parts(index: MatcherIndex) -> None:
    """ภดส stands for a long term; its parts (ภาษีที่ดิน, สิ่งปลูกสร้าง) still meet shorter questions."""
    toks = tokens("จ่าย ภดส", index)
    assert "ภาษีที่ดิน" in toks
    assert "สิ่งปลูกสร้าง" in toks
    assert set(tokens("ภาษีที่ดินจ่ายที่ไหน", index)) & set(toks) >= {"ภาษีที่ดิน"}


def test_particles_and_question_words_are_dropped(index: MatcherIndex) -> None:
    """Polite particles and question words carry no topic."""
    toks = tokens("แจ้งเกิดใช้อะไรบ้างคะ", index)
    assert "คะ" not in toks
    assert "อะไร" not in toks
    assert "เกิด" in toks


@pytest.mark.parametrize(
    ("text", "negated"),
    [
        ("แจ้งเกิดไม่ทัน 15 วัน", "ทัน"),
        ("ไม่ได้ไปแจ้งเกิดลูกตอนคลอด", "แจ้ง"),  # past ได้ and ไป to the word it negates
        ("ยังไม่เคยจดทะเบียนสมรส", "จดทะเบียนสมรส"),
        ("ลูกไม่มีสูติบัตร", "สูติบัตร"),  # past มี: not having one
        ("We have not registered the birth", "registered"),
        ("I didn't register my baby", "register"),  # the 't of didn't
        ("never been married", "married"),
        ("I dont have a birth certificate", "สูติบัตร"),  # the Thai term the English phrase stands for
    ],
)
def test_a_negated_word_is_a_word_of_its_own(index: MatcherIndex, text: str, negated: str) -> None:
    """The word a negation applies to is kept, and its negated form is added: "not in time" tells a late birth from
    one on time, "never registered a marriage" a certificate of being single from a marriage. The negator itself is
    no token."""
    found = tokens(text, index)
    assert negated in found and NEGATED + negated in found, found
    assert [t for t in found if t.startswith(NEGATED)] == [NEGATED + negated]
    assert not {"ไม่", "not", "t", "dont", "didn't"} & set(found)


@pytest.mark.parametrize(
    "text",
    [
        "ไม่ทราบว่าต้องใช้เอกสารอะไรบ้าง",  # "I wonder": ทราบ carries no topic, and the next topic word is not negated
        "ทำบัตรประชาชนไม่ได้ บัตรหาย",  # "cannot", then a new clause after the space
        "ไม่ใช่บัตรหาย",  # a hedge ("it is not"), not a negated topic
        "ไม่แน่ใจว่าต้องแจ้งย้ายไหม",
        "not sure if I need to move",
        "house no 12 tax",  # a number is never negated
    ],
)
def test_what_a_negation_does_not_reach(index: MatcherIndex, text: str) -> None:
    """A negation stops at the end of its clause and never negates a filler, a hedge or a number."""
    found = tokens(text, index)
    assert not any(t.startswith(NEGATED) for t in found), found


@pytest.mark.parametrize(
    ("text", "words", "rest"),
    [
        ("ไม่ใช่ขยะชิ้นใหญ่นะคะ ขยะธรรมดา", ("มูลฝอย", "ชิ้นใหญ่", "ชิ้น", "ใหญ่"), "นะคะ ขยะธรรมดา"),
        ("ไม่ใช่ไปรับหมายเรียกนะครับ ลงบัญชีทหาร", ("รับหมายเรียก", "รับ", "หมายเรียก"), "นะครับ ลงบัญชีทหาร"),
        ("ไม่ใช่บัตรหายแต่หมดอายุ", ("บัตร", "หาย"), "แต่หมดอายุ"),  # the turn to what is wanted ends it
        ("ไม่ใช่ ขยะชิ้นใหญ่", ("มูลฝอย", "ชิ้นใหญ่", "ชิ้น", "ใหญ่"), ""),  # a space before the first word does not
        ("it's not bulky waste, just rubbish", ("ชิ้นใหญ่", "ชิ้น", "ใหญ่", "waste", "มูลฝอย"), "it's just rubbish"),
        ("my card isn't lost", ("lost", "หาย"), "my card"),
        # ไม่ได้ stressed by a particle corrects the reader, as ไม่ใช่ does: at the clause's end, or after a space
        ("ขายในบ้าน ไม่ได้ตั้งบนทางเท้านะคะ", ("ตั้ง", "บน", "ทางเท้า"), "ขายในบ้าน นะคะ"),
        ("ขายในบ้าน ไม่ได้ตั้งบนทางเท้า นะคะ", ("ตั้ง", "บน", "ทางเท้า"), "ขายในบ้าน นะคะ"),
        # a word of the vocabulary with a space in it is one clause's word, not two clauses
        ("ลูกเป็นเร็ทท์ ซินโดรม ไม่ได้ตั้งบนทางเท้านะคะ", ("ตั้ง", "บน", "ทางเท้า"), "ลูกเป็นเร็ทท์ ซินโดรม นะคะ"),
    ],
)
def test_what_it_is_not_is_read_apart(index: MatcherIndex, text: str, words: tuple[str, ...], rest: str) -> None:
    """ "It is not ..." (ไม่ใช่, is not, isn't) names what the citizen does not ask about: its words, up to the end of
    the clause or a turn to what is wanted, are the denial's, and the rest of the message is kept without them and
    without the negation."""
    denial = index.analyse(text).denial
    assert denial.words == words, denial
    assert denial.rest == normalise(rest), denial


@pytest.mark.parametrize(
    "text",
    [
        "บัตรไม่ได้หาย",  # "did not": what happened, often the question itself (ไม่ได้รับเบี้ย)
        "ศพไม่ได้เสียที่โรงพยาบาล เสียที่บ้าน",  # ... unless a particle stresses it as a correction
        "ทีมเราไม่ได้ชนะ",  # the นะ inside ชนะ (win) is no particle
        "รถขยะไม่มาเก็บ",  # a report of what did not happen
        "ยังไม่ได้แจ้งเกิด",  # "not yet": what is wanted
        "ไม่มีสด9",  # "have no": what is wanted
        "ไม่ใช่ค่ะ",  # a bare "no": no topic
        "ไม่ใช่หรอกค่ะ",
        "the truck did not come",
        "we have not registered the birth",
    ],
)
def test_other_negations_deny_nothing(index: MatcherIndex, text: str) -> None:
    """Only "it is not" names what is not asked about: other negations tell what happened or what is wanted."""
    assert index.analyse(text).denial.words == ()


def test_a_negation_inside_a_term_of_the_vocabulary_counts(index: MatcherIndex) -> None:
    """ "never registered" stands for ไม่ได้แจ้ง: its part แจ้ง is negated as it is in Thai text."""
    english = tokens("never registered the birth", index)
    thai = tokens("ไม่ได้แจ้งเกิด", index)
    assert {"แจ้ง", NEGATED + "แจ้ง"} <= set(english) & set(thai)


def test_a_negated_word_is_in_the_word_view_only() -> None:
    """Negated words are word features; the character view and the word pairs read the words as written."""
    words, chars = features(["แจ้ง", NEGATED + "แจ้ง", "เกิด"])
    plain_words, plain_chars = features(["แจ้ง", "เกิด"])
    assert chars == plain_chars
    assert words == plain_words + Counter({NEGATED + "แจ้ง": 1})


def test_english_words_add_the_thai_term(index: MatcherIndex) -> None:
    """English questions meet the Thai examples through the vocabulary's English map."""
    toks = tokens("How do I register a divorce?", index)
    assert "หย่า" in toks
    assert "divorce" in toks
    assert "ยกเลิก" in tokens("How do I deregister my shop?", index)
    # a light stem of plurals: taxes is tax, witnesses witness; status and basis are no plurals
    assert tokens("taxes witnesses status basis fees families", index)[:6] == [
        "tax", "witness", "status", "basis", "fee", "family"
    ]  # fmt: skip
    assert "ใบแจ้งย้าย" in tokens("got the moving-out slip, what next", index)
    # a phrase is read before its words: a child allowance is the newborn grant, not the elderly's allowance
    toks = tokens("Where do I apply for the 600 baht child allowance?", index)
    assert "เงินอุดหนุนเด็กแรกเกิด" in toks
    assert "เบี้ยยังชีพ" not in toks
    assert "เบี้ยยังชีพ" in tokens("old age allowance", index)
    disabled = tokens("How do I apply for the disabled child allowance?", index)  # a longer phrase first
    assert "คนพิการ" in disabled and "เงินอุดหนุนเด็กแรกเกิด" not in disabled
    # every way of writing square metres is the Thai unit (a shop's area tells a licence from a notification)
    for unit in ("square metre", "square metres", "square meters", "sqm", "sq m", "m2"):
        assert "ตารางเมตร" in tokens(f"a 150 {unit} shop", index), unit
    assert "ตารางเมตร" in tokens("ร้าน 150 ตร เมตร", index)
    assert "ตารางเมตร" in tokens("ร้าน 150 ตร.เมตร", index)


def test_english_contractions_leave_no_letters_behind(index: MatcherIndex) -> None:
    """newmm cuts I'm, baby's, we're, I've, I'd and we'll after the word: the endings are no words of their own (an
    "s" in 181 English examples weighed in every English question), and "can't" still negates."""
    toks = tokens("I'm adding my baby's name, we're sure I've got it, I'd say we'll go", index)
    assert {"m", "s", "re", "ve", "d", "ll"}.isdisjoint(toks)
    assert {"baby", "name"} <= set(toks)
    assert NEGATED + "afford" in tokens("I can't afford the land tax", index)


@pytest.mark.parametrize(
    "text", ["make will at district office", "her will leaves the house to me", "อยากทำ will ไว้ให้ลูก", "wills"]
)
def test_a_will_is_a_testament_and_will_alone_a_modal(index: MatcherIndex, text: str) -> None:
    """English "will" is mostly the modal (I will move), dropped as a stopword; after make, write, a possessive or
    ทำ, and in the plural, it is the testament."""
    assert "พินัยกรรม" in tokens(text, index)
    assert "พินัยกรรม" not in tokens("I will move to Bang Na next month", index)


def test_inflected_english_words_add_the_thai_term() -> None:
    """Regular English endings meet the vocabulary's key (extended -> extend, speakers -> speaker, closed -> close);
    a bare d after a key not ending in e is another word (card is not car + d)."""
    lexicon = build_lexicon(
        Vocabulary(english={"extend": "ต่ออายุ", "speaker": "เครื่องขยายเสียง", "close": "ปิด", "car": "รถ", "fee": "ค่า"})
    )
    assert "ค่า" in tokenise("what are the fees", lexicon) and "ค่า" not in tokenise("can i feed the dogs", lexicon)
    assert "ต่ออายุ" in tokenise("can my permit be extended", lexicon)
    assert "เครื่องขยายเสียง" in tokenise("we play music with speakers", lexicon)
    assert "ปิด" in tokenise("the shop closed", lexicon)
    assert "รถ" not in tokenise("my id card", lexicon)
    assert "รถ" in tokenise("two cars", lexicon)
    assert "รถ" not in tokenise("she cares for her mother", lexicon)
    assert "รถ" not in tokenise("caring for him", lexicon)


def test_default_dictionary_is_kept(index: MatcherIndex) -> None:
    """custom_dict replaces PyThaiNLP's dictionary, so ours must include it: common words still tokenise."""
    assert "สวัสดี" in index.lexicon.trie
    assert "สด9" in index.lexicon.trie
    assert tokenise("สวัสดีตอนเช้า", index.lexicon)[0] == "สวัสดี"


def test_layered_dictionary_equals_a_fresh_one_and_leaves_the_default_alone() -> None:
    """Our terms layered over PyThaiNLP's trie find exactly what one trie of both word lists finds, and the shared
    default trie gains nothing (other indexes and threads read it)."""
    from pythainlp.util import Trie

    from catalogue.matcher.lexicon import LayeredTrie, base_trie, base_words

    ours = ["สด9", "ทร14", "สวัสดีจ้า", "บัตรประชาชน", "ทะเบียนพาณิชย์", "ขอเลขที่บ้าน"]
    hidden = ["นคะ", "ไห", "ไม่มีคำนี้"]  # dictionary words (ไห begins others), and a word the dictionary never had
    base = base_trie()
    before = len(base)
    layered = LayeredTrie(base, ours, hidden)
    fresh = Trie([*(base_words() - set(hidden)), *ours])
    assert len(base) == before and "สด9" not in base and "สวัสดีจ้า" not in base and "นคะ" in base
    assert len(layered) == len(fresh) and "นคะ" not in layered and "นค" in layered
    assert "ไห" not in layered and "ไหน" in layered and "ไหม" in layered
    text = "สวัสดีจ้าขอเลขที่บ้านกับสด9และบัตรประชาชนทะเบียนพาณิชย์ทร14ไหนคะ"
    for start in range(len(text)):
        assert layered.prefixes(text, start) == fresh.prefixes(text, start)
    with pytest.raises(TypeError):
        layered.add("คำใหม่")


def test_a_rare_dictionary_word_does_not_swallow_a_particle(index: MatcherIndex) -> None:
    """PyThaiNLP's dictionary has นคะ (Pali, "mountain"): newmm cut ไหนคะ ("which?") into ไห (a jar) + นคะ. Left out
    of the matcher's dictionary, the question word and its particle are read, and dropped as carrying no topic."""
    assert tokens("สาขาไหนคะ", index) == tokens("สาขาไหนนนคะ", index) == ["สาขา"]  # elongated too
    assert tokens("ทำบัตรประชาชนสาขาไหนคะ", index) == tokens("ทำบัตรประชาชนสาขาไหนครับ", index)
    assert "นคะ" not in index.lexicon.words


def test_lost_and_a_particle_are_not_a_disaster(index: MatcherIndex) -> None:
    """หายนะ (a disaster) is in PyThaiNLP's dictionary: newmm read "บัตรหายนะครับ" (the card is lost) and the denial
    "ไม่ได้หายนะคะ" (it is not lost) as a disaster, and lost their one topic word. Left out of the matcher's
    dictionary, หาย is read, and the denial names the lost card it sets aside."""
    assert "หายนะ" not in index.lexicon.words
    assert tokens("บัตรหายนะครับ", index) == tokens("บัตรหายครับ", index)
    assert_answers(index, "บัตรหายนะครับ ทำใหม่ต้องใช้อะไรบ้าง", "id-card-lost-destroyed")
    assert_answers(index, "บัตรประชาชนไม่ได้หายนะคะ แค่หมดอายุไปเดือนก่อน ต้องทำใหม่ยังไง", "id-card-renewal-expired")


def test_a_common_misspelling_is_read_as_the_word(index: MatcherIndex) -> None:
    """ไหม่ is ใหม่ (new) with the wrong leading vowel: newmm cut it into ไห + ม่, and typo repair took the pieces for
    ไหม้ (burnt)."""
    assert tokens("ทำบัตรไหม่", index) == tokens("ทำบัตรใหม่", index)


def test_cue_marks(index: MatcherIndex) -> None:
    """A how-to question and a report of a problem carry their marks."""
    assert QUESTION_MARK in cues(normalise("แจ้งเกิดต้องทำยังไง"), index.lexicon)
    assert COMPLAINT_MARK in cues(normalise("รถขยะไม่มาเก็บสามวันแล้ว"), index.lexicon)
    assert cues(normalise("สวัสดี"), index.lexicon) == ()


def test_a_complaint_cue_in_a_licences_name_is_not_a_complaint(index: MatcherIndex) -> None:
    """อันตราย (danger) is a complaint cue, but in กิจการ(ที่เป็น)อันตราย it names a licence; a nuisance that is
    อันตรายต่อสุขภาพ (a danger to health) is still a report."""
    for licence in ("ขอใบอนุญาตประกอบกิจการที่เป็นอันตรายต่อสุขภาพ", "ร้านซักรีดต้องขอใบอนุญาตกิจการอันตรายไหม"):
        assert COMPLAINT_MARK not in cues(normalise(licence), index.lexicon)
        r = match(licence, index)
        assert (r.decision, r.intent, r.matches[0].id) == ("answer", "procedure", "health-hazard-business-license")
    for report in ("สายไฟห้อยต่ำ อันตรายมาก", "ข้างบ้านพ่นสีรถทั้งวัน อันตรายต่อสุขภาพ"):
        assert COMPLAINT_MARK in cues(normalise(report), index.lexicon)


def test_a_flood_that_dates_a_loss_is_not_a_report(index: MatcherIndex) -> None:
    """น้ำท่วม (a flood) is a complaint cue, but "during the flood" (ตอนน้ำท่วม, ช่วงน้ำท่วม, หลังน้ำท่วม) dates a
    document lost or spoilt: the request for a new one gets its clip (a report, with no service to ask for, got none);
    a flood reported now is still a report."""
    for request, procedure in (
        ("บัตรประชาชนหายไปตอนน้ำท่วม ทำใหม่ได้ไหม", "id-card-lost-destroyed"),
        ("ใบทะเบียนพาณิชย์เปื่อยช่วงน้ำท่วมปีก่อน ขอใบแทนยังไง", "commercial-registration-documents"),
    ):
        assert COMPLAINT_MARK not in cues(normalise(request), index.lexicon)
        assert match(request, index).matches[0].id == procedure
    for report in ("ตอนนี้น้ำท่วมซอยสูงมาก", "ซอยน้ำท่วมทุกครั้งที่ฝนตก"):
        assert COMPLAINT_MARK in cues(normalise(report), index.lexicon)
        assert (match(report, index).intent, match(report, index).matches) == ("complaint", ())


def test_a_polite_may_i_ask_is_not_a_nuisance(index: MatcherIndex) -> None:
    """รบกวน is a nuisance (เสียงดังรบกวน) and also how a polite request opens (รบกวนสอบถาม, "may I ask"): opened so,
    a question about a procedure still gets its clip, while a nuisance reported with the same word stays a report; an
    exception counts only where it starts and ends with a word (รบกวนพี่ is not inside รบกวนพี่น้อง)."""
    for polite, procedure in (
        ("รบกวนถามเรื่องแจ้งเกิดหน่อยครับ", "birth-registration"),
        ("รบกวนสอบถามค่ะ แจ้งตายต้องใช้อะไรบ้าง", "death-registration"),
        ("ขอรบกวนสอบถามเรื่องย้ายออกค่ะ", "move-out-notification"),
        ("รบกวนขอขั้นตอนจดทะเบียนสมรสหน่อยครับ", "marriage-registration"),
        ("รบกวนพี่ๆ ด้วยนะคะ เรื่องขอเลขที่บ้านใหม่", "house-number-request"),
        ("ขอโทษที่รบกวนนะคะ ขอถามเรื่องภาษีป้ายค่ะ", "signboard-tax"),
    ):
        r = match(polite, index)
        assert COMPLAINT_MARK not in r.analysis.marks, polite
        assert (r.intent, r.matches[0].id) == ("procedure", procedure), polite
    for nuisance in (
        "ร้านคาราโอเกะเปิดเพลงรบกวนทั้งคืน",
        "ส่งเสียงรบกวนชาวบ้านทุกคืน",
        "ไก่ข้างบ้านขันรบกวนด้วยค่ะ",
        "รถแห่โฆษณารบกวนพี่น้องทั้งซอยทุกวัน",  # not รบกวนพี่, "may I ask you"
        "รถแห่โฆษณาเสียงรบกวนขอให้ช่วยจัดการ",  # not รบกวนขอ..., a request
    ):
        r = match(nuisance, index)
        assert COMPLAINT_MARK in r.analysis.marks, nuisance
        assert (r.decision, r.intent) == ("none", "complaint"), nuisance


def test_an_exception_that_is_itself_a_cue_is_left_out() -> None:
    """An exception equal to a cue would switch the cue off everywhere."""
    lexicon = build_lexicon(Vocabulary(complaint_cues=["น้ำท่วม"], complaint_exceptions=["น้ำท่วม", "ประกันน้ำท่วม"]))
    assert lexicon.complaint_exceptions == ("ประกันน้ำท่วม",)
    assert cues("ซอยน้ำท่วม", lexicon) == (COMPLAINT_MARK,)
    assert cues("ซื้อประกันน้ำท่วม", lexicon) == ()


def test_asking_where_to_complain_is_a_report(index: MatcherIndex) -> None:
    """ "Where can I complain" asks, but about the report it makes: no permit's clip, only a service the citizen can
    request. Someone else's complaint, being complained about, a denied clause or a how-to that a district
    procedure answers keep their clip."""
    for report in (
        "Our neighbour extended his roof over our land. Where can I complain?",
        "ตึกข้างบ้านสร้างผิดแบบ จะร้องเรียนได้ที่ไหนคะ",
    ):
        r = assert_no_clip(index, report, "complaint")
        assert REPORT_MARK in r.analysis.marks
    r = match("The garbage truck skipped our street again, where can I complain?", index)
    assert (r.decision, r.intent, [m.id for m in r.matches]) == ("answer", "complaint", ["household-waste-collection"])
    asks = match("จะต่อเติมบ้าน กลัวโดนร้องเรียน ต้องขออนุญาตอะไรบ้าง", index)
    assert REPORT_MARK not in asks.analysis.marks and COMPLAINT_MARK not in asks.analysis.marks
    assert (asks.decision, asks.intent, asks.matches[0].id) == ("answer", "procedure", "building-modification-permit")
    for how_to, procedure in (
        ("จะต่อเติมหลังคาบ้าน กลัวเพื่อนบ้านจะร้องเรียน ต้องขออนุญาตอะไรบ้างคะ", "building-modification-permit"),
        ("ต่อเติมครัวหลังบ้านโดยไม่ขออนุญาต จะโดนร้องเรียนได้ไหม ต้องทำเรื่องขออนุญาตยังไง", "building-modification-permit"),
        ("ไม่ได้จะร้องเรียนนะคะ แค่อยากถามว่าขอใบอนุญาตต่อเติมบ้านยังไง", "building-modification-permit"),
        ("My land and building tax assessment is wrong. How can I complain about it?", "land-building-tax-objection"),
    ):
        r = match(how_to, index)
        assert REPORT_MARK not in r.analysis.marks
        assert procedure in [m.id for m in r.matches]


def test_report_questions_are_staff_data_and_not_a_feature() -> None:
    """A phrase staff add marks a report; only the decision reads the mark, not the learned model."""
    lexicon = build_lexicon(Vocabulary(report_questions=["แจ้งเรื่องได้ที่ไหน"]))
    assert REPORT_MARK in cues("ถนนพัง แจ้งเรื่องได้ที่ไหน", lexicon)
    assert cues("ถนนพัง แจ้งเรื่องได้ที่ไหน", build_lexicon(Vocabulary())) == ()
    assert features(["ถนน"], (REPORT_MARK,)) == features(["ถนน"], ())


@pytest.mark.parametrize(
    ("text", "asks_why"),
    [
        ("ทำไมต้องมีพยานสองคนตอนจดทะเบียนสมรส", True),
        ("บ้านเลขที่ชั่วคราวหมายถึงอะไรคะ", True),
        ("สด.9หมายถึงอะไร", True),  # a form code touching the cue
        ("why do i need a witness", True),
        ("what does tor ror 14 mean", True),
        ("ทำไม่ได้ค่ะ บัตรหาย", False),  # ทำไม่ (does not do) is not ทำไม (why)
        ("รับทำไม้ระแนงต้องขออนุญาตไหม", False),  # ทำไม้ (make wood)
        ("แจ้งตายไม่ทราบสาเหตุทำยังไง", False),
        ("does this mean i need to register", False),
        ("whyte street", False),
    ],
)
def test_explanation_mark(index: MatcherIndex, text: str, asks_why: bool) -> None:
    """A question about why, or what a word means, carries its mark; a cue inside a longer syllable or word does not."""
    assert (EXPLANATION_MARK in cues(normalise(text), index.lexicon)) is asks_why


def test_explanation_cues_are_staff_data() -> None:
    """A cue staff add takes effect; with no cues at all only the built-in English "what does ... mean" remains."""
    lexicon = build_lexicon(Vocabulary(explanation_cues=["อยากรู้เหตุผล"]))
    assert EXPLANATION_MARK in cues("อยากรู้เหตุผลที่ต้องใช้พยาน", lexicon)
    bare = build_lexicon(Vocabulary())
    assert bare.explanation_pattern is None
    assert cues("ทำไมต้องใช้พยาน", bare) == ()


def test_a_long_story_is_measured_on_its_normalised_length(index: MatcherIndex) -> None:
    """The smaller lead for long messages starts at ``long_chars`` characters of normalised text: the same message
    is a choice when the bar is set just above its length and an answer when set at it."""
    import dataclasses

    from catalogue.matcher import build_index
    from catalogue.seed import load_seed

    story = (
        "ลูกสาวอายุ 15 จะไปเรียนแลกเปลี่ยนที่ญี่ปุ่นหนึ่งปีค่ะ ดิฉันกับพ่อเขาหย่ากันแล้ว พ่อเขาอยู่ต่างจังหวัด "
        "ต้องให้พ่อเขามาเซ็นยินยอมให้ลูกเดินทางที่เขตด้วยไหมคะ"
    )
    size = len(match(story, index).analysis.normalised)
    catalogue = load_seed()
    above = build_index(catalogue, dataclasses.replace(index.config, long_chars=size + 1, answer_margin=0.9))
    at = build_index(catalogue, dataclasses.replace(index.config, long_chars=size, answer_margin=0.9))
    assert match(story, above).decision == "choose"
    assert match(story, at).decision == "answer"


def test_a_why_in_a_clause_set_aside_does_not_count(index: MatcherIndex) -> None:
    """ "I am not asking why; only what to bring": the question is the second clause."""
    r = match("ไม่ได้ถามว่าทำไมต้องย้าย แค่อยากรู้ว่าย้ายเข้าใช้อะไร", index)
    assert EXPLANATION_MARK not in r.analysis.marks and r.decision == "answer"


def test_explanation_mark_is_not_a_feature() -> None:
    """Only the decision reads the explanation mark: the word view is the same with it or without."""
    assert features(["ทะเบียนบ้าน"], (QUESTION_MARK, EXPLANATION_MARK)) == features(["ทะเบียนบ้าน"], (QUESTION_MARK,))


def test_vocabulary_is_data_not_code() -> None:
    """A new synonym in the vocabulary changes tokenisation without a code change."""
    lexicon = build_lexicon(Vocabulary(synonyms={"ใบขับขี่": ["ใบขับขี่รถ"], "หมาแมว": ["สัตว์เลี้ยง"]}))
    assert tokenise(normalise("สัตว์เลี้ยง"), lexicon) == ["หมาแมว", "หมา", "แมว"]


_HAZARD = "กิจการที่เป็นอันตรายต่อสุขภาพ"


@pytest.mark.parametrize(
    "text",
    [
        "เปิดคาร์แคร์ต้องขออะไร",  # one member the segmenter cuts in two (คาร์ + แคร์)
        "จะเปิด ร้านทำผม ค่ะ",  # a member with a stopword inside (ทำ)
        "opening two car washes",  # English words, plural
        "ขอใบอนุญาตประกอบกิจการที่เป็นอันตรายต่อสุขภาพ",  # the group's own name
        "ร้านทำผมกับคาร์แคร์",  # two members: the group once
    ],
)
def test_a_member_of_a_group_also_stands_for_the_group(text: str) -> None:
    """A group's member adds the group's word after the words, once; the words themselves are as without the group."""
    grouped = build_lexicon(Vocabulary(groups={_HAZARD: ["คาร์แคร์", "car wash", "ร้านทำผม"]}))
    plain = build_lexicon(Vocabulary())
    normalised = normalise(text)
    assert tokenise(normalised, grouped) == [*tokenise(normalised, plain), GROUP + _HAZARD]


@pytest.mark.parametrize("text", ["ทำบัตรสักทีค่ะ", "ร้านทำ", "car washing machine? no: a car, washed"])
def test_words_that_only_begin_a_member_are_no_member(text: str) -> None:
    """Only a whole member counts: สักที is not ร้านสัก, a shop that does (ร้านทำ) no hair salon, a washing machine or
    a car washed no car wash."""
    lexicon = build_lexicon(Vocabulary(groups={_HAZARD: ["ร้านสัก", "ร้านทำผม", "car wash"]}))
    assert not [t for t in tokenise(normalise(text), lexicon) if t.startswith(GROUP)]


def test_a_group_is_a_word_of_its_own_not_letters() -> None:
    """The group's word is a unigram of the word view only: no bigram with the word before it, no 3-grams."""
    words, chars = features(["คาร์", "แคร์", GROUP + _HAZARD])
    assert words[GROUP + _HAZARD] == 1
    assert not [w for w in words if "_" in w and GROUP in w]
    assert chars == features(["คาร์", "แคร์"])[1]


def test_a_misspelt_member_repaired_brings_its_group(index: MatcherIndex) -> None:
    """Typo repair keeps the groups tokenise() found and adds those of a word it repaired to a member (ฟิตเนต ->
    ฟิตเนส, a gym); the seed's group of businesses hazardous to health then finds the licence."""
    repaired = index.correct(tokens("เปิดร้านฟิตเนตต้องขออนุญาตไหม", index))
    assert "ฟิตเนส" in repaired and repaired[-1] == GROUP + _HAZARD
    assert index.correct(tokens("ร้านคาร์แคร์", index)).count(GROUP + _HAZARD) == 1
