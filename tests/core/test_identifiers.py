"""统一社会信用代码 (GB 32100-2015) and 公民身份号码 (GB 11643-1999) validation.

The check characters are recomputed here from the standards' formulas, independently of the module.
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from fazhi.core import clock
from fazhi.core.identifiers import (
    USCC_KINDS,
    is_valid_resident_id,
    is_valid_uscc,
    organization_code_check_char,
    resident_id_check_char,
    uscc_check_char,
    uscc_info,
    validate_resident_id,
    validate_uscc,
)

ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
TODAY = dt.date(2025, 6, 30)


@pytest.fixture(autouse=True)
def _frozen_today():
    with clock.frozen_today(TODAY):
        yield


# --- independent reference implementations ------------------------------------------------------------


def ref_uscc_check(body17: str) -> str:
    """GB 32100-2015 §5: Wi = 3^(i−1) mod 31, C18 = (31 − Σ mod 31) mod 31, mapped to the alphabet."""
    total = sum(ALPHABET.index(c) * pow(3, i, 31) for i, c in enumerate(body17))
    return ALPHABET[(31 - total % 31) % 31]


def ref_org_check(body8: str) -> str:
    """GB 11714-1997 §4: weights 3 7 9 10 5 8 4 2, C9 = 11 − Σ mod 11, 10 → X, 11 → 0."""
    total = sum(int(c, 36) * w for c, w in zip(body8, (3, 7, 9, 10, 5, 8, 4, 2), strict=True))
    return {10: "X", 11: "0"}.get(11 - total % 11, str(11 - total % 11))


def ref_ric_check(body17: str) -> str:
    """GB 11643-1999 §8.2 (ISO 7064 MOD 11-2): Wi = 2^(18−p) mod 11, "10X98765432"[Σ mod 11]."""
    total = sum(int(c) * pow(2, 17 - i, 11) for i, c in enumerate(body17))
    return "10X98765432"[total % 11]


def make_uscc(authority: str, kind: str, region: str, org8: str) -> str:
    body = authority + kind + region + org8 + ref_org_check(org8)
    return body + ref_uscc_check(body)


def make_ric(region: str, birth: str, seq: str) -> str:
    body = region + birth + seq
    return body + ref_ric_check(body)


def message(exc_info) -> str:
    return exc_info.value.messages[0]


# Real codes published on business licences / registrar sites; each passes both check characters (a
# mis-remembered code passes both with probability 1/341).  91230000127571960Y, suggested in the brief,
# fails both checks and is not used.
REAL_USCC = [
    "91110000600037341L",  # stdnum's example
    "91440300708461136T",  # 深圳市腾讯计算机系统有限公司
    "914403001922038216",  # 华为技术有限公司
    "91330100716105852F",
    "91330100799655058B",
    "12100000400000624D",  # central 事业单位 (region 100000)
    "11100000000013127D",  # central 机关
    "91350100M000100Y43",
]


# --- 统一社会信用代码 ---------------------------------------------------------------------------------


class TestUsccReferenceData:
    @pytest.mark.parametrize("code", REAL_USCC)
    def test_real_codes_validate(self, code):
        assert ref_uscc_check(code[:17]) == code[17]
        assert ref_org_check(code[8:16]) == code[16]
        assert validate_uscc(code) == code

    def test_brief_example_is_not_valid(self):
        with pytest.raises(ValidationError) as e:
            validate_uscc("91230000127571960Y")
        assert message(e) == "校验码错误：应为U"

    def test_check_helpers_match_reference(self):
        for code in REAL_USCC:
            assert uscc_check_char(code[:17]) == code[17]
            assert organization_code_check_char(code[8:16]) == code[16]

    def test_org_check_edge_values(self):
        # Σ mod 11 == 1 → 10 → "X"; Σ mod 11 == 0 → 11 → "0"
        assert ref_org_check("00000000") == "0"
        assert organization_code_check_char("00000000") == "0"
        bodies = ["".join(b) for b in (f"{n:08d}" for n in range(0, 2000))]
        x = next(b for b in bodies if ref_org_check(b) == "X")
        assert organization_code_check_char(x) == "X"
        for b in bodies:
            assert organization_code_check_char(b) == ref_org_check(b)

    def test_helpers_reject_bad_bodies(self):
        with pytest.raises(ValueError):
            uscc_check_char("123")
        with pytest.raises(ValueError):
            uscc_check_char("9144030070846113O")
        with pytest.raises(ValueError):
            organization_code_check_char("1234567")
        with pytest.raises(ValueError):
            organization_code_check_char("1234567a")


class TestUsccNormalization:
    def test_lower_case_and_whitespace(self):
        assert validate_uscc("  91440300708461136t \n") == "91440300708461136T"

    def test_full_width_and_invisible_characters(self):
        assert validate_uscc("\ufeff９１４４０３００７０８４６１１３６Ｔ\u200b") == "91440300708461136T"

    def test_letter_authorities_accepted(self):
        # stdnum.cn.uscc rejects these: it requires positions 1-8 to be digits.
        for authority, kind in (("Y", "1"), ("N", "2"), ("A", "1")):
            code = make_uscc(authority, kind, "230103", "MA1234567"[:8])
            assert validate_uscc(code) == code


class TestUsccErrors:
    def check(self, value, expected, code=None):
        with pytest.raises(ValidationError) as e:
            validate_uscc(value)
        assert message(e) == expected
        if code:
            assert e.value.code == code
        assert not is_valid_uscc(value)

    @pytest.mark.parametrize(
        "value", ["", None, "9144030070846113", "91440300708461136TT", "9144 0300708461136T"]
    )
    def test_length(self, value):
        self.check(value, "统一社会信用代码应为18位", "length")

    @pytest.mark.parametrize("bad", "IOSVZ")
    def test_forbidden_letters(self, bad):
        value = "914403007084611" + bad + "6T"
        self.check(value, f"第16位含有不允许的字符“{bad}”", "invalid_char")

    def test_forbidden_letter_lower_case_reported_upper(self):
        self.check("o1440300708461136T", "第1位含有不允许的字符“O”")

    def test_punctuation(self):
        self.check("91440300-708461136", "第9位含有不允许的字符“-”")

    def test_region_must_be_digits(self):
        self.check("9144A300708461136T", "第5位含有不允许的字符“A”")

    @pytest.mark.parametrize("authority", list("BCDEFGHJKLMPQRTUWX0"))
    def test_unknown_authority(self, authority):
        value = make_uscc(authority, "1", "440300", "70846113")
        self.check(value, f"登记管理部门代码“{authority}”无效", "authority")

    @pytest.mark.parametrize(
        "authority,kind",
        [
            ("9", "4"),
            ("9", "9"),
            ("5", "4"),
            ("1", "5"),
            ("Y", "2"),
            ("Y", "9"),
            ("N", "4"),
            ("9", "A"),
            ("2", "2"),
        ],
    )
    def test_kind_not_defined_for_authority(self, authority, kind):
        value = make_uscc(authority, kind, "440300", "70846113")
        self.check(value, "机构类别代码与登记管理部门不匹配", "kind")

    def test_unknown_region(self):
        value = make_uscc("9", "1", "990000", "70846113")
        self.check(value, "登记管理机关行政区划码“990000”无效", "region")

    def test_region_not_checked_for_military_authority(self):
        # Authority A's region practice is not published: only "6 digits" is required.
        code = make_uscc("A", "1", "990000", "70846113")
        assert validate_uscc(code) == code
        self.check(code[:4] + "X" + code[5:], "第5位含有不允许的字符“X”")

    def test_check_character(self):
        self.check("91440300708461136A", "校验码错误：应为T", "checksum")

    def test_single_typo_in_body_is_caught_by_check_character(self):
        self.check("91440300708461163T", "校验码错误：应为" + ref_uscc_check("91440300708461163"))

    def test_embedded_organization_code_check_digit(self):
        body = "91440300" + "70846113" + "7"  # real check digit is 6
        value = body + ref_uscc_check(body)
        self.check(value, "组织机构代码校验位错误", "organization_code")


class TestUsccInfo:
    def test_enterprise_in_shenzhen(self):
        info = uscc_info("91440300708461136T")
        assert info["authority"] == "工商（市场监管）"
        assert info["kind"] == "企业"
        assert info["region"] == "广东省深圳市"
        assert info["region_code"] == "440300"
        assert info["organization_code"] == "70846113-6"

    def test_central_registration(self):
        info = uscc_info("12100000400000624D")
        assert info == {
            "authority": "机构编制",
            "kind": "事业单位",
            "region": "中央",
            "region_code": "100000",
            "organization_code": "40000062-4",
        }

    def test_district_label_includes_prefecture(self):
        info = uscc_info(make_uscc("5", "1", "230103", "12345678"))
        assert info["authority"] == "民政"
        assert info["kind"] == "社会团体"
        assert info["region"] == "黑龙江省哈尔滨市南岗区"

    def test_municipality_district(self):
        assert uscc_info(make_uscc("N", "2", "110105", "12345678"))["region"] == "北京市朝阳区"

    def test_unknown_county_falls_back_to_province(self):
        assert uscc_info(make_uscc("Y", "1", "239999", "12345678"))["region"] == "黑龙江省"

    def test_invalid_code_raises(self):
        with pytest.raises(ValidationError):
            uscc_info("91440300708461136A")


AUTHORITY_KIND = st.sampled_from([(a, k) for a, kinds in USCC_KINDS.items() for k in kinds])
REGIONS = st.sampled_from(["100000", "110105", "230103", "440300", "650102", "810000", "460200"])
ORG_BODY = st.text(alphabet=ALPHABET, min_size=8, max_size=8)


class TestUsccProperties:
    @given(AUTHORITY_KIND, REGIONS, ORG_BODY)
    def test_computed_codes_validate(self, authority_kind, region, org8):
        code = make_uscc(*authority_kind, region, org8)
        assert validate_uscc(code) == code
        assert validate_uscc(code.lower()) == code

    @given(AUTHORITY_KIND, REGIONS, ORG_BODY, st.sampled_from(ALPHABET))
    def test_changing_the_check_character_always_invalidates(self, authority_kind, region, org8, other):
        code = make_uscc(*authority_kind, region, org8)
        assume(other != code[17])
        with pytest.raises(ValidationError) as e:
            validate_uscc(code[:17] + other)
        assert message(e) == f"校验码错误：应为{code[17]}"

    @given(AUTHORITY_KIND, REGIONS, ORG_BODY, st.integers(0, 16), st.sampled_from(ALPHABET))
    def test_changing_any_body_character_always_invalidates(self, authority_kind, region, org8, pos, other):
        # 3^(i-1) mod 31 is never 0 and two distinct characters differ by less than 31, so a single
        # substitution always changes Σ mod 31: the code is rejected (by some check).
        code = make_uscc(*authority_kind, region, org8)
        assume(other != code[pos])
        assert not is_valid_uscc(code[:pos] + other + code[pos + 1 :])

    @settings(suppress_health_check=[HealthCheck.too_slow])
    @given(st.text(alphabet=ALPHABET, min_size=18, max_size=18))
    def test_random_strings_agree_with_reference(self, value):
        expected = (
            value[0] in USCC_KINDS
            and value[1] in USCC_KINDS[value[0]]
            and value[2:8].isdigit()
            and (value[0] == "A" or value[2:8] == "100000" or value[2:4] in REGION_PREFIXES)
            and ref_uscc_check(value[:17]) == value[17]
            and ref_org_check(value[8:16]) == value[16]
        )
        assert is_valid_uscc(value) == expected


REGION_PREFIXES = set(
    "11 12 13 14 15 21 22 23 31 32 33 34 35 36 37 41 42 43 44 45 46 50 51 52 53 54 61 62 63 64 65 71 81 82 83".split()
)


# --- 公民身份号码 -----------------------------------------------------------------------------------


class TestResidentId:
    def test_valid(self):
        number = make_ric("230103", "19900101", "123")
        assert number == "230103199001011237"
        assert validate_resident_id(number) == number
        assert resident_id_check_char(number[:17]) == "7"

    def test_stdnum_doc_example(self):
        assert validate_resident_id("360426199101010071") == "360426199101010071"

    def test_lower_case_x_normalized(self):
        body = next(
            f"11010519800101{seq:03d}"
            for seq in range(1000)
            if ref_ric_check(f"11010519800101{seq:03d}") == "X"
        )
        assert validate_resident_id(f" {body}x ") == body + "X"

    def test_full_width_digits(self):
        number = make_ric("110105", "19800101", "002")
        full = "".join(chr(ord(c) + 0xFEE0) for c in number)
        assert validate_resident_id(full) == number

    def test_born_today_and_on_1900_01_01(self):
        for birth in (TODAY.strftime("%Y%m%d"), "19000101"):
            number = make_ric("440300", birth, "001")
            assert validate_resident_id(number) == number

    def test_residence_permits_and_new_county_codes(self):
        # stdnum.cn.ric rejects these (its address table / birth-year heuristic).
        for region, birth in (("810000", "19900101"), ("830000", "19850505"), ("110118", "19800101")):
            number = make_ric(region, birth, "001")
            assert validate_resident_id(number) == number

    def test_check_helper_rejects_bad_body(self):
        with pytest.raises(ValueError):
            resident_id_check_char("1234")
        with pytest.raises(ValueError):
            resident_id_check_char("1101051980010100X")


class TestResidentIdErrors:
    def check(self, value, expected, code=None):
        with pytest.raises(ValidationError) as e:
            validate_resident_id(value)
        assert message(e) == expected
        if code:
            assert e.value.code == code
        assert not is_valid_resident_id(value)

    def test_old_15_digit_number(self):
        self.check("230103900101123", "请使用18位公民身份号码", "old_format")

    @pytest.mark.parametrize(
        "value", ["", None, "2301031990010112", "2301031990010112377", "23010319900101A12"]
    )
    def test_length(self, value):
        self.check(value, "公民身份号码应为18位", "length")

    def test_letter_in_body(self):
        self.check("2301031990010112A7", "第17位含有不允许的字符“A”", "invalid_char")

    def test_bad_check_letter(self):
        self.check("23010319900101123Y", "第18位含有不允许的字符“Y”", "invalid_char")

    def test_unknown_region(self):
        self.check(make_ric("990105", "19900101", "123"), "地址码“990105”无效", "region")

    @pytest.mark.parametrize(
        "birth",
        [
            "19900230",  # 30 February
            "19901301",  # month 13
            "19900100",  # day 0
            "18991231",  # before 1900
            "00000000",
            (TODAY + dt.timedelta(days=1)).strftime("%Y%m%d"),  # tomorrow
            "20991231",
        ],
    )
    def test_birth_date(self, birth):
        self.check(make_ric("230103", birth, "123"), "出生日期无效", "birth_date")

    def test_future_date_relative_to_clock(self):
        number = make_ric("230103", "20250701", "123")
        self.check(number, "出生日期无效")
        with clock.frozen_today(dt.date(2025, 7, 1)):
            assert validate_resident_id(number) == number

    def test_check_character(self):
        self.check("230103199001011234", "校验码错误", "checksum")


RIC_REGIONS = st.sampled_from(["110105", "230103", "440300", "650102", "810000", "830000", "500101"])
BIRTHS = st.dates(min_value=dt.date(1900, 1, 1), max_value=TODAY).map(lambda d: d.strftime("%Y%m%d"))
SEQS = st.integers(0, 999).map(lambda n: f"{n:03d}")


class TestResidentIdProperties:
    @given(RIC_REGIONS, BIRTHS, SEQS)
    def test_computed_numbers_validate(self, region, birth, seq):
        with clock.frozen_today(TODAY):
            number = make_ric(region, birth, seq)
            assert validate_resident_id(number) == number
            assert resident_id_check_char(number[:17]) == number[17]

    @given(RIC_REGIONS, BIRTHS, SEQS, st.sampled_from("0123456789X"))
    def test_changing_the_check_character_always_invalidates(self, region, birth, seq, other):
        with clock.frozen_today(TODAY):
            number = make_ric(region, birth, seq)
            assume(other != number[17])
            with pytest.raises(ValidationError) as e:
                validate_resident_id(number[:17] + other)
            assert message(e) == "校验码错误"

    @given(RIC_REGIONS, BIRTHS, SEQS, st.integers(0, 16), st.sampled_from("0123456789"))
    def test_changing_any_digit_always_invalidates(self, region, birth, seq, pos, other):
        # MOD 11-2 weights are never 0 mod 11 and digits differ by less than 11.
        with clock.frozen_today(TODAY):
            number = make_ric(region, birth, seq)
            assume(other != number[pos])
            assert not is_valid_resident_id(number[:pos] + other + number[pos + 1 :])

    @given(st.text(alphabet="0123456789", min_size=17, max_size=17))
    def test_check_char_matches_reference(self, body):
        assert resident_id_check_char(body) == ref_ric_check(body)
