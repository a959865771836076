"""``discretion.standard``: a published version of a penalty discretion standard (行政处罚法第三十四条: 裁量基准应当
向社会公布). A loaded version is never edited (a new standard is a new version), so its content is the version as
the public page and API give it (``fazhi.discretion.selectors.version_dict``, labels in Chinese). Identified by the
version's code, the public name the decisions cite."""

from __future__ import annotations

from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from fazhi.tlog.publications import body, register_kind

KIND = "discretion.standard"


def content(object_id: str) -> bytes | None:
    from fazhi.discretion.selectors import published_version, version_dict

    version = published_version(str(object_id))
    if version is None:
        return None
    with translation.override("zh-hans"):
        return body(version_dict(version))


def published():
    from fazhi.discretion.models import StandardVersion

    return StandardVersion.objects.filter(published=True).order_by("code").values_list("code", flat=True)


def page(object_id: str) -> str | None:
    return f"{reverse('discretion:standards')}#version-{object_id}"


def register() -> None:
    register_kind(name=KIND, label=_("行政处罚裁量基准"), content=content, published=published, page=page)
