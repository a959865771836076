"""Identifier checks: 统一社会信用代码 (GB 32100-2015) and 公民身份号码 (GB 11643-1999).

Both validators return the normalized value (NFKC, surrounding whitespace removed, upper case) and raise
``django.core.exceptions.ValidationError`` with a precise Chinese message and a stable ``code``.

python-stdnum is used where it is right (the two check-character computations, and the GB/T 2260 region
names for labels); its structural checks are replaced here because they are wrong or missing:

* ``stdnum.cn.uscc.validate`` requires positions 1–8 to be digits, so it rejects every valid code whose
  registration authority is a letter (A 中央军委改革和编制办公室, N 农业, Y 其他); it accepts any digit as
  authority and kind (e.g. "B…" is rejected only as "format", "94…" is accepted); it does not verify the
  GB 11714 check digit embedded at position 17; it silently removes inner spaces and hyphens.
* ``stdnum.cn.ric.validate`` accepts birth dates in the future and before 1900, and it rejects valid
  numbers whose address code is missing from its (Wikipedia-derived) table or was created after the
  birth year (it wrongly assumes the number was assigned at birth), including 81/82/83 residence permits.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from stdnum.cn import ric as _stdnum_ric
from stdnum.cn import uscc as _stdnum_uscc

from fazhi.core import clock

__all__ = [
    "USCC_ALPHABET",
    "USCC_AUTHORITIES",
    "USCC_KINDS",
    "is_valid_resident_id",
    "is_valid_uscc",
    "organization_code_check_char",
    "resident_id_check_char",
    "uscc_check_char",
    "uscc_info",
    "validate_resident_id",
    "validate_uscc",
]

# ---------------------------------------------------------------------------------------------------
# Shared helpers
# ---------------------------------------------------------------------------------------------------

# Invisible characters that survive copy-and-paste from web pages and word processors.
_INVISIBLE = "\u200b\u200c\u200d\u2060\ufeff"

# GB/T 2260 province-level codes (first two digits of an administrative-division code), plus
# 71 台湾, 81 香港, 82 澳门 and 83 (used by 台湾居民居住证, 830000).
_PROVINCES = frozenset(
    "11 12 13 14 15 21 22 23 31 32 33 34 35 36 37 41 42 43 44 45 46 50 51 52 53 54 "
    "61 62 63 64 65 71 81 82 83".split()
)


def _normalize(value: object) -> str:
    """NFKC (full-width ０-９/Ａ-Ｚ → ASCII), strip surrounding whitespace and invisibles, upper-case."""
    if value is None:
        return ""
    text = unicodedata.normalize("NFKC", str(value))
    return text.strip().strip(_INVISIBLE).strip().upper()


def _bad_char(position: int, char: str) -> ValidationError:
    return ValidationError(
        _("第%(position)d位含有不允许的字符“%(char)s”"),
        code="invalid_char",
        params={"position": position, "char": char},
    )


# ---------------------------------------------------------------------------------------------------
# 统一社会信用代码 — GB 32100-2015 《法人和其他组织统一社会信用代码编码规则》
# ---------------------------------------------------------------------------------------------------

# GB 32100-2015 §4.1 and §5: 18 characters from the 31-character set of GB/T 17710's "31" variant —
# digits and upper-case letters except I, O, S, V, Z.  The index in this string is the character's value
# (表3 代码字符集).
USCC_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"

# GB 32100-2015 表1 登记管理部门代码 and 表2 机构类别代码 (with 第1号修改单, GB 32100-2015/XG1-2016).
# The official text was not available here: this table follows the consistent public reproductions of
# 表1/表2, and the § numbers cited in this module were not checked against the official text.
# Position 2 is always a digit; Y (其他) is not subdivided and always uses 1.
USCC_AUTHORITIES: dict[str, str] = {
    "1": "机构编制",
    "2": "外交",
    "3": "司法行政",
    "4": "文化",
    "5": "民政",
    "6": "旅游",
    "7": "宗教",
    "8": "工会",
    "9": "工商（市场监管）",
    "A": "中央军委改革和编制办公室",
    "N": "农业",
    "Y": "其他",
}

USCC_KINDS: dict[str, dict[str, str]] = {
    "1": {"1": "机关", "2": "事业单位", "3": "中央编办直接管理机构编制的群众团体", "9": "其他"},
    "2": {"1": "外国常住新闻机构", "9": "其他"},
    "3": {
        "1": "律师执业机构",
        "2": "公证处",
        "3": "基层法律服务所",
        "4": "司法鉴定机构",
        "5": "仲裁委员会",
        "9": "其他",
    },
    "4": {"1": "外国在华文化中心", "9": "其他"},
    "5": {"1": "社会团体", "2": "民办非企业单位", "3": "基金会", "9": "其他"},
    "6": {
        "1": "外国旅游部门常驻代表机构",
        "2": "港澳台地区旅游部门常驻内地（大陆）代表机构",
        "9": "其他",
    },
    "7": {"1": "宗教活动场所", "2": "宗教院校", "9": "其他"},
    "8": {"1": "基层工会", "9": "其他"},
    "9": {"1": "企业", "2": "个体工商户", "3": "农民专业合作社"},
    "A": {"1": "军队事业单位", "9": "其他"},
    "N": {"1": "组级集体经济组织", "2": "村级集体经济组织", "3": "乡镇级集体经济组织", "9": "其他"},
    "Y": {"1": "其他"},
}

# Registrations made by central (national-level) registrars carry 100000 as their region code.
_USCC_CENTRAL_REGION = "100000"

# GB 11714-1997 §4: weights of the eight body characters of an organization code.
_ORG_CODE_WEIGHTS = (3, 7, 9, 10, 5, 8, 4, 2)


def uscc_check_char(body: str) -> str:
    """GB 32100-2015 §5 (校验码): the 18th character for a 17-character body.

    C18 = 31 − MOD(Σ Ci·Wi, 31) with Wi = 3^(i−1) mod 31; the result 31 is written as 0; the number is
    mapped back through 表3 (``USCC_ALPHABET``).  stdnum's implementation is exactly this.
    """
    if len(body) != 17 or any(c not in USCC_ALPHABET for c in body):
        raise ValueError("body must be 17 characters of the USCC alphabet")
    return _stdnum_uscc.calc_check_digit(body)


def organization_code_check_char(body: str) -> str:
    """GB 11714-1997 §4 (校验码): the 9th character of an organization code for its 8-character body.

    C9 = 11 − MOD(Σ Ci·Wi, 11), weights 3 7 9 10 5 8 4 2, digits count as themselves and letters as
    A=10 … Z=35; C9 = 10 is written X, C9 = 11 is written 0.
    """
    if len(body) != 8:
        raise ValueError("body must be 8 characters")
    total = 0
    for char, weight in zip(body, _ORG_CODE_WEIGHTS, strict=True):
        if char.isdigit() and char.isascii():
            value = int(char)
        elif "A" <= char <= "Z":
            value = ord(char) - ord("A") + 10
        else:
            raise ValueError("organization code body must be digits and upper-case letters")
        total += value * weight
    check = 11 - total % 11
    return {10: "X", 11: "0"}.get(check, str(check))


def validate_uscc(value: object) -> str:
    """Validate a 统一社会信用代码 and return it normalized; raise ValidationError otherwise.

    Checks, in order (the first failure is reported):
    1. length 18 (GB 32100-2015 §4.1);
    2. every character in 表3 — no I, O, S, V, Z — and positions 3–8 digits (§4.1, §4.3);
    3. position 1 is a registration authority of 表1 (§4.2);
    4. position 2 is a kind of unit defined for that authority in 表2 (§4.2);
    5. positions 3–8 are a region code (GB/T 2260): 100000 (central registrars) or a known province
       prefix; not checked for authority A, whose region practice is not published (§4.3);
    6. position 18 is the check character (§5);
    7. positions 9–17 are a GB 11714 organization code whose own check digit (position 17) is right (§4.4).
    """
    code = _normalize(value)
    if len(code) != 18:
        raise ValidationError(_("统一社会信用代码应为18位"), code="length")
    for position, char in enumerate(code, start=1):
        if char not in USCC_ALPHABET:
            raise _bad_char(position, char)
    for position in range(3, 9):
        char = code[position - 1]
        if not char.isdigit():
            raise _bad_char(position, char)
    authority, kind, region = code[0], code[1], code[2:8]
    if authority not in USCC_AUTHORITIES:
        raise ValidationError(
            _("登记管理部门代码“%(authority)s”无效"), code="authority", params={"authority": authority}
        )
    if kind not in USCC_KINDS[authority]:
        raise ValidationError(_("机构类别代码与登记管理部门不匹配"), code="kind")
    if authority != "A" and region != _USCC_CENTRAL_REGION and region[:2] not in _PROVINCES:
        raise ValidationError(
            _("登记管理机关行政区划码“%(region)s”无效"), code="region", params={"region": region}
        )
    expected = uscc_check_char(code[:17])
    if code[17] != expected:
        raise ValidationError(_("校验码错误：应为%(expected)s"), code="checksum", params={"expected": expected})
    if code[16] != organization_code_check_char(code[8:16]):
        raise ValidationError(_("组织机构代码校验位错误"), code="organization_code")
    return code


def is_valid_uscc(value: object) -> bool:
    try:
        validate_uscc(value)
    except ValidationError:
        return False
    return True


def _region_label(region: str) -> str:
    """Chinese name of a GB/T 2260 code from stdnum's table ("黑龙江省哈尔滨市南岗区"), or ""."""
    if region == _USCC_CENTRAL_REGION:
        return "中央"
    from stdnum import numdb

    def lookup(code: str) -> dict[str, str]:
        found: dict[str, str] = {}
        for _part, props in numdb.get("cn/loc").info(code):
            found.update(props)
        return found

    def current(name: str) -> str:
        # Entries look like "[1983-]南岗区" or "[-2010]崇文区,[2010-]…": keep the last (current) name.
        return re.sub(r"^\[[^\]]*\]", "", name.split(",")[-1])

    info = lookup(region)
    province = info.get("province", "")
    if not province:
        return ""
    parts = [province]
    county = current(info.get("county", ""))
    if region[2:] != "0000":
        prefecture = current(lookup(region[:4] + "00").get("county", ""))
        if prefecture and prefecture not in ("市辖区", "县", province) and prefecture != county:
            parts.append(prefecture)
    if county and county != province:
        parts.append(county)
    return "".join(parts)


def uscc_info(value: object) -> dict[str, str]:
    """Decode a valid 统一社会信用代码 into Chinese labels.

    Returns ``{"authority": "工商（市场监管）", "kind": "企业", "region": "广东省深圳市",
    "region_code": "440300", "organization_code": "70846113-6"}``; ``region`` is "" when the code is not in
    stdnum's GB/T 2260 table.  Raises ValidationError for an invalid code.
    """
    code = validate_uscc(value)
    authority, kind, region = code[0], code[1], code[2:8]
    return {
        "authority": USCC_AUTHORITIES[authority],
        "kind": USCC_KINDS[authority][kind],
        "region": _region_label(region),
        "region_code": region,
        "organization_code": f"{code[8:16]}-{code[16]}",
    }


# ---------------------------------------------------------------------------------------------------
# 公民身份号码 — GB 11643-1999
# ---------------------------------------------------------------------------------------------------

# GB 11643-1999 §4: 6-digit address code, 8-digit birth date (YYYYMMDD), 3-digit sequence code,
# 1 check character.  §8.2: ISO 7064:1983 MOD 11-2.  The character at position p (1-based from the left,
# p = 1…17) has weight 2^(18−p) mod 11 (7 9 10 5 8 4 2 1 6 3 7 9 10 5 8 4 2); the check character makes
# the weighted sum of all 18 ≡ 1 (mod 11), i.e. (12 − Σ mod 11) mod 11 with 10 written X — which is the
# lookup "10X98765432"[Σ mod 11].
_RIC_CHECK_CHARS = "10X98765432"
_RIC_EARLIEST_BIRTH = dt.date(1900, 1, 1)


def resident_id_check_char(body: str) -> str:
    """GB 11643-1999 §8.2: the check character for the first 17 digits (stdnum computes the same)."""
    if len(body) != 17 or not body.isascii() or not body.isdigit():
        raise ValueError("body must be 17 digits")
    return _stdnum_ric.calc_check_digit(body + "0")


def validate_resident_id(value: object) -> str:
    """Validate an 18-character 公民身份号码 and return it normalized (a lower-case x becomes X).

    Checks, in order: length 18 (a 15-digit first-generation number gets its own message); positions 1–17
    digits and 18 a digit or X (GB 11643-1999 §4); address code with a known province prefix (§5.1,
    GB/T 2260); birth date a real date between 1900-01-01 and today (§5.2); check character (§5.4, §8.2).
    """
    number = _normalize(value)
    if len(number) == 15 and number.isascii() and number.isdigit():
        raise ValidationError(_("请使用18位公民身份号码"), code="old_format")
    if len(number) != 18:
        raise ValidationError(_("公民身份号码应为18位"), code="length")
    for position, char in enumerate(number, start=1):
        allowed = "0123456789X" if position == 18 else "0123456789"
        if char not in allowed:
            raise _bad_char(position, char)
    if number[:2] not in _PROVINCES:
        raise ValidationError(_("地址码“%(region)s”无效"), code="region", params={"region": number[:6]})
    try:
        birth = dt.date(int(number[6:10]), int(number[10:12]), int(number[12:14]))
    except ValueError:
        birth = None
    if birth is None or birth < _RIC_EARLIEST_BIRTH or birth > clock.today():
        raise ValidationError(_("出生日期无效"), code="birth_date")
    if number[17] != resident_id_check_char(number[:17]):
        raise ValidationError(_("校验码错误"), code="checksum")
    return number


def is_valid_resident_id(value: object) -> bool:
    try:
        validate_resident_id(value)
    except ValidationError:
        return False
    return True
