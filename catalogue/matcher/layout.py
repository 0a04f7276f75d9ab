"""Stage 2: rescue text typed with the wrong keyboard layout.

Thai typed while the keyboard is set to English comes out as ``mtg[upo[hko`` (ทะเบียนบ้าน); English typed on the
Thai layout comes out as ``ฟหกด`` (asdf). Each whitespace-separated chunk is converted with PyThaiNLP's Kedmanee
maps and kept converted only when the result is made of real words, measured by how much of it the dictionary
covers; a message in Thai letters whose whole reads as known English words, and not as Thai ones, is converted whole
(short English words are often Thai words too). No list of sentences is involved, so any question typed on the wrong
layout is rescued the same way.
"""

from __future__ import annotations

import re

from pythainlp.util import eng_to_thai, thai_to_eng

from catalogue.matcher.lexicon import Lexicon, segment

_THAI = re.compile(r"[\u0e00-\u0e7f]")
_ASCII_KEYS = re.compile(r"^[\x21-\x7e]+$")
_LATIN_WORD = re.compile(r"[a-z]+")
_HAS_LATIN = re.compile(r"[A-Za-z]")
#: Punctuation an English word carries at its edges in a sentence.
_ENGLISH_EDGES = ".,?!:;\"'()"

#: Share of a converted chunk that dictionary words must cover for the conversion to be kept.
MIN_THAI_COVERAGE = 0.75
MIN_ENGLISH_COVERAGE = 0.75
#: Thai typed on purpose is mostly dictionary words: English typed on the Thai layout covers less than this share.
MAX_THAI_COVERAGE_OF_ENGLISH = 0.5
#: Letters of known English words of two letters or more a converted chunk must hold: a Thai form code such as
#: คร.22 comes out as "8i.22", whose only word is "i", and ท.ร.1/1 as "m.i.1/1", whose words are "m" and "i": no
#: evidence of English typed on the Thai layout.
MIN_ENGLISH_LETTERS = 2


def _covered_share(text: str, pieces: list[str], lexicon: Lexicon) -> float:
    covered = sum(len(t) for t in pieces if len(t) >= 2 and t in lexicon.words)
    return covered / max(1, len(text.replace(" ", "")))


def thai_coverage(text: str, lexicon: Lexicon) -> float:
    """Share of the characters of ``text`` that fall in dictionary words of two or more characters."""
    return _covered_share(text, segment(text, lexicon), lexicon)


def _known_letters(text: str, lexicon: Lexicon) -> tuple[int, int]:
    """Letters of ``text`` in English words the catalogue knows, and all its letters."""
    words = _LATIN_WORD.findall(text.lower())
    return sum(len(w) for w in words if w in lexicon.english_words), sum(len(w) for w in words)


def english_coverage(text: str, lexicon: Lexicon) -> float:
    """Share of the letters of ``text`` that belong to English words the catalogue knows."""
    known, total = _known_letters(text, lexicon)
    return known / total if total else 0.0


def _mean_length(pieces: list[str]) -> float:
    """Mean length of the pieces newmm cut a text into: Thai words are rarely shorter than three characters, a real
    English word read on the Thai layout falls apart into pairs ("solicitor" -> หน สร แระ นพ)."""
    return sum(len(t) for t in pieces) / len(pieces) if pieces else 0.0


def _rescue_chunk(chunk: str, lexicon: Lexicon, in_english: bool = False) -> str | None:
    if _THAI.search(chunk):
        if _HAS_LATIN.search(chunk):
            return None  # mixed scripts: a person chose both, nothing to rescue
        converted = thai_to_eng(chunk)
        words = _LATIN_WORD.findall(converted.lower())
        known = [w for w in words if w in lexicon.english_words]
        total = sum(len(w) for w in words)
        if not total or sum(map(len, known)) / total < MIN_ENGLISH_COVERAGE:
            return None
        if sum(len(w) for w in known if len(w) >= 2) < MIN_ENGLISH_LETTERS:
            return None
        return converted if thai_coverage(chunk, lexicon) < MAX_THAI_COVERAGE_OF_ENGLISH else None
    if not _ASCII_KEYS.match(chunk) or not _HAS_LATIN.search(chunk) or len(chunk) < 3:
        return None
    if english_coverage(chunk, lexicon) >= 0.5:
        return None
    converted = eng_to_thai(chunk)
    pieces = segment(converted, lexicon)  # segmented once, for both tests below
    if _covered_share(converted, pieces, lexicon) < MIN_THAI_COVERAGE:
        return None
    word = chunk.strip(_ENGLISH_EDGES)  # "wait," and "(condo)" are words with punctuation around them
    if in_english and word.isalpha() and _mean_length(pieces) < MIN_THAI_WORD_LENGTH:
        return None  # an English word the catalogue does not know, inside an English message
    return converted


#: A message whose Latin letters are at least this share known English words is written in English: a Latin word
#: of letters only ("solicitor", "wait") is converted only when it reads as whole Thai words of this mean length
#: ("skp" -> หาย in "id card skp"); one with digits or punctuation keys (9jv -> ต่อ) as in any message.
ENGLISH_MESSAGE_SHARE = 0.5
MIN_THAI_WORD_LENGTH = 3.0


#: A message in Thai letters only, up to ``MAX_WHOLE_CHARS`` long, is read whole as English typed on the Thai layout
#: when at least this many of its words, of two letters or more, spell known English words and the known words hold
#: ``MIN_ENGLISH_COVERAGE`` of its letters; a longer one is read chunk by chunk only (a story is not typed to its end
#: on the wrong layout unnoticed, and converting it whole costs time on every long Thai message).
MIN_ENGLISH_WORDS = 2
MAX_WHOLE_CHARS = 120


def _english_on_thai_layout(text: str, lexicon: Lexicon) -> str | None:
    """``text`` read as English typed on the Thai layout, when the whole message reads so (``None`` otherwise).

    Short English words typed on the Thai layout are often Thai words too ("lost id card" comes out as สนหะ รก แฟพก,
    and รก, "messy", and สน, "pine", are in the dictionary), which one chunk alone cannot tell; the whole message can:
    its keys spell known English words, and its Thai is not made of words."""
    if len(text) > MAX_WHOLE_CHARS or _HAS_LATIN.search(text) or not _THAI.search(text):
        return None
    converted = thai_to_eng(text)
    words = _LATIN_WORD.findall(converted.lower())
    known = [w for w in words if w in lexicon.english_words]
    total = sum(len(w) for w in words)
    if not total or sum(len(w) >= 2 for w in known) < MIN_ENGLISH_WORDS:
        return None
    if sum(len(w) for w in known) / total < MIN_ENGLISH_COVERAGE:
        return None
    # Two known English words and more are stronger evidence than one chunk's, so the Thai may be covered up to the
    # share that makes a conversion the other way Thai (สน, หะ and รก are words: 0.6 of สนหะ รก แฟพก).
    return converted if thai_coverage(text, lexicon) < MIN_THAI_COVERAGE else None


def rescue_layout(text: str, lexicon: Lexicon) -> tuple[str, bool]:
    """Return ``text`` with wrong-layout chunks converted, and whether any chunk was."""
    whole = _english_on_thai_layout(text, lexicon)
    if whole is not None:
        return whole, True
    changed = False
    out: list[str] = []
    known, total = _known_letters(text, lexicon)
    english = total > 0 and known / total >= ENGLISH_MESSAGE_SHARE
    for chunk in text.split(" "):
        rescued = _rescue_chunk(chunk, lexicon, english) if chunk else None
        if rescued is None:
            out.append(chunk)
        else:
            out.append(rescued)
            changed = True
    return " ".join(out), changed
