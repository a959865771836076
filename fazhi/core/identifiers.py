"""Identifier checks. (Preliminary: to be completed with full tests.)"""

from django.core.exceptions import ValidationError
from stdnum.cn import ric, uscc


def validate_uscc(value: str) -> str:
    try:
        return uscc.validate(value)
    except Exception as e:
        raise ValidationError("统一社会信用代码无效。") from e


def validate_resident_id(value: str) -> str:
    try:
        return ric.validate(value)
    except Exception as e:
        raise ValidationError("公民身份号码无效。") from e
