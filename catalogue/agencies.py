"""The agencies that do what the district does not (passports, driving licences, land titles ...) and Bangkok's
channel for reporting problems, as staff keep them in ``intents.json`` (``_agencies`` and ``_traffy``).

A question the matcher files under ``agency:<id>`` is answered with that agency's name, phone and website, in the
citizen's language. The file is data: staff correct a phone number or add an agency (with its example questions under
``agency:<id>``) without a code change.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from catalogue.matcher.decide import AGENCY_PREFIX
from catalogue.seed import DATA_DIR


class AgencyFileError(ValueError):
    """The agencies' file cannot be read or lacks a field; the message says which."""


@dataclass(frozen=True)
class Agency:
    """Another agency and how to reach it, in Thai and English."""

    id: str
    name_th: str
    name_en: str
    service_th: str
    service_en: str
    phone: str
    website: str
    how_th: str
    how_en: str

    def name(self, lang: str) -> str:
        return self.name_en if lang == "en" else self.name_th

    def service(self, lang: str) -> str:
        return self.service_en if lang == "en" else self.service_th

    def how(self, lang: str) -> str:
        return self.how_en if lang == "en" else self.how_th


@dataclass(frozen=True)
class ReportChannel:
    """Where Bangkok takes reports of problems (Traffy Fondue)."""

    name_th: str
    name_en: str
    website: str
    how_th: str
    how_en: str

    def how(self, lang: str) -> str:
        return self.how_en if lang == "en" else self.how_th


@dataclass(frozen=True)
class Directory:
    """Every agency by id, and the report channel."""

    agencies: dict[str, Agency]
    traffy: ReportChannel

    def for_intent(self, intent: str) -> Agency | None:
        """The agency an intent label names (``agency:passport``), or None."""
        if not intent.startswith(AGENCY_PREFIX):
            return None
        return self.agencies.get(intent.removeprefix(AGENCY_PREFIX))


_AGENCY_FIELDS = ("name_th", "name_en", "service_th", "service_en", "phone", "website", "how_th", "how_en")
_TRAFFY_FIELDS = ("name_th", "name_en", "website", "how_th", "how_en")
#: Fields that may be left empty: an agency without a website is answered with its phone only, one without a phone
#: (an admissions system, a command that takes applications through schools) with its website only; an agency needs
#: one of the two.
_OPTIONAL = frozenset({"website", "phone"})


def _fields(raw: Any, names: tuple[str, ...], where: str) -> dict[str, str]:
    if not isinstance(raw, dict):
        raise AgencyFileError(f"{where}: expected an object")
    missing = [n for n in names if not isinstance(raw.get(n), str) or (n not in _OPTIONAL and not raw[n].strip())]
    if missing:
        raise AgencyFileError(f"{where}: missing or empty {', '.join(missing)}")
    website = raw.get("website", "").strip()
    if website and (not website.startswith("https://") or any(ch.isspace() for ch in website)):
        raise AgencyFileError(f"{where}: website must be an https:// address")
    return {n: raw[n].strip() for n in names}


def parse_directory(raw: Any) -> Directory:
    """The directory from the parsed ``intents.json``."""
    if not isinstance(raw, dict) or not isinstance(raw.get("_agencies"), dict):
        raise AgencyFileError("the file has no _agencies object")
    agencies = {
        str(key): Agency(id=str(key), **_fields(value, _AGENCY_FIELDS, f"_agencies.{key}"))
        for key, value in raw["_agencies"].items()
    }
    for agency in agencies.values():
        if not agency.phone and not agency.website:
            raise AgencyFileError(f"_agencies.{agency.id}: give a phone or a website (a citizen must reach it)")
        if agency.phone and not any(ch.isdigit() for ch in agency.phone):
            raise AgencyFileError(f"_agencies.{agency.id}: phone has no digits (leave it empty if there is none)")
    traffy = ReportChannel(**_fields(raw.get("_traffy"), _TRAFFY_FIELDS, "_traffy"))
    if not traffy.website:
        raise AgencyFileError("_traffy: missing or empty website (the report button opens it)")
    return Directory(agencies, traffy)


def load_directory(path: Path | None = None) -> Directory:
    """Read the directory from ``path`` (the shipped ``intents.json`` when none is given)."""
    path = path or DATA_DIR / "intents.json"
    try:
        with path.open(encoding="utf-8") as f:
            raw = json.load(f)
    except (OSError, ValueError) as exc:
        raise AgencyFileError(f"cannot read {path}: {exc}") from exc
    return parse_directory(raw)
