"""Stage 3: split normalised text into canonical topic words.

newmm over PyThaiNLP's dictionary plus the catalogue's terms keeps domain words whole (สด9, ทะเบียนพาณิชย์);
synonyms then map everyday words onto the official ones (แต่งงาน -> สมรส), multi-word terms also yield their parts
so that "ภาษีที่ดินและสิ่งปลูกสร้าง" still shares ภาษี and ที่ดิน with a shorter question, English words add the Thai
term they stand for, words that carry no topic (particles, question words) are dropped, and a word under a negation
(ไม่ทัน, never married) also yields its negated form, a word of its own.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from catalogue.matcher.lexicon import GROUP, Lexicon, english_key, groups_of, segment
from catalogue.matcher.normalise import INSTEAD

_WORDISH = re.compile(r"[\u0e00-\u0e7fa-z0-9]")
_LATIN_ONLY = re.compile(r"^[a-z][a-z'\-]*$")
_EDGE_PUNCT = "-/'"
#: Thai letters with a number written against them (สันติสุข14, ทร14, ทร4/1). The lookbehind makes the engine try
#: only the start of each run of letters, so a long unspaced Thai message costs one pass, not one per letter.
_LETTERS_NUMBER = re.compile(r"(?<![\u0e01-\u0e4e])([\u0e01-\u0e4e]+)(\d+)")


def _code_at_end(letters: str, code_letters: str, lexicon: Lexicon) -> bool:
    """Whether ``letters`` end with ``code_letters`` as a word of their own (ยื่น|ทร), not inside a word (สุข).

    They do when the letters' own segmentation ends a word where the code starts, or when the letters before the code
    are dictionary words and reading the code apart takes no more words than the letters' segmentation: that one had
    to break a word to use the code's letters (ขั้นตอน|อ read as ขั้น|ตอ|นอ, เรื่อง|อ as เรือ|งอ), where สันติสุข is one
    word and ซอย|สันติ|สุ|ข would be four.
    """
    if not letters.endswith(code_letters):
        return False
    start = len(letters) - len(code_letters)
    if start == 0:
        return True
    pieces = segment(letters, lexicon)
    ends = 0
    for piece in pieces:
        ends += len(piece)
        if ends >= start:
            if ends == start:
                return True
            break
    before = segment(letters[:start], lexicon)
    return len(before) + 1 <= len(pieces) and all(piece in lexicon.words for piece in before)


def numbers_apart(text: str, lexicon: Lexicon) -> str:
    """``text`` with a space between Thai letters and the number after them, unless a form code the vocabulary knows
    (ทร14, สด9, ทร4/1) ends the letters as a word of its own and takes the whole number (ยื่นทร14, ขอสด9): the segmenter
    would otherwise find a code inside a soi's name and number (ซอยสันติสุข14 -> สันติ + สุ + ข1 + 4, the
    building-permit form; ซอยสันติสุข1 the same)."""

    def apart(m: re.Match[str]) -> str:
        letters, digits, number_on = m.group(1), m.group(2), text[m.start(2) :]
        for code_letters, rest in lexicon.codes:
            if (
                number_on.startswith(rest)
                and len(rest) >= len(digits)
                and not number_on[len(rest) : len(rest) + 1].isdigit()
                and _code_at_end(letters, code_letters, lexicon)
            ):
                return m.group(0)
        return f"{letters} {digits}"

    if not lexicon.codes:
        return text
    return _LETTERS_NUMBER.sub(apart, text)


#: Prefix of a word said not to happen (ไม่ทัน "not in time", ไม่เคยจดทะเบียนสมรส "never registered a marriage"): the
#: word itself is kept, and the negated word is a word-view feature of its own, which tells a late birth from one on
#: time and a certificate of being single from a marriage.
NEGATED = "¬"
_NEGATORS = frozenset(
    {"ไม่", "ไม่ได้", "ยังไม่", "มิ", "มิได้", "ไม่เคย", "no", "not", "never", "without", "t"}  # t: of didn't
    | {"dont", "didnt", "doesnt", "havent", "hasnt", "cant", "cannot", "couldnt", "wont", "wouldnt", "shouldnt"}
    | {"isnt", "arent", "wasnt", "werent"}
)
#: Words between a negator and the word it negates (ไม่ได้ไปแจ้ง, ยังไม่เคยจด, ไม่สามารถแจ้ง, not yet registered,
#: never been married, don't have a birth certificate, not able to register).
_NEGATION_AUXILIARIES = frozenset(
    {"ได้", "เคย", "ยัง", "มี", "ไป", "มา", "ทำ", "ทำการ", "สามารถ"}
    | {"yet", "ever", "been", "be", "have", "get", "got", "able", "to", "a", "an", "the", "any", "my", "our"}
)
#: Words a negation makes a hedge, not a negated topic (ไม่ใช่ "it is not", ไม่แน่ใจ / not sure).
_HEDGES = frozenset({"ใช่", "แน่ใจ", "sure"})
#: English endings newmm cuts off the word before (I'm, baby's, we're, I've, I'd, we'll): no topic of their own.
_CLITICS = frozenset({"'s", "'m", "'re", "'ve", "'d", "'ll"})


def _read(pieces: Iterable[str]) -> list[tuple[str, bool]]:
    """The words among segmented pieces (letters or digits, without edge punctuation), each with whether a negation
    applies to it; the negators themselves are left out.

    A negation applies to the next word that is not an auxiliary (ไม่ได้ **แจ้ง**, never been **married**), within
    its clause: a Thai negation ends at a space (ทำบัตรไม่ได้ บัตรหาย: "cannot", then a new clause; English puts a
    space between any two words, and normalised text has no punctuation left to end its clauses). Numbers and hedges
    (ไม่ใช่, not sure) are never negated.
    """
    words: list[tuple[str, bool]] = []
    pending = ""  # the language of a negation waiting for its word: "th", "en" or none
    for piece in pieces:
        if piece in _CLITICS:
            continue
        word = piece.strip(_EDGE_PUNCT + " ")
        if not word or not _WORDISH.search(word):
            if pending == "th" or not piece.isspace():
                pending = ""
            continue
        if word in _NEGATORS:
            pending = "en" if word.isascii() else "th"
            continue
        if pending and word in _NEGATION_AUXILIARIES:
            words.append((word, False))
            continue
        words.append((word, bool(pending) and not word[0].isdigit() and word not in _HEDGES))
        pending = ""
    return words


def _stem_english(word: str) -> str:
    """A light, predictable English stem: plural and possessive endings only (fees -> fee, taxes -> tax, witnesses ->
    witness, families -> family; status, bonus and basis are no plurals)."""
    if word.endswith("'s"):
        word = word[:-2]
    if len(word) > 4 and word.endswith("ies"):
        return word[:-3] + "y"
    if len(word) > 4 and word.endswith(("sses", "xes", "ches", "shes", "zzes")):
        return word[:-2]
    if len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "us", "is")):
        return word[:-1]
    return word


def tokenise(text: str, lexicon: Lexicon) -> list[str]:
    """Return the canonical topic tokens of normalised ``text`` (stopwords removed, synonyms applied, negated words
    added after the words they negate)."""
    if not text:
        return []
    extra: list[str] = []
    if lexicon.english_pattern is not None:
        for m in lexicon.english_pattern.finditer(text):
            key = english_key(m)
            if key is not None:
                extra.extend(lexicon.english_map.get(key, "").split())
    if lexicon.phrase_pattern is not None:
        text = lexicon.phrase_pattern.sub(lambda m: " " + lexicon.phrase_map[m.group(0)] + " ", text)

    tokens: list[str] = []
    text = numbers_apart(text, lexicon)
    # The Thai terms of English words come after the words as written, so no negation reaches them from the text.
    read = [*_read(segment(text, lexicon, keep_whitespace=True)), *_read(extra)]
    for token, negated in read:
        if token in lexicon.stopwords:
            continue
        if _LATIN_ONLY.match(token):
            token = _stem_english(token)
        token = lexicon.synonyms.get(token, token)
        if token in lexicon.stopwords:
            continue
        tokens.append(token)
        if negated:
            tokens.append(NEGATED + token)
        # A multi-word term's parts, negated within it (never registered -> ไม่ได้แจ้ง: แจ้ง, ¬แจ้ง).
        for part, part_negated in _read(lexicon.expansions.get(token, ())):
            if part not in lexicon.stopwords and part != token:
                tokens.append(part)
                if part_negated:
                    tokens.append(NEGATED + part)
    # Last, the groups the words are members of (a garage, a laundry: a business hazardous to health), read in the
    # words as written, stopwords and all (ร้านทำผม; an English word without its plural ending), each group once.
    return tokens + groups_of([_stem_english(w) if _LATIN_ONLY.match(w) else w for w, _ in read], lexicon)


#: "It is not" (ไม่ใช่ขยะชิ้นใหญ่ "not bulky waste", ไม่ใช่ป้ายร้าน "not a shop sign", it isn't a shop sign): the
#: citizen names what they do not ask about. Other negations mostly tell what happened (ไม่ได้เสียที่โรงพยาบาล, did
#: not die in a hospital; รถขยะไม่มาเก็บ, the truck did not come), unless a particle stresses them as a correction
#: (:data:`_STRESSES`), and "not yet" or "never" name what is wanted.
_IS_NOT = frozenset({"ใช่"})
#: The particles that stress a clause ("ไม่ได้ตั้งบนทางเท้านะ", not on the pavement, mind you), as its last word (or
#: before a polite one, นะ|คะ): a ไม่ได้ in a clause they end corrects what the reader may think, as ไม่ใช่ does.
_STRESSES = frozenset({"นะ", "นะคะ", "นะครับ", "นะคับ", "นะค่ะ", "น้า", "นะจ๊ะ", "นะจ้ะ"})
_POLITE = frozenset({"คะ", "ค่ะ", "ครับ", "คับ", "จ้ะ", "จ๊ะ", "จ้า"})
#: A clause that may end with a stress (the text's check, before the segmenter confirms it).
_MAY_STRESS = tuple(_STRESSES | {stress + polite for stress in ("นะ",) for polite in _POLITE})
_EN_BE = frozenset({"is", "are", "was", "were", "its", "im", "s", "m", "re"})  # s, m, re: of it's, I'm, we're
#: What a message that denies anything holds: the rest are not segmented again.
_MAY_DENY = re.compile(r"ไม่ใช่|(?<![a-z])(?:not|isnt|arent|wasnt|werent)(?![a-z])|(?:isn|aren|wasn|weren)'t")
_EN_IS_NOT = frozenset({"isnt", "arent", "wasnt", "werent", "isn", "aren", "wasn", "weren"})  # isn: isn|'t
#: Words between "it is not" and what it denies (ไม่ใช่ไปรับ..., ไม่ใช่เรื่อง..., not a ...).
_DENIAL_AUXILIARIES = frozenset({"ได้", "ไป", "มา", "เรื่อง", "เป็น", "t", "a", "an", "the", "my", "about", "for"})
#: Words that end what a denial covers: the turn to what is wanted (the words that set a clause against a denied one,
#: ``normalise.INSTEAD``: แต่, แค่, อยาก; and จะ, ต้อง ...; but, just, want), and a particle that makes it a plain "no"
#: (ไม่ใช่หรอก).
_DENIAL_ENDS = frozenset(
    {*INSTEAD, "ต้องการ", "จะ", "ต้อง", "ขอ", "ส่วน", "เลย", "หรอก"}
    | {"but", "just", "only", "want", "need", "it", "i", "we", "and"}
)


@dataclass(frozen=True)
class Denial:
    """What a message says it is not, and the rest of it."""

    #: The canonical words denied, as :func:`tokenise` reads them (ไม่ใช่ขยะชิ้นใหญ่: มูลฝอย, ชิ้นใหญ่, ชิ้น, ใหญ่).
    words: tuple[str, ...] = ()
    #: The text read (normalised, denied clauses dropped) without the denial: its negation and the words denied (a
    #: word said again after them stays).
    rest: str = ""


def _stressed_clauses(pieces: list[str]) -> list[bool]:
    """For each clause of segmented text (pieces holding a space end one), whether a stress ends it: its last word,
    or the one before a polite particle, is one of :data:`_STRESSES`; a clause of nothing but a stress
    ("...ทางเท้า นะคะ") stresses the one before."""
    clauses: list[list[str]] = [[]]
    for piece in pieces:
        word = piece.strip(_EDGE_PUNCT + " ")
        if word and _WORDISH.search(word):
            clauses[-1].append(word)
        clauses.extend([] for _ in range(piece.count(" ")))
    stressed = []
    for words in clauses:
        while len(words) > 1 and words[-1] in _POLITE:
            words = words[:-1]
        stressed.append(bool(words) and words[-1] in _STRESSES)
    for i in range(1, len(clauses)):
        if stressed[i] and len(clauses[i]) <= 2 and all(w in _STRESSES | _POLITE for w in clauses[i]):
            stressed[i - 1] = True
    return stressed


def denied(text: str, lexicon: Lexicon) -> Denial:
    """What "it is not" denies in normalised ``text``: the topic words after ไม่ใช่, after ไม่ได้ in a clause a
    particle stresses (:data:`_STRESSES`: ไม่ได้ตั้งบนทางเท้านะ), or after English "is not" and "isn't", past
    :data:`_DENIAL_AUXILIARIES`, up to the end of the clause (a space, once a word is taken), a word that turns to
    what is wanted (:data:`_DENIAL_ENDS`) or the third topic word. A procedure the citizen so rules out is set aside
    from the others offered (``matcher._ruled_out``)."""
    stressable = "ไม่ได้" in text and any(c.endswith(_MAY_STRESS) for c in text.split(" "))
    if not stressable and not _MAY_DENY.search(text):
        return Denial()
    pieces = segment(text, lexicon, keep_whitespace=True)
    stressed = _stressed_clauses(pieces) if stressable else []
    out: list[str] = []
    rest = list(text)
    pending = ""  # the language of a denial still reading its words: "th", "en" or none
    negation: tuple[int, int] = (0, 0)  # where the denial's negation stands in the text
    previous, previous_at, taken, at, clause = "", 0, 0, 0, 0
    for piece in pieces:
        start, at = at, at + len(piece)
        word = piece.strip(_EDGE_PUNCT + " ")
        if not word or not _WORDISH.search(word):
            if (pending == "th" and taken) or not piece.isspace():
                pending = ""  # a Thai clause ends at a space
            clause += piece.count(" ")
            continue
        if previous == "ไม่" and (word in _IS_NOT or (word == "ได้" and stressed and stressed[clause])):
            pending, taken, negation = "th", 0, (previous_at, at)
        elif word in _EN_IS_NOT or (word == "not" and previous in _EN_BE):
            pending, taken, negation = "en", 0, (start, at)
        elif pending and word in _DENIAL_ENDS:
            pending = ""
        elif pending and not taken and word in _DENIAL_AUXILIARIES:
            negation = (negation[0], at)  # ไม่ใช่ไป..., isn't: the negation's own words
        elif pending:
            words = [t for t in tokenise(word, lexicon) if not t.startswith((NEGATED, GROUP))]
            if words:
                out.extend(words)
                rest[start:at] = " " * len(piece)
                rest[negation[0] : negation[1]] = " " * (negation[1] - negation[0])
                taken += 1
                if taken == 3:
                    pending = ""
        if pending == "th" and taken and " " in piece:
            pending = ""  # a word of the vocabulary with a space in it ends the clause too
        clause += piece.count(" ")
        previous, previous_at = word, start
    if not out:
        return Denial()
    return Denial(tuple(dict.fromkeys(out)), " ".join("".join(rest).split()))


#: Marks added to the word view: the message reads as a how-to question, or as a report of a problem.
QUESTION_MARK = "§question"
COMPLAINT_MARK = "§complaint"
FEATURE_MARKS = frozenset({QUESTION_MARK, COMPLAINT_MARK})
#: The message asks why something happened or what a word means: a clip may be related, but is not the answer. Only
#: the decision reads it (it is not in the word view: too few examples ask why for the model to learn from).
EXPLANATION_MARK = "§explain"
#: The message asks where or to whom to complain (ร้องเรียนที่ไหน, where can I complain): it reports a problem even
#: though it asks, so the decision treats it as a report (only a service the citizen can request gets a clip). Only
#: the decision reads it, in the clauses kept and outside the complaint exceptions ("จะโดนร้องเรียนที่ไหน" is a
#: worry, "ไม่ได้จะร้องเรียน..." is set aside).
REPORT_MARK = "§report"
#: "what does <a few words> mean": English puts the word asked about inside the question, out of a cue's reach.
_ASKS_MEANING = re.compile(r"(?<![a-z])what (?:does|do) (?:[a-z0-9'-]+ ){1,6}mean(?![a-z])")


def _boundaries(text: str, lexicon: Lexicon) -> set[int]:
    """The offsets in ``text`` where a segmented word (or a space) starts or ends."""
    offsets, at = {0}, 0
    for piece in segment(text, lexicon, keep_whitespace=True):
        at += len(piece)
        offsets.add(at)
    return offsets


def _outside(text: str, lexicon: Lexicon) -> str:
    """``text`` with the complaint exceptions blanked out (กิจการที่เป็นอันตราย names a licence, โดนร้องเรียน is a worry,
    รบกวนขอ opens a polite request), each only where it starts and ends with a word: รบกวนพี่ is not inside รบกวนพี่น้อง
    (disturbs everyone), nor รบกวนขอ inside เสียงรบกวนขอให้... (a nuisance, then "please")."""
    found = [phrase for phrase in lexicon.complaint_exceptions if phrase in text]
    if not found:
        return text
    bounds = _boundaries(text, lexicon)
    for phrase in found:
        at = text.find(phrase)
        while at >= 0:
            end = at + len(phrase)
            if at in bounds and end in bounds:
                text = text[:at] + " " * len(phrase) + text[end:]  # same length: the offsets stay right
            at = text.find(phrase, end)
    return text


def cues(text: str, lexicon: Lexicon, asked: str | None = None) -> tuple[str, ...]:
    """The marks that normalised ``text`` carries (see :data:`QUESTION_MARK`, :data:`COMPLAINT_MARK`,
    :data:`REPORT_MARK`, :data:`EXPLANATION_MARK`); the report and explanation marks are read in ``asked`` when given
    (the clauses the matcher keeps: a "why" in a clause set aside as denied is not the question)."""
    marks: list[str] = []
    if lexicon.question_pattern is not None and lexicon.question_pattern.search(text):
        marks.append(QUESTION_MARK)
    reported = _outside(text, lexicon)
    if lexicon.complaint_pattern is not None and lexicon.complaint_pattern.search(reported):
        marks.append(COMPLAINT_MARK)
    asked = text if asked is None else asked
    asked_outside = reported if asked == text else _outside(asked, lexicon)
    if lexicon.report_question_pattern is not None and lexicon.report_question_pattern.search(asked_outside):
        marks.append(REPORT_MARK)
    if _ASKS_MEANING.search(asked) or (
        lexicon.explanation_pattern is not None and lexicon.explanation_pattern.search(asked)
    ):
        marks.append(EXPLANATION_MARK)
    return tuple(marks)
