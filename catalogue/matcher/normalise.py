"""Stage 1: turn whatever a citizen typed into one canonical string.

Pure functions, no I/O. The output keeps Thai and Latin text, lower-cased, with single spaces, and drops what carries
no topic: emoji, zero-width and control characters, repeated letters ("ค่าาาา"), laughter ("5555"), and dots inside
abbreviations (ท.ร.14 -> ทร14) so every spelling of a form code meets one token.
"""

from __future__ import annotations

import re
import unicodedata

from pythainlp import (
    thai_above_vowels,
    thai_below_vowels,
    thai_consonants,
    thai_follow_vowels,
    thai_lead_vowels,
    thai_tonemarks,
)
from pythainlp.corpus import thai_words
from pythainlp.tokenize import word_dict_trie
from pythainlp.util import normalize as thai_normalize
from pythainlp.util import thai_digit_to_arabic_digit

#: Longest message the matcher reads whole. A LINE text can be 5,000 characters; citizens who tell a story before
#: their question stay well within 1,500, so that is read in full (the story's middle often names the procedure). A
#: longer text is read as its head and its tail, which keeps the time per message bounded whatever arrives.
HEAD_CHARS = 1000
TAIL_CHARS = 500
MAX_CHARS = HEAD_CHARS + TAIL_CHARS + 1

_ZERO_WIDTH = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff\u00ad\u200e\u200f"), None)
_THAI_BLOCK = re.compile(r"[\u0e00-\u0e7f]")
# Three or more of the same character, not a digit: elongation for emphasis ("ค่าาาา", "ดีมากกกก"); 1000 is a number.
_ELONGATION = re.compile(r"(\D)\1{2,}")
_THAI_CONSONANTS = frozenset(thai_consonants)
#: How far around a run of letters the words that meet in it are looked for (a few dictionary words are longer: long
#: compounds, which a run of three letters does not split).
_WORD_REACH = 40
# Thai "laughing" 555 (ห้า ห้า ห้า) is its own token, not a number someone asked about; but a run of fives before a
# unit of area or money is a number (ร้าน 555 ตร.ม., a shop of 555 square metres; ค่าปรับ 555 บาท). Not before a count
# word: วัน, ปี, คน, ตัว begin too many words laughter comes before (555 วันนี้, 5555 ตัวเอง).
_MEASURED = r"\s*-?\s*(?:ตร\.? ?(?:[มว]|เมตร)|ตาราง|เมตร|ไร่|บาท|(?:sq|sqm|m2|square|baht)(?![a-z])|m²)"
_LAUGHTER = re.compile(rf"(?<!\d)5{{3,}}(?!\d)(?!{_MEASURED})|(?:ฮ่?า){{2,}}|(?:lol)+|(?:ha){{2,}}")
# A dot between two word characters, or after a Thai letter, is part of an abbreviation (ท.ร.14, สด.9, ภ.ด.ส.).
_ABBREV_DOT = re.compile(r"(?<=[\u0e00-\u0e7fA-Za-z0-9])\.(?=[\u0e00-\u0e7fA-Za-z0-9]|\s|$)")
_SPACES = re.compile(r"\s+")
#: The comma between groups of digits (1,000).
_DIGIT_GROUPS = re.compile(r"(?<=\d),(?=\d{3}(?!\d))")
#: A number with a fraction (150.5, 185.50; not a date or a phone number's dotted run, 4.12.2569), and whether a unit
#: of area or money follows it.
_FRACTION = re.compile(rf"(?<![\d.])(\d+)\.(\d+)(?![\d.])(?P<measured>(?={_MEASURED}))?")
_MAIYAMOK = "\u0e46"  # ๆ: repeat the previous word; it adds no topic, so it is dropped

# What PyThaiNLP's normalize() can change, read off its rules in PyThaiNLP 5.4 (zero-width characters, repeated or
# leading spaces, a space or nothing before a mark, marks in the wrong order, a vowel or mark typed twice, two tone
# marks, ๅ for า).
# Most messages have none of it, and normalize() runs some thirty substitutions over the whole text whatever it
# holds (a quarter of a millisecond on a long story), so it runs only where one of these is found; a property test
# checks that a text without them is one normalize() leaves as it is.
_MARKS = f"{thai_above_vowels}{thai_below_vowels}{thai_tonemarks}\u0e3a\u0e4c\u0e4d\u0e4e"
_NO_REPEAT = f"{thai_follow_vowels}{thai_lead_vowels}{_MARKS}"
#: Vowels and marks written after a consonant: no Thai word starts with one.
AFTER_CONSONANT = frozenset(thai_follow_vowels + _MARKS)
_THAI_NORMALIZE_CHANGES = re.compile(
    "|".join(
        (
            "[\u200b\u200c\n]",
            "^\\s|\\s$|  ",
            f"(?:^| )[{_MARKS}]",
            f"[{thai_tonemarks}\u0e4c][{thai_above_vowels}{thai_below_vowels}]",
            f"\u0e4d[{thai_tonemarks}]*\u0e32",
            f"[{thai_follow_vowels}][{thai_tonemarks}]",
            "\u0e45",
            f"([{_NO_REPEAT}]) *\\1",
            f"[{thai_tonemarks}]{{2}}",
        )
    )
)


#: Entries of PyThaiNLP's dictionary the matcher does not take for words (``lexicon.py`` leaves them out of the
#: dictionary it segments with, and :func:`_shorten` does not read them): words that swallow an everyday particle, or
#: its first letter. นคะ (Pali, "mountain") made newmm cut ไหนคะ ("which?", "where?") into ไห (a jar) + นคะ, so
#: "สาขาไหนคะ" and "อยู่ไหนคะ" carried two nonsense words and lost their question word. หายนะ (a disaster) swallowed
#: the particle after หาย (lost): "บัตรหายนะครับ" and the denial "ไม่ได้หายนะคะ" lost their one topic word.
NOT_WORDS = frozenset({"นคะ", "หายนะ"})


def _shorten(run: re.Match[str]) -> str:
    """One of a repeated character, unless the run is three of a Thai consonant where two words meet.

    A dictionary word (of three letters or more) that starts inside the run and goes on past it says a word begins
    there; a dictionary word that ends at that point, begun before the run, says one ends there. Both: the run is
    two words meeting and stays (แบบ + บ้าน, ขอ + ออก, คน + นนทบุรี). Only the word after: an elongated word before it,
    which keeps what the word after needs (ย้ายออกกกับ is ออก + กับ, บ้านนนี้ is บ้าน + นี้). Neither: an elongation
    (มากกก, จริงงงเลย, ดีมากกกครับ; กค, two letters, is too short to tell). PyThaiNLP's own dictionary decides (less
    ``NOT_WORDS``: ไหนนนคะ is ไหน + คะ), not the catalogue's terms: they are normalised by this very function."""
    letters = run.group(0)
    if len(letters) != 3 or letters[0] not in _THAI_CONSONANTS:
        return letters[0]
    text, start, end = run.string, run.start(), run.end()
    trie, words = word_dict_trie(), thai_words()
    kept = letters[0]
    for at in (start + 1, start + 2):
        found = trie.prefixes(text[at : end + _WORD_REACH])
        if any(len(word) > 2 and at + len(word) > end and word not in NOT_WORDS for word in found):
            if any(text[before:at] in words for before in range(max(0, at - _WORD_REACH), start)):
                return letters
            kept = letters[: at - start]
    return kept


#: Latin letters beyond ASCII (Latin-1 Supplement to Latin Extended-B, and Latin Extended Additional), and the
#: full-width letters and digits of an East Asian keyboard.
_LATIN_FOLDED = re.compile(r"[\u00c0-\u024f\u1e00-\u1eff\uff10-\uff19\uff21-\uff3a\uff41-\uff5a]")


def _fold_char(ch: str) -> str:
    """A Latin letter without its accent (é is e, ǆ is dz) and a full-width letter or digit as ASCII; any other
    character (ß, æ, a symbol) as it is."""
    if "\uff10" <= ch <= "\uff5a":
        return chr(ord(ch) - 0xFEE0)
    if not unicodedata.category(ch).startswith("L"):
        return ch
    bare = "".join(c for c in unicodedata.normalize("NFKD", ch) if not unicodedata.combining(c))
    return bare if bare.isascii() and bare.isalpha() else ch


def _fold_latin(text: str) -> str:
    """``text`` with its accented and full-width Latin folded to ASCII (café is cafe, as the vocabulary spells English
    words: the tokeniser keeps only a to z, so café was "caf"). Thai is untouched: NFKD would split ำ."""
    return _LATIN_FOLDED.sub(lambda m: _fold_char(m.group()), text)


def _keep_char(ch: str) -> str:
    """Map one character to itself or a space, by its Unicode category."""
    if _THAI_BLOCK.match(ch):
        return ch
    cat = unicodedata.category(ch)
    if cat[0] in "LN":
        return ch
    if cat in ("Zs", "Cc") or ch in "\n\t\r":
        return " "
    if cat[0] == "P" and ch in ".-/'’":
        # kept for now: dots make abbreviations, '/' appears in form codes (ท.ร.4/1), '-' and apostrophes in
        # English; the rest of punctuation separates words.
        return "'" if ch == "’" else ch
    # emoji (So), symbols, other punctuation, private-use and unassigned characters separate words
    return " "


#: Characters below this (Latin, Thai, punctuation, most symbols) are remembered by the translate table; the rest
#: (emoji, CJK, anything a hostile message holds) are worked out each time, so the table stays small.
_REMEMBERED_BELOW = 0x3000


class _KeepTable(dict[int, str]):
    """``str.translate`` table of :func:`_keep_char`, filled on first sight of each common character (one dictionary
    lookup per character afterwards, in C)."""

    def __missing__(self, ordinal: int) -> str:
        kept = _keep_char(chr(ordinal))
        if ordinal < _REMEMBERED_BELOW:
            self[ordinal] = kept
        return kept


_KEEP = _KeepTable()


def clean(text: str) -> str:
    """First pass, safe before keyboard-layout rescue: NFC, Latin without accents (``_fold_latin``), no zero-width or
    control characters, bounded length.

    Punctuation is kept here because on the Thai keyboard layout ``; [ ] ' , . / = -`` are Thai letters.
    """
    if not text:
        return ""
    if len(text) > 4 * MAX_CHARS:
        text = text[: 2 * HEAD_CHARS] + " " + text[-2 * TAIL_CHARS :]
    text = unicodedata.normalize("NFC", text).translate(_ZERO_WIDTH)
    if not text.isascii():
        text = _fold_latin(text)
    if not text.isprintable():  # control characters and line or paragraph separators are not printable
        text = "".join(" " if unicodedata.category(ch) in ("Cc", "Zl", "Zp") else ch for ch in text)
    text = _SPACES.sub(" ", text).strip()
    if len(text) > MAX_CHARS:
        text = text[:HEAD_CHARS] + " " + text[-TAIL_CHARS:]
    return text


def normalise(text: str) -> str:
    """Return the canonical form of a message: NFC, Thai-normalised, lower case, topic-free noise removed."""
    return normalise_clean(clean(text))


def _whole(m: re.Match[str]) -> str:
    """A number with a fraction as a whole number: a fraction says nothing of a topic (เวลา 10.30 is 10). A number
    before a unit of area or money is rounded up, so that an area stays on its side of any whole limit it is read
    against (200.5 square metres is over 200, as 201 is; 199.9 within it, as 200 is; 200.0 is 200). Not exact for a
    product (10.5x20) or a comparison with a fraction ("over 199.5" is read as over 200)."""
    whole = int(m.group(1))
    return str(whole + 1 if m.group("measured") is not None and m.group(2).strip("0") else whole)


def normalise_clean(text: str) -> str:
    """:func:`normalise` of a text that :func:`clean` has already cleaned."""
    if not text:
        return ""
    text = thai_digit_to_arabic_digit(text)
    if "," in text or "." in text:
        text = _FRACTION.sub(_whole, _DIGIT_GROUPS.sub("", text))  # 1,000 is one number; 150.5 is 150 (151 as an area)
    text = text.translate(_KEEP)
    text = text.lower()
    text = _LAUGHTER.sub(" ", text)
    text = _ELONGATION.sub(_shorten, text)
    # Punctuation and laughter have just become spaces: collapsed first, they do not wake normalize(), whose own
    # first step (after zero-width characters, gone already) collapses them the same way.
    text = _SPACES.sub(" ", text).strip()
    if _THAI_NORMALIZE_CHANGES.search(text):
        text = thai_normalize(text)
    text = text.replace(_MAIYAMOK, " ")
    text = _ABBREV_DOT.sub("", text)
    text = text.replace(".", " ")
    return _SPACES.sub(" ", text).strip()


def thai_share(text: str) -> float:
    """Share of the letters in ``text`` that are Thai (0.0 for text with no letters)."""
    letters = [ch for ch in text if ch.isalpha() or _THAI_BLOCK.match(ch)]
    if not letters:
        return 0.0
    return sum(1 for ch in letters if _THAI_BLOCK.match(ch)) / len(letters)


#: Words that deny what follows them, at the start of a Thai clause ("ไม่ได้ติดป้ายนะคะ แค่จะ...").
_DENIALS = ("ไม่ได้", "ไม่ใช่", "มิได้")
#: Words that open a Thai clause set against the one before it ("..., แต่ ...", "..., แค่ ...": but, only).
_CONTRASTS = ("แต่", "แค่", "เพียงแค่", "เพียงแต่")
#: After an outright denial, a clause saying what the citizen wants instead also sets it aside ("..., อยาก ...").
INSTEAD = (*_CONTRASTS, "อยาก")
_NEGATION = "ไม่"


#: Openings of a Thai clause that says what the citizen does not mean or intend ("ไม่ได้จะถามเรื่องเบี้ยนะคะ", "ไม่ได้จะ
#: ตั้งนามสกุลใหม่"): unlike a plain denial (ไม่ได้รับเบี้ย, "did not get the allowance", is often the question itself),
#: it names a topic only to set it aside, wherever the clause stands.
_DISOWNED = ("ไม่ได้จะ", "ไม่ได้ถาม", "ไม่ได้หมายถึง")

#: After ไม่: the clause says what is not asked about or meant, so what comes before it is no topic.
_NOT_ASKED = ("ได้ถาม", "ได้หมายถึง", "ได้พูดถึง", "ได้สนใจ", "ได้ต้องการ", "ได้อยาก", "ได้จะ", "ใช่")


def _before_negation(clause: str) -> str:
    """The part of a clause before its negation and the ยัง (yet) or ก็ (then) that leads to it; nothing when the
    negation says what is not asked about ("เบี้ยผู้สูงอายุไม่ได้ถามค่ะ": the allowance is not the question)."""
    at = clause.find(_NEGATION)
    if clause.startswith(_NOT_ASKED, at + len(_NEGATION)):
        return ""
    for aux in ("ยัง", "ก็"):
        if clause[:at].endswith(aux):
            at -= len(aux)
    return clause[:at]


#: "But" or "only" inside a clause: not the แต่ of แต่งงาน (to marry), แต่ละ (each) or ตั้งแต่ (since).
_CONTRAST_WORD = re.compile(r"(?<!ตั้ง)(?:เพียงแค่|เพียงแต่|แค่|แต่(?!ง|ละ))")


def _after_contrast(clause: str) -> str:
    """What a clause that disowns a topic goes on to want, from its "but" or "only" on ("ไม่ได้จะสร้างใหม่แค่จะต่อเติม"
    wants the extension); nothing when it wants nothing else."""
    found = _CONTRAST_WORD.search(clause, len("ไม่ได้"))
    return clause[found.start() :] if found else ""


#: "Like X?" ending a Thai question: เหมือน (with กับ, ตอน or อย่าง), แบบเดียวกับ or เช่นเดียวกับ, then what it compares
#: with (X: 2 to 20 letters), then a question particle (with ได้ before it) and polite particles that end the clause.
#: Not เหมือนเดิม or เหมือนเก่า (as before), เหมือนกัน (the same, too), เหมือนจะ or เหมือนว่า (it seems), which compare
#: with nothing; not after ไม่ (differs from), ดู or รู้สึก (seems), หน้า or ตา (looks like) or ให้ (to make it like:
#: นามสกุลให้เหมือนสามี); not a bare แบบ (like), which is also a building's plans (ต้องยื่นแบบบ้านไหม) and a form. X
#: holds no ต้อง, จะ, คิด or โดน, and no จด, แก้, ยื่น, ขอ, เปลี่ยน, ย้าย or แจ้ง but its first words: Thai runs words
#: together, and a comparison that reaches a verb of a request has swallowed the request itself ("ชื่อร้านเหมือนร้าน
#: อื่นจดทะเบียนพาณิชย์ได้ไหม", "ชื่อร้านเหมือนร้านอื่นเปลี่ยนชื่อได้ไหม"), while one that opens with it names a
#: procedure ("เหมือนจดทะเบียนสมรสไหม", "เหมือนแจ้งย้ายปลายทางไหม").
_REQUEST_VERBS = "จด|แก้|ยื่น|ขอ|เปลี่ยน|ย้าย|แจ้ง"
_COMPARED = re.compile(
    r"(?<!ไม่)(?<!ดู)(?<!รู้สึก)(?<!หน้า)(?<!ตา)(?<!ให้)"
    r"(?:เหมือน(?:กับ|ตอน|อย่าง)?|แบบเดียวกับ|เช่นเดียวกับ)(?!เดิม|กัน|จะ|ว่า|เก่า)"
    rf"(?:{_REQUEST_VERBS}){{0,2}}(?:(?!ต้อง|จะ|คิด|โดน|{_REQUEST_VERBS})\S){{2,20}}?"
    r"(?=(?:ได้)?(?:ไหม|ไม๊|มั้ย|มั๊ย|มั๋ย|หรือเปล่า|รึเปล่า|หรือไม่|ป่าว|ป่ะ)"
    r"(?:ครับผม|ครับ|คับ|ค้าบ|ค่ะ|คะ|ฮะ|จ้ะ|จ๊ะ|จ้า|นะ|อะ|อ่ะ)*(?:\s|$))"
)


def without_compared(text: str) -> str:
    """Drop what a Thai question compares its topic with, in normalised text: "พาสปอร์ตหมดอายุ ไปต่อที่เขตเหมือน
    บัตรประชาชนได้มั้ยคะ" (can the passport be renewed at the district like the ID card?) asks about the passport, and
    "ต้องเสีย 100 บาทเหมือนคนทำบัตรหายไหม" (do I pay 100 baht like someone who lost the card?) about a card that is not
    lost: the ID card is what the citizen knows, not what they ask about. Only a comparison that ends a question
    (``_COMPARED``): "สูติบัตรก็เขียนเหมือนบัตรประชาชน" (the birth certificate is spelt as the ID card) and "คิดอัตรา
    เหมือนบ้านหลังที่สอง" (taxed as a second home) tell a fact of the story and stay. When what is left holds no word
    the catalogue knows, the matcher reads the whole message (``MatcherIndex.analyse``)."""
    return _COMPARED.sub("", text) if "เหมือน" in text or "เดียวกับ" in text else text


def without_denied(text: str) -> str:
    """Drop the clauses a citizen denies before saying what they do want, in normalised text.

    Thai sets a denied clause against the wanted one: "ไม่ได้ขอเบี้ยรายเดือนนะคะ อยากได้เงินก้อน" (not the monthly
    allowance: a lump sum), "บัตรยังไม่หมดอายุ แต่ซักไปกับกางเกง" (not expired, but washed). A clause is dropped
    only when it is set against the next one: it opens with a denial and the next clause opens with "but", "only" or
    "want", or it holds a negation and the next one opens with "but" or "only", and then only from the negation on
    (with ยัง or ก็ before it) unless it says what is not asked about: "บัตรยังไม่หมดอายุ แต่มันหัก..." and
    "ภาษีป้ายยังไม่ได้จ่าย แต่..." keep บัตร and ภาษีป้าย, what they are about; "เบี้ยผู้สูงอายุไม่ได้ถามค่ะ แต่..."
    keeps nothing of its clause. Denials in a row are each set against the clause that stands after them
    ("บัตรไม่ได้หาย ไม่ได้ชำรุด แค่หมดอายุ": not lost, not damaged, only expired). A clause that disowns a topic
    (``_DISOWNED``: "ไม่ได้จะถามเรื่องเบี้ยนะคะ", not asking about the allowance) is dropped wherever it stands, but
    for what it goes on to want after its own "but" or "only"; what is left may be no topic at all (the matcher then
    reads the whole message). A denial standing alone stays ("ไม่ได้รับเบี้ยยังชีพ" is the question itself), and so
    does a "not yet" (ยังไม่ได้แจ้งเกิด). English is left as it is (its clauses are not told apart by spaces).
    """
    clauses = text.split(" ")
    if len(clauses) < 2:
        return text
    kept: list[str] = []
    following = ""  # the clause after this one that stands: a denial set against the one after it does not
    for clause in reversed(clauses):
        if clause.startswith(_DISOWNED):
            clause = _after_contrast(clause)
            if not clause:
                continue
        if clause.startswith(_DENIALS) and len(clause) > 6 and following.startswith(INSTEAD):
            continue  # denied: the clause before it is set against what follows it too
        if _NEGATION in clause and following.startswith(_CONTRASTS):
            clause = _before_negation(clause)
            if not clause:
                continue
        kept.append(clause)
        following = clause
    return " ".join(reversed(kept))
