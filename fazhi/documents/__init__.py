"""Official documents (公文): GB/T 9704-2012 layout and DOCX rendering.

The public API lives in :mod:`fazhi.documents.render` and is re-exported here lazily, so that loading
the Django app does not import python-docx.
"""

from __future__ import annotations

import importlib
from typing import Any

__all__ = ["Block", "OfficialDocument", "date_cn", "normalize_doc_number", "render_docx"]


def __getattr__(name: str) -> Any:
    if name in __all__:
        return getattr(importlib.import_module("fazhi.documents.render"), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
