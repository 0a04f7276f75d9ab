"""The directory of other agencies: what a staff-edited file must hold."""

from __future__ import annotations

import json
from typing import Any

import pytest

from catalogue.agencies import AgencyFileError, load_directory, parse_directory
from catalogue.seed import DATA_DIR


def _file(**agency: str) -> dict[str, Any]:
    raw = json.loads((DATA_DIR / "intents.json").read_text(encoding="utf-8"))
    fields = {
        "name_th": "หน่วยงาน",
        "name_en": "An agency",
        "service_th": "บริการ",
        "service_en": "a service",
        "phone": "1111",
        "website": "https://example.go.th",
        "how_th": "ติดต่อหน่วยงาน",
        "how_en": "Contact the agency.",
    }
    return {"_agencies": {"test": {**fields, **agency}}, "_traffy": raw["_traffy"]}


def test_one_of_phone_and_website_is_enough() -> None:
    """An admissions system reached through its website has no phone to give; a rescue line has no website."""
    assert parse_directory(_file(phone="")).agencies["test"].website == "https://example.go.th"
    assert parse_directory(_file(website="")).agencies["test"].phone == "1111"


def test_an_agency_with_neither_phone_nor_website_is_refused_by_name() -> None:
    with pytest.raises(AgencyFileError, match=r"_agencies\.test: give a phone or a website"):
        parse_directory(_file(phone=" ", website=""))


def test_a_phone_without_digits_is_refused() -> None:
    """A placeholder ("-", "ไม่มี") would print as the phone with no button to call it."""
    for placeholder in ("-", "ไม่มี"):
        with pytest.raises(AgencyFileError, match=r"_agencies\.test: phone has no digits"):
            parse_directory(_file(phone=placeholder))


def test_the_shipped_directory_names_the_doors_without_a_phone() -> None:
    """Another country's embassy and Thailand's own abroad (one per country: the foreign ministry's list is their
    website), university admissions and reserve officer training are the shipped agencies without a phone line."""
    directory = load_directory()
    without = sorted(a.id for a in directory.agencies.values() if not a.phone)
    assert without == ["embassy", "reserve_training", "thai_mission", "university"]
