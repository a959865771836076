"""Language helpers.

The UI's msgids are the Chinese source strings. Some of them are also *stored* (the label of a clock or
of a case event, the system actor's name, a suspension's reason): the database keeps the Chinese text
whatever the language of the request that wrote it, and pages translate it when they show it (a stored
text that is not a msgid, such as a person's name, is shown as it is)."""

from __future__ import annotations

from django.utils import translation


def zh(text) -> str:
    """The Chinese text of a (lazy) label: what is stored."""
    with translation.override("zh-hans"):
        return str(text)


def translate_stored(text: str) -> str:
    """A stored Chinese text in the active language (unchanged when it is not one of the UI's msgids)."""
    if not text:
        return text
    return translation.gettext(text)
