"""The office as the bot presents it: name, phone, hours, address, greeting, privacy notice, retention period.

Defaults come from the settings (``PARU_OFFICE_*``, ``PARU_RETENTION_DAYS``); admins change them in the web admin,
which stores them in ``office_settings``. Every worker reads them again when they change, so the bot uses a change at
once. Both the bot and the admin read them through :func:`load_office`.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import urllib.parse
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from core.models import OfficeSetting, utcnow
from core.settings import Settings

#: What the welcome says before the privacy notice (``{office}`` is replaced by the office's name).
DEFAULT_GREETING = (
    "สวัสดีค่ะ ปารุ (บางนาพารู้) ผู้ช่วยของ{office} ยินดีต้อนรับค่ะ 🙏\n"
    "พิมพ์ถามเรื่องที่ต้องการติดต่อเขตได้เลย ปารุจะส่งคลิปแนะนำขั้นตอนและเอกสารที่ต้องเตรียมให้ค่ะ "
    "เช่น “แจ้งเกิด” “ย้ายทะเบียนบ้าน” “ต่อเติมบ้านต้องขออนุญาตไหม”"
)
#: The privacy notice of the welcome (``{days}``, ``{office}``, ``{contact}`` are filled in).
DEFAULT_PRIVACY_NOTICE = (
    "ข้อมูลส่วนบุคคล: เราเก็บข้อความที่ท่านพิมพ์และรหัสแทนตัวผู้ใช้ (ไม่เก็บชื่อหรือไอดี LINE) "
    "เพื่อตอบคำถามและจัดทำสถิติปรับปรุงบริการของเขต ข้อความจะถูกลบเมื่อครบ {days} วัน "
    "คงไว้เพียงจำนวนสถิติ ข้อความส่งผ่านระบบของ LINE สอบถามหรือขอใช้สิทธิ์ของท่าน {contact} "
    "กรุณาอย่าพิมพ์เลขบัตรประชาชนหรือข้อมูลสุขภาพในแชตค่ะ"
)
#: The same notice for a citizen who writes in English.
DEFAULT_PRIVACY_NOTICE_EN = (
    "Privacy: we keep the messages you type and a code in place of your account (never your LINE name or id) to "
    "answer you and to count how the district's services are used. Messages are deleted after {days} days; only "
    "the counts remain. Messages pass through LINE's systems. To ask about or exercise your rights, {contact}. "
    "Please do not type your ID number or health details in the chat."
)
DEFAULT_NAME_EN: str = Settings.model_fields["office_name_en"].default  # one default, in the settings
DEFAULT_HOURS_EN: str = Settings.model_fields["office_hours_en"].default
DEFAULT_ADDRESS: str = Settings.model_fields["office_address"].default
DEFAULT_ADDRESS_EN: str = Settings.model_fields["office_address_en"].default
#: Google Maps URLs' search (https://developers.google.com/maps/documentation/urls/get-started): a link, no key.
MAP_SEARCH = "https://www.google.com/maps/search/?api=1&query="


@dataclass(frozen=True)
class TextField:
    """One text of the office as the admin's settings page shows it: its name there and how long it may be."""

    label: str
    limit: int


#: The office's texts: each one's name on the settings page (for the message that asks to mend it) and its limit.
TEXTS = {
    "name": TextField("ชื่อสำนักงาน", 120),
    "phone": TextField("โทรศัพท์", 40),
    "hours": TextField("เวลาทำการ", 200),
    "greeting": TextField("ข้อความต้อนรับ", 1500),
    "privacy_notice": TextField("ประกาศข้อมูลส่วนบุคคล", 2500),
    "name_en": TextField("ชื่อสำนักงาน (อังกฤษ)", 120),
    "hours_en": TextField("เวลาทำการ (อังกฤษ)", 200),
    "privacy_notice_en": TextField("ประกาศข้อมูลส่วนบุคคล (อังกฤษ)", 2500),
    "address": TextField("ที่ตั้งสำนักงาน", 300),
    "address_en": TextField("ที่ตั้งสำนักงาน (อังกฤษ)", 300),
}


class OfficeError(ValueError):
    """An office setting that cannot be saved (empty, too long, out of range)."""


@dataclass(frozen=True)
class Office:
    """What the replies say about the office."""

    name: str
    phone: str
    hours: str
    retention_days: int
    greeting: str = DEFAULT_GREETING
    privacy_notice: str = DEFAULT_PRIVACY_NOTICE
    name_en: str = DEFAULT_NAME_EN
    hours_en: str = DEFAULT_HOURS_EN
    privacy_notice_en: str = DEFAULT_PRIVACY_NOTICE_EN
    address: str = DEFAULT_ADDRESS
    address_en: str = DEFAULT_ADDRESS_EN

    @property
    def phone_uri(self) -> str:
        return "tel:" + "".join(ch for ch in self.phone if ch.isdigit() or ch == "+")

    @property
    def map_url(self) -> str:
        """The office on a map: a Google Maps search for its Thai name (Maps URLs, no key needed; a district office's
        name finds it, and the encoded address would be ten times longer); the citizen's phone opens the maps app."""
        return MAP_SEARCH + urllib.parse.quote(self.name)

    @property
    def contact(self) -> str:
        return f"โทร {self.phone} ({self.hours})"

    @property
    def contact_en(self) -> str:
        return f"call {self.phone} ({self.hours_en})"

    def office_name(self, lang: str) -> str:
        """The office's name in ``lang``."""
        return self.name_en if lang == "en" else self.name

    def office_hours(self, lang: str) -> str:
        """Opening hours in ``lang``."""
        return self.hours_en if lang == "en" else self.hours

    def office_address(self, lang: str) -> str:
        """Where the office is, in ``lang``."""
        return self.address_en if lang == "en" else self.address

    def contact_in(self, lang: str) -> str:
        """How to reach the office, in ``lang``."""
        return self.contact_en if lang == "en" else self.contact

    def greeting_text(self) -> str:
        return self.greeting.replace("{office}", self.name)

    def privacy_text(self, lang: str = "th") -> str:
        notice = self.privacy_notice_en if lang == "en" else self.privacy_notice
        return (
            notice.replace("{days}", str(self.retention_days))
            .replace("{office}", self.office_name(lang))
            .replace("{contact}", self.contact_in(lang))
        )


def default_office(settings: Settings) -> Office:
    """The office as the settings describe it, before any admin changed it."""
    return Office(
        settings.office_name,
        settings.office_phone,
        settings.office_hours,
        settings.retention_days,
        name_en=settings.office_name_en,
        hours_en=settings.office_hours_en,
        address=settings.office_address,
        address_en=settings.office_address_en,
    )


_FIELDS = (
    "name",
    "phone",
    "hours",
    "retention_days",
    "greeting",
    "privacy_notice",
    "name_en",
    "hours_en",
    "privacy_notice_en",
    "address",
    "address_en",
)


def load_office(session: Session, settings: Settings) -> Office:
    """The office with the admins' changes over the settings' defaults."""
    office = default_office(settings)
    stored = {k: v for k, v in session.execute(select(OfficeSetting.key, OfficeSetting.value)) if k in _FIELDS}
    if "retention_days" in stored:
        stored["retention_days"] = int(stored["retention_days"])  # type: ignore[assignment]
    return dataclasses.replace(office, **stored)  # type: ignore[arg-type]


def office_changed_at(session: Session) -> dt.datetime | None:
    """When an admin last changed the office (workers compare it to reload)."""
    return session.scalar(select(func.max(OfficeSetting.updated_at)))


def check_office(office: Office) -> Office:
    """Refuse what the bot could not say: empty texts, texts too long for LINE, a retention period out of range."""
    for name, text in TEXTS.items():
        value = getattr(office, name).strip()
        if not value:
            raise OfficeError(f"{text.label} ต้องไม่ว่าง")
        if len(value) > text.limit:
            raise OfficeError(f"{text.label} ยาวได้ไม่เกิน {text.limit} ตัวอักษร")
    if not 1 <= office.retention_days <= 3650:
        raise OfficeError("ระยะเวลาเก็บข้อความต้องอยู่ระหว่าง 1 ถึง 3650 วัน")
    return dataclasses.replace(office, **{n: getattr(office, n).strip() for n in TEXTS})


def save_office(session: Session, office: Office) -> None:
    """Store every field of the office (all of them, so the stored profile is complete and explicit)."""
    office = check_office(office)
    now = utcnow()
    for name in _FIELDS:
        value = str(getattr(office, name))
        row = session.get(OfficeSetting, name)
        if row is None:
            session.add(OfficeSetting(key=name, value=value, updated_at=now))
        elif row.value != value:
            row.value, row.updated_at = value, now
