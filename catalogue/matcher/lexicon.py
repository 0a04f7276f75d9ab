"""The words the matcher knows: PyThaiNLP's dictionary plus the catalogue's own terms, synonyms and stopwords.

Built once per index from the vocabulary data (``catalogue/data/vocabulary.json`` or the database) and then only read.
PyThaiNLP's ``custom_dict`` *replaces* its default dictionary, so the trie here is the default word list plus ours.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache

from pythainlp.corpus import thai_words, tnc
from pythainlp.tokenize import word_dict_trie, word_tokenize
from pythainlp.util import Trie
from spellchecker import SpellChecker

from catalogue.matcher.normalise import NOT_WORDS, normalise
from catalogue.models import Vocabulary

#: Prefix of the word that a member of one of the vocabulary's groups also stands for (``Vocabulary.groups``): a
#: word-view feature of its own, never read as letters (no bigrams, no character 3-grams) nor repaired as a typo.
GROUP = "∈"

_LATIN = re.compile(r"[a-z]")
#: A one-syllable word ending consonant-vowel-consonant (not w, x or y): its -ed and -ing forms double the consonant.
_SHORT_CVC = re.compile(r"[^aeiou]?[^aeiou][aeiou][^aeiouwxy]")


@lru_cache(maxsize=1)
def base_words() -> frozenset[str]:
    """PyThaiNLP's bundled Thai word list (read from the installed package, never downloaded)."""
    return frozenset(thai_words())


#: How often the Thai National Corpus (PyThaiNLP's counts) must count a word for it to be a common one: อย่า
#: (don't) 14,825, มัน (it) 66,023, หาก (if) 28,582 are; the syllables a misspelling leaves are not (ภา 1,261, มร 276).
COMMON_COUNT = 10_000


@lru_cache(maxsize=1)
def common_words() -> frozenset[str]:
    """The words the Thai National Corpus counts ``COMMON_COUNT`` times or more (PyThaiNLP's bundled frequency list,
    read from the installed package, never downloaded): what tells a short word the catalogue never uses (อย่า, มัน)
    from a piece of a misspelt word (ภา of ภาสี), which typo repair may join to its neighbours."""
    return frozenset(word for word, count in tnc.word_freqs() if count >= COMMON_COUNT)


@lru_cache(maxsize=1)
def english_words() -> Collection[str]:
    """English words, from pyspellchecker's bundled frequency list (read from the installed package, never downloaded):
    what tells an English word the catalogue does not use (welding, stray) from a misspelling (maried) that typo
    repair may change."""
    return SpellChecker(language="en", distance=1).word_frequency.dictionary.keys()


def base_trie() -> Trie:
    """PyThaiNLP's default dictionary trie (built once per process by PyThaiNLP and cached there)."""
    return word_dict_trie()


class LayeredTrie(Trie):
    """PyThaiNLP's default dictionary with the catalogue's terms on top (and ``hidden`` words left out: see
    ``NOT_WORDS``), for ``word_tokenize(custom_dict=...)``.

    ``custom_dict`` replaces the default dictionary, so it must hold both. Building a fresh trie of all 62,000 words
    takes about half a second; this trie shares the default trie's nodes and copies only the nodes on the paths of
    our few hundred terms (copy on write), so it is built in milliseconds whenever staff change the vocabulary, a
    lookup is one walk, and the shared default trie is never changed.
    """

    def __init__(self, base: Trie, extra: Iterable[str], hidden: Iterable[str] = ()) -> None:
        # Trie.__init__ is not called: the nodes come from ``base``, not from adding every word again.
        self.root = _copy_node(base.root)
        self._word_count = len(base)
        self._owned = {id(self.root)}
        for word in extra:
            self._mark(word, True)
        for word in hidden:
            self._mark(word, False)

    def _mark(self, word: str, end: bool) -> None:
        """Make ``word`` a word of this trie (``end``) or not, copying each shared node on its path before changing
        it."""
        word = word.strip()
        if not word or (not end and word not in self):
            return  # nothing to add, or not a word of this trie: nothing to hide
        cur = self.root
        for ch in word:
            child = cur.children.get(ch) if cur.children else None
            if child is None:
                child = Trie.Node()
            elif id(child) not in self._owned:
                child = _copy_node(child)
            else:
                cur = child
                continue
            self._owned.add(id(child))
            if cur.children is None:
                cur.children = {}
            cur.children[ch] = child
            cur = child
        if cur.end != end:
            cur.end = end
            self._word_count += 1 if end else -1

    def add(self, word: str) -> None:
        """Not supported: the matcher's threads read this trie; a new vocabulary builds a new one."""
        raise TypeError("a LayeredTrie is read-only once built; build a new one instead")

    def remove(self, word: str) -> None:
        """Not supported: the matcher's threads read this trie, and its nodes are shared with the default one."""
        raise TypeError("a LayeredTrie is read-only once built; build a new one instead")


def _copy_node(node: Trie.Node) -> Trie.Node:
    copy = Trie.Node()
    copy.end = node.end
    copy.children = dict(node.children) if node.children else None
    return copy


@dataclass(frozen=True)
class Lexicon:
    """Everything tokenisation needs, normalised and ready to use."""

    trie: LayeredTrie
    words: frozenset[str]
    synonyms: dict[str, str]
    phrase_pattern: re.Pattern[str] | None
    phrase_map: dict[str, str]
    english_pattern: re.Pattern[str] | None
    english_map: dict[str, str]
    expansions: dict[str, tuple[str, ...]]
    stopwords: frozenset[str]
    english_words: frozenset[str]
    #: Words that join Thai letters and a number (form codes: ทร14, สด9, ทร4/1, ม39ทวิ), each as its letters and the
    #: rest from the first digit: a number against Thai letters stays attached only where it completes one.
    codes: tuple[tuple[str, str], ...]
    complaint_cues: tuple[str, ...]
    #: Phrases that hold a complaint cue yet report nothing (กิจการที่เป็นอันตราย, a licence's name).
    complaint_exceptions: tuple[str, ...]
    question_cues: tuple[str, ...]
    #: Any question cue, any complaint cue, as one pattern each (None when there are none).
    question_pattern: re.Pattern[str] | None
    complaint_pattern: re.Pattern[str] | None
    #: Asks where or to whom to complain (ร้องเรียนที่ไหน): a report, though it asks; None when there are none.
    report_question_pattern: re.Pattern[str] | None
    #: Asks why something happened or what a word means (not how to do something); None when there are no cues.
    explanation_pattern: re.Pattern[str] | None
    #: Names the office itself (สำนักงานเขต, บางนา): a question of nothing else asks about the office; None when
    #: there are no such words. The office words are stopwords too: they name no procedure.
    office_pattern: re.Pattern[str] | None
    #: The floor-area limits (square metres) the catalogue's titles name (``areas.py``).
    area_limits: tuple[int, ...] = ()
    #: The deadlines (days) between a procedure and its late twin (``deadlines.py``).
    deadline_limits: tuple[float, ...] = ()
    #: What the office's own reply answers (a road, a phone number, opening hours), normalised: a question that names
    #: the office and says nothing else is about the office.
    office_topics: tuple[str, ...] = ()
    #: Each member of a group, normalised and written without spaces, and the group words it stands for (``GROUP``).
    groups: dict[str, tuple[str, ...]] = field(default_factory=dict)
    #: Every beginning of a member (the members among them): how far a run of words may still become one.
    group_prefixes: frozenset[str] = frozenset()


def segment(text: str, lexicon: Lexicon, keep_whitespace: bool = False) -> list[str]:
    """newmm over the lexicon's layered dictionary: the one segmentation the matcher uses (tokenising, keyboard-layout
    rescue, telling a form code from the end of a word); ``keep_whitespace`` keeps the spaces as pieces of their own
    (Thai writes a space where a clause ends)."""
    return (
        word_tokenize(text, custom_dict=lexicon.trie, engine="newmm", keep_whitespace=keep_whitespace) if text else []
    )


#: A word made of Thai letters then a number (the number and whatever follows it are the code's rest).
_CODE = re.compile(r"^([\u0e01-\u0e4e]+)\d")

#: Put right after a key's first letter: the key does not start inside a Latin word or a number. (A lookbehind at the
#: start of the pattern would cost Python's regex engine its quick scan for the keys' first letters.)
_STARTS_WORD = "(?<![a-z0-9](?s:.))"


def _by_first_letter(parts: Iterable[tuple[str, str, bool]]) -> str:
    """An alternation of literal keys grouped by first letter, in the order given: ``parts`` are (key, the pattern
    that must follow it, whether it must start a word). Matches what ``"|".join(...)`` of the same parts would, but
    the engine tries only the keys that start with the letter in front of it instead of every key at every position
    (on a 500-letter message with 300 English keys, 0.01 ms instead of 0.3)."""
    groups: dict[str, list[str]] = {}
    for key, after, starts_word in parts:
        groups.setdefault(key[0], []).append((_STARTS_WORD if starts_word else "") + re.escape(key[1:]) + after)
    return "|".join(re.escape(first) + "(?:" + "|".join(rests) + ")" for first, rests in groups.items())


def _alternation(keys: Iterable[str], latin_bounds: bool, inflected: bool = False) -> re.Pattern[str] | None:
    """One pattern matching any key, longest first; ``inflected`` also matches an English key's regular endings
    (fees, extended, renewing, closed), the key itself in the group ``key``."""
    ordered = sorted({k for k in keys if k}, key=len, reverse=True)
    if not ordered:
        return None
    body = _by_first_letter((k, "", latin_bounds) for k in ordered)
    ending = r"(?P<ending>s|es|ed|ing|d)?" if inflected else ""
    if latin_bounds:
        return re.compile(rf"(?P<key>{body}){ending}(?![a-z0-9])")
    return re.compile(body)


#: What may not follow a Thai cue: a vowel or mark written above or below the last consonant, or a following vowel
#: of the same syllable (ทำไม is "why", ทำไม่ is "does not do").
_THAI_SYLLABLE_GOES_ON = "[\u0e30-\u0e3a\u0e45\u0e47-\u0e4e]"
_LATIN_OR_DIGIT = re.compile(r"[a-z0-9]")


def _cue_pattern(cues: Iterable[str]) -> re.Pattern[str] | None:
    """One pattern matching any cue as a whole: an English cue as whole words, a Thai cue not ending mid-syllable
    (a form code or an English word may touch it: สด9หมายถึงอะไร)."""
    ordered = sorted({c for c in cues if c}, key=len, reverse=True)
    if not ordered:
        return None
    return re.compile(
        _by_first_letter(
            (
                cue,
                "(?![a-z0-9])" if _LATIN_OR_DIGIT.match(cue[-1]) else f"(?!{_THAI_SYLLABLE_GOES_ON})",
                bool(_LATIN_OR_DIGIT.match(cue[0])),
            )
            for cue in ordered
        )
    )


def _cue_exceptions(phrases: Iterable[str], cues: Iterable[str]) -> tuple[str, ...]:
    """The phrases in which a complaint cue does not count (กิจการที่เป็นอันตราย names a licence), normalised and
    longest first; a phrase that is itself a cue is left out, or it would switch that cue off everywhere."""
    cue_set = set(cues)
    found = {p for p in (normalise(p) for p in phrases) if p and p not in cue_set}
    return tuple(sorted(found, key=len, reverse=True))


def english_key(match: re.Match[str]) -> str | None:
    """The vocabulary key an inflected English match stands for, or None when the ending more likely makes another
    word: "es" only after s, x, z, ch or sh (taxes, not car + es); a bare "d" only after a single e (closed, not
    card or feed); no "ed" or "ing" straight after a short consonant-vowel-consonant key, whose own forms double
    the consonant (caring is care + ing, not car + ing; paying, taxed and added stay)."""
    key, ending = match.group("key"), match.group("ending")
    if ending == "es" and not key.endswith(("s", "x", "z", "ch", "sh")):
        return None
    if ending == "d" and (not key.endswith("e") or key.endswith("ee")):
        return None
    if ending in ("ed", "ing") and _SHORT_CVC.fullmatch(key):
        return None
    return key


def build_lexicon(
    vocabulary: Vocabulary,
    extra_terms: Iterable[str] = (),
    english_terms: Iterable[str] = (),
    area_limits: tuple[int, ...] = (),
    deadline_limits: tuple[float, ...] = (),
) -> Lexicon:
    """Normalise the vocabulary and build the tokeniser's dictionary from it.

    ``extra_terms`` are catalogue words that must stay whole (form codes such as สด9, อ1), ``english_terms`` are
    English words the catalogue uses (from titles and examples), which keyboard-layout rescue must not convert;
    ``area_limits`` are the floor-area limits the titles name (``areas.area_limits``), ``deadline_limits`` the deadlines
    between a procedure and its late twin (``deadlines.late_twins``).
    """
    synonyms: dict[str, str] = {}
    phrase_map: dict[str, str] = {}
    domain_terms: set[str] = set()
    for canonical_raw, variants in vocabulary.synonyms.items():
        canonical = normalise(canonical_raw)
        if not canonical:
            continue
        if " " not in canonical:
            domain_terms.add(canonical)
        for variant_raw in variants:
            variant = normalise(variant_raw)
            if not variant or variant == canonical:
                continue
            if " " in variant or _LATIN.search(variant):
                # multi-word or Latin variants are replaced in the text before tokenising
                phrase_map[variant] = canonical
            else:
                synonyms[variant] = canonical
                domain_terms.add(variant)
    for term in extra_terms:
        term = normalise(term)
        if term and " " not in term:
            domain_terms.add(term)

    english_map: dict[str, str] = {}
    for key, value in vocabulary.english.items():
        key_n = normalise(key)
        if key_n:
            english_map[key_n] = normalise(value)

    complaint_cues = tuple(c for c in (normalise(c) for c in vocabulary.complaint_cues) if c)
    question_cues = tuple(c for c in (normalise(c) for c in vocabulary.question_cues) if c)
    words = (base_words() - NOT_WORDS) | domain_terms
    # A bare number is a word (60 ปี) but not a dictionary entry: newmm would cut 600 into 60 + 0.
    trie = LayeredTrie(base_trie(), {t for t in domain_terms if not t.isdigit()}, NOT_WORDS - domain_terms)
    expansions: dict[str, tuple[str, ...]] = {}
    base = base_trie()
    targets = set(synonyms.values()) | set(phrase_map.values()) | {v for v in english_map.values() if v}
    for term in domain_terms | targets:
        for piece in term.split():
            parts = tuple(t for t in word_tokenize(piece, custom_dict=base, engine="newmm", keep_whitespace=False))
            if len(parts) > 1:
                expansions[piece] = parts

    office_words = [normalise(w) for w in vocabulary.office_words]
    stopwords = frozenset(
        (*(normalise(w) for w in (*vocabulary.stopwords_th, *vocabulary.stopwords_en)), *office_words)
    ) - {""}
    codes = tuple(sorted((m.group(1), w[m.end(1) :]) for w in domain_terms if (m := _CODE.match(w))))
    english_words = frozenset(
        w
        for term in (*english_map, *english_terms, *vocabulary.stopwords_en)
        for w in normalise(term).split()
        if _LATIN.search(w)
    )
    groups = _groups(vocabulary.groups, synonyms)
    return Lexicon(
        trie=trie,
        words=frozenset(words),
        synonyms=synonyms,
        phrase_pattern=_alternation(phrase_map, latin_bounds=True),
        phrase_map=phrase_map,
        english_pattern=_alternation(english_map, latin_bounds=True, inflected=True),
        english_map=english_map,
        expansions=expansions,
        stopwords=stopwords,
        english_words=english_words,
        codes=codes,
        complaint_cues=complaint_cues,
        complaint_exceptions=_cue_exceptions(vocabulary.complaint_exceptions, complaint_cues),
        question_cues=question_cues,
        question_pattern=_alternation(question_cues, latin_bounds=False),
        complaint_pattern=_alternation(complaint_cues, latin_bounds=False),
        report_question_pattern=_alternation((normalise(c) for c in vocabulary.report_questions), latin_bounds=False),
        explanation_pattern=_cue_pattern(normalise(c) for c in vocabulary.explanation_cues),
        office_pattern=_cue_pattern(office_words),
        area_limits=area_limits,
        deadline_limits=deadline_limits,
        office_topics=tuple(t for t in (normalise(w) for w in vocabulary.office_topics) if t),
        groups=groups,
        group_prefixes=frozenset(m[:k] for m in groups for k in range(1, len(m) + 1)),
    )


def _groups(raw: Mapping[str, Iterable[str]], synonyms: Mapping[str, str]) -> dict[str, tuple[str, ...]]:
    """Each member of the vocabulary's groups, normalised and without its spaces (the words of a message are joined
    to find it, however the segmenter cut it: คาร์ + แคร์, car + wash), with the group words it stands for. The
    group's own name is a member, and so is every everyday word the synonyms give for a member."""
    variants: dict[str, list[str]] = {}
    for variant, canonical in synonyms.items():
        variants.setdefault(canonical, []).append(variant)
    found: dict[str, dict[str, None]] = {}
    for name_raw, members in raw.items():
        name = normalise(name_raw).replace(" ", "")
        if not name:
            continue
        for member_raw in (name_raw, *members):
            member = normalise(member_raw)
            for word in (member, *variants.get(member, ())):
                if word:
                    found.setdefault(word.replace(" ", ""), {})[GROUP + name] = None
    return {member: tuple(words) for member, words in found.items()}


def groups_of(words: Sequence[str], lexicon: Lexicon) -> list[str]:
    """The group words (``GROUP``) of the members that runs of ``words`` spell, each once, in order found."""
    groups, prefixes = lexicon.groups, lexicon.group_prefixes
    if not groups:
        return []
    found: dict[str, None] = {}
    for i in range(len(words)):
        joined = ""
        for word in itertools.islice(words, i, None):  # no copy of the rest per word: most stop at once
            joined += word
            if joined not in prefixes:
                break
            found.update(dict.fromkeys(groups.get(joined, ())))
    return list(found)
