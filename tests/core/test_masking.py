from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from fazhi.core.masking import mask_id_number, mask_name, mask_party, mask_phone, mask_text

VALID_ID = "230103199001011237"  # check character 7 (GB 11643-1999 §8.2)
VALID_ID_X = "11010519800101018X"


def test_valid_fixtures():
    from fazhi.core.identifiers import validate_resident_id

    assert validate_resident_id(VALID_ID) == VALID_ID
    assert validate_resident_id(VALID_ID_X) == VALID_ID_X


class TestMaskIdNumber:
    def test_keeps_first_and_last_four(self):
        assert mask_id_number("230103199001011234") == "2301**********1234"
        assert mask_id_number(VALID_ID_X) == "1101**********018X"

    def test_strips(self):
        assert mask_id_number("  230103199001011234 ") == "2301**********1234"

    def test_short_values_fully_masked(self):
        assert mask_id_number("12345678") == "********"
        assert mask_id_number("123") == "***"

    def test_fifteen_digit(self):
        assert mask_id_number("230103900101123") == "2301*******1123"

    @pytest.mark.parametrize("value", [None, "", "   "])
    def test_empty(self, value):
        assert mask_id_number(value) == ""


class TestMaskPhone:
    @pytest.mark.parametrize(
        "value,expected",
        [
            ("13812345678", "138****5678"),
            ("19912345678", "199****5678"),
            ("138 1234 5678", "138 **** 5678"),
            ("138-1234-5678", "138-****-5678"),
            ("+86 13812345678", "+86 138****5678"),
            ("+8613812345678", "+86138****5678"),
            ("008613812345678", "0086138****5678"),
        ],
    )
    def test_mobile(self, value, expected):
        assert mask_phone(value) == expected

    @pytest.mark.parametrize(
        "value,expected",
        [
            ("0451-86612345", "0451-******45"),
            ("045186612345", "0451******45"),
            ("010-12345678", "010-******78"),
            ("01012345678", "010******78"),
            ("02112345678", "021******78"),
            ("(0451)86612345", "(0451)******45"),
            ("0451 8661 2345", "0451 **** **45"),
        ],
    )
    def test_landline_keeps_area_code_and_last_two(self, value, expected):
        assert mask_phone(value) == expected

    def test_other_numbers_keep_last_two(self):
        assert mask_phone("86612345") == "******45"
        assert mask_phone("12345") == "***45"

    @pytest.mark.parametrize("value", [None, "", "  "])
    def test_empty(self, value):
        assert mask_phone(value) == ""


class TestMaskName:
    @pytest.mark.parametrize(
        "value,expected",
        [
            ("张三", "张*"),
            ("李小明", "李**"),
            ("欧阳娜娜", "欧阳**"),
            ("爱新觉罗启星", "爱新****"),
            ("王", "*"),
            (" 张三 ", "张*"),
        ],
    )
    def test_names(self, value, expected):
        assert mask_name(value) == expected

    @pytest.mark.parametrize("value", [None, ""])
    def test_empty(self, value):
        assert mask_name(value) == ""


class TestMaskParty:
    def test_natural_person_masked(self):
        assert mask_party("张三", is_natural_person=True) == "张*"

    def test_unit_not_masked(self):
        assert (
            mask_party("黑龙江省某某档案服务有限公司", is_natural_person=False)
            == "黑龙江省某某档案服务有限公司"
        )

    def test_empty(self):
        assert mask_party(None, is_natural_person=True) == ""
        assert mask_party(None, is_natural_person=False) == ""


class TestMaskText:
    def test_masks_valid_id_and_mobile(self):
        text = f"当事人张三，公民身份号码{VALID_ID}，联系电话13812345678，住所地哈尔滨市。"
        assert (
            mask_text(text)
            == "当事人张三，公民身份号码2301**********1237，联系电话138****5678，住所地哈尔滨市。"
        )

    def test_lower_case_x(self):
        assert mask_text(f"身份证：{VALID_ID_X.lower()}。") == "身份证：1101**********018x。"

    def test_id_next_to_letters(self):
        assert mask_text(f"ID{VALID_ID}ok") == "ID2301**********1237ok"

    def test_invalid_check_character_is_left_alone(self):
        text = "编号230103199001011234"
        assert mask_text(text) == text

    def test_uscc_left_alone(self):
        # A unit's code is public; an all-digit USCC is not mistaken for an ID number.
        text = "统一社会信用代码914403001922038216，91440300708461136T"
        assert mask_text(text) == text

    def test_longer_digit_runs_left_alone(self):
        text = "卡号6222021234567890123，订单12013812345678"
        assert mask_text(text) == text

    def test_mobile_variants(self):
        assert mask_text("电话：+86 138-1234-5678；") == "电话：+86 138-****-5678；"
        assert mask_text("tel13912345678.") == "tel139****5678."
        assert mask_text("138 1234 5678") == "138 **** 5678"

    def test_not_mobile(self):
        assert mask_text("12812345678 与 1381234567") == "12812345678 与 1381234567"

    def test_several(self):
        out = mask_text(f"{VALID_ID}、{VALID_ID_X}；13812345678、15900001111")
        assert out == "2301**********1237、1101**********018X；138****5678、159****1111"

    @pytest.mark.parametrize("value", [None, ""])
    def test_empty(self, value):
        assert mask_text(value) == ""

    def test_plain_text_unchanged(self):
        assert mask_text("黑档函〔2018〕15号") == "黑档函〔2018〕15号"

    @given(st.integers(3, 9), st.integers(0, 10**9 - 1))
    def test_any_mobile_is_masked(self, second, rest):
        number = f"1{second}{rest:09d}"
        out = mask_text(f"电话{number}。")
        assert out == f"电话{number[:3]}****{number[-4:]}。"
        assert number not in out


@given(
    st.sampled_from(["110105", "230103", "440300", "650102"]),
    st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2025, 1, 1)),
    st.integers(0, 999),
)
def test_any_valid_id_number_in_text_is_masked(region, birth, seq):
    from fazhi.core.identifiers import resident_id_check_char

    body = f"{region}{birth:%Y%m%d}{seq:03d}"
    number = body + resident_id_check_char(body)
    out = mask_text(f"身份证号{number}，")
    assert out == f"身份证号{number[:4]}{'*' * 10}{number[-4:]}，"
