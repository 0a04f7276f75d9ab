"""Everything the bot says, in Thai and in English: one :class:`Wording` per language.

A message written in English only is answered in English; Thai and mixed messages in Thai. The builders in
``bot.replies`` pick the wording of the inquiry's language, so the bubble, the buttons, the quick replies, the rating
flow and the fallbacks all follow the citizen.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Wording:
    """One language's texts. ``{...}`` fields are filled by the builders."""

    lang: str
    contact_label: str  # "ติดต่อ: {department}"
    documents: str
    fee: str  # "ค่าธรรมเนียม: {fee}"
    fee_unknown: str
    duration: str  # "ระยะเวลา: {duration}"
    watch_clip: str
    full_manual: str
    this_one: str
    did_it_answer: str
    yes: str
    yes_display: str
    no: str
    no_display: str
    answer_alt: str  # "คลิปแนะนำ: {title}"
    choose_intro: str
    choose_alt: str  # "เลือกเรื่องที่ต้องการ: {titles}"
    explanation_intro: str  # {office} {contact}
    section_intro: str  # "เรื่องของ{department} ..."
    greeting: str  # {office}
    thanks: str
    staff: str  # {office} {contact}
    office_info: str  # {office} {hours} {address} {phone} {website}
    open_map: str
    complaint: str
    complaint_button: str
    call_office: str
    complaint_more: str  # {office} {contact}
    service_report: str  # with a service clip: "... and report it on Traffy Fondue"
    other_agency: str  # {office} {contact}
    agency: str  # {service} {agency} {how}; the phone and the website follow, each on its own line, when given
    agency_phone: str  # {phone}
    agency_website: str
    agency_call: str
    not_helpful: str  # {contact}
    not_helpful_alternatives: str
    not_helpful_alt: str
    unknown: str  # {contact}
    not_text: str
    rate_intro: str
    rate_labels: tuple[str, str, str, str, str]  # 5 .. 1
    rate_display: str  # {k}
    already_noted: str
    thanks_good: str
    thanks_poor: str
    bad_postback: str
    picked_from_section: str  # stored text of a menu pick: "[เลือกจากหมวด] {title}"


THAI = Wording(
    lang="th",
    contact_label="ติดต่อ: {department}",
    documents="เอกสารที่ต้องเตรียม",
    fee="ค่าธรรมเนียม: {fee}",
    fee_unknown="สอบถามเจ้าหน้าที่",
    duration="ระยะเวลา: {duration}",
    watch_clip="ดูคลิป",
    full_manual="คู่มือฉบับเต็ม",
    this_one="ใช่เรื่องนี้",
    did_it_answer="ตรงกับที่ถามไหม",
    yes="ใช่ ตรง",
    yes_display="ตรงกับที่ถาม",
    no="ไม่ใช่",
    no_display="ไม่ใช่เรื่องที่ถาม",
    answer_alt="คลิปแนะนำ: {title}",
    choose_intro="เรื่องที่ถามตรงกับข้อไหนคะ เลือก “ใช่เรื่องนี้” ใต้เรื่องที่ต้องการได้เลยค่ะ",
    choose_alt="เลือกเรื่องที่ต้องการ: {titles}",
    explanation_intro=(
        "เรื่องเหตุผลหรือความหมาย เจ้าหน้าที่{office}ตอบได้ตรงที่สุด สอบถามได้ที่ {contact} ค่ะ\n"
        "ถ้าต้องการดูวิธีทำเรื่องที่เกี่ยวข้อง เลือก “ใช่เรื่องนี้” ใต้เรื่องด้านล่างได้เลยค่ะ"
    ),
    section_intro="เรื่องของ{department} เลือกเรื่องที่ต้องการได้เลยค่ะ",
    greeting=(
        "สวัสดีค่ะ ปารุ ผู้ช่วยของ{office} ยินดีให้บริการค่ะ\n"
        "พิมพ์ถามเรื่องที่ต้องการติดต่อได้เลย เช่น “แจ้งเกิด” “บัตรประชาชนหาย” “จ่ายภาษีที่ดิน” "
        "หรือเลือกหมวดด้านล่างค่ะ"
    ),
    thanks="ยินดีค่ะ 😊 มีเรื่องอื่นให้ช่วย พิมพ์ถามได้ตลอดเลยนะคะ",
    staff="ติดต่อเจ้าหน้าที่{office}ได้ที่ {contact} ค่ะ\nหรือพิมพ์คำถามไว้ ปารุจะช่วยหาคลิปแนะนำให้ก่อนค่ะ",
    office_info="{office} เปิดให้บริการ {hours}\nที่ตั้ง {address}\nโทร {phone}\nเว็บไซต์ {website}",
    complaint=(
        "เรื่องแจ้งปัญหาหรือร้องเรียน (ไฟดับ ขยะ เสียงดัง ทางเท้า) แจ้งได้ทาง Traffy Fondue ของกรุงเทพฯ ค่ะ "
        "เจ้าหน้าที่เขตจะรับเรื่องและติดตามให้"
    ),
    complaint_button="แจ้งทาง Traffy Fondue",
    call_office="โทรหาเขต",
    open_map="เปิดแผนที่",
    complaint_more="หรือติดต่อ{office} {contact} ค่ะ",
    service_report="ถ้าเป็นการแจ้งปัญหา แจ้งพร้อมรูปและตำแหน่งทาง Traffy Fondue ได้ด้วย เจ้าหน้าที่เขตจะรับเรื่องและติดตามให้ค่ะ",
    other_agency=(
        "เรื่องนี้ไม่ได้อยู่ในงานที่{office}ให้บริการค่ะ (เช่น หนังสือเดินทาง ใบขับขี่ โฉนดที่ดิน "
        "จดทะเบียนบริษัท) หากไม่แน่ใจว่าต้องติดต่อที่ไหน {contact} ค่ะ"
    ),
    agency="สำนักงานเขตไม่ได้ให้บริการเรื่อง{service}ค่ะ กรุณาติดต่อ{agency}\n{how}",
    agency_phone="โทร {phone}",
    agency_website="เว็บไซต์หน่วยงาน",
    agency_call="โทร",
    not_helpful="ขออภัยค่ะ ลองพิมพ์ถามด้วยคำอื่น หรือเลือกหมวดด้านล่าง หากยังไม่ตรง {contact}",
    not_helpful_alternatives="ขออภัยค่ะ เรื่องที่ถามเป็นข้อไหนในนี้ไหมคะ เลือก “ใช่เรื่องนี้” ได้เลยค่ะ",
    not_helpful_alt="เรื่องที่ใกล้เคียง: {titles}",
    unknown=("ขออภัยค่ะ ปารุยังไม่มีคลิปสำหรับเรื่องนี้ ลองพิมพ์ถามด้วยคำอื่น หรือเลือกหมวดด้านล่างค่ะ\nสอบถามเจ้าหน้าที่ {contact}"),
    not_text=("ขอบคุณค่ะ 😊 ตอนนี้ปารุอ่านได้เฉพาะข้อความที่พิมพ์ รบกวนพิมพ์คำถาม เช่น “ทำบัตรประชาชนใหม่” หรือเลือกหมวดด้านล่างได้เลยค่ะ"),
    rate_intro="ดีใจที่ช่วยได้ค่ะ 🙏 ช่วยให้คะแนนความพึงพอใจกับคำตอบนี้หน่อยนะคะ",
    rate_labels=("5 พอใจมาก", "4 พอใจ", "3 ปานกลาง", "2 น้อย", "1 น้อยมาก"),
    rate_display="ให้คะแนน {k}",
    already_noted=("ปารุบันทึกคำตอบของท่านสำหรับคำถามนี้ไว้แล้วค่ะ ขอบคุณค่ะ 🙏 มีเรื่องอื่นพิมพ์ถามได้เลย หรือเลือกหมวดด้านล่างค่ะ"),
    thanks_good="ขอบคุณสำหรับคะแนนค่ะ 🙏 ยินดีให้บริการค่ะ",
    thanks_poor="ขอบคุณที่บอกเราค่ะ เราจะนำไปปรับปรุงคลิปและคำตอบให้ดีขึ้นค่ะ",
    bad_postback="ขออภัยค่ะ ปุ่มนี้ใช้ไม่ได้แล้ว รบกวนพิมพ์คำถามใหม่อีกครั้ง หรือเลือกหมวดด้านล่างค่ะ",
    picked_from_section="[เลือกจากหมวด] {title}",
)

ENGLISH = Wording(
    lang="en",
    contact_label="Contact: {department}",
    documents="What to bring",
    fee="Fee: {fee}",
    fee_unknown="please ask the staff",
    duration="Time: {duration}",
    watch_clip="Watch the clip",
    full_manual="Full guide",
    this_one="This one",
    did_it_answer="Is this what you asked?",
    yes="Yes",
    yes_display="Yes, that's it",
    no="No",
    no_display="Not what I asked",
    answer_alt="Clip: {title}",
    choose_intro="Which of these is it? Tap “This one” under the right one.",
    choose_alt="Choose one: {titles}",
    explanation_intro=(
        "Questions about why, or about what a term means, are best answered by the staff of {office}: {contact}.\n"
        "To see how a related procedure is done, tap “This one” under it below."
    ),
    section_intro="{department}: choose a procedure.",
    greeting=(
        "Hello, I'm Paru, the assistant of {office}.\n"
        "Type what you need, for example “birth registration”, “lost ID card” or “pay land tax”, "
        "or choose a section below."
    ),
    thanks="You're welcome 😊 Ask me anything else at any time.",
    staff="You can reach the staff of {office}: {contact}.\nOr type your question and Paru will look for a clip first.",
    office_info="{office} is open {hours}\nAddress: {address}\nPhone: {phone}\nWebsite: {website}",
    complaint=(
        "To report a problem (street lights, garbage, noise, footpaths), use Bangkok's Traffy Fondue: the district "
        "staff receive it and follow it up."
    ),
    complaint_button="Report a problem",
    call_office="Call the district",
    open_map="Open the map",
    complaint_more="Or contact {office}: {contact}.",
    service_report="If you are reporting a problem, you can also report it with a photo and location on Traffy "
    "Fondue: the district staff receive it and follow it up.",
    other_agency=(
        "This is not a service of {office} (for example passports, driving licences, land title deeds, company "
        "registration). If you are not sure where to go, {contact}."
    ),
    agency="The district office does not handle {service}.\nWho to contact: {agency}\n{how}",
    agency_phone="Phone {phone}",
    agency_website="Agency website",
    agency_call="Call",
    not_helpful="Sorry. Try asking in other words, or choose a section below. If it still doesn't fit, {contact}.",
    not_helpful_alternatives="Sorry. Is it one of these? Tap “This one” under the right one.",
    not_helpful_alt="Close matches: {titles}",
    unknown=(
        "Sorry, Paru has no clip for this yet. Try other words, or choose a section below.\n"
        "To ask the staff, {contact}."
    ),
    not_text=(
        "Thank you 😊 Paru can only read typed messages for now. Please type your question, for example "
        "“new ID card”, or choose a section below."
    ),
    rate_intro="Glad it helped 🙏 How satisfied are you with this answer?",
    rate_labels=("5 Very good", "4 Good", "3 Fair", "2 Poor", "1 Very poor"),
    rate_display="Rating {k}",
    already_noted="Paru has already noted your answer to this question. Thank you 🙏 Ask anything else, or choose "
    "a section below.",
    thanks_good="Thank you for your rating 🙏",
    thanks_poor="Thank you for telling us. We will use it to improve the clips and answers.",
    bad_postback="Sorry, this button no longer works. Please type your question again, or choose a section below.",
    picked_from_section="[chosen from a section] {title}",
)


#: Section names short enough for a quick-reply button (20 characters), by their full Thai or English name. A
#: section not listed here is shown without the word ฝ่าย or "Section", cut to fit.
SECTION_LABELS = {
    "ฝ่ายพัฒนาชุมชนและสวัสดิการสังคม": "พัฒนาชุมชน/สวัสดิการ",
    "ฝ่ายรักษาความสะอาดและสวนสาธารณะ": "ความสะอาดและสวน",
    "Administration Section": "Administration",
    "City Law Enforcement Section": "City Law Enforcement",
    "Community Development and Social Welfare Section": "Welfare & Community",
    "Education Section": "Education",
    "Environment and Sanitation Section": "Env. & Sanitation",
    "Public Cleansing and Public Parks Section": "Cleansing & Parks",
    "Public Works Section": "Public Works",
    "Registration Section": "Registration",
    "Revenue Section": "Revenue",
}


def wording(lang: str) -> Wording:
    """The wording of ``lang`` ("en" or anything else: Thai)."""
    return ENGLISH if lang == "en" else THAI
