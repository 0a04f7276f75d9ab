"""A floor area in a message, read against the area limits of the catalogue's titles (catalogue/matcher/areas.py)."""

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from catalogue.matcher import MatcherIndex, match, ranked
from catalogue.matcher.areas import AREA_ABOVE, AREA_WITHIN, area_limits, area_words
from catalogue.matcher.normalise import normalise


def words(text: str, limits: tuple[int, ...] = (200,)) -> list[str]:
    return area_words(normalise(text), limits)


def test_the_limits_come_from_the_titles(index: MatcherIndex) -> None:
    """The food shops' titles name 200 square metres, said over and within alike; a title without one names none."""
    titles = [normalise(p.title_th) for p in index.procedures]
    assert area_limits(titles) == (200,)
    assert index.lexicon.area_limits == (200,)
    assert area_limits([normalise("การแจ้งเกิด")]) == ()
    assert area_limits([normalise("อาคาร (พื้นที่เกิน 1,000 ตารางเมตร)")]) == (1000,)


@pytest.mark.parametrize(
    ("text", "said"),
    [
        ("ร้านอาหารพื้นที่ประมาณ 150 ตร.ม.", AREA_WITHIN),
        ("ร้านข้าวต้ม 400 ตารางเมตร", AREA_ABOVE),
        ("ร้านอาหารเกิน200ตรม", AREA_ABOVE),
        ("พื้นที่ไม่เกิน 200 ตารางเมตร", AREA_WITHIN),
        ("พื้นที่ไม่ถึง 50 ตารางเมตร", AREA_WITHIN),
        ("เกือบ 300 ตรม.", AREA_ABOVE),  # almost 300 is about 300
        ("a 300-square-metre restaurant", AREA_ABOVE),
        ("a warehouse of about 1,000 square metres", AREA_ABOVE),
        ("a small cafe, about 50 sqm", AREA_WITHIN),
        ("less than 150 square meters", AREA_WITHIN),
        ("a makeover of our 150 sqm shop", AREA_WITHIN),  # no comparison inside a word
        ("ร้านอาหารไม่น้อยกว่า 250 ตร.ม.", AREA_ABOVE),
        ("not more than 150 sqm", AREA_WITHIN),
        ("ร้านอาหารเล็กๆ 150.5 ตร.ม.", AREA_WITHIN),  # not 1505
        ("ร้าน 200.5 ตร.ม.", AREA_ABOVE),  # the fraction is over the limit
        ("ร้าน 199.9 ตร.ม.", AREA_WITHIN),
        ("ร้าน 200.0 ตร.ม.", AREA_WITHIN),
        ("ร้าน 200.5 ตร.เมตร", AREA_ABOVE),  # every unit the area is read in (found by a review)
        ("a 200.5-square-metre restaurant", AREA_ABOVE),
        ("ร้านข้าวมันไก่ กว้าง 8 ยาว 20 = 160 ตร.ม.", AREA_WITHIN),  # not 20160
        ("ร้านอยู่ชั้น 1 150 ตร.ม.", AREA_WITHIN),
        ("ร้านอาหารพื้นที่กว่า 200 ตร.ม.", AREA_ABOVE),  # a bare กว่า: over
        ("คิดว่าร้านไม่น่าเกิน 200 ตร.ม.", AREA_WITHIN),
        ("My restaurant isn't more than 200 sqm", AREA_WITHIN),
        ("200 ตารางเมตรขึ้นไป", AREA_ABOVE),
        ("a 150 m² cafe", AREA_WITHIN),
        ("ร้าน 120 ตร.เมตร", AREA_WITHIN),
        ("ขนาด 10x25 ตรม", AREA_ABOVE),  # 250
    ],
)
def test_an_area_is_read_against_the_limit(text: str, said: str) -> None:
    assert words(text) == [f"{said}200"]


@pytest.mark.parametrize(
    "text",
    [
        "ร้านอาหาร 3 โต๊ะ",  # no unit
        "ที่ดิน 300 ตารางวา",  # square wah, a land measure, not a floor area
        "มากกว่า 100 ตร.ม.",  # over 100 may be under 200 or not
        "ไม่เกิน 500 ตารางเมตร",  # at most 500: the same
        "ค่าธรรมเนียม 200 บาท",
        "ร้านเดิม 100 ตร.ม. จะขยายเป็น 300 ตร.ม.",  # on both sides of 200: on neither
        "ร้านราว 180-220 ตรม",  # a range across the limit
        "ร้านเล็กกว่า 300 ตรม",  # smaller than 300: a bare กว่า is no "over"
    ],
)
def test_an_area_that_does_not_tell_says_nothing(text: str) -> None:
    assert words(text) == []


@given(st.integers(min_value=1, max_value=99_999), st.sampled_from(["ตร.ม.", "ตารางเมตร", "ตรม", " sqm", " m2"]))
@example(555, "ตร.ม.")  # fives, which alone are laughter (found by this test)
@example(5555, " sqm")
def test_a_plain_area_is_above_exactly_when_it_exceeds_the_limit(area: int, unit: str) -> None:
    said = AREA_ABOVE if area > 200 else AREA_WITHIN
    assert words(f"ร้าน {area} {unit}") == [f"{said}200"]
    assert words(f"ร้าน {area} {unit}", ()) == []


@given(st.integers(min_value=1, max_value=9_999_999), st.sampled_from(["ตร.ม.", "ตารางเมตร", " sqm"]))
@example(20_050, "ตร.ม.")  # 200.50
@example(19_999, "ตร.ม.")  # 199.99
def test_an_area_with_a_fraction_is_above_exactly_when_it_exceeds_the_limit(hundredths: int, unit: str) -> None:
    area = f"{hundredths // 100}.{hundredths % 100:02d}"
    said = AREA_ABOVE if hundredths > 200 * 100 else AREA_WITHIN
    assert words(f"ร้าน {area} {unit}") == [f"{said}200"]


def test_the_area_is_read_off_the_whole_message_and_is_no_word_of_it(index: MatcherIndex) -> None:
    """The area is no token the model, the profiles or naive Bayes would learn as a food shop's word (a demolition of
    300 square metres is no food store), and it is read before a clause set aside by แต่ is dropped."""
    analysis = index.analyse("ร้านอาหาร 150 ตร.ม.")
    assert analysis.areas == (f"{AREA_WITHIN}200",)
    assert not any(t.startswith("§") for t in analysis.tokens)
    assert index.analyse("ร้านอาหารไม่ถึง200ตรม แต่ลูกค้าเยอะ").areas == (f"{AREA_WITHIN}200",)


@pytest.mark.parametrize(
    ("text", "first", "then"),
    [
        (
            "ร้านอาหารของผมพื้นที่ประมาณ 120 ตารางเมตร ต้องขอใบอนุญาตหรือแค่แจ้งเขตครับ",
            "food-sale-premises-notification",
            "food-sale-premises-license",
        ),
        (
            "ร้านอาหารของผมพื้นที่ประมาณ 320 ตารางเมตร ต้องขอใบอนุญาตหรือแค่แจ้งเขตครับ",
            "food-sale-premises-license",
            "food-sale-premises-notification",
        ),
        (
            "ร้านขายของแห้งไม่ได้ปรุงอาหาร 90 ตร.ม. ต้องทำเรื่องอะไรกับเขต",
            "food-storage-premises-notification",
            "food-storage-premises-license",
        ),
        (
            "ร้านขายของแห้งไม่ได้ปรุงอาหาร 900 ตร.ม. ต้องทำเรื่องอะไรกับเขต",
            "food-storage-premises-license",
            "food-storage-premises-notification",
        ),
        ("ร้านอาหาร 180 ตรม ต้องขอใบอนุญาตไหม", "food-sale-premises-notification", "food-sale-premises-license"),
        (
            "Is notifying the district enough for a 260 sqm restaurant?",
            "food-sale-premises-license",
            "food-sale-premises-notification",
        ),
    ],
)
def test_the_area_puts_the_right_one_of_two_food_shop_procedures_first(
    index: MatcherIndex, text: str, first: str, then: str
) -> None:
    """The same question with a different area: the notification for a shop within 200 square metres, the licence
    for a larger one, whatever words the citizen uses for either."""
    order = ranked(text, index, k=len(index.procedures))
    assert order.index(first) < order.index(then)
    assert match(text, index).matches[0].id == first


def test_the_two_sides_change_places_and_stay_the_food_shops(index: MatcherIndex) -> None:
    """The area only orders the two sides of its limit: an area of the building a stall stands in never pushes the
    question out of the food shops."""
    r = match("ตึกแถว 4 ชั้น 320 ตร.ม. ใช้ชั้นล่างเปิดร้านข้าวมันไก่ ต้องแจ้งเขตไหม", index)
    assert r.matches[0].id.startswith("food-sale-premises-")
    swaps = {(index.labels[w], index.labels[r]) for w, r in index.area_swaps((f"{AREA_WITHIN}200",))}
    assert swaps == {
        ("food-sale-premises-license", "food-sale-premises-notification"),
        ("food-storage-premises-license", "food-storage-premises-notification"),
    }


@pytest.mark.parametrize(
    ("text", "procedure"),
    [
        ("I want to demolish my 120 sqm house", "building-demolition-permit"),
        ("ดัดแปลงอาคาร 250 ตรม ยื่นเรื่องที่ไหน", "building-modification-permit"),
        ("ที่ดิน 200 ตร.ม. ปลูกกล้วย ต้องแจ้งเปลี่ยนการใช้ประโยชน์ไหม", "land-building-use-change-notification"),
    ],
)
def test_an_area_does_not_pull_other_procedures_to_a_food_shop(index: MatcherIndex, text: str, procedure: str) -> None:
    assert match(text, index).matches[0].id == procedure


def test_with_no_area_the_two_food_shop_procedures_are_offered(index: MatcherIndex) -> None:
    """By law the area decides: a question that gives none gets both to choose from."""
    r = match("Is notifying the district enough for a restaurant?", index)
    assert r.decision == "choose"
    assert {m.id for m in r.matches[:2]} == {"food-sale-premises-notification", "food-sale-premises-license"}
