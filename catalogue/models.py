"""The catalogue as the matcher sees it: plain, immutable, in-memory records.

The store (database or seed files) produces these; the matcher reads only these, so where the catalogue lives never
reaches the matcher.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Vocabulary:
    """The matcher's editable vocabulary, as staff maintain it (raw, not yet normalised)."""

    synonyms: Mapping[str, Iterable[str]] = field(default_factory=dict)
    english: Mapping[str, str] = field(default_factory=dict)
    stopwords_th: Iterable[str] = ()
    stopwords_en: Iterable[str] = ()
    complaint_cues: Iterable[str] = ()
    question_cues: Iterable[str] = ()
    explanation_cues: Iterable[str] = ()
    complaint_exceptions: Iterable[str] = ()
    report_questions: Iterable[str] = ()
    report_services: Iterable[str] = ()
    office_words: Iterable[str] = ()
    office_topics: Iterable[str] = ()
    #: A group's name and its members: a member also stands for the group (a garage, a laundry, a gym are each a
    #: business hazardous to health), so a member no example names still meets the examples of the others.
    groups: Mapping[str, Iterable[str]] = field(default_factory=dict)


#: Where a procedure's clip link points until staff set the clip's own link.
DEFAULT_CLIP_URL = "https://www.tiktok.com/@bangnadistrictoffice"


@dataclass(frozen=True)
class Procedure:
    """One public-service procedure and its clip."""

    id: str
    title_th: str
    title_en: str
    department_th: str
    department_en: str
    aliases_th: tuple[str, ...] = ()
    documents_th: tuple[str, ...] = ()
    fee_th: str = ""
    duration_th: str = ""
    clip_url: str = ""
    manual_url: str = ""
    active: bool = True
    documents_en: tuple[str, ...] = ()
    fee_en: str = ""
    duration_en: str = ""

    def title(self, lang: str) -> str:
        """The title in ``lang`` ("th" or "en"), Thai when there is no English one."""
        return self.title_en if lang == "en" and self.title_en else self.title_th

    def department(self, lang: str) -> str:
        """The section in ``lang``, Thai when there is no English name."""
        return self.department_en if lang == "en" and self.department_en else self.department_th

    def documents(self, lang: str) -> tuple[str, ...]:
        """What to bring, in ``lang``; Thai when the English list has not been written."""
        return self.documents_en if lang == "en" and self.documents_en else self.documents_th

    def fee(self, lang: str) -> str:
        """The fee in ``lang``; Thai when there is no English text."""
        return self.fee_en if lang == "en" and self.fee_en else self.fee_th

    def duration(self, lang: str) -> str:
        """How long it takes, in ``lang``; Thai when there is no English text."""
        return self.duration_en if lang == "en" and self.duration_en else self.duration_th

    @property
    def clip_link(self) -> str:
        """The clip to show: the procedure's own, or the district's TikTok page until staff set one."""
        return self.clip_url or DEFAULT_CLIP_URL


@dataclass(frozen=True)
class Example:
    """A question phrased as citizens ask it, labelled with a procedure id or a non-procedure intent."""

    label: str
    text: str
    lang: str = "th"


@dataclass(frozen=True)
class Catalogue:
    """Everything the matcher index is built from."""

    procedures: tuple[Procedure, ...]
    examples: tuple[Example, ...] = ()
    intent_examples: tuple[Example, ...] = ()
    vocabulary: Vocabulary = field(default_factory=Vocabulary)

    def active_procedures(self) -> tuple[Procedure, ...]:
        """Procedures the bot may offer (retired ones keep their id but are never matched)."""
        return tuple(p for p in self.procedures if p.active)

    def procedure(self, procedure_id: str) -> Procedure | None:
        """The procedure with this id, or None."""
        for p in self.procedures:
            if p.id == procedure_id:
                return p
        return None
